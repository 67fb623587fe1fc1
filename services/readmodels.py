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


@dataclass(frozen=True)
class RegistryRow:
    procedure_id: UUID
    code: str
    national_code: str
    name: str
    category: str
    field: str
    levels: tuple[str, ...]
    managing_unit: UUID
    managing_unit_name: str
    status: str
    status_label: str
    last_decision: str
    in_force_from: date | None
    recommendation: str
    proposal_kind: str
    cost_before: Decimal | None
    cost_after: Decimal | None
    reduction_pct: Decimal | None
    version: int


@dataclass(frozen=True)
class Page:
    rows: tuple[RegistryRow, ...]
    total: int
    page: int
    per_page: int


@dataclass(frozen=True)
class VersionRow:
    """A procedure as it stood at a point on one of the two time axes."""

    procedure_id: UUID
    code: str
    name: str
    category: str
    field: str
    levels: tuple[str, ...]
    managing_unit: UUID
    status: str
    decision: str
    valid_from: str
    valid_to: str | None
    version: int | None = None
    change_type: str = ""


@dataclass(frozen=True)
class AuditRow:
    position: int
    aggregate_id: UUID
    aggregate_type: str
    version: int
    event: str
    label: str
    actor: UUID
    actor_name: str
    acting_unit: UUID
    acting_unit_name: str
    recorded_at: datetime
    effective_date: date | None
    summary: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class UnitRow:
    id: UUID
    code: str
    name: str
    kind: str
    level: str
    parent: UUID | None
    parent_code: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class Figures:
    """Progress of one unit (with everything under it) as of one date."""

    unit: UUID
    as_of: date
    listed: int
    verified: int
    published: int
    publicised: int
    reviewed: int
    proposed: dict[str, int]
    with_proposal: int  # procedures with a simplification plan, or already abolished or simplified
    approved: int
    abolished: int
    simplified: int
    baseline: int
    cost_before: Decimal
    cost_after: Decimal

    @property
    def cost_saved(self) -> Decimal:
        return self.cost_before - self.cost_after

    @property
    def cost_reduction_pct(self) -> Decimal | None:
        return None if self.cost_before == 0 else self.cost_saved * 100 / self.cost_before

    @property
    def cut_pct(self) -> Decimal | None:
        return None if self.baseline == 0 else Decimal(self.abolished + self.simplified) * 100 / self.baseline

    @property
    def abolished_pct(self) -> Decimal | None:
        return None if self.baseline == 0 else Decimal(self.abolished) * 100 / self.baseline


@dataclass(frozen=True)
class MilestoneStatus:
    metric: str
    label: str
    threshold_pct: Decimal
    deadline: date
    actual_pct: Decimal | None
    status: str  # MET, MISSED, AT_RISK, ON_TRACK
    status_label: str


@dataclass(frozen=True)
class Progress:
    unit: UUID
    unit_name: str
    level: str
    as_of: date
    figures: Figures
    plan_code: str
    milestones: tuple[MilestoneStatus, ...]

    @property
    def at_risk(self) -> bool:
        return any(m.status in ("AT_RISK", "MISSED") for m in self.milestones)
