"""Administrative levels and units as effective-dated data (the 2025 reform is data, not code).

Convention for every effective date here: it is the first day on which the new state holds.
A unit dissolved or merged "from 01/07/2025" is in force up to and including 30/06/2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import LedgerAggregate, natural_id
from domain.errors import DomainError, UnitNotInForce
from domain.values import Actor, DecisionRef, Immutable, nfc, require

T = "tthc:AdminUnit"
H = "tthc:Hierarchy"


@dataclass(frozen=True)
class Dated(Immutable):
    """A value that holds from `since` (inclusive) until the next Dated of the same history."""

    since: date
    value: Any


def value_on(history: list[Dated], on: date) -> Any:
    current = None
    for entry in history:
        if entry.since <= on:
            current = entry.value
    return current


def _insert(history: list[Dated], entry: Dated) -> None:
    history.append(entry)
    history.sort(key=lambda d: d.since)


@dataclass(frozen=True)
class Level(Immutable):
    code: str
    name: str
    rank: int
    valid_from: date
    retired_on: date | None = None

    def in_force_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.retired_on is None or on < self.retired_on)


class Hierarchy(LedgerAggregate):
    """The levels of administration (province, district, commune, …); one per ledger."""

    TOPIC = H
    ID = natural_id("hierarchy", "levels")

    class Created(LedgerAggregate.Created):
        TOPIC = f"{H}.Started"

    @event(Created)
    def __init__(self, id: UUID, actor: UUID, acting_unit: UUID) -> None:
        self.levels: dict[str, Level] = {}

    def define_level(self, code: str, name: str, rank: int, valid_from: date, by: Actor) -> None:
        code = nfc(code) or ""
        require(bool(code) and code.isascii(), "code", "Mã cấp hành chính phải là chữ không dấu, không để trống.")
        require(code not in self.levels, "code", f"Cấp «{code}» đã được khai báo.")
        require(bool(nfc(name)), "name", "Tên cấp hành chính không được để trống.")
        require(rank >= 1, "rank", "Thứ bậc của cấp phải từ 1 trở lên (1 là cấp cao nhất).")
        self._level_defined(code=code, name=nfc(name), rank=rank, valid_from=valid_from,
                            actor=by.account, acting_unit=by.unit)

    @event("LevelDefined", topic=f"{H}.LevelDefined")
    def _level_defined(self, code: str, name: str, rank: int, valid_from: date, actor: UUID, acting_unit: UUID) -> None:
        self.levels[code] = Level(code, name, rank, valid_from)

    def retire_level(self, code: str, effective_date: date, decision: DecisionRef, by: Actor) -> None:
        level = self.level(code)
        require(level.retired_on is None, "code", f"Cấp «{level.name}» đã thôi tồn tại.")
        require(effective_date > level.valid_from, "effective_date", "Ngày thôi tồn tại phải sau ngày bắt đầu.")
        decision.validate()
        self._level_retired(code=code, effective_date=effective_date, decision=decision,
                            actor=by.account, acting_unit=by.unit)

    @event("LevelRetired", topic=f"{H}.LevelRetired")
    def _level_retired(self, code: str, effective_date: date, decision: DecisionRef, actor: UUID,
                       acting_unit: UUID) -> None:
        old = self.levels[code]
        self.levels[code] = Level(old.code, old.name, old.rank, old.valid_from, effective_date)

    def level(self, code: str) -> Level:
        if code not in self.levels:
            raise DomainError(f"Chưa khai báo cấp hành chính «{code}».")
        return self.levels[code]


class AdminUnit(LedgerAggregate):
    """A unit of administration or an agency (UBND tỉnh, Sở, UBND huyện, UBND xã, …)."""

    TOPIC = T

    @staticmethod
    def id_for(code: str) -> UUID:
        return natural_id("unit", code)

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Established"
        code: str
        name: str
        kind: str
        level: str
        parent: UUID | None
        effective_date: date
        decision: DecisionRef | None

    @event(Created)
    def __init__(self, id: UUID, code: str, name: str, kind: str, level: str, parent: UUID | None,
                 effective_date: date, decision: DecisionRef | None, actor: UUID, acting_unit: UUID) -> None:
        self.code = code
        self.kind = kind
        self.level = level
        self.established_on = effective_date
        self.ended_on: date | None = None
        self.successor: UUID | None = None
        self.names: list[Dated] = [Dated(effective_date, name)]
        self.parents: list[Dated] = [Dated(effective_date, parent)]

    @classmethod
    def establish(cls, code: str, name: str, kind: str, level: str, parent: UUID | None,
                  effective_date: date, decision: DecisionRef | None, by: Actor) -> AdminUnit:
        code, name, kind = nfc(code) or "", nfc(name) or "", nfc(kind) or ""
        require(bool(code), "code", "Mã đơn vị không được để trống.")
        require(bool(name), "name", "Tên đơn vị không được để trống.")
        require(bool(kind), "kind", "Phải ghi loại đơn vị (UBND tỉnh, Sở, UBND xã, …).")
        if decision is not None:
            decision.validate()
        return cls(id=cls.id_for(code), code=code, name=name, kind=kind, level=level, parent=parent,
                   effective_date=effective_date, decision=decision, actor=by.account, acting_unit=by.unit)

    def in_force_on(self, on: date) -> bool:
        return self.established_on <= on and (self.ended_on is None or on < self.ended_on)

    def name_on(self, on: date) -> str:
        return value_on(self.names, on) or self.names[0].value

    def parent_on(self, on: date) -> UUID | None:
        return value_on(self.parents, on)

    @property
    def name(self) -> str:
        return self.names[-1].value

    def require_in_force(self, on: date) -> None:
        if not self.in_force_on(on):
            raise UnitNotInForce(f"Đơn vị «{self.name_on(on)}» không còn hoặc chưa tồn tại vào ngày {on:%d/%m/%Y}.")

    def rename(self, name: str, effective_date: date, decision: DecisionRef, by: Actor) -> None:
        self.require_in_force(effective_date)
        require(bool(nfc(name)), "name", "Tên mới không được để trống.")
        if nfc(name) == self.name_on(effective_date):
            raise DomainError("Tên mới trùng với tên hiện tại.")
        decision.validate()
        self._renamed(name=nfc(name), effective_date=effective_date, decision=decision,
                      actor=by.account, acting_unit=by.unit)

    @event("Renamed", topic=f"{T}.Renamed")
    def _renamed(self, name: str, effective_date: date, decision: DecisionRef, actor: UUID, acting_unit: UUID) -> None:
        _insert(self.names, Dated(effective_date, name))

    def reparent(self, parent: UUID, effective_date: date, decision: DecisionRef, by: Actor) -> None:
        self.require_in_force(effective_date)
        if parent == self.id:
            raise DomainError("Một đơn vị không thể trực thuộc chính nó.")
        if parent == self.parent_on(effective_date):
            raise DomainError("Đơn vị đã trực thuộc đơn vị cấp trên này.")
        decision.validate()
        self._reparented(parent=parent, effective_date=effective_date, decision=decision,
                         actor=by.account, acting_unit=by.unit)

    @event("Reparented", topic=f"{T}.Reparented")
    def _reparented(self, parent: UUID, effective_date: date, decision: DecisionRef, actor: UUID,
                    acting_unit: UUID) -> None:
        _insert(self.parents, Dated(effective_date, parent))

    def merge_into(self, successor: UUID, effective_date: date, decision: DecisionRef, by: Actor) -> None:
        self._require_can_end(effective_date)
        if successor == self.id:
            raise DomainError("Không thể hợp nhất một đơn vị vào chính nó.")
        decision.validate()
        self._merged_into(successor=successor, effective_date=effective_date, decision=decision,
                          actor=by.account, acting_unit=by.unit)

    @event("MergedInto", topic=f"{T}.MergedInto")
    def _merged_into(self, successor: UUID, effective_date: date, decision: DecisionRef, actor: UUID,
                     acting_unit: UUID) -> None:
        self.ended_on = effective_date
        self.successor = successor

    def dissolve(self, effective_date: date, decision: DecisionRef, successor: UUID | None, by: Actor) -> None:
        self._require_can_end(effective_date)
        if successor == self.id:
            raise DomainError("Đơn vị kế thừa không thể là chính đơn vị bị giải thể.")
        decision.validate()
        self._dissolved(effective_date=effective_date, decision=decision, successor=successor,
                        actor=by.account, acting_unit=by.unit)

    @event("Dissolved", topic=f"{T}.Dissolved")
    def _dissolved(self, effective_date: date, decision: DecisionRef, successor: UUID | None, actor: UUID,
                   acting_unit: UUID) -> None:
        self.ended_on = effective_date
        self.successor = successor

    def _require_can_end(self, effective_date: date) -> None:
        if self.ended_on is not None:
            raise DomainError(f"Đơn vị «{self.name}» đã thôi hoạt động từ ngày {self.ended_on:%d/%m/%Y}.")
        require(effective_date > self.established_on, "effective_date",
                "Ngày thôi hoạt động phải sau ngày thành lập đơn vị.")
