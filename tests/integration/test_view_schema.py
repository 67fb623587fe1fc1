"""Upgrading the code must not break an existing views database: a view whose DDL changed is rebuilt."""

from __future__ import annotations

from services.application import Ledger
from services.readside import ReadSide
from tests.support.builders import content, province, published


def _rows(read: ReadSide, table: str, key: str) -> list[dict]:
    return read.store.query(f"select * from {table} order by {key}")


def test_a_view_built_by_an_older_schema_is_dropped_and_rebuilt_from_the_log(ledger: Ledger) -> None:
    where = province(ledger)
    pid = published(ledger, where)
    ledger.list_procedure(where.officer, where.department, where.department, content("LS-NV-02"))
    read = ReadSide(ledger)
    read.current()
    expected = _rows(read, "v_versions", "procedure_id, version")
    # The table as an older release made it: one column fewer, and a row that release would not write.
    read.store.drop_tables(["v_versions"])
    with read.store.transaction() as cursor:
        read.store.execute(cursor, "create table v_versions (procedure_id text, version integer, junk text)")
        read.store.execute(cursor, "insert into v_versions values (?, 1, 'stale')", (str(pid),))
        read.store.execute(cursor, "update v_schema set fingerprint = 'an older release' where view = 'versions'")
    read.close()

    upgraded = ReadSide(ledger)
    try:
        assert upgraded.projector.positions()["versions"] == 0
        upgraded.current()
        assert _rows(upgraded, "v_versions", "procedure_id, version") == expected
        assert upgraded.projector.positions()["registry"] == ledger.max_position()
    finally:
        upgraded.close()


def test_an_unchanged_schema_keeps_every_view_and_its_position(ledger: Ledger) -> None:
    where = province(ledger)
    published(ledger, where)
    read = ReadSide(ledger)
    read.current()
    before = read.projector.positions()
    read.close()
    again = ReadSide(ledger)
    try:
        assert again.projector.positions() == before
    finally:
        again.close()
