"""Commands on procedures: load, let the aggregate decide, save atomically. Each returns the procedure id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from domain.codes import ProcedureCode
from domain.cost import CostWorksheet
from domain.enums import Category, ChangeType, PublicityChannel, TransferCause, WithdrawalReason
from domain.errors import DuplicateCode, InvalidValue
from domain.procedure import Procedure
from domain.review import Proposal, ReviewForm, ReviewRound
from domain.units import AdminUnit
from domain.values import Actor, DecisionRef, ProcedureContent
from services.admin import AdminCommands


class ProcedureCommands(AdminCommands):
    def list_procedure(self, by: Actor, managing_unit: UUID, listing_unit: UUID, content: ProcedureContent,
                       procedure_id: UUID | None = None) -> UUID:
        today = self.today()
        for unit in {managing_unit, listing_unit}:
            self._unit_in_force(unit, today)
        self._require_levels(content.levels, today)
        procedure_id = procedure_id or uuid4()

        def listed() -> Procedure:
            return Procedure.list(procedure_id, managing_unit, listing_unit, content, by)

        try:  # the common case: a code never used in this unit, reserved in the same transaction
            self._save(listed(), ProcedureCode.reserve(managing_unit, content.local_code, procedure_id, by))
        except DuplicateCode:  # taken, or released by a withdrawn listing and free to reclaim
            self._save(listed(), self._claim_code(managing_unit, content.local_code, procedure_id, by))
        return procedure_id

    def amend_draft(self, by: Actor, procedure_id: UUID, content: ProcedureContent,
                    expected_version: int | None = None) -> UUID:
        procedure = self._get(Procedure, procedure_id, expected_version)
        old_code = procedure.content.local_code
        changes = procedure.amend_draft(content, by)  # the status rule first, then the levels it names
        self._require_levels(content.levels, self.today())
        codes: list[ProcedureCode | None] = []
        if "local_code" in changes:
            codes.append(self._claim_code(procedure.managing_unit, content.local_code, procedure_id, by))
            codes.append(self._release_code(procedure.managing_unit, old_code, by))
        self._save(procedure, *codes)
        return procedure_id

    def submit(self, by: Actor, procedure_id: UUID, expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.submit(by))

    def return_listing(self, by: Actor, procedure_id: UUID, reason: str, expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.return_listing(reason, by))

    def verify_listing(self, by: Actor, procedure_id: UUID, note: str = "",
                       expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.verify_listing(note, by))

    def publish(self, by: Actor, procedure_id: UUID, decision: DecisionRef, effective_date: date,
                change_type: ChangeType = ChangeType.NEW, expected_version: int | None = None,
                content: ProcedureContent | None = None) -> UUID:
        if content is not None:
            self._require_levels(content.levels, effective_date)
        return self._act(procedure_id, expected_version,
                         lambda p: p.publish(decision, effective_date, change_type, by, content))

    def publish_many(self, by: Actor, procedure_ids: list[UUID], decision: DecisionRef, effective_date: date,
                     change_type: ChangeType = ChangeType.NEW) -> list[UUID]:
        """One publication decision covers many procedures: all are published, or none."""
        procedure_ids = list(dict.fromkeys(procedure_ids))  # named twice is published once, not a false conflict
        procedures = [self._get(Procedure, pid) for pid in procedure_ids]
        for p in procedures:
            p.publish(decision, effective_date, change_type, by)
        self._save(*procedures)
        return procedure_ids

    def publicise(self, by: Actor, procedure_id: UUID, channel: PublicityChannel, url: str, on: date,
                  expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.publicise(channel, url, on, by))

    def record_review(self, by: Actor, procedure_id: UUID, reviewing_unit: UUID, round: ReviewRound,
                      form: ReviewForm, cost_before: CostWorksheet, expected_version: int | None = None) -> UUID:
        self._unit_in_force(reviewing_unit, self.today())
        worksheet = self.with_hourly_income(cost_before, reviewing_unit)
        return self._act(procedure_id, expected_version,
                         lambda p: p.record_review(reviewing_unit, round, form, worksheet, by))

    def propose(self, by: Actor, procedure_id: UUID, proposal: Proposal, expected_version: int | None = None) -> UUID:
        worksheet = self.with_hourly_income(proposal.cost_after, by.unit)
        proposal = Proposal(proposal.kind, proposal.change, proposal.reason, proposal.implementing_recommendation,
                            proposal.roadmap, worksheet, proposal.revised_content)
        return self._act(procedure_id, expected_version, lambda p: p.propose(proposal, by))

    def approve_plan(self, by: Actor, procedure_id: UUID, decision: DecisionRef, effective_date: date,
                     expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.approve_plan(decision, effective_date, by))

    def reject_plan(self, by: Actor, procedure_id: UUID, reason: str, decision: DecisionRef | None = None,
                    expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.reject_plan(reason, decision, by))

    def implement(self, by: Actor, procedure_id: UUID, document: DecisionRef, effective_date: date,
                  revised_content: ProcedureContent | None = None, expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version,
                         lambda p: p.implement(document, effective_date, revised_content, by))

    def abolish(self, by: Actor, procedure_id: UUID, decision: DecisionRef, effective_date: date,
                expected_version: int | None = None) -> UUID:
        return self._act(procedure_id, expected_version, lambda p: p.abolish(decision, effective_date, by))

    def reclassify(self, by: Actor, procedure_id: UUID, category: Category | None, not_internal_reason: str = "",
                   expected_version: int | None = None) -> UUID:
        procedure = self._get(Procedure, procedure_id, expected_version)
        procedure.reclassify(category, not_internal_reason, by)
        released = self._release_code(procedure.managing_unit, procedure.content.local_code, by) \
            if category is None else None
        self._save(procedure, released)
        return procedure_id

    def transfer(self, by: Actor, procedure_id: UUID, to_unit: UUID, effective_date: date, cause: TransferCause,
                 expected_version: int | None = None) -> UUID:
        procedure = self._get(Procedure, procedure_id, expected_version)
        self._unit_in_force(to_unit, effective_date)
        from_unit, code = procedure.managing_unit, procedure.content.local_code
        procedure.transfer(to_unit, effective_date, cause, by)
        claimed = self._claim_code(to_unit, code, procedure_id, by)
        self._save(procedure, claimed, self._release_code(from_unit, code, by))
        return procedure_id

    def withdraw(self, by: Actor, procedure_id: UUID, reason: WithdrawalReason, note: str = "",
                 expected_version: int | None = None) -> UUID:
        procedure = self._get(Procedure, procedure_id, expected_version)
        procedure.withdraw(reason, note, by)
        self._save(procedure, self._release_code(procedure.managing_unit, procedure.content.local_code, by))
        return procedure_id

    # -- helpers ---------------------------------------------------------------------------------
    def _act(self, procedure_id: UUID, expected_version: int | None, command: Callable[[Procedure], object]) -> UUID:
        procedure = self._get(Procedure, procedure_id, expected_version)
        command(procedure)
        self._save(procedure)
        return procedure_id

    def _unit_in_force(self, unit_id: UUID, on: date) -> AdminUnit:
        unit = self._get(AdminUnit, unit_id)
        unit.require_in_force(on)
        return unit

    def _claim_code(self, unit: UUID, code: str, procedure_id: UUID, by: Actor) -> ProcedureCode:
        code_id = ProcedureCode.id_for(unit, code)
        if not self._exists(code_id):
            return ProcedureCode.reserve(unit, code, procedure_id, by)
        claim = self._get(ProcedureCode, code_id)
        claim.reclaim(procedure_id, by)
        return claim

    def _release_code(self, unit: UUID, code: str, by: Actor) -> ProcedureCode | None:
        code_id = ProcedureCode.id_for(unit, code)
        if not self._exists(code_id):
            return None
        claim = self._get(ProcedureCode, code_id)
        claim.release(by)
        return claim

    def with_hourly_income(self, worksheet: CostWorksheet, unit: UUID) -> CostWorksheet:
        """Fill in, or check, the VND/hour of a worksheet against the year's parameter.

        0 means "use the parameter"; any other figure must either equal it or carry a reason.
        """
        parameter = self.hourly_income(worksheet.year, unit)
        if worksheet.hourly_income == 0:
            if parameter is None:
                raise InvalidValue("hourly_income", f"Chưa có tham số thu nhập bình quân một giờ của năm "
                                   f"{worksheet.year}; hãy nhập mức thu nhập và ghi nguồn số liệu.")
            value, source = parameter
            return _replace_income(worksheet, value, f"Tham số năm {worksheet.year}: {source}")
        if parameter is not None and worksheet.hourly_income == parameter[0] and not worksheet.hourly_income_source:
            return _replace_income(worksheet, parameter[0], f"Tham số năm {worksheet.year}: {parameter[1]}")
        if not worksheet.hourly_income_source:
            raise InvalidValue("hourly_income_source", "Mức thu nhập một giờ khác tham số của năm: phải ghi lý do "
                               "và nguồn số liệu.")
        return worksheet


def _replace_income(worksheet: CostWorksheet, value: Decimal, source: str) -> CostWorksheet:
    return replace(worksheet, hourly_income=value, hourly_income_source=source)
