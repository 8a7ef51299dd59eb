"""What a lägesbild document shows (the staff page, the PDF for the council's agenda, the
public page and its PDF): the version's parts as numbered sections with their figures, the
findings, the source register and the decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.plans.choices import PicturePart
from trygg.plans.figures import Presented, presented_all
from trygg.plans.models import CrimePicture, CrimePictureVersion
from trygg.plans.selectors.picture import figures_of, findings_of, sources_of


@dataclass
class Section:
    number: int
    anchor: str
    title: str
    text: str
    figures: list[Presented] = field(default_factory=list)


PART_TEXT = {
    PicturePart.MAPPING: "part_mapping",
    PicturePart.OTHER: "part_other",
    PicturePart.ANALYSIS: "part_analysis",
    PicturePart.MEASURES: "position_on_measures",
}


def sections_of(version: CrimePictureVersion, *, public: bool) -> list[Section]:
    """The law's three parts and the position on measures, numbered 1–4, each with its
    figures (numbered through the document); a frozen figure shows what was decided."""
    figures = presented_all(figures_of(version), public=public)
    return [
        Section(
            number=int(part),
            anchor=f"del-{int(part)}",
            title=str(part.label),
            text=getattr(version, PART_TEXT[part]),
            figures=figures.get(int(part), []),
        )
        for part in PicturePart
    ]


def picture_context(
    picture: CrimePicture, version: CrimePictureVersion, *, public: bool
) -> dict[str, Any]:
    sections = sections_of(version, public=public)
    findings = findings_of(version)
    sources = sources_of(version)
    n = len(sections)
    return {
        "picture": picture,
        "version": version,
        "municipality": picture.municipality,
        "sections": sections,
        "findings": findings,
        "findings_number": n + 1,
        "sources": sources,
        "sources_number": n + 2,
        "figure_count": sum(len(s.figures) for s in sections),
        "public": public,
        "threshold": settings.TRYGG_PUBLIC_MIN_COUNT,
        "threshold_below": settings.TRYGG_PUBLIC_MIN_COUNT - 1,
        "today": timezone.localdate(),
        "document_label": _("Crime picture"),
    }
