"""The Swedish catalogue is complete: every translatable string in the code is translated."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def _untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_committed_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    po = polib.pofile(str(PO))
    assert len(po) > 100
    assert _untranslated(po) == []


@pytest.mark.slow_i18n
def test_catalogue_covers_every_string_in_the_code(tmp_path: Path, monkeypatch) -> None:
    """Re-extract the strings from a copy of the source into a copy of the catalogue:
    nothing untranslated may appear (so a new string without a translation fails here)."""
    ignore = shutil.ignore_patterns("__pycache__", "tests", "*.pyc", "data")
    for name in ("trygg", "config", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    target = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO, target / "django.po")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["sv"], verbosity=0, no_obsolete=True)
    po = polib.pofile(str(target / "django.po"))
    assert _untranslated(po) == [], "run `make makemessages` and translate the new strings"


@pytest.mark.django_db
def test_swedish_by_default_english_by_the_language_switch(client, world) -> None:
    client.force_login(world.flen.reporter)
    body = client.get("/m/0482/reports/new/").content.decode()
    assert '<html lang="sv">' in body and "Ny rapport" in body and "Vad hände?" in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/m/0482/reports/new/"})
    assert response.status_code == 302
    body = client.get("/m/0482/reports/new/").content.decode()
    assert '<html lang="en">' in body and "New report" in body
    assert "Ny rapport" not in body


_PLACEHOLDER = __import__("re").compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def test_every_translation_keeps_the_placeholders_of_its_source() -> None:
    """A Swedish text that drops or invents a placeholder shows the wrong thing: the review
    found "Lägg till kategori" for "↑ 2 categories" in the PDF sent to every organisation."""
    po = polib.pofile(str(PO))
    wrong = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            # the singular form may spell the number out ("en kategori"); the plural keeps all
            pairs = [(entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
            if _placeholders(entry.msgid) <= _placeholders(entry.msgstr_plural.get(0, "")):
                pass
            else:
                pairs.append((entry.msgid, entry.msgstr_plural.get(0, "")))
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if _placeholders(source) != _placeholders(text):
                wrong.append(f"{source!r} -> {text!r}")
    assert wrong == []
