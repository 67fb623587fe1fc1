"""The status machine of a procedure (domain/lifecycle.py), checked on aggregates in memory.

The allowed and the refused (command, status) pairs are both generated from TRANSITIONS, so a row
added to the table is tested without anyone remembering to add a test.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4, uuid5

import pytest

from domain import lifecycle
from domain.cost import Activity, CostWorksheet, OtherCost
from domain.enums import (
    Category,
    ChangeType,
    PublicityChannel,
    Recommendation,
    Status,
    TransferCause,
    WithdrawalReason,
)
from domain.errors import DomainError, IllegalTransition, InvalidValue
from domain.procedure import Procedure
from domain.review import Proposal, ReviewRound
from domain.values import Actor, DecisionRef, DossierItem, ProcedureContent
from tests.support import builders as b

NS = UUID("0b1c8a3e-6a57-4f83-9c8e-3f5a2f7d1c11")
PROVINCE = uuid5(NS, "UBND tỉnh")
DEPARTMENT = uuid5(NS, "Sở Nội vụ")
OTHER_DEPARTMENT = uuid5(NS, "Sở Tài chính")
OFFICER = Actor(uuid5(NS, "officer"), DEPARTMENT, "Nguyễn Văn An")
CONTROLLER = Actor(uuid5(NS, "controller"), PROVINCE, "Trần Thị Bình")

S = Status
ROUND = ReviewRound("243/KH-UBND", 2023)
NEXT_ROUND = ReviewRound("120/KH-UBND", 2024)


def sheet(hours: tuple[int | str, ...] = (16, 4, 8, 2), other: int = 500_000) -> CostWorksheet:
    """A worksheet with the hourly income already filled in (the application fills it from parameters)."""
    names = ("Chuẩn bị hồ sơ", "Nộp hồ sơ", "Bổ sung hồ sơ", "Nhận kết quả")
    return CostWorksheet(year=2023, hourly_income=Decimal(40_000),
                         activities=tuple(Activity(n, Decimal(str(h))) for n, h in zip(names, hours, strict=False)),
                         other_costs=(OtherCost("In ấn, đi lại", Decimal(other)),) if other else (),
                         subjects_per_year=25)


def revised() -> ProcedureContent:
    return b.content().with_changes({"dossier": (DossierItem("Tờ trình đề nghị", 1, 0),)})


def proposal(kind: Recommendation = Recommendation.AMEND, with_content: bool = True) -> Proposal:
    content = revised() if with_content and kind is not Recommendation.ABOLISH else None
    return Proposal(kind=kind, change="Bỏ báo cáo thành tích bản giấy", reason="Đã có trên hệ thống",
                    implementing_recommendation="Sửa Điều 5 Quyết định 40/2020/QĐ-UBND",
                    roadmap=date(2024, 6, 30), cost_after=sheet((12, "0.5", 4, 0), other=0), revised_content=content)


PUBLICATION = b.decision("1234/QĐ-UBND", date(2023, 3, 20))
APPROVAL = b.decision("55/QĐ-UBND", date(2024, 1, 5))
IMPLEMENTING = b.decision("12/2024/QĐ-UBND", date(2024, 3, 1))
REPUBLICATION = b.decision("99/QĐ-UBND", date(2024, 3, 10))
ABOLITION = b.decision("77/QĐ-UBND", date(2024, 4, 1))


# -- driving an aggregate to any status ----------------------------------------------------------

def listed() -> Procedure:
    p = Procedure.list(uuid4(), DEPARTMENT, DEPARTMENT, b.content(), OFFICER)
    p.collect_events()
    return p


def _submit(p: Procedure, kind: Recommendation) -> None:
    p.submit(OFFICER)


def _return(p: Procedure, kind: Recommendation) -> None:
    p.return_listing("Thiếu căn cứ pháp lý", CONTROLLER)


def _verify(p: Procedure, kind: Recommendation) -> None:
    p.verify_listing("Đầy đủ", CONTROLLER)


def _publish(p: Procedure, kind: Recommendation) -> None:
    p.publish(PUBLICATION, date(2023, 4, 1), ChangeType.NEW, CONTROLLER)


def _review(p: Procedure, kind: Recommendation) -> None:
    p.record_review(DEPARTMENT, ROUND, b.review_form(kind), sheet(), OFFICER)


def _propose(p: Procedure, kind: Recommendation) -> None:
    p.propose(proposal(kind), OFFICER)


def _approve(p: Procedure, kind: Recommendation) -> None:
    p.approve_plan(APPROVAL, date(2024, 1, 15), CONTROLLER)


def _implement(p: Procedure, kind: Recommendation) -> None:
    p.implement(IMPLEMENTING, date(2024, 3, 15), None, CONTROLLER)


def _abolish(p: Procedure, kind: Recommendation) -> None:
    p.abolish(ABOLITION, date(2024, 4, 15), CONTROLLER)


def _withdraw(p: Procedure, kind: Recommendation) -> None:
    p.withdraw(WithdrawalReason.LISTED_IN_ERROR, "", OFFICER)


# status -> (the status it is reached from, the step that gets there)
ROUTE: dict[Status, tuple[Status | None, Callable[[Procedure, Recommendation], None] | None]] = {
    S.DRAFT: (None, None),
    S.SUBMITTED: (S.DRAFT, _submit),
    S.RETURNED: (S.SUBMITTED, _return),
    S.VERIFIED: (S.SUBMITTED, _verify),
    S.PUBLISHED: (S.VERIFIED, _publish),
    S.REVIEWED: (S.PUBLISHED, _review),
    S.PROPOSED: (S.REVIEWED, _propose),
    S.APPROVED: (S.PROPOSED, _approve),
    S.IMPLEMENTED: (S.APPROVED, _implement),
    S.ABOLISHED: (S.PUBLISHED, _abolish),
    S.WITHDRAWN: (S.DRAFT, _withdraw),
}


def at(status: Status, kind: Recommendation = Recommendation.AMEND) -> Procedure:
    """A procedure in `status`, with no pending events; `kind` is the review's and proposal's kind."""
    previous, step = ROUTE[status]
    if previous is None or step is None:
        return listed()
    p = at(previous, kind)
    step(p, kind)
    p.collect_events()
    assert p.status is status
    return p


# -- one valid call of every command -------------------------------------------------------------

def _publication_type(p: Procedure) -> ChangeType:
    if p.status is S.IMPLEMENTED and p.proposal is not None:
        return lifecycle.CHANGE_FOR_KIND[p.proposal.kind]
    return lifecycle.PUBLICATION_TYPES.get(p.status, (ChangeType.NEW,))[0]


COMMANDS: dict[str, Callable[[Procedure], object]] = {
    "amend": lambda p: p.amend_draft(p.content.with_changes({"name": p.content.name + " (sửa)"}), OFFICER),
    "submit": lambda p: p.submit(OFFICER),
    "return": lambda p: p.return_listing("Thiếu căn cứ pháp lý", CONTROLLER),
    "verify": lambda p: p.verify_listing("Đầy đủ", CONTROLLER),
    "publish": lambda p: p.publish(REPUBLICATION, date(2024, 3, 15), _publication_type(p), CONTROLLER),
    "publicise": lambda p: p.publicise(PublicityChannel.PORTAL, "https://dichvucong.langson.gov.vn/tthc/1",
                                       date(2024, 12, 1), CONTROLLER),
    "review": lambda p: p.record_review(uuid4(), ROUND, b.review_form(), sheet(), OFFICER),
    "propose": lambda p: p.propose(proposal(), OFFICER),
    "approve": lambda p: p.approve_plan(APPROVAL, date(2024, 1, 15), CONTROLLER),
    "reject": lambda p: p.reject_plan("Chưa đủ căn cứ", None, CONTROLLER),
    "implement": lambda p: p.implement(IMPLEMENTING, date(2024, 3, 15), None, CONTROLLER),
    "abolish": lambda p: p.abolish(ABOLITION, date(2024, 4, 15), CONTROLLER),
    "reclassify": lambda p: p.reclassify(Category.INTER_AGENCY, "", CONTROLLER),
    "transfer": lambda p: p.transfer(OTHER_DEPARTMENT, date(2024, 5, 1), TransferCause.COMPETENCE_MOVED, CONTROLLER),
    "withdraw": lambda p: p.withdraw(WithdrawalReason.DUPLICATE, "Trùng LS-NV-02", OFFICER),
}

# command -> status it leaves the procedure in (None: unchanged)
TARGET: dict[str, Status | None] = {
    "amend": None, "submit": S.SUBMITTED, "return": S.RETURNED, "verify": S.VERIFIED, "publish": S.PUBLISHED,
    "publicise": None, "review": S.REVIEWED, "propose": S.PROPOSED, "approve": S.APPROVED, "reject": S.REVIEWED,
    "implement": S.IMPLEMENTED, "abolish": S.ABOLISHED, "reclassify": None, "transfer": None,
    "withdraw": S.WITHDRAWN,
}

# Pairs whose allowed form needs a particular history (abolishing an approved plan needs an ABOLISH plan).
START_KIND = {("abolish", S.APPROVED): Recommendation.ABOLISH}

ALLOWED = [(cmd, status) for cmd, (_, froms) in lifecycle.TRANSITIONS.items() for status in froms]
REFUSED = [(cmd, status) for cmd, (_, froms) in lifecycle.TRANSITIONS.items() for status in Status
           if status not in froms]


def test_every_command_of_the_table_has_a_call_and_a_target_here():
    assert set(COMMANDS) == set(lifecycle.TRANSITIONS) == set(TARGET)


def test_every_status_can_be_reached_by_the_test_driver():
    assert set(ROUTE) == set(Status)
    for status in Status:
        assert at(status).status is status


def test_the_matrix_covers_every_command_in_every_status():
    assert len(ALLOWED) + len(REFUSED) == len(lifecycle.TRANSITIONS) * len(Status)


@pytest.mark.parametrize(("command", "status"), ALLOWED, ids=[f"{c}-{s.name}" for c, s in ALLOWED])
def test_an_allowed_transition_moves_the_procedure_to_its_target_status(command: str, status: Status):
    p = at(status, START_KIND.get((command, status), Recommendation.AMEND))
    version = p.version

    COMMANDS[command](p)

    assert p.status is (TARGET[command] or status)
    assert len(p.pending_events) == 1
    assert p.version == version + 1


@pytest.mark.parametrize(("command", "status"), REFUSED, ids=[f"{c}-{s.name}" for c, s in REFUSED])
def test_a_refused_transition_raises_illegal_transition_and_changes_nothing(command: str, status: Status):
    p = at(status)
    before = copy.deepcopy(p)
    verb, allowed = lifecycle.TRANSITIONS[command]

    with pytest.raises(IllegalTransition) as caught:
        COMMANDS[command](p)

    assert caught.value.message.startswith(f"Không thể {verb} khi thủ tục đang ở trạng thái «{status.label}».")
    assert all(f"«{s.label}»" in caught.value.message for s in allowed)
    assert p == before
    assert p.pending_events == []


@pytest.mark.parametrize("status", [S.ABOLISHED, S.WITHDRAWN])
def test_a_final_status_accepts_no_command_at_all(status: Status):
    p = at(status)
    for command in COMMANDS.values():
        with pytest.raises(IllegalTransition):
            command(p)
    assert p.pending_events == []


# -- listing -------------------------------------------------------------------------------------

def test_listing_starts_a_draft_that_records_both_units_and_the_content():
    p = Procedure.list(uuid4(), DEPARTMENT, PROVINCE, b.content(), OFFICER)

    assert p.status is S.DRAFT
    assert (p.managing_unit, p.listing_unit) == (DEPARTMENT, PROVINCE)
    assert p.content == b.content()
    assert type(p.pending_events[0]).TOPIC == "tthc:Procedure.Listed"


def test_listing_an_incomplete_form_is_refused_with_the_missing_field_named():
    with pytest.raises(InvalidValue, match=re.escape("Tên thủ tục không được để trống.")) as caught:
        Procedure.list(uuid4(), DEPARTMENT, DEPARTMENT, b.content().with_changes({"name": "  "}), OFFICER)
    assert caught.value.field == "name"


def test_a_draft_amendment_stores_only_the_changed_fields():
    p = listed()
    new = p.content.with_changes({"name": "Xét tặng Cờ thi đua của UBND tỉnh", "result": "Quyết định tặng Cờ"})

    changes = p.amend_draft(new, OFFICER)

    assert changes == {"name": "Xét tặng Cờ thi đua của UBND tỉnh", "result": "Quyết định tặng Cờ"}
    assert p.pending_events[-1].changes == changes
    assert p.content == new


def test_a_draft_amendment_that_changes_nothing_is_refused():
    p = listed()
    with pytest.raises(DomainError, match=re.escape("Nội dung không thay đổi so với dự thảo hiện tại.")):
        p.amend_draft(b.content(), OFFICER)
    assert p.pending_events == []


def test_a_returned_listing_can_be_amended_and_submitted_again():
    p = at(S.RETURNED)
    p.amend_draft(p.content.with_changes({"conditions": "Có thành tích xuất sắc"}), OFFICER)
    p.submit(OFFICER)
    assert p.status is S.SUBMITTED


@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_a_listing_needs_a_reason(reason: str):
    p = at(S.SUBMITTED)
    with pytest.raises(InvalidValue, match=re.escape("Phải nêu lý do trả lại.")):
        p.return_listing(reason, CONTROLLER)


# -- publication ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change_type", [ChangeType.NEW, ChangeType.STANDARDISED])
def test_a_verified_listing_is_published_as_new_or_standardised(change_type: ChangeType):
    p = at(S.VERIFIED)
    p.publish(PUBLICATION, date(2023, 4, 1), change_type, CONTROLLER)
    assert p.status is S.PUBLISHED
    assert p.publication_no == 1
    assert p.published_content == p.content
    assert p.in_force_from == date(2023, 4, 1)
    assert p.last_decision == PUBLICATION


@pytest.mark.parametrize("change_type", [ChangeType.AMENDED, ChangeType.SUPPLEMENTED, ChangeType.REPLACED])
def test_a_verified_listing_cannot_be_published_as_a_change(change_type: ChangeType):
    p = at(S.VERIFIED)
    with pytest.raises(InvalidValue, match=re.escape("Ở trạng thái «Đã kiểm soát» chỉ công bố được loại: "
                                                     "«Ban hành mới», «Chuẩn hóa».")):
        p.publish(PUBLICATION, date(2023, 4, 1), change_type, CONTROLLER)
    assert p.pending_events == []


SIMPLIFYING = [Recommendation.AMEND, Recommendation.SUPPLEMENT, Recommendation.REPLACE]
CHANGES = [ChangeType.AMENDED, ChangeType.SUPPLEMENTED, ChangeType.REPLACED]


@pytest.mark.parametrize("kind", SIMPLIFYING)
@pytest.mark.parametrize("change_type", CHANGES)
def test_an_implemented_plan_is_published_only_with_the_change_type_of_the_approved_kind(
        kind: Recommendation, change_type: ChangeType):
    p = at(S.IMPLEMENTED, kind)
    if lifecycle.CHANGE_FOR_KIND[kind] is change_type:
        p.publish(REPUBLICATION, date(2024, 3, 15), change_type, CONTROLLER)
        assert p.status is S.PUBLISHED
        assert p.publication_no == 2
    else:
        expected = lifecycle.CHANGE_FOR_KIND[kind]
        with pytest.raises(InvalidValue, match=re.escape(f"Phương án đã phê duyệt là «{kind.label}» nên phải công bố "
                                                         f"loại «{expected.label}».")):
            p.publish(REPUBLICATION, date(2024, 3, 15), change_type, CONTROLLER)
        assert p.status is S.IMPLEMENTED


@pytest.mark.parametrize("change_type", [ChangeType.NEW, ChangeType.STANDARDISED])
def test_an_implemented_plan_cannot_be_published_as_new_or_standardised(change_type: ChangeType):
    p = at(S.IMPLEMENTED)
    with pytest.raises(InvalidValue, match=re.escape("chỉ công bố được loại: «Sửa đổi», «Bổ sung», «Thay thế».")):
        p.publish(REPUBLICATION, date(2024, 3, 15), change_type, CONTROLLER)


def test_a_published_procedure_is_republished_only_as_standardised():
    p = at(S.PUBLISHED)
    with pytest.raises(InvalidValue, match=re.escape("chỉ công bố được loại: «Chuẩn hóa».")):
        p.publish(REPUBLICATION, date(2025, 7, 1), ChangeType.NEW, CONTROLLER)

    p.publish(REPUBLICATION, date(2025, 7, 1), ChangeType.STANDARDISED, CONTROLLER)

    assert p.publication_no == 2
    assert p.last_decision == REPUBLICATION


def test_publishing_the_simplified_version_starts_a_new_version_and_keeps_the_costs_it_saved():
    p = at(S.IMPLEMENTED)
    p.publish(REPUBLICATION, date(2024, 3, 15), ChangeType.AMENDED, CONTROLLER)

    assert p.published_content == revised()
    assert (p.reviews, p.proposal, p.approval, p.publicity) == ([], None, None, [])
    assert p.simplified_on == date(2024, 3, 15)
    assert p.cost_before_year == Decimal(42_500_000)
    assert p.cost_after_year == Decimal(16_500_000)


def test_an_effective_date_before_the_decision_was_issued_is_refused():
    decision = b.decision("1234/QĐ-UBND", date(2023, 3, 20))
    message = ("Ngày có hiệu lực (19/03/2023) không được trước ngày ban hành văn bản 1234/QĐ-UBND (20/03/2023).")
    attempts: list[tuple[Status, Callable[[Procedure], object]]] = [
        (S.VERIFIED, lambda p: p.publish(decision, date(2023, 3, 19), ChangeType.NEW, CONTROLLER)),
        (S.PROPOSED, lambda p: p.approve_plan(decision, date(2023, 3, 19), CONTROLLER)),
        (S.APPROVED, lambda p: p.implement(decision, date(2023, 3, 19), None, CONTROLLER)),
        (S.PUBLISHED, lambda p: p.abolish(decision, date(2023, 3, 19), CONTROLLER)),
    ]
    for status, attempt in attempts:
        p = at(status)
        with pytest.raises(InvalidValue, match=re.escape(message)) as caught:
            attempt(p)
        assert caught.value.field == "effective_date"
        assert p.pending_events == []


def test_a_decision_without_a_proper_number_is_refused():
    p = at(S.VERIFIED)
    bad = DecisionRef("1234", date(2023, 3, 20), "Chủ tịch UBND tỉnh", "UBND tỉnh Lạng Sơn")
    with pytest.raises(InvalidValue, match=re.escape("không đúng dạng số/loại-cơ quan")):
        p.publish(bad, date(2023, 4, 1), ChangeType.NEW, CONTROLLER)


def test_the_effective_date_may_be_the_day_the_decision_is_issued():
    p = at(S.VERIFIED)
    p.publish(PUBLICATION, PUBLICATION.issued_on, ChangeType.NEW, CONTROLLER)
    assert p.in_force_from == PUBLICATION.issued_on


# -- publicity -----------------------------------------------------------------------------------

@pytest.mark.parametrize("channel", [PublicityChannel.PORTAL, PublicityChannel.CSDLQG])
def test_publicising_online_needs_a_web_address(channel: PublicityChannel):
    p = at(S.PUBLISHED)
    with pytest.raises(InvalidValue, match=re.escape("Địa chỉ công khai phải là một URL (https://…).")):
        p.publicise(channel, "dichvucong.gov.vn", date(2023, 3, 25), CONTROLLER)
    p.publicise(channel, "https://csdl.dichvucong.gov.vn/tthc/1.001", date(2023, 3, 25), CONTROLLER)
    assert p.publicity[-1].channel is channel


def test_publicising_on_the_notice_board_needs_no_address():
    p = at(S.PUBLISHED)
    p.publicise(PublicityChannel.NOTICE_BOARD, "", date(2023, 3, 20), CONTROLLER)
    assert p.publicity[-1].url == ""
    assert p.status is S.PUBLISHED


def test_publicising_before_the_publication_decision_was_signed_is_refused():
    p = at(S.PUBLISHED)
    with pytest.raises(InvalidValue, match=re.escape("Ngày công khai không được trước ngày ký quyết định công bố "
                                                     "1234/QĐ-UBND")):
        p.publicise(PublicityChannel.PORTAL, "https://langson.gov.vn/tthc", date(2023, 3, 19), CONTROLLER)


# -- review and simplification -------------------------------------------------------------------

def test_several_units_may_review_in_one_round():
    p = at(S.REVIEWED)
    p.record_review(PROVINCE, ROUND, b.review_form(), sheet(), CONTROLLER)
    assert [r.reviewing_unit for r in p.reviews] == [DEPARTMENT, PROVINCE]


def test_the_same_unit_cannot_review_twice_in_one_round():
    p = at(S.REVIEWED)
    with pytest.raises(DomainError, match=re.escape("Đơn vị này đã ghi nhận kết quả rà soát thủ tục trong đợt này.")):
        p.record_review(DEPARTMENT, ROUND, b.review_form(), sheet(), OFFICER)
    p.record_review(DEPARTMENT, NEXT_ROUND, b.review_form(), sheet(), OFFICER)
    assert len(p.reviews) == 2


def test_a_keep_recommendation_ends_the_review_round():
    p = at(S.REVIEWED, Recommendation.KEEP)
    with pytest.raises(DomainError, match=re.escape("Đợt rà soát này đã kết thúc với kiến nghị giữ nguyên thủ tục.")):
        p.record_review(PROVINCE, ROUND, b.review_form(), sheet(), CONTROLLER)
    p.record_review(PROVINCE, NEXT_ROUND, b.review_form(), sheet(), CONTROLLER)
    assert p.latest_review is not None and p.latest_review.round == NEXT_ROUND


def test_nothing_can_be_proposed_after_a_keep_recommendation():
    p = at(S.REVIEWED, Recommendation.KEEP)
    message = "Kết quả rà soát kiến nghị giữ nguyên nên không thể đề xuất phương án."
    with pytest.raises(DomainError, match=re.escape(message)):
        p.propose(proposal(), OFFICER)


def test_a_review_keeps_the_cost_per_year_before_simplification():
    p = at(S.REVIEWED)
    assert p.cost_before_year == Decimal(42_500_000)
    assert p.cost_after_year is None


def test_a_review_round_must_name_its_plan():
    p = at(S.PUBLISHED)
    with pytest.raises(InvalidValue, match=re.escape("Phải ghi kế hoạch rà soát.")):
        p.record_review(DEPARTMENT, ReviewRound("", 2023), b.review_form(), sheet(), OFFICER)


def test_a_proposal_cannot_be_to_keep_the_procedure():
    p = at(S.REVIEWED)
    with pytest.raises(InvalidValue, match=re.escape("Phương án đơn giản hóa không thể là «Giữ nguyên».")):
        p.propose(proposal(Recommendation.KEEP, with_content=False), OFFICER)


@pytest.mark.parametrize("kind", SIMPLIFYING)
def test_an_amending_proposal_needs_the_revised_content(kind: Recommendation):
    p = at(S.REVIEWED)
    message = "Phương án sửa đổi, bổ sung, thay thế phải kèm nội dung thủ tục sau đơn giản hóa."
    with pytest.raises(InvalidValue, match=re.escape(message)):
        p.propose(proposal(kind, with_content=False), OFFICER)


def test_an_abolishing_proposal_needs_no_revised_content():
    p = at(S.REVIEWED)
    p.propose(proposal(Recommendation.ABOLISH), OFFICER)
    assert p.status is S.PROPOSED
    assert p.cost_after_year == Decimal(16_500_000)


def test_a_rejected_plan_sends_the_procedure_back_to_reviewed_without_its_proposal():
    p = at(S.PROPOSED)
    p.reject_plan("Chưa đánh giá tác động", b.decision("60/QĐ-UBND", date(2024, 1, 20)), CONTROLLER)
    assert p.status is S.REVIEWED
    assert (p.proposal, p.cost_after_year) == (None, None)


def test_rejecting_a_plan_needs_a_reason():
    p = at(S.PROPOSED)
    with pytest.raises(InvalidValue, match=re.escape("Phải nêu lý do không phê duyệt phương án.")):
        p.reject_plan("", None, CONTROLLER)


def test_implementing_an_abolition_plan_is_refused():
    p = at(S.APPROVED, Recommendation.ABOLISH)
    with pytest.raises(DomainError, match=re.escape("Phương án bãi bỏ được thực thi bằng quyết định bãi bỏ thủ tục")):
        p.implement(IMPLEMENTING, date(2024, 3, 15), revised(), CONTROLLER)
    assert p.status is S.APPROVED


def test_implementing_replaces_the_content_with_the_revised_one():
    p = at(S.APPROVED)
    own = revised().with_changes({"time_limit": None})
    p.implement(IMPLEMENTING, date(2024, 3, 15), own, CONTROLLER)
    assert p.content == own
    assert p.simplified_on == date(2024, 3, 15)


def test_an_approved_plan_is_abolished_only_when_the_approved_kind_is_abolish():
    amend = at(S.APPROVED, Recommendation.AMEND)
    with pytest.raises(DomainError, match=re.escape("Phương án đã phê duyệt là «Sửa đổi», không phải bãi bỏ.")):
        amend.abolish(ABOLITION, date(2024, 4, 15), CONTROLLER)
    assert amend.status is S.APPROVED

    abolish = at(S.APPROVED, Recommendation.ABOLISH)
    abolish.abolish(ABOLITION, date(2024, 4, 15), CONTROLLER)
    assert abolish.status is S.ABOLISHED
    assert abolish.abolished_on == date(2024, 4, 15)


@pytest.mark.parametrize("status", [S.PUBLISHED, S.REVIEWED])
def test_a_published_or_reviewed_procedure_can_be_abolished_directly(status: Status):
    p = at(status)
    p.abolish(ABOLITION, date(2024, 4, 15), CONTROLLER)
    assert p.status is S.ABOLISHED
    assert p.last_decision == ABOLITION


# -- corrections and structure -------------------------------------------------------------------

@pytest.mark.parametrize("status", lifecycle.NON_FINAL)
def test_reclassifying_as_not_internal_withdraws_the_procedure(status: Status):
    p = at(status)
    p.reclassify(None, "Là TTHC giải quyết cho tổ chức, cá nhân bên ngoài", CONTROLLER)
    assert p.status is S.WITHDRAWN
    assert p.not_internal_reason == "Là TTHC giải quyết cho tổ chức, cá nhân bên ngoài"


def test_reclassifying_as_not_internal_needs_a_reason():
    p = at(S.PUBLISHED)
    with pytest.raises(InvalidValue, match=re.escape("Phải nêu lý do xác định thủ tục không phải TTHC nội bộ.")):
        p.reclassify(None, " ", CONTROLLER)


def test_reclassifying_into_another_category_keeps_the_status():
    p = at(S.PUBLISHED)
    p.reclassify(Category.INTER_AGENCY, "", CONTROLLER)
    assert p.status is S.PUBLISHED
    assert p.content.category is Category.INTER_AGENCY


def test_reclassifying_into_the_same_category_is_refused():
    p = at(S.PUBLISHED)
    with pytest.raises(DomainError, match=re.escape("Thủ tục đã thuộc nhóm «TTHC nội bộ trong cơ quan, địa phương».")):
        p.reclassify(Category.INTRA_ORGANISATION, "", CONTROLLER)


def test_a_transfer_moves_the_procedure_to_the_receiving_unit_and_records_both():
    p = at(S.REVIEWED)
    p.transfer(OTHER_DEPARTMENT, date(2025, 3, 1), TransferCause.UNIT_MERGED, CONTROLLER)
    event = p.pending_events[-1]
    assert p.managing_unit == OTHER_DEPARTMENT
    assert (event.from_unit, event.to_unit, event.effective_date) == (DEPARTMENT, OTHER_DEPARTMENT, date(2025, 3, 1))
    assert p.status is S.REVIEWED


def test_a_transfer_to_the_same_unit_is_refused():
    p = at(S.PUBLISHED)
    with pytest.raises(DomainError, match=re.escape("Đơn vị tiếp nhận trùng với đơn vị đang quản lý thủ tục.")):
        p.transfer(DEPARTMENT, date(2025, 3, 1), TransferCause.COMPETENCE_MOVED, CONTROLLER)


def test_withdrawing_a_published_procedure_is_refused_and_names_where_it_is_allowed():
    p = at(S.PUBLISHED)
    with pytest.raises(IllegalTransition) as caught:
        p.withdraw(WithdrawalReason.LISTED_IN_ERROR, "", OFFICER)
    assert caught.value.message == (
        "Không thể rút khỏi danh mục khi thủ tục đang ở trạng thái «Đã công bố». Chỉ thực hiện được khi ở "
        "trạng thái: «Dự thảo», «Đã gửi thống kê», «Bị trả lại», «Đã kiểm soát».")


# -- who acted -----------------------------------------------------------------------------------

def test_every_event_names_the_account_and_the_unit_that_acted():
    p = Procedure.list(uuid4(), DEPARTMENT, DEPARTMENT, b.content(), OFFICER)
    expected = [OFFICER]
    steps: list[tuple[Actor, Callable[[Procedure], object]]] = [
        (OFFICER, lambda q: q.amend_draft(q.content.with_changes({"subject": "Cá nhân thuộc tỉnh"}), OFFICER)),
        (OFFICER, lambda q: q.submit(OFFICER)),
        (CONTROLLER, lambda q: q.verify_listing("", CONTROLLER)),
        (CONTROLLER, lambda q: q.publish(PUBLICATION, date(2023, 4, 1), ChangeType.NEW, CONTROLLER)),
        (CONTROLLER, lambda q: q.publicise(PublicityChannel.PORTAL, "https://a.vn", date(2023, 4, 2), CONTROLLER)),
        (OFFICER, lambda q: q.record_review(DEPARTMENT, ROUND, b.review_form(), sheet(), OFFICER)),
        (OFFICER, lambda q: q.propose(proposal(), OFFICER)),
        (CONTROLLER, lambda q: q.approve_plan(APPROVAL, date(2024, 1, 15), CONTROLLER)),
        (CONTROLLER, lambda q: q.implement(IMPLEMENTING, date(2024, 3, 15), None, CONTROLLER)),
        (CONTROLLER, lambda q: q.publish(REPUBLICATION, date(2024, 3, 15), ChangeType.AMENDED, CONTROLLER)),
        (CONTROLLER, lambda q: q.transfer(OTHER_DEPARTMENT, date(2024, 5, 1), TransferCause.UNIT_MERGED,
                                          CONTROLLER)),
        (CONTROLLER, lambda q: q.reclassify(Category.INTER_AGENCY, "", CONTROLLER)),
        (CONTROLLER, lambda q: q.abolish(ABOLITION, date(2024, 6, 1), CONTROLLER)),
    ]
    for actor, step in steps:
        step(p)
        expected.append(actor)

    events = p.collect_events()
    assert len(events) == len(expected)
    assert [(e.actor, e.acting_unit) for e in events] == [(a.account, a.unit) for a in expected]
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))


def test_effective_dates_are_recorded_beside_the_record_time():
    p = at(S.VERIFIED)
    p.publish(PUBLICATION, date(2023, 4, 1), ChangeType.NEW, CONTROLLER)
    event = p.pending_events[-1]
    assert event.effective_date == date(2023, 4, 1)
    assert event.timestamp.tzinfo is not None


def test_replaying_the_events_of_a_procedure_rebuilds_an_equal_aggregate():
    p = Procedure.list(uuid4(), DEPARTMENT, DEPARTMENT, b.content(), OFFICER)
    p.amend_draft(p.content.with_changes({"levels": ("province", "commune"), "national_code": "2.000123"}), OFFICER)
    p.submit(OFFICER)
    p.verify_listing("", CONTROLLER)
    p.publish(PUBLICATION, date(2023, 4, 1), ChangeType.NEW, CONTROLLER)
    events = p.collect_events()

    replayed = None
    for event in events:
        replayed = event.mutate(replayed)

    assert replayed == p


def test_dates_in_messages_are_written_the_vietnamese_way():
    p = at(S.VERIFIED)
    with pytest.raises(InvalidValue) as caught:
        p.publish(PUBLICATION, PUBLICATION.issued_on - timedelta(days=1), ChangeType.NEW, CONTROLLER)
    assert "19/03/2023" in caught.value.message and "2023-03-19" not in caught.value.message
