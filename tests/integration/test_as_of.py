"""The registry as of a past moment, on both axes.

- Effective-date axis, `in_force(unit, D)`: what was legally in force on date D — from a publication's
  effective date, replaced by a later publication, gone from an abolition's effective date, under the
  successor unit from a transfer's effective date.
- Record axis, `as_recorded(unit, T)`: what the ledger had recorded at instant T.

Both are checked on a fixed history, then against an independent replay of random histories.
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from domain.enums import (
    Category,
    ChangeType,
    PublicityChannel,
    Recommendation,
    Status,
    TransferCause,
    WithdrawalReason,
)
from domain.errors import DomainError
from domain.values import Actor
from services.application import Ledger
from services.base import SYSTEM
from services.readside import ReadSide
from services.settings import Settings
from tests.integration.test_projections import MERGER, VIETNAM, History, build_history, named
from tests.support import builders as b


@pytest.fixture
def world(ledger: Ledger) -> Iterator[tuple[History, ReadSide]]:
    h = build_history(ledger)
    read = ReadSide(ledger)
    read.current()
    yield h, read
    read.close()


def codes(rows: list[Any]) -> list[str]:
    return [r.code for r in rows]


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM)


# -- effective-date axis -------------------------------------------------------------------------------
def test_a_publication_is_in_force_from_its_effective_date_not_from_its_decision(
        world: tuple[History, ReadSide]) -> None:
    h, read = world
    q, prov = read.queries, h.province
    assert q.in_force(prov.province, date(2023, 3, 31)) == []  # signed 20/03, in force from 01/04
    rows = q.in_force(prov.province, date(2023, 4, 1))
    assert codes(rows) == ["LS-NV-01", "LS-NV-02", "LS-NV-06"]
    assert {(r.decision, r.change_type, r.valid_from, r.status) for r in rows} == \
           {("1234/QĐ-UBND", "NEW", "2023-04-01", "PUBLISHED")}
    assert codes(q.in_force(prov.province, date(2023, 4, 15))) == \
           ["HL-01", "HT-01", "HT-02", "LS-NV-01", "LS-NV-02", "LS-NV-06"]
    assert codes(q.in_force(prov.department, date(2023, 4, 15))) == ["LS-NV-01", "LS-NV-02", "LS-NV-06"]
    assert codes(q.in_force(prov.district, date(2023, 4, 15))) == ["HL-01", "HT-01", "HT-02"]
    assert codes(q.in_force(prov.district, date(2023, 4, 14))) == []
    inter_agency = next(r for r in rows if r.code == "LS-NV-06")
    assert inter_agency.category == Category.INTER_AGENCY.value  # reclassified before it was published


def test_a_later_publication_replaces_the_earlier_content_from_its_own_effective_date(
        world: tuple[History, ReadSide]) -> None:
    h, read = world
    q, prov = read.queries, h.province
    before = [r for r in q.in_force(prov.department, date(2023, 9, 14)) if r.code == "LS-NV-01"]
    after = [r for r in q.in_force(prov.department, date(2023, 9, 15)) if r.code == "LS-NV-01"]
    assert [(r.decision, r.change_type, r.valid_from, r.valid_to) for r in before] == \
           [("1234/QĐ-UBND", "NEW", "2023-04-01", "2023-09-15")]
    assert [(r.decision, r.change_type, r.valid_from, r.valid_to) for r in after] == \
           [("999/QĐ-UBND", "AMENDED", "2023-09-15", None)]
    assert before[0].name == after[0].name == "Xét tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”"


def test_an_abolished_procedure_is_gone_from_the_abolitions_effective_date(world: tuple[History, ReadSide]) -> None:
    h, read = world
    q, prov = read.queries, h.province
    assert "LS-NV-02" in codes(q.in_force(prov.department, date(2023, 10, 14)))
    assert "LS-NV-02" not in codes(q.in_force(prov.department, date(2023, 10, 15)))
    assert "LS-NV-02" not in codes(q.in_force(prov.province, date(2030, 1, 1)))
    # withdrawn before publication: never in force on any day
    assert all("LS-NV-05" not in codes(q.in_force(prov.province, date(2023, m, 1))) for m in range(1, 13))


def test_a_transferred_procedure_moves_to_the_successor_unit_from_the_transfers_effective_date(
        world: tuple[History, ReadSide]) -> None:
    h, read = world
    q, prov = read.queries, h.province
    eve = MERGER - timedelta(days=1)
    assert h.new_commune is not None
    assert codes(q.in_force(prov.commune, eve)) == ["HT-01", "HT-02"]
    assert codes(q.in_force(h.new_commune, eve)) == []
    assert codes(q.in_force(prov.commune, MERGER)) == []
    assert codes(q.in_force(h.new_commune, MERGER)) == ["HT-01", "HT-02"]
    assert {r.managing_unit for r in q.in_force(h.new_commune, MERGER)} == {h.new_commune}
    # seen from the district, the procedures never left
    assert codes(q.in_force(prov.district, eve)) == codes(q.in_force(prov.district, MERGER)) == \
           ["HL-01", "HT-01", "HT-02"]


def test_a_transfer_recorded_before_the_publication_moves_it_only_from_the_transfers_own_date(
        ledger: Ledger) -> None:
    prov = b.province(ledger)
    read = ReadSide(ledger)
    try:
        with ledger.recorded_by(lambda: datetime(2023, 3, 1, 2, tzinfo=UTC)):
            pid = ledger.list_procedure(prov.officer, prov.department, prov.department, b.content("LS-NV-01"))
            ledger.submit(prov.officer, pid)
            ledger.verify_listing(prov.controller, pid)
            # the merger of competences is decided first (effective 01/07), the publication follows (effective 01/04)
            ledger.transfer(prov.controller, pid, prov.district, date(2023, 7, 1), TransferCause.COMPETENCE_MOVED)
            ledger.publish(prov.controller, pid, b.decision("1234/QĐ-UBND", date(2023, 3, 1)), date(2023, 4, 1))
        q = read.current()
        assert codes(q.in_force(prov.department, date(2023, 4, 1))) == ["LS-NV-01"]
        assert codes(q.in_force(prov.district, date(2023, 4, 1))) == []
        assert codes(q.in_force(prov.department, date(2023, 7, 1))) == []
        assert codes(q.in_force(prov.district, date(2023, 7, 1))) == ["LS-NV-01"]
    finally:
        read.close()


def test_nothing_comes_into_force_after_an_abolitions_effective_date(ledger: Ledger) -> None:
    prov = b.province(ledger)
    read = ReadSide(ledger)
    try:
        with ledger.recorded_by(lambda: datetime(2023, 3, 1, 2, tzinfo=UTC)):
            pid = b.published(ledger, prov)  # in force from 20/03/2023
            # a standardised version signed for 01/09, then an abolition with effect from 01/06
            ledger.publish(prov.controller, pid, b.decision("88/QĐ-UBND", date(2023, 3, 1)), date(2023, 9, 1),
                           ChangeType.STANDARDISED)
            ledger.abolish(prov.controller, pid, b.decision("99/QĐ-UBND", date(2023, 3, 1)), date(2023, 6, 1))
        q = read.current()
        assert [(r.decision, r.valid_to) for r in q.in_force(prov.province, date(2023, 5, 31))] == \
               [("1234/QĐ-UBND", "2023-06-01")]
        assert q.in_force(prov.province, date(2023, 6, 1)) == []
        assert q.in_force(prov.province, date(2023, 9, 1)) == []
    finally:
        read.close()


# -- record axis -----------------------------------------------------------------------------------------
def test_the_record_axis_shows_what_was_recorded_even_before_it_took_effect(world: tuple[History, ReadSide]) -> None:
    h, read = world
    q, prov, P = read.queries, h.province, h.procedures
    assert q.as_recorded(prov.province, at(date(2023, 1, 9))) == []
    rows = {r.code: r for r in q.as_recorded(prov.province, at(date(2023, 1, 10)))}
    assert set(rows) == {"LS-NV-01", "LS-NV-02", "LS-NV-05", "LS-NV-06", "HL-01", "HT-01", "HT-02"}
    assert {(r.status, r.version) for r in rows.values()} == {("DRAFT", 1)}
    assert rows["LS-NV-01"].name == "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh"
    amended = {r.code: r for r in q.as_recorded(prov.province, at(date(2023, 1, 13)))}
    assert amended["LS-NV-01"].name == "Xét tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”"
    assert (amended["LS-NV-01"].status, amended["LS-NV-05"].status) == ("SUBMITTED", "WITHDRAWN")

    # 25/03/2023: the publication of 20/03 is recorded, but in force only from 01/04
    recorded = {r.code: r for r in q.as_recorded(prov.department, at(date(2023, 3, 25)))}
    assert recorded["LS-NV-01"].status == "PUBLISHED" and recorded["LS-NV-01"].decision == "1234/QĐ-UBND"
    assert q.in_force(prov.department, date(2023, 3, 25)) == []

    # an abolition recorded on 01/10 with effect from 15/10: recorded as abolished, still legally in force
    assert {r.code: r.status for r in q.as_recorded(prov.department, at(date(2023, 10, 2)))}["LS-NV-02"] == \
           "ABOLISHED"
    assert "LS-NV-02" in codes(q.in_force(prov.department, date(2023, 10, 2)))

    # every row is the procedure exactly as the single-aggregate replay gives it at that instant
    for day in (date(2023, 1, 10), date(2023, 2, 1), date(2023, 6, 1), date(2023, 9, 2), date(2024, 3, 1)):
        for row in q.as_recorded(prov.province, at(day, 23)):
            replayed = read.app.procedure_as_recorded(row.procedure_id, at(day, 23))
            assert replayed is not None
            assert (row.version, row.status, row.name, row.managing_unit, row.decision) == \
                   (replayed.version, replayed.status, replayed.name, replayed.managing_unit, replayed.last_decision)
    assert P["LS-NV-01"] in {r.procedure_id for r in q.as_recorded(prov.department, at(date(2023, 9, 2)))}


def test_a_record_instant_is_inclusive_and_its_version_valid_until_the_next_event(
        world: tuple[History, ReadSide]) -> None:
    h, read = world
    q, P = read.queries, h.procedures
    events = list(read.app.events.get(P["LS-NV-02"]))
    for previous, event in itertools.pairwise(events):
        rows = [r for r in q.as_recorded(h.province.province, event.timestamp) if r.procedure_id == P["LS-NV-02"]]
        assert [r.version for r in rows] == [event.originator_version]
        just_before = event.timestamp - timedelta(microseconds=1)
        rows = [r for r in q.as_recorded(h.province.province, just_before) if r.procedure_id == P["LS-NV-02"]]
        assert [r.version for r in rows] == [previous.originator_version]


# -- random histories against an independent replay ------------------------------------------------------
ID_NS = UUID("a3a1c0de-7a4b-4c56-9e21-6d2f3b5a8c90")
START = datetime(2023, 1, 2, 1, tzinfo=UTC)


@dataclass
class Tick:
    """A monotonic record clock: `advance()` moves it on by a drawn delay, each event one microsecond later."""

    now: datetime = START

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


@dataclass
class Random:
    app: Ledger
    prov: b.Province
    other_district: UUID
    clock: Tick
    procedures: list[UUID] = field(default_factory=list)
    transfer_units: list[UUID] = field(default_factory=list)


COMMANDS = {  # weighted towards moving forward, so that most histories reach publication and beyond
    Status.DRAFT: ["submit"] * 4 + ["amend", "withdraw", "transfer", "reclassify"],
    Status.RETURNED: ["amend", "submit", "submit"],
    Status.SUBMITTED: ["verify"] * 4 + ["return", "transfer"],
    Status.VERIFIED: ["publish"] * 5 + ["withdraw", "transfer"],
    Status.PUBLISHED: ["review"] * 3 + ["republish", "abolish", "transfer", "publicise"],
    Status.REVIEWED: ["propose"] * 3 + ["abolish", "transfer"],
    Status.PROPOSED: ["approve"] * 3 + ["reject", "transfer"],
    Status.APPROVED: ["implement", "implement", "abolish", "abolish", "transfer"],
    Status.IMPLEMENTED: ["republish"] * 3 + ["transfer"],
}


def run_command(r: Random, data: st.DataObject, index: int) -> None:
    app, prov = r.app, r.prov
    pid = r.procedures[index]
    procedure = app.get_procedure(pid)
    status = Status(procedure.status)
    if status.is_final:
        return
    command = data.draw(st.sampled_from(COMMANDS[status]), label="command")
    today = r.clock.now.astimezone(VIETNAM).date()
    signed = today - timedelta(days=data.draw(st.integers(0, 60), label="signed days ago"))
    effective = signed + timedelta(days=data.draw(st.integers(0, 400), label="effective after signing"))
    decision = b.decision(f"{data.draw(st.integers(1, 999))}/QĐ-UBND", signed)
    by = Actor(SYSTEM.account, prov.province)
    code = procedure.code
    if command == "amend":
        app.amend_draft(by, pid, named(code, f"Thủ tục {code} sửa lần {procedure.version}"))
    elif command == "submit":
        app.submit(by, pid)
    elif command == "withdraw":
        app.withdraw(by, pid, WithdrawalReason.LISTED_IN_ERROR)
    elif command == "reclassify":
        app.reclassify(by, pid, Category.INTER_AGENCY if procedure.category == Category.INTRA_ORGANISATION.value
                       else Category.INTRA_ORGANISATION)
    elif command == "verify":
        app.verify_listing(by, pid, "")
    elif command == "return":
        app.return_listing(by, pid, "Thiếu thành phần hồ sơ")
    elif command == "publish":
        app.publish(by, pid, decision, effective)
    elif command == "republish":
        kind = app.events.get(pid)  # the approved kind decides the change type of an implemented plan
        proposals = [e.proposal.kind for e in kind if type(e).__name__ == "SimplificationProposed"]
        change = {Recommendation.AMEND: ChangeType.AMENDED, Recommendation.SUPPLEMENT: ChangeType.SUPPLEMENTED,
                  Recommendation.REPLACE: ChangeType.REPLACED}.get(proposals[-1]) \
            if status is Status.IMPLEMENTED else ChangeType.STANDARDISED
        app.publish(by, pid, decision, effective, change)
    elif command == "publicise":
        app.publicise(by, pid, PublicityChannel.PORTAL, "https://langson.gov.vn/tthc", today)
    elif command == "review":
        recommendation = data.draw(st.sampled_from([Recommendation.AMEND, Recommendation.ABOLISH,
                                                    Recommendation.REPLACE, Recommendation.KEEP]))
        app.record_review(by, pid, prov.province, b.ROUND, b.review_form(recommendation), b.worksheet())
    elif command == "propose":
        kind = data.draw(st.sampled_from([Recommendation.AMEND, Recommendation.ABOLISH, Recommendation.REPLACE]))
        revised = None if kind is Recommendation.ABOLISH else named(code, f"Thủ tục {code} đơn giản hóa")
        app.propose(by, pid, b.proposal(kind, revised))
    elif command == "approve":
        app.approve_plan(by, pid, decision, effective)
    elif command == "reject":
        app.reject_plan(by, pid, "Chưa phù hợp")
    elif command == "implement":
        app.implement(by, pid, decision, effective)
    elif command == "abolish":
        app.abolish(by, pid, decision, effective)
    elif command == "transfer":
        target = data.draw(st.sampled_from([u for u in r.transfer_units if u != procedure.managing_unit]))
        app.transfer(by, pid, target, effective, TransferCause.COMPETENCE_MOVED)


def expected_as_recorded(app: Ledger, ids: list[UUID], units: set[UUID], instant: datetime) -> set[tuple[Any, ...]]:
    """Record axis, replayed: each procedure's events with timestamp <= instant, folded by the domain itself.
    A transfer already recorded but not yet effective on that day leaves the procedure with its old unit."""
    rows = set()
    day = instant.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    for pid in ids:
        state, home = None, None
        for event in app.events.get(pid):
            if event.timestamp <= instant:
                state = event.mutate(state)
                if type(event).__name__ == "Transferred":
                    home = event.from_unit if event.effective_date > day else event.to_unit
                elif home is None or type(event).__name__ == "Created":
                    home = state.managing_unit
        if state is not None and home in units:
            c = state.content
            rows.add((pid, state.version, state.status.value, home, c.local_code, c.name,
                      c.category.value, state.last_decision.number if state.last_decision else ""))
    return rows


def expected_in_force(app: Ledger, ids: list[UUID], units: set[UUID], day: date) -> set[tuple[Any, ...]]:
    """Effective-date axis, computed from the Published, Abolished and Transferred events only."""
    rows = set()
    for pid in ids:
        state, publications, transfers, abolitions, first_unit = None, [], [], [], None
        for order, event in enumerate(app.events.get(pid)):
            state = event.mutate(state)
            kind = type(event).__name__
            if first_unit is None:
                first_unit = state.managing_unit
            if kind == "Published":
                c = state.content
                publications.append((event.effective_date, order, (c.local_code, c.name, c.category.value,
                                                                   event.decision.number, event.change_type.value)))
            elif kind == "Transferred":
                transfers.append((event.effective_date, order, event.to_unit))
            elif kind == "Abolished":
                abolitions.append(event.effective_date)
        if any(d <= day for d in abolitions):
            continue
        in_force = sorted(p for p in publications if p[0] <= day)
        if not in_force:
            continue
        unit = first_unit
        for _, _, to_unit in sorted(t for t in transfers if t[0] <= day):
            unit = to_unit
        if unit in units:
            rows.add((pid, unit, *in_force[-1][2]))
    return rows


def actual_as_recorded(read: ReadSide, unit: UUID, instant: datetime) -> set[tuple[Any, ...]]:
    return {(r.procedure_id, r.version, r.status, r.managing_unit, r.code, r.name, r.category, r.decision)
            for r in read.queries.as_recorded(unit, instant)}


def actual_in_force(read: ReadSide, unit: UUID, day: date) -> set[tuple[Any, ...]]:
    return {(r.procedure_id, r.managing_unit, r.code, r.name, r.category, r.decision, r.change_type)
            for r in read.queries.in_force(unit, day)}


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                     derandomize=False)
@given(data=st.data())
def test_both_axes_agree_with_an_independent_replay_of_random_histories(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = Ledger(Settings(data_dir=Path(folder)))
        read = ReadSide(app, batch_size=data.draw(st.sampled_from([1, 4, 1000]), label="batch size"))
        try:
            check_random_history(app, read, data)
        finally:
            read.close()
            app.close()


def check_random_history(app: Ledger, read: ReadSide, data: st.DataObject) -> None:
    prov = b.province(app)
    with app.recorded_by(lambda: datetime(2022, 12, 1, tzinfo=UTC)):
        other = app.establish_unit(SYSTEM, "182", "UBND huyện Chi Lăng", "UBND huyện", "district", prov.province,
                                   date(1976, 1, 1))
    clock = Tick()
    r = Random(app, prov, other, clock, transfer_units=[prov.department, prov.district, prov.commune, other])
    homes = [prov.department, prov.commune, other]
    with app.recorded_by(clock):
        for i in range(data.draw(st.integers(1, 3), label="procedures")):
            code = f"TT-{i + 1:02d}"
            r.procedures.append(app.list_procedure(SYSTEM, homes[i], homes[i], named(code, f"Thủ tục {code}"),
                                                   procedure_id=uuid5(ID_NS, code)))
        for _ in range(data.draw(st.integers(5, 40), label="steps")):
            clock.advance(data.draw(st.integers(1, 60 * 24 * 60), label="minutes later"))
            index = data.draw(st.integers(0, len(r.procedures) - 1), label="procedure")
            with contextlib.suppress(DomainError):  # refused by a rule (a KEEP review ends the round, …)
                run_command(r, data, index)
            if data.draw(st.booleans(), label="catch up now"):
                read.catch_up()
    read.current()

    subtrees = {prov.province: {prov.province, prov.department, prov.district, prov.commune, other},
                prov.district: {prov.district, prov.commune}, prov.department: {prov.department},
                prov.commune: {prov.commune}, other: {other}}
    stamps = [e.timestamp for pid in r.procedures for e in app.events.get(pid)]
    instants = {START, clock.now + timedelta(days=1), *stamps, *(s - timedelta(microseconds=1) for s in stamps)}
    instants |= set(data.draw(st.lists(st.datetimes(min_value=START.replace(tzinfo=None),
                                                    max_value=(clock.now + timedelta(days=2)).replace(tzinfo=None),
                                                    timezones=st.just(UTC)), max_size=5), label="instants"))
    effective = [e.effective_date for pid in r.procedures for e in app.events.get(pid)
                 if hasattr(e, "effective_date")]
    days = {date(2022, 12, 31), *effective, *(d - timedelta(days=1) for d in effective)}
    days |= set(data.draw(st.lists(st.dates(date(2022, 12, 1), date(2026, 12, 31)), max_size=5), label="days"))
    for unit, members in subtrees.items():
        for instant in sorted(instants):
            assert actual_as_recorded(read, unit, instant) == \
                   expected_as_recorded(app, r.procedures, members, instant), (unit, instant)
        for day in sorted(days):
            assert actual_in_force(read, unit, day) == expected_in_force(app, r.procedures, members, day), (unit, day)


def test_a_procedure_transferred_ahead_of_a_merger_stays_in_the_district_on_the_record_axis(
        world: tuple[History, ReadSide]) -> None:
    h, read = world
    for day in (date(2025, 6, 19), date(2025, 6, 25), date(2025, 7, 2)):
        assert codes(read.queries.as_recorded(h.province.district, at(day))) == ["HL-01", "HT-01", "HT-02"], day
