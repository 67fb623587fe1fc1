"""Standard Cost Model (phương pháp chi phí chuẩn), TT 02/2017/TT-VPCP Điều 27.

Cost of one compliance = Σ(hours × hourly income) + fees + other costs;
cost per year = cost of one compliance × subjects per year × times per subject per year.
Money is Decimal VND throughout; rounding happens only when a figure is displayed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.values import Immutable, normalise, require

HUNDRED = Decimal(100)


def _dec(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class Activity(Immutable):
    """One piece of work the subject does (prepare the dossier, travel and wait, …), in hours."""

    name: str
    hours: Decimal

    def __post_init__(self) -> None:
        normalise(self)
        object.__setattr__(self, "hours", _dec(self.hours))


@dataclass(frozen=True)
class OtherCost(Immutable):
    """Copies, printing, postage, travel, outside services: VND per compliance."""

    name: str
    vnd: Decimal

    def __post_init__(self) -> None:
        normalise(self)
        object.__setattr__(self, "vnd", _dec(self.vnd))


@dataclass(frozen=True)
class CostWorksheet(Immutable):
    """The SCM worksheet of one procedure in one scenario (before or after simplification).

    `hourly_income_source` records where the VND/hour came from: the year's parameter, or an
    override with its reason, so an auditor can tell a computed figure from a typed-in one.
    """

    year: int
    hourly_income: Decimal
    activities: tuple[Activity, ...] = ()
    fees: Decimal = Decimal(0)
    other_costs: tuple[OtherCost, ...] = ()
    subjects_per_year: int = 1
    times_per_subject_per_year: Decimal = Decimal(1)
    hourly_income_source: str = ""

    def __post_init__(self) -> None:
        normalise(self)
        object.__setattr__(self, "hourly_income", _dec(self.hourly_income))
        object.__setattr__(self, "fees", _dec(self.fees))
        object.__setattr__(self, "times_per_subject_per_year", _dec(self.times_per_subject_per_year))

    def validate(self) -> None:
        require(1990 <= self.year <= 2100, "year", f"Năm tính chi phí {self.year} không hợp lệ.")
        require(self.hourly_income > 0, "hourly_income", "Thu nhập bình quân một giờ làm việc phải lớn hơn 0.")
        require(self.fees >= 0, "fees", "Phí, lệ phí không được âm.")
        require(self.subjects_per_year >= 0, "subjects_per_year", "Số đối tượng thực hiện trong năm không được âm.")
        require(self.times_per_subject_per_year >= 0, "times_per_subject_per_year",
                "Số lần thực hiện trong năm không được âm.")
        names = [a.name for a in self.activities]
        require(all(names), "activities", "Mỗi công việc phải có tên.")
        require(len(names) == len(set(names)), "activities", "Tên công việc bị trùng.")
        for a in self.activities:
            require(a.hours >= 0, "activities", f"Số giờ của «{a.name}» không được âm.")
        for c in self.other_costs:
            require(bool(c.name), "other_costs", "Mỗi khoản chi phí khác phải có tên.")
            require(c.vnd >= 0, "other_costs", f"Chi phí «{c.name}» không được âm.")

    @property
    def total_hours(self) -> Decimal:
        return sum((a.hours for a in self.activities), Decimal(0))

    def activity_cost(self, activity: Activity) -> Decimal:
        return activity.hours * self.hourly_income

    @property
    def labour_cost(self) -> Decimal:
        return self.total_hours * self.hourly_income

    @property
    def other_cost(self) -> Decimal:
        return sum((c.vnd for c in self.other_costs), Decimal(0))

    @property
    def cost_per_compliance(self) -> Decimal:
        return self.labour_cost + self.fees + self.other_cost

    @property
    def compliances_per_year(self) -> Decimal:
        return self.subjects_per_year * self.times_per_subject_per_year

    @property
    def cost_per_year(self) -> Decimal:
        return self.cost_per_compliance * self.compliances_per_year


@dataclass(frozen=True)
class Saving(Immutable):
    """Benefit of a simplification: before − after, and the reduction rate in percent."""

    before: Decimal
    after: Decimal

    @property
    def saved(self) -> Decimal:
        return self.before - self.after

    @property
    def reduction_pct(self) -> Decimal | None:
        """None when there was no cost to reduce (a rate over zero means nothing)."""
        if self.before == 0:
            return None
        return self.saved / self.before * HUNDRED

    def __add__(self, other: Saving) -> Saving:
        return Saving(self.before + other.before, self.after + other.after)

    @classmethod
    def of(cls, before: CostWorksheet, after: CostWorksheet) -> Saving:
        return cls(before.cost_per_year, after.cost_per_year)

    @classmethod
    def total(cls, savings: list[Saving] | tuple[Saving, ...]) -> Saving:
        return sum(savings, cls(Decimal(0), Decimal(0)))


@dataclass(frozen=True)
class CutCount(Immutable):
    """The two ways of counting "procedures cut" over the procedures published at the baseline."""

    baseline: int
    abolished: int
    simplified: int

    @property
    def abolished_pct(self) -> Decimal | None:
        return None if self.baseline == 0 else Decimal(self.abolished) * HUNDRED / self.baseline

    @property
    def cut_pct(self) -> Decimal | None:
        return None if self.baseline == 0 else Decimal(self.abolished + self.simplified) * HUNDRED / self.baseline
