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
