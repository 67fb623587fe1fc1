"""`seed(app)`: record the demo province's whole 2022–2025 history into an empty ledger, deterministically."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.errors import DomainError
from services.application import Ledger
from services.demo import listing, reform, review, structure
from services.demo.clock import StoryClock
from services.demo.world import Proc, Unit, World

SEED = 2022
BEFORE_REFORM, AFTER_REFORM = date(2023, 6, 1), date(2025, 12, 1)
TARGETS_DUE = date(2024, 12, 31)  # 1085's "before 01/01/2025"; the 20 % / 20 % targets are read at its end
TARGET_PCT = Decimal(20)


@dataclass(frozen=True)
class UnitProgress:
    """A unit's cut rates on TARGETS_DUE over the procedures it listed and published."""

    unit: str
    published: int
    cut: int
    cut_pct: Decimal
    cost_pct: Decimal

    @property
    def meets_targets(self) -> bool:
        return self.cut_pct >= TARGET_PCT and self.cost_pct >= TARGET_PCT


@dataclass(frozen=True)
class DemoSummary:
    units_before: tuple[tuple[str, int], ...]  # level code -> units in force on BEFORE_REFORM
    units_after: tuple[tuple[str, int], ...]  # level code -> units in force on AFTER_REFORM
    procedures: tuple[tuple[str, int], ...]  # level code -> procedures published (the 307)
    listed: int  # listings, including those withdrawn as mistakes
    published_late: int  # first published after the 01/04/2023 milestone
    withdrawn: int
    returned: int
    reviews: int
    proposals: int
    approved: int
    rejected: int
    simplified: int
    abolished: int
    transferred: int
    standardised: int
    accounts: int
    events: int
    first_recorded: datetime
    last_recorded: datetime
    progress: tuple[UnitProgress, ...]

    @property
    def total_procedures(self) -> int:
        return sum(n for _, n in self.procedures)

    def __str__(self) -> str:
        levels = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}

        def per_level(pairs: tuple[tuple[str, int], ...]) -> str:
            return ", ".join(f"{n} {levels.get(level, level)}" for level, n in pairs)

        return (f"{self.total_procedures} TTHC nội bộ ({per_level(self.procedures)}); "
                f"đơn vị ngày {BEFORE_REFORM:%d/%m/%Y}: {per_level(self.units_before)}; "
                f"ngày {AFTER_REFORM:%d/%m/%Y}: {per_level(self.units_after)}; "
                f"{self.reviews} lượt rà soát, {self.approved} phương án được phê duyệt ({self.rejected} không), "
                f"{self.simplified} thủ tục đơn giản hóa, {self.abolished} bãi bỏ, {self.transferred} chuyển giao; "
                f"{len(self.meeting_targets)} đơn vị đạt, {len(self.missing_targets)} đơn vị chưa đạt chỉ tiêu "
                f"20 %/20 % đến {TARGETS_DUE:%d/%m/%Y}; {self.events} sự kiện ghi từ "
                f"{self.first_recorded:%d/%m/%Y} đến {self.last_recorded:%d/%m/%Y}.")

    @property
    def meeting_targets(self) -> tuple[str, ...]:
        return tuple(p.unit for p in self.progress if p.meets_targets)

    @property
    def missing_targets(self) -> tuple[str, ...]:
        return tuple(p.unit for p in self.progress if not p.meets_targets)


def seed(app: Ledger, progress: Callable[[int, int, str], None] | None = None) -> DemoSummary:
    """Record the demo province (units, accounts, plan, 307 procedures, 2025 reform) into an empty ledger."""
    if app.max_position() != 0:
        raise DomainError("Sổ đã có dữ liệu: chỉ nạp dữ liệu mẫu vào một sổ trống.")
    w = plan(app)
    clock = StoryClock(SEED + 1, date(2022, 12, 5))
    w.timeline.play(app, clock, progress)
    assert clock.first is not None and clock.last is not None
    span = (clock.first, clock.last)
    with app.recorded_by(clock):  # queries below ask for "today": keep them off the real clock too
        return summarise(w, span)


def plan(app: Ledger) -> World:
    """Every action of the story, dated; nothing is recorded yet."""
    w = World(app=app, rng=random.Random(SEED))
    structure.cast_units(w)
    structure.cast_accounts(w)
    listing.cast_procedures(w)
    structure.plan_bootstrap(w)
    structure.plan_parameters_and_plan(w)
    listing.plan_listing(w)
    review.plan_reviews(w)
    structure.plan_department_reform(w)
    structure.plan_local_reform(w)
    reform.plan_transfers(w)
    reform.plan_standardisation(w)
    return w


def summarise(w: World, span: tuple[datetime, datetime]) -> DemoSummary:
    app, stats = w.app, w.stats
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for unit in w.units.values():
        view = app.unit(unit.id)
        for on, counter in ((BEFORE_REFORM, before), (AFTER_REFORM, after)):
            if view.established_on <= on and (view.ended_on is None or on < view.ended_on):
                counter[view.level] += 1
    published: Counter[str] = Counter(p.level for p in w.procs if p.published_on is not None)
    levels = ("province", "district", "commune")
    return DemoSummary(
        units_before=tuple((lv, before[lv]) for lv in levels), units_after=tuple((lv, after[lv]) for lv in levels),
        procedures=tuple((lv, published[lv]) for lv in levels), listed=stats["listed"],
        published_late=stats["published_late"], withdrawn=stats["withdrawn"],
        returned=stats["returned"], reviews=stats["reviews"], proposals=stats["proposals"],
        approved=stats["approved"], rejected=stats["rejected"], simplified=stats["simplified"],
        abolished=stats["abolished"], transferred=stats["transferred"], standardised=stats["standardised"],
        accounts=stats["accounts"], events=app.max_position(), first_recorded=span[0], last_recorded=span[1],
        progress=tuple(unit_progress(app, unit, [p for p in w.procs if p.unit is unit]) for unit in w.listing_units()),
    )


def unit_progress(app: Ledger, unit: Unit, procs: list[Proc]) -> UnitProgress:
    """Cut = abolished + simplified; cost cut = Σ(before − after) / Σ before over the reviewed procedures."""
    at = app.end_of_day(TARGETS_DUE)
    cut, before_total, saved = 0, Decimal(0), Decimal(0)
    for proc in procs:
        view = app.procedure_as_recorded(proc.id, at)
        assert view is not None
        if view.status == "ABOLISHED" or view.publication_no > 1:
            cut += 1
        if view.cost_before_year is not None:
            before_total += view.cost_before_year
            if view.cost_after_year is not None:
                saved += view.cost_before_year - view.cost_after_year
    n = len(procs)
    return UnitProgress(unit.name, n, cut, Decimal(cut) * 100 / n if n else Decimal(0),
                        saved * 100 / before_total if before_total else Decimal(0))
