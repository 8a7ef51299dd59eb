"""Reading crime-statistics files: Brå's tables and Kolada's export, as CSV or XLSX.

Pure: bytes in, rows and problems out; no database. The caller hands in a ``RegionIndex``
(kommun names and codes, from ``trygg.geo``) and gets ``StatRow`` objects with the region
resolved, or a list of ``FileProblem`` naming the row (as a spreadsheet numbers it: the header
row is row 1 when it is the first line), the column (as the file names it) and a message in the
user's language. docs/crime-statistics.md describes the formats.

Conventions of Swedish official statistics: a decimal comma, spaces (also non-breaking) as
thousand separators, "–" for zero (nothing to report) and ".." for a figure that is missing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.utils.translation import gettext as _

from trygg.plans.limits import (
    MAX_COUNT,
    MAX_MEASURE_CODE,
    MAX_MEASURE_NAME,
    MAX_RATE,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    RATE_DECIMALS,
)

FORMAT_BRA: Final = "bra"
FORMAT_BRA_WIDE: Final = "bra_wide"
FORMAT_KOLADA: Final = "kolada"

NATIONAL_CODE: Final = "0000"

COUNTIES: Final[Mapping[str, str]] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}
"""The 21 län by their two-digit code (SCB)."""

NATIONAL_NAMES: Final = frozenset({"riket", "hela riket", "hela landet", "sverige", "totalt riket"})
MISSING: Final = frozenset({"..", "...", "x", "n/a", "na"})
ZERO: Final = frozenset({"-", "–", "—"})
MAX_UNPACKED_BYTES: Final = 100 * 1024 * 1024
"""An XLSX is a zip: its unpacked parts may not exceed this (a zip bomb is refused unread)."""
HEADER_SEARCH_ROWS: Final = 15
"""Title lines above the header row that are skipped (Brå's exports start with a title)."""
MAX_COLUMNS: Final = 200


def keep_regions(
    rows: list[StatRow], municipality_code: str, regions: RegionIndex
) -> tuple[list[StatRow], int]:
    """The rows about the municipality, its county and the nation, and how many others were
    left out (a Brå table often lists every kommun of the county)."""
    wanted = {municipality_code, NATIONAL_CODE}
    county = regions.county_of.get(municipality_code)
    if county:
        wanted.add(county_id(county))
    kept = [row for row in rows if row.region_code in wanted]
    return kept, len(rows) - len(kept)


def county_id(county_code: str) -> str:
    """Kolada's id of a county: "00" + the two-digit code ("0004" Södermanland)."""
    return f"00{county_code}"


@dataclass(frozen=True)
class Region:
    kind: str  # RegionKind value
    code: str  # Kolada's id: kommunkod, "00" + county code, "0000"
    name: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.replace("\u00a0", " ").split())


@dataclass
class RegionIndex:
    """Kommuner and län by code and by name."""

    municipalities: dict[str, str] = field(default_factory=dict)  # kommunkod -> name
    county_of: dict[str, str] = field(default_factory=dict)  # kommunkod -> county code
    _by_name: dict[str, str] = field(default_factory=dict)
    _county_by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_outlines(cls, outlines: Mapping[str, Mapping[str, Any]]) -> RegionIndex:
        """From ``trygg.geo.geometry.load_municipality_outlines()``."""
        index = cls()
        for code, item in outlines.items():
            index.municipalities[code] = str(item.get("name", ""))
            index.county_of[code] = str(item.get("lan_code", ""))
        index._by_name = {_fold(name): code for code, name in index.municipalities.items()}
        index._county_by_name = {_fold(name): code for code, name in COUNTIES.items()}
        return index

    def national(self) -> Region:
        return Region("national", NATIONAL_CODE, "Riket")

    def county(self, county_code: str) -> Region | None:
        name = COUNTIES.get(county_code)
        return Region("county", county_id(county_code), name) if name else None

    def municipality(self, code: str) -> Region | None:
        name = self.municipalities.get(code)
        return Region("municipality", code, name) if name else None

    def by_id(self, code: str) -> Region | None:
        """A Kolada id: kommunkod, "00" + county code, or "0000"."""
        if code == NATIONAL_CODE:
            return self.national()
        if code.startswith("00"):
            return self.county(code[2:])
        return self.municipality(code)

    def resolve(self, text: str) -> Region | None:
        """A region as a file names it: a code, "0482 Flen", "Flen", "Flens kommun",
        "Södermanlands län", "Riket"."""
        clean = " ".join(text.replace("\u00a0", " ").split())
        if re.fullmatch(r"\d{4}", clean):
            return self.by_id(clean)
        match = re.fullmatch(r"(\d{4})\s+(.+)", clean)
        if match:
            return self.by_id(match.group(1))
        folded = _fold(clean)
        if folded in NATIONAL_NAMES:
            return self.national()
        if folded.endswith(" län"):
            code = self._county_by_name.get(folded)
            return self.county(code) if code else None
        for suffix in (" kommun", " stad"):
            if folded.endswith(suffix):
                folded = folded[: -len(suffix)]
                break
        code = self._by_name.get(folded)
        if code is None and folded.endswith("s"):
            code = self._by_name.get(folded[:-1])  # "Flens kommun"
        return self.municipality(code) if code else None


@dataclass(frozen=True)
class StatRow:
    """One value ready for the import service (and for a draft, as JSON)."""

    line: int
    source: str
    measure_code: str
    measure_name: str
    region_kind: str
    region_code: str
    region_name: str
    period: int
    gender: str
    count: int | None
    rate: Decimal | None

    @property
    def key(self) -> tuple[str, str, str, int, str]:
        return (self.source, self.measure_code, self.region_code, self.period, self.gender)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["rate"] = None if self.rate is None else str(self.rate)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StatRow:
        rate = data.get("rate")
        return cls(
            line=int(data["line"]),
            source=str(data["source"]),
            measure_code=str(data["measure_code"]),
            measure_name=str(data["measure_name"]),
            region_kind=str(data["region_kind"]),
            region_code=str(data["region_code"]),
            region_name=str(data["region_name"]),
            period=int(data["period"]),
            gender=str(data["gender"]),
            count=None if data.get("count") is None else int(data["count"]),
            rate=None if rate is None else Decimal(str(rate)),
        )


@dataclass(frozen=True)
class FileProblem:
    """``row`` is the spreadsheet row (None: the whole file); ``column`` the file's header."""

    row: int | None
    column: str
    message: str


@dataclass
class ParsedFile:
    format: str = ""
    rows: list[StatRow] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


class FileRejected(Exception):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# Headers


def normalise_header(text: str) -> str:
    text = _fold(text)
    text = text.replace("invånare", "inv").replace("100000", "100 000")
    text = re.sub(r"[.:*]+", "", text)
    return " ".join(text.replace("_", " ").split())


BRA_HEADERS: Final[Mapping[str, frozenset[str]]] = {
    "region": frozenset(
        {"kommun", "region", "område", "kommunnamn", "kommunkod", "län", "kommun/län", "geografi"}
    ),
    "measure": frozenset({"brottskategori", "brott", "brottstyp", "brottstyper", "kategori"}),
    "year": frozenset({"år", "period", "year", "årtal"}),
    "count": frozenset(
        {"antal", "antal brott", "antal anmälda brott", "anmälda brott", "antal anmälningar"}
    ),
    "rate": frozenset(
        {
            "per 100 000 inv",
            "per 100 000",
            "antal per 100 000 inv",
            "antal brott per 100 000 inv",
            "anmälda brott per 100 000 inv",
            "brott per 100 000 inv",
        }
    ),
}

KOLADA_HEADERS: Final[Mapping[str, frozenset[str]]] = {
    "kpi": frozenset(
        {"kpi", "kpi id", "kpi-id", "nyckeltal id", "nyckeltals-id", "nyckeltalsid", "id nyckeltal"}
    ),
    "title": frozenset(
        {"kpi title", "kpi titel", "kpi-titel", "titel", "title", "nyckeltal", "nyckeltalsnamn"}
    ),
    "region_id": frozenset(
        {"municipality", "municipality id", "kommun id", "kommun-id", "kommunid", "kommunkod"}
    ),
    "region_name": frozenset({"kommun", "kommunnamn", "municipality name", "kommun namn", "namn"}),
    "year": frozenset({"period", "år", "year"}),
    "value": frozenset({"värde", "value"}),
    "gender": frozenset({"kön", "gender"}),
}


def _label(name: str) -> str:
    labels = {
        "region": _("municipality or region"),
        "measure": _("crime type"),
        "year": _("year"),
        "count": _("count"),
        "rate": _("per 100,000 inhabitants"),
        "kpi": _("KPI id"),
        "region_id": _("municipality id"),
        "value": _("value"),
    }
    return labels.get(name, name)


def _match(headers: Sequence[str], known: Mapping[str, frozenset[str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = normalise_header(header)
        for key, aliases in known.items():
            if name in aliases and key not in found:
                found[key] = index
                break
    return found


def _year_columns(headers: Sequence[str]) -> dict[int, int]:
    years: dict[int, int] = {}
    for index, header in enumerate(headers):
        clean = normalise_header(header)
        if re.fullmatch(r"\d{4}", clean):
            years[int(clean)] = index
    return years


# ---------------------------------------------------------------------------------------------
# Cells


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(("=", "@"))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).replace("\u00a0", " ").split())


_NUMBER = re.compile(r"\d+(\.\d+)?")


def parse_number(value: Any) -> Decimal | None:
    """A number as a Swedish table writes it; None for a missing figure ("..", empty).

    Raises ``ValueError`` with the user's message for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(_("Not a number."))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("Not a number."))
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f\u2009']", "", value)
        if not text or text.casefold() in MISSING:
            return None
        if text in ZERO:
            return Decimal(0)
        negative = text[0] in "-−–"
        if negative:
            text = text[1:]
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif "," in text:
            if text.count(",") > 1:
                raise ValueError(_("Not a number."))
            text = text.replace(",", ".")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        if not _NUMBER.fullmatch(text):
            raise ValueError(_("Not a number."))
        number = Decimal(text)
        if negative and number != 0:
            raise ValueError(_("The value is negative; crime figures cannot be."))
    else:
        raise ValueError(_("Not a number."))
    if number < 0:
        raise ValueError(_("The value is negative; crime figures cannot be."))
    return number


def parse_count(value: Any) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("A count must be a whole number."))
    if number > MAX_COUNT:
        raise ValueError(_("The count is implausibly large."))
    return int(number)


def parse_rate(value: Any) -> Decimal | None:
    number = parse_number(value)
    if number is None:
        return None
    if number > MAX_RATE:
        raise ValueError(_("The value per 100,000 inhabitants is implausibly large."))
    return number.quantize(Decimal(1).scaleb(-RATE_DECIMALS))


def parse_year(value: Any) -> int:
    text = cell_text(value)
    match = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
    if not match:
        raise ValueError(_("Give the year with four digits, e.g. 2024."))
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            _("The year must lie between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return year


def measure_code_of(name: str) -> str:
    """A stable code for a crime type's name: "Skadegörelsebrott" -> "skadegorelsebrott"."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    code = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    return code[:MAX_MEASURE_CODE].rstrip("-")


def is_rate_measure(name: str) -> bool:
    """Kolada's titles say when a KPI is per 100,000 inhabitants ("antal/100 000 inv")."""
    folded = normalise_header(name)
    return "100 000" in folded


# ---------------------------------------------------------------------------------------------
# Reading the file into a grid of cells


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise FileRejected(_("The file's characters cannot be read.")) from error
    if b"\x00" in raw:
        raise FileRejected(
            _("The file contains NUL bytes: it is not a text (CSV) file. Save it as CSV or XLSX.")
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileRejected(
            _("The file's characters cannot be read. Save it as UTF-8 or Windows-1252.")
        ) from error


def _csv_grid(raw: bytes) -> list[list[Any]]:
    text = _decode(raw)
    if _CONTROL.search(text):
        raise FileRejected(
            _("The file contains control characters: it does not look like a CSV file.")
        )
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise FileRejected(_("The file is empty."))
    sample = "\n".join(lines[:HEADER_SEARCH_ROWS])
    delimiter = max((";", ",", "\t"), key=sample.count)
    try:
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise FileRejected(
            _("The CSV file cannot be read (%(reason)s).") % {"reason": str(error)}
        ) from error
    return grid


def _xlsx_grid(raw: bytes) -> list[list[Any]]:
    try:
        from openpyxl import load_workbook
    except ImportError as error:  # pragma: no cover - a dependency
        raise FileRejected(_("Excel files cannot be read on this server.")) from error
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        grid: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            if len(grid) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
            grid.append(list(row[:MAX_COLUMNS]))
        book.close()
    except FileRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRejected(
            _("The Excel file cannot be read. Save it again as XLSX or as CSV.")
        ) from error
    return grid


def read_grid(raw: bytes, file_name: str) -> list[list[Any]]:
    """The file's cells row by row. Raises ``FileRejected``."""
    if not raw or not raw.strip():
        raise FileRejected(_("The file is empty."))
    if len(raw) > MAX_UPLOAD_BYTES:
        raise FileRejected(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}
        )
    name = file_name.casefold()
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise FileRejected(
                _("The Excel file cannot be read. Save it again as XLSX or as CSV.")
            ) from error
        if unpacked > MAX_UNPACKED_BYTES:
            raise FileRejected(
                _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}
            )
        return _xlsx_grid(raw)
    if name.endswith((".xlsx", ".xlsm")):
        raise FileRejected(_("The file is not a valid XLSX file."))
    if name.endswith((".xls", ".ods", ".pdf", ".doc", ".docx", ".zip")) or raw.startswith(
        (b"\xd0\xcf\x11\xe0", b"%PDF")
    ):
        raise FileRejected(_("Upload a CSV or XLSX file (older .xls files: save as XLSX first)."))
    return _csv_grid(raw)


# ---------------------------------------------------------------------------------------------
# Parsing


def _find_header(
    grid: Sequence[Sequence[Any]],
) -> tuple[int, str, dict[str, int], dict[int, int]]:
    """(index of the header row, format, matched columns, year columns)."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        headers = [cell_text(cell) for cell in row]
        kolada = _match(headers, KOLADA_HEADERS)
        if "kpi" in kolada and "value" in kolada:
            return index, FORMAT_KOLADA, kolada, {}
        bra = _match(headers, BRA_HEADERS)
        if {"region", "measure", "year"} <= set(bra) and ({"count", "rate"} & set(bra)):
            return index, FORMAT_BRA, bra, {}
        years = _year_columns(headers)
        if {"region", "measure"} <= set(bra) and years:
            return index, FORMAT_BRA_WIDE, bra, years
    first = next((row for row in grid if any(cell_text(c) for c in row)), [])
    shown = ", ".join(cell_text(c) for c in first if cell_text(c))[:300]
    raise FileRejected(
        _(
            "The columns were not recognised. A Brå table needs Kommun, Brott (or Brottskategori), "
            "År and Antal or Per 100 000 inv.; a Kolada export needs kpi, kommun id, period and "
            "värde. The file's first row: %(headers)s"
        )
        % {"headers": shown or _("(empty)")}
    )


def parse_statistics_file(
    raw: bytes, file_name: str, regions: RegionIndex, *, source: str | None = None
) -> ParsedFile:
    """Parse an upload. Problems with the file as a whole raise ``FileRejected``; problems
    with rows are listed in ``problems`` (every one of them, up to a limit)."""
    grid = read_grid(raw, file_name)
    header_index, fmt, columns, years = _find_header(grid)
    headers = [cell_text(cell) for cell in grid[header_index]]
    result = ParsedFile(format=fmt)
    used = set(columns.values()) | set(years.values())
    result.ignored_columns = [h for i, h in enumerate(headers) if h and i not in used]
    body = grid[header_index + 1 :]
    data_rows = [
        (header_index + 2 + offset, row)
        for offset, row in enumerate(body)
        if any(cell_text(cell) for cell in row)
    ]
    if not data_rows:
        raise FileRejected(_("The file has a header row but no data."))
    if len(data_rows) > MAX_ROWS:
        raise FileRejected(_("A file can have at most %(max)s rows.") % {"max": MAX_ROWS})
    if fmt == FORMAT_KOLADA:
        rows = _kolada_rows(data_rows, columns, headers, regions, result)
    elif fmt == FORMAT_BRA:
        rows = _bra_rows(data_rows, columns, headers, regions, result, source or "bra")
    else:
        rows = _bra_wide_rows(data_rows, columns, years, headers, regions, result, source or "bra")
    seen: dict[tuple[str, str, str, int, str], int] = {}
    for row in rows:
        earlier = seen.get(row.key)
        if earlier is not None:
            result.problems.append(
                FileProblem(
                    row.line,
                    "",
                    _("The same measure, region, year and gender is already on row %(row)s.")
                    % {"row": earlier},
                )
            )
            continue
        seen[row.key] = row.line
        result.rows.append(row)
    if len(result.rows) > MAX_ROWS:
        raise FileRejected(_("A file can have at most %(max)s rows.") % {"max": MAX_ROWS})
    return result


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


class _RowCheck:
    """Collects the problems of one row."""

    def __init__(self, line: int, headers: Sequence[str], result: ParsedFile) -> None:
        self.line, self.headers, self.result, self.bad = line, headers, result, False

    def column(self, index: int | None) -> str:
        if index is None or index >= len(self.headers):
            return ""
        return self.headers[index]

    def fail(self, index: int | None, message: str) -> None:
        self.bad = True
        self.result.problems.append(FileProblem(self.line, self.column(index), message))

    def formulas(self, row: Sequence[Any]) -> bool:
        found = False
        for index, value in enumerate(row):
            if _is_formula(value):
                self.fail(
                    index,
                    _("The cell holds a formula. Save the file with values, not formulas."),
                )
                found = True
        return found

    def text(self, row: Sequence[Any], index: int | None, limit: int, what: str) -> str:
        value = cell_text(_cell(row, index))
        if not value:
            self.fail(index, _("The %(what)s is missing.") % {"what": what})
        elif len(value) > limit:
            self.fail(index, _("At most %(max)s characters.") % {"max": limit})
        elif _CONTROL.search(value):
            self.fail(index, _("The cell contains control characters."))
        return value

    def region(self, row: Sequence[Any], index: int | None, regions: RegionIndex) -> Region | None:
        text = cell_text(_cell(row, index))
        if not text:
            self.fail(index, _("The municipality or region is missing."))
            return None
        found = regions.resolve(text)
        if found is None:
            self.fail(
                index, _("Unknown municipality or region: “%(name)s”.") % {"name": text[:100]}
            )
        return found

    def year(self, row: Sequence[Any], index: int | None) -> int | None:
        try:
            return parse_year(_cell(row, index))
        except ValueError as error:
            self.fail(index, str(error))
            return None

    def number(self, parse: Any, value: Any, index: int | None) -> Any:
        try:
            return parse(value)
        except ValueError as error:
            self.fail(index, str(error))
            return None


def _bra_rows(
    data_rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Mapping[str, int],
    headers: Sequence[str],
    regions: RegionIndex,
    result: ParsedFile,
    source: str,
) -> Iterator[StatRow]:
    for line, row in data_rows:
        check = _RowCheck(line, headers, result)
        if check.formulas(row):
            continue
        region = check.region(row, columns["region"], regions)
        measure = check.text(row, columns["measure"], MAX_MEASURE_NAME, _("crime type"))
        year = check.year(row, columns["year"])
        count = check.number(parse_count, _cell(row, columns.get("count")), columns.get("count"))
        rate = check.number(parse_rate, _cell(row, columns.get("rate")), columns.get("rate"))
        code = measure_code_of(measure) if measure else ""
        if measure and not code:
            check.fail(columns["measure"], _("The crime type needs letters or digits."))
        if check.bad or region is None or year is None:
            continue
        if count is None and rate is None:
            check.fail(None, _("The row has neither a count nor a value per 100,000."))
            continue
        yield StatRow(
            line, source, code, measure, region.kind, region.code, region.name, year, "T",
            count, rate,
        )  # fmt: skip


def _bra_wide_rows(
    data_rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Mapping[str, int],
    years: Mapping[int, int],
    headers: Sequence[str],
    regions: RegionIndex,
    result: ParsedFile,
    source: str,
) -> Iterator[StatRow]:
    for year in years:
        if not MIN_YEAR <= year <= MAX_YEAR:
            result.problems.append(
                FileProblem(
                    None,
                    str(year),
                    _("The year must lie between %(min)s and %(max)s.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR},
                )
            )
    if result.problems:
        return
    for line, row in data_rows:
        check = _RowCheck(line, headers, result)
        if check.formulas(row):
            continue
        region = check.region(row, columns["region"], regions)
        measure = check.text(row, columns["measure"], MAX_MEASURE_NAME, _("crime type"))
        counts = {
            year: check.number(parse_count, _cell(row, index), index)
            for year, index in years.items()
        }
        code = measure_code_of(measure) if measure else ""
        if check.bad or region is None or not code:
            continue
        for year, count in counts.items():
            if count is not None:
                yield StatRow(
                    line, source, code, measure, region.kind, region.code, region.name, year,
                    "T", count, None,
                )  # fmt: skip


KPI_PATTERN = re.compile(r"[A-Z]\d{5}")
GENDERS: Final = frozenset({"T", "K", "M"})


def _kolada_rows(
    data_rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Mapping[str, int],
    headers: Sequence[str],
    regions: RegionIndex,
    result: ParsedFile,
) -> Iterator[StatRow]:
    if "region_id" not in columns and "region_name" not in columns:
        raise FileRejected(
            _("The Kolada file needs a column with the municipality id (kommun id).")
        )
    if "year" not in columns:
        raise FileRejected(_("The Kolada file needs a column with the period (year)."))
    for line, row in data_rows:
        check = _RowCheck(line, headers, result)
        if check.formulas(row):
            continue
        kpi = cell_text(_cell(row, columns["kpi"])).upper()
        if not KPI_PATTERN.fullmatch(kpi):
            check.fail(
                columns["kpi"], _("A Kolada KPI id is a letter and five digits, e.g. N07403.")
            )
        title = cell_text(_cell(row, columns.get("title"))) or kpi
        if len(title) > MAX_MEASURE_NAME:
            check.fail(
                columns.get("title"), _("At most %(max)s characters.") % {"max": MAX_MEASURE_NAME}
            )
        region: Region | None
        if "region_id" in columns:
            region_id = cell_text(_cell(row, columns["region_id"]))
            region_id = region_id.zfill(4) if region_id.isdigit() else region_id
            region = regions.by_id(region_id) if re.fullmatch(r"\d{4}", region_id) else None
            if region is None:
                check.fail(
                    columns["region_id"],
                    _("Unknown municipality or region: “%(name)s”.") % {"name": region_id[:100]},
                )
        else:
            region = check.region(row, columns["region_name"], regions)
        year = check.year(row, columns["year"])
        gender = cell_text(_cell(row, columns.get("gender"))).upper() or "T"
        if gender not in GENDERS:
            check.fail(columns.get("gender"), _("The gender must be T, K or M."))
        value = check.number(parse_number, _cell(row, columns["value"]), columns["value"])
        if check.bad or region is None or year is None:
            continue
        if value is None:
            continue  # Kolada has no figure for this year
        count, rate = kolada_value(title, value)
        if count is None and rate is None:
            check.fail(columns["value"], _("A count must be a whole number."))
            continue
        yield StatRow(
            line, "kolada", kpi, title, region.kind, region.code, region.name, year, gender,
            count, rate,
        )  # fmt: skip


def kolada_value(title: str, value: Decimal | None) -> tuple[int | None, Decimal | None]:
    """Where a Kolada value goes: per 100,000 when the KPI's title says so, else a count
    (which must then be whole; (None, None) for a fractional "count")."""
    if value is None:
        return None, None
    if is_rate_measure(title):
        if value > MAX_RATE:
            return None, None
        return None, value.quantize(Decimal(1).scaleb(-RATE_DECIMALS))
    if value != value.to_integral_value() or value > MAX_COUNT:
        return None, None
    return int(value), None


# ---------------------------------------------------------------------------------------------
# Templates for download


BRA_TEMPLATE: Final = (
    "Kommun;Brottskategori;År;Antal;Per 100 000 inv.\r\n"
    "Flen;Skadegörelsebrott;2024;310;1 880,5\r\n"
    "Södermanlands län;Skadegörelsebrott;2024;5 120;1 710,2\r\n"
    "Riket;Skadegörelsebrott;2024;180 000;1 705,0\r\n"
)
KOLADA_TEMPLATE: Final = (
    "kpi;kpi titel;kommun id;kommun;period;kön;värde\r\n"
    "N07403;Anmälda brott totalt, antal/100 000 inv;0482;Flen;2024;T;12 450,3\r\n"
    "N07403;Anmälda brott totalt, antal/100 000 inv;0004;Södermanlands län;2024;T;11 800,0\r\n"
    "N07403;Anmälda brott totalt, antal/100 000 inv;0000;Riket;2024;T;12 300,5\r\n"
)
TEMPLATES: Final = {FORMAT_BRA: BRA_TEMPLATE, FORMAT_KOLADA: KOLADA_TEMPLATE}
