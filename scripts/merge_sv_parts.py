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
        if entry.msgctxt:
            # a msgid with a context (pgettext) is keyed "context|msgid" in the parts
            key = f"{entry.msgctxt}|{entry.msgid}"
            if key in parts and entry.msgstr != parts[key]:
                entry.msgstr = parts[key]
                filled += 1
            if "fuzzy" in entry.flags and key in parts:
                entry.flags.remove("fuzzy")
            continue
        # locale/sv_parts is the source of the Swedish: its text always wins, so a fuzzy guess
        # that once slipped into the catalogue ("Lägg till kategori" for "↑ 2 categories")
        # is replaced instead of kept
        if entry.msgid_plural:
            if entry.msgid in parts:
                value = parts[entry.msgid]
                wanted = {0: value, 1: parts.get(entry.msgid_plural, value)}
                if entry.msgstr_plural != wanted:
                    entry.msgstr_plural = wanted
                    filled += 1
        elif entry.msgid in parts and entry.msgstr != parts[entry.msgid]:
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
