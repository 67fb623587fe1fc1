"""Plans and their milestones, yearly cost parameters, accounts and procedure-code reservations."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.accounts import Account
from domain.codes import ProcedureCode
from domain.enums import Metric, Role
from domain.errors import DomainError, DuplicateCode, InvalidValue, NotFound
from domain.plans import CostParameters, Milestone, Plan
from services.application import Ledger
from services.base import SYSTEM
from services.settings import Settings
from tests.support import builders as b

SCOPE = uuid4()
HALF = Milestone(Metric.PROCEDURES_CUT, Decimal(20), date(2025, 12, 31), (), "QĐ 1085/QĐ-TTg")
LISTED = Milestone(Metric.LISTED_PUBLISHED, Decimal(100), date(2023, 3, 31), ("province",))


def plan(*milestones: Milestone) -> Plan:
    p = Plan.adopt("243/KH-UBND", "Kế hoạch rà soát, đơn giản hóa TTHC nội bộ năm 2023", SCOPE,
                   date(2022, 12, 28), date(2023, 1, 1), milestones or (LISTED, HALF), SYSTEM)
    p.collect_events()
    return p


# -- plans ---------------------------------------------------------------------------------------

def test_a_plan_is_adopted_with_its_milestones():
    p = plan()
    assert p.milestones == [LISTED, HALF]
    assert p.id == Plan.id_for(" 243/kh-ubnd ")
    assert p.baseline_date == date(2023, 1, 1)


@pytest.mark.parametrize(("code", "title", "milestones", "message"), [
    ("243", "Kế hoạch", (HALF,), "Số hiệu kế hoạch «243» không đúng dạng (vd. 243/KH-UBND)."),
    ("243/KH-UBND", " ", (HALF,), "Tên kế hoạch không được để trống."),
    ("243/KH-UBND", "Kế hoạch", (), "Kế hoạch phải có ít nhất một mốc chỉ tiêu."),
    ("243/KH-UBND", "Kế hoạch", (Milestone(Metric.COST_CUT, Decimal(0), date(2025, 1, 1)),),
     "Chỉ tiêu phải lớn hơn 0 % và không quá 100 %."),
    ("243/KH-UBND", "Kế hoạch", (Milestone(Metric.COST_CUT, Decimal("100.5"), date(2025, 1, 1)),),
     "Chỉ tiêu phải lớn hơn 0 % và không quá 100 %."),
])
def test_an_invalid_plan_is_refused(code: str, title: str, milestones: tuple, message: str):
    with pytest.raises(InvalidValue, match=re.escape(message)):
        Plan.adopt(code, title, SCOPE, date(2022, 12, 28), date(2023, 1, 1), milestones, SYSTEM)


def test_a_milestone_is_amended_with_the_document_that_moved_it():
    p = plan()
    moved = Milestone(Metric.PROCEDURES_CUT, Decimal(20), date(2026, 6, 30), (), "Công văn 1927/VPCP-KSTT")
    p.amend_milestone(1, moved, "Công văn 1927/VPCP-KSTT", SYSTEM)
    assert p.milestones[1] == moved
    assert p.pending_events[-1].reason == "Công văn 1927/VPCP-KSTT"


def test_amending_a_milestone_needs_a_reason_and_an_existing_index():
    p = plan()
    with pytest.raises(InvalidValue, match=re.escape("Phải nêu căn cứ điều chỉnh mốc")):
        p.amend_milestone(0, HALF, "", SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Không có mốc chỉ tiêu này trong kế hoạch.")):
        p.amend_milestone(2, HALF, "Công văn", SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Không có mốc chỉ tiêu này trong kế hoạch.")):
        p.amend_milestone(-1, HALF, "Công văn", SYSTEM)


def test_a_closed_plan_accepts_no_change():
    p = plan()
    p.close(date(2025, 12, 31), SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Kế hoạch 243/KH-UBND đã kết thúc.")):
        p.amend_milestone(0, HALF, "Công văn", SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Kế hoạch 243/KH-UBND đã kết thúc.")):
        p.close(date(2026, 1, 1), SYSTEM)
    assert p.closed_on == date(2025, 12, 31)


def test_a_milestone_takes_metric_codes_and_exact_thresholds():
    m = Milestone("COST_CUT", 20.5, date(2025, 1, 1), ["province"])  # type: ignore[arg-type]
    assert m.metric is Metric.COST_CUT
    assert m.threshold_pct == Decimal("20.5")
    assert m.levels == ("province",)


# -- cost parameters -----------------------------------------------------------------------------

def test_the_hourly_income_is_kept_per_year_with_its_source():
    params = CostParameters(id=CostParameters.id_for(None), scope_unit=None, actor=SYSTEM.account,
                            acting_unit=SYSTEM.unit)
    params.set_hourly_income(2023, Decimal(40_000), "Niên giám thống kê 2022", SYSTEM)
    params.set_hourly_income(2023, Decimal(41_000), "Niên giám thống kê 2023 (điều chỉnh)", SYSTEM)
    assert params.hourly_income == {2023: Decimal(41_000)}
    assert params.sources[2023] == "Niên giám thống kê 2023 (điều chỉnh)"


def test_national_and_provincial_parameters_are_different_aggregates():
    assert CostParameters.id_for(None) != CostParameters.id_for(SCOPE)


def test_a_parameter_for_an_implausible_year_is_refused():
    params = CostParameters(id=CostParameters.id_for(None), scope_unit=None, actor=SYSTEM.account,
                            acting_unit=SYSTEM.unit)
    with pytest.raises(InvalidValue, match=re.escape("Năm 3000 không hợp lệ.")):
        params.set_hourly_income(3000, Decimal(40_000), "Nguồn", SYSTEM)


# -- accounts ------------------------------------------------------------------------------------

def account() -> Account:
    a = Account.register(" NVAn ", "Nguyễn Văn An", Role.UNIT_OFFICER, SCOPE, SYSTEM)
    a.collect_events()
    return a


def test_a_username_is_stored_in_lower_case_and_names_the_account():
    a = account()
    assert a.username == "nvan"
    assert a.id == Account.id_for("NVAN")


@pytest.mark.parametrize("username", ["ab", "nguyễn", "nguyen van", "x" * 65])
def test_a_username_must_be_3_to_64_unaccented_characters_without_spaces(username: str):
    message = "Tên đăng nhập phải có 3–64 ký tự không dấu, không có khoảng trắng."
    with pytest.raises(InvalidValue, match=re.escape(message)):
        Account.register(username, "Nguyễn Văn An", Role.UNIT_OFFICER, SCOPE, SYSTEM)


def test_an_account_changes_role_and_scope_but_not_to_what_it_already_has():
    a = account()
    with pytest.raises(DomainError, match=re.escape("Tài khoản đã có vai trò «Công chức đầu mối».")):
        a.change_role(Role.UNIT_OFFICER, SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Phạm vi đơn vị không thay đổi.")):
        a.change_scope(SCOPE, SYSTEM)
    a.change_role(Role.CONTROLLER, SYSTEM)
    a.change_scope(uuid4(), SYSTEM)
    assert a.role is Role.CONTROLLER
    assert len(a.pending_events) == 2


def test_a_disabled_account_accepts_no_change():
    a = account()
    with pytest.raises(InvalidValue, match=re.escape("Phải nêu lý do khóa tài khoản.")):
        a.disable(" ", SYSTEM)
    a.disable("Nghỉ hưu", SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Tài khoản «nvan» đã bị khóa.")):
        a.change_role(Role.AUDITOR, SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Tài khoản «nvan» đã bị khóa.")):
        a.disable("Lần nữa", SYSTEM)


def test_no_event_of_an_account_carries_a_password():
    fields = {name for cls in (Account.Created, Account.RoleChanged, Account.ScopeChanged, Account.Disabled)
              for name in cls.__annotations__}
    assert not any("pass" in name or "hash" in name for name in fields)


# -- code reservations -------------------------------------------------------------------------

def test_a_code_is_held_by_one_procedure_until_released():
    first, second = uuid4(), uuid4()
    code = ProcedureCode.reserve(SCOPE, "LS-NV-01", first, SYSTEM)
    code.reclaim(first, SYSTEM)  # the holder itself: nothing to do
    assert len(code.pending_events) == 1
    taken = "Mã thủ tục «LS-NV-01» đã được dùng cho một thủ tục khác của đơn vị."
    with pytest.raises(DuplicateCode, match=re.escape(taken)):
        code.reclaim(second, SYSTEM)
    code.release(SYSTEM)
    code.release(SYSTEM)  # releasing twice records nothing more
    code.reclaim(second, SYSTEM)
    assert code.procedure == second
    assert len(code.pending_events) == 3


def test_a_code_is_unique_per_managing_unit_only():
    assert ProcedureCode.id_for(SCOPE, "LS-NV-01") != ProcedureCode.id_for(uuid4(), "LS-NV-01")


# -- through the application ---------------------------------------------------------------------


def test_a_plan_code_is_taken_once(app: Ledger, world: b.Province):
    app.adopt_plan(SYSTEM, "243/KH-UBND", "Kế hoạch 2023", world.province, date(2022, 12, 28), date(2023, 1, 1),
                   (HALF,))
    before = app.max_position()
    with pytest.raises(DuplicateCode, match=re.escape("Kế hoạch số 243/kh-ubnd đã tồn tại.")):
        app.adopt_plan(SYSTEM, "243/kh-ubnd", "Kế hoạch khác", world.province, date(2022, 12, 28),
                       date(2023, 1, 1), (HALF,))
    assert app.max_position() == before


def test_a_plan_names_only_declared_levels_and_a_unit_in_force(app: Ledger, world: b.Province):
    with pytest.raises(DomainError, match=re.escape("Chưa khai báo cấp hành chính «region».")):
        app.adopt_plan(SYSTEM, "1/KH-UBND", "Kế hoạch", world.province, date(2022, 12, 28), date(2023, 1, 1),
                       (Milestone(Metric.REVIEWED, Decimal(50), date(2024, 1, 1), ("region",)),))
    with pytest.raises(NotFound):
        app.adopt_plan(SYSTEM, "1/KH-UBND", "Kế hoạch", uuid4(), date(2022, 12, 28), date(2023, 1, 1), (HALF,))


def test_a_plan_survives_a_reload_with_its_milestones(app: Ledger, world: b.Province, sqlite_settings: Settings):
    plan_id = app.adopt_plan(SYSTEM, "243/KH-UBND", "Kế hoạch 2023", world.province, date(2022, 12, 28),
                             date(2023, 1, 1), (LISTED, HALF))
    app.amend_milestone(SYSTEM, plan_id, 1, Milestone(Metric.PROCEDURES_CUT, Decimal(20), date(2026, 6, 30)),
                        "Công văn 1927/VPCP-KSTT")
    app.close_plan(SYSTEM, plan_id, date(2026, 12, 31))
    other = Ledger(sqlite_settings)
    try:
        assert other.repository.get(plan_id) == app.repository.get(plan_id)
    finally:
        other.close()


def test_a_username_is_taken_once_whatever_its_case(app: Ledger, world: b.Province):
    app.register_account(SYSTEM, "nvan", "Nguyễn Văn An", Role.UNIT_OFFICER, world.department)
    with pytest.raises(DuplicateCode, match=re.escape("Tên đăng nhập «nvan» đã tồn tại.")):
        app.register_account(SYSTEM, "NVAn", "Nguyễn Văn An (2)", Role.UNIT_OFFICER, world.department)


def test_an_account_scoped_to_an_unknown_unit_is_refused(app: Ledger, world: b.Province):
    with pytest.raises(NotFound, match=re.escape("Không tìm thấy đơn vị hành chính")):
        app.register_account(SYSTEM, "nvan", "Nguyễn Văn An", Role.UNIT_OFFICER, uuid4())


def test_account_changes_are_stored(app: Ledger, world: b.Province, sqlite_settings: Settings):
    account_id = app.register_account(SYSTEM, "nvan", "Nguyễn Văn An", Role.UNIT_OFFICER, world.department)
    app.change_role(SYSTEM, account_id, Role.CONTROLLER)
    app.change_scope(SYSTEM, account_id, world.province)
    app.disable_account(SYSTEM, account_id, "Chuyển công tác")
    other = Ledger(sqlite_settings)
    try:
        stored = other.repository.get(account_id)
        assert (stored.role, stored.unit_scope, stored.disabled) == (Role.CONTROLLER, world.province, True)
        assert stored == app.repository.get(account_id)
    finally:
        other.close()
