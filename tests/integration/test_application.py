"""The application on both stores (SQLite and the real PostgreSQL): commands, replay, snapshots, queries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.enums import (
    Category,
    ChangeType,
    Channel,
    PublicityChannel,
    Recommendation,
    Role,
    TimeUnit,
    TransferCause,
    WithdrawalReason,
)
from domain.errors import ConcurrencyConflict, DomainError, DuplicateCode, IllegalTransition, NotFound, UnitNotInForce
from domain.procedure import Procedure
from domain.values import Actor, Fee, Step, TimeLimit
from services.application import Ledger
from services.base import SYSTEM
from services.settings import Settings
from tests.support import builders as b


@pytest.fixture
def world(ledger: Ledger) -> b.Province:
    return b.province(ledger)


@contextmanager
def other_ledger(settings: Settings) -> Iterator[Ledger]:
    """A second application on the same store: another process, as far as the data can tell."""
    app = Ledger(settings)
    try:
        yield app
    finally:
        app.close()


def replayed(app: Ledger, procedure_id: UUID) -> Procedure:
    """The aggregate folded from every stored event, ignoring snapshots."""
    state = None
    for event in app.events.get(procedure_id):
        state = event.mutate(state)
    assert isinstance(state, Procedure)
    return state


def simplify(app: Ledger, world: b.Province, pid: UUID, kind: Recommendation = Recommendation.AMEND) -> None:
    """From published to implemented (or approved, for an abolition)."""
    app.publicise(world.controller, pid, PublicityChannel.PORTAL, "https://dichvucong.langson.gov.vn/tthc/1",
                  date(2023, 3, 21))
    app.record_review(world.officer, pid, world.department, b.ROUND, b.review_form(kind), b.worksheet())
    app.propose(world.officer, pid, b.proposal(kind))
    app.approve_plan(world.controller, pid, b.decision("55/QĐ-UBND", date(2024, 1, 5)), date(2024, 1, 5))
    if kind is not Recommendation.ABOLISH:
        app.implement(world.controller, pid, b.decision("12/2024/QĐ-UBND", date(2024, 3, 1)), date(2024, 3, 15))


def full_life(app: Ledger, world: b.Province) -> UUID:
    pid = app.list_procedure(world.officer, world.department, world.department, b.content())
    app.amend_draft(world.officer, pid, b.content().with_changes({"conditions": "Có thành tích xuất sắc"}))
    app.submit(world.officer, pid)
    app.return_listing(world.controller, pid, "Thiếu căn cứ pháp lý")
    app.submit(world.officer, pid)
    app.verify_listing(world.controller, pid, "Đầy đủ")
    app.publish(world.controller, pid, b.decision(), date(2023, 3, 20))
    simplify(app, world, pid)
    app.publish(world.controller, pid, b.decision("99/QĐ-UBND", date(2024, 3, 10)), date(2024, 3, 15),
                ChangeType.AMENDED)
    return pid


def position(app: Ledger) -> int:
    return app.recorder.max_notification_id() or 0


# -- the whole life ------------------------------------------------------------------------------

def test_a_procedure_goes_from_listing_to_publication_as_amended(ledger: Ledger, world: b.Province):
    pid = full_life(ledger, world)

    view = ledger.get_procedure(pid)
    assert (view.status, view.status_label) == ("PUBLISHED", "Đã công bố")
    assert view.version == 13
    assert view.publication_no == 2
    assert view.last_decision == "99/QĐ-UBND"
    assert view.in_force_from == date(2024, 3, 15)
    assert view.managing_unit_name == "Sở Nội vụ"
    assert (view.cost_before_year, view.cost_after_year) == (Decimal(42_500_000), Decimal(16_000_000))
    assert view.details["Thành phần hồ sơ"] == "Tờ trình đề nghị (1 bản chính, 0 bản sao)"
    published = [e for e in ledger.events.get(pid) if type(e).__name__ == "Published"]
    assert [e.change_type for e in published] == [ChangeType.NEW, ChangeType.AMENDED]


def test_an_approved_abolition_ends_the_procedure(ledger: Ledger, world: b.Province):
    pid = b.published(ledger, world)
    simplify(ledger, world, pid, Recommendation.ABOLISH)
    ledger.abolish(world.controller, pid, b.decision("77/QĐ-UBND", date(2024, 4, 1)), date(2024, 4, 15))
    assert ledger.get_procedure(pid).status == "ABOLISHED"
    with pytest.raises(IllegalTransition):
        ledger.reclassify(world.controller, pid, Category.INTER_AGENCY)


def test_a_second_ledger_on_the_same_store_replays_an_equal_procedure(ledger: Ledger, world: b.Province,
                                                                       settings: Settings):
    pid = full_life(ledger, world)
    with other_ledger(settings) as other:
        assert other.repository.get(pid) == ledger.repository.get(pid)
        assert other.get_procedure(pid) == ledger.get_procedure(pid)


def test_snapshots_give_the_same_state_as_a_full_replay(settings: Settings):
    with other_ledger(settings.with_(snapshot_interval=3)) as app:
        world = b.province(app)
        pid = full_life(app, world)
        assert app.snapshots is not None
        snapshots = [s.originator_version for s in app.snapshots.get(pid)]
        assert snapshots == [3, 6, 9, 12]

        with other_ledger(settings.with_(snapshot_interval=0)) as plain:
            assert plain.snapshots is None
            for version in range(1, 14):
                assert app.repository.get(pid, version=version) == plain.repository.get(pid, version=version)
            assert app.repository.get(pid) == replayed(app, pid) == plain.repository.get(pid)


def test_a_snapshot_taken_mid_review_round_still_enforces_the_round_rules(settings: Settings):
    with other_ledger(settings.with_(snapshot_interval=5)) as app:
        world = b.province(app)
        pid = b.published(app, world)
        app.record_review(world.officer, pid, world.department, b.ROUND, b.review_form(Recommendation.KEEP),
                          b.worksheet())  # version 5: snapshot
        ended = re.escape("Đợt rà soát này đã kết thúc với kiến nghị giữ nguyên thủ tục.")
        with other_ledger(settings.with_(snapshot_interval=5)) as other, pytest.raises(DomainError, match=ended):
            other.record_review(world.controller, pid, world.province, b.ROUND, b.review_form(), b.worksheet())


# -- codes ---------------------------------------------------------------------------------------

def test_a_code_is_taken_once_within_a_managing_unit(ledger: Ledger, world: b.Province):
    ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))
    before = position(ledger)
    taken = re.escape("Mã thủ tục «LS-NV-01» đã được dùng cho một thủ tục khác của đơn vị.")
    with pytest.raises(DuplicateCode, match=taken):
        ledger.list_procedure(world.officer, world.department, world.department,
                              b.content("LS-NV-01", name="Thủ tục khác"))
    assert position(ledger) == before


def test_the_same_code_may_be_used_in_another_managing_unit(ledger: Ledger, world: b.Province):
    ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-01"))
    district = Actor(SYSTEM.account, world.district)
    other = ledger.list_procedure(district, world.district, world.district, b.content("LS-01", levels=("district",)))
    assert ledger.get_procedure(other).code == "LS-01"


@pytest.mark.parametrize("retire", [
    lambda app, w, pid: app.withdraw(w.officer, pid, WithdrawalReason.LISTED_IN_ERROR),
    lambda app, w, pid: app.reclassify(w.controller, pid, None, "Là TTHC giải quyết cho tổ chức, cá nhân"),
], ids=["withdrawn", "not-internal"])
def test_a_procedure_taken_off_the_list_frees_its_code(ledger: Ledger, world: b.Province, retire: Callable):
    first = ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))
    retire(ledger, world, first)
    second = ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))
    assert ledger.get_procedure(first).status == "WITHDRAWN"
    assert ledger.get_procedure(second).status == "DRAFT"


def test_a_transfer_moves_the_code_reservation_to_the_receiving_unit(ledger: Ledger, world: b.Province):
    finance = ledger.establish_unit(SYSTEM, "20-STC", "Sở Tài chính", "Sở", "province", world.province,
                                    date(2008, 4, 1))
    pid = b.published(ledger, world)
    ledger.transfer(world.controller, pid, finance, date(2025, 3, 1), TransferCause.UNIT_MERGED)

    assert ledger.get_procedure(pid).managing_unit == finance
    with pytest.raises(DuplicateCode):
        ledger.list_procedure(Actor(SYSTEM.account, finance), finance, finance, b.content("LS-NV-01"))
    ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))


def test_a_transfer_into_a_unit_that_holds_the_code_is_refused_and_writes_nothing(ledger: Ledger,
                                                                                   world: b.Province):
    finance = ledger.establish_unit(SYSTEM, "20-STC", "Sở Tài chính", "Sở", "province", world.province,
                                    date(2008, 4, 1))
    ledger.list_procedure(Actor(SYSTEM.account, finance), finance, finance, b.content("LS-NV-01"))
    pid = b.published(ledger, world)
    before = position(ledger)
    with pytest.raises(DuplicateCode):
        ledger.transfer(world.controller, pid, finance, date(2025, 3, 1), TransferCause.UNIT_MERGED)
    assert position(ledger) == before
    assert ledger.get_procedure(pid).managing_unit == world.department


def test_changing_the_code_of_a_draft_moves_its_reservation(ledger: Ledger, world: b.Province):
    pid = ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))
    ledger.amend_draft(world.officer, pid, b.content("LS-NV-09"))
    ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))
    with pytest.raises(DuplicateCode):
        ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-09"))


# -- errors --------------------------------------------------------------------------------------

def test_unknown_ids_are_not_found(ledger: Ledger, world: b.Province):
    missing = uuid4()
    message = f"Không tìm thấy thủ tục có mã định danh {missing}."
    for call in (lambda: ledger.get_procedure(missing), lambda: ledger.submit(world.officer, missing),
                 lambda: ledger.procedure_history(missing),
                 lambda: ledger.procedure_as_recorded(missing, datetime.now(UTC))):
        with pytest.raises(NotFound, match=re.escape(message)):
            call()


def test_a_unit_id_is_not_a_procedure(ledger: Ledger, world: b.Province):
    with pytest.raises(NotFound, match=re.escape(f"Mã định danh {world.department} không phải là thủ tục.")):
        ledger.submit(world.officer, world.department)


def test_a_stale_expected_version_is_a_conflict_naming_the_procedure_and_both_versions(ledger: Ledger,
                                                                                      world: b.Province):
    pid = ledger.list_procedure(world.officer, world.department, world.department, b.content())
    ledger.submit(world.officer, pid, expected_version=1)
    before = position(ledger)

    with pytest.raises(ConcurrencyConflict) as caught:
        ledger.return_listing(world.controller, pid, "Thiếu căn cứ", expected_version=1)

    assert caught.value.message == (
        "Xung đột cập nhật: thủ tục «Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh (mã LS-NV-01)» đã được người "
        "khác thay đổi (bạn đang sửa phiên bản 1, phiên bản hiện tại là 2). Vui lòng tải lại và thực hiện lại; "
        "không có gì bị ghi đè.")
    assert position(ledger) == before


def test_listing_for_a_unit_not_in_force_is_refused(ledger: Ledger, world: b.Province):
    ledger.dissolve_unit(SYSTEM, world.district, date(2025, 7, 1), b.decision("1/NQ-UBTVQH15", date(2025, 6, 16)))
    district = Actor(SYSTEM.account, world.district)
    gone = re.escape("«UBND huyện Hữu Lũng» không còn hoặc chưa tồn tại vào ngày 01/08/2025")
    with ledger.recorded_by(lambda: datetime(2025, 8, 1, 3, tzinfo=UTC)), pytest.raises(UnitNotInForce, match=gone):
        ledger.list_procedure(district, world.district, world.district, b.content(levels=("district",)))


@pytest.mark.parametrize("failing", [
    lambda app, w, pid: app.list_procedure(w.officer, w.department, w.department, b.content("LS-NV-01")),
    lambda app, w, pid: app.list_procedure(w.officer, w.department, w.department,
                                           b.content("LS-NV-02").with_changes({"name": ""})),
    lambda app, w, pid: app.list_procedure(w.officer, w.department, w.department,
                                           b.content("LS-NV-02", levels=("region",))),
    lambda app, w, pid: app.withdraw(w.officer, pid, WithdrawalReason.DUPLICATE),
    lambda app, w, pid: app.publish(w.controller, pid, b.decision("2/QĐ-UBND", date(2024, 1, 1)),
                                    date(2024, 1, 1), ChangeType.NEW),
    lambda app, w, pid: app.record_review(w.officer, pid, w.department, b.ROUND, b.review_form(),
                                          b.worksheet(year=2031)),
    lambda app, w, pid: app.transfer(w.controller, pid, w.department, date(2025, 1, 1), TransferCause.UNIT_MERGED),
], ids=["duplicate-code", "invalid-content", "unknown-level", "illegal-transition", "wrong-change-type",
        "no-cost-parameter", "same-unit-transfer"])
def test_a_failed_command_writes_nothing(ledger: Ledger, world: b.Province, failing: Callable):
    pid = b.published(ledger, world, "LS-NV-01")
    before = position(ledger)

    with pytest.raises(DomainError):
        failing(ledger, world, pid)

    assert position(ledger) == before


def test_one_publication_decision_publishes_many_procedures_together(ledger: Ledger, world: b.Province):
    ids = []
    for code in ("LS-NV-01", "LS-NV-02", "LS-NV-03"):
        pid = ledger.list_procedure(world.officer, world.department, world.department, b.content(code))
        ledger.submit(world.officer, pid)
        ledger.verify_listing(world.controller, pid)
        ids.append(pid)
    before = position(ledger)

    ledger.publish_many(world.controller, ids, b.decision(), date(2023, 3, 20))

    assert position(ledger) == before + 3
    assert {ledger.get_procedure(pid).last_decision for pid in ids} == {"1234/QĐ-UBND"}


def test_publishing_many_is_all_or_nothing(ledger: Ledger, world: b.Province):
    verified = ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-01"))
    ledger.submit(world.officer, verified)
    ledger.verify_listing(world.controller, verified)
    draft = ledger.list_procedure(world.officer, world.department, world.department, b.content("LS-NV-02"))
    before = position(ledger)

    with pytest.raises(IllegalTransition):
        ledger.publish_many(world.controller, [verified, draft], b.decision(), date(2023, 3, 20))

    assert position(ledger) == before
    assert ledger.get_procedure(verified).status == "VERIFIED"


# -- history and time travel ---------------------------------------------------------------------

def at(day: int, month: int, year: int = 2023) -> Callable[[], datetime]:
    return lambda: datetime(year, month, day, 2, 0, tzinfo=UTC)


def test_the_history_has_one_entry_per_event_with_labels_names_and_changed_fields(ledger: Ledger,
                                                                                world: b.Province):
    an = ledger.register_account(SYSTEM, "nvan", "Nguyễn Văn An", Role.UNIT_OFFICER, world.department)
    binh = ledger.register_account(SYSTEM, "ttbinh", "Trần Thị Bình", Role.CONTROLLER, world.province)
    officer, controller = Actor(an, world.department), Actor(binh, world.province)
    pid = ledger.list_procedure(officer, world.department, world.department, b.content())
    ledger.amend_draft(officer, pid, b.content().with_changes({"name": "Xét tặng Cờ thi đua của UBND tỉnh"}))
    ledger.submit(officer, pid)
    ledger.return_listing(controller, pid, "Thiếu căn cứ pháp lý")

    history = ledger.procedure_history(pid)

    assert [h.version for h in history] == [1, 2, 3, 4]
    assert [h.label for h in history] == ["Thống kê TTHC", "Sửa đổi dự thảo", "Gửi biểu mẫu thống kê",
                                          "Trả lại biểu mẫu thống kê"]
    assert [h.actor_name for h in history] == ["Nguyễn Văn An"] * 3 + ["Trần Thị Bình"]
    assert [h.acting_unit_name for h in history] == ["Sở Nội vụ"] * 3 + ["UBND tỉnh Lạng Sơn"]
    amended = {c.field: (c.old, c.new) for c in history[1].changes}
    assert amended == {"Tên thủ tục": ("Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                                       "Xét tặng Cờ thi đua của UBND tỉnh")}
    assert [(c.field, c.old, c.new) for c in history[2].changes] == [("Trạng thái", "Dự thảo", "Đã gửi thống kê")]
    assert history[3].summary == "Lý do: Thiếu căn cứ pháp lý"
    assert len(history) == len(list(ledger.events.get(pid)))


def test_the_history_shows_decisions_and_effective_dates(ledger: Ledger, world: b.Province):
    pid = b.published(ledger, world)
    entry = ledger.procedure_history(pid)[-1]
    assert entry.event == "Published"
    assert entry.effective_date == date(2023, 3, 20)
    assert entry.summary == ("Quyết định 1234/QĐ-UBND ngày 20/03/2023 (Chủ tịch UBND tỉnh, UBND tỉnh Lạng Sơn); "
                             "Loại: Ban hành mới; có hiệu lực từ 20/03/2023")


def test_the_procedure_as_recorded_at_an_instant(ledger: Ledger, world: b.Province):
    with ledger.recorded_by(at(10, 1)):
        pid = ledger.list_procedure(world.officer, world.department, world.department, b.content())
    with ledger.recorded_by(at(15, 1)):
        ledger.submit(world.officer, pid)
    with ledger.recorded_by(at(1, 2)):
        ledger.verify_listing(world.controller, pid)
    with ledger.recorded_by(at(20, 3)):
        ledger.publish(world.controller, pid, b.decision(), date(2023, 3, 20))

    assert ledger.procedure_as_recorded(pid, datetime(2023, 1, 9, tzinfo=UTC)) is None
    assert ledger.procedure_as_recorded(pid, at(10, 1)()).status == "DRAFT"  # type: ignore[union-attr]
    assert ledger.procedure_as_recorded(pid, datetime(2023, 1, 14, tzinfo=UTC)).status == "DRAFT"  # type: ignore[union-attr]
    assert ledger.procedure_as_recorded(pid, ledger.end_of_day(date(2023, 2, 10))).status == "VERIFIED"  # type: ignore[union-attr]
    then = ledger.procedure_as_recorded(pid, datetime(2023, 3, 19, tzinfo=UTC))
    assert then is not None and (then.version, then.publication_no) == (3, 0)
    assert ledger.procedure_as_recorded(pid, datetime.now(UTC)) == ledger.get_procedure(pid)
    assert [h.recorded_at for h in ledger.procedure_history(pid)] == [c() for c in (at(10, 1), at(15, 1), at(1, 2),
                                                                                   at(20, 3))]


def test_the_as_recorded_view_does_not_change_the_live_procedure(ledger: Ledger, world: b.Province):
    pid = b.published(ledger, world)
    before = ledger.repository.get(pid)
    ledger.procedure_as_recorded(pid, datetime(2022, 12, 31, tzinfo=UTC))
    ledger.procedure_history(pid)
    assert ledger.repository.get(pid) == before


def test_a_draft_amendment_of_nested_values_replays_equal_from_the_store(ledger: Ledger, world: b.Province,
                                                                         settings: Settings):
    pid = ledger.list_procedure(world.officer, world.department, world.department, b.content())
    changed = b.content().with_changes({
        "category": Category.INTER_AGENCY, "coordinating_agencies": ("Sở Tài chính", "Sở Tư pháp"),
        "steps": (Step(1, "Cơ quan đề nghị", "Gửi hồ sơ điện tử", Decimal("0.5")),),
        "time_limit": TimeLimit(10, TimeUnit.DAY), "channels": (Channel.ONLINE,), "fees": (Fee("Lệ phí", 0),),
    })
    ledger.amend_draft(world.officer, pid, changed)

    with other_ledger(settings) as other:
        stored = other.repository.get(pid)
        assert stored.content == changed
        assert stored == ledger.repository.get(pid)
        amendment = list(other.events.get(pid))[-1]
        assert set(amendment.changes) == {"category", "coordinating_agencies", "steps", "time_limit", "channels",
                                          "fees"}


def test_today_is_the_date_in_vietnam_not_in_utc(ledger: Ledger, world: b.Province):
    ledger.dissolve_unit(SYSTEM, world.district, date(2025, 7, 1), b.decision("1/NQ-UBTVQH15", date(2025, 6, 16)))
    district = Actor(SYSTEM.account, world.district)
    six_thirty_in_hanoi = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)  # 01/07/2025 06:30 (UTC+7)
    with ledger.recorded_by(lambda: six_thirty_in_hanoi):
        assert ledger.today() == date(2025, 7, 1)
        with pytest.raises(UnitNotInForce):
            ledger.list_procedure(district, world.district, world.district, b.content(levels=("district",)))


def test_a_procedure_of_a_retired_level_cannot_be_listed_after_the_reform(ledger: Ledger, world: b.Province):
    ledger.retire_level(SYSTEM, "district", date(2025, 7, 1), b.decision("1/NQ-UBTVQH15", date(2025, 6, 16)))
    retired = re.escape("Cấp «Cấp huyện» không còn tồn tại vào ngày 02/07/2025.")
    with ledger.recorded_by(lambda: datetime(2025, 7, 2, 3, tzinfo=UTC)), pytest.raises(DomainError, match=retired):
        ledger.list_procedure(world.officer, world.department, world.department,
                              b.content(levels=("province", "district")))
    with ledger.recorded_by(lambda: datetime(2025, 6, 30, 3, tzinfo=UTC)):
        ledger.list_procedure(world.officer, world.department, world.department,
                              b.content(levels=("province", "district")))


def test_a_review_by_a_unit_no_longer_in_force_is_refused(ledger: Ledger, world: b.Province):
    pid = b.published(ledger, world)
    ledger.dissolve_unit(SYSTEM, world.district, date(2025, 7, 1), b.decision("1/NQ-UBTVQH15", date(2025, 6, 16)))
    before = position(ledger)
    with ledger.recorded_by(lambda: datetime(2025, 8, 1, 3, tzinfo=UTC)), pytest.raises(UnitNotInForce):
        ledger.record_review(world.officer, pid, world.district, b.ROUND, b.review_form(), b.worksheet())
    assert position(ledger) == before


def test_the_history_of_a_transfer_names_both_units(ledger: Ledger, world: b.Province):
    finance = ledger.establish_unit(SYSTEM, "20-STC", "Sở Tài chính", "Sở", "province", world.province,
                                    date(2008, 4, 1))
    pid = b.published(ledger, world)
    ledger.transfer(world.controller, pid, finance, date(2025, 3, 1), TransferCause.COMPETENCE_MOVED)

    entry = ledger.procedure_history(pid)[-1]
    assert entry.label == "Chuyển giao"
    assert entry.summary == "có hiệu lực từ 01/03/2025; Sở Nội vụ → Sở Tài chính (Chuyển giao thẩm quyền)"
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("Đơn vị quản lý", "Sở Nội vụ", "Sở Tài chính")]


def test_a_procedure_named_twice_in_one_publication_decision_is_published_once(ledger: Ledger, world: b.Province):
    pid = ledger.list_procedure(world.officer, world.department, world.department, b.content())
    ledger.submit(world.officer, pid)
    ledger.verify_listing(world.controller, pid)

    ledger.publish_many(world.controller, [pid, pid], b.decision(), date(2023, 3, 20))

    view = ledger.get_procedure(pid)
    assert (view.status, view.version, view.publication_no) == ("PUBLISHED", 4, 1)
