"""Procedures through the 2025 reform: transfers to successor units, then standardised re-publication.

Abolished and withdrawn procedures are final and stay with the unit that managed them; the history of
2023 (three levels, the old units) stays answerable because nothing is rewritten, only added.
"""

from __future__ import annotations

from datetime import date

from domain.enums import ChangeType, Recommendation, TransferCause
from services.demo import units_data as data
from services.demo.clock import add_working_days
from services.demo.listing import publicise
from services.demo.structure import REFORM
from services.demo.world import BRISK, Proc, Unit, World, chairman

SIMPLIFIED = (Recommendation.AMEND, Recommendation.SUPPLEMENT, Recommendation.REPLACE)
# Decisions publishing standardised internal procedures after the reform: number, date, managing unit key
# ("SNV"), or "commune:<district code>" for the commune that took over that district's seat.
STANDARDISATIONS: tuple[tuple[str, date, str], ...] = (
    ("2105/QĐ-UBND", date(2025, 8, 15), "SNV"),
    ("2560/QĐ-UBND", date(2025, 10, 14), "commune:189"),
)


def plan_transfers(w: World) -> None:
    successors = {absorbed: successor for absorbed, successor, _, _ in data.DEPARTMENT_MERGERS}
    for proc in w.procs:
        if proc.unit.key in successors:
            _transfer(w, proc, w.units[successors[proc.unit.key]], data.DEPARTMENTS_REFORMED, TransferCause.UNIT_MERGED)
        elif proc.level == "district":
            seat = w.seats[proc.unit.code]
            if proc.destination == "commune":
                _transfer(w, proc, w.new_commune_of[seat.key], REFORM, TransferCause.UNIT_DISSOLVED)
            else:
                _transfer(w, proc, w.units[proc.destination], REFORM, TransferCause.COMPETENCE_MOVED)
        elif proc.level == "commune":
            _transfer(w, proc, w.new_commune_of[proc.unit.key], REFORM, TransferCause.UNIT_MERGED)


def _transfer(w: World, proc: Proc, to: Unit, effective: date, cause: TransferCause) -> None:
    if proc.abolished_on is not None:
        assert proc.abolished_on < effective, f"{proc.code} is abolished after its unit ended"
        return
    day = add_working_days(effective, w.rng.randint(0, 1))
    w.add(day, f"Chuyển giao {proc.code} cho {to.name}", w.app.transfer, w.controller(), proc.id, to.id, effective,
          cause, pace=BRISK)
    proc.manager = to
    w.stats["transferred"] += 1


def plan_standardisation(w: World) -> None:
    for number, on, target in STANDARDISATIONS:
        unit = w.new_commune_of[w.seats[target.split(":")[1]].key] if target.startswith("commune:") else w.units[target]
        procs = [p for p in w.procs if p.managed_by is unit and p.abolished_on is None
                 and (not p.reviewed or p.kind in SIMPLIFIED)]
        if not procs:
            continue
        decision = chairman(number, on)
        w.add(on, f"Công bố {number}: {len(procs)} thủ tục được chuẩn hóa", w.app.publish_many, w.controller(),
              [p.id for p in procs], decision, on, ChangeType.STANDARDISED, pace=BRISK)
        publicise(w, procs, decision)
        w.stats["standardised"] += len(procs)
