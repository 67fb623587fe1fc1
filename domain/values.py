"""Value objects of the listing form (biểu mẫu thống kê) and of decisions.

Values normalise themselves on construction (NFC text, tuples for sequences) because they are
rebuilt from stored JSON on every replay; validation lives in `validate()` so that a rule that
tightens later never stops old events from loading.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain.enums import Category, Channel, TimeUnit
from domain.errors import InvalidValue


def nfc(text: str | None) -> str | None:
    """NFC-normalise and trim free text; officers paste from Word, PDF and phones."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", str(text)).strip()


def normalise(instance: Any) -> None:
    """Coerce a frozen dataclass in place: NFC strings and tuples (JSON gives lists back)."""
    for f in dataclasses.fields(instance):
        value = getattr(instance, f.name)
        if isinstance(value, str):
            object.__setattr__(instance, f.name, nfc(value))
        elif isinstance(value, (list, tuple)):
            object.__setattr__(instance, f.name, tuple(nfc(v) if isinstance(v, str) else v for v in value))


class Immutable:
    """Frozen value objects hold only immutable parts, so a deep copy of an aggregate may share them."""

    __slots__ = ()

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self


def require(condition: bool, field_name: str, message: str) -> None:
    if not condition:
        raise InvalidValue(field_name, message)


@dataclass(frozen=True)
class DecisionRef(Immutable):
    """A signed document: "680/QĐ-UBND" of 28/07/2025 by Chủ tịch UBND tỉnh."""

    number: str
    issued_on: date
    signer: str
    issuer: str

    def __post_init__(self) -> None:
        normalise(self)

    def validate(self) -> None:
        require(bool(self.number), "number", "Số hiệu văn bản không được để trống.")
        require("/" in self.number, "number",
                f"Số hiệu «{self.number}» không đúng dạng số/loại-cơ quan (vd. 243/KH-UBND).")
        require(isinstance(self.issued_on, date), "issued_on", "Ngày ban hành không hợp lệ.")
        require(bool(self.signer), "signer", "Người ký không được để trống.")
        require(bool(self.issuer), "issuer", "Cơ quan ban hành không được để trống.")


@dataclass(frozen=True)
class Step(Immutable):
    order: int
    actor: str
    action: str
    days: Decimal | None = None

    def __post_init__(self) -> None:
        normalise(self)
        if self.days is not None and not isinstance(self.days, Decimal):
            object.__setattr__(self, "days", Decimal(str(self.days)))


@dataclass(frozen=True)
class DossierItem(Immutable):
    name: str
    originals: int = 1
    copies: int = 0

    def __post_init__(self) -> None:
        normalise(self)


@dataclass(frozen=True)
class TimeLimit(Immutable):
    value: int
    unit: TimeUnit = TimeUnit.WORKING_DAY

    def __post_init__(self) -> None:
        if isinstance(self.unit, str):
            object.__setattr__(self, "unit", TimeUnit(self.unit))


@dataclass(frozen=True)
class Fee(Immutable):
    name: str
    vnd: Decimal

    def __post_init__(self) -> None:
        normalise(self)
        object.__setattr__(self, "vnd", Decimal(str(self.vnd)))


@dataclass(frozen=True)
class LegalBasis(Immutable):
    document: str
    articles: str = ""

    def __post_init__(self) -> None:
        normalise(self)


@dataclass(frozen=True)
class ProcedureContent(Immutable):
    """Every field of the listing form (DOMAIN.md §4.2-4.3). Handling agencies are names, not ids:
    the listing names a role ("Sở Nội vụ") that survives department mergers."""

    name: str
    category: Category
    field: str
    levels: tuple[str, ...]
    handling_agency: str
    deciding_agency: str = ""
    coordinating_agencies: tuple[str, ...] = ()
    subject: str = ""
    steps: tuple[Step, ...] = ()
    channels: tuple[Channel, ...] = ()
    dossier: tuple[DossierItem, ...] = ()
    time_limit: TimeLimit | None = None
    result: str = ""
    conditions: str = ""
    fees: tuple[Fee, ...] = ()
    legal_bases: tuple[LegalBasis, ...] = ()
    national_code: str = ""
    local_code: str = ""
    is_joined_up: bool = False

    def __post_init__(self) -> None:
        normalise(self)
        if isinstance(self.category, str):
            object.__setattr__(self, "category", Category(self.category))
        object.__setattr__(self, "channels", tuple(Channel(c) if isinstance(c, str) else c for c in self.channels))

    def validate(self) -> None:
        require(bool(self.name), "name", "Tên thủ tục không được để trống.")
        require(len(self.name) <= 500, "name", "Tên thủ tục dài quá 500 ký tự.")
        require(bool(self.field), "field", "Phải chọn lĩnh vực của thủ tục.")
        require(bool(self.levels), "levels", "Phải chọn ít nhất một cấp thực hiện.")
        require(bool(self.handling_agency), "handling_agency", "Phải ghi cơ quan thực hiện.")
        require(bool(self.local_code), "local_code", "Phải ghi mã thủ tục của địa phương.")
        orders = [s.order for s in self.steps]
        require(len(orders) == len(set(orders)), "steps", "Các bước thực hiện bị trùng số thứ tự.")
        for s in self.steps:
            require(bool(s.action), "steps", f"Bước {s.order}: phải ghi nội dung công việc.")
            require(s.days is None or s.days >= 0, "steps", f"Bước {s.order}: số ngày không được âm.")
        for d in self.dossier:
            require(bool(d.name), "dossier", "Thành phần hồ sơ phải có tên.")
            require(d.originals >= 0 and d.copies >= 0, "dossier", f"«{d.name}»: số bản không được âm.")
        if self.time_limit is not None:
            require(self.time_limit.value > 0, "time_limit", "Thời hạn giải quyết phải lớn hơn 0.")
        for f in self.fees:
            require(f.vnd >= 0, "fees", f"Phí «{f.name}» không được âm.")
        for b in self.legal_bases:
            require(bool(b.document), "legal_bases", "Căn cứ pháp lý phải ghi số hiệu văn bản.")

    def changed_fields(self, other: ProcedureContent) -> dict[str, Any]:
        """The fields of `other` that differ from this content (for DraftAmended)."""
        return {
            f.name: getattr(other, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        }

    def with_changes(self, changes: dict[str, Any]) -> ProcedureContent:
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        require(not unknown, "changes", "Không có trường: " + ", ".join(sorted(unknown)) + ".")
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Actor(Immutable):
    """Who acts: an account, in the name of a unit. Every event records both."""

    account: Any
    unit: Any
    name: str = field(default="", compare=False)
