"""The layer rule between Trygg's apps, and the check that enforces it.

Apps sit in layers; an app may import only apps in layers below its own (docs/architecture.md,
"Layers"). Every ``import`` counts — at module level, inside functions, and under
``TYPE_CHECKING`` — because a lazy import is still a dependency. Where a lower app must show a
higher app's data, the higher app contributes it (``trygg.core.contributions``).

Pure: reads source files with ``ast``; no Django.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "geo", "analysis"),
    ("accounts",),
    ("places",),
    ("reports",),
    ("situation",),
    ("surveys",),
    ("interventions",),
    ("walks",),
    ("meetings",),
    ("promises",),
    ("plans",),
    ("public", "integrations", "setup", "joint"),
)
"""Bottom first. Apps in the same layer may not import each other."""

PACKAGE = "trygg"


def layer_of(app: str) -> int:
    for index, apps in enumerate(LAYERS):
        if app in apps:
            return index
    raise KeyError(app)


def allowed(importer: str, imported: str) -> bool:
    """May app `importer` import app `imported`?"""
    if importer == imported:
        return True
    return layer_of(imported) < layer_of(importer)


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    path: str
    line: int
    module: str

    @property
    def ok(self) -> bool:
        return allowed(self.importer, self.imported)


def _imported_modules(tree: ast.AST) -> Iterable[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            for alias in node.names:
                # "from trygg import reports" names the app in the alias
                if node.module == PACKAGE:
                    yield f"{PACKAGE}.{alias.name}", node.lineno


def edges(root: Path) -> list[Edge]:
    """Every import from one app of ``root`` (the ``trygg`` package directory) to another."""
    found: list[Edge] = []
    apps = {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for app in sorted(apps):
        for path in sorted((root / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for module, line in _imported_modules(tree):
                parts = module.split(".")
                if len(parts) < 2 or parts[0] != PACKAGE or parts[1] == app:
                    continue
                found.append(Edge(app, parts[1], str(path.relative_to(root.parent)), line, module))
    return found


def unknown_apps(root: Path) -> list[str]:
    """Apps under ``root`` that are missing from LAYERS."""
    known = {app for apps in LAYERS for app in apps}
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in known
    )


def graph(found: Iterable[Edge]) -> dict[tuple[str, str], int]:
    """(importer, imported) -> number of import statements."""
    counts: dict[tuple[str, str], int] = {}
    for edge in found:
        key = (edge.importer, edge.imported)
        counts[key] = counts.get(key, 0) + 1
    return counts
