"""Shared helpers of the benchmarks: stores side by side, timing, a small province."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from services.settings import Settings

POSTGRES_URL = os.environ.get("TTHC_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def store(kind: str) -> Iterator[Settings]:
    """A fresh store of one kind: a SQLite data folder, or a new schema on the local PostgreSQL."""
    with tempfile.TemporaryDirectory(prefix="tthc-bench-") as tmp:
        if kind == "sqlite":
            yield Settings(data_dir=Path(tmp))
            return
        import psycopg

        schema = "bench_" + uuid.uuid4().hex[:10]
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'create schema "{schema}"')
        try:
            yield Settings(data_dir=Path(tmp), database_url=POSTGRES_URL, database_schema=schema)
        finally:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                conn.execute(f'drop schema "{schema}" cascade')


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except Exception:
        return False


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def machine() -> str:
    return f"{os.cpu_count()} cores, {os.uname().sysname} {os.uname().machine}"
