"""Queries over the views: registry search, the two as-of axes, units in force, audit trail."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.enums import Status
from services import audit
from services.projections.folding import iso
from services.projections.store import ViewStore
from services.projections.text import fold, like_pattern
from services.readmodels import AuditRow, Change, Page, RegistryRow, UnitRow, VersionRow

SORTS = {"code": "code", "name": "name", "status": "status, code", "field": "field, code",
         "recent": "position desc"}
CHUNK = 500


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _dec(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


class ReadQueries:
    def __init__(self, store: ViewStore, zone: ZoneInfo) -> None:
        self.store = store
        self.zone = zone

    # -- units -----------------------------------------------------------------------------------
    def units(self, on: date, level: str | None = None) -> list[UnitRow]:
        day = iso(on)
        sql = ("select u.*, p.code as parent_code from v_units u left join v_units p on p.unit_id = u.parent "
               "and p.valid_from <= ? and (p.valid_to is null or p.valid_to > ?) "
               "where u.valid_from <= ? and (u.valid_to is null or u.valid_to > ?)")
        params: list[Any] = [day, day, day, day]
        if level:
            sql += " and u.level = ?"
            params.append(level)
        return [_unit_row(r) for r in self.store.query(sql + " order by u.level, u.code", params)]

    def unit_by_code(self, code: str) -> UnitRow | None:
        rows = self.store.query("select u.*, '' as parent_code from v_units u where u.code = ? "
                                "order by u.seq desc limit 1", (code,))
        return _unit_row(rows[0]) if rows else None

    def subtree(self, unit: UUID, on: date) -> list[str]:
        """The unit and every unit under it, as the tree stood on `on`."""
        day = iso(on)
        rows = self.store.query(
            "with recursive tree(unit_id) as (select ? union "
            "select u.unit_id from v_units u join tree t on u.parent = t.unit_id "
            "where u.valid_from <= ? and (u.valid_to is null or u.valid_to > ?)) select unit_id from tree",
            (str(unit), day, day))
        return sorted(r["unit_id"] for r in rows)

    def unit_rows(self, unit: UUID, on: date | None) -> list[dict[str, Any]]:
        """The unit's row in force on `on` (or its latest row), with `id` as a UUID."""
        if on is None:
            rows = self.store.query("select * from v_units where unit_id = ? order by seq desc limit 1", (str(unit),))
        else:
            day = iso(on)
            rows = self.store.query("select * from v_units where unit_id = ? and valid_from <= ? "
                                    "and (valid_to is null or valid_to > ?)", (str(unit), day, day))
        return [{**r, "id": UUID(r["unit_id"])} for r in rows]

    # -- current registry ------------------------------------------------------------------------
    def search(self, unit: UUID | None = None, on: date | None = None, level: str | None = None,
               field: str | None = None, category: str | None = None, status: str | None = None,
               text: str | None = None, sort: str = "code", page: int = 1, per_page: int = 50) -> Page:
        where, params = ["1 = 1"], []
        if unit is not None:
            units = self.subtree(unit, on or datetime.now(self.zone).date())  # today in Vietnam, not the server's
            where.append(f"managing_unit in ({', '.join('?' for _ in units)})")
            params += units
        for column, value in (("field", field), ("category", category), ("status", status)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if level:
            where.append("(',' || levels || ',') like ?")
            params.append(f"%,{level},%")
        if text and fold(text):
            where.append("search_text like ? escape '\\'")
            params.append(like_pattern(text))
        clause = " and ".join(where)
        total = int(self.store.scalar(f"select count(*) from v_registry where {clause}", params) or 0)
        page, per_page = max(1, page), min(max(1, per_page), 500)
        order = SORTS.get(sort, "code")
        rows = self.store.query(f"select * from v_registry where {clause} order by {order}, procedure_id "
                                f"limit ? offset ?", [*params, per_page, (page - 1) * per_page])
        names = self._unit_names({r["managing_unit"] for r in rows})
        return Page(tuple(_registry_row(r, names) for r in rows), total, page, per_page)

    def by_code(self, code: str) -> list[RegistryRow]:
        rows = self.store.query("select * from v_registry where code = ? or national_code = ? order by code",
                                (code, code))
        names = self._unit_names({r["managing_unit"] for r in rows})
        return [_registry_row(r, names) for r in rows]

    def counts(self) -> list[dict[str, Any]]:
        """Procedures per implementing level and status (a procedure on two levels counts in both)."""
        result: dict[tuple[str, str], int] = {}
        for r in self.store.query("select levels, status, count(*) as n from v_registry group by levels, status"):
            for level in r["levels"].split(","):
                key = (level, r["status"])
                result[key] = result.get(key, 0) + int(r["n"])
        return [{"level": k[0], "status": k[1], "count": n} for k, n in sorted(result.items())]

    # -- the two as-of axes ----------------------------------------------------------------------
    def in_force(self, unit: UUID, on: date) -> list[VersionRow]:
        """The registry legally in force in `unit` (and below) on date `on` (effective-date axis)."""
        units, day = self.subtree(unit, on), iso(on)
        rows: list[dict[str, Any]] = []
        for chunk in _chunks(units):
            rows += self.store.query(
                f"select * from v_legal where managing_unit in ({', '.join('?' for _ in chunk)}) "
                "and valid_from <= ? and (valid_to is null or valid_to > ?)", [*chunk, day, day])
        rows.sort(key=lambda r: (r["code"], r["procedure_id"]))
        return [VersionRow(UUID(r["procedure_id"]), r["code"], r["name"], r["category"], r["field"],
                           tuple(r["levels"].split(",")), UUID(r["managing_unit"]), Status.PUBLISHED.value,
                           r["decision"], r["valid_from"], r["valid_to"], None, r["change_type"]) for r in rows]

    def as_recorded(self, unit: UUID, at: datetime) -> list[VersionRow]:
        """The registry as the ledger had recorded it at instant `at` (record-time axis)."""
        return [_version_row(r) for r in self.version_rows(unit, at.astimezone(self.zone).date(), at)]

    def version_rows(self, unit: UUID, tree_on: date, at: datetime) -> list[dict[str, Any]]:
        """Procedures as recorded at `at`, counted in `unit`'s tree as it stood on `tree_on`.

        Each row's `unit` is where the procedure belonged on the day of `at` (a transfer counts from its
        effective date, not from when it was recorded), carried forward through mergers and dissolutions
        to the successor in force on `tree_on`: procedures follow their unit's successor.
        """
        tree = set(self.subtree(unit, tree_on))
        successor = self.successors()
        candidates = tree | _predecessors(tree, successor)
        instant, day = iso(at), iso(at.astimezone(self.zone).date())
        found: dict[tuple[str, int], dict[str, Any]] = {}
        for column in ("managing_unit", "previous_unit"):
            for chunk in _chunks(sorted(candidates)):
                for r in self.store.query(
                        f"select * from v_versions where {column} in ({', '.join('?' for _ in chunk)}) "
                        "and recorded_from <= ? and (recorded_to is null or recorded_to > ?)",
                        [*chunk, instant, instant]):
                    found[(r["procedure_id"], r["version"])] = r
        rows = []
        for r in found.values():
            pending = r["unit_since"] is not None and r["unit_since"] > day
            home = _follow(r["previous_unit"] if pending else r["managing_unit"], tree, successor)
            if home in tree:
                rows.append({**r, "unit": home})
        rows.sort(key=lambda r: (r["code"], r["procedure_id"]))
        return rows

    def successors(self) -> dict[str, str]:
        """Ended units and the unit that took over from them (merger, or dissolution with a successor)."""
        rows = self.store.query("select unit_id, successor from v_units where successor is not null")
        return {r["unit_id"]: r["successor"] for r in rows}

    def end_of_day(self, on: date) -> datetime:
        return datetime.combine(on, time.max, tzinfo=self.zone)

    def published_by(self, decision: str, unit: UUID, on: date) -> list[dict[str, Any]]:
        """What one decision published or abolished in `unit` and below: the rows of its annex."""
        units = set(self.subtree(unit, on))
        rows = [r for r in self.store.query("select procedure_id, code, name, field, levels, managing_unit, "
                                            "change_type from v_legal where decision = ? order by code", (decision,))
                if r["managing_unit"] in units]
        rows += [{**r, "change_type": "ABOLISHED"} for r in self.store.query(
            "select procedure_id, code, name, field, levels, managing_unit from v_registry "
            "where last_decision = ? and status = 'ABOLISHED' order by code", (decision,))
            if r["managing_unit"] in units]
        return [{**r, "procedure_id": UUID(r["procedure_id"])} for r in rows]

    def last_position_recorded_by(self, at: datetime) -> int:
        return int(self.store.scalar("select max(position) from v_audit where recorded_at <= ?", (iso(at),)) or 0)

    def chain_at(self, limit: int) -> tuple[int, str, datetime | None]:
        """The chain link at the last position ≤ `limit`, and that event's record time."""
        rows = self.store.query("select c.position, c.link, a.recorded_at from v_chain c left join v_audit a "
                                "on a.position = c.position where c.position <= ? order by c.position desc limit 1",
                                (limit,))
        if not rows:
            return 0, "0" * 64, None
        r = rows[0]
        return int(r["position"]), r["link"], datetime.fromisoformat(r["recorded_at"]) if r["recorded_at"] else None

    def pending_reports(self) -> list[dict[str, Any]]:
        return self.store.query("select request_id, batch from v_reports where status in ('REQUESTED', 'RETRYING') "
                                "order by requested_at")

    def report(self, request_id: UUID) -> dict[str, Any] | None:
        rows = self.store.query("select * from v_reports where request_id = ?", (str(request_id),))
        return rows[0] if rows else None

    def batch_requests(self, batch: UUID) -> list[dict[str, Any]]:
        return self.store.query("select request_id, kind, status, storage_key from v_reports where batch = ? "
                                "order by kind, request_id", (str(batch),))

    def levels(self) -> dict[str, dict[str, Any]]:
        return {r["code"]: r for r in self.store.query("select code, name, rank, valid_from, retired_on from v_levels")}

    def chain_head(self) -> tuple[int, str]:
        position, link, _ = self.chain_at(2**62)
        return position, link

    def batch_progress(self, batch: UUID) -> dict[str, int]:
        rows = self.store.query("select status, count(*) as n from v_reports where batch = ? group by status",
                                (str(batch),))
        return {r["status"]: int(r["n"]) for r in rows}

    # -- audit trail -----------------------------------------------------------------------------
    def history(self, aggregate_id: UUID) -> list[AuditRow]:
        rows = self.store.query("select * from v_audit where aggregate_id = ? order by version", (str(aggregate_id),))
        return self._audit_rows(rows)

    def activity(self, start: datetime, end: datetime, actor: UUID | None = None,
                 unit: UUID | None = None) -> list[AuditRow]:
        where, params = ["recorded_at >= ?", "recorded_at < ?"], [iso(start), iso(end)]
        if actor is not None:
            where.append("actor = ?")
            params.append(str(actor))
        if unit is not None:
            where.append("acting_unit = ?")
            params.append(str(unit))
        rows = self.store.query(f"select * from v_audit where {' and '.join(where)} order by position", params)
        return self._audit_rows(rows)

    def diff(self, procedure_id: UUID, from_version: int, to_version: int) -> list[Change]:
        """Field-level changes between two versions: the first old value and the last new one per field."""
        low, high = sorted((from_version, to_version))
        rows = self.store.query("select changes from v_audit where aggregate_id = ? and version > ? and version <= ? "
                                "order by version", (str(procedure_id), low, high))
        merged: dict[str, list[str]] = {}
        for r in rows:
            for field, old, new in json.loads(r["changes"]):
                merged.setdefault(field, [old, new])[1] = new
        return [Change(f, old, new) for f, (old, new) in merged.items() if old != new]

    def _names(self, sql: str, ids: set[str]) -> dict[str, str]:
        """Names of only the units or accounts a page shows (a national ledger has thousands)."""
        return _names_of(self.store, sql, ids)

    def _unit_names(self, ids: set[str]) -> dict[str, str]:
        return _names_of(self.store, "select unit_id as id, name from v_units where unit_id in ({}) order by seq", ids)

    def _audit_rows(self, rows: list[dict[str, Any]]) -> list[AuditRow]:
        # The acting unit under its latest name, as the single-aggregate history shows it.
        units = self._unit_names({r["acting_unit"] for r in rows})
        accounts = self._names("select account_id as id, display_name as name from v_accounts where account_id in ({})",
                               {r["actor"] for r in rows})
        return [AuditRow(
            position=int(r["position"]), aggregate_id=UUID(r["aggregate_id"]), aggregate_type=r["aggregate_type"],
            version=int(r["version"]), event=r["event"], label=audit.EVENT_LABELS.get(r["event"], r["event"]),
            actor=UUID(r["actor"]), actor_name=accounts.get(r["actor"], "Hệ thống"), acting_unit=UUID(r["acting_unit"]),
            acting_unit_name=units.get(r["acting_unit"], "Hệ thống"),
            recorded_at=datetime.fromisoformat(r["recorded_at"]), effective_date=_date(r["effective_date"]),
            summary=r["summary"], changes=tuple(Change(*c) for c in json.loads(r["changes"])),
        ) for r in rows]


def _names_of(store: ViewStore, sql: str, ids: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for chunk in _chunks(sorted(ids)) if ids else []:
        for r in store.query(sql.format(", ".join("?" for _ in chunk)), chunk):
            names[r["id"]] = r["name"]  # ordered by seq: the latest name wins
    return names


def _predecessors(tree: set[str], successor: dict[str, str]) -> set[str]:
    """Every unit whose chain of successors leads into `tree`."""
    result: set[str] = set()
    for unit in successor:
        if _follow(unit, tree, successor) in tree and unit not in tree:
            result.add(unit)
    return result


def _follow(unit: str, tree: set[str], successor: dict[str, str]) -> str:
    seen: set[str] = set()
    while unit not in tree and unit in successor and unit not in seen:
        seen.add(unit)
        unit = successor[unit]
    return unit


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)] or [[]]


def _unit_row(r: dict[str, Any]) -> UnitRow:
    return UnitRow(UUID(r["unit_id"]), r["code"], r["name"], r["kind"], r["level"],
                   UUID(r["parent"]) if r["parent"] else None, r.get("parent_code") or "",
                   date.fromisoformat(r["valid_from"]), _date(r["valid_to"]))


def _registry_row(r: dict[str, Any], names: dict[str, str]) -> RegistryRow:
    return RegistryRow(
        procedure_id=UUID(r["procedure_id"]), code=r["code"], national_code=r["national_code"], name=r["name"],
        category=r["category"], field=r["field"], levels=tuple(r["levels"].split(",")),
        managing_unit=UUID(r["managing_unit"]), managing_unit_name=names.get(r["managing_unit"], ""),
        status=r["status"], status_label=Status(r["status"]).label, last_decision=r["last_decision"],
        in_force_from=_date(r["in_force_from"]), recommendation=r["recommendation"], proposal_kind=r["proposal_kind"],
        cost_before=_dec(r["cost_before"]), cost_after=_dec(r["cost_after"]), reduction_pct=_dec(r["reduction_pct"]),
        version=int(r["version"]),
    )


def _version_row(r: dict[str, Any]) -> VersionRow:
    return VersionRow(UUID(r["procedure_id"]), r["code"], r["name"], r["category"], r["field"],
                      tuple(r["levels"].split(",")), UUID(r["unit"]), r["status"], r["last_decision"],
                      r["recorded_from"], r["recorded_to"], int(r["version"]))
