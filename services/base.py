"""The eventsourcing Application underneath every command group: storage, ids, errors, clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Transcoder

from domain.accounts import Account
from domain.base import LedgerAggregate, natural_id, record_time, recorded_by
from domain.codes import ProcedureCode
from domain.errors import ConcurrencyConflict, DuplicateCode, NotFound
from domain.plans import CostParameters, Plan
from domain.procedure import Procedure
from domain.units import AdminUnit, Hierarchy
from domain.values import Actor
from services.settings import Settings
from services.transcodings import register_all

A = TypeVar("A", bound=LedgerAggregate)

# The actor of changes made by the system itself (bootstrap, reconciler), before any person has an account.
SYSTEM = Actor(account=natural_id("account", "system"), unit=natural_id("unit", "system"), name="Hệ thống")

WHAT = {
    Procedure: "thủ tục",
    AdminUnit: "đơn vị hành chính",
    Plan: "kế hoạch",
    Account: "tài khoản",
}


class LedgerBase(Application):
    name = "tthc"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        env = self.settings.es_env()
        if self.settings.snapshot_interval > 0:
            # Instance-level intervals: the library only switches the snapshot store on by itself for
            # class-level ones, so without this flag no snapshot would ever be taken.
            self.snapshotting_intervals = {Procedure: self.settings.snapshot_interval}
            env.setdefault("IS_SNAPSHOTTING_ENABLED", "y")
        self._zone = ZoneInfo(self.settings.timezone)
        super().__init__(env=env)

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        register_all(transcoder)

    # -- time ------------------------------------------------------------------------------------
    def today(self) -> date:
        """Today in Vietnam: a decision signed at 06:00 in Hà Nội is dated that day, not UTC's yesterday."""
        return record_time().astimezone(self._zone).date()

    @staticmethod
    def recorded_by(clock: Callable[[], datetime]) -> Any:
        """Record events with `clock()` as record time (history imported from earlier systems)."""
        return recorded_by(clock)

    # -- loading and saving ----------------------------------------------------------------------
    def _get(self, cls: type[A], aggregate_id: UUID, expected_version: int | None = None) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"Không tìm thấy {WHAT.get(cls, 'bản ghi')} có mã định danh {aggregate_id}.") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"Mã định danh {aggregate_id} không phải là {WHAT.get(cls, 'bản ghi')}.")
        if expected_version is not None and aggregate.version != expected_version:
            raise ConcurrencyConflict(_conflict_text(aggregate, expected_version, aggregate.version))
        return aggregate

    def _exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def _save(self, *aggregates: LedgerAggregate | None) -> int:
        """Save atomically; return the log position of the last event. A lost race becomes a clear error."""
        present = [a for a in aggregates if a is not None]
        # save() collects (and so clears) the pending events before it writes: note what each aggregate
        # was about to write now, or a lost race could not be explained afterwards.
        first_pending = {a.id: a.pending_events[0].originator_version for a in present if a.pending_events}
        try:
            recordings = self.save(*present)
        except IntegrityError:
            raise self._explain_conflict(present, first_pending) from None
        cache = self.repository.cache
        if cache is not None:  # the next command on these aggregates starts from here, not from a replay
            for aggregate in present:
                cache.put(aggregate.id, aggregate)
        return recordings[-1].notification.id if recordings else self.max_position()

    def _explain_conflict(self, aggregates: list[LedgerAggregate], first_pending_of: dict[UUID, int]) -> Exception:
        for aggregate in aggregates:
            first_pending = first_pending_of.get(aggregate.id)
            if first_pending is None:
                continue
            stored = self.recorder.select_events(aggregate.id, desc=True, limit=1)
            if stored and stored[0].originator_version >= first_pending:
                if first_pending == 1:
                    # The two singletons are created on first use: for them a collision at version 1 is a
                    # concurrent first use, not a duplicate natural key.
                    if isinstance(aggregate, (Hierarchy, CostParameters)):
                        break
                    return DuplicateCode(_duplicate_text(aggregate))
                return ConcurrencyConflict(_conflict_text(aggregate, first_pending - 1, stored[0].originator_version))
        return ConcurrencyConflict("Dữ liệu vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại.")

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0


def _conflict_text(aggregate: LedgerAggregate, seen: int, current: int) -> str:
    what = WHAT.get(type(aggregate), "bản ghi")
    label = f"{what} «{_title(aggregate)}»"
    return (f"Xung đột cập nhật: {label} đã được người khác thay đổi (bạn đang sửa phiên bản {seen}, "
            f"phiên bản hiện tại là {current}). Vui lòng tải lại và thực hiện lại; không có gì bị ghi đè.")


def _duplicate_text(aggregate: LedgerAggregate) -> str:
    if isinstance(aggregate, ProcedureCode):
        return f"Mã thủ tục «{aggregate.code}» đã được dùng cho một thủ tục khác của đơn vị."
    if isinstance(aggregate, AdminUnit):
        return f"Mã đơn vị «{aggregate.code}» đã tồn tại."
    if isinstance(aggregate, Account):
        return f"Tên đăng nhập «{aggregate.username}» đã tồn tại."
    if isinstance(aggregate, Plan):
        return f"Kế hoạch số {aggregate.code} đã tồn tại."
    return "Bản ghi này đã tồn tại."


def _title(aggregate: LedgerAggregate) -> str:
    if isinstance(aggregate, Procedure):
        return f"{aggregate.content.name} (mã {aggregate.content.local_code})"
    return str(getattr(aggregate, "name", None) or getattr(aggregate, "code", None) or aggregate.id)
