"""Vietnamese number and date formats, registered as Jinja filters by `reports.render`.

Money is Decimal (or int) VND, never float: "1.234.567 đ". Percentages use a decimal comma:
"61,18 %". Dates: "28/12/2022"; the official date line follows Nghị định 30/2020/NĐ-CP
(day below 10 and months 1 and 2 take a leading zero): "ngày 05 tháng 02 năm 2023".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

MISSING = "–"  # printed for a figure that has no basis (e.g. a rate over zero procedures)


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected Decimal or int, got {type(value).__name__}: {value!r}")
    return Decimal(value)


def _group(digits: str) -> str:
    """'1234567' → '1.234.567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def number(value: Decimal | int | None, places: int = 0) -> str:
    """Dot thousands separator, comma decimals: 1234567 → "1.234.567", (1234.5, 2) → "1.234,50"."""
    if value is None:
        return MISSING
    amount = _decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):f}".partition(".")
    return sign + _group(whole) + ("," + frac if frac else "")


def money(value: Decimal | int | None) -> str:
    """VND rounded to the đồng: Decimal("42500000") → "42.500.000 đ"."""
    return MISSING if value is None else f"{number(value)}\u00a0đ"


def percent(value: Decimal | int | None, places: int = 2) -> str:
    """Decimal("61.18") → "61,18 %" (value is already × 100)."""
    return MISSING if value is None else f"{number(value, places)}\u00a0%"


def short_date(value: date | None) -> str:
    """date(2022, 12, 28) → "28/12/2022"."""
    return MISSING if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"


def long_date(value: date | None) -> str:
    """date(2022, 12, 28) → "ngày 28 tháng 12 năm 2022"; None → a blank to fill in by hand."""
    if value is None:
        return "ngày … tháng … năm …"
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def place_date(place: str, value: date | None) -> str:
    """("Lạng Sơn", 28/12/2022) → "Lạng Sơn, ngày 28 tháng 12 năm 2022"."""
    return f"{place}, {long_date(value)}"


def timestamp(value: datetime | None) -> str:
    """Record time with its offset: "28/12/2022 14:05:09 +07:00"."""
    if value is None:
        return MISSING
    offset = value.strftime("%z")
    zone = f" {offset[:3]}:{offset[3:]}" if offset else ""
    return f"{short_date(value.date())} {value:%H:%M:%S}{zone}"


FILTERS = {
    "number": number,
    "money": money,
    "percent": percent,
    "short_date": short_date,
    "long_date": long_date,
    "timestamp": timestamp,
}
