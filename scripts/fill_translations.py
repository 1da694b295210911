#!/usr/bin/env python3
"""Fill msgstr in brug/locale/<lang>/LC_MESSAGES/django.po from a Python dict (docs/i18n.md).

    .venv/bin/python scripts/fill_translations.py batch.py

`batch.py` defines `T = {"Dutch msgid": {"fr": "...", "en": "...", "ar": "..."}, ...}`; a
plural entry takes a list of forms (["1 form", "other form", ...], as many as the language's
Plural-Forms). Filled entries lose their fuzzy flag. Placeholders (%(x)s, {x}) must match the
msgid, or the script refuses the whole batch and writes nothing.
"""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "brug" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[\w.]*\}")


def main(batch_path: str) -> int:
    table = runpy.run_path(batch_path)["T"]
    langs = sorted({lang for texts in table.values() for lang in texts})
    problems, catalogues = [], {}
    for lang in langs:
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        po = catalogues[path] = polib.pofile(str(path), wrapwidth=100)
        for entry in po:
            text = table.get(entry.msgid, {}).get(lang)
            if text is None:
                continue
            if entry.msgid_plural:
                forms = text if isinstance(text, list) else [text]
                nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"])[1])
                forms = (forms + [forms[-1]] * nplurals)[:nplurals]
                entry.msgstr_plural = dict(enumerate(forms))
                checks = [(entry.msgid_plural, f) for f in forms[1:]]
            else:
                entry.msgstr = text
                checks = [(entry.msgid, text)]
            for source, filled in checks:
                if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(filled)):
                    problems.append(f"{lang}: {source!r} -> {filled!r}")
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = None
    if problems:
        print("placeholders differ, nothing written:\n" + "\n".join(problems))
        return 1
    for path, po in catalogues.items():
        po.save(str(path))
        print(f"{path.parent.parent.name}: {po.percent_translated()}% translated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
