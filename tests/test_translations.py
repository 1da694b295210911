"""The translations: coverage per language, placeholders, compiled catalogues, the language a
page speaks, and numbers that must never be localised (docs/i18n.md)."""

from __future__ import annotations

import datetime as dt
import gettext as pygettext
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from brug.core.i18n import FAMILY_FACING_SOURCES
from brug.core.management.commands.compile_catalogues import compile_catalogues
from brug.screening import services as screening
from tests.conftest import login

LOCALE = Path(settings.LOCALE_PATHS[0])
MIN_SHARE = 0.95
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[\w.]*\}")
OTHER_LANGUAGES = [code for code in settings.FAMILY_LANGUAGES if code != settings.LANGUAGE_CODE]


def _catalogue(lang: str) -> polib.POFile:
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {lang}: {path}"
    return polib.pofile(str(path))


def is_family_facing(entry: polib.POEntry) -> bool:
    return any(path.startswith(FAMILY_FACING_SOURCES) for path, _line in entry.occurrences)


def is_translated(entry: polib.POEntry) -> bool:
    """Translated and usable: not fuzzy, not obsolete, every plural form filled."""
    return entry.translated()


def _share(entries) -> tuple[float, list[str]]:
    entries = [e for e in entries if not e.obsolete]
    missing = [e.msgid for e in entries if not is_translated(e)]
    return (1 - len(missing) / len(entries)) if entries else 1.0, missing


def test_the_languages_are_configured():
    assert [code for code, _ in settings.LANGUAGES] == settings.FAMILY_LANGUAGES
    assert settings.FAMILY_LANGUAGES == ["nl", "fr", "en", "ar", "tr", "ro", "bg", "pl", "uk"]
    assert settings.WORKER_LANGUAGES == ["nl", "fr", "en"]
    assert dict(settings.LANGUAGES)["ar"] == "العربية"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_family_facing_texts_are_translated(lang):
    family = [e for e in _catalogue(lang) if is_family_facing(e)]
    assert len(family) >= 20, "the family-facing list matches (almost) nothing"
    share, missing = _share(family)
    assert share >= MIN_SHARE, f"{lang}: {share:.0%} of family-facing texts; missing {missing}"


@pytest.mark.parametrize("lang", settings.WORKER_LANGUAGES[1:])
def test_worker_languages_translate_everything(lang):
    share, missing = _share(_catalogue(lang))
    assert share >= MIN_SHARE, f"{lang}: {share:.0%} translated; missing e.g. {missing[:10]}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_translation_breaks_a_placeholder(lang):
    broken = []
    for e in _catalogue(lang):
        if not is_translated(e):
            continue
        if e.msgid_plural:
            pairs = [(e.msgid_plural if i else e.msgid, s) for i, s in e.msgstr_plural.items()]
        else:
            pairs = [(e.msgid, e.msgstr)]
        # A plural entry's forms follow the language's rule, not Dutch's: a form may name the
        # count in words (Arabic's form for 1) or need it where Dutch's singular has none
        # (Ukrainian's first form also serves 21, 31, …): any placeholder of the two sources.
        allowed = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural))
        for source, text in pairs:
            want = sorted(PLACEHOLDER.findall(source))
            have = sorted(PLACEHOLDER.findall(text))
            if have != want and not (e.msgid_plural and set(have) <= allowed):
                broken.append((source, text))
    assert not broken, broken


def test_a_fuzzy_entry_does_not_count_and_is_not_compiled(tmp_path, settings):
    entry = polib.POEntry(msgid="Mijn gezinnen", msgstr="Mes familles", flags=["fuzzy"])
    assert not is_translated(entry)
    assert _share([entry]) == (0.0, ["Mijn gezinnen"])
    entry.flags.remove("fuzzy")
    assert is_translated(entry)
    # The compiled catalogue leaves fuzzy entries out, so the page shows the Dutch text.
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Agenda", msgstr="Agenda FR", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Netwerk", msgstr="Réseau"))
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    assert compile_catalogues() == [folder / "django.mo"]
    with open(folder / "django.mo", "rb") as mo:
        compiled = pygettext.GNUTranslations(mo)
    assert compiled.gettext("Netwerk") == "Réseau"
    assert compiled.gettext("Agenda") == "Agenda"
    assert compile_catalogues() == []  # up to date: nothing written


def test_the_compiled_catalogues_are_used():
    for lang in OTHER_LANGUAGES:
        assert (LOCALE / lang / "LC_MESSAGES" / "django.mo").exists(), (
            f"{lang}: run `make messages` (manage.py compile_catalogues)")
    with translation.override("fr"):
        assert translation.gettext("Mijn gezinnen") == "Mes familles"
    with translation.override("en"):
        assert translation.gettext("Mijn gezinnen") == "My families"
    with translation.override("ar"):
        assert translation.gettext("Ons plan") == "خطتنا"


# The language a page speaks -------------------------------------------------------------

def _lang_of(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([\w-]+)" dir="(\w+)">', html)
    assert match, html[:300]
    return match.group(1), match.group(2)


def test_a_worker_page_speaks_the_chosen_worker_language(world):
    client = login(world.alice)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("families:list")).content.decode()
    assert _lang_of(page) == ("fr", "ltr")
    assert "Mes familles" in page and "Se déconnecter" in page
    # The footer offers the worker languages only, each in its own language.
    assert 'value="en"' in page and "Français" in page and 'value="ar"' not in page


@pytest.mark.parametrize("asked", ["ar", "tr", "uk"])
def test_a_worker_page_never_speaks_a_family_only_language(world, asked):
    client = login(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = asked
    page = client.get(reverse("families:list")).content.decode()
    assert _lang_of(page) == ("nl", "ltr")
    assert "Mijn gezinnen" in page
    # Nor does a browser that asks for Arabic first.
    other = login(world.alice)
    page = other.get(reverse("families:list"), HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert _lang_of(page.content.decode())[0] in ("nl", "en")


def test_a_family_facing_view_speaks_the_family_language(rf):
    from brug.core.i18n import WorkerLanguageMiddleware, family_language

    def view(request):
        return translation.get_language()

    request = rf.get("/")
    request.LANGUAGE_CODE = "ar"
    middleware = WorkerLanguageMiddleware(lambda r: translation.get_language())
    with translation.override("ar"):
        assert middleware(request) == "nl"
        middleware.process_view(request, family_language(view), (), {})
        assert translation.get_language() == "ar" and request.LANGUAGE_CODE == "ar"


def test_the_language_switch_is_open_before_login(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert _lang_of(page) == ("en", "ltr") and "Log in" in page


def test_an_arabic_print_is_right_to_left():
    with translation.override("ar"):
        html = Template("{% include 'rights/schema.html' %}").render(
            Context({"pages": [], "today": dt.date(2026, 3, 3)}))
    assert _lang_of(html) == ("ar", "rtl")
    assert "حقوقكم" in html


# Numbers in SVG are never localised -------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_rights_chart_draws_its_dots_with_decimal_points(world, lang):
    rights = screening.fundamental_rights_ensure(network=world.network)
    today = dt.date.today()
    for days, score in ((60, 3), (30, 5), (0, 8)):
        screening.assessment_record(actor=world.alice, family=world.family,
                                    assessed_on=today - dt.timedelta(days=days),
                                    scores={rights[0].pk: (score, score, score)})
    client = login(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(reverse("screening:rights", args=[world.family.pk])).content.decode()
    assert _lang_of(page)[0] == lang
    svg = page[page.index("<svg"):page.index("</svg>")]
    numbers = re.findall(r'(?:cx|cy|x1|x2|y1|y2)="([^"]*)"', svg)
    points = re.search(r'points="([^"]*)"', svg).group(1)
    assert len(numbers) >= 6
    assert all(re.fullmatch(r"\d+(\.\d+)?", n) for n in numbers), numbers
    assert re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+){2}", points), points
    assert 'cx="140,0"' not in svg and 'viewBox="0 0 280 90"' in svg


def test_dates_and_numbers_follow_the_language():
    template = Template("{{ d|date:'DATE_FORMAT' }} {{ x }}")
    context = Context({"d": dt.date(2026, 3, 3), "x": 1234.5})
    with translation.override("fr"):
        assert template.render(context) == "3 mars 2026 1234,5"
    with translation.override("en"):
        assert template.render(context) == "March 3, 2026 1234.5"


def test_amounts_are_written_per_language():
    from brug.core.templatetags.brug_numbers import format_money

    with translation.override("nl"):
        assert format_money(1234.56) == "€ 1.234,56"
    with translation.override("fr"):
        assert format_money(1234.56).replace("\xa0", " ").replace("\u202f", " ") == "1 234,56 €"
    with translation.override("en"):
        assert format_money(1234.5) == "€1,234.50"
    assert format_money(None) == ""


# Programme names a family reads ------------------------------------------------------------

def test_a_coordinator_names_a_programme_in_other_languages(world):
    from brug.core.models import AuditEvent
    from brug.trajectories.models import Programme

    client = login(world.cora)
    base = {"name": "Opvoedingsondersteuning", "max_extensions": "0",
            "case_conference_within_months": "6", "active": "on"}
    form = client.get(reverse("trajectories:programme-create")).content.decode()
    assert 'name="name_ar"' in form and 'name="name_nl"' not in form
    assert client.post(reverse("trajectories:programme-create"), {
        **base, "name_fr": "Soutien à la parentalité", "name_ar": " دعم الوالدين "}
    ).status_code == 302
    programme = Programme.objects.get(name="Opvoedingsondersteuning")
    assert programme.names == {"fr": "Soutien à la parentalité", "ar": "دعم الوالدين"}
    assert programme.name_in("fr") == "Soutien à la parentalité"
    assert programme.name_in("tr") == "Opvoedingsondersteuning"  # falls back to Dutch
    with translation.override("ar"):
        assert programme.local_name == "دعم الوالدين"
    assert str(programme) == "Opvoedingsondersteuning"
    response = client.post(reverse("trajectories:programme-edit", args=[programme.pk]), {
        **base, "name_fr": "", "name_tr": "Ebeveyn desteği", "version": programme.version})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.names == {"tr": "Ebeveyn desteği"}
    assert AuditEvent.objects.filter(category="programme", action="change",
                                     detail__contains="naam in andere talen").exists()


@pytest.mark.parametrize("language,expected", [("nl", "4 december 2026"),
                                               ("fr", "4 décembre 2026"),
                                               ("pl", "4 grudnia 2026"),
                                               ("uk", "4 грудня 2026")])
def test_a_day_reads_as_in_the_language_with_the_genitive_where_it_needs_one(language, expected):
    from datetime import date

    from django.utils import translation

    from brug.core.templatetags.brug_dates import day

    with translation.override(language):
        assert day(date(2026, 12, 4)) == expected


@pytest.mark.skipif(shutil.which("xgettext") is None,
                    reason="GNU gettext's xgettext extracts the source strings")
def test_the_catalogues_hold_every_string_of_the_source(tmp_path, settings):
    """The coverage tests above only see what the catalogues hold: a page whose new texts were
    never extracted would pass them in Dutch. Extract the source afresh into a copy of the
    French catalogue and require every text to be in the catalogues (docs/i18n.md)."""
    from django.core.management import call_command

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE / "fr", copy / "fr")
    before = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_bytes()
    settings.LOCALE_PATHS = [str(copy)]
    cwd = Path.cwd()
    try:
        os.chdir(settings.BASE_DIR)
        # "locale" ignored: makemessages would otherwise write into the real brug/locale.
        call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True,
                     ignore_patterns=[".venv", "tests", "bench", "var", "build", "locale"])
    finally:
        os.chdir(cwd)
    assert (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_bytes() == before
    fresh = {e.msgid for e in polib.pofile(str(copy / "fr" / "LC_MESSAGES" / "django.po"))
             if not e.obsolete}
    held = {e.msgid for e in _catalogue("fr") if not e.obsolete}
    missing = sorted(fresh - held)
    assert not missing, (f"{len(missing)} texts are not in the catalogues; run makemessages "
                         f"(docs/i18n.md) and translate them: {missing[:10]}")
