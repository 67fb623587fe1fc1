"""Review and simplification, 2023–2025: reviews, proposals, plan decisions, implementation, re-publication.

Each unit follows its profile (units_data.py). The procedures a unit simplifies are its costliest ones
(units put their effort where the compliance cost is), so a unit that cuts ≥ 20 % of its procedures
also cuts ≥ 20 % of its compliance cost.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, timedelta
from decimal import Decimal

from domain.enums import ChangeType, Recommendation
from domain.review import ReviewRound
from services.demo import forms
from services.demo.clock import add_working_days, next_working
from services.demo.listing import publicise
from services.demo.world import BRISK, PLAN_CODE, Proc, Unit, World, chairman

R = Recommendation
# Plan-approval decision, then its implementing document (number, issued, in force) and re-publication decision.
APPROVALS: tuple[tuple[str, date, tuple[str, date, date], tuple[str, date]], ...] = (
    ("2156/QĐ-UBND", date(2023, 11, 28), ("05/2024/QĐ-UBND", date(2024, 2, 20), date(2024, 3, 1)),
     ("498/QĐ-UBND", date(2024, 3, 12))),
    ("1024/QĐ-UBND", date(2024, 5, 30), ("21/2024/QĐ-UBND", date(2024, 7, 8), date(2024, 7, 20)),
     ("1342/QĐ-UBND", date(2024, 7, 26))),
    ("1738/QĐ-UBND", date(2024, 9, 20), ("35/2024/QĐ-UBND", date(2024, 10, 28), date(2024, 11, 10)),
     ("2152/QĐ-UBND", date(2024, 11, 18))),
    ("2089/QĐ-UBND", date(2024, 10, 30), ("42/2024/QĐ-UBND", date(2024, 12, 10), date(2024, 12, 20)),
     ("2430/QĐ-UBND", date(2024, 12, 26))),
    ("2391/QĐ-UBND", date(2024, 12, 17), ("08/2025/QĐ-UBND", date(2025, 2, 14), date(2025, 2, 25)),
     ("401/QĐ-UBND", date(2025, 2, 27))),
    ("612/QĐ-UBND", date(2025, 4, 2), ("27/2025/QĐ-UBND", date(2025, 5, 20), date(2025, 6, 1)),
     ("1108/QĐ-UBND", date(2025, 6, 10))),
)
WINDOWS: dict[str, tuple[date, date]] = {
    "LEADER": (date(2023, 5, 15), date(2023, 10, 31)), "MEETS": (date(2023, 9, 4), date(2024, 8, 15)),
    "PARTIAL": (date(2024, 3, 1), date(2024, 9, 30)), "KEEPER": (date(2023, 8, 1), date(2024, 10, 15)),
    "LATE": (date(2024, 10, 1), date(2024, 12, 20)), "LATE-2025": (date(2025, 2, 10), date(2025, 5, 30)),
    "LATE-CUT": (date(2025, 1, 6), date(2025, 1, 23)),
}
KINDS: dict[str, tuple[Recommendation, ...]] = {
    "LEADER": (R.ABOLISH, R.AMEND, R.AMEND, R.REPLACE, R.SUPPLEMENT, R.ABOLISH, R.AMEND, R.ABOLISH, R.SUPPLEMENT,
               R.AMEND),
    "MEETS": (R.ABOLISH, R.AMEND, R.REPLACE, R.AMEND, R.SUPPLEMENT, R.ABOLISH, R.AMEND),
    "PARTIAL": (R.AMEND, R.SUPPLEMENT), "LATE": (R.AMEND,),
}
CHANGE = {R.AMEND: ChangeType.AMENDED, R.SUPPLEMENT: ChangeType.SUPPLEMENTED, R.REPLACE: ChangeType.REPLACED}
CO_REVIEWED_BY_OFFICE = 3  # Văn phòng UBND tỉnh reviews Sở Nội vụ's first simplifications independently
HEALTH_INCOME = (Decimal(45_000), "Thu nhập bình quân giờ của viên chức y tế tỉnh (khảo sát của Sở Y tế)")
NOT_ABOLISHED = ("Không đồng ý bãi bỏ: thủ tục vẫn cần thiết để bảo đảm quản lý thống nhất; đề nghị nghiên cứu "
                 "phương án sửa đổi, cắt giảm thành phần hồ sơ.")
NOT_FEASIBLE = ("Phương án chưa bảo đảm tính khả thi: thành phần hồ sơ đề nghị cắt giảm là bắt buộc theo văn bản "
                "của cơ quan cấp trên.")


def cuts_for(profile: str, n: int) -> int:
    if profile == "LEADER":
        return math.ceil(0.45 * n)
    if profile == "MEETS":
        return max(1, round(0.3 * n)) if n < 10 else math.ceil(0.32 * n)
    if profile == "PARTIAL":
        return math.floor(0.12 * n)
    return 1 if profile == "LATE" and n >= 3 else 0


def plan_reviews(w: World) -> None:
    republish: dict[tuple[int, Recommendation], list[Proc]] = {}
    for unit in w.listing_units():
        procs = [p for p in w.unit_procs(unit) if p.published_on is not None]
        for proc in procs:
            proc.before = forms.worksheet_before(w.rng, proc.level, "A" if proc.content.category.value ==
                                                 "INTER_AGENCY" else "B")
        if unit.profile == "NONE":
            continue
        ranked = sorted(procs, key=lambda p: forms.estimated_cost(p.before), reverse=True)  # type: ignore[arg-type]
        cuts = cuts_for(unit.profile, len(procs))
        later = [p for p in procs if p not in ranked[:cuts]]
        for rank, proc in enumerate(ranked):
            window = WINDOWS[unit.profile]
            if unit.profile == "LATE":
                window = WINDOWS["LATE-CUT"] if rank < cuts else WINDOWS["LATE" if later.index(proc) < len(later) / 2
                                                                          else "LATE-2025"]
            kind = KINDS[unit.profile][rank] if rank < cuts else R.KEEP
            rejected_only = unit.profile == "PARTIAL" and rank == cuts
            _plan_one(w, unit, proc, _day_in(w, window), kind, rank, rejected_only, republish)
    for (batch, kind), procs in sorted(republish.items(), key=lambda item: (item[0][0], item[0][1].value)):
        number, on = APPROVALS[batch][3]
        decision, controller = chairman(number, on), w.controller()
        if kind is R.ABOLISH:
            for proc in procs:
                proc.abolished_on = on
                w.add(on, f"Bãi bỏ {proc.code} ({number})", w.app.abolish, controller, proc.id, decision, on,
                      pace=BRISK)
            w.stats["abolished"] += len(procs)
            continue
        w.add(on, f"Công bố {number}: {len(procs)} thủ tục {CHANGE[kind].label.lower()}", w.app.publish_many,
              controller, [p.id for p in procs], decision, on, CHANGE[kind], pace=BRISK)
        publicise(w, procs, decision)
        w.stats["simplified"] += len(procs)


def _day_in(w: World, window: tuple[date, date]) -> date:
    start, end = window
    return next_working(start + timedelta(days=w.rng.randint(0, (end - start).days)))


def _plan_one(w: World, unit: Unit, proc: Proc, day: date, kind: Recommendation, rank: int, rejected_only: bool,
              republish: dict[tuple[int, Recommendation], list[Proc]]) -> None:
    app, rng, officer = w.app, w.rng, proc.officer
    assert proc.before is not None
    before = dataclasses.replace(proc.before, year=day.year)
    if unit.key == "SYT" and rank == 0:
        before = dataclasses.replace(before, hourly_income=HEALTH_INCOME[0],
                                     hourly_income_source=f"{HEALTH_INCOME[1]} năm {day.year}")
    proc.before = before
    leader_second = unit.profile == "LEADER" and rank == 1 and kind is not R.KEEP
    recommendation = R.AMEND if rejected_only else R.ABOLISH if leader_second else kind
    review_round = ReviewRound(PLAN_CODE, day.year)
    form = forms.review_form(recommendation, proc.content.field)
    w.add(day, f"Rà soát {proc.code}", app.record_review, officer, proc.id, unit.id, review_round, form, before)
    w.stats["reviews"] += 1
    proc.reviewed = True
    if kind is R.KEEP and not rejected_only:
        return
    ready = day
    if unit.key == "SNV" and rank < CO_REVIEWED_BY_OFFICE:
        ready = add_working_days(day, rng.randint(3, 8))
        w.add(ready, f"Văn phòng UBND tỉnh rà soát độc lập {proc.code}", app.record_review, w.controller(), proc.id,
              w.units["VP"].id, review_round, form, before)
        w.stats["reviews"] += 1
    proposed = add_working_days(ready, rng.randint(5, 15))
    if recommendation is not kind or rejected_only:
        first = forms.proposal(recommendation, proc.content, before, add_working_days(proposed, 60))
        rejected = add_working_days(proposed, rng.randint(8, 15))
        w.add(proposed, f"Đề xuất phương án {proc.code}", app.propose, officer, proc.id, first)
        w.add(rejected, f"Không phê duyệt phương án {proc.code}", app.reject_plan, w.controller(), proc.id,
              NOT_FEASIBLE if rejected_only else NOT_ABOLISHED)
        w.stats["proposals"] += 1
        w.stats["rejected"] += 1
        if rejected_only:
            return
        proposed = add_working_days(rejected, rng.randint(10, 20))
    batch = next(i for i, a in enumerate(APPROVALS) if a[1] >= proposed + timedelta(days=10))
    number, approved_on, (doc, doc_on, in_force), _ = APPROVALS[batch]
    plan = forms.proposal(kind, proc.content, before, in_force)
    controller = w.controller()
    w.add(proposed, f"Đề xuất phương án {proc.code}", app.propose, officer, proc.id, plan)
    w.add(approved_on, f"Phê duyệt phương án {proc.code} ({number})", app.approve_plan, controller, proc.id,
          chairman(number, approved_on), approved_on, pace=BRISK)
    w.stats["proposals"] += 1
    w.stats["approved"] += 1
    proc.kind = kind
    if kind is not R.ABOLISH:
        w.add(doc_on, f"Thực thi phương án {proc.code} ({doc})", app.implement, controller, proc.id,
              chairman(doc, doc_on), in_force)
        assert plan.revised_content is not None
        proc.content = plan.revised_content
    republish.setdefault((batch, kind), []).append(proc)
