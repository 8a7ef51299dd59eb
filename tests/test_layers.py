"""The layer rule between apps (docs/architecture.md, "Layers"), on the real source tree and on
a planted violation, through the same code as `manage.py check_layers`."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trygg.core import layers

ROOT = Path(__file__).resolve().parent.parent / "trygg"


def test_no_app_imports_an_app_above_or_beside_it() -> None:
    bad = [f"{e.path}:{e.line} {e.importer} -> {e.module}" for e in layers.edges(ROOT) if not e.ok]
    assert bad == []


def test_every_app_has_a_layer() -> None:
    assert layers.unknown_apps(ROOT) == []


def test_the_order_of_the_issue() -> None:
    order = [app for apps in layers.LAYERS for app in apps]
    assert order[:5] == ["core", "geo", "analysis", "accounts", "places"]
    assert layers.allowed("reports", "places")
    assert not layers.allowed("places", "reports")
    assert not layers.allowed("core", "geo")  # same layer
    assert not layers.allowed("public", "setup")  # same layer
    assert layers.allowed("setup", "situation")


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "trygg"
    for app in ("core", "accounts", "places", "reports"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_lazy_type_checking_and_from_package_imports_count(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "places/services.py": "def f():\n    from trygg.reports.services import x\n",
            "accounts/models.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from trygg.places.models import Municipality\n"
            ),
            "core/views.py": "from trygg import accounts\n",
            "reports/api.py": "from trygg.places import selectors\nimport trygg.core.audit\n",
        },
    )
    bad = sorted((e.path, e.line, e.imported) for e in layers.edges(root) if not e.ok)
    assert bad == [
        ("trygg/accounts/models.py", 3, "places"),
        ("trygg/core/views.py", 1, "accounts"),
        ("trygg/places/services.py", 2, "reports"),
    ]


def test_an_unplaced_app_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"newthing/__init__.py": ""})
    assert layers.unknown_apps(root) == ["newthing"]


def test_command_prints_the_graph_and_fails_on_a_violation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = StringIO()
    call_command("check_layers", stdout=out)
    assert "reports -> places" in " ".join(out.getvalue().split())
    assert "No layer violations" in out.getvalue()

    from trygg.core.management.commands import check_layers

    root = _tree(tmp_path, {"places/views.py": "from trygg.reports.models import Report\n"})
    monkeypatch.setattr(check_layers, "ROOT", root)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_layers", stdout=StringIO(), stderr=err)
    assert "trygg/places/views.py:1: places imports trygg.reports.models" in err.getvalue()
