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
    """What to render (kind, unit, procedure, level, decision, as-of date) and what came of it."""

    TOPIC = T

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Requested"
        kind: ReportKind
        unit: UUID | None
        subject: UUID | None
        level: str
        decision_number: str
        plan_code: str
        as_of: date
        axis: TimeAxis
        batch: UUID | None
        log_position: int

    @event(Created)
    def __init__(self, id: UUID, kind: ReportKind, unit: UUID | None, subject: UUID | None, level: str,
                 decision_number: str, plan_code: str, as_of: date, axis: TimeAxis, batch: UUID | None,
                 log_position: int, actor: UUID, acting_unit: UUID) -> None:
        self.kind = kind
        self.unit = unit
        self.subject = subject
        self.level = level
        self.decision_number = decision_number
        self.plan_code = plan_code
        self.as_of = as_of
        self.axis = axis
        self.batch = batch
        self.log_position = log_position
        self.requested_by = actor
        self.sha256: str | None = None
        self.storage_key: str | None = None
        self.attempts = 0
        self.failed_finally = False

    @classmethod
    def request(cls, id: UUID, kind: ReportKind, unit: UUID | None, subject: UUID | None, level: str,
                decision_number: str, plan_code: str, as_of: date, axis: TimeAxis, batch: UUID | None,
                log_position: int, by: Actor) -> ReportRequest:
        needs = {
            ReportKind.UNIT_REPORT: unit is not None,
            ReportKind.LEVEL_SUMMARY: unit is not None and bool(level),
            ReportKind.PUBLICATION_ANNEX: unit is not None and bool(nfc(decision_number)),
            ReportKind.EVIDENCE_PACK: subject is not None,
        }
        messages = {
            ReportKind.UNIT_REPORT: "Báo cáo đơn vị cần chọn đơn vị.",
            ReportKind.LEVEL_SUMMARY: "Báo cáo tổng hợp cần chọn đơn vị cấp trên và cấp của các đơn vị trực thuộc.",
            ReportKind.PUBLICATION_ANNEX: "Danh mục kèm quyết định cần chọn đơn vị và số quyết định công bố.",
            ReportKind.EVIDENCE_PACK: "Hồ sơ lịch sử cần chọn thủ tục.",
        }
        require(needs[kind], "kind", messages[kind])
        return cls(id=id, kind=kind, unit=unit, subject=subject, level=level,
                   decision_number=nfc(decision_number) or "",
                   plan_code=nfc(plan_code) or "", as_of=as_of, axis=axis, batch=batch, log_position=log_position,
                   actor=by.account, acting_unit=by.unit)

    @property
    def has_outcome(self) -> bool:
        return self.sha256 is not None or self.failed_finally

    def record_generated(self, sha256: str, input_sha256: str, size: int, pages: int, storage_key: str,
                         chain_head: str, log_position: int, reused_from: UUID | None, by: Actor) -> None:
        if self.has_outcome:
            raise DomainError("Yêu cầu báo cáo này đã có kết quả.")
        require(len(sha256) == 64 and len(input_sha256) == 64, "sha256", "Mã băm SHA-256 không hợp lệ.")
        self._generated(sha256=sha256, input_sha256=input_sha256, size=size, pages=pages, storage_key=storage_key,
                        chain_head=chain_head, log_position=log_position, reused_from=reused_from,
                        actor=by.account, acting_unit=by.unit)

    @event("Generated", topic=f"{T}.Generated")
    def _generated(self, sha256: str, input_sha256: str, size: int, pages: int, storage_key: str, chain_head: str,
                   log_position: int, reused_from: UUID | None, actor: UUID, acting_unit: UUID) -> None:
        self.sha256 = sha256
        self.storage_key = storage_key

    def record_failure(self, reason: str, final: bool, by: Actor) -> None:
        if self.has_outcome:
            raise DomainError("Yêu cầu báo cáo này đã có kết quả.")
        self._failed(reason=nfc(reason) or "", attempt=self.attempts + 1, final=final,
                     actor=by.account, acting_unit=by.unit)

    @event("Failed", topic=f"{T}.Failed")
    def _failed(self, reason: str, attempt: int, final: bool, actor: UUID, acting_unit: UUID) -> None:
        self.attempts = attempt
        self.failed_finally = final
