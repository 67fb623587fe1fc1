"""Queries that read one aggregate's own events. Lists and searches belong to the projections."""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from domain.accounts import Account
from domain.procedure import Procedure
from domain.units import AdminUnit
from domain.values import DecisionRef
from services import audit
from services.base import SYSTEM, LedgerBase
from services.readmodels import Change, HistoryEntry, ProcedureView, UnitView


class ProcedureQueries(LedgerBase):
    def get_procedure(self, procedure_id: UUID) -> ProcedureView:
        return self._view(self._get(Procedure, procedure_id))

    def procedure_history(self, procedure_id: UUID) -> list[HistoryEntry]:
        self._get(Procedure, procedure_id)
        entries: list[HistoryEntry] = []
        state: Procedure | None = None
        before: dict[str, Any] = {}
        for event in self.events.get(procedure_id):
            state = event.mutate(copy.deepcopy(state))
            assert state is not None
            after = audit.raw_state(state)
            name = audit.event_name(type(event).TOPIC)
            entries.append(HistoryEntry(
                version=event.originator_version,
                event=name,
                label=audit.EVENT_LABELS.get(name, name),
                recorded_at=event.timestamp,
                actor=event.actor,
                actor_name=self.account_name(event.actor),
                acting_unit=event.acting_unit,
                acting_unit_name=self.unit_name(event.acting_unit),
                effective_date=getattr(event, "effective_date", None),
                summary=audit.summarise(event, self.unit_name),
                changes=tuple(Change(*c) for c in audit.raw_diff(before, after, self.unit_name)),
            ))
            before = after
        return entries

    def procedure_as_recorded(self, procedure_id: UUID, at: datetime) -> ProcedureView | None:
        """The procedure as the ledger recorded it at instant `at` (None if not yet listed).
        A naive `at` is read as Vietnam time."""
        self._get(Procedure, procedure_id)
        if at.tzinfo is None:
            at = at.replace(tzinfo=self._zone)
        state: Procedure | None = None
        for event in self.events.get(procedure_id):
            if event.timestamp > at:
                break
            state = event.mutate(state)
        return self._view(state) if state is not None else None

    def decision_of(self, procedure_id: UUID, number: str) -> DecisionRef | None:
        """The decision with this number among the procedure's publications and abolition."""
        for event in self.events.get(procedure_id):
            decision = getattr(event, "decision", None)
            if isinstance(decision, DecisionRef) and decision.number == number:
                return decision
        return None

    def end_of_day(self, on: date) -> datetime:
        return datetime.combine(on, time.max, tzinfo=self._zone)

    def _view(self, p: Procedure) -> ProcedureView:
        before, after, reduction = audit.costs(p)
        review = p.latest_review
        return ProcedureView(
            id=p.id, version=p.version, code=p.content.local_code, national_code=p.content.national_code,
            name=p.content.name, status=p.status.value, status_label=p.status.label,
            category=p.content.category.value, field=p.content.field, levels=p.content.levels,
            managing_unit=p.managing_unit, managing_unit_name=self.unit_name(p.managing_unit),
            listing_unit=p.listing_unit, handling_agency=p.content.handling_agency,
            last_decision=p.last_decision.number if p.last_decision else "",
            in_force_from=p.in_force_from, publication_no=p.publication_no,
            recommendation=review.form.recommendation.value if review else "",
            cost_before_year=before, cost_after_year=after, reduction_pct=reduction,
            recorded_at=p.modified_on, details=audit.describe(p, self.unit_name),
        )

    # -- names -----------------------------------------------------------------------------------
    def unit_name(self, unit_id: UUID) -> str:
        if unit_id == SYSTEM.unit:
            return SYSTEM.name
        if not self._exists(unit_id):
            return str(unit_id)
        return self._get(AdminUnit, unit_id).name

    def account_name(self, account_id: UUID) -> str:
        if account_id == SYSTEM.account:
            return SYSTEM.name
        if not self._exists(account_id):
            return str(account_id)
        return self._get(Account, account_id).display_name

    def unit(self, unit_id: UUID) -> UnitView:
        u = self._get(AdminUnit, unit_id)
        parent = u.parent_on(self.today()) if u.in_force_on(self.today()) else u.parents[-1].value
        return UnitView(id=u.id, code=u.code, name=u.name, kind=u.kind, level=u.level, parent=parent,
                        parent_code=self._get(AdminUnit, parent).code if parent else "",
                        established_on=u.established_on, ended_on=u.ended_on, successor=u.successor)
