"""Pages come in one language: a browser asking for French or English gets that language
throughout (our texts, month names and Django's form errors), and one asking for a language
only families read gets Dutch throughout (docs/i18n.md)."""

from django.urls import reverse

from tests.conftest import login

REQUIRED = {"nl": "Dit veld is verplicht", "fr": "Ce champ est obligatoire",
            "en": "This field is required"}


def test_a_browser_language_gives_one_language_per_page(world):
    client = login(world.alice)
    for accept, lang in (("fr-BE,fr;q=0.9", "fr"), ("en-US,en;q=0.9", "en"),
                         ("ar,tr;q=0.9", "nl")):
        page = client.post(reverse("families:create"), {"display_name": ""},
                           HTTP_ACCEPT_LANGUAGE=accept)
        body = page.content.decode()
        assert page.status_code == 200 and f'lang="{lang}"' in body, accept
        assert REQUIRED[lang] in body
        assert not any(text in body for other, text in REQUIRED.items() if other != lang)
