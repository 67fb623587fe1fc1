"""The report's data as canonical JSON: what a machine reads where a person reads the PDF.

Sorted keys, no insignificant whitespace, UTF-8 (not \\u-escaped), Decimal as a string, dates and
datetimes in ISO 8601, enums as their value, tuples as arrays. Public properties (savings, rates,
totals) are included beside the fields, so the JSON carries every figure the PDF prints.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

SCHEMA_VERSION = 1


def _properties(cls: type) -> list[str]:
    names = {
        name
        for klass in cls.__mro__
        for name, attr in vars(klass).items()
        if isinstance(attr, property) and not name.startswith("_")
    }
    return sorted(names)


def to_data(value: Any) -> Any:
    """Plain JSON-able data from a view model (recursively)."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
        data.update({name: to_data(getattr(value, name)) for name in _properties(type(value))})
        return data
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"not serialisable in a report: {type(value).__name__}")


def document_json(document: Any) -> bytes:
    """Canonical JSON bytes of a document; identical inputs give identical bytes."""
    payload = {"document": document.kind, "schema": SCHEMA_VERSION, "data": to_data(document)}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
