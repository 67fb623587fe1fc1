"""`tthc project` as the production projector: a separate process keeps the views current until SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from services.application import Ledger
from services.readside import ReadSide
from services.settings import Settings
from tests.support.builders import content, province

ROOT = Path(__file__).resolve().parents[2]


def _start(settings: Settings) -> subprocess.Popen:
    env = {**os.environ, "TTHC_DATA_DIR": str(settings.data_dir), "DATABASE_URL": settings.database_url,
           "TTHC_DATABASE_SCHEMA": settings.database_schema, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "services.cli", "project", "--interval", "5"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.postgres
def test_the_projector_process_follows_commits_and_stops_cleanly_on_sigterm(tmp_path, postgres_url, pg_schema):
    settings = Settings(data_dir=tmp_path / "var", database_url=postgres_url, database_schema=pg_schema)
    app = Ledger(settings)
    where = province(app)
    read = ReadSide(app, inline=False)  # a web process: it waits for the projector instead of projecting
    process = _start(settings)
    try:
        _wait_for(lambda: read.projector.position() >= app.max_position())
        began = time.monotonic()
        app.list_procedure(where.officer, where.department, where.department, content("LS-PRJ-1"))
        read.wait(app.max_position(), timeout=10)
        # LISTEN/NOTIFY wakes it at once; without it the 5 s poll interval would be the delay.
        assert time.monotonic() - began < 4
        assert read.queries.search(text="LS-PRJ-1").total == 1
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
        assert process.returncode == 0, output
        assert "Projector đã dừng." in output
    finally:
        if process.poll() is None:
            process.kill()
        read.close()
        app.close()
