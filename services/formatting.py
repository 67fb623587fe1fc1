"""Vietnamese formats for text output: 1.234.567 đ, 61,18 %, 28/12/2022."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def number(value: Decimal | int, places: int = 0) -> str:
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(value: Decimal | int | None) -> str:
    return "—" if value is None else number(value) + " đ"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else number(value, 2) + " %"


def vn_date(value: date | None) -> str:
    return "—" if value is None else f"{value:%d/%m/%Y}"
