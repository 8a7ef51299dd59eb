"""The weekly tables' cells are rendered in Python (templatetags/week_cells.py): the numbers
must read exactly as Django's filters would write them, in Swedish and in English, and the
markup must escape what comes from data."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import localize
from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.situation.templatetags.week_cells import category_row, one_decimal, unusual, whole

EDGES = [0, 0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.5, 2.25, 2.35, 9.95, 99.95, 1e-9, 12345.65]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("value", EDGES)
def test_one_decimal_reads_as_floatformat(language: str, value: float) -> None:
    with translation.override(language):
        assert one_decimal(value) == floatformat(value, 1)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False).filter(lambda x: x == 0 or x > 1e-150)
    | st.integers(0, 10**6)
)
def test_one_decimal_reads_as_floatformat_for_any_count(value: float) -> None:
    # (below 1e-150 floatformat gives up and prints the float as it is, "9.6e-213"; we
    # print 0,0: no expectation or harm is that small)
    for language in ("sv", "en"):
        with translation.override(language):
            assert one_decimal(value) == floatformat(value, 1)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**7))
def test_whole_reads_as_localize(value: int) -> None:
    with translation.override("sv"):
        assert whole(value) == str(localize(value))


def test_swedish_decimal_comma_in_the_row() -> None:
    row = {
        "label": "Skadegörelse",
        "observed": 3,
        "expected": 1.25,
        "lower": 0,
        "upper": 4,
        "flagged": False,
        "above_band": False,
        "harm": 4.5,
        "four_weeks": {"observed": 7, "expected": 5.0, "lower": 1, "upper": 11, "flagged": True},
    }
    with translation.override("sv"):
        html = category_row(row)
    assert 'class="week-table__flagged"' in html
    assert "1,3 <span" in html  # 1.25 rounded half up, decimal comma
    assert "(0–4)" in html and "(1–11)" in html
    assert ">4,5</td>" in html
    assert "ovanligt högt över fyra veckor" in html.lower()


def test_a_name_with_markup_is_escaped() -> None:
    row = {"label": '<img src=x onerror="alert(1)">', "observed": 0, "expected": None}
    html = category_row(row)
    assert "<img" not in html and "&lt;img" in html


def test_old_snapshot_without_four_week_reading() -> None:
    row = {"label": "A", "observed": 1, "expected": 0.5, "lower": 0, "upper": 2}
    html = category_row(row)
    assert html.count('<td class="num">–</td>') == 2  # the missing four-week reading
    assert unusual(None) == unusual({})  # no reading at all: "no test"


def test_tags_load_in_a_template() -> None:
    template = Template("{% load week_cells %}{% reading_cells r %}|{% unusual r %}")
    with translation.override("en"):
        out = template.render(Context({"r": {"observed": 2, "expected": None}}))
    assert out == (
        '<td class="num">2</td><td class="num">–</td>|'
        '<span class="muted">no test (too short a history)</span>'
    )
