"""No markup from data inserted as HTML by Trygg's own JavaScript (static/js, not vendor/).

Leaflet's ``bindTooltip``/``bindPopup``/``setContent`` insert a *string* with ``innerHTML``;
area and place names come from imports, so a name such as ``<img src=x onerror=...>`` ran as
markup. Content must be a constant string literal or a DOM node built by a helper of the same
file that uses ``document.createElement``/``createTextNode`` (and no HTML-parsing API).
Assigning ``innerHTML``/``outerHTML``, ``insertAdjacentHTML``, ``document.write`` and Leaflet's
``html:`` option are allowed only with a constant string literal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parents[1] / "static" / "js"

#: Files another helper of issue 8 rewrites (the hot-spot map); remove the entry when that
#: work is merged, so that the scan covers every file.
PENDING: dict[str, str] = {}

CONTENT_CALLS = re.compile(
    r"\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent|setContent)\s*\("
)
HTML_SINKS = re.compile(
    r"(\.innerHTML\s*\+?=|\.outerHTML\s*\+?=|insertAdjacentHTML\s*\(|document\.write(?:ln)?\s*\("
    r"|\bhtml\s*:)"
)
STRING_LITERAL = re.compile(r"""^\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*$""")
HELPER_CALL = re.compile(r"^\s*([A-Za-z_$][\w$]*)\s*\(.*\)\s*$", re.DOTALL)
HTML_PARSERS = ("innerHTML", "outerHTML", "insertAdjacentHTML", "DOMParser", "createRange")


def _balanced(text: str, start: int, open_: str, close: str) -> str:
    """The text from `start` (just after an opening bracket) to its matching close."""
    depth, i, quote = 1, start, ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return text[start:i]
        i += 1
    raise ValueError("unbalanced")


def _first_argument(args: str) -> str:
    depth, quote, i = 0, "", 0
    while i < len(args):
        c = args[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            return args[:i]
        i += 1
    return args


def _node_builders(source: str) -> set[str]:
    """Functions of the file that build DOM nodes and parse no HTML."""
    out = set()
    for match in re.finditer(r"function\s+([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{", source):
        body = _balanced(source, match.end(), "{", "}")
        builds = "document.createElement" in body or "document.createTextNode" in body
        if builds and not any(api in body for api in HTML_PARSERS):
            out.add(match.group(1))
    return out


def _line(source: str, index: int) -> int:
    return source.count("\n", 0, index) + 1


def unsafe_sinks(source: str) -> list[str]:
    """Every place where `source` may insert non-constant text as HTML."""
    problems = []
    builders = _node_builders(source)
    for match in CONTENT_CALLS.finditer(source):
        argument = _first_argument(_balanced(source, match.end(), "(", ")")).strip()
        if STRING_LITERAL.match(argument):
            continue
        helper = HELPER_CALL.match(argument)
        if helper and helper.group(1) in builders:
            continue
        problems.append(f"line {_line(source, match.start())}: {match.group(1)}({argument})")
    for match in HTML_SINKS.finditer(source):
        rest = source[match.end() :]
        if match.group(0).endswith("("):
            args = _balanced(source, match.end(), "(", ")")
            value = _first_argument(args)
            if match.group(0).startswith("insertAdjacentHTML"):
                value = _first_argument(args[len(value) + 1 :])
        else:
            value = re.split(r"[;\n]|,\s*\w+\s*:|\}", rest, maxsplit=1)[0]
        if not STRING_LITERAL.match(value):
            problems.append(
                f"line {_line(source, match.start())}: {match.group(0)} {value.strip()}"
            )
    return problems


def _own_files() -> list[Path]:
    return sorted(p for p in JS_DIR.glob("*.js") if p.name not in PENDING)


@pytest.mark.parametrize("path", _own_files(), ids=lambda p: p.name)
def test_no_data_inserted_as_html(path: Path) -> None:
    assert unsafe_sinks(path.read_text(encoding="utf-8")) == []


def test_the_scan_covers_every_file_except_pending_ones() -> None:
    names = {p.name for p in JS_DIR.glob("*.js")}
    assert set(PENDING) <= names, "a PENDING entry names a file that no longer exists"
    assert len(_own_files()) >= 4


@pytest.mark.parametrize(
    "snippet",
    [
        "layer.bindTooltip(feature.properties.name, { sticky: true });",
        'layer.bindTooltip("Area: " + name);',
        "marker.bindPopup(`<b>${p.name}</b>`);",
        "box.innerHTML = props.name;",
        "box.innerHTML += '<b>' + x + '</b>';",
        "el.insertAdjacentHTML('beforeend', name);",
        "L.divIcon({ html: name, className: 'x' });",
        "function bad(t) { var s = document.createElement('b'); s.innerHTML = t; return s; }\n"
        "layer.bindTooltip(bad(name));",
        "layer.bindTooltip(unknownHelper(name));",
    ],
)
def test_the_scan_finds_unsafe_insertions(snippet: str) -> None:
    assert unsafe_sinks(snippet), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        'layer.bindTooltip("Kommungräns");',
        "function textLabel(t) { var s = document.createElement('span'); s.textContent = t;"
        " return s; }\nlayer.bindTooltip(textLabel(feature.properties.name), { sticky: true });",
        "box.innerHTML = '';",
    ],
)
def test_the_scan_accepts_text_nodes_and_constants(snippet: str) -> None:
    assert unsafe_sinks(snippet) == []
