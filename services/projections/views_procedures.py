"""Views of procedures: the current registry, versions on both time axes, and the audit trail."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from domain.cost import Saving
from domain.procedure import Procedure
from services import audit
from services.projections.folding import Item, iso
from services.projections.store import ViewStore
from services.projections.text import fold


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _reduction(p: Procedure) -> str | None:
    if p.cost_before_year is None or p.cost_after_year is None:
        return None
    pct = Saving(p.cost_before_year, p.cost_after_year).reduction_pct
    return None if pct is None else str(pct.quantize(Decimal("0.01")))


class View:
    name = ""
    tables: tuple[str, ...] = ()

    def collect(self, item: Item) -> None:
        raise NotImplementedError

    def flush(self, store: ViewStore, cursor: Any) -> None:
        raise NotImplementedError

    def discard(self) -> None:
        """Forget what was collected for a batch that was not committed (its buffers: lists, dicts, sets)."""
        for value in vars(self).values():
            if isinstance(value, (list, dict, set)):
                value.clear()


class RegistryView(View):
    name = "registry"
    tables = ("v_registry",)
    COLUMNS = ("procedure_id", "code", "national_code", "name", "search_text", "category", "field", "levels",
               "managing_unit", "listing_unit", "handling_agency", "status", "last_decision", "in_force_from",
               "publication_no", "recommendation", "proposal_kind", "cost_before", "cost_after", "reduction_pct",
               "version", "recorded_at", "position")

    def __init__(self) -> None:
        self.latest: dict[str, Item] = {}
        self._folded: dict[tuple[str, str, str], str] = {}

    def collect(self, item: Item) -> None:
        if item.aggregate_type == "Procedure":  # only a procedure's last state in the batch becomes its row
            self.latest[str(item.aggregate.id)] = item

    def _row(self, item: Item) -> tuple[Any, ...]:
        p: Procedure = item.aggregate
        c = p.content
        key = (c.local_code, c.national_code, c.name)
        if key not in self._folded:
            if len(self._folded) > 100_000:
                self._folded.clear()
            self._folded[key] = fold(" ".join(key))
        return (
            str(p.id), c.local_code, c.national_code, c.name, self._folded[key],
            c.category.value, c.field, ",".join(c.levels), str(p.managing_unit), str(p.listing_unit),
            c.handling_agency, p.status.value, p.last_decision.number if p.last_decision else "",
            iso(p.in_force_from), p.publication_no, item.progress["recommendation"], item.progress["proposal_kind"],
            _money(p.cost_before_year), _money(p.cost_after_year), _reduction(p), p.version,
            iso(item.event.timestamp), item.position,
        )

    def flush(self, store: ViewStore, cursor: Any) -> None:
        cols = ", ".join(self.COLUMNS)
        marks = ", ".join("?" for _ in self.COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in self.COLUMNS[1:])
        store.executemany(cursor, f"insert into v_registry ({cols}) values ({marks}) "
                                  f"on conflict (procedure_id) do update set {updates}",
                          [self._row(item) for item in self.latest.values()])
        self.latest.clear()


class VersionsView(View):
    """Record-time axis: each event opens a version row and closes the previous one."""

    name = "versions"
    tables = ("v_versions",)
    COLUMNS = ("procedure_id", "version", "position", "recorded_from", "code", "name", "category", "field",
               "levels", "managing_unit", "status", "last_decision", "listed_on", "verified_on", "published_on",
               "publicised_on", "reviewed_on", "recommendation", "proposal_kind", "proposed_on", "approved_on",
               "simplified_on", "abolished_on", "withdrawn_on", "cost_before", "cost_after", "previous_unit",
               "unit_since")

    def __init__(self) -> None:
        self.inserts: list[tuple[Any, ...]] = []
        self.closes: list[tuple[Any, ...]] = []

    def collect(self, item: Item) -> None:
        if item.aggregate_type != "Procedure":
            return
        p: Procedure = item.aggregate
        c, s = p.content, item.progress
        recorded = iso(item.event.timestamp)
        self.inserts.append((
            str(p.id), p.version, item.position, recorded, c.local_code, c.name, c.category.value, c.field,
            ",".join(c.levels), str(p.managing_unit), p.status.value,
            p.last_decision.number if p.last_decision else "", s["listed_on"], s["verified_on"], s["published_on"],
            s["publicised_on"], s["reviewed_on"], s["recommendation"], s["proposal_kind"], s["proposed_on"],
            s["approved_on"], s["simplified_on"], s["abolished_on"], s["withdrawn_on"],
            _money(p.cost_before_year), _money(p.cost_after_year), s["previous_unit"], s["unit_since"],
        ))
        if p.version > 1:
            self.closes.append((item.position, recorded, str(p.id), p.version - 1))

    def flush(self, store: ViewStore, cursor: Any) -> None:
        cols = ", ".join(self.COLUMNS)
        store.executemany(cursor, f"insert into v_versions ({cols}) values ({', '.join('?' for _ in self.COLUMNS)})",
                          self.inserts)
        store.executemany(cursor, "update v_versions set position_to = ?, recorded_to = ? "
                                  "where procedure_id = ? and version = ?", self.closes)
        self.inserts.clear()
        self.closes.clear()


class LegalView(View):
    """Effective-date axis: published content in force from its effective date until replaced or abolished.

    Facts may be recorded out of effective-date order, so each touched procedure is recomputed whole.
    """

    name = "legal"
    tables = ("v_legal", "v_legal_facts")

    def __init__(self) -> None:
        self.facts: list[tuple[str, int, str]] = []
        self.touched: set[str] = set()

    def collect(self, item: Item) -> None:
        if item.aggregate_type != "Procedure" or item.event_name not in ("Published", "Abolished", "Transferred"):
            return
        p: Procedure = item.aggregate
        e = item.event
        fact: dict[str, Any] = {"kind": item.event_name, "on": iso(e.effective_date)}
        if item.event_name == "Published":
            c = p.content
            fact.update(code=c.local_code, name=c.name, category=c.category.value, field=c.field,
                        levels=",".join(c.levels), unit=str(p.managing_unit), change_type=e.change_type.value,
                        decision=e.decision.number, publication_no=p.publication_no)
        elif item.event_name == "Transferred":
            fact.update(unit=str(e.to_unit), **{"from": str(e.from_unit)})
        self.facts.append((str(p.id), item.position, json.dumps(fact, sort_keys=True, ensure_ascii=False)))
        self.touched.add(str(p.id))

    def flush(self, store: ViewStore, cursor: Any) -> None:
        store.executemany(cursor, "insert into v_legal_facts (procedure_id, position, payload) values (?, ?, ?)",
                          self.facts)
        facts: dict[str, list[tuple[int, dict[str, Any]]]] = {pid: [] for pid in self.touched}
        ordered = sorted(self.touched)
        for start in range(0, len(ordered), 500):  # one round trip per 500 procedures, not one each
            chunk = ordered[start:start + 500]
            store.execute(cursor, f"select procedure_id, position, payload from v_legal_facts where procedure_id "
                                  f"in ({', '.join('?' for _ in chunk)})", chunk)
            for pid, position, payload in cursor.fetchall():
                facts[pid].append((position, json.loads(payload)))
        rows = [(pid, *r) for pid in ordered for r in legal_versions(facts[pid])]
        touched = [(pid,) for pid in ordered]
        store.executemany(cursor, "delete from v_legal where procedure_id = ?", touched)
        store.executemany(cursor, "insert into v_legal (procedure_id, seq, valid_from, valid_to, code, name, category, "
                                  "field, levels, managing_unit, change_type, decision, publication_no) "
                                  "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.facts.clear()
        self.touched.clear()


def legal_versions(facts: list[tuple[int, dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """Periods of legal force from publish / transfer / abolish facts, ordered by effective date.

    The managing unit on a date follows the transfers effective by then, whenever they were recorded (a
    transfer recorded before a publication but effective after it moves the procedure only from its own
    date). Nothing comes into force after an abolition's effective date.
    """
    transfers = [fact for _, fact in sorted(facts, key=lambda f: f[0]) if fact["kind"] == "Transferred"]
    unit = transfers[0].get("from") if transfers else None  # the unit before any transfer took effect
    periods: list[dict[str, Any]] = []
    content: dict[str, Any] | None = None
    current: dict[str, Any] | None = None
    for _, fact in sorted(facts, key=lambda f: (f[1]["on"], f[0])):
        if current is not None:
            current["valid_to"] = fact["on"]
            periods.append(current)
            current = None
        if fact["kind"] == "Abolished":
            break
        if fact["kind"] == "Published":
            content = {k: fact[k] for k in ("code", "name", "category", "field", "levels", "change_type",
                                            "decision", "publication_no")}
            unit = unit or fact["unit"]
        else:
            unit = fact["unit"]
        if content is not None:
            current = {**content, "unit": unit, "valid_from": fact["on"], "valid_to": None}
    if current is not None:
        periods.append(current)
    kept = [p for p in periods if p["valid_to"] is None or p["valid_to"] > p["valid_from"]]
    return [(seq, p["valid_from"], p["valid_to"], p["code"], p["name"], p["category"], p["field"], p["levels"],
             p["unit"], p["change_type"], p["decision"], p["publication_no"]) for seq, p in enumerate(kept, 1)]


class AuditView(View):
    name = "audit"
    tables = ("v_audit",)

    def __init__(self, unit_name: Any) -> None:
        self.unit_name = unit_name
        self.rows: list[tuple[Any, ...]] = []

    def collect(self, item: Item) -> None:
        e = item.event
        if item.aggregate_type == "Procedure":
            summary = audit.summarise(e, self.unit_name)
            changes = [list(c) for c in audit.raw_diff(item.before, item.after, self.unit_name)]
        else:
            summary, changes = _generic_summary(e), []
        effective = getattr(e, "effective_date", None)
        self.rows.append((
            item.position, str(e.originator_id), item.aggregate_type, e.originator_version, item.event_name,
            str(e.actor), str(e.acting_unit), iso(e.timestamp), iso(effective) if isinstance(effective, date) else None,
            summary, json.dumps(changes, ensure_ascii=False),
        ))

    def flush(self, store: ViewStore, cursor: Any) -> None:
        store.executemany(cursor, "insert into v_audit (position, aggregate_id, aggregate_type, version, event, actor, "
                                  "acting_unit, recorded_at, effective_date, summary, changes) "
                                  "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.rows)
        self.rows.clear()


_STANDARD = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "acting_unit"}


def _generic_summary(event: Any) -> str:
    parts = []
    for key, value in vars(event).items():
        if key not in _STANDARD and value not in (None, "", ()):
            parts.append(f"{key}: {audit.text(value)}")
    return "; ".join(parts)
