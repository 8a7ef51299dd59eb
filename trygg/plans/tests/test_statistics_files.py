"""The file parser: every dialect and every error (no database)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from trygg.geo.geometry import load_municipality_outlines
from trygg.plans.statistics_files import (
    BRA_TEMPLATE,
    KOLADA_TEMPLATE,
    FileRejected,
    RegionIndex,
    measure_code_of,
    parse_number,
    parse_statistics_file,
)

REGIONS = RegionIndex.from_outlines(load_municipality_outlines())


def parse(text: str | bytes, name: str = "brott.csv"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_statistics_file(raw, name, REGIONS)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bra_semicolon_decimal_comma_and_spaces() -> None:
    result = parse(BRA_TEMPLATE)
    assert result.format == "bra" and not result.problems
    flen, county, nation = result.rows
    assert (flen.region_kind, flen.region_code, flen.region_name) == (
        "municipality",
        "0482",
        "Flen",
    )
    assert flen.measure_code == "skadegorelsebrott" and flen.measure_name == "Skadegörelsebrott"
    assert flen.count == 310 and flen.rate == Decimal("1880.50") and flen.line == 2
    assert (county.region_kind, county.region_code, county.count) == ("county", "0004", 5120)
    assert (nation.region_kind, nation.region_code, nation.count) == ("national", "0000", 180000)


def test_bra_comma_bom_title_lines_and_tolerant_headers() -> None:
    text = (
        "\ufeffAnmälda brott 2023, Brå\n\n"
        'Kommun,Brott,År,Antal,"Per 100 000 invånare"\n'
        'Flens kommun,Misshandel,2023,120,"725.1"\n'
        "0482 Flen,Rån,2023,..,–\n"
    )
    result = parse(text)
    assert not result.problems, result.problems
    first, second = result.rows
    assert first.line == 4 and first.region_code == "0482" and first.rate == Decimal("725.10")
    assert second.count is None and second.rate == Decimal("0.00")


def test_windows_1252() -> None:
    raw = "Kommun;Brottskategori;År;Antal\nFlen;Skadegörelsebrott;2024;310\n".encode("cp1252")
    assert parse(raw).rows[0].measure_name == "Skadegörelsebrott"


def test_wide_layout_years_as_columns() -> None:
    result = parse("Kommun;Brott;2022;2023\nFlen;Stöld;1 001;..\nRiket;Stöld;500 000;510 000\n")
    assert result.format == "bra_wide" and not result.problems
    assert [(r.region_code, r.period, r.count) for r in result.rows] == [
        ("0482", 2022, 1001),
        ("0000", 2022, 500000),
        ("0000", 2023, 510000),
    ]


def test_kolada_export_csv_and_xlsx() -> None:
    result = parse(KOLADA_TEMPLATE)
    assert result.format == "kolada" and not result.problems
    assert [(r.measure_code, r.region_kind, r.rate) for r in result.rows] == [
        ("N07403", "municipality", Decimal("12450.30")),
        ("N07403", "county", Decimal("11800.00")),
        ("N07403", "national", Decimal("12300.50")),
    ]
    raw = xlsx(
        [
            ["kpi", "titel", "kommun id", "period", "kön", "värde"],
            ["N07403", "Anmälda brott totalt, antal/100 000 inv", "0482", 2023, "K", 13000.5],
            ["N07403", "Anmälda brott totalt, antal/100 000 inv", 482, 2023, "T", None],
        ]
    )
    result = parse(raw, "kolada.xlsx")
    assert not result.problems
    (row,) = result.rows  # a row without a value is skipped
    assert (row.gender, row.rate, row.count, row.region_code) == (
        "K",
        Decimal("13000.50"),
        None,
        "0482",
    )
    # without a title a value is a count, and a count must be whole
    raw = xlsx([["kpi", "kommun id", "period", "värde"], ["N07403", "0482", 2023, 12.5]])
    result = parse(raw, "kolada.xlsx")
    assert result.problems[0].column == "värde"


def test_xlsx_bra() -> None:
    raw = xlsx([["Kommun", "Brottskategori", "År", "Antal"], ["Flen", "Stöld", 2024, 400]])
    (row,) = parse(raw, "bra.xlsx").rows
    assert row.count == 400 and row.period == 2024


@pytest.mark.parametrize(
    ("raw", "name", "needle"),
    [
        (b"", "a.csv", "tom"),
        (b"   \n  ", "a.csv", "tom"),
        (b"Kommun;Brott\x00;\xc3\xa5r\n", "a.csv", "NUL"),
        (b"%PDF-1.4 hello", "a.pdf", "CSV eller XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "a.xls", "CSV eller XLSX"),
        (b"PK\x03\x04garbage", "a.xlsx", "Excel"),
        (b"not a zip", "a.xlsx", "XLSX"),
        (bytes(range(1, 255)) * 5, "a.csv", "teckenkodningen"),
        (b"Kommun;Brott\x01;\xc3\x85r;Antal\n", "a.csv", "styrtecken"),
        (b"Namn;Adress\nA;B\n", "a.csv", "Kolumnerna"),
        (b"Kommun;Brott;Ar;Antal\n", "a.csv", "Kolumnerna"),
        (b"Kommun;Brott;\xc3\x85r;Antal\n", "a.csv", "ingen data"),
    ],
)
def test_bad_files(raw: bytes, name: str, needle: str) -> None:
    from django.utils import translation

    with translation.override("sv"), pytest.raises(FileRejected) as caught:
        parse(raw, name)
    assert needle in caught.value.message


def test_too_large(settings) -> None:
    with pytest.raises(FileRejected):
        parse(b"x" * (5 * 1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("line", "column", "needle"),
    [
        ("Flen;Stöld;2024;-5", "Antal", "negativt"),
        ("Flen;Stöld;1949;5", "År", "mellan 1950 och 2100"),
        ("Flen;Stöld;2101;5", "År", "mellan 1950 och 2100"),
        ("Flen;Stöld;tjugo;5", "År", "fyra siffror"),
        ("Flen;Stöld;2024;=SUM(A1:A2)", "Antal", "formel"),
        ("Flen;Stöld;2024;12,5", "Antal", "heltal"),
        ("Flen;Stöld;2024;mycket", "Antal", "inget tal"),
        ("Atlantis;Stöld;2024;5", "Kommun", "Okänd kommun"),
        (";Stöld;2024;5", "Kommun", "saknas"),
        ("Flen;;2024;5", "Brott", "saknas"),
        ("Flen;Stöld;2024;", "", "varken"),
    ],
)
def test_row_errors_name_row_and_column(line: str, column: str, needle: str) -> None:
    from django.utils import translation

    with translation.override("sv"):
        result = parse("Kommun;Brott;År;Antal\nFlen;Rån;2024;3\n" + line + "\n")
    assert result.problems, result.rows
    problem = result.problems[0]
    assert problem.row == 3 and problem.column == column and needle in problem.message


def test_formula_in_xlsx_is_refused() -> None:
    raw = xlsx([["Kommun", "Brott", "År", "Antal"], ["Flen", "Stöld", 2024, "=1+1"]])
    result = parse(raw, "f.xlsx")
    assert result.problems and result.problems[0].column == "Antal"


def test_duplicate_key_is_named() -> None:
    result = parse("Kommun;Brott;År;Antal\nFlen;Stöld;2024;3\nflen;stöld ;2024;4\n")
    assert [p.row for p in result.problems] == [3]


def test_numbers() -> None:
    assert parse_number("12 345,6") == Decimal("12345.6")
    assert parse_number("12\u00a0345") == Decimal("12345")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("1,234.5") == Decimal("1234.5")
    assert parse_number("..") is None
    assert parse_number("–") == 0
    for bad in ("1e5", "nan", "1,2,3", "12a"):
        with pytest.raises(ValueError):
            parse_number(bad)
    assert measure_code_of("Skadegörelsebrott") == "skadegorelsebrott"
    assert measure_code_of("Stöld/inbrott i bostad") == "stold-inbrott-i-bostad"


def test_regions() -> None:
    assert REGIONS.resolve("Örebro län").code == "0018"
    assert REGIONS.resolve("Hela landet").kind == "national"
    assert REGIONS.resolve("Upplands Väsby").code == "0114"
    assert REGIONS.resolve("Degerfors kommun").code == "1862"
    assert REGIONS.resolve("Atlantis län") is None
    assert REGIONS.by_id("0099") is None
