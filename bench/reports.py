"""Report pipeline and workers, measured side by side on the demo province. Prints ratios; asserts nothing.

    .venv/bin/python bench/reports.py [--n 3] [--units 0] [--parts abcd] [--redis redis://127.0.0.1:6379/14]

(a) the pipeline producing one unit report (read side, view model, render, PDF/A-3b, storage, Generated event)
    against bare `weasyprint.HTML(string=render_html(doc), base_url=STATIC_DIR).write_pdf()` on the same
    document; runs interleaved, a fresh request and an empty render cache each time (aim: ≤ 1.15×).
(b) a cache hit (a new request with unchanged inputs: view model, hash, stored PDF reused, event) against
    that render (aim: ≥ 50×).
(c) a batch of unit reports, one per unit of the 2023 tree (departments, districts, communes), by 2 worker
    processes over the real Redis (`dramatiq services.tasks -p 2 -t 1`) against the same renders one after
    another in this process; the render cache is emptied in between, so both render everything, and each worker
    renders once before the timing (aim: ≥ 1.7× on 2 cores). `--units N` takes an evenly spread sample of N
    units instead. The workers inherit this environment: `dramatiq_queue_prefetch=1 … --parts c` measures that
    setting against dramatiq's default (two per thread).
(d) peak RSS (VmHWM) of a worker process that renders the largest report (the province's, ~19 pages).

(c) and (d) need Redis (a separate db, 14 by default, flushed before and after); without it they are skipped
with the reason printed. Timings on a shared VM are noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import weasyprint  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

import reports  # noqa: E402
from domain.enums import ReportKind  # noqa: E402
from services.application import Ledger  # noqa: E402
from services.base import SYSTEM  # noqa: E402
from services.demo import seed  # noqa: E402
from services.readside import ReadSide  # noqa: E402
from services.reporting.pipeline import ReportPipeline, page_count  # noqa: E402
from services.reporting.storage import LocalStorage  # noqa: E402
from services.settings import Settings  # noqa: E402

AS_OF = date(2024, 12, 31)
TREE_2023 = date(2023, 12, 31)
REDIS_URL = os.environ.get("TTHC_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
INTERACTIVE, BATCH = "reports_interactive", "reports_batch"


# -- helpers -----------------------------------------------------------------------------------------------
def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} vCPU {model}, {memory / 1024:.0f} GiB RAM, Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__}; load average at start {load}")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    return f"median {median(values):7.3f} s  (min {min(values):.3f}, max {max(values):.3f}, n={len(values)})"


class CpuMeter:
    """Cores busy machine-wide (/proc/stat) over a phase, and how many of them were not ours: the machine may be
    shared, and a speed-up on 2 cores means little if another process held one of them."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self) -> None:
        self.start_busy, self.start_wall = self.busy(), time.monotonic()

    @staticmethod
    def busy() -> float:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return (sum(fields) - fields[3] - fields[4]) / CpuMeter.TICK  # minus idle and iowait

    def report(self, ours: float) -> str:
        wall = time.monotonic() - self.start_wall
        busy = self.busy() - self.start_busy
        return (f"cores busy {busy / wall:.2f} of {os.cpu_count()}: ours {ours / wall:.2f}, "
                f"other processes {max(busy - ours, 0) / wall:.2f}")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """User + system seconds of a live process (not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CpuMeter.TICK


def empty_cache(settings: Settings) -> None:
    """Forget every rendered PDF and the render cache, so the next request for any inputs renders."""
    for folder in ("inputs", "pdf"):
        shutil.rmtree(settings.reports_dir / folder, ignore_errors=True)


class Bench:
    def __init__(self, data_dir: Path) -> None:
        self.settings = Settings(data_dir=data_dir)
        self.app = Ledger(self.settings)
        self.read = ReadSide(self.app)
        self.storage = LocalStorage(self.settings.reports_dir)
        self.pipeline = ReportPipeline(self.app, self.read, self.storage)

    def unit(self, code: str) -> UUID:
        row = self.read.current().unit_by_code(code)
        assert row is not None, code
        return row.id

    def request(self, unit: UUID, as_of: date = AS_OF) -> UUID:
        return self.app.request_report(SYSTEM, ReportKind.UNIT_REPORT, as_of, unit=unit)

    def produce(self, request_id: UUID, expect: str) -> Any:
        outcome = self.pipeline.produce(request_id)
        if outcome.action != expect:
            raise SystemExit(f"expected {expect}, got {outcome}")
        return outcome

    def close(self) -> None:
        self.read.close()
        self.app.close()


# -- (a) and (b) -------------------------------------------------------------------------------------------
def render_overhead(bench: Bench, code: str, n: int) -> dict[str, float]:
    unit = bench.unit(code)
    document = bench.pipeline.builder.build(bench.app.report_request(bench.request(unit)))
    html = reports.render_html(document)

    def bare() -> bytes:
        return weasyprint.HTML(string=html, base_url=str(reports.STATIC_DIR)).write_pdf()

    shared = FontConfiguration()

    def bare_shared() -> bytes:  # the stricter baseline: fonts registered once, as ours does
        return weasyprint.HTML(string=html, base_url=str(reports.STATIC_DIR)).write_pdf(font_config=shared)

    def ours() -> Any:
        request_id = bench.request(unit)  # recorded outside the timing: the request is the caller's
        empty_cache(bench.settings)
        return timed(lambda: bench.produce(request_id, "rendered"))

    bare(), bare_shared(), ours()  # warm-up: imports, fonts, caches, SQLite pages
    times: dict[str, list[float]] = {"ours": [], "bare": [], "shared": []}
    for _ in range(n):
        elapsed, outcome = ours()
        times["ours"].append(elapsed)
        times["bare"].append(timed(bare)[0])
        times["shared"].append(timed(bare_shared)[0])
    ours_pdf, bare_pdf = bench.storage.get(outcome.storage_key), bare()
    hits = []
    for _ in range(max(n, 5)):
        request_id = bench.request(unit)
        hits.append(timed(lambda r=request_id: bench.produce(r, "reused"))[0])
    name = bench.read.current().unit_by_code(code).name
    print(f"\n{name} ({code}), unit report as of {AS_OF:%d/%m/%Y}: {page_count(ours_pdf)} pages "
          f"(ours {len(ours_pdf) / 1024:.0f} KiB PDF/A-3b with its JSON; bare {page_count(bare_pdf)} pages, "
          f"{len(bare_pdf) / 1024:.0f} KiB)")
    print(f"  (a) pipeline produce, fresh request, empty cache  {spread(times['ours'])}")
    print(f"      bare WeasyPrint on the same HTML                {spread(times['bare'])}")
    print(f"      bare, one shared FontConfiguration              {spread(times['shared'])}")
    print(f"  (b) cache hit: new identical request, reused PDF    {spread(hits)}")
    overhead = median(times["ours"]) / median(times["bare"])
    speedup = median(times["ours"]) / median(hits)
    strict = median(times["ours"]) / median(times["shared"])
    print(f"  (a) overhead ours / bare: {overhead:.3f}x (aim ≤ 1.15x); ours / bare with shared fonts: {strict:.3f}x")
    print(f"  (b) render / cache hit: {speedup:.0f}x (aim ≥ 50x)")
    return {"overhead": overhead, "strict": strict, "hit": speedup}


# -- (c) and (d) -------------------------------------------------------------------------------------------
def redis_client(url: str) -> Any:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    client.ping()
    return client


def start_workers(url: str, data_dir: Path, processes: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TTHC_DATABASE_SCHEMA")}
    env.update(REDIS_URL=url, TTHC_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "dramatiq", "services.tasks", "-p", str(processes), "-t", "1",
                                 "-Q", INTERACTIVE, BATCH], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def worker_pids(master: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def wait_ready(master: subprocess.Popen[bytes], log: Path, processes: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count("Worker process is ready for action") < processes:
        if master.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the workers did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def stop(master: subprocess.Popen[bytes]) -> None:
    """SIGTERM (finish the current message), then SIGKILL if that takes more than 60 s."""
    with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(master.pid, signal.SIGTERM)
        master.wait(timeout=60)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(master.pid, signal.SIGKILL)
    master.wait(timeout=30)


def enqueue(url: str, request_ids: list[UUID], batch: bool) -> None:
    from dramatiq import Message

    from services.broker import build_broker

    broker = build_broker(Settings(redis_url=url))
    queue = BATCH if batch else INTERACTIVE
    broker.declare_queue(queue)
    actor = "reports.render_batch" if batch else "reports.render_interactive"
    for request_id in request_ids:
        broker.enqueue(Message(queue_name=queue, actor_name=actor, args=(str(request_id),), kwargs={}, options={}))


def wait_generated(bench: Bench, request_ids: list[UUID], timeout: float, log: Path) -> None:
    deadline, wanted = time.monotonic() + timeout, {str(r) for r in request_ids}
    while True:
        q = bench.read.current()
        rows = [q.report(UUID(r)) for r in wanted]
        if all(row is not None and row["status"] in ("GENERATED", "FAILED") for row in rows):
            failed = [row for row in rows if row["status"] == "FAILED"]
            if failed:
                raise SystemExit(f"{len(failed)} reports failed, e.g. {failed[0]['reason']}")
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout:.0f} s\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)


def warm_up(bench: Bench, url: str, log: Path, pids: list[int]) -> None:
    """Have every worker process render once before the timing (WeasyPrint imported, fonts registered), as this
    process already has: one department report at a time until each process's PID shows in the render log."""
    def rendered(pid: int) -> bool:
        return any(f"[PID {pid}]" in line and "weasyprint" in line for line in log.read_text().splitlines())

    departments = [u for u in bench.read.current().units(AS_OF, "province") if u.parent is not None]
    for unit in departments:
        if all(rendered(pid) for pid in pids):
            return
        request_id = bench.request(unit.id)
        enqueue(url, [request_id], batch=True)
        wait_generated(bench, [request_id], timeout=300, log=log)
    print("    (warning: a worker process stayed cold)")


def batch_speedup(bench: Bench, url: str, units: int, tmp: Path) -> dict[str, float]:
    q = bench.read.current()
    tree = [u for u in q.units(TREE_2023) if u.parent is not None]  # every unit under the province, 2023's tree
    if units:
        step = len(tree) / units
        tree = [tree[int(i * step)] for i in range(min(units, len(tree)))]
    levels = {level: sum(1 for u in tree if u.level == level) for level in ("province", "district", "commune")}
    print(f"\n(c) batch: {len(tree)} unit reports as of {TREE_2023:%d/%m/%Y} "
          f"({levels['province']} departments, {levels['district']} districts, {levels['commune']} communes)")

    # One after another in this process (warm: weasyprint imported, fonts registered by (a)).
    empty_cache(bench.settings)
    requests = [bench.request(u.id, TREE_2023) for u in tree]
    each: list[float] = []
    meter, cpu = CpuMeter(), own_cpu()
    start = time.perf_counter()
    for request_id in requests:
        each.append(timed(lambda r=request_id: bench.produce(r, "rendered"))[0])
    sequential = time.perf_counter() - start
    used = own_cpu() - cpu
    load = meter.report(used)
    pages = sum(bench.read.current().report(r)["pages"] for r in requests)
    print(f"    one process, one after another   {sequential:8.1f} s  ({pages} pages; per report "
          f"median {median(each):.2f} s, max {max(each):.2f} s; CPU {used / len(tree):.2f} s per report)"
          f"\n      {load}")

    # The same renders again (empty cache, fresh requests) by 2 worker processes over Redis, once they are warm.
    empty_cache(bench.settings)
    log = tmp / "workers-2.log"
    master = start_workers(url, bench.settings.data_dir, 2, log)
    peaks: list[int] = []
    try:
        wait_ready(master, log, 2)
        pids = worker_pids(master)
        warm_up(bench, url, log, pids)
        empty_cache(bench.settings)
        requests = [bench.request(u.id, TREE_2023) for u in tree]
        meter, cpu, workers_cpu = CpuMeter(), own_cpu(), sum(process_cpu(pid) for pid in pids)
        start = time.perf_counter()
        enqueue(url, requests, batch=True)
        wait_generated(bench, requests, timeout=max(600, 4 * sequential), log=log)
        parallel = time.perf_counter() - start
        workers_cpu = sum(process_cpu(pid) for pid in pids) - workers_cpu
        load = meter.report(own_cpu() - cpu + workers_cpu)
        peaks = [status_kb(pid, "VmHWM") for pid in pids]
    finally:
        stop(master)
    rows = [bench.read.current().report(r) for r in requests]
    reused = sum(1 for row in rows if row["reused_from"])
    print(f"    2 worker processes over Redis    {parallel:8.1f} s  (reused from cache: {reused}; "
          f"workers' CPU {workers_cpu / len(tree):.2f} s per report; worker peak RSS "
          f"{', '.join(f'{p / 1024:.0f}' for p in peaks)} MiB)\n      {load} (ours: the workers + this process)")
    speedup = sequential / parallel
    print(f"    speed-up: {speedup:.2f}x (aim ≥ 1.7x on 2 cores)")
    return {"speedup": speedup}


def worker_peak_rss(bench: Bench, url: str, tmp: Path) -> dict[str, float]:
    empty_cache(bench.settings)
    log = tmp / "workers-1.log"
    master = start_workers(url, bench.settings.data_dir, 1, log)
    try:
        wait_ready(master, log, 1)
        (pid,) = worker_pids(master)
        idle = status_kb(pid, "VmRSS")
        request_id = bench.request(bench.unit("20"))
        start = time.perf_counter()
        enqueue(url, [request_id], batch=False)
        wait_generated(bench, [request_id], timeout=600, log=log)
        elapsed = time.perf_counter() - start
        peak = status_kb(pid, "VmHWM")
    finally:
        stop(master)
    row = bench.read.current().report(request_id)
    print(f"\n(d) largest report: the province's unit report as of {AS_OF:%d/%m/%Y}, {row['pages']} pages, "
          f"{row['size'] / 1024:.0f} KiB, {elapsed:.1f} s in a fresh worker")
    print(f"    worker process RSS: idle after boot {idle / 1024:.0f} MiB, peak (VmHWM) {peak / 1024:.0f} MiB")
    return {"peak_mib": peak / 1024}


def seeded(data_dir: Path) -> None:
    app = Ledger(Settings(data_dir=data_dir))
    try:
        seed(app)
    finally:
        app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3, help="repetitions in (a); (b) takes at least 5")
    parser.add_argument("--units", type=int, default=0, help="(c): a sample of N units instead of the whole tree")
    parser.add_argument("--redis", default=REDIS_URL, help="a Redis db the benchmark may flush")
    parser.add_argument("--parts", default="abcd", help="which measurements to run, e.g. --parts c")
    args = parser.parse_args()

    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="tthc-bench-reports-") as folder:
        tmp = Path(folder)
        seconds, _ = timed(lambda: seeded(tmp / "var"))
        bench = Bench(tmp / "var")
        projected, _ = timed(bench.read.current)
        print(f"Demo province seeded in {seconds:.1f} s ({bench.app.max_position()} events), "
              f"projected in {projected:.1f} s")
        results: dict[str, dict[str, float]] = {}
        try:
            if "a" in args.parts or "b" in args.parts:
                results["department"] = render_overhead(bench, "20-SNV", args.n)
                results["province"] = render_overhead(bench, "20", args.n)
            else:
                reports.render_pdf(bench.pipeline.builder.build(bench.app.report_request(
                    bench.request(bench.unit("20-SNV")))))  # warm this process as (a) would
            client = None
            if "c" in args.parts or "d" in args.parts:
                try:
                    client = redis_client(args.redis)
                except Exception as error:  # any failure to connect means "no server"
                    print(f"\n(c), (d) skipped: Redis at {args.redis} is not reachable ({error})")
            if client is not None:
                client.flushdb()
                try:
                    if "c" in args.parts:
                        results["batch"] = batch_speedup(bench, args.redis, args.units, tmp)
                    if "d" in args.parts:
                        results["rss"] = worker_peak_rss(bench, args.redis, tmp)
                finally:
                    client.flushdb()
        finally:
            bench.close()

    print("\nSummary")
    for name in ("department", "province"):
        if name not in results:
            continue
        r = results[name]
        print(f"  {name:<10} (a) overhead {r['overhead']:.3f}x (aim ≤ 1.15x; {r['strict']:.3f}x against shared "
              f"fonts)   (b) cache hit {r['hit']:.0f}x faster than a render (aim ≥ 50x)")
    if "batch" in results:
        print(f"  (c) 2 worker processes vs one process: {results['batch']['speedup']:.2f}x (aim ≥ 1.7x)")
    if "rss" in results:
        print(f"  (d) worker peak RSS on the largest report: {results['rss']['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
