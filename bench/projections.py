"""Read-side benchmark on the synthetic national data set, side by side in one run on each store.

  1. full rebuild of every view vs a bare scan of `select_notifications` (events/s and their ratio);
  2. "registry as of D" for one province (both axes), p50, vs a naive replay of the log;
  3. a procedure's history page, p50.

Usage: .venv/bin/python bench/projections.py [EVENTS] [sqlite|postgres ...]   (default 1,000,000, both stores)
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, p50, postgres_available, store
from bench.dataset import generate
from services.application import Ledger
from services.readside import ReadSide

EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
KINDS = sys.argv[2:] or ["sqlite", "postgres"]
REPEAT = 21


def scan(app: Ledger) -> tuple[int, float]:
    start, count, began = 0, 0, time.perf_counter()
    while notifications := app.recorder.select_notifications(start=start, limit=1000, inclusive_of_start=False):
        count += len(notifications)
        start = notifications[-1].id
    return count, time.perf_counter() - began


def naive_as_of(app: Ledger, province_units: set[str], at: datetime) -> int:
    """What a system without projections does: replay the whole log up to `at`, keep the province's."""
    states: dict[UUID, object] = {}
    start = 0
    while notifications := app.recorder.select_notifications(start=start, limit=1000, inclusive_of_start=False):
        for n in notifications:
            if not n.topic.startswith("tthc:Procedure."):
                continue
            event = app.mapper.to_domain_event(n)
            if event.timestamp <= at:
                states[event.originator_id] = event.mutate(states.get(event.originator_id))
        start = notifications[-1].id
    return sum(1 for s in states.values() if str(s.managing_unit) in province_units)  # type: ignore[attr-defined]


def timed_p50(fn) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return p50(samples)


def run(kind: str) -> None:
    with store(kind) as settings:
        app = Ledger(settings)
        began = time.perf_counter()
        total = generate(app, EVENTS, progress=lambda i, n: print(f"\r  generating {i}/{n} procedures", end=""))
        print(f"\r  {kind}: generated {total:,} events in {time.perf_counter() - began:.0f} s".replace(",", "."))
        read = ReadSide(app)
        count, scan_s = scan(app)
        rebuild_s = -time.perf_counter()
        read.rebuild()
        rebuild_s += time.perf_counter()
        print(f"  rebuild {count / rebuild_s:8.0f} ev/s ({rebuild_s:.0f} s)   bare scan {count / scan_s:8.0f} ev/s   "
              f"ratio {scan_s / rebuild_s:.3f}×")

        q = read.queries
        province = q.unit_by_code("P00")
        assert province is not None
        units = set(q.subtree(province.id, date(2024, 6, 1)))
        at = datetime(2023, 6, 1, tzinfo=UTC)
        in_force = timed_p50(lambda: q.in_force(province.id, date(2024, 6, 1)))
        as_recorded = timed_p50(lambda: q.as_recorded(province.id, at))
        rows = len(q.as_recorded(province.id, at))
        naive_began = time.perf_counter()
        naive_rows = naive_as_of(app, units, at)
        naive = time.perf_counter() - naive_began
        print(f"  registry of one province as of a date (p50 of {REPEAT}): in force {in_force * 1000:.1f} ms, "
              f"as recorded {as_recorded * 1000:.1f} ms ({rows} rows); naive replay {naive:.1f} s ({naive_rows} rows) "
              f"→ {naive / as_recorded:,.0f}× faster".replace(",", "."))

        ids = [UUID(r["procedure_id"]) for r in q.store.query("select procedure_id from v_registry limit 500")]
        rng = random.Random(7)
        history = timed_p50(lambda: q.history(rng.choice(ids)))
        print(f"  a procedure's history page (p50 of {REPEAT}): {history * 1000:.1f} ms")
        read.close()
        app.close()


if __name__ == "__main__":
    print(f"Projection benchmark: {EVENTS:_} events".replace("_", ".") + f"; {machine()}")
    for kind in KINDS:
        if kind == "postgres" and not postgres_available():
            print("postgres: skipped, no server at TTHC_BENCH_DATABASE_URL")
            continue
        run(kind)
