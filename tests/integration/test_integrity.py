"""Tamper evidence: the hash chain over the notification log names the first position that was changed.

Each test tampers directly in the event store, the way someone with database access would: a changed
state byte, a deleted event (in the middle, at the end), an inserted event, two events' states swapped.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner

from domain.enums import Role
from domain.units import AdminUnit
from services.application import Ledger
from services.base import SYSTEM
from services.cli import main
from services.readside import ReadSide
from services.settings import Settings
from tests.integration.test_projections import build_history, log_positions
from tests.support import builders as b


@dataclass
class Store:
    """Raw access to the stored events, bypassing the application (SQLite file or PostgreSQL schema)."""

    settings: Settings

    def __post_init__(self) -> None:
        if self.settings.uses_postgres:
            import psycopg

            self.conn: Any = psycopg.connect(self.settings.database_url, autocommit=True)
            schema = self.settings.database_schema
            self.table = self.conn.execute(
                "select table_name from information_schema.columns where table_schema = %s "
                "and column_name = 'notification_id'", (schema,)).fetchone()[0]
            self.table = f'"{schema}"."{self.table}"'
            self.id, self.mark = "notification_id", "%s"
        else:
            self.conn = sqlite3.connect(self.settings.data_dir / "events.sqlite", isolation_level=None)
            self.table, self.id, self.mark = "stored_events", "rowid", "?"

    def run(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        cursor = self.conn.execute(sql.replace("{t}", self.table).replace("{id}", self.id).replace("?", self.mark),
                                   params)
        return list(cursor.fetchall()) if cursor.description else []

    def row(self, position: int) -> tuple[Any, ...]:
        return self.run("select originator_id, originator_version, topic, state from {t} where {id} = ?",
                        position)[0]

    def set_state(self, position: int, state: bytes) -> None:
        self.run("update {t} set state = ? where {id} = ?", state, position)

    def delete(self, position: int) -> None:
        self.run("delete from {t} where {id} = ?", position)

    def insert_after(self, position: int, copy_of: int) -> None:
        """Make room after `position` (renumber the rest up by one) and put a copy of an event there."""
        self.run("update {t} set {id} = {id} + 1000000 where {id} > ?", position)
        self.run("update {t} set {id} = {id} - 999999 where {id} > 1000000")
        _, version, topic, state = self.row(copy_of)
        forged = uuid.uuid4() if self.settings.uses_postgres else uuid.uuid4().hex
        self.run("insert into {t} ({id}, originator_id, originator_version, topic, state) values (?, ?, ?, ?, ?)",
                 position + 1, forged, version, topic, state)

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def world(ledger: Ledger, settings: Settings) -> Iterator[tuple[ReadSide, Store]]:
    build_history(ledger)
    read = ReadSide(ledger)
    read.current()
    store = Store(settings)
    yield read, store
    store.close()
    read.close()


def changed_byte(state: bytes) -> bytes:
    """One digit of the stored JSON changed: still valid JSON, a different fact."""
    data = bytearray(state)
    i = next(i for i, c in enumerate(data) if chr(c).isdigit())
    data[i] = ord("0") + (data[i] - ord("0") + 1) % 10
    return bytes(data)


def test_an_untouched_log_verifies(world: tuple[ReadSide, Store]) -> None:
    read, _ = world
    positions = log_positions(read.app)
    verdict = read.verify()
    assert verdict.ok and verdict.broken_at is None
    assert (verdict.checked, verdict.head_position) == (len(positions), positions[-1])
    assert read.chain_head() == (verdict.head_position, verdict.head)
    # the chain grows with the log; the earlier head stays provable
    earlier = read.chain_head()
    read.app.register_account(SYSTEM, "kiemtravien", "Phạm Văn Dũng", Role.AUDITOR, AdminUnit.id_for("20"))
    later = read.verify(expect=earlier)
    assert later.ok and later.head_position == earlier[0] + 1 and later.head != earlier[1]


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_changed_state_byte_is_found_at_its_position(world: tuple[ReadSide, Store], where: str) -> None:
    read, store = world
    positions = log_positions(read.app)
    position = {"first": positions[0], "middle": positions[len(positions) // 2], "last": positions[-1]}[where]
    store.set_state(position, changed_byte(store.row(position)[3]))
    verdict = read.verify()
    assert not verdict.ok
    assert verdict.broken_at == position
    assert verdict.checked == positions.index(position)
    assert verdict.head_position == (positions[positions.index(position) - 1] if position != positions[0] else 0)
    assert "vị trí" in verdict.reason


def test_a_deleted_event_in_the_middle_is_found(world: tuple[ReadSide, Store]) -> None:
    read, store = world
    positions = log_positions(read.app)
    position = positions[len(positions) // 3]
    store.delete(position)
    verdict = read.verify()
    assert (verdict.ok, verdict.broken_at) == (False, position)
    assert "xóa" in verdict.reason


def test_a_deleted_last_event_is_found(world: tuple[ReadSide, Store]) -> None:
    read, store = world
    positions = log_positions(read.app)
    store.delete(positions[-1])
    verdict = read.verify()
    assert (verdict.ok, verdict.broken_at) == (False, positions[-1])
    assert "xóa" in verdict.reason
    assert verdict.checked == len(positions) - 1


def test_an_inserted_event_is_found_at_its_position(world: tuple[ReadSide, Store]) -> None:
    read, store = world
    positions = log_positions(read.app)
    position = positions[len(positions) // 2]
    store.insert_after(position, copy_of=position)
    verdict = read.verify()
    assert (verdict.ok, verdict.broken_at) == (False, position + 1)
    assert verdict.checked == positions.index(position) + 1


def test_two_events_swapped_are_found_at_the_first_of_them(world: tuple[ReadSide, Store]) -> None:
    read, store = world
    positions = log_positions(read.app)
    first, second = positions[10], positions[20]
    a, c = store.row(first)[3], store.row(second)[3]
    store.set_state(first, c)
    store.set_state(second, a)
    verdict = read.verify()
    assert (verdict.ok, verdict.broken_at) == (False, first)


def test_a_head_printed_on_a_report_is_checked(world: tuple[ReadSide, Store]) -> None:
    read, _ = world
    position, head = read.chain_head()
    assert read.verify(expect=(position, head)).ok
    middle = log_positions(read.app)[30]
    middle_head = read.store.scalar("select link from v_chain where position = ?", (middle,))
    assert read.verify(expect=(middle, middle_head)).ok
    wrong = read.verify(expect=(middle, "f" * 64))
    assert (wrong.ok, wrong.broken_at) == (False, middle)
    assert "khác mã in trên báo cáo" in wrong.reason


def test_a_printed_head_still_proves_an_edit_after_the_chain_was_rebuilt(world: tuple[ReadSide, Store]) -> None:
    """Whoever deletes events can also rebuild the views; the head printed on a report cannot be rebuilt."""
    read, store = world
    printed = read.chain_head()
    positions = log_positions(read.app)
    store.delete(positions[-1])
    store.delete(positions[-2])
    read.rebuild(["chain"])  # named: a default rebuild leaves the chain alone
    assert read.verify().ok  # the chain alone now agrees with the shortened log
    verdict = read.verify(expect=printed)
    assert (verdict.ok, verdict.broken_at) == (False, printed[0])
    assert "không còn tới vị trí" in verdict.reason


def last_event_of_an_aggregate(store: Store, positions: list[int], near: int) -> int:
    """A position in the middle of the log whose deletion still lets every aggregate be folded."""
    for position in positions[near:]:
        originator, version, _, _ = store.row(position)
        newer = store.run("select count(*) from {t} where originator_id = ? and originator_version > ?",
                          originator, version)[0][0]
        if newer == 0:
            return position
    raise AssertionError("no such event")


def test_a_printed_head_proves_a_deleted_event_in_the_middle_after_a_rebuild(world: tuple[ReadSide, Store]) -> None:
    read, store = world
    positions = log_positions(read.app)
    middle = last_event_of_an_aggregate(store, positions, len(positions) // 2)
    assert middle < positions[-1]
    printed = (middle, read.store.scalar("select link from v_chain where position = ?", (middle,)))
    later = positions[-1], read.chain_head()[1]
    store.delete(middle)
    read.rebuild(["chain"])
    assert read.verify().ok
    verdict = read.verify(expect=printed)
    assert (verdict.ok, verdict.broken_at) == (False, middle)
    assert "không còn trong nhật ký" in verdict.reason
    verdict = read.verify(expect=later)  # a head printed after the deleted event no longer matches
    assert (verdict.ok, verdict.broken_at) == (False, later[0])
    assert "khác mã in trên báo cáo" in verdict.reason


def test_verify_reports_tampering_even_when_the_tampered_log_cannot_be_projected(
        ledger: Ledger, settings: Settings) -> None:
    prov = b.province(ledger)
    pid = ledger.list_procedure(prov.officer, prov.department, prov.department, b.content())
    ledger.submit(prov.officer, pid)  # the last event is a procedure's: projecting it twice is impossible
    read = ReadSide(ledger)
    store = Store(settings)
    try:
        read.current()
        positions = log_positions(ledger)
        store.insert_after(positions[2], copy_of=positions[2])
        verdict = read.verify()
        assert (verdict.ok, verdict.broken_at) == (False, positions[2] + 1)
    finally:
        store.close()
        read.close()


# -- the command line ------------------------------------------------------------------------------------
def cli_env(settings: Settings) -> dict[str, str]:
    env = {"TTHC_DATA_DIR": str(settings.data_dir)}
    if settings.uses_postgres:
        env |= {"DATABASE_URL": settings.database_url, "TTHC_DATABASE_SCHEMA": settings.database_schema}
    return env


def test_the_verify_command_exits_1_after_tampering_and_0_before(world: tuple[ReadSide, Store],
                                                                  settings: Settings) -> None:
    read, store = world
    runner = CliRunner()
    ok = runner.invoke(main, ["verify"], env=cli_env(settings))
    assert ok.exit_code == 0, ok.output
    assert "Toàn vẹn" in ok.output
    position, head = read.chain_head()
    assert head in ok.output
    assert runner.invoke(main, ["verify", "--expect", f"{position}:{head}"], env=cli_env(settings)).exit_code == 0
    wrong = runner.invoke(main, ["verify", "--expect", f"{position}:{'0' * 64}"], env=cli_env(settings))
    assert wrong.exit_code == 1 and "PHÁT HIỆN SAI LỆCH" in wrong.output

    middle = log_positions(read.app)[25]
    store.set_state(middle, changed_byte(store.row(middle)[3]))
    broken = runner.invoke(main, ["verify"], env=cli_env(settings))
    assert broken.exit_code == 1
    assert f"PHÁT HIỆN SAI LỆCH tại vị trí {middle}" in broken.output


def test_a_default_rebuild_keeps_the_chain_so_an_edit_stays_visible(world: tuple[ReadSide, Store]) -> None:
    read, store = world
    position = log_positions(read.app)[2]
    store.set_state(position, changed_byte(store.row(position)[3]))
    read.rebuild()  # every view but the chain: the chain still holds the link of the original bytes
    verdict = read.verify()
    assert not verdict.ok and verdict.broken_at == position
