"""Commands on report requests: a request is recorded (an event) before any message is sent."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.enums import ReportKind, TimeAxis
from domain.reports import ReportRequest
from domain.values import Actor
from services.base import LedgerBase


class ReportCommands(LedgerBase):
    def request_report(self, by: Actor, kind: ReportKind, as_of: date, unit: UUID | None = None,
                       subject: UUID | None = None, level: str = "", decision_number: str = "", plan_code: str = "",
                       axis: TimeAxis = TimeAxis.RECORDED, batch: UUID | None = None) -> UUID:
        request = self._new_request(by, kind, as_of, unit, subject, level, decision_number, plan_code, axis, batch)
        self._save(request)
        return request.id

    def request_unit_reports(self, by: Actor, units: list[UUID], as_of: date, plan_code: str = "") -> UUID:
        """A batch: one request per unit, all recorded in one transaction; returns the batch id."""
        batch = uuid4()
        requests = [self._new_request(by, ReportKind.UNIT_REPORT, as_of, unit, None, "", "", plan_code,
                                      TimeAxis.RECORDED, batch) for unit in units]
        self._save(*requests)
        return batch

    def _new_request(self, by: Actor, kind: ReportKind, as_of: date, unit: UUID | None, subject: UUID | None,
                     level: str, decision_number: str, plan_code: str, axis: TimeAxis,
                     batch: UUID | None) -> ReportRequest:
        return ReportRequest.request(uuid4(), kind, unit, subject, level, decision_number, plan_code, as_of, axis,
                                     batch, self.max_position(), by)

    def report_request(self, request_id: UUID) -> ReportRequest:
        """The request aggregate, for the report pipeline inside services only."""
        return self._get(ReportRequest, request_id)

    def record_generated(self, by: Actor, request_id: UUID, sha256: str, input_sha256: str, size: int, pages: int,
                         storage_key: str, chain_head: str, log_position: int, reused_from: UUID | None) -> UUID:
        request = self._get(ReportRequest, request_id)
        request.record_generated(sha256, input_sha256, size, pages, storage_key, chain_head, log_position,
                                 reused_from, by)
        self._save(request)
        return request_id

    def record_failure(self, by: Actor, request_id: UUID, reason: str, final: bool) -> UUID:
        request = self._get(ReportRequest, request_id)
        request.record_failure(reason, final, by)
        self._save(request)
        return request_id
