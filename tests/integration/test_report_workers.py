"""The dramatiq actors: a batch through the in-process stub broker, duplicates, retries, and a real worker
process killed with SIGKILL mid-render over the real Redis.

`services.tasks` builds its broker when it is first imported, from the environment: these tests import it
with REDIS_URL unset (the embedded stub broker) and point its settings at each test's data folder.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID, uuid4

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

import reports
from domain.enums import ReportKind
from domain.errors import NotFound
from services.application import Ledger
from services.base import SYSTEM
from services.broker import BATCH, INTERACTIVE, build_broker
from services.readside import ReadSide
from services.reporting.pipeline import ReportPipeline
from services.settings import Settings
from tests.integration.test_report_pipeline import demo_data, events, named, pdf_files
from tests.support import builders as b

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2023, 12, 31)
WAIT = 120  # seconds: the bound on every wait for a worker


@dataclass
class Stub:
    tasks: ModuleType
    settings: Settings
    app: Ledger
    read: ReadSide
    where: b.Province

    def status(self, request_id: UUID) -> dict[str, Any]:
        row = self.read.current().report(request_id)
        assert row is not None
        return row

    def join(self, queue: str, **options: Any) -> None:
        self.tasks.BROKER.join(queue, timeout=WAIT * 1000, **options)


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Stub]:
    """The embedded default: stub broker, two worker threads, the ledger in this test's data folder."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = Settings(data_dir=tmp_path / "var")
    monkeypatch.setenv("TTHC_DATA_DIR", str(settings.data_dir))
    tasks = importlib.import_module("services.tasks")
    if not isinstance(tasks.BROKER, StubBroker):
        pytest.skip("services.tasks was first imported with REDIS_URL set, so its broker is not the stub")
    monkeypatch.setattr(tasks, "SETTINGS", settings)
    tasks.pipeline.cache_clear()
    tasks.BROKER.flush_all()
    app = Ledger(settings)
    read = ReadSide(app)
    with app.recorded_by(lambda: datetime(2022, 12, 1, tzinfo=UTC)):
        where = b.province(app)
        for code, name in (("06163", "UBND xã Minh Sơn"), ("06166", "UBND xã Đồng Tân")):
            app.establish_unit(SYSTEM, code, name, "UBND xã", "commune", where.district, date(1976, 1, 1))
    worker = dramatiq.Worker(tasks.BROKER, worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        yield Stub(tasks, settings, app, read, where)
    finally:
        worker.stop()
        if tasks.pipeline.cache_info().currsize:
            built: ReportPipeline = tasks.pipeline()
            built.read.close()
            built.app.close()
        tasks.pipeline.cache_clear()
        tasks.BROKER.flush_all()
        read.close()
        app.close()


def counting(monkeypatch: pytest.MonkeyPatch, fail: Callable[[int], bool] = lambda n: False) -> list[int]:
    """Count (and optionally fail) calls of reports.render_pdf, as the pipeline makes them."""
    from reports.render import render_pdf

    calls: list[int] = []

    def render(document: Any) -> bytes:
        calls.append(len(calls) + 1)
        if fail(len(calls)):
            raise RuntimeError("font cache busy")
        return render_pdf(document)

    monkeypatch.setattr(reports, "render_pdf", render)
    return calls


def fast_retries(monkeypatch: pytest.MonkeyPatch, tasks: ModuleType) -> None:
    for actor in (tasks.render_interactive, tasks.render_batch):
        monkeypatch.setitem(actor.options, "min_backoff", 10)
        monkeypatch.setitem(actor.options, "max_backoff", 50)


# -- the embedded stub broker --------------------------------------------------------------------------------
def test_a_batch_for_every_commune_of_the_province_is_generated_by_the_worker(stub: Stub) -> None:
    q = stub.read.current()
    subtree = set(q.subtree(stub.where.province, AS_OF))
    communes = [u.id for u in q.units(AS_OF, "commune") if str(u.id) in subtree]
    assert len(communes) == 3
    batch = stub.app.request_unit_reports(SYSTEM, communes, AS_OF)
    assert stub.read.current().batch_progress(batch) == {"REQUESTED": 3}
    requests = [UUID(r["request_id"]) for r in stub.read.current().pending_reports()]
    assert len(requests) == 3
    for request_id in requests:
        stub.tasks.enqueue(request_id, batch=True)
    stub.join(BATCH)
    assert stub.read.current().batch_progress(batch) == {"GENERATED": 3}
    for request_id in requests:
        assert len(named(stub.app, request_id, "Generated")) == 1
        assert stub.status(request_id)["unit"] in {str(u) for u in communes}
    assert len(pdf_files(stub.settings)) == 3  # three communes, three different documents
    assert stub.read.current().pending_reports() == []


def test_a_duplicated_message_renders_once(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    renders = counting(monkeypatch)
    request_id = stub.app.request_report(SYSTEM, ReportKind.UNIT_REPORT, AS_OF, unit=stub.where.commune)
    stub.tasks.enqueue(request_id)
    stub.tasks.enqueue(request_id)  # e.g. the reconciler re-enqueued it while the first copy was still queued
    stub.join(INTERACTIVE)
    assert stub.status(request_id)["status"] == "GENERATED"
    assert len(named(stub.app, request_id, "Generated")) == 1
    assert not named(stub.app, request_id, "Failed")
    assert len(pdf_files(stub.settings)) == 1
    assert renders == [1]


def test_a_transient_render_failure_is_recorded_then_retried_until_the_report_is_generated(
        stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_retries(monkeypatch, stub.tasks)
    renders = counting(monkeypatch, fail=lambda n: n == 1)
    request_id = stub.app.request_report(SYSTEM, ReportKind.UNIT_REPORT, AS_OF, unit=stub.where.department)
    stub.tasks.enqueue(request_id)
    stub.join(INTERACTIVE)
    assert renders == [1, 2]
    assert [type(e).__name__ for e in events(stub.app, request_id)] == ["Created", "Failed", "Generated"]
    (failed,) = named(stub.app, request_id, "Failed")
    assert (failed.final, failed.attempt) == (False, 1)
    assert "RuntimeError: font cache busy" in failed.reason
    row = stub.status(request_id)
    assert (row["status"], row["attempts"]) == ("GENERATED", 1)


def test_a_render_that_keeps_failing_ends_in_one_final_failure_after_the_retries(
        stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_retries(monkeypatch, stub.tasks)
    renders = counting(monkeypatch, fail=lambda n: True)
    request_id = stub.app.request_report(SYSTEM, ReportKind.UNIT_REPORT, AS_OF, unit=stub.where.department)
    stub.tasks.enqueue(request_id)
    with pytest.raises(RuntimeError, match="font cache busy"):
        stub.join(INTERACTIVE)  # dead-lettered after the last retry
    assert len(renders) == stub.tasks.MAX_RETRIES + 1
    failures = named(stub.app, request_id, "Failed")
    assert [(f.attempt, f.final) for f in failures] == [(1, False), (2, False), (3, False), (4, True)]
    row = stub.status(request_id)
    assert (row["status"], row["attempts"]) == ("FAILED", 4)
    assert stub.read.current().pending_reports() == []
    assert not pdf_files(stub.settings)


def test_a_domain_error_is_not_retried(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_retries(monkeypatch, stub.tasks)
    calls: list[UUID] = []
    produce = ReportPipeline.produce

    def spy(self: ReportPipeline, request_id: UUID, final_attempt: bool = True) -> Any:
        calls.append(request_id)
        return produce(self, request_id, final_attempt)

    monkeypatch.setattr(ReportPipeline, "produce", spy)
    unknown = uuid4()  # no such request: NotFound
    stub.tasks.enqueue(unknown)
    with pytest.raises(NotFound):
        stub.join(INTERACTIVE)
    assert calls == [unknown]
    # Bad input on a real request is a final Failed event, not an exception: also a single attempt.
    stub.tasks.BROKER.flush_all()
    gone = stub.app.request_report(SYSTEM, ReportKind.UNIT_REPORT, date(1975, 1, 1), unit=stub.where.commune)
    stub.tasks.enqueue(gone)
    stub.join(INTERACTIVE)
    assert calls == [unknown, gone]
    (failed,) = named(stub.app, gone, "Failed")
    assert failed.final and "Không có đơn vị này vào ngày 01/01/1975" in failed.reason


def test_a_worker_polls_for_the_next_report_within_a_tenth_of_a_second(stub: Stub) -> None:
    # dramatiq backs a busy consumer off up to worker_timeout (1 s by default) between polls: idle time per report.
    worker = dramatiq.Worker(stub.tasks.BROKER, worker_threads=1)
    worker.start()
    try:
        assert worker.worker_timeout == stub.tasks.POLL_MS == 100
        assert {c.worker_timeout for c in worker.consumers.values()} == {100}
    finally:
        worker.stop()


# -- real Redis, real worker processes -----------------------------------------------------------------------
def _wait(what: str, condition: Callable[[], Any], logs: list[Path], timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")


def _start_worker(redis_url: str, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TTHC_DATABASE_SCHEMA")}
    env.update(REDIS_URL=redis_url, TTHC_DATA_DIR=str(data_dir), TTHC_WORKER_HEARTBEAT_MS="2000",
               PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "dramatiq", "services.tasks", "-p", "1", "-t", "1",
                                 "-Q", INTERACTIVE, BATCH], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the worker's whole process group (its master and worker processes)."""
    if process.poll() is not None:
        return  # already reaped: its group id may belong to another process by now
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _in_flight(client: Any) -> int:
    return sum(client.scard(key) for key in client.scan_iter("tthc:__acks__.*"))


@pytest.mark.redis
@pytest.mark.slow
def test_a_worker_killed_mid_render_leaves_no_outcome_and_a_new_worker_generates_the_report_once(
        redis_url: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    import redis
    from dramatiq import Message
    from dramatiq.brokers.redis import MAINTENANCE_SCALE

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    settings = Settings(data_dir=demo_data(tmp_path_factory, tmp_path / "var"))
    app = Ledger(settings)
    read = ReadSide(app)
    # The test's own broker (same namespace) sends the message and, with maintenance on every command, hands
    # back a dead worker's unacknowledged messages as soon as its heartbeat is 2 s old.
    broker = build_broker(Settings(redis_url=redis_url, worker_heartbeat_ms=2000))
    broker.maintenance_chance = MAINTENANCE_SCALE
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers: list[subprocess.Popen[bytes]] = []
    try:
        province = read.current().unit_by_code("20")
        assert province is not None
        # The province's unit report: about 19 pages, several seconds of rendering.
        request_id = app.request_report(SYSTEM, ReportKind.UNIT_REPORT, date(2024, 12, 31), unit=province.id)
        broker.declare_queue(INTERACTIVE)
        broker.enqueue(Message(queue_name=INTERACTIVE, actor_name="reports.render_interactive",
                               args=(str(request_id),), kwargs={}, options={}))
        workers.append(_start_worker(redis_url, settings.data_dir, logs[0]))
        _wait("the first worker to take the message", lambda: _in_flight(client) > 0, logs)
        taken = time.monotonic()
        # Mid-render: WeasyPrint's progress log shows the layout under way (or, without that log, 3 s later).
        _wait("the render to start", lambda: "Creating layout - Page 2" in logs[0].read_text(errors="replace")
              or time.monotonic() - taken > 3, logs)
        assert workers[0].poll() is None, logs[0].read_text()
        assert read.current().report(request_id)["status"] == "REQUESTED", "rendered before the kill"
        _kill(workers[0])  # SIGKILL to the whole process group, mid-render

        assert not named(app, request_id, "Generated") and not named(app, request_id, "Failed")
        assert read.current().report(request_id)["status"] == "REQUESTED"
        assert not pdf_files(settings)
        assert _in_flight(client) > 0  # the killed worker's message is still unacknowledged

        # A new worker's boot reconciler re-enqueues the request that has no outcome.
        workers.append(_start_worker(redis_url, settings.data_dir, logs[1]))
        _wait("the report to be generated", lambda: read.current().report(request_id)["status"] == "GENERATED", logs)
        # The killed worker's copy (and the reconcilers' copies) come back and are consumed as no-ops.
        broker.join(INTERACTIVE, timeout=WAIT * 1000)
        _wait("every copy of the message to be acknowledged",
              lambda: _in_flight(client) == 0 and broker.do_qsize(INTERACTIVE) == 0, logs)
        assert workers[1].poll() is None, logs[1].read_text()

        assert len(named(app, request_id, "Generated")) == 1
        assert not named(app, request_id, "Failed")
        row = read.current().report(request_id)
        assert row["pages"] > 10
        assert len(pdf_files(settings)) == 1
        assert read.current().pending_reports() == []
    finally:
        for worker in workers:
            _kill(worker)
        client.flushdb()
        client.close()
        read.close()
        app.close()
