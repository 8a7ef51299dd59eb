"""Personal-data guard for free text.

Trygg stores observations, notes and comments written by municipal staff, police and
volunteers. Those texts must not contain personal data about individuals (GDPR art. 9/10
concerns, offentlighetsprincipen). This module finds the most common kinds of directly
identifying data in Swedish free text so the UI can warn before saving:

* ``personnummer`` / ``samordningsnummer`` (Swedish personal identity / co-ordination numbers),
* ``phone`` (Swedish phone numbers, national and international notation),
* ``email`` (e-mail addresses),
* ``plate`` (Swedish vehicle registration plates).

The module is pure Python (no Django). It returns structured :class:`PiiFinding` objects with a
``kind`` code and a character span; the Django layer maps the code to a translated message.

Design notes
------------
* Every pattern is built from bounded or unambiguous quantifiers and anchored with look-arounds
  so that the regex engine does linear work on arbitrary input (no catastrophic backtracking).
  Candidates are then validated in plain Python (checksum, dates, number structure).
* Findings never overlap. When candidates of different kinds overlap, the one with the higher
  priority wins: e-mail > personnummer/samordningsnummer > phone > plate.
* Text is normalised before it is matched (:func:`normalise`): Unicode NFKC (full-width digits,
  ``＠``, ``＋``), every dash and minus sign to ``-``, every space (no-break, narrow, thin) to a
  plain space, and invisible format characters (zero-width spaces and joiners, word joiner,
  byte-order mark, soft hyphen) removed. Spans and excerpts still refer to the original text.
* The guard prefers precision over recall for phone numbers and plates (a warning on every
  year, time or count would teach users to ignore the warning), but personnummer are always
  checked with the Luhn checksum so that random ten-digit numbers are not flagged.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

__all__ = [
    "KINDS",
    "KIND_EMAIL",
    "KIND_PERSONNUMMER",
    "KIND_PHONE",
    "KIND_PLATE",
    "KIND_SAMORDNINGSNUMMER",
    "PiiFinding",
    "contains_pii",
    "find_pii",
    "luhn_ok",
    "normalise",
]

KIND_PERSONNUMMER: Final = "personnummer"
KIND_SAMORDNINGSNUMMER: Final = "samordningsnummer"
KIND_PHONE: Final = "phone"
KIND_EMAIL: Final = "email"
KIND_PLATE: Final = "plate"
KINDS: Final = (
    KIND_PERSONNUMMER,
    KIND_SAMORDNINGSNUMMER,
    KIND_PHONE,
    KIND_EMAIL,
    KIND_PLATE,
)

# Lower number = higher priority when candidates overlap.
_PRIORITY: Final = {
    KIND_EMAIL: 0,
    KIND_PERSONNUMMER: 1,
    KIND_SAMORDNINGSNUMMER: 1,
    KIND_PHONE: 2,
    KIND_PLATE: 3,
}


@dataclass(frozen=True)
class PiiFinding:
    """One piece of personal data found in a text.

    ``kind`` is one of :data:`KINDS`; ``text[start:end] == excerpt``.
    """

    kind: str
    start: int
    end: int
    excerpt: str


# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------

# Dashes and minus signs that are not in Unicode's "Pd" (dash punctuation) category.
_EXTRA_DASHES: Final = frozenset("\u2212\u2043\u2796\u02d7")


def _fold(ch: str) -> str:
    """One character of NFKC output as the matchers see it ("" to drop it)."""
    if ch.isascii():
        return ch
    category = unicodedata.category(ch)
    if category == "Pd" or ch in _EXTRA_DASHES:
        return "-"
    if category == "Zs":
        return " "
    if category == "Cf":
        return ""
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    return ch


def normalise(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """The text as the matchers see it, with the original span of every character.

    Returns ``(normalised, starts, ends)``: character ``i`` of ``normalised`` comes from
    ``text[starts[i]:ends[i]]``. ``starts`` and ``ends`` are ``None`` when nothing changed
    (pure ASCII). A base character and the combining marks after it are normalised together
    (so "A" + ring above becomes "Å"), and every character is NFKC-normalised, then folded:
    dashes and minus signs to ``-``, spaces to `` ``, format characters (zero-width space,
    joiners, word joiner, BOM, soft hyphen) removed, decimal digits of any script to ASCII.
    """
    if text.isascii():
        return text, None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFKC", text[i:j]):
            folded = _fold(ch)
            for piece in folded:
                out.append(piece)
                starts.append(i)
                ends.append(j)
        i = j
    return "".join(out), starts, ends


# ---------------------------------------------------------------------------
# personnummer / samordningsnummer
# ---------------------------------------------------------------------------

# YYMMDD-NNNN, YYMMDD+NNNN, YYMMDD NNNN, YYMMDDNNNN and the same with a century (18/19/20).
# Only ASCII digits; the number must not be glued to other ASCII digits.
_PNR_RE: Final = re.compile(
    r"(?<![0-9])"
    r"(?P<century>18|19|20)?"
    r"(?P<date>[0-9]{6})"
    r"(?P<sep>[-+ ]?)"
    r"(?P<serial>[0-9]{4})"
    r"(?![0-9])"
)


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check as used for Swedish personnummer (over the 10-digit form)."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    # Weights 2,1,2,1,... from the left for a 10-digit number == from the right for the
    # check digit layout; compute from the right to work for any length.
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _classify_pnr(date: str, serial: str) -> str | None:
    month = int(date[2:4])
    day = int(date[4:6])
    if not 1 <= month <= 12:
        return None
    if not luhn_ok(date + serial):
        return None
    if 1 <= day <= 31:
        return KIND_PERSONNUMMER
    if 61 <= day <= 91:
        return KIND_SAMORDNINGSNUMMER
    return None


def _find_pnr(text: str) -> Iterator[PiiFinding]:
    for m in _PNR_RE.finditer(text):
        kind = _classify_pnr(m.group("date"), m.group("serial"))
        if kind is None:
            continue
        yield PiiFinding(kind, m.start(), m.end(), m.group(0))


# ---------------------------------------------------------------------------
# e-mail
# ---------------------------------------------------------------------------

# The local part may only start where no local-part character precedes it, which keeps the
# number of attempted starts linear. The domain is a sequence of labels separated by dots
# ("." is not part of a label, so the repetition is unambiguous) ending with an alphabetic
# top-level domain of at least two letters.
_EMAIL_RE: Final = re.compile(
    r"(?<![\w.%+-])"
    r"[\w.%+-]+"
    r"@"
    r"(?:[\w-]+\.)+"
    r"[^\W\d_]{2,}"
    r"(?![\w-])"
)


def _find_email(text: str) -> Iterator[PiiFinding]:
    for m in _EMAIL_RE.finditer(text):
        excerpt = m.group(0)
        start = m.start()
        # A sentence like "...skriv till .anna@x.se" should not include the leading dot(s).
        stripped = excerpt.lstrip(".")
        start += len(excerpt) - len(stripped)
        local = stripped.split("@", 1)[0]
        if not local or local.endswith("."):
            continue
        yield PiiFinding(KIND_EMAIL, start, m.end(), stripped)


# ---------------------------------------------------------------------------
# phone numbers
# ---------------------------------------------------------------------------

# Separators inside a phone number (after normalisation: every dash is "-", every space " "):
# a space, a dash, a slash or a dot, optionally surrounded by single spaces ("070 - 123 45 67",
# "070/123 45 67", "070.123.45.67").
_SP: Final = r"[ \u00a0]"
_SEP: Final = rf"(?:{_SP}?[-\u2013/.]{_SP}?|{_SP})"
# "08.30-09.15", "08/12 - 09/12": a range of two times or two dates, not "08-30 09 15".
_RANGE_RE: Final = re.compile(r"0[0-9]([./])[0-9]{2} ?- ?[0-9]{2}\1[0-9]{2}")

_PHONE_RE: Final = re.compile(
    # not inside a date or a number: "1990-08-10. 1 000 kr" holds no phone number
    r"(?<!\w)(?<![0-9][.,:])(?<![0-9]-)"
    r"(?:"
    # international: +46 / 0046, optional "(0)", then the national significant number
    rf"(?P<intl>(?:\+|00){_SP}?46{_SEP}?(?:\(0\){_SP}?)?)[1-9]"
    r"|"
    # national with the area code in parentheses: "(08) 123 45 67", "(0157) 123 45"
    rf"\(0[1-9][0-9]{{0,2}}\){_SP}?[1-9]"
    r"|"
    # national: 0 + area code digit
    r"0[1-9]"
    r")"
    rf"(?:{_SEP}?[0-9]){{4,10}}"
    r"(?!\w)"
)

_MOBILE_PREFIXES: Final = frozenset({"70", "72", "73", "76", "79"})
_DIGIT_GROUP_RE: Final = re.compile(r"[0-9]+")


def _phone_nsn_valid(groups: list[str], *, national: bool) -> bool:
    """Validate the digit groups of a phone number without trunk/country prefix.

    ``groups`` is the national significant number (NSN) split where the writer put
    separators; the first group is the area code when there is more than one group.
    """
    nsn = "".join(groups)
    if not 7 <= len(nsn) <= 9 or nsn[0] == "0":
        return False
    if nsn[:2] in _MOBILE_PREFIXES and len(nsn) != 9:
        return False
    if len(groups) > 1:
        area, subscriber = groups[0], "".join(groups[1:])
        # Area codes are 1-3 digits after the trunk 0; the only one-digit code is 8 (Stockholm).
        if not 1 <= len(area) <= 3 or (len(area) == 1 and area != "8"):
            return False
        # Subscriber numbers have 5-8 digits and never start with 0 ("0800-1700" is a time
        # range, not a phone number).
        if nsn[:2] not in _MOBILE_PREFIXES and (len(subscriber) < 5 or subscriber[0] == "0"):
            return False
        # "08-12-2024" is a date written DD-MM-YYYY.
        if (
            national
            and area == "8"
            and [len(g) for g in groups] == [1, 2, 4]
            and groups[2][:2] in ("19", "20")
        ):
            return False
    return True


def _find_phone(text: str) -> Iterator[PiiFinding]:
    for m in _PHONE_RE.finditer(text):
        start = m.start()
        excerpt = m.group(0)
        national = m.group("intl") is None
        body_offset = 0 if national else m.end("intl") - start
        body = excerpt[body_offset:]
        spans = [(g.start(), g.end()) for g in _DIGIT_GROUP_RE.finditer(body)]
        groups = [body[a:b] for a, b in spans]
        if national:
            # drop the trunk prefix 0
            groups[0] = groups[0][1:]
            if not groups[0]:
                groups.pop(0)
                spans.pop(0)
        # Try the whole candidate first, then shorter prefixes cut at a plain space (so that a
        # phone number followed by another number, "070-123 45 67 2 st", is still found).
        for n in range(len(groups), 0, -1):
            if n < len(groups):
                gap = body[spans[n - 1][1] : spans[n][0]]
                if gap.strip(" \u00a0") not in ("", ".", "/") or gap in (".", "/"):
                    continue
            end = start + body_offset + spans[n - 1][1]
            if national and _RANGE_RE.fullmatch(text, start, end):
                continue
            if _phone_nsn_valid(groups[:n], national=national):
                yield PiiFinding(KIND_PHONE, start, end, text[start:end])
                break


# ---------------------------------------------------------------------------
# registration plates
# ---------------------------------------------------------------------------

# Swedish plates: three letters (A-Z without I, Q, V), two digits and a digit or a letter
# (A-Z without I, O, Q, V), optionally with a space after the letters.
_PLATE_LETTER: Final = "A-HJ-PR-UW-Z"
_PLATE_LAST_LETTER: Final = "A-HJ-NPR-UW-Z"
# Explicit ASCII classes instead of re.IGNORECASE, which would also match e.g. KELVIN SIGN.
_PLATE_RE: Final = re.compile(
    rf"(?<!\w)(?P<letters>[{_PLATE_LETTER}{_PLATE_LETTER.lower()}]{{3}})(?P<sep>[ -]?)"
    rf"(?P<tail>[0-9]{{2}}[0-9{_PLATE_LAST_LETTER}{_PLATE_LAST_LETTER.lower()}])(?!\w)"
)

# Three-letter words and abbreviations that are often followed by a number in running text
# (units, currencies, common abbreviations); never reported as plates.
PLATE_STOPWORDS: Final = frozenset(
    {
        # Swedish words / abbreviations
        "ALT",
        "ANT",
        "APP",
        "ART",
        "BIL",
        "BUS",
        "DAG",
        "DEL",
        "DEN",
        "DET",
        "DNR",
        "ENL",
        "EST",
        "FAX",
        "FRA",
        "HUS",
        "JUL",
        "JUN",
        "KAP",
        "LGH",
        "LPO",
        "MAJ",
        "MAR",
        "MAX",
        "MED",
        "MIN",
        "MOT",
        "NUM",
        "OCH",
        "OKT",
        "ORT",
        "PER",
        "RUM",
        "SAL",
        "SEP",
        "SFS",
        "SID",
        "SMS",
        "SOM",
        "TEL",
        "TFN",
        "TOT",
        # months (English abbreviations not already covered)
        "APR",
        "AUG",
        "DEC",
        "FEB",
        "JAN",
        # currencies and units
        "CHF",
        "DKK",
        "EUR",
        "GBP",
        "NOK",
        "SEK",
        "USD",
        "MHZ",
        "GHZ",
        "KHZ",
        "KWH",
        "MWH",
        "DPI",
        "FPS",
        "RPM",
        # technical
        "CPU",
        "GPS",
        "PDF",
        "PNG",
        "JPG",
        "RGB",
        "TCP",
        "UDP",
        "USB",
    }
)


def _find_plate(text: str) -> Iterator[PiiFinding]:
    """Find Swedish registration plates.

    Case policy: plates are reported when written in upper case ("ABC 123", "ABC-123",
    "ABC123", "ABC 12D"), or in lower case when the letters and digits are written together
    ("abc123", "abc12d"). Lower-case letters followed by a space or a dash and a number
    ("med 123", "sid-12",
    "och 200", "abc 123") are not reported: in running Swedish text that is almost always an
    ordinary word followed by a number. Mixed case ("Abc123") is not reported either. Words in
    :data:`PLATE_STOPWORDS` are never reported.
    """
    for m in _PLATE_RE.finditer(text):
        letters = m.group("letters")
        tail_letters = m.group("tail")[2:]
        if letters.isupper() and (tail_letters.isupper() or tail_letters.isdigit()):
            pass
        elif letters.islower() and not m.group("sep"):
            if not (tail_letters.islower() or tail_letters.isdigit()):
                continue
        else:
            continue
        if letters.upper() in PLATE_STOPWORDS:
            continue
        yield PiiFinding(KIND_PLATE, m.start(), m.end(), m.group(0))


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def find_pii(text: str) -> list[PiiFinding]:
    """Return the personal data found in ``text``, sorted by ``start``, without overlaps.

    Never raises on any ``str`` input; runs in linear time in ``len(text)``.
    """
    if not isinstance(text, str) or not text:
        return []
    original = text
    text, starts, ends = normalise(text)
    candidates: list[PiiFinding] = []
    # Cheap pre-checks skip whole detectors on texts that cannot contain a match.
    has_digit = any(c in text for c in "0123456789")
    if "@" in text:
        candidates.extend(_find_email(text))
    if has_digit:
        candidates.extend(_find_pnr(text))
        candidates.extend(_find_phone(text))
        candidates.extend(_find_plate(text))
    if not candidates:
        return []
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start, -f.end))
    begins: list[int] = []
    accepted: list[PiiFinding] = []  # kept sorted by start; intervals never overlap
    for cand in candidates:
        i = bisect.bisect_left(begins, cand.start)
        if i > 0 and accepted[i - 1].end > cand.start:
            continue
        if i < len(accepted) and accepted[i].start < cand.end:
            continue
        begins.insert(i, cand.start)
        accepted.insert(i, cand)
    if starts is None or ends is None:
        return accepted
    # back to the spans of the original text (one original character may have become several)
    mapped: list[PiiFinding] = []
    for finding in accepted:
        a, b = starts[finding.start], ends[finding.end - 1]
        if mapped and mapped[-1].end > a:
            continue
        mapped.append(PiiFinding(finding.kind, a, b, original[a:b]))
    return mapped


def contains_pii(text: str) -> bool:
    """True if :func:`find_pii` finds anything in ``text``."""
    return bool(find_pii(text))


def contains_pnr_shaped(text: str) -> bool:
    """True if ``text`` holds a number shaped like a personnummer or samordningsnummer (a
    valid month and day, four more digits), whatever its check digit.

    For fields that name a public official (a signatory, who signs off a follow-up): a
    person's name or title never holds such a number, so there a mistyped check digit must
    not let a real number through. Free text (a report) keeps the check digit, where dates
    and reference numbers are common."""
    if not isinstance(text, str) or not text:
        return False
    folded, _starts, _ends = normalise(text)
    for m in _PNR_RE.finditer(folded):
        date = m.group("date")
        month, day = int(date[2:4]), int(date[4:6])
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91):
            return True
    return False
