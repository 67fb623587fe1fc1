"""PDF storage by content hash. An interface, so S3-compatible storage can be added beside the local folder."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any


class ReportStorage(ABC):
    @abstractmethod
    def put(self, data: bytes) -> str:
        """Store bytes; return their key (derived from their sha256, so a second put is a no-op)."""

    @abstractmethod
    def get(self, key: str) -> bytes: ...

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def remember(self, input_sha256: str, outcome: dict[str, Any]) -> None:
        """Record which PDF a given view model produced (the render cache)."""

    @abstractmethod
    def recall(self, input_sha256: str) -> dict[str, Any] | None: ...


class LocalStorage(ReportStorage):
    """Files under the data folder: pdf/ab/abcdef….pdf, and inputs/<input hash>.json for the render cache."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key_for(data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        return f"pdf/{digest[:2]}/{digest}.pdf"

    def put(self, data: bytes) -> str:
        key = self.key_for(data)
        if not self.exists(key):
            _atomic_write(self.root / key, data)
        return key

    def get(self, key: str) -> bytes:
        return (self.root / _safe(key)).read_bytes()

    def exists(self, key: str) -> bool:
        return (self.root / _safe(key)).is_file()

    def remember(self, input_sha256: str, outcome: dict[str, Any]) -> None:
        _atomic_write(self.root / "inputs" / f"{_hex(input_sha256)}.json",
                      json.dumps(outcome, sort_keys=True).encode())

    def recall(self, input_sha256: str) -> dict[str, Any] | None:
        path = self.root / "inputs" / f"{_hex(input_sha256)}.json"
        if not path.is_file():
            return None
        outcome = json.loads(path.read_text())
        return outcome if self.exists(outcome["storage_key"]) else None


def _atomic_write(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a half-written PDF can never be served."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe(key: str) -> str:
    if key.startswith("/") or ".." in Path(key).parts:
        raise ValueError(f"Khóa lưu trữ không hợp lệ: {key}")
    return key


def _hex(value: str) -> str:
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError("Mã băm không hợp lệ.")
    return value
