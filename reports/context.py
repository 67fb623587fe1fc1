"""What each template needs beyond the view model: charts, and the annex's grouping and numbering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports import charts
from reports.labels import ANNEX_PARTS
from reports.models import AnnexItem, Document, PublicationAnnex, UnitReport

_LETTERS = "ABCDEFGHIJ"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class AnnexRow:
    number: int  # STT, continuous within one part
    item: AnnexItem


@dataclass(frozen=True)
class FieldGroup:
    field: str
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True)
class LevelGroup:
    numeral: str
    level: str
    fields: tuple[FieldGroup, ...]


@dataclass(frozen=True)
class AnnexPart:
    letter: str
    heading: str
    replaced: bool  # prints the "replaces" column
    levels: tuple[LevelGroup, ...]
    count: int


def _first_seen(values) -> list:
    return list(dict.fromkeys(values))


def annex_parts(items: tuple[AnnexItem, ...]) -> tuple[AnnexPart, ...]:
    """Group by change type (decision order), then level (by rank), then field (first appearance)."""
    parts = []
    for heading, types in ANNEX_PARTS:
        chosen = [item for item in items if item.change_type in types]
        if not chosen:
            continue
        number = 0
        levels = []
        ranked = sorted(_first_seen((i.level_rank, i.level) for i in chosen), key=lambda rl: rl[0])
        for index, (rank, level) in enumerate(ranked):
            in_level = [i for i in chosen if (i.level_rank, i.level) == (rank, level)]
            groups = []
            for field in _first_seen(i.field for i in in_level):
                rows = []
                for item in (i for i in in_level if i.field == field):
                    number += 1
                    rows.append(AnnexRow(number, item))
                groups.append(FieldGroup(field, tuple(rows)))
            levels.append(LevelGroup(_ROMAN[index % len(_ROMAN)], level, tuple(groups)))
        parts.append(AnnexPart(_LETTERS[len(parts)], heading, any(i.replaces for i in chosen), tuple(levels), number))
    return tuple(parts)


def extras(document: Document) -> dict[str, Any]:
    """Template variables derived from the document (never new figures: those live in the models)."""
    if isinstance(document, UnitReport):
        return {
            "progress_chart": charts.milestone_progress(document.indicators),
            "status_chart": charts.status_distribution(document.procedures),
        }
    if isinstance(document, PublicationAnnex):
        return {"parts": annex_parts(document.items)}
    return {}
