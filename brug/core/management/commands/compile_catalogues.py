"""Compile brug/locale/<lang>/LC_MESSAGES/django.po into django.mo, in pure Python.

Django's own `compilemessages` needs GNU gettext's `msgfmt`, which a fresh machine may lack;
`make run` and `make test` call this command instead (docs/i18n.md). Fuzzy and untranslated
entries are left out of the .mo file, as msgfmt does, so they show the Dutch text.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_catalogues(force: bool = False) -> list[Path]:
    """Write every catalogue's .mo file that is missing or older than its .po file."""
    written = []
    for root in settings.LOCALE_PATHS:
        for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if (not force and mo_path.exists()
                    and mo_path.stat().st_mtime >= po_path.stat().st_mtime):
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile the .po catalogues under LOCALE_PATHS into .mo files (no msgfmt needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="compile every catalogue, also when its .mo is up to date")

    def handle(self, *args, force=False, **options):
        written = compile_catalogues(force=force)
        for path in written:
            self.stdout.write(f"compiled {path}")
        if not written:
            self.stdout.write("catalogues up to date")
