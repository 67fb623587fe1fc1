"""Procedure codes are unique within their managing unit: one small aggregate per (unit, code).

A second listing with the same code collides on save (same deterministic id, version 1), which
turns a race between two officers into a clean "code taken" error instead of two procedures.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.base import LedgerAggregate, natural_id
from domain.errors import DuplicateCode
from domain.values import Actor

T = "tthc:ProcedureCode"


class ProcedureCode(LedgerAggregate):
    TOPIC = T

    @staticmethod
    def id_for(unit: UUID, code: str) -> UUID:
        return natural_id("procedure-code", f"{unit}/{code}")

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Reserved"
        unit: UUID
        code: str
        procedure: UUID

    @event(Created)
    def __init__(self, id: UUID, unit: UUID, code: str, procedure: UUID, actor: UUID, acting_unit: UUID) -> None:
        self.unit = unit
        self.code = code
        self.procedure: UUID | None = procedure

    @classmethod
    def reserve(cls, unit: UUID, code: str, procedure: UUID, by: Actor) -> ProcedureCode:
        return cls(id=cls.id_for(unit, code), unit=unit, code=code, procedure=procedure,
                   actor=by.account, acting_unit=by.unit)

    def release(self, by: Actor) -> None:
        if self.procedure is not None:
            self._released(actor=by.account, acting_unit=by.unit)

    @event("Released", topic=f"{T}.Released")
    def _released(self, actor: UUID, acting_unit: UUID) -> None:
        self.procedure = None

    def reclaim(self, procedure: UUID, by: Actor) -> None:
        if self.procedure is not None and self.procedure != procedure:
            raise DuplicateCode(f"Mã thủ tục «{self.code}» đã được dùng cho một thủ tục khác của đơn vị.")
        if self.procedure is None:
            self._reclaimed(procedure=procedure, actor=by.account, acting_unit=by.unit)

    @event("Reclaimed", topic=f"{T}.Reclaimed")
    def _reclaimed(self, procedure: UUID, actor: UUID, acting_unit: UUID) -> None:
        self.procedure = procedure
