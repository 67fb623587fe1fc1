"""Read models: frozen, plain data that web/ and reports/ may hold. Aggregates never leave services/."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID


@dataclass(frozen=True)
class ProcedureView:
    id: UUID
    version: int
    code: str
    national_code: str
    name: str
    status: str
    status_label: str
    category: str
    field: str
    levels: tuple[str, ...]
    managing_unit: UUID
    managing_unit_name: str
    listing_unit: UUID
    handling_agency: str
    last_decision: str
    in_force_from: date | None
    publication_no: int
    recommendation: str
    cost_before_year: Decimal | None
    cost_after_year: Decimal | None
    reduction_pct: Decimal | None
    recorded_at: datetime
    details: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    event: str
    label: str
    recorded_at: datetime
    actor: UUID
    actor_name: str
    acting_unit: UUID
    acting_unit_name: str
    effective_date: date | None
    summary: str
    changes: tuple[Change, ...]
    position: int | None = None


@dataclass(frozen=True)
class UnitView:
    id: UUID
    code: str
    name: str
    kind: str
    level: str
    parent: UUID | None
    parent_code: str
    established_on: date
    ended_on: date | None
    successor: UUID | None
