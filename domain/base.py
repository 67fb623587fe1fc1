"""What every aggregate of the ledger shares: events that name who acted, and a settable record clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

# Fixed forever: every deterministic id (unit code, username, plan code) is a uuid5 in this namespace.
NAMESPACE = UUID("6f0e4a52-4a4e-5b0e-9d0a-7474686301ed")

_record_clock: ContextVar[Callable[[], datetime] | None] = ContextVar("record_clock", default=None)


def record_time() -> datetime:
    """The event timestamp (record time): the wall clock, unless an importer replays dated history."""
    clock = _record_clock.get()
    return clock() if clock is not None else datetime.now(UTC)


@contextmanager
def recorded_by(clock: Callable[[], datetime]) -> Iterator[None]:
    """Stamp events with `clock()` instead of now: used when importing history recorded elsewhere."""
    token = _record_clock.set(clock)
    try:
        yield
    finally:
        _record_clock.reset(token)


def natural_id(kind: str, key: str) -> UUID:
    """Deterministic id of a natural key: a second aggregate with the same key collides on save."""
    return uuid5(NAMESPACE, f"{kind}:{key.strip().casefold()}")


class LedgerAggregate(Aggregate):
    """Base of every aggregate: each event carries the acting account and the unit it acted for.

    Aggregate attributes hold immutable values (value objects, UUIDs, dates, enums, Decimals) or flat
    lists and dicts of them; that is what lets `__deepcopy__` copy one level only. The application's
    aggregate cache deep-copies on every load, so this keeps a command's load cheap.
    """

    def __deepcopy__(self, memo: dict[int, object]) -> LedgerAggregate:
        clone = object.__new__(type(self))
        for key, value in self.__dict__.items():
            if isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            clone.__dict__[key] = value
        return clone

    class Event(Aggregate.Event):
        actor: UUID
        acting_unit: UUID

        @staticmethod
        def create_timestamp() -> datetime:
            return record_time()
