"""Vietnamese number and date formats (the Jinja filters)."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from reports.formatting import long_date, money, number, percent, place_date, short_date, timestamp

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("42500000"), "42.500.000"),
        (Decimal("1234567"), "1.234.567"),
        (Decimal("999"), "999"),
        (Decimal("1000"), "1.000"),
        (0, "0"),
        (Decimal("-26000000"), "-26.000.000"),
        (Decimal("1234567.5"), "1.234.568"),  # rounded half up to the đồng
        (Decimal("1234567.49"), "1.234.567"),
    ],
)
def test_money_uses_dot_thousands_and_dong_sign(value, text):
    assert money(value) == f"{text}{NBSP}đ"


def test_money_refuses_float_and_prints_a_dash_for_missing():
    with pytest.raises(TypeError):
        money(42500000.0)
    with pytest.raises(TypeError):
        number(True)
    assert money(None) == "–"


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("61.18"), 2, "61,18"),
        (Decimal("61.176"), 2, "61,18"),
        (Decimal("61.175"), 2, "61,18"),  # half up, not banker's rounding
        (Decimal("5"), 2, "5,00"),
        (Decimal("100"), 0, "100"),
        (Decimal("1234.5"), 1, "1.234,5"),
    ],
)
def test_percent_uses_decimal_comma(value, places, text):
    assert percent(value, places) == f"{text}{NBSP}%"


def test_percent_missing():
    assert percent(None) == "–"


def test_number_groups_thousands():
    assert number(3321) == "3.321"
    assert number(1_000_000) == "1.000.000"
    assert number(Decimal("0.5"), 2) == "0,50"


def test_short_date():
    assert short_date(date(2022, 12, 28)) == "28/12/2022"
    assert short_date(date(2023, 4, 1)) == "01/04/2023"
    assert short_date(None) == "–"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2022, 12, 28), "ngày 28 tháng 12 năm 2022"),
        (date(2022, 9, 15), "ngày 15 tháng 9 năm 2022"),
        (date(2023, 2, 5), "ngày 05 tháng 02 năm 2023"),  # Nghị định 30/2020: leading zero below 10 / months 1-2
        (date(2023, 11, 1), "ngày 01 tháng 11 năm 2023"),
    ],
)
def test_long_date_follows_the_official_style(value, text):
    assert long_date(value) == text


def test_long_date_blank_and_place_line():
    assert long_date(None) == "ngày … tháng … năm …"
    assert place_date("Lạng Sơn", date(2022, 12, 28)) == "Lạng Sơn, ngày 28 tháng 12 năm 2022"


def test_timestamp_keeps_the_offset():
    ict = timezone(timedelta(hours=7))
    assert timestamp(datetime(2022, 12, 28, 16, 30, 5, tzinfo=ict)) == "28/12/2022 16:30:05 +07:00"
    assert timestamp(datetime(2022, 12, 28, 9, 0, 0)) == "28/12/2022 09:00:00"
