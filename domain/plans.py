"""Plans (kế hoạch) with their milestones, and the yearly cost parameters of the SCM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from domain.base import LedgerAggregate, natural_id
from domain.enums import Metric
from domain.errors import DomainError
from domain.values import Actor, Immutable, nfc, normalise, require

T = "tthc:Plan"
C = "tthc:CostParameters"


@dataclass(frozen=True)
class Milestone(Immutable):
    """"≥ threshold % of `metric` by `deadline` for units of `levels` (empty = every level)."""

    metric: Metric
    threshold_pct: Decimal
    deadline: date
    levels: tuple[str, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        normalise(self)
        if isinstance(self.metric, str):
            object.__setattr__(self, "metric", Metric(self.metric))
        object.__setattr__(self, "threshold_pct", Decimal(str(self.threshold_pct)))

    def validate(self) -> None:
        require(Decimal(0) < self.threshold_pct <= Decimal(100), "threshold_pct",
                "Chỉ tiêu phải lớn hơn 0 % và không quá 100 %.")


class Plan(LedgerAggregate):
    TOPIC = T

    @staticmethod
    def id_for(code: str) -> UUID:
        return natural_id("plan", code)

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Adopted"
        code: str
        title: str
        scope_unit: UUID
        issued_on: date
        baseline_date: date
        milestones: tuple[Milestone, ...]

    @event(Created)
    def __init__(self, id: UUID, code: str, title: str, scope_unit: UUID, issued_on: date, baseline_date: date,
                 milestones: tuple[Milestone, ...], actor: UUID, acting_unit: UUID) -> None:
        self.code = code
        self.title = title
        self.scope_unit = scope_unit
        self.issued_on = issued_on
        self.baseline_date = baseline_date
        self.milestones = list(milestones)
        self.closed_on: date | None = None

    @classmethod
    def adopt(cls, code: str, title: str, scope_unit: UUID, issued_on: date, baseline_date: date,
              milestones: tuple[Milestone, ...], by: Actor) -> Plan:
        code, title = nfc(code) or "", nfc(title) or ""
        require("/" in code, "code", f"Số hiệu kế hoạch «{code}» không đúng dạng (vd. 243/KH-UBND).")
        require(bool(title), "title", "Tên kế hoạch không được để trống.")
        require(bool(milestones), "milestones", "Kế hoạch phải có ít nhất một mốc chỉ tiêu.")
        for m in milestones:
            m.validate()
        return cls(id=cls.id_for(code), code=code, title=title, scope_unit=scope_unit, issued_on=issued_on,
                   baseline_date=baseline_date, milestones=tuple(milestones), actor=by.account, acting_unit=by.unit)

    def amend_milestone(self, index: int, milestone: Milestone, reason: str, by: Actor) -> None:
        self._require_open()
        require(0 <= index < len(self.milestones), "index", "Không có mốc chỉ tiêu này trong kế hoạch.")
        milestone.validate()
        require(bool(nfc(reason)), "reason", "Phải nêu căn cứ điều chỉnh mốc (vd. Công văn 1927/VPCP-KSTT).")
        self._milestone_amended(index=index, milestone=milestone, reason=nfc(reason),
                                actor=by.account, acting_unit=by.unit)

    @event("MilestoneAmended", topic=f"{T}.MilestoneAmended")
    def _milestone_amended(self, index: int, milestone: Milestone, reason: str, actor: UUID, acting_unit: UUID) -> None:
        self.milestones[index] = milestone

    def close(self, on: date, by: Actor) -> None:
        self._require_open()
        self._closed(on=on, actor=by.account, acting_unit=by.unit)

    @event("Closed", topic=f"{T}.Closed")
    def _closed(self, on: date, actor: UUID, acting_unit: UUID) -> None:
        self.closed_on = on

    def _require_open(self) -> None:
        if self.closed_on is not None:
            raise DomainError(f"Kế hoạch {self.code} đã kết thúc.")


class CostParameters(LedgerAggregate):
    """Average income per working hour, by year, nationally or for one province (a dated, sourced figure)."""

    TOPIC = C

    @staticmethod
    def id_for(scope_unit: UUID | None) -> UUID:
        return natural_id("cost-parameters", str(scope_unit or "national"))

    class Created(LedgerAggregate.Created):
        TOPIC = f"{C}.Started"
        scope_unit: UUID | None

    @event(Created)
    def __init__(self, id: UUID, scope_unit: UUID | None, actor: UUID, acting_unit: UUID) -> None:
        self.scope_unit = scope_unit
        self.hourly_income: dict[int, Decimal] = {}
        self.sources: dict[int, str] = {}

    def set_hourly_income(self, year: int, vnd_per_hour: Decimal, source: str, by: Actor) -> None:
        require(1990 <= year <= 2100, "year", f"Năm {year} không hợp lệ.")
        require(vnd_per_hour > 0, "vnd_per_hour", "Thu nhập bình quân một giờ phải lớn hơn 0.")
        require(bool(nfc(source)), "source", "Phải ghi nguồn số liệu (văn bản, niên giám thống kê, …).")
        self._hourly_income_set(year=year, vnd_per_hour=Decimal(str(vnd_per_hour)), source=nfc(source),
                                actor=by.account, acting_unit=by.unit)

    @event("HourlyIncomeSet", topic=f"{C}.HourlyIncomeSet")
    def _hourly_income_set(self, year: int, vnd_per_hour: Decimal, source: str, actor: UUID, acting_unit: UUID) -> None:
        self.hourly_income[year] = vnd_per_hour
        self.sources[year] = source
