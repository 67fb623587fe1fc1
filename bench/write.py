"""Write throughput: commands through the Ledger vs bare Application.save() of the same events.

Both sides store the same events in the same number of transactions (one per command). The bare side
builds every event in memory first, so it measures storage alone; ours also loads, checks and reserves.
Prints a ratio measured side by side in one run (aim: ours ≥ 0.7× bare).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventsourcing.application import Application

from bench.common import machine, postgres_available, store, timed
from domain.codes import ProcedureCode
from domain.procedure import Procedure
from services.application import Ledger
from services.transcodings import register_all
from tests.support.builders import content, decision, province

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300


class Bare(Application):
    name = "tthc"

    def register_transcodings(self, transcoder):  # type: ignore[no-untyped-def]
        super().register_transcodings(transcoder)
        register_all(transcoder)


def ours(app: Ledger, where) -> int:  # type: ignore[no-untyped-def]
    for i in range(N):
        pid = app.list_procedure(where.officer, where.department, where.department, content(f"B-{i:05d}"),
                                 procedure_id=uuid5(NAMESPACE_URL, f"bench/{i}"))
        app.submit(where.officer, pid)
        app.verify_listing(where.controller, pid, "Đầy đủ")
        app.publish(where.controller, pid, decision(), date(2023, 3, 20))
    return 4 * N


def bare_batches(where) -> list[list]:  # type: ignore[no-untyped-def]
    """The same events, grouped as the commands save them."""
    batches = []
    for i in range(N):
        pid = uuid5(NAMESPACE_URL, f"bench/{i}")
        p = Procedure.list(pid, where.department, where.department, content(f"B-{i:05d}"), where.officer)
        code = ProcedureCode.reserve(where.department, f"B-{i:05d}", pid, where.officer)
        batches.append([*p.collect_events(), *code.collect_events()])
        p.submit(where.officer)
        batches.append(p.collect_events())
        p.verify_listing("Đầy đủ", where.controller)
        batches.append(p.collect_events())
        p.publish(decision(), date(2023, 3, 20), __import__("domain.enums").enums.ChangeType.NEW, where.controller)
        batches.append(p.collect_events())
    return batches


def run(kind: str) -> None:
    with store(kind) as settings:
        app = Ledger(settings)
        where = province(app)
        ours_s = timed(lambda: ours(app, where))
        app.close()
    with store(kind) as settings:
        bare = Bare(env=settings.es_env())
        batches = bare_batches(where)
        bare_s = timed(lambda: [bare.save(*b) for b in batches])
        bare.close()
    commands = 4 * N
    print(f"{kind:9s} ours {commands / ours_s:8.0f} commands/s   bare save() {commands / bare_s:8.0f} saves/s   "
          f"ratio {bare_s / ours_s:5.2f}×")


if __name__ == "__main__":
    print(f"Write benchmark: {N} procedures × 4 commands (list, submit, verify, publish); {machine()}")
    run("sqlite")
    if postgres_available():
        run("postgres")
    else:
        print("postgres  skipped: no server at TTHC_BENCH_DATABASE_URL")
