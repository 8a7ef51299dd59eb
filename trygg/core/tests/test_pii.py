"""Tests for the personal-data guard (pure Python, no database)."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.core.pii import (
    KIND_EMAIL,
    KIND_PERSONNUMMER,
    KIND_PHONE,
    KIND_PLATE,
    KIND_SAMORDNINGSNUMMER,
    KINDS,
    PiiFinding,
    contains_pii,
    find_pii,
    luhn_ok,
)


def luhn_check_digit(nine_digits: str) -> str:
    """The check digit that makes ``nine_digits + digit`` pass the Luhn test (written here
    independently of the module under test)."""
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return str((10 - total % 10) % 10)


def make_pnr(yymmdd: str, serial3: str) -> str:
    """A ten-digit personnummer (no separator) with a valid check digit."""
    return yymmdd + serial3 + luhn_check_digit(yymmdd + serial3)


def with_wrong_check_digit(pnr10: str) -> str:
    return pnr10[:-1] + str((int(pnr10[-1]) + 1) % 10)


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_pii(text)]


def excerpts(text: str) -> list[str]:
    return [f.excerpt for f in find_pii(text)]


# ---------------------------------------------------------------------------------------------
# Helpers


def test_luhn_helper_matches_known_examples() -> None:
    # Skatteverket's well-known example number 811218-9876.
    assert luhn_check_digit("811218987") == "6"
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189877")
    assert not luhn_ok("")
    assert not luhn_ok("81121898x6")


def test_kinds_constant() -> None:
    assert set(KINDS) == {"personnummer", "samordningsnummer", "phone", "email", "plate"}


# ---------------------------------------------------------------------------------------------
# personnummer / samordningsnummer


@pytest.mark.parametrize(
    ("yymmdd", "serial3"),
    [("811218", "987"), ("640823", "323"), ("010101", "123"), ("991231", "456"), ("450229", "001")],
)
def test_personnummer_forms(yymmdd: str, serial3: str) -> None:
    pnr = make_pnr(yymmdd, serial3)
    short = f"{pnr[:6]}-{pnr[6:]}"
    century = "20" if yymmdd.startswith("0") else "19"
    forms = [
        short,
        f"{pnr[:6]}+{pnr[6:]}",
        pnr,
        f"{pnr[:6]} {pnr[6:]}",
        f"{century}{short}",
        f"{century}{pnr}",
        f"{century}{pnr[:6]} {pnr[6:]}",
    ]
    for form in forms:
        text = f"Personen med nummer {form} sågs vid torget."
        findings = find_pii(text)
        assert [f.kind for f in findings] == [KIND_PERSONNUMMER], form
        finding = findings[0]
        assert finding.excerpt == form
        assert finding.start == text.index(form)
        assert finding.end == finding.start + len(form)
        assert text[finding.start : finding.end] == form


@pytest.mark.parametrize(
    ("yymmdd", "serial3"), [("811218", "987"), ("640823", "323"), ("991231", "456")]
)
def test_invalid_checksum_is_not_flagged(yymmdd: str, serial3: str) -> None:
    wrong = with_wrong_check_digit(make_pnr(yymmdd, serial3))
    for form in (f"{wrong[:6]}-{wrong[6:]}", wrong, f"19{wrong[:6]}-{wrong[6:]}"):
        assert find_pii(f"Ärende {form} avslutat") == [], form


@pytest.mark.parametrize("day", ["61", "75", "91"])
def test_samordningsnummer(day: str) -> None:
    pnr = make_pnr(f"8507{day}", "234")
    text = f"Samordningsnummer {pnr[:6]}-{pnr[6:]}."
    findings = find_pii(text)
    assert [f.kind for f in findings] == [KIND_SAMORDNINGSNUMMER]
    assert findings[0].excerpt == f"{pnr[:6]}-{pnr[6:]}"


@pytest.mark.parametrize("yymmdd", ["851301", "850001", "850100", "850132", "850160", "850192"])
def test_invalid_dates_are_not_flagged(yymmdd: str) -> None:
    pnr = make_pnr(yymmdd, "234")  # checksum valid, date not
    assert find_pii(f"Nummer {pnr[:6]}-{pnr[6:]}") == []


def test_personnummer_glued_to_other_digits_is_not_flagged() -> None:
    pnr = make_pnr("811218", "987")
    assert KIND_PERSONNUMMER not in kinds(f"99{pnr}")
    assert KIND_PERSONNUMMER not in kinds(f"{pnr}12")
    assert KIND_PERSONNUMMER not in kinds(f"{pnr[:6]}-{pnr[6:]}5")


def test_other_numbers_are_not_personnummer() -> None:
    for text in [
        "Organisationsnummer 212000-0142 är kommunens.",  # day 00
        "Dnr 2024-000123",
        "Händelsen 2024-05-12 kl 17.45",
        "Postnummer 642 30 Flen",
        "Telefon 1234567890 är inget",
    ]:
        assert KIND_PERSONNUMMER not in kinds(text), text
        assert KIND_SAMORDNINGSNUMMER not in kinds(text), text


# ---------------------------------------------------------------------------------------------
# phone numbers


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "070-1234567",
        "073-987 65 43",
        "076 - 123 45 67",
        "08-123 456 78",
        "08-123 45 67",
        "08 123 45 67",
        "0157-123 45",
        "0157-12345",
        "016-12 34 56",
        "031-123 45 67",
        "(08) 123 45 67",
        "+46 70 123 45 67",
        "+4670-1234567",
        "+46701234567",
        "+46 8 123 456 78",
        "+46 (0)70 123 45 67",
        "0046 70 123 45 67",
        "0046701234567",
        "070\u2013123 45 67",
        "070\u00a0123\u00a045\u00a067",
    ],
)
def test_phone_forms(number: str) -> None:
    text = f"Ring {number} om något händer."
    findings = find_pii(text)
    assert [(f.kind, f.excerpt) for f in findings] == [(KIND_PHONE, number)]
    assert findings[0].start == 5
    assert findings[0].end == 5 + len(number)


@pytest.mark.parametrize(
    "text",
    [
        "Det hände 2024.",
        "År 2024 var lugnt.",
        "Klockan 17.45 kom polisen.",
        "kl 22-23 var det stökigt",
        "kl. 08-17",
        "Öppet 0800-1700 på vardagar",
        "Öppet 08.00-17.00",
        "Datum 2024-05-12",
        "den 05-12-2024",
        "den 08-12-2024",
        "3-5 personer samlades",
        "10-15 ungdomar",
        "Vecka 2024-W05",
        "v. 2024-W05-3",
        "Storgatan 12",
        "Storgatan 12B, 642 30 Flen",
        "Ärende 123456",
        "Ärende 0123-45",
        "Summa 1 500 kr",
        "070-123 45",  # too short for a mobile number
        "070-123 45 678",  # one digit too many for a mobile number
        "0123456789012",  # long digit string
        "0,5 promille",
        "ID0701234567",
    ],
)
def test_not_phone(text: str) -> None:
    assert KIND_PHONE not in kinds(text), text


def test_phone_followed_by_other_numbers() -> None:
    # a number after a space is not part of the phone number when it would make it too long
    text = "Ring 070-123 45 67 8 gånger, eller 08-123 456 78 9 10, eller 08-123 45 67 89."
    assert excerpts(text) == ["070-123 45 67", "08-123 456 78", "08-123 45 67"]


def test_several_phone_numbers_and_offsets() -> None:
    text = "Mobil: 0701234567, fast: 016-12 34 56; jour +46 8 123 456 78."
    findings = find_pii(text)
    assert [f.excerpt for f in findings] == ["0701234567", "016-12 34 56", "+46 8 123 456 78"]
    for f in findings:
        assert text[f.start : f.end] == f.excerpt
        assert f.kind == KIND_PHONE


# ---------------------------------------------------------------------------------------------
# e-mail


@pytest.mark.parametrize(
    "address",
    [
        "anna@example.se",
        "name.surname+tag@sub.example.se",
        "first_last@kommun.flen.se",
        "x-y%z@mail-server.example.com",
        "ANNA.SVENSSON@POLISEN.SE",
        "åsa.öberg@exempel.se",
        "a1@b2.io",
    ],
)
def test_email(address: str) -> None:
    text = f"Kontakta ({address}), tack."
    findings = find_pii(text)
    assert [(f.kind, f.excerpt) for f in findings] == [(KIND_EMAIL, address)]
    assert findings[0].start == text.index(address)


@pytest.mark.parametrize(
    "text",
    [
        "Mötet @ 18 i salen",
        "anna@localhost",
        "user@.se",
        "@kommun.se",
        "hej@",
        "a@b.c",
        "kostnad 5@10 kr",
    ],
)
def test_not_email(text: str) -> None:
    assert KIND_EMAIL not in kinds(text)


def test_email_at_sentence_end() -> None:
    text = "Skriv till anna.svensson@flen.se."
    assert excerpts(text) == ["anna.svensson@flen.se"]


# ---------------------------------------------------------------------------------------------
# plates


@pytest.mark.parametrize(
    "plate", ["ABC 123", "ABC123", "ABC 12D", "ABC12D", "XYZ 999", "MLB 22A", "abc123", "abc12d"]
)
def test_plate(plate: str) -> None:
    text = f"En bil med reg.nr {plate} stod parkerad."
    findings = find_pii(text)
    assert [(f.kind, f.excerpt) for f in findings] == [(KIND_PLATE, plate)]
    assert findings[0].start == text.index(plate)


@pytest.mark.parametrize(
    "text",
    [
        "ABC1234",
        "XABC123",
        "ABC 1234",
        "ABC 12O",  # O is not used as the last letter
        "AIC 123",  # I is not used
        "AQC 123",  # Q is not used
        "VBC 123",  # V is not used
        "ABC 12I",
        "Abc 123",
        "abc 123",  # lower case with a space reads like a word followed by a number
        "med 123 deltagare",
        "och 200 till",
        "SEK 100",
        "MAX 100",
        "TEL 123",
        "kl 12",
        "nr 123",
        "ÅBC 123",
        "ABC_123",
        "A1C 123",
    ],
)
def test_not_plate(text: str) -> None:
    assert KIND_PLATE not in kinds(text), text


# ---------------------------------------------------------------------------------------------
# combinations


def test_mixed_text_sorted_and_non_overlapping() -> None:
    pnr = make_pnr("790312", "111")
    text = (
        f"Anmälare: {pnr[:6]}-{pnr[6:]}, tel 070-123 45 67, e-post a.b@c.se. "
        "Bilen ABC 123 stod vid Storgatan 12 kl 22.30 den 2024-05-12."
    )
    findings = find_pii(text)
    assert [f.kind for f in findings] == [
        KIND_PERSONNUMMER,
        KIND_PHONE,
        KIND_EMAIL,
        KIND_PLATE,
    ]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start
    for f in findings:
        assert text[f.start : f.end] == f.excerpt
    assert contains_pii(text)


def test_personnummer_wins_over_phone() -> None:
    # A personnummer born in the 2000s starts with 0 and could look like a phone number.
    pnr = make_pnr("050505", "123")
    assert kinds(f"nr {pnr}") == [KIND_PERSONNUMMER]


def test_email_containing_digits_is_one_finding() -> None:
    text = "sms till 0701234567@sms.example.se"
    findings = find_pii(text)
    assert [(f.kind, f.excerpt) for f in findings] == [(KIND_EMAIL, "0701234567@sms.example.se")]


def test_clean_texts() -> None:
    for text in [
        "",
        "Lugn kväll vid centrum, cirka 10-15 ungdomar samlades vid kiosken kl 21.",
        "Trygghetsvandring vecka 2024-W19, 3-5 deltagare per grupp.",
        "Belysningen på Storgatan 12-14 är trasig sedan 2024-03-01.",
        "Nedskräpning: 2 säckar, 17.45-18.30.",
    ]:
        assert find_pii(text) == [], text
        assert not contains_pii(text)


def test_finding_is_frozen() -> None:
    finding = PiiFinding("email", 0, 3, "a@b")
    with pytest.raises(AttributeError):
        finding.start = 1  # type: ignore[misc]


def test_non_string_input_is_tolerated() -> None:
    assert find_pii(None) == []  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# properties


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_find_pii_never_raises_and_spans_match(text: str) -> None:
    findings = find_pii(text)
    previous_end = 0
    for f in findings:
        assert f.kind in KINDS
        assert 0 <= f.start < f.end <= len(text)
        assert f.excerpt == text[f.start : f.end]
        assert f.start >= previous_end
        previous_end = f.end
    assert contains_pii(text) == bool(findings)


_PII_ALPHABET = st.sampled_from(list("0123456789 -+@.()ABCXYZabcåäö_%\n\t\u00a0\u2013"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PII_ALPHABET, max_size=80).map("".join))
def test_find_pii_on_digit_heavy_text(text: str) -> None:
    for f in find_pii(text):
        assert f.excerpt == text[f.start : f.end]


_dates = st.builds(
    lambda y, m, d, coord: f"{y:02d}{m:02d}{d + (60 if coord else 0):02d}",
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 28),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    yymmdd=_dates,
    serial=st.integers(0, 999),
    sep=st.sampled_from(["", "-", "+", " "]),
    century=st.sampled_from(["", "19", "20"]),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
)
def test_valid_personnummer_in_random_text_is_found(
    yymmdd: str, serial: int, sep: str, century: str, before: str, after: str
) -> None:
    pnr = make_pnr(yymmdd, f"{serial:03d}")
    if century and sep == "+":
        sep = "-"
    written = f"{century}{pnr[:6]}{sep}{pnr[6:]}"
    text = f"{before} {written} {after}"
    start = len(before) + 1
    expected_kind = KIND_SAMORDNINGSNUMMER if int(yymmdd[4:]) > 60 else KIND_PERSONNUMMER
    matching = [f for f in find_pii(text) if f.start == start and f.end == start + len(written)]
    assert [f.kind for f in matching] == [expected_kind], (text, find_pii(text))


def test_linear_time_on_adversarial_input() -> None:
    worst = 0.0
    for chunk in ["a.", "a@", "a@b.", "0 ", "07 ", "0-", "ABC 1", "+46 ", "a" * 60 + "@"]:
        text = chunk * (200_000 // len(chunk))
        t0 = time.perf_counter()
        find_pii(text)
        worst = max(worst, time.perf_counter() - t0)
    assert worst < 2.0
