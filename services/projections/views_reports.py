"""Report requests and their outcomes, for batch progress, downloads and the reconciler."""

from __future__ import annotations

from typing import Any

from domain.reports import ReportRequest
from services.projections.folding import Item, iso
from services.projections.store import ViewStore
from services.projections.views_procedures import View

COLUMNS = ("request_id", "kind", "unit", "subject", "level", "decision_number", "plan_code", "as_of", "axis",
           "batch", "requested_by", "requested_at", "log_position", "status", "attempts", "reason", "sha256",
           "input_sha256", "storage_key", "size", "pages", "chain_head", "built_position", "reused_from",
           "finished_at")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class ReportsView(View):
    name = "reports"
    tables = ("v_reports",)

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def collect(self, item: Item) -> None:
        if not isinstance(item.aggregate, ReportRequest):
            return
        r: ReportRequest = item.aggregate
        e = item.event
        row = self.rows.get(str(r.id))
        if item.event_name == "Requested":
            row = {"request_id": str(r.id), "kind": r.kind.value, "unit": _text(r.unit), "subject": _text(r.subject),
                   "level": r.level, "decision_number": r.decision_number, "plan_code": r.plan_code,
                   "as_of": iso(r.as_of), "axis": r.axis.value, "batch": _text(r.batch),
                   "requested_by": str(e.actor), "requested_at": iso(e.timestamp), "log_position": r.log_position,
                   "status": "REQUESTED", "attempts": 0, "reason": "", "sha256": None, "input_sha256": None,
                   "storage_key": None, "size": None, "pages": None, "chain_head": None, "built_position": None,
                   "reused_from": None, "finished_at": None}
        elif row is None:
            row = {"request_id": str(r.id)}  # an update to a row stored by an earlier batch
        if item.event_name == "Generated":
            row.update(status="GENERATED", sha256=e.sha256, input_sha256=e.input_sha256, storage_key=e.storage_key,
                       size=e.size, pages=e.pages, chain_head=e.chain_head, built_position=e.log_position,
                       reused_from=_text(e.reused_from), finished_at=iso(e.timestamp), attempts=r.attempts)
        elif item.event_name == "Failed":
            row.update(status="FAILED" if e.final else "RETRYING", attempts=e.attempt, reason=e.reason,
                       finished_at=iso(e.timestamp) if e.final else None)
        self.rows[str(r.id)] = row

    def flush(self, store: ViewStore, cursor: Any) -> None:
        for row in self.rows.values():
            if "kind" in row:
                store.execute(cursor, f"insert into v_reports ({', '.join(COLUMNS)}) "
                                      f"values ({', '.join('?' for _ in COLUMNS)})", [row[c] for c in COLUMNS])
            else:
                changed = [c for c in row if c != "request_id"]
                store.execute(cursor, f"update v_reports set {', '.join(f'{c} = ?' for c in changed)} "
                                      "where request_id = ?", [*(row[c] for c in changed), row["request_id"]])
        self.rows.clear()
