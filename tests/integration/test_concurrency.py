"""Optimistic concurrency on both stores: a lost race is a clear conflict, never a lost update."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from domain.errors import ConcurrencyConflict, DomainError, DuplicateCode
from domain.plans import CostParameters
from domain.procedure import Procedure
from domain.units import Hierarchy
from services.application import Ledger
from services.base import SYSTEM
from services.settings import Settings
from tests.support import builders as b

RETRY = re.escape("Dữ liệu vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại.")


@pytest.fixture
def world(ledger: Ledger) -> b.Province:
    return b.province(ledger)


@pytest.fixture
def two(settings: Settings, ledger: Ledger) -> Iterator[tuple[Ledger, Ledger]]:
    """Two applications on one store, as two web processes would be."""
    other = Ledger(settings)
    yield ledger, other
    other.close()


def stored(app: Ledger, pid: UUID, name: str) -> int:
    return sum(1 for e in app.events.get(pid) if type(e).__name__ == name)


def race(calls: list[Callable[[], object]]) -> tuple[int, list[BaseException]]:
    """Run the calls in threads released together; count successes and collect the errors."""
    barrier = threading.Barrier(len(calls))
    lock = threading.Lock()
    successes = 0
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        nonlocal successes
        barrier.wait()
        try:
            call()
        except BaseException as error:
            with lock:
                errors.append(error)
        else:
            with lock:
                successes += 1

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return successes, errors


def test_two_processes_changing_the_same_version_one_wins_the_other_gets_a_conflict(
        two: tuple[Ledger, Ledger], world: b.Province):
    first, second = two
    pid = first.list_procedure(world.officer, world.department, world.department, b.content())
    # Both load version 1 before either saves (what two users' forms hold).
    mine: Procedure = first._get(Procedure, pid)
    theirs: Procedure = second._get(Procedure, pid)
    assert mine.version == theirs.version == 1
    mine.amend_draft(b.content().with_changes({"name": "Tên do người thứ nhất sửa"}), world.officer)
    theirs.amend_draft(b.content().with_changes({"result": "Kết quả do người thứ hai sửa"}), world.officer)

    first._save(mine)
    with pytest.raises(ConcurrencyConflict) as caught:
        second._save(theirs)

    assert "bạn đang sửa phiên bản 1, phiên bản hiện tại là 2" in caught.value.message
    current = second.repository.get(pid)
    assert current.version == 2
    assert current.content.name == "Tên do người thứ nhất sửa"
    assert current.content.result == b.content().result  # the loser's change was not merged in
    assert stored(second, pid, "DraftAmended") == 1


def test_two_processes_using_expected_versions_never_lose_an_update(two: tuple[Ledger, Ledger], world: b.Province):
    first, second = two
    pid = first.list_procedure(world.officer, world.department, world.department, b.content())
    seen = second.get_procedure(pid).version

    first.submit(world.officer, pid, expected_version=seen)
    with pytest.raises(ConcurrencyConflict, match=re.escape("phiên bản 1, phiên bản hiện tại là 2")):
        second.amend_draft(world.officer, pid, b.content().with_changes({"subject": "Khác"}), expected_version=seen)

    assert first.get_procedure(pid).status == second.get_procedure(pid).status == "SUBMITTED"
    assert second.repository.get(pid).version == 2


def test_threads_racing_to_amend_one_draft_store_exactly_the_amendments_that_returned(ledger: Ledger,
                                                                                      world: b.Province):
    pid = ledger.list_procedure(world.officer, world.department, world.department, b.content())
    calls = [
        (lambda n=n, k=k: ledger.amend_draft(world.officer, pid,
                                             b.content().with_changes({"name": f"Tên sửa lần {k} của luồng {n}"})))
        for n in range(8) for k in range(3)
    ]
    successes, errors = race(calls)

    assert all(isinstance(e, ConcurrencyConflict) for e in errors), errors
    assert successes + len(errors) == len(calls)
    assert successes >= 1
    assert stored(ledger, pid, "DraftAmended") == successes
    assert ledger.repository.get(pid).version == 1 + successes


def test_threads_of_two_processes_racing_on_one_procedure_lose_no_update(two: tuple[Ledger, Ledger],
                                                                         world: b.Province):
    first, second = two
    pid = first.list_procedure(world.officer, world.department, world.department, b.content())
    calls = [
        (lambda app=app, n=n: app.amend_draft(world.officer, pid,
                                              b.content().with_changes({"subject": f"Đối tượng {n}"})))
        for n, app in enumerate([first, second] * 4)
    ]
    successes, errors = race(calls)

    assert all(isinstance(e, ConcurrencyConflict) for e in errors), errors
    assert first.repository.get(pid).version == second.repository.get(pid).version == 1 + successes
    assert stored(first, pid, "DraftAmended") == successes


def test_two_officers_racing_to_list_the_same_code_make_exactly_one_procedure(two: tuple[Ledger, Ledger],
                                                                              world: b.Province):
    first, second = two
    calls = [
        (lambda app=app, n=n: app.list_procedure(world.officer, world.department, world.department,
                                                 b.content("LS-NV-07", name=f"Thủ tục của cán bộ {n}")))
        for n, app in enumerate([first, second, first, second])
    ]
    successes, errors = race(calls)

    assert successes == 1
    assert len(errors) == 3
    assert all(isinstance(e, DuplicateCode) for e in errors), errors
    assert all(e.message == "Mã thủ tục «LS-NV-07» đã được dùng cho một thủ tục khác của đơn vị." for e in errors
               if isinstance(e, DomainError))
    listed = first.recorder.select_notifications(1, 10_000, topics=("tthc:Procedure.Listed",))
    assert len(listed) == 1


def test_racing_to_reuse_a_released_code_still_makes_exactly_one_procedure(two: tuple[Ledger, Ledger],
                                                                           world: b.Province):
    from domain.enums import WithdrawalReason

    first, second = two
    withdrawn = first.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-08"))
    first.withdraw(world.officer, withdrawn, WithdrawalReason.LISTED_IN_ERROR)
    calls = [
        (lambda app=app: app.list_procedure(world.officer, world.department, world.department,
                                            b.content("LS-NV-08")))
        for app in [first, second, first, second]
    ]
    successes, errors = race(calls)

    assert successes == 1
    assert all(isinstance(e, (DuplicateCode, ConcurrencyConflict)) for e in errors), errors
    listed = second.recorder.select_notifications(1, 10_000, topics=("tthc:Procedure.Listed",))
    assert len(listed) == 2  # the withdrawn one and the single winner


def test_an_application_survives_a_lost_race_and_serves_the_next_command(two: tuple[Ledger, Ledger],
                                                                        world: b.Province):
    first, second = two
    pid = first.list_procedure(world.officer, world.department, world.department, b.content())
    loser: Procedure = second._get(Procedure, pid)
    first.submit(world.officer, pid)
    loser.submit(world.officer)
    with pytest.raises(ConcurrencyConflict):
        second._save(loser)
    second.verify_listing(world.controller, pid)
    assert first.get_procedure(pid).status == "VERIFIED"


def test_two_processes_creating_the_provincial_cost_parameters_at_once_is_a_conflict_not_a_duplicate(
        two: tuple[Ledger, Ledger], world: b.Province):
    first, second = two
    params_id = CostParameters.id_for(world.province)
    theirs = CostParameters(id=params_id, scope_unit=world.province, actor=SYSTEM.account, acting_unit=SYSTEM.unit)
    theirs.set_hourly_income(2023, Decimal(51_000), "Niên giám thống kê tỉnh", SYSTEM)

    first.set_hourly_income(SYSTEM, 2023, Decimal(52_000), "Niên giám thống kê tỉnh", scope_unit=world.province)
    with pytest.raises(ConcurrencyConflict, match=RETRY):
        second._save(theirs)

    assert second.hourly_income(2023, world.department) == (Decimal(52_000), "Niên giám thống kê tỉnh")


def test_two_processes_defining_the_first_level_at_once_is_a_conflict_not_a_duplicate(settings: Settings):
    with Ledger(settings) as first, Ledger(settings) as second:
        theirs = Hierarchy(id=Hierarchy.ID, actor=SYSTEM.account, acting_unit=SYSTEM.unit)
        theirs.define_level("province", "Cấp tỉnh", 1, date(1976, 1, 1), SYSTEM)

        first.define_level(SYSTEM, "province", "Cấp tỉnh", 1, date(1976, 1, 1))
        with pytest.raises(ConcurrencyConflict, match=RETRY):
            second._save(theirs)
        assert set(second.levels()) == {"province"}
