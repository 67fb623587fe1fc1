"""Cost worksheets from JSON (the format officers fill in; documented in the README)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.cost import Activity, CostWorksheet, OtherCost
from domain.errors import InvalidValue


def parse_worksheet(text: str, what: str = "bảng tính") -> CostWorksheet:
    """Parse and validate one worksheet; every problem is one clear Vietnamese message."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as error:
        where = f"dòng {error.lineno}, cột {error.colno}"
        raise InvalidValue("json", f"{what}: không phải JSON hợp lệ ({where}).") from None
    if not isinstance(data, dict):
        raise InvalidValue("json", f"{what}: phải là một đối tượng JSON {{…}}.")
    unknown = set(data) - {"year", "hourly_income", "hourly_income_source", "activities", "fees", "other_costs",
                           "subjects_per_year", "times_per_subject_per_year"}
    if unknown:
        raise InvalidValue("json", f"{what}: trường không hợp lệ: {', '.join(sorted(unknown))}.")
    try:
        worksheet = CostWorksheet(
            year=int(_decimal(_required(data, "year", what), "year", what)),
            hourly_income=_decimal(_required(data, "hourly_income", what), "hourly_income", what),
            activities=tuple(Activity(_text(a, "name", what), _decimal(_required(a, "hours", what), "hours", what))
                             for a in _list(data, "activities", what)),
            fees=_decimal(data.get("fees", 0), "fees", what),
            other_costs=tuple(OtherCost(_text(c, "name", what), _decimal(_required(c, "vnd", what), "vnd", what))
                              for c in _list(data, "other_costs", what)),
            subjects_per_year=int(_decimal(data.get("subjects_per_year", 1), "subjects_per_year", what)),
            times_per_subject_per_year=_decimal(data.get("times_per_subject_per_year", 1),
                                                "times_per_subject_per_year", what),
            hourly_income_source=str(data.get("hourly_income_source", "")),
        )
    except (TypeError, ValueError) as error:
        raise InvalidValue("json", f"{what}: giá trị không hợp lệ ({error}).") from None
    worksheet.validate()
    return worksheet


def _required(data: Any, key: str, what: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise InvalidValue(key, f"{what}: thiếu trường «{key}».")
    return data[key]


def _text(data: Any, key: str, what: str) -> str:
    value = _required(data, key, what)
    if not isinstance(value, str):
        raise InvalidValue(key, f"{what}: «{key}» phải là chuỗi ký tự.")
    return value


def _list(data: dict[str, Any], key: str, what: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InvalidValue(key, f"{what}: «{key}» phải là một danh sách […].")
    return value


def _decimal(value: Any, key: str, what: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidValue(key, f"{what}: «{key}» phải là một số.")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise InvalidValue(key, f"{what}: «{key}» phải là một số (nhận được «{value}»).") from None
    if not result.is_finite():
        raise InvalidValue(key, f"{what}: «{key}» phải là một số hữu hạn.")
    return result
