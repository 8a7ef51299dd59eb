"""python manage.py check_layers: the import graph between Trygg's apps, and the layer rule.

Prints every app-to-app edge with its number of import statements, marks violations with the
file and line, and exits non-zero when there is one (tests/test_layers.py runs the same check).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trygg.core import layers

ROOT = Path(__file__).resolve().parents[3]


class Command(BaseCommand):
    help = "Print the import graph between Trygg's apps and fail on a layer violation."

    def handle(self, *args: Any, **options: Any) -> None:
        found = layers.edges(ROOT)
        unknown = layers.unknown_apps(ROOT)
        self.stdout.write("Layers (bottom first; an app imports only apps in lower layers):")
        for index, apps in enumerate(layers.LAYERS):
            self.stdout.write(f"  {index:2d}  {', '.join(apps)}")
        self.stdout.write("\nImports between apps (statements):")
        for (importer, imported), count in sorted(layers.graph(found).items()):
            mark = "" if layers.allowed(importer, imported) else "   <-- VIOLATION"
            self.stdout.write(f"  {importer:>14} -> {imported:<14} {count:4d}{mark}")
        bad = [edge for edge in found if not edge.ok]
        for edge in bad:
            self.stderr.write(f"{edge.path}:{edge.line}: {edge.importer} imports {edge.module}")
        for app in unknown:
            self.stderr.write(f"trygg/{app}/ is not in trygg.core.layers.LAYERS")
        if bad or unknown:
            raise CommandError(
                f"{len(bad)} import(s) break the layer rule, {len(unknown)} app(s) unplaced "
                "(docs/architecture.md, 'Layers')."
            )
        self.stdout.write(self.style.SUCCESS("\nNo layer violations."))
