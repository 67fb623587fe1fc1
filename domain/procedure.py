"""The Procedure aggregate: one internal administrative procedure over its whole life.

Public methods check the rules once, at command time; the `_decorated` methods only change
state, because they run again on every replay (STYLE.md §9.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import lifecycle
from domain.base import LedgerAggregate
from domain.cost import CostWorksheet
from domain.enums import (
    Category,
    ChangeType,
    PublicityChannel,
    Recommendation,
    Status,
    TransferCause,
    WithdrawalReason,
)
from domain.errors import DomainError, InvalidValue
from domain.review import Proposal, ReviewForm, ReviewRound
from domain.values import Actor, DecisionRef, Immutable, ProcedureContent, nfc, require

T = "tthc:Procedure"


@dataclass(frozen=True)
class RecordedReview(Immutable):
    reviewing_unit: UUID
    round: ReviewRound
    form: ReviewForm
    cost_before: CostWorksheet


@dataclass(frozen=True)
class Publicity(Immutable):
    channel: PublicityChannel
    url: str
    on: date


class Procedure(LedgerAggregate):
    TOPIC = T

    class Created(LedgerAggregate.Created):
        TOPIC = f"{T}.Listed"
        managing_unit: UUID
        listing_unit: UUID
        content: ProcedureContent

    @event(Created)
    def __init__(self, id: UUID, managing_unit: UUID, listing_unit: UUID, content: ProcedureContent,
                 actor: UUID, acting_unit: UUID) -> None:
        self.managing_unit = managing_unit
        self.listing_unit = listing_unit
        self.content = content
        self.status = Status.DRAFT
        self.published_content: ProcedureContent | None = None
        self.publication_no = 0
        self.last_decision: DecisionRef | None = None
        self.in_force_from: date | None = None
        self.publicity: list[Publicity] = []
        self.reviews: list[RecordedReview] = []
        self.proposal: Proposal | None = None
        self.approval: DecisionRef | None = None
        self.simplified_on: date | None = None
        self.abolished_on: date | None = None
        self.not_internal_reason = ""
        # Compliance cost per year of the latest review and proposal; kept across publications so the
        # published simplified version still shows what it saved.
        self.cost_before_year: Decimal | None = None
        self.cost_after_year: Decimal | None = None

    @classmethod
    def list(cls, id: UUID, managing_unit: UUID, listing_unit: UUID, content: ProcedureContent,
             by: Actor) -> Procedure:
        content.validate()
        return cls(id=id, managing_unit=managing_unit, listing_unit=listing_unit, content=content,
                   actor=by.account, acting_unit=by.unit)

    # -- listing ---------------------------------------------------------------------------------
    def amend_draft(self, content: ProcedureContent, by: Actor) -> dict[str, Any]:
        lifecycle.check("amend", self.status)
        content.validate()
        changes = self.content.changed_fields(content)
        if not changes:
            raise DomainError("Nội dung không thay đổi so với dự thảo hiện tại.")
        self._draft_amended(changes=changes, actor=by.account, acting_unit=by.unit)
        return changes

    @event("DraftAmended", topic=f"{T}.DraftAmended")
    def _draft_amended(self, changes: dict[str, Any], actor: UUID, acting_unit: UUID) -> None:
        self.content = self.content.with_changes(changes)

    def submit(self, by: Actor) -> None:
        lifecycle.check("submit", self.status)
        self._submitted(actor=by.account, acting_unit=by.unit)

    @event("Submitted", topic=f"{T}.Submitted")
    def _submitted(self, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.SUBMITTED

    def return_listing(self, reason: str, by: Actor) -> None:
        lifecycle.check("return", self.status)
        require(bool(nfc(reason)), "reason", "Phải nêu lý do trả lại.")
        self._listing_returned(reason=nfc(reason), actor=by.account, acting_unit=by.unit)

    @event("ListingReturned", topic=f"{T}.ListingReturned")
    def _listing_returned(self, reason: str, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.RETURNED

    def verify_listing(self, note: str, by: Actor) -> None:
        lifecycle.check("verify", self.status)
        self._listing_verified(note=nfc(note) or "", actor=by.account, acting_unit=by.unit)

    @event("ListingVerified", topic=f"{T}.ListingVerified")
    def _listing_verified(self, note: str, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.VERIFIED

    # -- publication -----------------------------------------------------------------------------
    def publish(self, decision: DecisionRef, effective_date: date, change_type: ChangeType, by: Actor,
                content: ProcedureContent | None = None) -> None:
        """Publish the current content; a standardisation may publish a normalised content with it
        (new levels after the 2025 reform, the successor's handling agency)."""
        lifecycle.check("publish", self.status)
        decision.validate()
        if content is not None:
            require(change_type is ChangeType.STANDARDISED, "content",
                    "Chỉ quyết định công bố chuẩn hóa mới kèm nội dung thủ tục mới; nội dung sửa đổi, "
                    "bổ sung, thay thế đến từ phương án đã thực thi.")
            content.validate()
        allowed = lifecycle.PUBLICATION_TYPES[self.status]
        if change_type not in allowed:
            raise InvalidValue("change_type", f"Ở trạng thái «{self.status.label}» chỉ công bố được loại: "
                               + ", ".join(f"«{c.label}»" for c in allowed) + ".")
        if self.status is Status.IMPLEMENTED and self.proposal is not None:
            expected = lifecycle.CHANGE_FOR_KIND[self.proposal.kind]
            require(change_type is expected, "change_type",
                    f"Phương án đã phê duyệt là «{self.proposal.kind.label}» nên phải công bố loại «{expected.label}».")
        _effective_not_before(effective_date, decision)
        self._published(decision=decision, effective_date=effective_date, change_type=change_type,
                        content=content, actor=by.account, acting_unit=by.unit)

    @event("Published", topic=f"{T}.Published")
    def _published(self, decision: DecisionRef, effective_date: date, change_type: ChangeType,
                   actor: UUID, acting_unit: UUID, content: ProcedureContent | None = None) -> None:
        if content is not None:
            self.content = content
        self.status = Status.PUBLISHED
        self.published_content = self.content
        self.publication_no += 1
        self.last_decision = decision
        self.in_force_from = effective_date
        self.publicity = []
        self.reviews = []
        self.proposal = None
        self.approval = None

    def publicise(self, channel: PublicityChannel, url: str, on: date, by: Actor) -> None:
        lifecycle.check("publicise", self.status)
        url = nfc(url) or ""
        if channel is not PublicityChannel.NOTICE_BOARD:
            require(url.startswith(("https://", "http://")), "url", "Địa chỉ công khai phải là một URL (https://…).")
        assert self.last_decision is not None
        require(on >= self.last_decision.issued_on, "on",
                "Ngày công khai không được trước ngày ký quyết định công bố "
                f"{self.last_decision.number} ({self.last_decision.issued_on:%d/%m/%Y}).")
        self._publicised(channel=channel, url=url, on=on, actor=by.account, acting_unit=by.unit)

    @event("Publicised", topic=f"{T}.Publicised")
    def _publicised(self, channel: PublicityChannel, url: str, on: date, actor: UUID, acting_unit: UUID) -> None:
        self.publicity.append(Publicity(channel, url, on))

    # -- review and simplification ---------------------------------------------------------------
    def record_review(self, reviewing_unit: UUID, round: ReviewRound, form: ReviewForm,
                      cost_before: CostWorksheet, by: Actor) -> None:
        lifecycle.check("review", self.status)
        form.validate()
        cost_before.validate()
        require(bool(round.plan_code), "round", "Phải ghi kế hoạch rà soát.")
        same_round = [r for r in self.reviews if r.round == round]
        if any(r.form.recommendation is Recommendation.KEEP for r in same_round):
            raise DomainError("Đợt rà soát này đã kết thúc với kiến nghị giữ nguyên thủ tục.")
        if any(r.reviewing_unit == reviewing_unit for r in same_round):
            raise DomainError("Đơn vị này đã ghi nhận kết quả rà soát thủ tục trong đợt này.")
        self._review_recorded(reviewing_unit=reviewing_unit, round=round, form=form, cost_before=cost_before,
                              actor=by.account, acting_unit=by.unit)

    @event("ReviewRecorded", topic=f"{T}.ReviewRecorded")
    def _review_recorded(self, reviewing_unit: UUID, round: ReviewRound, form: ReviewForm,
                         cost_before: CostWorksheet, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.REVIEWED
        self.reviews.append(RecordedReview(reviewing_unit, round, form, cost_before))
        self.cost_before_year = cost_before.cost_per_year
        self.cost_after_year = None

    @property
    def latest_review(self) -> RecordedReview | None:
        return self.reviews[-1] if self.reviews else None

    def propose(self, proposal: Proposal, by: Actor) -> None:
        lifecycle.check("propose", self.status)
        proposal.validate()
        assert self.latest_review is not None
        if self.latest_review.form.recommendation is Recommendation.KEEP:
            raise DomainError("Kết quả rà soát kiến nghị giữ nguyên nên không thể đề xuất phương án.")
        self._simplification_proposed(proposal=proposal, actor=by.account, acting_unit=by.unit)

    @event("SimplificationProposed", topic=f"{T}.SimplificationProposed")
    def _simplification_proposed(self, proposal: Proposal, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.PROPOSED
        self.proposal = proposal
        self.cost_after_year = proposal.cost_after.cost_per_year

    def approve_plan(self, decision: DecisionRef, effective_date: date, by: Actor) -> None:
        lifecycle.check("approve", self.status)
        decision.validate()
        _effective_not_before(effective_date, decision)
        self._plan_approved(decision=decision, effective_date=effective_date, actor=by.account, acting_unit=by.unit)

    @event("PlanApproved", topic=f"{T}.PlanApproved")
    def _plan_approved(self, decision: DecisionRef, effective_date: date, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.APPROVED
        self.approval = decision

    def reject_plan(self, reason: str, decision: DecisionRef | None, by: Actor) -> None:
        lifecycle.check("reject", self.status)
        require(bool(nfc(reason)), "reason", "Phải nêu lý do không phê duyệt phương án.")
        if decision is not None:
            decision.validate()
        self._plan_rejected(reason=nfc(reason), decision=decision, actor=by.account, acting_unit=by.unit)

    @event("PlanRejected", topic=f"{T}.PlanRejected")
    def _plan_rejected(self, reason: str, decision: DecisionRef | None, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.REVIEWED
        self.proposal = None
        self.cost_after_year = None

    def implement(self, document: DecisionRef, effective_date: date, revised_content: ProcedureContent | None,
                  by: Actor) -> None:
        lifecycle.check("implement", self.status)
        assert self.proposal is not None
        if self.proposal.kind is Recommendation.ABOLISH:
            raise DomainError("Phương án bãi bỏ được thực thi bằng quyết định bãi bỏ thủ tục, không phải sửa đổi.")
        document.validate()
        _effective_not_before(effective_date, document)
        revised = revised_content or self.proposal.revised_content
        require(revised is not None, "revised_content", "Phải có nội dung thủ tục sau khi thực thi phương án.")
        assert revised is not None
        revised.validate()
        self._implemented(document=document, effective_date=effective_date, revised_content=revised,
                          actor=by.account, acting_unit=by.unit)

    @event("Implemented", topic=f"{T}.Implemented")
    def _implemented(self, document: DecisionRef, effective_date: date, revised_content: ProcedureContent,
                     actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.IMPLEMENTED
        self.content = revised_content
        self.simplified_on = effective_date

    def abolish(self, decision: DecisionRef, effective_date: date, by: Actor) -> None:
        lifecycle.check("abolish", self.status)
        if self.status is Status.APPROVED and self.proposal and self.proposal.kind is not Recommendation.ABOLISH:
            raise DomainError(f"Phương án đã phê duyệt là «{self.proposal.kind.label}», không phải bãi bỏ.")
        decision.validate()
        _effective_not_before(effective_date, decision)
        self._abolished(decision=decision, effective_date=effective_date, actor=by.account, acting_unit=by.unit)

    @event("Abolished", topic=f"{T}.Abolished")
    def _abolished(self, decision: DecisionRef, effective_date: date, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.ABOLISHED
        self.last_decision = decision
        self.abolished_on = effective_date

    # -- corrections and structure ---------------------------------------------------------------
    def reclassify(self, category: Category | None, not_internal_reason: str, by: Actor) -> None:
        lifecycle.check("reclassify", self.status)
        reason = nfc(not_internal_reason) or ""
        if category is None:
            require(bool(reason), "reason", "Phải nêu lý do xác định thủ tục không phải TTHC nội bộ.")
        elif category is self.content.category:
            raise DomainError(f"Thủ tục đã thuộc nhóm «{category.label}».")
        self._reclassified(category=category, not_internal_reason=reason, actor=by.account, acting_unit=by.unit)

    @event("Reclassified", topic=f"{T}.Reclassified")
    def _reclassified(self, category: Category | None, not_internal_reason: str, actor: UUID,
                      acting_unit: UUID) -> None:
        if category is None:
            self.status = Status.WITHDRAWN
            self.not_internal_reason = not_internal_reason
        else:
            self.content = self.content.with_changes({"category": category})

    def transfer(self, to_unit: UUID, effective_date: date, cause: TransferCause, by: Actor) -> None:
        lifecycle.check("transfer", self.status)
        if to_unit == self.managing_unit:
            raise DomainError("Đơn vị tiếp nhận trùng với đơn vị đang quản lý thủ tục.")
        self._transferred(from_unit=self.managing_unit, to_unit=to_unit, effective_date=effective_date,
                          cause=cause, actor=by.account, acting_unit=by.unit)

    @event("Transferred", topic=f"{T}.Transferred")
    def _transferred(self, from_unit: UUID, to_unit: UUID, effective_date: date, cause: TransferCause,
                     actor: UUID, acting_unit: UUID) -> None:
        self.managing_unit = to_unit

    def withdraw(self, reason: WithdrawalReason, note: str, by: Actor) -> None:
        lifecycle.check("withdraw", self.status)
        self._withdrawn(reason=reason, note=nfc(note) or "", actor=by.account, acting_unit=by.unit)

    @event("Withdrawn", topic=f"{T}.Withdrawn")
    def _withdrawn(self, reason: WithdrawalReason, note: str, actor: UUID, acting_unit: UUID) -> None:
        self.status = Status.WITHDRAWN


def _effective_not_before(effective_date: date, decision: DecisionRef) -> None:
    require(isinstance(effective_date, date), "effective_date", "Ngày có hiệu lực không hợp lệ.")
    require(effective_date >= decision.issued_on, "effective_date",
            f"Ngày có hiệu lực ({effective_date:%d/%m/%Y}) không được trước ngày ban hành văn bản "
            f"{decision.number} ({decision.issued_on:%d/%m/%Y}).")
