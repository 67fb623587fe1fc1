"""Administrator commands: levels and units (effective-dated), plans, cost parameters, accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.accounts import Account
from domain.enums import Role
from domain.errors import DomainError, UnitNotInForce
from domain.plans import CostParameters, Milestone, Plan
from domain.units import AdminUnit, Hierarchy, Level
from domain.values import Actor, DecisionRef
from services.base import LedgerBase


class AdminCommands(LedgerBase):
    # -- levels ----------------------------------------------------------------------------------
    def define_level(self, by: Actor, code: str, name: str, rank: int, valid_from: date) -> str:
        hierarchy = self._hierarchy(by)
        hierarchy.define_level(code, name, rank, valid_from, by)
        self._save(hierarchy)
        return code

    def retire_level(self, by: Actor, code: str, effective_date: date, decision: DecisionRef) -> str:
        hierarchy = self._hierarchy(by)
        hierarchy.retire_level(code, effective_date, decision, by)
        self._save(hierarchy)
        return code

    def levels(self) -> dict[str, Level]:
        if not self._exists(Hierarchy.ID):
            return {}
        return dict(self._get(Hierarchy, Hierarchy.ID).levels)

    def _hierarchy(self, by: Actor) -> Hierarchy:
        if self._exists(Hierarchy.ID):
            return self._get(Hierarchy, Hierarchy.ID)
        return Hierarchy(id=Hierarchy.ID, actor=by.account, acting_unit=by.unit)

    def _require_levels(self, codes: tuple[str, ...], on: date) -> None:
        levels = self.levels()
        for code in codes:
            if code not in levels:
                raise DomainError(f"Chưa khai báo cấp hành chính «{code}».")
            if not levels[code].in_force_on(on):
                raise DomainError(f"Cấp «{levels[code].name}» không còn tồn tại vào ngày {on:%d/%m/%Y}.")

    # -- units -----------------------------------------------------------------------------------
    def establish_unit(self, by: Actor, code: str, name: str, kind: str, level: str, parent: UUID | None,
                       effective_date: date, decision: DecisionRef | None = None) -> UUID:
        self._require_levels((level,), effective_date)
        if parent is not None:
            self._check_parent(None, level, parent, effective_date)
        unit = AdminUnit.establish(code, name, kind, level, parent, effective_date, decision, by)
        self._save(unit)
        return unit.id

    def rename_unit(self, by: Actor, unit_id: UUID, name: str, effective_date: date, decision: DecisionRef) -> UUID:
        unit = self._get(AdminUnit, unit_id)
        unit.rename(name, effective_date, decision, by)
        self._save(unit)
        return unit_id

    def reparent_unit(self, by: Actor, unit_id: UUID, parent: UUID, effective_date: date,
                      decision: DecisionRef) -> UUID:
        unit = self._get(AdminUnit, unit_id)
        self._check_parent(unit_id, unit.level, parent, effective_date)
        unit.reparent(parent, effective_date, decision, by)
        self._save(unit)
        return unit_id

    def merge_unit(self, by: Actor, unit_id: UUID, successor: UUID, effective_date: date,
                   decision: DecisionRef) -> UUID:
        unit = self._get(AdminUnit, unit_id)
        self._get(AdminUnit, successor).require_in_force(effective_date)
        unit.merge_into(successor, effective_date, decision, by)
        self._save(unit)
        return unit_id

    def dissolve_unit(self, by: Actor, unit_id: UUID, effective_date: date, decision: DecisionRef,
                      successor: UUID | None = None) -> UUID:
        unit = self._get(AdminUnit, unit_id)
        if successor is not None:
            self._get(AdminUnit, successor).require_in_force(effective_date)
        unit.dissolve(effective_date, decision, successor, by)
        self._save(unit)
        return unit_id

    def _check_parent(self, unit_id: UUID | None, level: str, parent_id: UUID, on: date) -> None:
        parent = self._get(AdminUnit, parent_id)
        if not parent.in_force_on(on):
            raise UnitNotInForce(f"Đơn vị cấp trên «{parent.name_on(on)}» không tồn tại vào ngày {on:%d/%m/%Y}.")
        levels = self.levels()
        if levels[parent.level].rank > levels[level].rank:
            raise DomainError(f"Đơn vị cấp «{levels[parent.level].name}» không thể là cấp trên của đơn vị cấp "
                              f"«{levels[level].name}».")
        ancestor: UUID | None = parent_id
        while ancestor is not None:
            if ancestor == unit_id:
                raise DomainError("Không thể chuyển một đơn vị vào dưới chính đơn vị cấp dưới của nó.")
            ancestor = self._get(AdminUnit, ancestor).parent_on(on)

    def ancestors(self, unit_id: UUID, on: date) -> list[UUID]:
        """The unit and its parents up to the root, as the tree stood on `on`."""
        chain: list[UUID] = []
        current: UUID | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self._get(AdminUnit, current).parent_on(on)
        return chain

    # -- plans and parameters --------------------------------------------------------------------
    def adopt_plan(self, by: Actor, code: str, title: str, scope_unit: UUID, issued_on: date, baseline_date: date,
                   milestones: tuple[Milestone, ...]) -> UUID:
        self._get(AdminUnit, scope_unit).require_in_force(issued_on)
        self._require_levels(tuple({lv for m in milestones for lv in m.levels}), issued_on)
        plan = Plan.adopt(code, title, scope_unit, issued_on, baseline_date, milestones, by)
        self._save(plan)
        return plan.id

    def amend_milestone(self, by: Actor, plan_id: UUID, index: int, milestone: Milestone, reason: str) -> UUID:
        plan = self._get(Plan, plan_id)
        plan.amend_milestone(index, milestone, reason, by)
        self._save(plan)
        return plan_id

    def close_plan(self, by: Actor, plan_id: UUID, on: date) -> UUID:
        plan = self._get(Plan, plan_id)
        plan.close(on, by)
        self._save(plan)
        return plan_id

    def set_hourly_income(self, by: Actor, year: int, vnd_per_hour: Decimal, source: str,
                          scope_unit: UUID | None = None) -> UUID:
        params_id = CostParameters.id_for(scope_unit)
        if self._exists(params_id):
            params = self._get(CostParameters, params_id)
        else:
            params = CostParameters(id=params_id, scope_unit=scope_unit, actor=by.account, acting_unit=by.unit)
        params.set_hourly_income(year, vnd_per_hour, source, by)
        self._save(params)
        return params_id

    def hourly_income(self, year: int, unit: UUID) -> tuple[Decimal, str] | None:
        """The unit's own province figure if one is set for that year, else the national figure."""
        scopes: list[UUID | None] = [*self.ancestors(unit, self.today()), None] if self._exists(unit) else [None]
        for scope in scopes:
            params_id = CostParameters.id_for(scope)
            if self._exists(params_id):
                params = self._get(CostParameters, params_id)
                if year in params.hourly_income:
                    return params.hourly_income[year], params.sources[year]
        return None

    # -- accounts --------------------------------------------------------------------------------
    def register_account(self, by: Actor, username: str, display_name: str, role: Role, unit_scope: UUID) -> UUID:
        self._get(AdminUnit, unit_scope)
        account = Account.register(username, display_name, role, unit_scope, by)
        self._save(account)
        return account.id

    def change_role(self, by: Actor, account_id: UUID, role: Role) -> UUID:
        account = self._get(Account, account_id)
        account.change_role(role, by)
        self._save(account)
        return account_id

    def change_scope(self, by: Actor, account_id: UUID, unit_scope: UUID) -> UUID:
        self._get(AdminUnit, unit_scope)
        account = self._get(Account, account_id)
        account.change_scope(unit_scope, by)
        self._save(account)
        return account_id

    def disable_account(self, by: Actor, account_id: UUID, reason: str) -> UUID:
        account = self._get(Account, account_id)
        account.disable(reason, by)
        self._save(account)
        return account_id
