"""Fixtures of the unit tier: a ledger on a SQLite folder of its own, with a small province."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.application import Ledger
from services.settings import Settings
from tests.support import builders as b


@pytest.fixture
def app(sqlite_settings: Settings) -> Iterator[Ledger]:
    ledger = Ledger(sqlite_settings)
    yield ledger
    ledger.close()


@pytest.fixture
def world(app: Ledger) -> b.Province:
    return b.province(app)
