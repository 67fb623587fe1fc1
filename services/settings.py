"""Settings: the only module that reads the environment. Everything else is handed a Settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("var")
    database_url: str = ""  # empty = embedded SQLite files under data_dir
    database_schema: str = "public"
    redis_url: str = ""  # empty = in-process stub broker with worker threads
    timezone: str = "Asia/Ho_Chi_Minh"
    snapshot_interval: int = 50
    aggregate_cache_size: int = 10_000
    worker_processes: int = 2
    worker_threads: int = 1
    worker_heartbeat_ms: int = 15_000
    report_time_limit_ms: int = 300_000
    secret_key: str = field(default="", repr=False)
    extra_es_env: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            data_dir=Path(env.get("TTHC_DATA_DIR", "var")),
            database_url=env.get("DATABASE_URL", ""),
            database_schema=env.get("TTHC_DATABASE_SCHEMA", "public"),
            redis_url=env.get("REDIS_URL", ""),
            timezone=env.get("TTHC_TIMEZONE", "Asia/Ho_Chi_Minh"),
            snapshot_interval=int(env.get("TTHC_SNAPSHOT_INTERVAL", "50")),
            worker_processes=int(env.get("TTHC_WORKER_PROCESSES", str(os.cpu_count() or 1))),
            worker_threads=int(env.get("TTHC_WORKER_THREADS", "1")),
            worker_heartbeat_ms=int(env.get("TTHC_WORKER_HEARTBEAT_MS", "15000")),
            report_time_limit_ms=int(env.get("TTHC_REPORT_TIME_LIMIT_MS", "300000")),
            secret_key=env.get("TTHC_SECRET_KEY", ""),
        )

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    def es_env(self) -> dict[str, str]:
        """The eventsourcing library's configuration, passed as `env=` (never through os.environ)."""
        if self.uses_postgres:
            url = urlsplit(self.database_url)
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
                "POSTGRES_HOST": url.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(url.port or 5432),
                "POSTGRES_USER": unquote(url.username or "postgres"),
                "POSTGRES_PASSWORD": unquote(url.password or ""),
                "POSTGRES_SCHEMA": self.database_schema,
                "POSTGRES_LOCK_TIMEOUT": "5",
                "POSTGRES_POOL_SIZE": "5",
                "POSTGRES_MAX_OVERFLOW": "10",
            }
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.data_dir / "events.sqlite"),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        # Commands reload the aggregate they change; the cache skips the replay and still fast-forwards
        # past events stored by other processes, so it never serves a stale version.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(self.aggregate_cache_size)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"
        env.update(self.extra_es_env)
        return env

    @property
    def views_path(self) -> Path:
        return self.data_dir / "views.sqlite"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"
