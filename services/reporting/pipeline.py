"""Producing one requested report: idempotent, reusing a stored PDF when its inputs have not changed.

Run by the dramatiq actors and by `tthc report`. A redelivered or duplicated request is a no-op once
an outcome is recorded; two workers racing on one request store the same bytes, and only the first
outcome is recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import zlib
from dataclasses import dataclass
from uuid import UUID

import reports
from domain.errors import ConcurrencyConflict, DomainError
from domain.values import Actor
from services.application import Ledger
from services.base import SYSTEM
from services.readside import ReadSide
from services.reporting.documents import DocumentBuilder, neutral
from services.reporting.storage import ReportStorage

_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
_OBJECT_STREAM = re.compile(rb"<<[^<>]*/Type\s*/ObjStm[^<>]*>>\s*stream\r?\n")


@dataclass(frozen=True)
class Outcome:
    request_id: UUID
    action: str  # "rendered", "reused", "skipped" (already had an outcome), "failed"
    storage_key: str | None = None
    sha256: str | None = None
    reason: str = ""


class ReportPipeline:
    def __init__(self, app: Ledger, read: ReadSide, storage: ReportStorage, actor: Actor = SYSTEM) -> None:
        self.app, self.read, self.storage, self.actor = app, read, storage, actor
        self.builder = DocumentBuilder(app, read)
        self._locks = [threading.Lock() for _ in range(64)]

    def produce(self, request_id: UUID, final_attempt: bool = True) -> Outcome:
        # Two threads given the same request (a duplicated message) take turns: the second finds the first's
        # outcome instead of rendering the same PDF again.
        with self._locks[request_id.int % len(self._locks)]:
            return self._produce(request_id, final_attempt)

    def _produce(self, request_id: UUID, final_attempt: bool) -> Outcome:
        request = self.app.report_request(request_id)
        if request.has_outcome:
            return Outcome(request_id, "skipped", request.storage_key, request.sha256)
        try:
            self.read.current()
            document = self.builder.build(request)
        except DomainError as error:  # bad input: retrying cannot help, so the failure is final
            self._fail(request_id, error.message, final=True)
            return Outcome(request_id, "failed", reason=error.message)
        provenance = document.meta.provenance
        input_sha256 = hashlib.sha256(reports.document_json(neutral(document))).hexdigest()
        cached = self.storage.recall(input_sha256)
        if cached is not None:
            origin = UUID(cached["request_id"])
            if origin == request_id:  # its own PDF, stored by an attempt killed before it recorded the outcome
                return self._record(request_id, input_sha256, cached, provenance, None, "rendered")
            return self._record(request_id, input_sha256, cached, provenance, origin, "reused")
        try:
            pdf = reports.render_pdf(document)
        except Exception as error:
            self._fail(request_id, f"Lỗi khi tạo PDF: {type(error).__name__}: {error}", final=final_attempt)
            raise
        key = self.storage.put(pdf)
        result = {"request_id": str(request_id), "storage_key": key, "sha256": hashlib.sha256(pdf).hexdigest(),
                  "size": len(pdf), "pages": page_count(pdf), "chain_head": provenance.chain_head,
                  "log_position": provenance.log_position}
        self.storage.remember(input_sha256, result)
        return self._record(request_id, input_sha256, result, provenance, None, "rendered")

    def _record(self, request_id: UUID, input_sha256: str, result: dict, provenance: object,
                reused_from: UUID | None, action: str) -> Outcome:
        # The provenance printed in the stored PDF: a reused file keeps the chain head it was built from.
        chain_head = result.get("chain_head", provenance.chain_head)  # type: ignore[attr-defined]
        log_position = result.get("log_position", provenance.log_position)  # type: ignore[attr-defined]
        try:
            self.app.record_generated(self.actor, request_id, result["sha256"], input_sha256, result["size"],
                                      result["pages"], result["storage_key"], chain_head, log_position, reused_from)
        except (ConcurrencyConflict, DomainError):
            return Outcome(request_id, "skipped", result["storage_key"], result["sha256"])
        return Outcome(request_id, action, result["storage_key"], result["sha256"])

    def _fail(self, request_id: UUID, reason: str, final: bool) -> None:
        with contextlib.suppress(ConcurrencyConflict, DomainError):  # another worker recorded an outcome first
            self.app.record_failure(self.actor, request_id, reason, final)


def page_count(pdf: bytes) -> int:
    """The PDF's page objects, including those packed into compressed object streams (WeasyPrint writes
    PDF 1.7 with object streams, so a plain search of the file finds no page at all)."""
    chunks = [pdf]
    for match in _OBJECT_STREAM.finditer(pdf):
        try:
            chunks.append(zlib.decompressobj().decompress(pdf[match.end():pdf.find(b"endstream", match.end())]))
        except zlib.error:
            continue
    return sum(len(_PAGE.findall(chunk)) for chunk in chunks)
