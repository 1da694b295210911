"""Pages come in one language: a browser asking for French or English gets Dutch throughout,
month names and form errors included, until those languages have their own catalogue."""

from django.urls import reverse

from tests.conftest import login


def test_a_french_or_english_browser_still_gets_one_language(world):
    client = login(world.alice)
    for accept in ("fr-BE,fr;q=0.9", "en-US,en;q=0.9"):
        page = client.post(reverse("families:create"), {"display_name": ""},
                           HTTP_ACCEPT_LANGUAGE=accept)
        body = page.content.decode()
        assert page.status_code == 200 and 'lang="nl"' in body
        assert "Dit veld is verplicht" in body
        assert "This field is required" not in body and "Ce champ est obligatoire" not in body
