"""Administrative levels and units as effective-dated data.

Convention: an effective date is the first day on which the change holds, so a unit merged
"from 01/07/2025" is still in force on 30/06/2025 and no longer on 01/07/2025.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from uuid import uuid4

import pytest

from domain.errors import DomainError, DuplicateCode, InvalidValue, NotFound, UnitNotInForce
from domain.units import AdminUnit, Hierarchy, Level
from services.application import Ledger
from services.base import SYSTEM
from services.settings import Settings
from tests.support import builders as b

REFORM = date(2025, 7, 1)
EVE = date(2025, 6, 30)
DECISION = b.decision("1656/NQ-UBTVQH15", date(2025, 6, 16))


def unit(code: str = "20-SNV", name: str = "Sở Nội vụ", since: date = date(2008, 4, 1)) -> AdminUnit:
    u = AdminUnit.establish(code, name, "Sở", "province", None, since, None, SYSTEM)
    u.collect_events()
    return u



# -- one unit, in memory -------------------------------------------------------------------------

def test_a_rename_holds_from_its_effective_date_and_not_the_day_before():
    u = unit("20-SKHDT", "Sở Kế hoạch và Đầu tư", date(1996, 1, 1))
    u.rename("Sở Tài chính", REFORM, DECISION, SYSTEM)

    assert u.name_on(EVE) == "Sở Kế hoạch và Đầu tư"
    assert u.name_on(REFORM) == "Sở Tài chính"
    assert u.name == "Sở Tài chính"


def test_a_rename_recorded_late_but_effective_earlier_slots_into_the_history_by_date():
    u = unit("20-SVH", "Sở Văn hóa – Thông tin", date(1976, 1, 1))
    u.rename("Sở Văn hóa, Thể thao và Du lịch", date(2008, 8, 1), DECISION, SYSTEM)
    u.rename("Sở Văn hóa – Thể thao", date(2000, 1, 1), DECISION, SYSTEM)

    assert u.name_on(date(1999, 12, 31)) == "Sở Văn hóa – Thông tin"
    assert u.name_on(date(2005, 1, 1)) == "Sở Văn hóa – Thể thao"
    assert u.name_on(date(2010, 1, 1)) == "Sở Văn hóa, Thể thao và Du lịch"
    assert u.name == "Sở Văn hóa, Thể thao và Du lịch"


def test_renaming_to_the_name_in_force_is_refused_even_when_typed_in_another_unicode_form():
    u = unit()
    with pytest.raises(DomainError, match=re.escape("Tên mới trùng với tên hiện tại.")):
        u.rename(unicodedata.normalize("NFD", " Sở Nội vụ "), date(2020, 1, 1), DECISION, SYSTEM)
    assert u.pending_events == []


def test_a_unit_cannot_be_renamed_before_it_exists():
    u = unit(since=date(2008, 4, 1))
    with pytest.raises(UnitNotInForce, match=re.escape("không còn hoặc chưa tồn tại vào ngày 31/03/2008")):
        u.rename("Sở Tổ chức chính quyền", date(2008, 3, 31), DECISION, SYSTEM)


def test_a_reparent_holds_from_its_effective_date():
    old, new = uuid4(), uuid4()
    u = AdminUnit.establish("06160", "UBND xã Hòa Thắng", "UBND xã", "commune", old, date(1976, 1, 1), None, SYSTEM)
    u.reparent(new, REFORM, DECISION, SYSTEM)

    assert u.parent_on(EVE) == old
    assert u.parent_on(REFORM) == new
    assert u.parent_on(date(1975, 12, 31)) is None


def test_a_unit_cannot_be_its_own_parent_nor_move_under_the_parent_it_has():
    parent = uuid4()
    u = AdminUnit.establish("181", "UBND huyện Hữu Lũng", "UBND huyện", "district", parent, date(1976, 1, 1), None,
                            SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Một đơn vị không thể trực thuộc chính nó.")):
        u.reparent(u.id, REFORM, DECISION, SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Đơn vị đã trực thuộc đơn vị cấp trên này.")):
        u.reparent(parent, REFORM, DECISION, SYSTEM)


def test_a_merged_unit_is_in_force_up_to_the_day_before_the_merger():
    u, successor = unit(), uuid4()
    u.merge_into(successor, REFORM, DECISION, SYSTEM)

    assert u.in_force_on(EVE)
    assert not u.in_force_on(REFORM)
    assert (u.ended_on, u.successor) == (REFORM, successor)
    assert u.name_on(date(2030, 1, 1)) == "Sở Nội vụ"


def test_a_unit_is_not_in_force_before_it_is_established():
    u = unit(since=date(2008, 4, 1))
    assert not u.in_force_on(date(2008, 3, 31))
    assert u.in_force_on(date(2008, 4, 1))


def test_an_ended_unit_cannot_end_again_or_be_renamed():
    u = unit()
    u.dissolve(REFORM, DECISION, None, SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Đơn vị «Sở Nội vụ» đã thôi hoạt động từ ngày 01/07/2025.")):
        u.merge_into(uuid4(), date(2025, 8, 1), DECISION, SYSTEM)
    with pytest.raises(UnitNotInForce, match=re.escape("«Sở Nội vụ» không còn hoặc chưa tồn tại vào ngày 01/08/2025")):
        u.rename("Sở Nội vụ mới", date(2025, 8, 1), DECISION, SYSTEM)


def test_a_unit_cannot_end_on_or_before_the_day_it_was_established():
    u = unit(since=date(2008, 4, 1))
    with pytest.raises(InvalidValue, match=re.escape("Ngày thôi hoạt động phải sau ngày thành lập đơn vị.")):
        u.dissolve(date(2008, 4, 1), DECISION, None, SYSTEM)


def test_a_unit_cannot_be_merged_into_or_succeeded_by_itself():
    u = unit()
    with pytest.raises(DomainError, match=re.escape("Không thể hợp nhất một đơn vị vào chính nó.")):
        u.merge_into(u.id, REFORM, DECISION, SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Đơn vị kế thừa không thể là chính đơn vị bị giải thể.")):
        u.dissolve(REFORM, DECISION, u.id, SYSTEM)


def test_establishing_a_unit_needs_a_code_a_name_and_a_kind():
    with pytest.raises(InvalidValue, match=re.escape("Mã đơn vị không được để trống.")):
        AdminUnit.establish(" ", "Sở Nội vụ", "Sở", "province", None, date(2008, 4, 1), None, SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Tên đơn vị không được để trống.")):
        AdminUnit.establish("20-SNV", "", "Sở", "province", None, date(2008, 4, 1), None, SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Phải ghi loại đơn vị")):
        AdminUnit.establish("20-SNV", "Sở Nội vụ", "", "province", None, date(2008, 4, 1), None, SYSTEM)


def test_unit_ids_come_from_the_code_whatever_its_case_or_spaces():
    assert AdminUnit.id_for("20-SNV") == AdminUnit.id_for(" 20-snv ")
    assert AdminUnit.id_for("20-SNV") != AdminUnit.id_for("20-STC")


# -- levels --------------------------------------------------------------------------------------

def test_a_retired_level_is_in_force_up_to_the_day_before_its_retirement():
    level = Level("district", "Cấp huyện", 2, date(1976, 1, 1), REFORM)
    assert level.in_force_on(date(2023, 1, 1))
    assert level.in_force_on(EVE)
    assert not level.in_force_on(REFORM)
    assert not level.in_force_on(date(1975, 12, 31))


def test_a_level_is_defined_once_with_an_ascii_code_and_a_rank_from_one():
    h = Hierarchy(id=Hierarchy.ID, actor=SYSTEM.account, acting_unit=SYSTEM.unit)
    h.define_level("province", "Cấp tỉnh", 1, date(1976, 1, 1), SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Cấp «province» đã được khai báo.")):
        h.define_level("province", "Cấp tỉnh", 1, date(1976, 1, 1), SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Mã cấp hành chính phải là chữ không dấu")):
        h.define_level("xã", "Cấp xã", 3, date(1976, 1, 1), SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Thứ bậc của cấp phải từ 1 trở lên")):
        h.define_level("region", "Vùng", 0, date(1976, 1, 1), SYSTEM)


def test_a_level_retires_once_and_only_after_it_began():
    h = Hierarchy(id=Hierarchy.ID, actor=SYSTEM.account, acting_unit=SYSTEM.unit)
    h.define_level("district", "Cấp huyện", 2, date(1976, 1, 1), SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Ngày thôi tồn tại phải sau ngày bắt đầu.")):
        h.retire_level("district", date(1976, 1, 1), DECISION, SYSTEM)
    h.retire_level("district", REFORM, DECISION, SYSTEM)
    with pytest.raises(InvalidValue, match=re.escape("Cấp «Cấp huyện» đã thôi tồn tại.")):
        h.retire_level("district", date(2026, 1, 1), DECISION, SYSTEM)
    with pytest.raises(DomainError, match=re.escape("Chưa khai báo cấp hành chính «region».")):
        h.retire_level("region", REFORM, DECISION, SYSTEM)


# -- the tree, through the application -----------------------------------------------------------

def test_a_district_unit_cannot_be_established_once_the_district_level_is_retired(app: Ledger, world: b.Province):
    app.retire_level(SYSTEM, "district", REFORM, DECISION)

    with pytest.raises(DomainError, match=re.escape("Cấp «Cấp huyện» không còn tồn tại vào ngày 01/07/2025.")):
        app.establish_unit(SYSTEM, "182", "UBND huyện Chi Lăng", "UBND huyện", "district", world.province, REFORM)
    app.establish_unit(SYSTEM, "182", "UBND huyện Chi Lăng", "UBND huyện", "district", world.province, EVE)
    assert app.levels()["district"].retired_on == REFORM


def test_after_the_reform_the_2023_tree_still_answers(app: Ledger, world: b.Province):
    app.retire_level(SYSTEM, "district", REFORM, DECISION)
    app.reparent_unit(SYSTEM, world.commune, world.province, REFORM, DECISION)
    app.dissolve_unit(SYSTEM, world.district, REFORM, DECISION)

    assert app.ancestors(world.commune, date(2023, 6, 1)) == [world.commune, world.district, world.province]
    assert app.ancestors(world.commune, EVE) == [world.commune, world.district, world.province]
    assert app.ancestors(world.commune, REFORM) == [world.commune, world.province]
    assert app.levels()["district"].in_force_on(date(2023, 6, 1))
    view = app.unit(world.commune)
    assert (view.parent, view.parent_code) == (world.province, "20")
    assert app.unit(world.district).ended_on == REFORM


def test_a_unit_cannot_sit_under_a_unit_of_a_lower_level(app: Ledger, world: b.Province):
    message = "Đơn vị cấp «Cấp xã» không thể là cấp trên của đơn vị cấp «Cấp tỉnh»."
    with pytest.raises(DomainError, match=re.escape(message)):
        app.establish_unit(SYSTEM, "20-STC", "Sở Tài chính", "Sở", "province", world.commune, date(2008, 4, 1))
    with pytest.raises(DomainError, match=re.escape(message)):
        app.reparent_unit(SYSTEM, world.department, world.commune, date(2020, 1, 1), DECISION)


def test_units_of_the_same_level_may_sit_under_each_other(app: Ledger, world: b.Province):
    office = app.establish_unit(SYSTEM, "20-SNV-BTĐKT", "Ban Thi đua – Khen thưởng", "Ban", "province",
                                world.department, date(2010, 1, 1))
    assert app.ancestors(office, date(2023, 1, 1)) == [office, world.department, world.province]


def test_moving_a_unit_under_its_own_descendant_is_refused(app: Ledger, world: b.Province):
    office = app.establish_unit(SYSTEM, "20-SNV-BTĐKT", "Ban Thi đua – Khen thưởng", "Ban", "province",
                                world.department, date(2010, 1, 1))
    cycle = re.escape("Không thể chuyển một đơn vị vào dưới chính đơn vị cấp dưới của nó.")
    with pytest.raises(DomainError, match=cycle):
        app.reparent_unit(SYSTEM, world.department, office, date(2020, 1, 1), DECISION)
    with pytest.raises(DomainError, match=cycle):
        app.reparent_unit(SYSTEM, world.department, world.department, date(2020, 1, 1), DECISION)


def test_a_unit_cannot_be_established_under_a_parent_not_in_force(app: Ledger, world: b.Province):
    app.dissolve_unit(SYSTEM, world.district, REFORM, DECISION)
    with pytest.raises(UnitNotInForce, match=re.escape("Đơn vị cấp trên «UBND huyện Hữu Lũng» không tồn tại vào ngày "
                                                       "01/07/2025.")):
        app.establish_unit(SYSTEM, "06163", "UBND xã Minh Sơn", "UBND xã", "commune", world.district, REFORM)


def test_merging_into_a_unit_not_in_force_on_the_effective_date_is_refused(app: Ledger, world: b.Province):
    later = app.establish_unit(SYSTEM, "20-SNNMT", "Sở Nông nghiệp và Môi trường", "Sở", "province",
                               world.province, date(2025, 3, 1))
    with pytest.raises(UnitNotInForce, match=re.escape("«Sở Nông nghiệp và Môi trường» không còn hoặc chưa tồn tại vào "
                                                       "ngày 01/02/2025")):
        app.merge_unit(SYSTEM, world.department, later, date(2025, 2, 1), DECISION)
    app.merge_unit(SYSTEM, world.department, later, date(2025, 3, 1), DECISION)

    assert app.unit(world.department).successor == later


def test_merging_into_a_unit_that_has_itself_ended_is_refused(app: Ledger, world: b.Province):
    app.dissolve_unit(SYSTEM, world.district, REFORM, DECISION)
    with pytest.raises(UnitNotInForce):
        app.merge_unit(SYSTEM, world.commune, world.district, date(2025, 8, 1), DECISION)


def test_a_duplicate_unit_code_is_refused(app: Ledger, world: b.Province):
    before = app.max_position()
    with pytest.raises(DuplicateCode, match=re.escape("Mã đơn vị «20-snv» đã tồn tại.")):
        app.establish_unit(SYSTEM, "20-snv", "Sở Nội vụ (trùng)", "Sở", "province", world.province, date(2010, 1, 1))
    assert app.max_position() == before


def test_a_unit_of_an_undeclared_level_is_refused(app: Ledger, world: b.Province):
    with pytest.raises(DomainError, match=re.escape("Chưa khai báo cấp hành chính «region».")):
        app.establish_unit(SYSTEM, "V1", "Vùng 1", "Vùng", "region", None, date(2010, 1, 1))


def test_an_unknown_unit_is_not_found(app: Ledger, world: b.Province):
    missing = uuid4()
    with pytest.raises(NotFound, match=re.escape(f"Không tìm thấy đơn vị hành chính có mã định danh {missing}.")):
        app.rename_unit(SYSTEM, missing, "Tên mới", REFORM, DECISION)


def test_a_procedure_id_is_not_accepted_where_a_unit_is_expected(app: Ledger, world: b.Province):
    procedure = b.published(app, world)
    with pytest.raises(NotFound, match=re.escape("không phải là đơn vị hành chính")):
        app.rename_unit(SYSTEM, procedure, "Tên mới", REFORM, DECISION)


def test_renames_and_mergers_survive_a_reload(app: Ledger, world: b.Province, sqlite_settings: Settings):
    app.rename_unit(SYSTEM, world.department, "Sở Nội vụ tỉnh Lạng Sơn", REFORM, DECISION)
    app.merge_unit(SYSTEM, world.district, world.province, REFORM, DECISION)

    other = Ledger(sqlite_settings)
    try:
        for unit_id in (world.department, world.district):
            assert other.repository.get(unit_id) == app.repository.get(unit_id)
        assert other.levels() == app.levels()
    finally:
        other.close()
