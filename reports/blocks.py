"""Building blocks of the view models (shared by the four documents; see `reports.models`).

Frozen dataclasses, tuples, Decimal VND, datetime.date. Services build these from read models;
`reports` never sees aggregates. Codes that belong to the domain (procedure status, recommendation,
event type, category) are plain strings, labelled in Vietnamese by `reports.labels` (unknown codes
print as they are). Derived figures (savings, rates, totals) are properties, so a template can
never show a rate that disagrees with its counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
_HEX = re.compile(r"[0-9a-f]+")


def pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole × 100, rounded half-up to 2 places; None when whole is 0 (no basis)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, ROUND_HALF_UP)


def _require_money(*values: object) -> None:
    for value in values:
        if value is not None and not isinstance(value, Decimal | int):
            raise TypeError(f"money must be Decimal (VND), got {type(value).__name__}: {value!r}")


class _Summable:
    """Field-wise addition, so a totals row is `sum(rows, Counts())`."""

    def __add__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return type(self)(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


class MilestoneStatus(StrEnum):
    MET = "MET"
    MISSED = "MISSED"
    AT_RISK = "AT_RISK"
    PENDING = "PENDING"


class ChangeType(StrEnum):
    """Change types of a publication decision, in the order the annex prints them."""

    NEW = "NEW"
    AMENDED = "AMENDED"
    SUPPLEMENTED = "SUPPLEMENTED"
    REPLACED = "REPLACED"
    ABOLISHED = "ABOLISHED"
    STANDARDISED = "STANDARDISED"


# --- shared by every document -------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    name: str  # "VĂN PHÒNG" (the heading prints it upper-case)
    superior: str | None = None  # "UBND TỈNH LẠNG SƠN"


@dataclass(frozen=True)
class Signature:
    title: str  # "CHÁNH VĂN PHÒNG"
    signer: str | None = None  # printed under the blank signing space when known
    authority: str | None = None  # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"


@dataclass(frozen=True)
class Provenance:
    """Where in the event log the report's figures come from; printed in every page footer."""

    chain_head: str  # hex link of the integrity chain at log_position
    log_position: int  # notification-log position the report was built from
    recorded_at: datetime  # record time at that position (tz-aware); fixes the PDF dates

    def __post_init__(self) -> None:
        if not _HEX.fullmatch(self.chain_head):
            raise ValueError(f"chain_head must be lower-case hex: {self.chain_head!r}")
        if self.log_position < 0:
            raise ValueError("log_position must be >= 0")
        if self.recorded_at.utcoffset() is None:
            raise ValueError("recorded_at must be timezone-aware")


@dataclass(frozen=True)
class ReportMeta:
    issuer: Issuer
    number_symbol: str  # "BC-VP" → "Số: …/BC-VP"
    place: str  # "Lạng Sơn"
    dated: date  # date line: "Lạng Sơn, ngày 28 tháng 12 năm 2022"
    signature: Signature
    provenance: Provenance
    number: str | None = None  # None prints the "…" placeholder
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitRef:
    name: str  # "UBND xã Hữu Lũng"
    level: str  # "Cấp xã" (levels are data, never an enum)


@dataclass(frozen=True)
class PlanRef:
    code: str  # "243/KH-UBND"
    title: str  # "Kế hoạch rà soát, đơn giản hóa TTHC nội bộ … giai đoạn 2022 - 2025"
    issued_on: date | None = None


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalCounts(_Summable):
    abolish: int = 0
    amend: int = 0
    supplement: int = 0
    replace: int = 0

    @property
    def total(self) -> int:
        return self.abolish + self.amend + self.supplement + self.replace


@dataclass(frozen=True)
class Counts(_Summable):
    baseline: int = 0  # procedures published at the plan's baseline (denominator of cut rates)
    listed: int = 0
    verified: int = 0
    published: int = 0
    publicised: int = 0
    reviewed: int = 0
    proposed: ProposalCounts = ProposalCounts()
    approved: int = 0
    abolished: int = 0
    simplified: int = 0  # implemented AMEND / SUPPLEMENT / REPLACE

    @property
    def abolished_pct(self) -> Decimal | None:
        """Procedures cut, abolished-only definition."""
        return pct(self.abolished, self.baseline)

    @property
    def cut_pct(self) -> Decimal | None:
        """Procedures cut, (abolished + simplified) / baseline."""
        return pct(self.abolished + self.simplified, self.baseline)


@dataclass(frozen=True)
class CostSummary(_Summable):
    before: Decimal = Decimal(0)  # VND per year, over procedures with both worksheets
    after: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        _require_money(self.before, self.after)

    @property
    def saved(self) -> Decimal:
        return self.before - self.after

    @property
    def reduction_pct(self) -> Decimal | None:
        return pct(self.saved, self.before)


@dataclass(frozen=True)
class Indicator:
    metric: str  # "Tỷ lệ TTHC nội bộ được rà soát, đơn giản hóa"
    threshold_pct: Decimal
    deadline: date
    actual_pct: Decimal | None
    status: MilestoneStatus


@dataclass(frozen=True)
class ProcedureRow:
    name: str
    field: str
    status: str  # domain status code, e.g. "REVIEWED"
    code: str | None = None
    recommendation: str | None = None  # KEEP | ABOLISH | AMEND | SUPPLEMENT | REPLACE
    cost_before: Decimal | None = None  # VND per year
    cost_after: Decimal | None = None

    def __post_init__(self) -> None:
        _require_money(self.cost_before, self.cost_after)

    @property
    def reduction_pct(self) -> Decimal | None:
        if self.cost_before is None or self.cost_after is None:
            return None
        return pct(self.cost_before - self.cost_after, self.cost_before)
