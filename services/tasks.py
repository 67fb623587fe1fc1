"""dramatiq actors: ids in, idempotent, the outcome recorded as an event (by the pipeline).

Run a worker with:  dramatiq services.tasks -p <cores> -t 1 -Q reports_interactive reports_batch
Rendering is CPU-bound and holds the GIL, so one thread per process; interactive requests have their own
queue so a batch cannot starve them.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from uuid import UUID

import dramatiq
from dramatiq.middleware import CurrentMessage, Middleware

from domain.errors import DomainError
from services import broker as brokers
from services.settings import Settings

SETTINGS = Settings.from_env()
BROKER = brokers.install(SETTINGS)
MAX_RETRIES = 3
# Prefetch stays dramatiq's (two messages per thread unless `dramatiq_queue_prefetch` is set): the next report
# is ready the moment one finishes. dramatiq reads its variables once, when `dramatiq` is imported (before this
# module), so setting one here would have no effect; QuickPoll changes the worker at boot instead.
TIMEOUT_SET = bool(os.environ.get("dramatiq_worker_timeout"))  # noqa: SIM112 - dramatiq's own name
POLL_MS = 100


_BUILDING = threading.Lock()


def pipeline():  # type: ignore[no-untyped-def]
    """One application, read side and storage per worker process, built on first use (not at import).

    Worker threads that start together must not each build their own (two ledgers, and a duplicated message
    rendered twice), hence the lock."""
    with _BUILDING:
        return _build_pipeline()


@lru_cache(maxsize=1)
def _build_pipeline():  # type: ignore[no-untyped-def]
    from services.application import Ledger
    from services.readside import ReadSide
    from services.reporting.pipeline import ReportPipeline
    from services.reporting.storage import LocalStorage

    app = Ledger(SETTINGS)
    return ReportPipeline(app, ReadSide(app), LocalStorage(SETTINGS.reports_dir))


pipeline.cache_clear = _build_pipeline.cache_clear  # type: ignore[attr-defined]


def use(settings: Settings) -> None:
    """Point this process's in-process workers at `settings` (the embedded CLI's own data folder)."""
    global SETTINGS
    if settings != SETTINGS:
        SETTINGS = settings
        _build_pipeline.cache_clear()
pipeline.cache_info = _build_pipeline.cache_info  # type: ignore[attr-defined]


def _produce(request_id: str) -> None:
    message = CurrentMessage.get_current_message()
    retries = message.options.get("retries", 0) if message is not None else MAX_RETRIES
    pipeline().produce(UUID(request_id), final_attempt=retries >= MAX_RETRIES)


# A DomainError (an unknown request, a rule the ledger refuses) cannot succeed on a retry.
OPTIONS = {"max_retries": MAX_RETRIES, "min_backoff": 2_000, "max_backoff": 60_000,
           "time_limit": SETTINGS.report_time_limit_ms, "throws": (DomainError,)}


@dramatiq.actor(actor_name="reports.render_interactive", queue_name=brokers.INTERACTIVE, **OPTIONS)
def render_interactive(request_id: str) -> None:
    _produce(request_id)


@dramatiq.actor(actor_name="reports.render_batch", queue_name=brokers.BATCH, **OPTIONS)
def render_batch(request_id: str) -> None:
    _produce(request_id)


def enqueue(request_id: UUID, batch: bool = False) -> None:
    (render_batch if batch else render_interactive).send(str(request_id))


def reconcile() -> int:
    """Re-enqueue every request that has no outcome yet; duplicates are no-ops in the actor."""
    read = pipeline().read
    pending = read.current().pending_reports()
    for row in pending:
        enqueue(UUID(row["request_id"]), batch=row["batch"] is not None)
    return len(pending)


class ReconcileOnBoot(Middleware):
    """A worker that starts re-enqueues what a killed worker left without an outcome."""

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if SETTINGS.redis_url:
            reconcile()


class QuickPoll(Middleware):
    """A consumer whose prefetch is full backs off up to `worker_timeout` (1 s by default) between polls, so with
    one prefetched message (`dramatiq_queue_prefetch=1`) a worker sat idle for up to a second after every
    report; poll again within POLL_MS instead (unless `dramatiq_worker_timeout` is set)."""

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        if not TIMEOUT_SET:
            worker.worker_timeout = min(worker.worker_timeout, POLL_MS)


BROKER.add_middleware(QuickPoll())
BROKER.add_middleware(ReconcileOnBoot())
