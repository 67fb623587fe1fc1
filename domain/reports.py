"""A report request is an event before it is a queue message (DESIGN.md invariant 5)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import LedgerAggregate
from domain.enums import ReportKind, TimeAxis
from domain.errors import DomainError
from domain.values import Actor, nfc, require

T = "tthc:ReportRequest"


class ReportRequest(LedgerAggregate):
    TOPIC = T

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Requested"
        kind: ReportKind
        unit: UUID | None
        subject: UUID | None
        as_of: date
        axis: TimeAxis
        batch: UUID | None
        log_position: int

    @event(Created)
    def __init__(self, id: UUID, kind: ReportKind, unit: UUID | None, subject: UUID | None, as_of: date,
                 axis: TimeAxis, batch: UUID | None, log_position: int, actor: UUID, acting_unit: UUID) -> None:
        self.kind = kind
        self.unit = unit
        self.subject = subject
        self.as_of = as_of
        self.axis = axis
        self.batch = batch
        self.log_position = log_position
        self.requested_by = actor
        self.sha256: str | None = None
        self.storage_key: str | None = None
        self.attempts = 0
        self.failed_finally = False

    @property
    def has_outcome(self) -> bool:
        return self.sha256 is not None or self.failed_finally

    def record_generated(self, sha256: str, size: int, pages: int, storage_key: str, chain_head: str,
                         log_position: int, reused_from: UUID | None, by: Actor) -> None:
        if self.sha256 is not None:
            raise DomainError("Báo cáo này đã được tạo.")
        require(len(sha256) == 64, "sha256", "Mã băm SHA-256 không hợp lệ.")
        self._generated(sha256=sha256, size=size, pages=pages, storage_key=storage_key, chain_head=chain_head,
                        log_position=log_position, reused_from=reused_from, actor=by.account, acting_unit=by.unit)

    @event("Generated", topic=f"{T}.Generated")
    def _generated(self, sha256: str, size: int, pages: int, storage_key: str, chain_head: str, log_position: int,
                   reused_from: UUID | None, actor: UUID, acting_unit: UUID) -> None:
        self.sha256 = sha256
        self.storage_key = storage_key

    def record_failure(self, reason: str, final: bool, by: Actor) -> None:
        if self.has_outcome:
            raise DomainError("Yêu cầu báo cáo đã có kết quả.")
        self._failed(reason=nfc(reason) or "", attempt=self.attempts + 1, final=final,
                     actor=by.account, acting_unit=by.unit)

    @event("Failed", topic=f"{T}.Failed")
    def _failed(self, reason: str, attempt: int, final: bool, actor: UUID, acting_unit: UUID) -> None:
        self.attempts = attempt
        self.failed_finally = final
