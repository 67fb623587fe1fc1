"""The read side's projections on both stores: registry search, rebuild = incremental, restart, races, parity.

A realistic history (`build_history`) drives several procedures through their whole lifecycle, with a
transfer after a unit merger, an abolition, a withdrawal and a renamed department, at fixed record
times and with fixed ids, so that the same history gives the same views on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

import pytest

from domain.enums import (
    Category,
    ChangeType,
    Metric,
    PublicityChannel,
    Recommendation,
    Role,
    TransferCause,
    WithdrawalReason,
)
from domain.plans import Milestone
from domain.units import AdminUnit
from domain.values import Actor, DossierItem, LegalBasis, ProcedureContent
from services.application import Ledger
from services.base import SYSTEM
from services.readmodels import Change
from services.readside import ReadSide
from services.settings import Settings
from tests.support import builders as b

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NS = UUID("5d1f7f0e-3c2a-4a8e-9a57-0c1b7e2f9d44")
MERGER = date(2025, 7, 1)
PLAN = "243/KH-UBND"
MILESTONES = (
    Milestone(Metric.LISTED_PUBLISHED, Decimal(100), date(2023, 4, 1)),
    Milestone(Metric.REVIEWED, Decimal(100), date(2023, 12, 31)),
    Milestone(Metric.PROCEDURES_CUT, Decimal(20), date(2023, 12, 31)),
    Milestone(Metric.COST_CUT, Decimal(20), date(2023, 12, 31)),
)


# -- a fixed record clock and a realistic history ---------------------------------------------------
class Clock:
    """Record times for `Ledger.recorded_by`: a few seconds apart, moved forward to each action's day."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now

    def day(self, on: date, hour: int = 9) -> None:
        moment = datetime.combine(on, time(hour), tzinfo=VIETNAM)
        assert moment > self.now, "record time never goes backwards"
        self.now = moment


def pid(code: str) -> UUID:
    return uuid5(NS, code)


def named(code: str, name: str, levels: tuple[str, ...] = ("province",), field: str = "Thi đua – khen thưởng",
          agency: str = "Sở Nội vụ") -> ProcedureContent:
    return b.content(code, name, levels).with_changes({"field": field, "handling_agency": agency})


def lighter(c: ProcedureContent) -> ProcedureContent:
    """The content after simplification: one dossier item fewer."""
    return c.with_changes({"dossier": (DossierItem("Tờ trình đề nghị", 1, 0),)})


@dataclass
class History:
    province: b.Province
    clock: Clock
    procedures: dict[str, UUID] = field(default_factory=dict)
    accounts: dict[str, UUID] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    new_commune: UUID | None = None


def build_history(app: Ledger, step: Callable[[], Any] = lambda: None) -> History:
    """Seven procedures through the lifecycle; `step()` runs after each action (e.g. an incremental catch-up)."""
    prov = b.province(app)
    clock = Clock(datetime(2023, 1, 3, 8, tzinfo=VIETNAM))
    h = History(prov, clock)
    P = h.procedures
    with app.recorded_by(clock):
        clock.day(date(2023, 1, 4))
        for username, display, role, unit in (
                ("nguyenvanan", "Nguyễn Văn An", Role.UNIT_OFFICER, prov.department),
                ("tranthibinh", "Trần Thị Bình", Role.CONTROLLER, prov.province),
                ("lethicuc", "Lê Thị Cúc", Role.UNIT_OFFICER, prov.district)):
            h.accounts[username] = app.register_account(SYSTEM, username, display, role, unit)
            h.actors[username] = Actor(h.accounts[username], unit, display)
        officer, controller, district = h.actors["nguyenvanan"], h.actors["tranthibinh"], h.actors["lethicuc"]
        commune = Actor(SYSTEM.account, prov.commune)
        app.adopt_plan(SYSTEM, PLAN, "Kế hoạch rà soát, đơn giản hóa TTHC nội bộ năm 2023", prov.province,
                       date(2023, 1, 4), date(2023, 4, 1), MILESTONES)
        step()

        clock.day(date(2023, 1, 10))
        listings = (
            ("LS-NV-01", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", officer, prov.department, ("province",),
             "Thi đua – khen thưởng"),
            ("LS-NV-02", "Tặng Bằng khen của Chủ tịch UBND tỉnh", officer, prov.department, ("province",),
             "Thi đua – khen thưởng"),
            ("LS-NV-05", "Thẩm định hồ sơ thi đua (trùng)", officer, prov.department, ("province",),
             "Thi đua – khen thưởng"),
            ("LS-NV-06", "Tuyển dụng công chức cấp xã", officer, prov.department, ("province", "commune"),
             "Công chức, viên chức"),
            ("HL-01", "Xét tặng danh hiệu Lao động tiên tiến", district, prov.district, ("district",),
             "Thi đua – khen thưởng"),
            ("HT-01", "Công nhận tổ dân phố văn hóa", commune, prov.commune, ("commune",), "Văn hóa cơ sở"),
            ("HT-02", "Đăng ký tham gia phong trào thi đua của xã", commune, prov.commune, ("commune",),
             "Thi đua – khen thưởng"),
        )
        for code, name, by, unit, levels, fld in listings:
            P[code] = app.list_procedure(by, unit, unit, named(code, name, levels, fld), procedure_id=pid(code))
            step()

        clock.day(date(2023, 1, 12))
        app.amend_draft(officer, P["LS-NV-01"], named("LS-NV-01", "Xét tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”"))
        step()
        for code, by in (("LS-NV-01", officer), ("LS-NV-02", officer), ("LS-NV-06", officer), ("HL-01", district),
                         ("HT-01", commune), ("HT-02", commune)):
            app.submit(by, P[code])
            step()
        app.withdraw(officer, P["LS-NV-05"], WithdrawalReason.DUPLICATE, "Trùng với LS-NV-01")
        step()

        clock.day(date(2023, 1, 20))
        app.return_listing(controller, P["LS-NV-02"], "Thiếu căn cứ pháp lý")
        step()
        fixed = named("LS-NV-02", "Tặng Bằng khen của Chủ tịch UBND tỉnh").with_changes(
            {"legal_bases": (LegalBasis("Luật Thi đua, khen thưởng 2022"), LegalBasis("98/2023/NĐ-CP", "Điều 71"))})
        app.amend_draft(officer, P["LS-NV-02"], fixed)
        app.submit(officer, P["LS-NV-02"])
        app.reclassify(controller, P["LS-NV-06"], Category.INTER_AGENCY)
        step()

        clock.day(date(2023, 2, 1))
        for code in ("LS-NV-01", "LS-NV-02", "LS-NV-06", "HL-01", "HT-01", "HT-02"):
            app.verify_listing(controller, P[code], "Đầy đủ")
            step()

        clock.day(date(2023, 3, 20))
        app.publish_many(controller, [P["LS-NV-01"], P["LS-NV-02"], P["LS-NV-06"]],
                         b.decision("1234/QĐ-UBND", date(2023, 3, 20)), date(2023, 4, 1))
        step()
        app.publish_many(controller, [P["HL-01"], P["HT-01"], P["HT-02"]], b.decision("56/QĐ-UBND", date(2023, 3, 25)),
                         date(2023, 4, 15))
        step()
        clock.day(date(2023, 3, 28))
        app.publicise(controller, P["LS-NV-01"], PublicityChannel.PORTAL, "https://langson.gov.vn/tthc/ls-nv-01",
                      date(2023, 3, 28))
        step()

        clock.day(date(2023, 5, 10))
        for code, recommendation, by in (("LS-NV-01", Recommendation.AMEND, officer),
                                         ("LS-NV-02", Recommendation.ABOLISH, officer),
                                         ("LS-NV-06", Recommendation.AMEND, officer),
                                         ("HL-01", Recommendation.KEEP, district)):
            app.record_review(by, P[code], by.unit, b.ROUND, b.review_form(recommendation), b.worksheet())
            step()

        clock.day(date(2023, 6, 1))
        app.propose(officer, P["LS-NV-01"],
                    b.proposal(Recommendation.AMEND, lighter(named("LS-NV-01", "Xét tặng danh hiệu “Chiến sĩ thi đua "
                                                                               "cấp tỉnh”"))))
        app.propose(officer, P["LS-NV-02"], b.proposal(Recommendation.ABOLISH))
        app.propose(officer, P["LS-NV-06"], b.proposal(Recommendation.AMEND, lighter(named(
            "LS-NV-06", "Tuyển dụng công chức cấp xã", ("province", "commune"), "Công chức, viên chức"))))
        step()

        clock.day(date(2023, 7, 1))
        approval = b.decision("789/QĐ-UBND", date(2023, 7, 1))
        app.approve_plan(controller, P["LS-NV-01"], approval, date(2023, 7, 1))
        app.approve_plan(controller, P["LS-NV-02"], approval, date(2023, 7, 1))
        app.reject_plan(controller, P["LS-NV-06"], "Chưa đánh giá tác động")
        step()

        clock.day(date(2023, 9, 1))
        app.implement(controller, P["LS-NV-01"], b.decision("40/2023/QĐ-UBND", date(2023, 9, 1)), date(2023, 9, 15))
        step()
        app.publish(controller, P["LS-NV-01"], b.decision("999/QĐ-UBND", date(2023, 9, 10)), date(2023, 9, 15),
                    ChangeType.AMENDED)
        step()
        clock.day(date(2023, 10, 1))
        app.abolish(controller, P["LS-NV-02"], b.decision("1001/QĐ-UBND", date(2023, 10, 1)), date(2023, 10, 15))
        step()

        clock.day(date(2024, 1, 2))
        app.rename_unit(SYSTEM, prov.department, "Sở Nội vụ tỉnh Lạng Sơn", date(2024, 1, 1),
                        b.decision("12/QĐ-UBND", date(2023, 12, 20)))
        step()

        clock.day(date(2025, 6, 20))
        reform = b.decision("1656/NQ-UBTVQH15", date(2025, 6, 16))
        h.new_commune = app.establish_unit(SYSTEM, "06175", "UBND xã Yên Bình", "UBND xã", "commune", prov.district,
                                           MERGER, reform)
        app.merge_unit(SYSTEM, prov.commune, h.new_commune, MERGER, reform)
        step()
        app.transfer(controller, P["HT-01"], h.new_commune, MERGER, TransferCause.UNIT_MERGED)
        app.transfer(controller, P["HT-02"], h.new_commune, MERGER, TransferCause.UNIT_MERGED)
        step()
    return h


# -- helpers over the view tables --------------------------------------------------------------------
def view_tables(read: ReadSide) -> list[str]:
    return ["v_tracking", *(t for view in read.projector.views.values() for t in view.tables)]


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((value is None, "" if value is None else value) for value in row)


def snapshot(read: ReadSide) -> dict[str, list[tuple[Any, ...]]]:
    """Every view table, row for row, in primary-key order (sorted the same way on both databases)."""
    tables = {}
    for table in view_tables(read):
        rows = [tuple(r.values()) for r in read.store.query(f"select * from {table}")]
        tables[table] = sorted(rows, key=_key)
    return tables


def log_positions(app: Ledger) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(start=0, limit=10**6, inclusive_of_start=False)]


def assert_exactly_once(app: Ledger, read: ReadSide) -> None:
    """Every stored event is in the views once: audit positions = the log, one version row per event."""
    positions = log_positions(app)
    audit = [int(r["position"]) for r in read.store.query("select position from v_audit order by position")]
    assert audit == positions
    chain = [int(r["position"]) for r in read.store.query("select position from v_chain order by position")]
    assert chain == positions
    versions = read.store.query("select procedure_id, version from v_versions order by procedure_id, version")
    events = read.store.query("select aggregate_id, version from v_audit where aggregate_type = 'Procedure' "
                              "order by aggregate_id, version")
    assert [(r["procedure_id"], int(r["version"])) for r in versions] == \
           [(r["aggregate_id"], int(r["version"])) for r in events]
    assert set(read.projector.positions().values()) == {positions[-1]}


@pytest.fixture
def read(ledger: Ledger) -> Iterator[ReadSide]:
    side = ReadSide(ledger)
    yield side
    side.close()


# -- 1. the registry ---------------------------------------------------------------------------------
def test_the_registry_reflects_each_command_immediately(ledger: Ledger, read: ReadSide) -> None:
    prov = b.province(ledger)
    assert read.current().search().total == 0
    p = ledger.list_procedure(prov.officer, prov.department, prov.department, b.content("LS-NV-01"))
    row = read.current().search().rows[0]
    assert (row.procedure_id, row.status, row.version, row.managing_unit_name) == (p, "DRAFT", 1, "Sở Nội vụ")
    ledger.submit(prov.officer, p)
    assert read.current().search().rows[0].status == "SUBMITTED"
    ledger.verify_listing(prov.controller, p, "Đầy đủ")
    ledger.publish(prov.controller, p, b.decision(), date(2023, 4, 1))
    row = read.current().search().rows[0]
    assert (row.status, row.status_label, row.last_decision, row.in_force_from, row.version) == \
           ("PUBLISHED", "Đã công bố", "1234/QĐ-UBND", date(2023, 4, 1), 4)


def test_a_departments_procedures_appear_under_the_province_and_not_under_a_district(
        ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    q = read.current()
    prov, P, day = h.province, h.procedures, date(2025, 7, 1)
    department = {P["LS-NV-01"], P["LS-NV-02"], P["LS-NV-05"], P["LS-NV-06"]}
    district = {P["HL-01"], P["HT-01"], P["HT-02"]}
    assert {r.procedure_id for r in q.search(unit=prov.province, on=day).rows} == department | district
    assert {r.procedure_id for r in q.search(unit=prov.department, on=day).rows} == department
    assert {r.procedure_id for r in q.search(unit=prov.district, on=day).rows} == district
    # the commune's procedures moved to the successor commune with the merger; both sit under the district
    assert {r.procedure_id for r in q.search(unit=h.new_commune, on=day).rows} == {P["HT-01"], P["HT-02"]}
    assert q.search(unit=prov.commune, on=day).total == 0
    # the tree of an earlier day: the successor commune did not exist yet, so its procedures are not found
    assert {r.procedure_id for r in q.search(unit=prov.district, on=date(2024, 1, 1)).rows} == {P["HL-01"]}


def test_the_registry_filters_by_level_field_category_and_status(ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    q, P = read.current(), h.procedures

    def ids(**filters: Any) -> set[UUID]:
        return {r.procedure_id for r in q.search(**filters).rows}

    assert ids(level="commune") == {P["LS-NV-06"], P["HT-01"], P["HT-02"]}
    assert ids(level="district") == {P["HL-01"]}
    assert ids(level="province") == {P["LS-NV-01"], P["LS-NV-02"], P["LS-NV-05"], P["LS-NV-06"]}
    assert ids(field="Văn hóa cơ sở") == {P["HT-01"]}
    assert ids(category="INTER_AGENCY") == {P["LS-NV-06"]}
    assert ids(status="ABOLISHED") == {P["LS-NV-02"]}
    assert ids(status="WITHDRAWN") == {P["LS-NV-05"]}
    assert ids(status="PUBLISHED") == {P["LS-NV-01"], P["HT-01"], P["HT-02"]}
    assert ids(status="REVIEWED") == {P["HL-01"], P["LS-NV-06"]}
    assert ids(status="PUBLISHED", level="commune", field="Thi đua – khen thưởng") == {P["HT-02"]}
    assert ids(status="PUBLISHED", unit=h.province.department, on=date(2024, 1, 1)) == {P["LS-NV-01"]}
    row = q.search(status="ABOLISHED").rows[0]
    assert (row.recommendation, row.proposal_kind, row.last_decision) == ("ABOLISH", "ABOLISH", "1001/QĐ-UBND")
    amended = q.search(text="LS-NV-01").rows[0]
    assert amended.cost_before == Decimal("42500000") and amended.cost_after == Decimal("16000000")
    assert amended.reduction_pct == Decimal("62.35")
    assert amended.managing_unit_name == "Sở Nội vụ tỉnh Lạng Sơn"


def test_the_registry_pages_and_sorts(ledger: Ledger, read: ReadSide) -> None:
    build_history(ledger)
    q = read.current()
    codes = sorted(["LS-NV-01", "LS-NV-02", "LS-NV-05", "LS-NV-06", "HL-01", "HT-01", "HT-02"])
    pages = [q.search(sort="code", page=n, per_page=3) for n in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [7, 7, 7, 7]
    assert [len(p.rows) for p in pages] == [3, 3, 1, 0]
    assert [r.code for p in pages for r in p.rows] == codes
    assert (pages[1].page, pages[1].per_page) == (2, 3)
    assert q.search(per_page=0).per_page == 1 and q.search(per_page=10_000).per_page == 500
    assert q.search(page=-3).page == 1
    recent = [r.code for r in q.search(sort="recent").rows]
    assert recent[:2] == ["HT-02", "HT-01"]  # the two transfers were recorded last
    by_status = [r.status for r in q.search(sort="status").rows]
    assert by_status == sorted(by_status)
    assert [r.code for r in q.search(sort="no such order").rows] == codes  # unknown sorts fall back to code


def test_search_ignores_accents_case_and_normal_form(ledger: Ledger, read: ReadSide) -> None:
    build_history(ledger)
    q = read.current()

    def codes(text: str) -> set[str]:
        return {r.code for r in q.search(text=text).rows}

    thi_dua = {"LS-NV-01", "LS-NV-05", "HT-02"}
    assert codes("thi đua") == thi_dua
    assert codes("thi dua") == thi_dua
    assert codes("THI ĐUA") == thi_dua
    assert codes("Thi  Đua ") == thi_dua
    assert codes(unicodedata.normalize("NFD", "thi đua")) == thi_dua
    assert codes(unicodedata.normalize("NFD", "TUYỂN DỤNG công chức")) == {"LS-NV-06"}
    assert codes("lao dong tien tien") == {"HL-01"}
    assert codes("ls-nv-0") == {"LS-NV-01", "LS-NV-02", "LS-NV-05", "LS-NV-06"}
    assert codes("") == codes("   ") == {r.code for r in q.search().rows}


def test_percent_and_underscore_typed_by_a_user_are_literal(ledger: Ledger, read: ReadSide) -> None:
    prov = b.province(ledger)
    for code, name in (("A-01", "Cấp kinh phí 100% cho hoạt động thi đua"), ("A-02", "Cấp kinh phí 1000 đồng"),
                       ("A_03", "Báo cáo định kỳ"), ("AB03", "Báo cáo đột xuất"), ("A-04", "Hồ sơ lưu trữ \\ số")):
        ledger.list_procedure(prov.officer, prov.department, prov.department, b.content(code, name))
    q = read.current()

    def codes(text: str) -> set[str]:
        return {r.code for r in q.search(text=text).rows}

    assert codes("100%") == {"A-01"}
    assert codes("%") == {"A-01"}
    assert codes("a_0") == {"A_03"}
    assert codes("_") == {"A_03"}
    assert codes("\\") == {"A-04"}
    assert codes("1%0") == set()


# -- 2. rebuild gives the incremental views back, row for row ----------------------------------------
def test_a_rebuild_gives_the_same_tables_as_incremental_projection(ledger: Ledger) -> None:
    read = ReadSide(ledger, batch_size=4)
    try:
        build_history(ledger, step=read.catch_up)
        read.catch_up()
        incremental = snapshot(read)
        assert incremental["v_audit"] and incremental["v_legal"] and incremental["v_units"]
        assert_exactly_once(ledger, read)

        assert read.rebuild() == len(log_positions(ledger))
        assert snapshot(read) == incremental
        read.rebuild(["audit"])
        assert snapshot(read) == incremental
        read.rebuild(["versions", "legal"])
        assert snapshot(read) == incremental
        with pytest.raises(ValueError, match="Không có bảng tổng hợp"):
            read.rebuild(["nonexistent"])
    finally:
        read.close()


def test_a_rebuild_on_a_new_read_side_gives_the_same_tables(ledger: Ledger, settings: Settings) -> None:
    first = ReadSide(ledger)
    build_history(ledger, step=first.catch_up)
    incremental = snapshot(first)
    first.close()
    other_app = Ledger(settings)
    second = ReadSide(other_app, batch_size=1000)
    try:
        second.rebuild()
        assert snapshot(second) == incremental
    finally:
        second.close()
        other_app.close()


# -- 3. restarts and races --------------------------------------------------------------------------
class Boom(RuntimeError):
    pass


def fail_on_call(view: Any, n: int) -> None:
    """Make `view.flush` raise on its n-th call (a crash in the middle of a batch's transaction)."""
    original, calls = view.flush, [0]

    def flush(store: Any, cursor: Any) -> None:
        calls[0] += 1
        if calls[0] == n:
            raise Boom(f"crash in flush #{n}")
        original(store, cursor)

    view.flush = flush


@pytest.mark.parametrize("failing_view, call", [("versions", 2), ("audit", 9), ("chain", 5)])
def test_a_fresh_read_side_resumes_a_crashed_catch_up_exactly_once(
        ledger: Ledger, settings: Settings, failing_view: str, call: int) -> None:
    build_history(ledger)
    crashed = ReadSide(ledger, batch_size=3)
    fail_on_call(crashed.projector.views[failing_view], call)
    with pytest.raises(Boom):
        crashed.catch_up()
    reached = crashed.projector.positions()
    assert set(reached.values()) == {3 * (call - 1)}, "the batches before the crash are committed, not the crashed one"
    crashed.close()

    restarted_app = Ledger(settings)  # a new process on the same store
    restarted = ReadSide(restarted_app, batch_size=3)
    try:
        restarted.catch_up()
        assert_exactly_once(restarted_app, restarted)
        resumed = snapshot(restarted)
        restarted.rebuild()
        assert snapshot(restarted) == resumed
    finally:
        restarted.close()
        restarted_app.close()


def test_the_same_read_side_recovers_once_the_fault_is_gone(ledger: Ledger) -> None:
    build_history(ledger)
    read = ReadSide(ledger, batch_size=5)
    try:
        original = read.projector.views["registry"].flush
        fail_on_call(read.projector.views["registry"], 4)
        with pytest.raises(Boom):
            read.catch_up()
        read.projector.views["registry"].flush = original
        read.catch_up()
        assert_exactly_once(ledger, read)
        resumed = snapshot(read)
        read.rebuild()
        assert snapshot(read) == resumed
    finally:
        read.close()


def test_two_read_sides_racing_end_with_the_same_tables_and_no_duplicates(
        ledger: Ledger, settings: Settings) -> None:
    build_history(ledger)
    apps = [Ledger(settings), Ledger(settings)]
    sides = [ReadSide(a, batch_size=3) for a in apps]
    try:
        start, errors = threading.Barrier(2), []

        def run(side: ReadSide) -> None:
            try:
                start.wait()
                side.catch_up()
            except Exception as error:
                errors.append(error)
            finally:
                side.store.close()

        threads = [threading.Thread(target=run, args=(s,)) for s in sides]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        assert_exactly_once(ledger, sides[0])
        raced = snapshot(sides[0])
        assert snapshot(sides[1]) == raced

        # both keep working afterwards: more events, each catches up, nothing stale is written twice
        department = AdminUnit.id_for("20-SNV")
        with ledger.recorded_by(Clock(datetime(2025, 8, 1, 9, tzinfo=VIETNAM))):
            ledger.list_procedure(Actor(SYSTEM.account, department), department, department,
                                  b.content("LS-NV-09", "Thủ tục mới sau khi sáp nhập"))
        for side in sides:
            side.catch_up()
        assert_exactly_once(ledger, sides[0])
        assert snapshot(sides[0]) == snapshot(sides[1])
        sides[0].rebuild()
        assert snapshot(sides[1]) == snapshot(sides[0])
    finally:
        for side, app in zip(sides, apps, strict=True):
            side.close()
            app.close()


def test_a_projector_that_loses_the_compare_and_set_retries_without_duplicates(
        ledger: Ledger, settings: Settings) -> None:
    """Deterministic race: while A folds its first batch, B applies everything; A's commit must lose."""
    build_history(ledger)
    other_app = Ledger(settings)
    a, b_side = ReadSide(ledger, batch_size=4), ReadSide(other_app, batch_size=4)
    try:
        fold, raced = a.projector.folder.fold, []

        def fold_after_b(notification: Any, load_progress: Any) -> Any:
            if not raced:
                raced.append(True)
                t = threading.Thread(target=lambda: (b_side.catch_up(), b_side.store.close()))
                t.start()
                t.join(60)
            return fold(notification, load_progress)

        a.projector.folder.fold = fold_after_b
        conflicts, batch = [], a.projector._one_batch

        def counting(head: int) -> int:
            try:
                return batch(head)
            except Exception as error:
                conflicts.append(type(error).__name__)
                raise

        a.projector._one_batch = counting
        a.catch_up()
        assert conflicts == ["TrackingConflict"]
        assert_exactly_once(ledger, a)
        applied = snapshot(a)
        a.rebuild()
        assert snapshot(a) == applied
    finally:
        a.close()
        b_side.close()
        other_app.close()


# -- 4. SQLite and PostgreSQL give the same answers ---------------------------------------------------
def answers(app: Ledger, read: ReadSide, h: History) -> dict[str, Any]:
    q, prov, P = read.current(), h.province, h.procedures
    instants = [datetime(2023, m, 28, 12, tzinfo=VIETNAM) for m in range(1, 13)]
    instants.append(datetime(2025, 8, 1, tzinfo=VIETNAM))
    days = [date(2023, 3, 31), date(2023, 4, 1), date(2023, 4, 15), date(2023, 9, 15), date(2023, 10, 15),
            date(2024, 6, 1), date(2025, 6, 30), MERGER]
    return {
        "search": [q.search(sort=sort, per_page=4, page=page) for sort in ("code", "name", "status", "recent")
                   for page in (1, 2)],
        "search_text": [q.search(text=t) for t in ("thi dua", "LS-NV", "%", "van hoa")],
        "counts": q.counts(),
        "units": [q.units(d) for d in days],
        "in_force": [q.in_force(unit, d) for unit in (prov.province, prov.department, prov.district, prov.commune,
                                                        h.new_commune) for d in days],
        "as_recorded": [q.as_recorded(unit, t) for unit in (prov.province, prov.district) for t in instants],
        "history": [q.history(p) for p in P.values()],
        "diff": [q.diff(P["LS-NV-01"], 1, 20), q.diff(P["LS-NV-02"], 2, 5)],
        "activity": [q.activity(datetime(2023, 1, 1, tzinfo=VIETNAM), datetime(2026, 1, 1, tzinfo=VIETNAM), actor=a)
                     for a in h.accounts.values()],
        "progress": [read.progress.progress(unit, d, PLAN) for unit in (prov.province, prov.department, prov.district)
                     for d in days],
        "by_level": [read.progress.by_level(prov.province, level, d) for level in ("province", "district", "commune")
                     for d in days],
        "head": read.chain_head(),
        "verdict": read.verify(),
    }


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_identical_answers_for_the_same_history(
        sqlite_settings: Settings, postgres_url: str, pg_schema: str, tmp_path: Any) -> None:
    results, tables = [], []
    for settings in (sqlite_settings, Settings(data_dir=tmp_path / "pg", database_url=postgres_url,
                                               database_schema=pg_schema)):
        app = Ledger(settings)
        read = ReadSide(app, batch_size=10)
        try:
            h = build_history(app, step=read.catch_up)
            results.append(answers(app, read, h))
            tables.append(snapshot(read))
        finally:
            read.close()
            app.close()
    sqlite, postgres = results
    for key in sqlite:
        assert sqlite[key] == postgres[key], key
    assert tables[0] == tables[1]
    assert sqlite["verdict"].ok and sqlite["head"] == (sqlite["verdict"].head_position, sqlite["verdict"].head)


# -- 6. the audit trail ------------------------------------------------------------------------------
EVER = (datetime(2000, 1, 1, tzinfo=VIETNAM), datetime(2100, 1, 1, tzinfo=VIETNAM))


def test_the_audit_trail_has_one_row_per_stored_event(ledger: Ledger, read: ReadSide) -> None:
    build_history(ledger)
    rows = read.current().activity(*EVER)
    assert [r.position for r in rows] == log_positions(ledger)
    decoded = [ledger.mapper.to_domain_event(n)
               for n in ledger.recorder.select_notifications(start=0, limit=10**6, inclusive_of_start=False)]
    assert [(r.aggregate_id, r.version, r.actor, r.acting_unit, r.recorded_at) for r in rows] == \
           [(e.originator_id, e.originator_version, e.actor, e.acting_unit, e.timestamp) for e in decoded]
    assert {r.aggregate_type for r in rows} >= {"Procedure", "ProcedureCode", "AdminUnit", "Hierarchy", "Account",
                                               "Plan", "CostParameters"}


def test_a_procedures_history_reads_in_version_order_with_labels_names_and_effective_dates(
        ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    rows = read.current().history(h.procedures["LS-NV-01"])
    assert [r.version for r in rows] == list(range(1, 12))
    assert [r.label for r in rows] == [
        "Thống kê TTHC", "Sửa đổi dự thảo", "Gửi biểu mẫu thống kê", "Kiểm soát, xác nhận thống kê", "Công bố",
        "Công khai", "Rà soát, đánh giá", "Đề xuất phương án đơn giản hóa", "Phê duyệt phương án",
        "Thực thi phương án", "Công bố"]
    assert [r.actor_name for r in rows] == ["Nguyễn Văn An"] * 3 + ["Trần Thị Bình"] * 3 + ["Nguyễn Văn An"] * 2 + \
           ["Trần Thị Bình"] * 3
    assert {r.acting_unit_name for r in rows} == {"Sở Nội vụ tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn"}
    assert [r.effective_date for r in rows] == [None] * 4 + [date(2023, 4, 1), None, None, None, date(2023, 7, 1),
                                                              date(2023, 9, 15), date(2023, 9, 15)]
    assert "Quyết định 1234/QĐ-UBND ngày 20/03/2023" in rows[4].summary
    assert "có hiệu lực từ 01/04/2023" in rows[4].summary and "Loại: Ban hành mới" in rows[4].summary
    # the reviewing unit is named as it was called on the day of the review (renamed only in 2024)
    assert rows[6].summary.startswith("Sở Nội vụ rà soát (243/KH-UBND, năm 2023); kiến nghị: Sửa đổi")
    assert datetime(2023, 1, 10, 9, tzinfo=VIETNAM) < rows[0].recorded_at < datetime(2023, 1, 10, 10, tzinfo=VIETNAM)
    assert [r.recorded_at for r in rows] == sorted(r.recorded_at for r in rows)


def test_field_level_changes_show_old_and_new_values(ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    q, P = read.current(), h.procedures
    amended = q.history(P["LS-NV-01"])[1]
    assert amended.event == "DraftAmended"
    assert Change("Tên thủ tục", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                  "Xét tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”") in amended.changes
    assert {c.field for c in amended.changes} == {"Tên thủ tục"}
    listed = q.history(P["LS-NV-01"])[0]
    assert Change("Trạng thái", "—", "Dự thảo") in listed.changes
    assert Change("Đơn vị quản lý", "—", "Sở Nội vụ") in listed.changes
    legal = q.history(P["LS-NV-02"])[3]  # the returned listing amended with one more legal basis
    assert legal.event == "DraftAmended"
    assert [c.field for c in legal.changes] == ["Căn cứ pháp lý"]
    assert legal.changes[0].new.endswith("98/2023/NĐ-CP Điều 71")
    moved = q.history(P["HT-01"])[-1]
    assert moved.event == "Transferred" and moved.effective_date == MERGER
    assert Change("Đơn vị quản lý", "UBND xã Hòa Thắng", "UBND xã Yên Bình") in moved.changes
    assert "UBND xã Hòa Thắng → UBND xã Yên Bình (Đơn vị được hợp nhất, sáp nhập)" in moved.summary
    abolished = q.history(P["LS-NV-02"])[-1]
    assert (abolished.label, abolished.effective_date) == ("Bãi bỏ", date(2023, 10, 15))
    assert Change("Trạng thái", "Phương án được phê duyệt", "Đã bãi bỏ") in abolished.changes


def test_the_projected_history_agrees_with_the_single_aggregate_replay(ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    q = read.current()
    for pid in h.procedures.values():
        projected, replayed = q.history(pid), ledger.procedure_history(pid)
        assert [(r.version, r.event, r.label, r.recorded_at, r.actor, r.actor_name, r.acting_unit_name,
                 r.effective_date) for r in projected] == \
               [(e.version, e.event, e.label, e.recorded_at, e.actor, e.actor_name, e.acting_unit_name,
                 e.effective_date) for e in replayed]
    # where no unit was renamed, summaries and changes are the same text too
    projected, replayed = q.history(h.procedures["HL-01"]), ledger.procedure_history(h.procedures["HL-01"])
    assert [(r.summary, r.changes) for r in projected] == [(e.summary, e.changes) for e in replayed]


def test_diff_merges_the_changes_between_two_versions(ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    q, pid = read.current(), h.procedures["LS-NV-01"]
    assert q.diff(pid, 1, 2) == [Change("Tên thủ tục", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                                        "Xét tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”")]
    assert q.diff(pid, 3, 3) == []
    whole = {c.field: (c.old, c.new) for c in q.diff(pid, 1, 11)}
    assert whole["Trạng thái"] == ("Dự thảo", "Đã công bố")
    assert whole["Tên thủ tục"] == ("Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                                    "Xét tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh”")
    assert whole["Quyết định gần nhất"][1].startswith("999/QĐ-UBND ngày 10/09/2023")
    assert whole["Thành phần hồ sơ"] == ("Tờ trình đề nghị (1 bản chính, 0 bản sao); "
                                         "Báo cáo thành tích (1 bản chính, 1 bản sao)",
                                         "Tờ trình đề nghị (1 bản chính, 0 bản sao)")
    assert whole["Lần công bố"] == ("0", "2")
    assert q.diff(pid, 11, 1) == q.diff(pid, 1, 11)
    # a value that went back to where it started is no change at all: published at v5, published again at v11
    assert "Trạng thái" not in {c.field for c in q.diff(pid, 5, 11)}
    assert {c.field: (c.old, c.new) for c in q.diff(pid, 5, 11)}["Lần công bố"] == ("1", "2")


def test_activity_filters_by_period_actor_and_acting_unit(ledger: Ledger, read: ReadSide) -> None:
    h = build_history(ledger)
    q, prov = read.current(), h.province
    controller, district = h.accounts["tranthibinh"], h.accounts["lethicuc"]
    decoded = [ledger.mapper.to_domain_event(n)
               for n in ledger.recorder.select_notifications(start=0, limit=10**6, inclusive_of_start=False)]
    by_controller = q.activity(*EVER, actor=controller)
    assert [r.position for r in by_controller] == sorted(r.position for r in by_controller)
    assert len(by_controller) == sum(e.actor == controller for e in decoded) > 10
    assert {r.actor_name for r in by_controller} == {"Trần Thị Bình"}
    by_district = q.activity(*EVER, actor=district)
    assert [r.event for r in by_district] == ["Listed", "Reserved", "Submitted", "ReviewRecorded"]
    assert {r.acting_unit_name for r in by_district} == {"UBND huyện Hữu Lũng"}
    in_unit = q.activity(*EVER, unit=prov.district)
    assert {r.acting_unit for r in in_unit} == {prov.district} and len(in_unit) == 4
    may = q.activity(datetime(2023, 5, 1, tzinfo=VIETNAM), datetime(2023, 6, 1, tzinfo=VIETNAM))
    assert [r.event for r in may] == ["ReviewRecorded"] * 4
    assert q.activity(datetime(2023, 5, 1, tzinfo=VIETNAM), datetime(2023, 6, 1, tzinfo=VIETNAM),
                      actor=district, unit=prov.district)[0].aggregate_id == h.procedures["HL-01"]
    start = may[0].recorded_at
    assert q.activity(start, start + timedelta(microseconds=1))[0].position == may[0].position  # [start, end)
    assert q.activity(start - timedelta(microseconds=1), start) == []
