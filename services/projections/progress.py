"""Progress against the plan's milestones, per unit and rolled up the unit tree, as of any date.

Each procedure is taken as the ledger had recorded it at the end of the day asked about (record axis),
and each dated milestone (published, abolished, …) counts only if its own date is on or before that day.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.enums import Metric
from services.projections.queries import ReadQueries
from services.readmodels import Figures, MilestoneStatus, Progress

AT_RISK_WITHIN = timedelta(days=90)
STATUS_LABELS = {"MET": "Đạt", "MISSED": "Không đạt", "AT_RISK": "Có nguy cơ không đạt", "ON_TRACK": "Đang thực hiện"}


def _on(value: str | None, day: str) -> bool:
    return value is not None and value <= day


def figures(unit: UUID, as_of: date, rows: list[dict[str, Any]], baseline_date: date | None) -> Figures:
    day = as_of.isoformat()
    base = (baseline_date or as_of).isoformat()
    live = [r for r in rows if _on(r["listed_on"], day) and not _on(r["withdrawn_on"], day)]
    costed = [r for r in live if r["cost_before"] is not None and r["cost_after"] is not None]
    return Figures(
        unit=unit, as_of=as_of, listed=len(live),
        verified=sum(_on(r["verified_on"], day) for r in live),
        published=sum(_on(r["published_on"], day) for r in live),
        publicised=sum(_on(r["publicised_on"], day) for r in live),
        reviewed=sum(_on(r["reviewed_on"], day) for r in live),
        proposed=dict(sorted(Counter(r["proposal_kind"] for r in live if r["proposal_kind"]).items())),
        with_proposal=sum(bool(r["proposal_kind"]) or _on(r["abolished_on"], day) or _on(r["simplified_on"], day)
                          for r in live),
        approved=sum(_on(r["approved_on"], day) for r in live),
        abolished=sum(_on(r["abolished_on"], day) for r in live),
        simplified=sum(_on(r["simplified_on"], day) for r in live),
        baseline=sum(_on(r["published_on"], base) for r in live),
        cost_before=sum((Decimal(r["cost_before"]) for r in costed), Decimal(0)),
        cost_after=sum((Decimal(r["cost_after"]) for r in costed), Decimal(0)),
    )


def metric_pct(metric: Metric, f: Figures) -> Decimal | None:
    def rate(part: int, whole: int) -> Decimal | None:
        return None if whole == 0 else Decimal(part) * 100 / whole

    return {
        Metric.LISTED_PUBLISHED: lambda: rate(f.published, f.listed),
        Metric.REVIEWED: lambda: rate(f.reviewed, f.published),
        Metric.PROPOSED: lambda: rate(min(f.with_proposal, f.baseline), f.baseline),
        Metric.PROCEDURES_CUT: lambda: f.cut_pct,
        Metric.PROCEDURES_ABOLISHED: lambda: f.abolished_pct,
        Metric.COST_CUT: lambda: f.cost_reduction_pct,
    }[metric]()


class ProgressQueries:
    def __init__(self, queries: ReadQueries) -> None:
        self.q = queries

    def plan(self, code: str | None) -> dict[str, Any] | None:
        sql = "select * from v_plans" + (" where code = ?" if code else " order by issued_on desc limit 1")
        rows = self.q.store.query(sql, (code,) if code else ())
        return rows[0] if rows else None

    def progress(self, unit: UUID, as_of: date, plan_code: str | None = None) -> Progress:
        return self.progress_many([unit], as_of, plan_code, root=unit)[0]

    def by_level(self, root: UUID, level: str, as_of: date, plan_code: str | None = None) -> list[Progress]:
        """One Progress per unit of `level` under `root` (e.g. every commune of a province)."""
        tree = set(self.q.subtree(root, as_of))
        units = [u.id for u in self.q.units(as_of, level) if str(u.id) in tree]
        return self.progress_many(units, as_of, plan_code, root=root)

    def progress_many(self, units: list[UUID], as_of: date, plan_code: str | None, root: UUID) -> list[Progress]:
        plan = self.plan(plan_code)
        baseline = date.fromisoformat(plan["baseline_date"]) if plan else None
        milestones = json.loads(plan["milestones"]) if plan else []
        days = sorted({as_of, *(min(as_of, date.fromisoformat(m["deadline"])) for m in milestones)})
        rows_by_day = {d: self.q.version_rows(root, as_of, self.q.end_of_day(d)) for d in days}
        info = {u.id: u for u in self.q.units(as_of)}
        result = []
        for unit in units:
            subtree = set(self.q.subtree(unit, as_of))
            figs = {d: figures(unit, d, [r for r in rows_by_day[d] if r["unit"] in subtree], baseline)
                    for d in days}
            statuses = tuple(_status(m, as_of, figs) for m in milestones
                             if not m["levels"] or unit not in info or info[unit].level in m["levels"]
                             or unit == root)
            u = info.get(unit)
            result.append(Progress(unit=unit, unit_name=u.name if u else str(unit), level=u.level if u else "",
                                   as_of=as_of, figures=figs[as_of], plan_code=plan["code"] if plan else "",
                                   milestones=statuses))
        return result


def _status(m: dict[str, Any], as_of: date, figs: dict[date, Figures]) -> MilestoneStatus:
    metric, deadline = Metric(m["metric"]), date.fromisoformat(m["deadline"])
    threshold = Decimal(m["threshold_pct"])
    actual = metric_pct(metric, figs[min(as_of, deadline)])
    reached = actual is not None and actual >= threshold
    if reached:
        status = "MET"
    elif as_of >= deadline:
        status = "MISSED"
    else:
        status = "AT_RISK" if deadline - as_of <= AT_RISK_WITHIN else "ON_TRACK"
    return MilestoneStatus(metric.value, metric.label, threshold, deadline, actual, status, STATUS_LABELS[status])
