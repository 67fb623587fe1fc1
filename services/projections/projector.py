"""Catch-up and rebuild of the views, in batches, exactly once.

Each page of notifications is one transaction: every view behind that page writes its rows and
advances its own tracking row by compare-and-set. A second projector racing on the same views
loses the compare-and-set, rolls back and re-reads; nothing is applied twice or skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import Application

from services.projections.folding import Folder
from services.projections.store import ViewStore
from services.projections.views_procedures import AuditView, LegalView, RegistryView, VersionsView, View
from services.projections.views_reports import ReportsView
from services.projections.views_structure import ChainView, StructureView

Progress = Callable[[int, int], None]


class TrackingConflict(Exception):
    """Another projector advanced a view first; this batch is rolled back and retried."""


class Projector:
    def __init__(self, app: Application, store: ViewStore, zone: ZoneInfo, batch_size: int = 1000) -> None:
        self.app = app
        self.store = store
        self.batch_size = batch_size
        self.folder = Folder(app, zone)
        self.chain = ChainView()
        self.views: dict[str, View] = {v.name: v for v in (
            StructureView(), RegistryView(), VersionsView(), LegalView(), AuditView(self.folder.unit_name),
            ReportsView(), self.chain)}
        self._lock = threading.Lock()
        self._init_tracking()

    def _init_tracking(self) -> None:
        """Create each view's tables; a view built by an older schema (another DDL digest) starts over."""
        stored = {r["view"]: r["fingerprint"] for r in self.store.query("select view, fingerprint from v_schema")}
        for name, view in self.views.items():
            fingerprint = self.store.fingerprint(view.tables)
            if stored.get(name) != fingerprint:
                self.store.drop_tables(view.tables)
            self.store.create_tables(view.tables)
            with self.store.transaction() as cursor:
                self.store.execute(cursor, "insert into v_tracking (view, position) values (?, 0) "
                                           "on conflict (view) do nothing", (name,))
                if stored.get(name) != fingerprint:
                    self.store.execute(cursor, "update v_tracking set position = 0 where view = ?", (name,))
                    self.store.execute(cursor, "insert into v_schema (view, fingerprint) values (?, ?) on conflict "
                                               "(view) do update set fingerprint = excluded.fingerprint",
                                       (name, fingerprint))

    def positions(self) -> dict[str, int]:
        rows = self.store.query("select view, position from v_tracking")
        return {r["view"]: int(r["position"]) for r in rows if r["view"] in self.views}

    def position(self) -> int:
        """The position every view has reached (a query is consistent up to here)."""
        return min(self.positions().values(), default=0)

    def catch_up(self, progress: Progress | None = None, until: int | None = None) -> int:
        """Apply every notification not yet in the views; returns how many were read."""
        with self._lock:
            total = 0
            head = self.app.recorder.max_notification_id() or 0
            while True:
                try:
                    read = self._one_batch(head if until is None else min(head, until))
                except TrackingConflict:
                    self.folder.reset()
                    continue
                if read == 0:
                    return total
                total += read
                if progress is not None:
                    progress(self.position(), head)

    def _one_batch(self, head: int) -> int:
        positions = self.positions()
        start = min(positions.values())
        if start >= head:
            return 0
        notifications = self.app.recorder.select_notifications(start=start, limit=self.batch_size, stop=head,
                                                               inclusive_of_start=False)
        if not notifications:
            return 0
        behind = {name: view for name, view in self.views.items() if positions[name] < notifications[-1].id}
        if self.folder.position != start:  # a new process, a lost race or a failed batch: nothing cached holds
            self.folder.restart(start)
        try:
            if "chain" in behind:
                self.chain.load_head(self.store)
            for n in notifications:
                item = self.folder.fold(n, self._load_progress)
                for name, view in behind.items():
                    if n.id > positions[name]:
                        view.collect(item)
            last = notifications[-1].id
            with self.store.transaction() as cursor:
                # Compare-and-set every tracking row first: a projector that lost the race stops here, before
                # any of its rows meets the winner's (a duplicate key would be an error, not a retry).
                for name in behind:
                    self.store.execute(cursor, "update v_tracking set position = ? where view = ? and position = ?",
                                       (last, name, positions[name]))
                    if cursor.rowcount != 1:
                        raise TrackingConflict(name)
                for view in behind.values():
                    view.flush(self.store, cursor)
        except BaseException:
            # Rows collected for a batch that was not committed must not be written with the next one.
            for view in self.views.values():
                view.discard()
            self.folder.reset()
            raise
        return len(notifications)

    def _load_progress(self, procedure_id: UUID, version: int) -> dict[str, Any] | None:
        rows = self.store.query("select listed_on, verified_on, published_on, publicised_on, reviewed_on, "
                                "recommendation, proposal_kind, proposed_on, approved_on, simplified_on, "
                                "abolished_on, withdrawn_on, previous_unit, unit_since from v_versions "
                                "where procedure_id = ? and version = ?",
                                (str(procedure_id), version))
        return rows[0] if rows else None

    def rebuild(self, names: list[str] | None = None, progress: Progress | None = None) -> int:
        """Drop the named views and replay the whole log into them. By default every view but the hash chain:
        a chain rebuilt from an edited log would bless the edit, so it is rebuilt only when named."""
        names = names or [n for n in self.views if n != "chain"]
        unknown = set(names) - set(self.views)
        if unknown:
            raise ValueError("Không có bảng tổng hợp: " + ", ".join(sorted(unknown)))
        with self._lock:
            tables = [t for n in names for t in self.views[n].tables]
            self.store.drop_tables(tables)
            self.store.create_tables(tables)
            with self.store.transaction() as cursor:
                for name in names:
                    self.store.execute(cursor, "update v_tracking set position = 0 where view = ?", (name,))
            self.folder.reset()
        count = self.catch_up(progress)
        self.store.analyze(tables)
        return count
