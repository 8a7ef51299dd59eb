"""Fill the Swedish catalogue from locale/sv_parts/*.json (msgid -> msgstr) where empty.

Used after `makemessages`: translations written alongside a feature live in small JSON files
so that parallel work does not collide in django.po. Entries already translated win.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def main() -> int:
    parts: dict[str, str] = {}
    for path in sorted((ROOT / "locale" / "sv_parts").glob("*.json")):
        parts.update(json.loads(path.read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    po.metadata["Language"] = "sv"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            # a fuzzy guess from makemessages is replaced too, as for singular entries
            untranslated = not all(entry.msgstr_plural.values()) or "fuzzy" in entry.flags
            if untranslated and entry.msgid in parts:
                value = parts[entry.msgid]
                plural = parts.get(entry.msgid_plural, value)
                entry.msgstr_plural = {0: value, 1: plural}
                filled += 1
        elif (not entry.msgstr or "fuzzy" in entry.flags) and entry.msgid in parts:
            entry.msgstr = parts[entry.msgid]
            filled += 1
        if (
            "fuzzy" in entry.flags
            and (entry.msgstr or all(entry.msgstr_plural.values()))
            and entry.msgid in parts
        ):
            entry.flags.remove("fuzzy")
    po.save(str(PO))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    print(f"filled {filled}; untranslated {len(missing)}")
    for msgid in missing[:200]:
        print("  ", msgid.replace("\n", "\\n")[:120])
    return 0


if __name__ == "__main__":
    sys.exit(main())
