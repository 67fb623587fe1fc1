"""One small interface over the two databases that hold views: SQLite (embedded) and PostgreSQL.

Views are written in batches: one transaction per page of notifications, multi-row statements, and
the tracking position of each view written in that same transaction.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

from services.settings import Settings

Row = dict[str, Any]


class ViewStore:
    """Holds the connection(s) to the view database. SQL is written once, with `?` placeholders."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dialect = "postgres" if settings.uses_postgres else "sqlite"
        self._local = threading.local()
        self.schema = settings.database_schema
        self.create_tables(("v_tracking", "v_schema"))

    # -- connections ------------------------------------------------------------------------------
    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.settings.views_path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("pragma journal_mode=wal")
            conn.execute("pragma synchronous=normal")
            return conn
        import psycopg

        conn = psycopg.connect(self.settings.database_url, autocommit=True)
        conn.execute(f'set search_path to "{self.schema}"')
        return conn

    @property
    def conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def sql(self, statement: str) -> str:
        return statement if self.dialect == "sqlite" else statement.replace("?", "%s")

    # -- statements -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Any]:
        conn = self.conn
        cursor = conn.cursor()
        cursor.execute("begin immediate" if self.dialect == "sqlite" else "begin")
        try:
            yield cursor
        except BaseException:
            cursor.execute("rollback")
            raise
        else:
            cursor.execute("commit")
        finally:
            cursor.close()

    def execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor.execute(self.sql(statement), tuple(params))
        return cursor

    def executemany(self, cursor: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cursor.executemany(self.sql(statement), [tuple(r) for r in rows])

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.conn.cursor()
        try:
            cursor.execute(self.sql(statement), tuple(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(statement, params)
        return next(iter(rows[0].values())) if rows else None

    # -- schema -----------------------------------------------------------------------------------
    def statements(self) -> list[str]:
        ddl = resources.files("services.projections").joinpath("schema.sql").read_text(encoding="utf-8")
        if self.dialect == "postgres":
            ddl = ddl.replace("INTEGER PRIMARY KEY", "BIGINT PRIMARY KEY").replace(" INTEGER", " BIGINT")
        return _statements(ddl)

    def create_tables(self, tables: Sequence[str] | None = None) -> None:
        """Create the named tables (all by default) and their indexes, where they do not exist yet."""
        with self.transaction() as cursor:
            for statement in self.statements():
                if tables is None or _table_of(statement) in tables:
                    cursor.execute(statement)

    def drop_tables(self, tables: Sequence[str]) -> None:
        with self.transaction() as cursor:
            for table in tables:
                cursor.execute(f"drop table if exists {table}")

    def analyze(self, tables: Sequence[str]) -> None:
        """Refresh PostgreSQL's statistics: after a bulk rebuild the old ones made it scan whole tables
        (583 ms instead of 11 ms for a province as of a date). SQLite is left alone: with statistics its
        planner chose worse plans for the same queries (3 ms → 11 ms, measured)."""
        if self.dialect != "postgres":
            return
        for table in tables:
            self.conn.execute(f"analyze {table}")

    def fingerprint(self, tables: Sequence[str]) -> str:
        """A digest of the DDL of these tables: when it changes, their rows were made by an older schema."""
        ddl = "\n".join(s for s in self.statements() if _table_of(s) in tables)
        return hashlib.sha256(ddl.encode()).hexdigest()


def _table_of(statement: str) -> str:
    """The table a CREATE TABLE or CREATE INDEX statement is about."""
    match = _TABLE.search(statement)
    return match.group(1) if match else ""


_TABLE = re.compile(r"(?:TABLE IF NOT EXISTS|\bON)\s+(\w+)", re.IGNORECASE)


def _statements(ddl: str) -> list[str]:
    lines = [line for line in ddl.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
