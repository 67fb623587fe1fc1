"""Synthetic national data set: 34 provinces, their departments, districts and communes, and procedures
that each live through tens of events over 2022–2025 (listing, publication, yearly review rounds,
proposals, decisions, re-publications).

Events are made by the real domain methods and stored with bare `Application.save()` of many
aggregates at a time, so generating a million events takes minutes, not hours.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.base import recorded_by
from domain.codes import ProcedureCode
from domain.enums import ChangeType, PublicityChannel, Recommendation
from domain.procedure import Procedure
from domain.review import ReviewRound
from domain.units import AdminUnit, Hierarchy
from domain.values import Actor, DecisionRef
from services.application import Ledger
from services.base import SYSTEM
from tests.support.builders import content, proposal, review_form, worksheet

PROVINCES = 34
DEPARTMENTS = 20
DISTRICTS = 20
COMMUNES = 98
CYCLES = 6  # review → proposal → approval → implementation → re-publication → publicity, once a year or so
EVENTS_PER_PROCEDURE = 6 + 6 * CYCLES  # listing to publicity (5) and the code reservation; 6 per cycle
SAVE_BATCH = 200


class Clock:
    """Record time that advances a little with every event, so the log reads as years of work."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        self.now, self.step = start, step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def decision(n: int, on: date) -> DecisionRef:
    return DecisionRef(f"{n}/QĐ-UBND", on, "Chủ tịch UBND tỉnh", "UBND tỉnh")


def units(app: Ledger, clock: Clock) -> list[tuple[AdminUnit, list[AdminUnit]]]:
    """Provinces with their managing units (departments, districts, communes)."""
    hierarchy = Hierarchy(id=Hierarchy.ID, actor=SYSTEM.account, acting_unit=SYSTEM.unit)
    for code, name, rank in (("province", "Cấp tỉnh", 1), ("district", "Cấp huyện", 2), ("commune", "Cấp xã", 3)):
        hierarchy.define_level(code, name, rank, date(1976, 1, 1), SYSTEM)
    app.save(hierarchy)
    result = []
    for p in range(PROVINCES):
        province = AdminUnit.establish(f"P{p:02d}", f"UBND tỉnh số {p + 1}", "UBND tỉnh", "province", None,
                                       date(1976, 1, 1), None, SYSTEM)
        members = [AdminUnit.establish(f"P{p:02d}-S{i:02d}", f"Sở số {i + 1} tỉnh {p + 1}", "Sở", "province",
                                       province.id, date(2000, 1, 1), None, SYSTEM) for i in range(DEPARTMENTS)]
        districts = [AdminUnit.establish(f"P{p:02d}-H{i:02d}", f"UBND huyện số {i + 1} tỉnh {p + 1}", "UBND huyện",
                                         "district", province.id, date(1976, 1, 1), None, SYSTEM)
                     for i in range(DISTRICTS)]
        communes = [AdminUnit.establish(f"P{p:02d}-X{i:03d}", f"UBND xã số {i + 1} tỉnh {p + 1}", "UBND xã",
                                        "commune", districts[i % DISTRICTS].id, date(1976, 1, 1), None, SYSTEM)
                    for i in range(COMMUNES)]
        with recorded_by(clock):
            app.save(province, *members, *districts, *communes)
        result.append((province, [*members, *districts, *communes]))
    return result


def procedure_events(pid_seed: str, unit: AdminUnit, officer: Actor, controller: Actor) -> list:
    """One procedure's whole history, as pending events of its aggregate and its code reservation."""
    pid = uuid5(NAMESPACE_URL, pid_seed)
    code = f"{unit.code}-{pid.hex[:6]}"
    c = replace(content(code, levels=(unit.level,)), local_code=code)
    p = Procedure.list(pid, unit.id, unit.id, c, officer)
    reservation = ProcedureCode.reserve(unit.id, code, pid, officer)
    p.submit(officer)
    p.verify_listing("Đầy đủ", controller)
    p.publish(decision(100, date(2023, 3, 1)), date(2023, 3, 1), ChangeType.NEW, controller)
    p.publicise(PublicityChannel.PORTAL, "https://example.gov.vn/tthc", date(2023, 3, 5), controller)
    hourly = Decimal(40_000)
    for cycle in range(CYCLES):
        year = 2023 + cycle // 2
        on = date(year, 6 if cycle % 2 == 0 else 11, 1)
        sheet = replace(worksheet(year=year), hourly_income=hourly, hourly_income_source="Giả định")
        p.record_review(unit.id, ReviewRound(f"R{cycle}/KH-UBND", year), review_form(), sheet, officer)
        draft = proposal(Recommendation.AMEND, revised=replace(c, name=f"{c.name} (sửa đổi lần {cycle + 1})"))
        p.propose(replace(draft, cost_after=replace(draft.cost_after, hourly_income=hourly,
                                                    hourly_income_source="Giả định")), officer)
        p.approve_plan(decision(200 + cycle, on), on, controller)
        p.implement(decision(300 + cycle, on), on, None, controller)
        p.publish(decision(400 + cycle, on), on, ChangeType.AMENDED, controller)
        p.publicise(PublicityChannel.PORTAL, "https://example.gov.vn/tthc", on, controller)
        c = p.content
    return [p, reservation]


def generate(app: Ledger, events: int, progress=None) -> int:  # type: ignore[no-untyped-def]
    """Write about `events` events; returns how many the log holds."""
    clock = Clock(datetime(2022, 12, 1, 1, 0, tzinfo=UTC), timedelta(seconds=30))
    provinces = units(app, clock)
    procedures = max(1, events // EVENTS_PER_PROCEDURE)
    pending: list = []
    for i in range(procedures):
        province, members = provinces[i % len(provinces)]
        unit = members[(i // len(provinces)) % len(members)]
        officer, controller = Actor(SYSTEM.account, unit.id), Actor(SYSTEM.account, province.id)
        with recorded_by(clock):
            pending += procedure_events(f"bench/{i}", unit, officer, controller)
        if len(pending) >= SAVE_BATCH or i == procedures - 1:
            app.save(*pending)
            pending = []
            if progress is not None:
                progress(i + 1, procedures)
    return app.max_position()
