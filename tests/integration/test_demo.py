"""The demo province (`tthc demo`): counts, determinism, actors, record times, targets met and missed.

One seed per module on SQLite; the determinism test seeds a second, fresh ledger and compares logs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.errors import DomainError
from services.application import Ledger
from services.base import SYSTEM
from services.demo import DemoSummary, seed
from services.settings import Settings

pytestmark = pytest.mark.slow

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TARGETS_DUE = date(2024, 12, 31)


@dataclass(frozen=True)
class Seeded:
    app: Ledger
    summary: DemoSummary
    calls: list[tuple[int, int, str]]


def _seed(data_dir: Path) -> Seeded:
    app = Ledger(Settings(data_dir=data_dir))
    calls: list[tuple[int, int, str]] = []
    summary = seed(app, lambda done, total, label: calls.append((done, total, label)))
    return Seeded(app, summary, calls)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    # Same settings as the `sqlite_settings` fixture, at module scope so the province is seeded once.
    result = _seed(tmp_path_factory.mktemp("demo") / "var")
    yield result
    result.app.close()


def _log(app: Ledger) -> list:
    return app.recorder.select_notifications(start=1, limit=app.max_position() + 1)


def _ids(app: Ledger, topic: str) -> list[UUID]:
    return list(dict.fromkeys(n.originator_id for n in _log(app) if n.topic == topic))


def test_307_procedures_are_68_provincial_41_district_198_commune(seeded: Seeded) -> None:
    app = seeded.app
    by_level: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for pid in _ids(app, "tthc:Procedure.Listed"):
        view = app.get_procedure(pid)
        statuses[view.status] += 1
        if view.status != "WITHDRAWN":
            by_level[view.levels[0]] += 1
    assert dict(by_level) == {"province": 68, "district": 41, "commune": 198}
    assert seeded.summary.procedures == (("province", 68), ("district", 41), ("commune", 198))
    assert seeded.summary.total_procedures == 307
    assert statuses["WITHDRAWN"] == seeded.summary.withdrawn == 4
    assert seeded.summary.listed == 311
    assert {"ABOLISHED", "PUBLISHED", "REVIEWED"} <= set(statuses)


def test_three_levels_in_2023_two_levels_after_the_reform(seeded: Seeded) -> None:
    app = seeded.app
    counts: dict[date, Counter[str]] = {date(2023, 6, 1): Counter(), date(2025, 12, 1): Counter()}
    for unit_id in _ids(app, "tthc:AdminUnit.Established"):
        unit = app.unit(unit_id)
        for on, counter in counts.items():
            if unit.established_on <= on and (unit.ended_on is None or on < unit.ended_on):
                counter[unit.level] += 1
    before, after = counts[date(2023, 6, 1)], counts[date(2025, 12, 1)]
    assert before["district"] == 11 and after["district"] == 0
    assert 190 <= before["commune"] <= 210 and 60 <= after["commune"] <= 70
    assert before["province"] > after["province"] > 10  # department mergers of 01/03/2025
    assert seeded.summary.units_before == tuple((lv, before[lv]) for lv in ("province", "district", "commune"))
    assert seeded.summary.units_after == tuple((lv, after[lv]) for lv in ("province", "district", "commune"))
    assert app.levels()["district"].retired_on == date(2025, 7, 1)


def test_a_district_procedure_still_answers_for_2023(seeded: Seeded) -> None:
    app = seeded.app
    for pid in _ids(app, "tthc:Procedure.Listed"):
        now = app.get_procedure(pid)
        if now.levels == ("district",) and now.status != "WITHDRAWN":
            then = app.procedure_as_recorded(pid, app.end_of_day(date(2023, 6, 1)))
            assert then is not None and then.managing_unit == now.listing_unit
            assert then.managing_unit != now.managing_unit  # transferred on 01/07/2025
            assert app.unit(then.managing_unit).ended_on == date(2025, 7, 1)
            return
    pytest.fail("no district procedure in the demo")


def test_same_history_every_run(seeded: Seeded, tmp_path: Path) -> None:
    again = _seed(tmp_path / "var")
    try:
        first = [(n.topic, n.originator_id, n.state) for n in _log(seeded.app)]
        second = [(n.topic, n.originator_id, n.state) for n in _log(again.app)]
        assert len(first) == seeded.summary.events > 3000
        assert first == second
        assert again.summary == seeded.summary
    finally:
        again.app.close()


def test_every_actor_is_a_registered_account_and_system_only_bootstraps(seeded: Seeded) -> None:
    app = seeded.app
    registered = {SYSTEM.account}
    officers: dict[UUID, UUID] = {}  # unit officer -> the unit they act for (their scope)
    people_started = False
    for notification in _log(app):
        event = app.mapper.to_domain_event(notification)
        assert event.actor in registered, (notification.id, notification.topic)
        if event.actor == SYSTEM.account:
            assert not people_started, f"SYSTEM acted after bootstrap: {notification.topic}"
        else:
            people_started = True
        if event.actor in officers:
            assert event.acting_unit == officers[event.actor], (notification.topic, event.originator_id)
        if notification.topic == "tthc:Account.Registered":
            registered.add(event.originator_id)
            if event.role.value == "UNIT_OFFICER":
                officers[event.originator_id] = event.unit_scope
        elif notification.topic == "tthc:Account.ScopeChanged":
            officers[event.originator_id] = event.unit_scope
    assert len(registered) - 1 == seeded.summary.accounts


def test_record_times_follow_the_story_in_office_hours(seeded: Seeded) -> None:
    app = seeded.app
    previous = None
    for notification in _log(app):
        event = app.mapper.to_domain_event(notification)
        local = event.timestamp.astimezone(VIETNAM)
        assert previous is None or event.timestamp >= previous, notification.id
        previous = event.timestamp
        assert local.weekday() < 5 and time(8) <= local.time() < time(17), (notification.topic, local)
        assert date(2022, 12, 1) <= local.date() <= date(2025, 12, 31)
        decision = getattr(event, "decision", None) or getattr(event, "document", None)
        if decision is not None:
            assert 0 <= (local.date() - decision.issued_on).days <= 14, (notification.topic, decision, local)
    assert seeded.summary.first_recorded.year == 2022 and seeded.summary.last_recorded.year == 2025


def test_progress_reports_every_action(seeded: Seeded) -> None:
    calls = seeded.calls
    total = calls[0][1]
    assert [done for done, _, _ in calls] == list(range(1, total + 1))
    assert all(t == total for _, t, _ in calls) and all(label for _, _, label in calls)


def test_some_units_meet_the_20_20_targets_and_some_miss(seeded: Seeded) -> None:
    app = seeded.app
    at = app.end_of_day(TARGETS_DUE)
    units: dict[UUID, list[tuple[bool, Decimal, Decimal]]] = defaultdict(list)
    for pid in _ids(app, "tthc:Procedure.Listed"):
        view = app.get_procedure(pid)
        if view.status == "WITHDRAWN":
            continue
        cut = any(h.event in ("Abolished", "Implemented") and h.effective_date is not None
                  and h.effective_date <= TARGETS_DUE for h in app.procedure_history(pid))
        then = app.procedure_as_recorded(pid, at)
        assert then is not None
        before = then.cost_before_year or Decimal(0)
        after = then.cost_after_year if then.cost_after_year is not None else before
        units[view.listing_unit].append((cut, before, after))
    rates: dict[str, tuple[Decimal, Decimal]] = {}
    for unit_id, rows in units.items():
        cut_pct = Decimal(sum(c for c, _, _ in rows)) * 100 / len(rows)
        before = sum((b for _, b, _ in rows), Decimal(0))
        cost_pct = (before - sum((a for _, _, a in rows), Decimal(0))) * 100 / before if before else Decimal(0)
        rates[app.unit(unit_id).code] = (cut_pct, cost_pct)

    def meets(code: str) -> bool:
        return all(r >= 20 for r in rates[code])

    assert meets("20-SNV") and not meets("20-SYT")  # Sở Nội vụ exceeds; Sở Y tế reviewed and kept everything
    assert rates["20-SYT"][0] == 0
    districts = [code for code in rates if len(code) == 3]
    assert any(meets(c) for c in districts) and not all(meets(c) for c in districts)
    assert {p.unit for p in seeded.summary.progress if p.meets_targets} == set(seeded.summary.meeting_targets)
    total = [row for rows in units.values() for row in rows]
    assert sum(c for c, _, _ in total) * 100 / len(total) >= 20  # the province as a whole just makes it


def test_seed_refuses_a_ledger_that_has_data(seeded: Seeded) -> None:
    with pytest.raises(DomainError):
        seed(seeded.app)
