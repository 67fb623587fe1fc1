"""The Standard Cost Model (TT 02/2017/TT-VPCP Điều 27) with the worked example of DOMAIN.md §6.2."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.cost import Activity, CostWorksheet, CutCount, OtherCost, Saving
from domain.errors import InvalidValue
from services.application import Ledger
from services.audit import money
from services.base import SYSTEM
from tests.support import builders as b

W = Decimal(40_000)
NAMES = ("Chuẩn bị hồ sơ", "Nộp hồ sơ (đi lại, chờ)", "Bổ sung, sửa đổi hồ sơ", "Nhận kết quả")


def example(hours: tuple[str, ...], other: tuple[tuple[str, int], ...]) -> CostWorksheet:
    return CostWorksheet(year=2023, hourly_income=W,
                         activities=tuple(Activity(n, Decimal(h)) for n, h in zip(NAMES, hours, strict=True)),
                         other_costs=tuple(OtherCost(n, Decimal(v)) for n, v in other),
                         subjects_per_year=25, times_per_subject_per_year=Decimal(1))


BEFORE = example(("16", "4", "8", "2"), (("5 bộ hồ sơ giấy", 200_000), ("Đi lại", 300_000)))
AFTER = example(("12", "0.5", "4", "0"), ())


# -- the worked example --------------------------------------------------------------------------

def test_the_paper_procedure_costs_1_700_000_per_compliance():
    assert BEFORE.total_hours == Decimal(30)
    assert BEFORE.labour_cost == Decimal(1_200_000)
    assert BEFORE.other_cost == Decimal(500_000)
    assert BEFORE.cost_per_compliance == Decimal(1_700_000)


def test_the_paper_procedure_costs_42_500_000_a_year_for_25_agencies():
    assert BEFORE.compliances_per_year == Decimal(25)
    assert BEFORE.cost_per_year == Decimal(42_500_000)
    assert money(BEFORE.cost_per_year) == "42.500.000 đ"


def test_the_electronic_procedure_costs_16_500_000_a_year_after_16_5_hours():
    assert AFTER.total_hours == Decimal("16.5")
    assert AFTER.cost_per_compliance == Decimal(660_000)
    assert AFTER.cost_per_year == Decimal(16_500_000)


def test_the_simplification_saves_26_000_000_a_year_or_61_18_percent():
    saving = Saving.of(BEFORE, AFTER)
    assert saving.saved == Decimal(26_000_000)
    assert saving.reduction_pct is not None
    assert saving.reduction_pct.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("61.18")
    assert saving.reduction_pct >= 20  # meets the plan's 20 % target


def test_fees_are_part_of_the_cost_of_one_compliance():
    with_fee = replace(BEFORE, fees=Decimal(100_000))
    assert with_fee.cost_per_compliance == Decimal(1_800_000)


def test_each_activity_is_costed_at_the_hourly_income():
    assert [BEFORE.activity_cost(a) for a in BEFORE.activities] == [Decimal(v) for v in
                                                                    (640_000, 160_000, 320_000, 80_000)]


def test_a_portfolio_reaches_62_of_307_procedures_for_the_20_percent_target():
    count = CutCount(baseline=307, abolished=20, simplified=42)
    assert count.cut_pct is not None and count.cut_pct >= 20
    assert CutCount(baseline=307, abolished=20, simplified=41).cut_pct < 20  # type: ignore[operator]


def test_figures_given_as_floats_or_ints_become_exact_decimals():
    activity = Activity("Chuẩn bị", 0.1)  # type: ignore[arg-type]
    other = OtherCost("In", 1000)  # type: ignore[arg-type]
    sheet = CostWorksheet(year=2023, hourly_income=40000.0, activities=(activity,), fees=0,  # type: ignore[arg-type]
                          times_per_subject_per_year=2)  # type: ignore[arg-type]
    assert activity.hours == Decimal("0.1")
    assert other.vnd == Decimal(1000)
    assert sheet.cost_per_year == Decimal(8000)
    for f in fields(sheet):
        assert not isinstance(getattr(sheet, f.name), float)
    for value in (sheet.total_hours, sheet.labour_cost, sheet.cost_per_compliance, sheet.cost_per_year):
        assert isinstance(value, Decimal)


# -- validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field", "message"), [
    ({"activities": (Activity("Chuẩn bị hồ sơ", Decimal(-1)),)}, "activities",
     "Số giờ của «Chuẩn bị hồ sơ» không được âm."),
    ({"activities": (Activity("Nộp", Decimal(1)), Activity("Nộp", Decimal(2)))}, "activities",
     "Tên công việc bị trùng."),
    ({"activities": (Activity("", Decimal(1)),)}, "activities", "Mỗi công việc phải có tên."),
    ({"hourly_income": Decimal(0)}, "hourly_income", "Thu nhập bình quân một giờ làm việc phải lớn hơn 0."),
    ({"fees": Decimal(-5)}, "fees", "Phí, lệ phí không được âm."),
    ({"other_costs": (OtherCost("In ấn", Decimal(-1)),)}, "other_costs", "Chi phí «In ấn» không được âm."),
    ({"other_costs": (OtherCost("", Decimal(1)),)}, "other_costs", "Mỗi khoản chi phí khác phải có tên."),
    ({"subjects_per_year": -1}, "subjects_per_year", "Số đối tượng thực hiện trong năm không được âm."),
    ({"times_per_subject_per_year": Decimal(-1)}, "times_per_subject_per_year",
     "Số lần thực hiện trong năm không được âm."),
    ({"year": 1900}, "year", "Năm tính chi phí 1900 không hợp lệ."),
])
def test_an_invalid_worksheet_is_refused_with_a_vietnamese_message(change: dict, field: str, message: str):
    with pytest.raises(InvalidValue) as caught:
        replace(BEFORE, **change).validate()
    assert (caught.value.field, caught.value.message) == (field, message)


def test_the_worked_example_is_valid():
    BEFORE.validate()
    AFTER.validate()


# -- properties ----------------------------------------------------------------------------------

money_amounts = st.decimals(min_value=0, max_value=10**12, places=0)
hours = st.decimals(min_value=0, max_value=1000, places=2)


@st.composite
def worksheets(draw: st.DrawFn) -> CostWorksheet:
    count = draw(st.integers(0, 6))
    return CostWorksheet(
        year=2023, hourly_income=draw(st.decimals(min_value=1, max_value=10**6, places=0)),
        activities=tuple(Activity(f"Công việc {i}", draw(hours)) for i in range(count)),
        fees=draw(money_amounts),
        other_costs=tuple(OtherCost(f"Khoản {i}", draw(money_amounts)) for i in range(draw(st.integers(0, 3)))),
        subjects_per_year=draw(st.integers(0, 10_000)),
        times_per_subject_per_year=draw(st.decimals(min_value=0, max_value=365, places=1)),
    )


@given(worksheets(), worksheets())
def test_the_saving_is_exactly_before_minus_after(before: CostWorksheet, after: CostWorksheet):
    saving = Saving.of(before, after)
    assert isinstance(saving.saved, Decimal)
    assert saving.saved == before.cost_per_year - after.cost_per_year
    assert saving.before - saving.saved == saving.after


@given(worksheets(), worksheets())
def test_the_reduction_is_at_most_100_percent_and_undefined_over_zero(before: CostWorksheet, after: CostWorksheet):
    saving = Saving.of(before, after)
    if before.cost_per_year == 0:
        assert saving.reduction_pct is None
    else:
        assert isinstance(saving.reduction_pct, Decimal)
        assert saving.reduction_pct <= 100
        assert (saving.reduction_pct == 100) == (after.cost_per_year == 0)


@given(st.lists(st.tuples(money_amounts, money_amounts), max_size=20))
def test_a_portfolio_total_is_the_sum_of_its_parts(pairs: list[tuple[Decimal, Decimal]]):
    parts = [Saving(before, after) for before, after in pairs]
    total = Saving.total(parts)
    assert total.before == sum((p.before for p in parts), Decimal(0))
    assert total.after == sum((p.after for p in parts), Decimal(0))
    assert total.saved == sum((p.saved for p in parts), Decimal(0))


def test_an_empty_portfolio_has_no_reduction_rate():
    assert Saving.total([]).reduction_pct is None


@given(st.integers(0, 5000), st.data())
def test_the_cut_rate_counts_abolished_and_simplified_the_abolished_rate_only_abolished(baseline: int, data):
    abolished = data.draw(st.integers(0, baseline))
    simplified = data.draw(st.integers(0, baseline - abolished))
    count = CutCount(baseline, abolished, simplified)
    if baseline == 0:
        assert count.cut_pct is None and count.abolished_pct is None
        return
    assert count.abolished_pct == Decimal(abolished) * 100 / baseline
    assert count.cut_pct == Decimal(abolished + simplified) * 100 / baseline
    assert 0 <= count.abolished_pct <= count.cut_pct <= 100


def test_the_cut_rates_of_the_national_example():
    count = CutCount(baseline=4888, abolished=1000, simplified=1051)
    assert count.cut_pct is not None and count.abolished_pct is not None
    assert count.cut_pct.quantize(Decimal("0.1")) == Decimal("42.0")
    assert count.abolished_pct.quantize(Decimal("0.01")) == Decimal("20.46")


# -- the hourly income, filled in by the application ---------------------------------------------


def test_a_zero_hourly_income_is_filled_from_the_years_parameter_with_its_source(app: Ledger, world: b.Province):
    sheet = app.with_hourly_income(b.worksheet(), world.department)
    assert sheet.hourly_income == W
    assert sheet.hourly_income_source == "Tham số năm 2023: Giả định để kiểm thử"
    assert sheet.cost_per_year == Decimal(42_500_000)


def test_the_parameters_own_figure_typed_in_is_accepted_and_sourced(app: Ledger, world: b.Province):
    sheet = app.with_hourly_income(replace(b.worksheet(), hourly_income=W), world.department)
    assert sheet.hourly_income_source == "Tham số năm 2023: Giả định để kiểm thử"


def test_a_different_hourly_income_without_a_reason_is_refused(app: Ledger, world: b.Province):
    typed = replace(b.worksheet(), hourly_income=Decimal(45_000))
    message = "Mức thu nhập một giờ khác tham số của năm: phải ghi lý do và nguồn số liệu."
    with pytest.raises(InvalidValue, match=re.escape(message)) as caught:
        app.with_hourly_income(typed, world.department)
    assert caught.value.field == "hourly_income_source"


def test_a_different_hourly_income_with_a_reason_is_kept_as_typed(app: Ledger, world: b.Province):
    typed = replace(b.worksheet(), hourly_income=Decimal(45_000),
                    hourly_income_source="Khảo sát thu nhập của Sở Nội vụ năm 2023")
    assert app.with_hourly_income(typed, world.department) == typed


def test_a_year_without_a_parameter_needs_a_typed_figure(app: Ledger, world: b.Province):
    with pytest.raises(InvalidValue, match=re.escape("Chưa có tham số thu nhập bình quân một giờ của năm 2030")):
        app.with_hourly_income(b.worksheet(year=2030), world.department)


def test_a_province_parameter_overrides_the_national_one_for_its_units_only(app: Ledger, world: b.Province):
    app.set_hourly_income(SYSTEM, 2023, Decimal(52_000), "Niên giám thống kê tỉnh Lạng Sơn 2023",
                          scope_unit=world.province)
    other_province = app.establish_unit(SYSTEM, "26", "UBND tỉnh Vĩnh Phúc", "UBND tỉnh", "province", None,
                                        date(1997, 1, 1))

    commune = app.with_hourly_income(b.worksheet(), world.commune)
    elsewhere = app.with_hourly_income(b.worksheet(), other_province)

    assert (commune.hourly_income, commune.hourly_income_source) == (
        Decimal(52_000), "Tham số năm 2023: Niên giám thống kê tỉnh Lạng Sơn 2023")
    assert elsewhere.hourly_income == W
    # a year the province did not set falls back to the national figure
    assert app.with_hourly_income(b.worksheet(year=2024), world.commune).hourly_income == Decimal(42_000)


def test_a_cost_parameter_must_be_positive_and_sourced(app: Ledger, world: b.Province):
    with pytest.raises(InvalidValue, match=re.escape("Thu nhập bình quân một giờ phải lớn hơn 0.")):
        app.set_hourly_income(SYSTEM, 2025, Decimal(0), "Nguồn")
    with pytest.raises(InvalidValue, match=re.escape("Phải ghi nguồn số liệu")):
        app.set_hourly_income(SYSTEM, 2025, Decimal(45_000), " ")


def test_a_review_and_a_proposal_store_the_filled_in_worksheets(app: Ledger, world: b.Province):
    pid = b.published(app, world)
    app.record_review(world.officer, pid, world.department, b.ROUND, b.review_form(), b.worksheet())
    app.propose(world.officer, pid, b.proposal())

    stored = app.repository.get(pid)
    view = app.get_procedure(pid)
    assert stored.latest_review.cost_before.hourly_income == W
    assert stored.proposal.cost_after.hourly_income_source == "Tham số năm 2023: Giả định để kiểm thử"
    assert (view.cost_before_year, view.cost_after_year) == (Decimal(42_500_000), Decimal(16_000_000))
    assert view.reduction_pct is not None
    assert view.reduction_pct.quantize(Decimal("0.01")) == Decimal("62.35")
