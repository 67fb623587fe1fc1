"""Views of the structure (units, levels, accounts, plans) and the integrity chain over the whole log."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from domain.accounts import Account
from domain.plans import Plan
from domain.units import AdminUnit, Hierarchy, value_on
from services.projections.folding import Item, iso
from services.projections.store import ViewStore
from services.projections.text import fold
from services.projections.views_procedures import View

GENESIS = "0" * 64


def unit_periods(unit: AdminUnit) -> list[tuple[Any, ...]]:
    """Split a unit's life at every change of name or parent: one row per stable period."""
    bounds = sorted({unit.established_on, *(d.since for d in unit.names), *(d.since for d in unit.parents)})
    bounds = [b for b in bounds if unit.ended_on is None or b < unit.ended_on]
    rows = []
    for seq, start in enumerate(bounds, 1):
        end = bounds[seq] if seq < len(bounds) else unit.ended_on
        name = value_on(unit.names, start)
        parent = value_on(unit.parents, start)
        rows.append((str(unit.id), seq, unit.code, name, fold(f"{unit.code} {name}"), unit.kind, unit.level,
                     str(parent) if parent else None, iso(start), iso(end),
                     str(unit.successor) if unit.successor and seq == len(bounds) else None))
    return rows


class StructureView(View):
    name = "structure"
    tables = ("v_units", "v_levels", "v_accounts", "v_plans")

    def __init__(self) -> None:
        self.units: dict[str, AdminUnit] = {}
        self.hierarchy: Hierarchy | None = None
        self.accounts: dict[str, tuple[Any, ...]] = {}
        self.plans: dict[str, tuple[Any, ...]] = {}

    def collect(self, item: Item) -> None:
        a = item.aggregate
        if isinstance(a, AdminUnit):
            self.units[str(a.id)] = a
        elif isinstance(a, Hierarchy):
            self.hierarchy = a
        elif isinstance(a, Account):
            self.accounts[str(a.id)] = (str(a.id), a.username, a.display_name, a.role.value, str(a.unit_scope),
                                        int(a.disabled))
        elif isinstance(a, Plan):
            milestones = [{"metric": m.metric.value, "threshold_pct": str(m.threshold_pct),
                           "deadline": iso(m.deadline), "levels": list(m.levels), "source": m.source}
                          for m in a.milestones]
            self.plans[str(a.id)] = (str(a.id), a.code, a.title, str(a.scope_unit), iso(a.issued_on),
                                     iso(a.baseline_date), json.dumps(milestones, ensure_ascii=False, sort_keys=True),
                                     iso(a.closed_on))

    def flush(self, store: ViewStore, cursor: Any) -> None:
        ids = sorted(self.units)
        store.executemany(cursor, "delete from v_units where unit_id = ?", [(i,) for i in ids])
        store.executemany(cursor, "insert into v_units (unit_id, seq, code, name, search_text, kind, level, parent, "
                                  "valid_from, valid_to, successor) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [row for i in ids for row in unit_periods(self.units[i])])
        if self.hierarchy is not None:
            store.execute(cursor, "delete from v_levels")
            store.executemany(cursor, "insert into v_levels (code, name, rank, valid_from, retired_on) "
                                      "values (?, ?, ?, ?, ?)",
                              [(lv.code, lv.name, lv.rank, iso(lv.valid_from), iso(lv.retired_on))
                               for lv in self.hierarchy.levels.values()])
        _upsert(store, cursor, "v_accounts", ("account_id", "username", "display_name", "role", "unit_scope",
                                              "disabled"), list(self.accounts.values()))
        _upsert(store, cursor, "v_plans", ("plan_id", "code", "title", "scope_unit", "issued_on", "baseline_date",
                                           "milestones", "closed_on"), list(self.plans.values()))
        self.discard()

    def discard(self) -> None:
        super().discard()
        self.hierarchy = None


def _upsert(store: ViewStore, cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    store.executemany(cursor, f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' for _ in columns)}) "
                              f"on conflict ({columns[0]}) do update set {updates}", rows)


def link(previous: str, notification: Any) -> str:
    """One link of the chain: the previous link and every stored column of the event."""
    digest = hashlib.sha256()
    digest.update(bytes.fromhex(previous))
    digest.update(f"{notification.id}|{notification.originator_id}|{notification.originator_version}|"
                  f"{notification.topic}|".encode())
    digest.update(bytes(notification.state))
    return digest.hexdigest()


class ChainView(View):
    name = "chain"
    tables = ("v_chain",)

    def __init__(self) -> None:
        self.head: str | None = None
        self.rows: list[tuple[int, str]] = []

    def collect(self, item: Item) -> None:
        assert self.head is not None, "the chain head is loaded before a batch"
        self.head = link(self.head, item.notification)
        self.rows.append((item.position, self.head))

    def load_head(self, store: ViewStore) -> None:
        self.head = store.scalar("select link from v_chain order by position desc limit 1") or GENESIS

    def flush(self, store: ViewStore, cursor: Any) -> None:
        store.executemany(cursor, "insert into v_chain (position, link) values (?, ?)", self.rows)
        self.rows.clear()
