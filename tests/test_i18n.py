"""The Swedish catalogue is complete: every translatable string in the code is translated."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
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


_PLACEHOLDER = re.compile(
    r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifeEgGxXr]|\{\{\s*(\w+)\s*\}\}|\{(\w+)\}"
)
_POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdif]")


def _placeholders(text: str) -> set[str]:
    """Named placeholders (%(n)s, %(x).1f, {{ n }}, {n}) and the count of positional ones."""
    names = {a or b or c for a, b, c in _PLACEHOLDER.findall(text)}
    positional = len(_POSITIONAL.findall(_PLACEHOLDER.sub("", text.replace("%%", ""))))
    return names | ({f"<{positional} positional>"} if positional else set())


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


#: Different English messages that legitimately share one Swedish text. Keep this list short and
#: say why; anything else that collides is a wrong translation (a fuzzy guess once turned
#: "↑ 2 categories" into "Lägg till kategori", the text of a button).
LEGITIMATELY_IDENTICAL: dict[frozenset[str], str] = {
    frozenset({"user", "users"}): "Swedish 'användare' is the same in singular and plural",
    frozenset({"membership", "memberships"}): "'medlemskap' is the same in singular and plural",
    frozenset({"priority decision", "priority decisions"}): "'beslut' is the same in both",
    frozenset({"Weekly picture", "Situation picture"}): "both are the weekly 'lägesbild'",
    frozenset({"Every week", "Weekly"}): "a reporting frequency, said one way in Swedish",
    frozenset({"Motivation", "Reason"}): "a rating's and a status's reason are 'motivering'",
    frozenset({"motivation", "reason"}): "as above, in lower case (field names)",
    frozenset({"%(n)s report %(a)s–%(b)s", "%(n)s reports %(a)s–%(b)s"}): (
        "one English text: the public copy (a suppressed count, no plural) and the staff plural"
    ),
    frozenset({"The municipality"}): "as a party (context 'party') and as a whole, 'Kommunen'",
    frozenset({"Draft"}): "a document version's state, 'Utkast', for the promises and the plans",
    frozenset({"Decided"}): "the plan document's state (context) and an intervention's 'Beslutad'",
    frozenset(
        {"public"}
    ): "a decided plan document shown on the public pages: a lägesbild and an åtgärdsplan alike",
}


def _collisions(po: polib.POFile) -> dict[str, set[str]]:
    """Swedish text -> the different source messages (other entries) translated to it."""
    by_text: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for index, entry in enumerate(po):
        if entry.obsolete:
            continue
        key = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            if text:
                # an entry's own singular and plural may read the same ("1 användare")
                by_text[text][str(index)].add(entry.msgid if not entry.msgctxt else key)
    out: dict[str, set[str]] = {}
    for text, entries in by_text.items():
        if len(entries) > 1:
            sources = {min(ids) for ids in entries.values()}
            if len(sources) > 1:
                out[text] = sources
    return out


def test_no_translation_equals_the_translation_of_a_different_message() -> None:
    po = polib.pofile(str(PO))
    wrong = {
        text: sorted(sources)
        for text, sources in _collisions(po).items()
        if frozenset(source.split("|")[-1] for source in sources) not in LEGITIMATELY_IDENTICAL
    }
    assert wrong == {}, "give each its own Swedish text or add the pair, with a reason"


def test_the_checks_catch_the_bug_they_are_for(tmp_path: Path) -> None:
    """The two checks above fail on a catalogue with the review's bug in it."""
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Add a category", msgstr="Lägg till kategori"))
    po.append(
        polib.POEntry(
            msgid="↑ %(n)s category",
            msgid_plural="↑ %(n)s categories",
            msgstr_plural={0: "Lägg till kategori", 1: "Lägg till kategori"},
        )
    )
    assert _collisions(po) == {"Lägg till kategori": {"Add a category", "↑ %(n)s category"}}
    assert _placeholders("↑ %(n)s categories") != _placeholders("Lägg till kategori")
    assert _placeholders("%(share).1f %% of %s") == {"share", "<1 positional>"}


_GETTEXT_ALIAS = re.compile(
    r"from django\.utils\.translation import .*\b\w*gettext\w* as (?!_\b)\w+"
)


def test_no_gettext_alias_hides_strings_from_the_catalogue() -> None:
    """makemessages only knows the standard names (`_`, `gettext_noop`, ...): strings marked
    with an alias such as `N_` never reached the catalogue, so eleven area and place messages
    showed in English on Swedish pages."""
    aliased = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "trygg").rglob("*.py")
        if _GETTEXT_ALIAS.search(path.read_text(encoding="utf-8"))
    ]
    assert aliased == []


def _square_text(lon: float, lat: float, d: float = 0.004) -> str:
    import json

    from conftest import square

    return json.dumps(square(lon, lat, d))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("geometry", "swedish"),
    [
        ("overlap", "Området överlappar det befintliga området ”Centrum”."),
        ("outside", "Området ligger (delvis) utanför kommunen."),
        (
            '{"type": "Polygon", "coordinates": '
            "[[[16.58, 59.05], [16.59, 59.05], [16.58, 59.05]]]}",
            "En polygon behöver minst tre olika hörn.",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[16.58, 59.05], [16.59, 59.05], [16.59, 59.06],'
            " [16.58, 59.06], [16.585, 59.05]]]}",
            "En ring i polygonen är inte sluten.",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[16.58, 59.05], [16.59, 59.06], [16.59, 59.05],'
            " [16.58, 59.06], [16.58, 59.05]]]}",
            "Formen är inte giltig: konturen korsar sig själv.",
        ),
        (
            '{"type": "Point", "coordinates": [16.58, 59.05]}',
            "Formen måste vara en polygon eller multipolygon.",
        ),
        (
            '{"type": "Polygon", "coordinates": [["x"]]}',
            "Formen är inte giltig: en position måste vara [longitud, latitud].",
        ),
    ],
)
def test_area_form_errors_are_swedish_on_swedish_pages(client, world, geometry, swedish) -> None:
    from conftest import CENTRES

    lat, lon = CENTRES["0482"]
    if geometry == "overlap":
        geometry = _square_text(lon + 0.002, lat)
    elif geometry == "outside":
        d_lat, d_lon = CENTRES["1862"]
        geometry = _square_text(d_lon, d_lat)
    client.force_login(world.flen.coordinator)
    response = client.post(
        "/m/0482/settings/areas/new/",
        {"name": "Söder", "code": "S", "sort_order": "3", "geometry": geometry},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert swedish in body, response.context["form"].errors
    assert "Det finns fel i formuläret" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "swedish"),
    [
        ({"lat": "40.0", "lon": "16.5"}, "Positionen ligger utanför Sverige."),
        ({"lat": "59.29", "lon": "14.55"}, "Positionen ligger utanför Flen."),
    ],
)
def test_place_form_errors_are_swedish(client, world, values, swedish) -> None:
    client.force_login(world.flen.coordinator)
    data = {"name": "Torget", "description": "", **values}
    body = client.post("/m/0482/settings/places/new/", data).content.decode()
    assert swedish in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "swedish"),
    [
        ("gif", "Fotot måste vara en JPEG-, PNG- eller WebP-bild."),
        (b"not an image at all", "Filen är inte en bild som går att läsa."),
    ],
)
def test_photo_errors_are_swedish_on_the_report_form(client, world, content, swedish) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trygg.reports.tests.test_reporting_views import form_data

    if content == "gif":
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), "red").save(buffer, "GIF")
        content = buffer.getvalue()
    client.force_login(world.flen.reporter)
    photo = SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg")
    response = client.post("/m/0482/reports/new/", {**form_data(world), "photo": photo})
    assert response.status_code == 200
    body = response.content.decode()
    assert swedish in body, response.context["form"].errors
