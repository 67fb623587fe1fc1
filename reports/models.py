"""The four report documents (view models in, bytes out): what services hand to `render_pdf`.

Every document carries a `ReportMeta` (issuer, number, place and date, signature, provenance).
`kind` names the template (`templates/<kind>.html`) and the `document` key of the JSON.
The building blocks are re-exported here, so `from reports.models import …` is the one import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from reports.blocks import (
    ChangeType,
    CostSummary,
    Counts,
    Indicator,
    Issuer,
    MilestoneStatus,
    PlanRef,
    ProcedureRow,
    ProposalCounts,
    Provenance,
    ReportMeta,
    Signature,
    UnitRef,
    pct,
)

__all__ = [
    "AnnexItem",
    "ChangeType",
    "CostSummary",
    "Counts",
    "DecisionRef",
    "Document",
    "EvidenceEvent",
    "EvidencePack",
    "FieldChange",
    "Indicator",
    "Issuer",
    "LevelRow",
    "LevelSummary",
    "MilestoneStatus",
    "PlanRef",
    "ProcedureIdentity",
    "ProcedureRow",
    "ProposalCounts",
    "Provenance",
    "PublicationAnnex",
    "ReportMeta",
    "Signature",
    "UnitRef",
    "UnitReport",
    "pct",
]


# --- 1. unit report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitReport:
    """ "Báo cáo kết quả rà soát, đơn giản hóa TTHC nội bộ" for one unit (any level) as of a date."""

    kind: ClassVar[str] = "unit_report"
    meta: ReportMeta
    unit: UnitRef
    as_of: date
    plan: PlanRef
    indicators: tuple[Indicator, ...]
    counts: Counts
    cost: CostSummary
    procedures: tuple[ProcedureRow, ...]


# --- 2. level summary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    unit: str  # "UBND xã Hữu Lũng"
    counts: Counts
    cost: CostSummary
    status: MilestoneStatus  # worst milestone status of the unit

    @property
    def at_risk(self) -> bool:
        return self.status in (MilestoneStatus.AT_RISK, MilestoneStatus.MISSED)


@dataclass(frozen=True)
class LevelSummary:
    """One row per subordinate unit of `parent` at `level`, with a totals row."""

    kind: ClassVar[str] = "level_summary"
    meta: ReportMeta
    parent: UnitRef
    level: str  # "Cấp xã"
    as_of: date
    plan: PlanRef
    rows: tuple[LevelRow, ...]

    @property
    def total_counts(self) -> Counts:
        return sum((row.counts for row in self.rows), Counts())

    @property
    def total_cost(self) -> CostSummary:
        return sum((row.cost for row in self.rows), CostSummary())

    @property
    def units_at_risk(self) -> int:
        return sum(row.at_risk for row in self.rows)


# --- 3. publication annex ------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRef:
    issuer: str  # "Chủ tịch UBND tỉnh Lạng Sơn"
    number: str | None = None  # "680/QĐ-UBND"; None prints "…/QĐ-UBND"-style placeholder
    number_symbol: str = "QĐ-UBND"
    issued_on: date | None = None


@dataclass(frozen=True)
class AnnexItem:
    change_type: ChangeType
    level: str  # "Cấp tỉnh"
    level_rank: int  # orders the level groups (province before commune)
    field: str  # lĩnh vực, e.g. "Thi đua - Khen thưởng"
    name: str
    handling_agency: str
    code: str | None = None
    legal_basis: str = ""
    replaces: str | None = None  # REPLACED: name of the procedure this one replaces
    note: str = ""


@dataclass(frozen=True)
class PublicationAnnex:
    """ "Danh mục TTHC nội bộ (kèm theo Quyết định số …)": grouped change type → level → field."""

    kind: ClassVar[str] = "publication_annex"
    meta: ReportMeta
    decision: DecisionRef
    items: tuple[AnnexItem, ...]


# --- 4. evidence pack ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureIdentity:
    procedure_id: str  # aggregate id (UUID text)
    name: str
    field: str
    category: str  # INTER_AGENCY | INTRA_ORGANISATION
    managing_unit: str
    status: str
    version: int
    national_code: str | None = None
    local_code: str | None = None


@dataclass(frozen=True)
class FieldChange:
    field: str  # content field name ("time_limit") or a ready label
    old: str | None
    new: str | None


@dataclass(frozen=True)
class EvidenceEvent:
    position: int  # notification-log position
    version: int  # aggregate version
    event_type: str  # stored event name, e.g. "ListingVerified"
    actor: str  # account display name
    actor_unit: str
    recorded_at: datetime  # record time (tz-aware)
    effective_date: date | None = None
    changes: tuple[FieldChange, ...] = ()
    note: str = ""  # reason, decision number, URL …


@dataclass(frozen=True)
class EvidencePack:
    """One procedure's identity and its full event history in log order, for auditors."""

    kind: ClassVar[str] = "evidence_pack"
    meta: ReportMeta
    procedure: ProcedureIdentity
    events: tuple[EvidenceEvent, ...]


Document = UnitReport | LevelSummary | PublicationAnnex | EvidencePack
