"""The catalogue's family-facing texts are marked for translation and looked up when shown."""

from __future__ import annotations

from brug.core.i18n import FAMILY_FACING_SOURCES
from brug.rights.catalogue_texts import TARGET, family_texts, render_module
from brug.rights.engine import default_catalogue


def test_the_generated_texts_module_is_up_to_date():
    # Regenerate with: .venv/bin/python -m brug.rights.catalogue_texts
    assert TARGET.read_text(encoding="utf-8") == render_module(default_catalogue())


def test_every_family_text_is_in_the_module_and_family_facing():
    module = TARGET.read_text(encoding="utf-8")
    texts = family_texts(default_catalogue())
    assert len(texts) > 100
    for _where, text in texts:
        assert f"gettext_noop({text!r})" in module
    assert "brug/rights/catalogue/texts.py" in FAMILY_FACING_SOURCES


def test_catalogue_text_filter_translates(settings):
    from django.utils import translation

    from brug.rights.templatetags.rights_text import catalogue_text

    with translation.override("nl"):
        assert catalogue_text("Leefloon") == "Leefloon"
    assert catalogue_text("") == ""


def test_the_schema_and_the_tab_name_the_life_domains_in_the_active_language():
    from django.utils import translation

    from brug.rights.views import domain_label

    with translation.override("nl"):
        assert domain_label("inkomen") == "Inkomen"
    with translation.override("en"):
        assert domain_label("inkomen") == "Income"
    with translation.override("fr"):
        assert domain_label("inkomen") == "Revenu"


def test_the_facts_short_names_and_the_life_domains_are_marked_for_translation():
    # The family's access log names facts ("wat we weten over ‘huurprijs per maand’") and
    # the plan names life domains: `makemessages` must find both.
    from pathlib import Path

    module = TARGET.read_text(encoding="utf-8")
    assert "gettext_noop('huurprijs per maand')" in module
    names = (Path(__file__).resolve().parents[2] / "brug/core/domain_names.py").read_text()
    assert 'gettext_noop("kinderopvang")' in names and "_noop(\"" not in names.replace(
        "gettext_noop(\"", "")
