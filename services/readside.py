"""The read side as one object: views kept current, queries, progress and integrity verification."""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

from services.application import Ledger
from services.projections.integrity import Verdict, verify
from services.projections.progress import ProgressQueries
from services.projections.projector import Progress, Projector
from services.projections.queries import ReadQueries
from services.projections.store import ViewStore


class ReadSide:
    """`inline=True` (embedded default, CLI): a query first applies what the log holds beyond the views.
    `inline=False` (web processes beside a `tthc project` process): a query waits for the projector."""

    def __init__(self, app: Ledger, inline: bool = True, batch_size: int = 1000) -> None:
        self.app = app
        self.inline = inline
        zone = ZoneInfo(app.settings.timezone)
        self.store = ViewStore(app.settings)
        self.projector = Projector(app, self.store, zone, batch_size)
        self.queries = ReadQueries(self.store, zone)
        self._progress = ProgressQueries(self.queries)

    def current(self, timeout: float = 5.0) -> ReadQueries:
        """Read-your-writes: the views include every event stored before this call."""
        if self.inline:
            self.projector.catch_up()
        else:
            self.wait(self.app.max_position(), timeout)
        return self.queries

    @property
    def progress(self) -> ProgressQueries:
        """Progress against the plan, over views that include every event stored before this call."""
        self.current()
        return self._progress

    def wait(self, position: int, timeout: float = 5.0) -> None:
        deadline, delay = time.monotonic() + timeout, 0.01
        while self.projector.position() < position:
            if time.monotonic() > deadline:
                raise TimeoutError(f"Bảng tổng hợp chưa cập nhật tới vị trí {position} sau {timeout} giây.")
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.projector.catch_up(progress)

    def rebuild(self, names: list[str] | None = None, progress: Progress | None = None) -> int:
        return self.projector.rebuild(names, progress)

    def verify(self, expect: tuple[int, str] | None = None) -> Verdict:
        try:
            self.current()
        except Exception:
            # An edited log may not even project (a version missing or twice): verify what the chain holds,
            # and only if that finds nothing wrong is the projection failure the answer.
            verdict = verify(self.app, self.store, expect)
            if verdict.ok:
                raise
            return verdict
        return verify(self.app, self.store, expect)

    def chain_head(self) -> tuple[int, str]:
        return self.queries.chain_head()

    def close(self) -> None:
        self.store.close()
