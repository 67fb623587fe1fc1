"""Random command sequences on one procedure, through the application on an embedded SQLite store.

After every step: a command either did what the lifecycle table says, or raised a DomainError and
wrote nothing. At the end, a fresh application on the same files replays an equal aggregate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from domain import lifecycle
from domain.enums import Category, ChangeType, PublicityChannel, Recommendation, Status, TransferCause, WithdrawalReason
from domain.errors import ConcurrencyConflict, DomainError, IllegalTransition
from domain.procedure import Procedure
from domain.review import ReviewRound
from services.application import Ledger
from services.base import SYSTEM
from services.settings import Settings
from tests.support import builders as b
from tests.unit.test_procedure_lifecycle import TARGET

PUBLICATION = b.decision("1234/QĐ-UBND", date(2023, 3, 20))
APPROVAL = b.decision("55/QĐ-UBND", date(2024, 1, 5))
DOCUMENT = b.decision("12/2024/QĐ-UBND", date(2024, 3, 1))
ROUNDS = [ReviewRound("243/KH-UBND", 2023), ReviewRound("120/KH-UBND", 2024)]


def reachable() -> set[Status]:
    """Every status the table lets a listed procedure reach."""
    seen, todo = {Status.DRAFT}, [Status.DRAFT]
    while todo:
        status = todo.pop()
        for command, (_, froms) in lifecycle.TRANSITIONS.items():
            if status in froms:
                targets = {TARGET[command] or status}
                if command == "reclassify":
                    targets.add(Status.WITHDRAWN)
                for target in targets - seen:
                    seen.add(target)
                    todo.append(target)
    return seen


REACHABLE = reachable()


class ProcedureMachine(RuleBasedStateMachine):
    app: Ledger
    world: b.Province
    finance: UUID
    count = 0

    def __init__(self) -> None:
        super().__init__()
        ProcedureMachine.count += 1
        self.code = f"P-{ProcedureMachine.count:04d}"
        self.pid = self.app.list_procedure(self.world.officer, self.world.department, self.world.department,
                                           b.content(self.code))
        self.round = 0

    # -- the check every command goes through ----------------------------------------------------
    def attempt(self, command: str, call: Callable[[], object], target: Status | None = None) -> None:
        before: Procedure = self.app.repository.get(self.pid)
        position = self.app.max_position()
        _, allowed = lifecycle.TRANSITIONS[command]
        try:
            call()
        except DomainError as error:
            assert self.app.max_position() == position, f"{command} failed but wrote events: {error}"
            assert self.app.repository.get(self.pid) == before
            if isinstance(error, IllegalTransition):
                assert before.status not in allowed, f"{command} refused in {before.status}"
            return
        assert before.status in allowed, f"{command} succeeded in {before.status}"
        after: Procedure = self.app.repository.get(self.pid)
        assert after.status is (target or TARGET[command] or before.status)
        assert after.version == before.version + 1

    @property
    def p(self) -> Procedure:
        return self.app.repository.get(self.pid)

    # -- commands with random arguments ----------------------------------------------------------
    @rule(name=st.sampled_from(["Xét tặng Bằng khen", "Xét tặng Cờ thi đua", ""]), new_code=st.booleans())
    def amend(self, name: str, new_code: bool) -> None:
        content = b.content(self.code + ("-B" if new_code else ""), name=name or b.content().name)
        self.attempt("amend", lambda: self.app.amend_draft(self.world.officer, self.pid, content))

    @rule()
    def submit(self) -> None:
        self.attempt("submit", lambda: self.app.submit(self.world.officer, self.pid))

    @rule(reason=st.sampled_from(["Thiếu căn cứ pháp lý", ""]))
    def return_listing(self, reason: str) -> None:
        self.attempt("return", lambda: self.app.return_listing(self.world.controller, self.pid, reason))

    @rule()
    def verify(self) -> None:
        self.attempt("verify", lambda: self.app.verify_listing(self.world.controller, self.pid, "Đầy đủ"))

    @rule(change=st.sampled_from(ChangeType), effective=st.sampled_from([date(2023, 3, 19), date(2023, 3, 20)]))
    def publish(self, change: ChangeType, effective: date) -> None:
        self.attempt("publish", lambda: self.app.publish(self.world.controller, self.pid, PUBLICATION, effective,
                                                         change))

    @rule(channel=st.sampled_from(PublicityChannel),
          url=st.sampled_from(["", "langson.gov.vn", "https://dichvucong.langson.gov.vn/tthc"]),
          on=st.sampled_from([date(2023, 3, 19), date(2023, 3, 25)]))
    def publicise(self, channel: PublicityChannel, url: str, on: date) -> None:
        self.attempt("publicise", lambda: self.app.publicise(self.world.controller, self.pid, channel, url, on))

    @rule(unit=st.sampled_from(["department", "province", "finance"]), round=st.sampled_from(ROUNDS),
          recommendation=st.sampled_from(Recommendation))
    def review(self, unit: str, round: ReviewRound, recommendation: Recommendation) -> None:
        unit_id = self.finance if unit == "finance" else getattr(self.world, unit)
        self.attempt("review", lambda: self.app.record_review(self.world.officer, self.pid, unit_id, round,
                                                              b.review_form(recommendation), b.worksheet()))

    @rule(kind=st.sampled_from(Recommendation), with_content=st.booleans())
    def propose(self, kind: Recommendation, with_content: bool) -> None:
        proposal = b.proposal(kind)
        if not with_content:
            proposal = replace(proposal, revised_content=None)
        self.attempt("propose", lambda: self.app.propose(self.world.officer, self.pid, proposal))

    @rule(effective=st.sampled_from([date(2024, 1, 4), date(2024, 1, 5)]))
    def approve(self, effective: date) -> None:
        self.attempt("approve", lambda: self.app.approve_plan(self.world.controller, self.pid, APPROVAL, effective))

    @rule(reason=st.sampled_from(["Chưa đủ căn cứ", ""]))
    def reject(self, reason: str) -> None:
        self.attempt("reject", lambda: self.app.reject_plan(self.world.controller, self.pid, reason))

    @rule(own_content=st.booleans())
    def implement(self, own_content: bool) -> None:
        revised = b.content(self.code).with_changes({"result": "Quyết định điện tử"}) if own_content else None
        self.attempt("implement", lambda: self.app.implement(self.world.controller, self.pid, DOCUMENT,
                                                             date(2024, 3, 15), revised))

    @rule(effective=st.sampled_from([date(2024, 6, 1), date(2023, 3, 19)]))
    def abolish(self, effective: date) -> None:
        self.attempt("abolish", lambda: self.app.abolish(self.world.controller, self.pid, PUBLICATION, effective))

    @rule(category=st.sampled_from([Category.INTER_AGENCY, Category.INTRA_ORGANISATION, None, Category.INTER_AGENCY,
                                    Category.INTRA_ORGANISATION]),
          reason=st.sampled_from(["Giải quyết cho tổ chức bên ngoài", ""]))
    def reclassify(self, category: Category | None, reason: str) -> None:
        self.attempt("reclassify", lambda: self.app.reclassify(self.world.controller, self.pid, category, reason),
                     Status.WITHDRAWN if category is None else None)

    @rule(to=st.sampled_from(["department", "finance"]))
    def transfer(self, to: str) -> None:
        unit = self.finance if to == "finance" else self.world.department
        self.attempt("transfer", lambda: self.app.transfer(self.world.controller, self.pid, unit, date(2025, 1, 1),
                                                           TransferCause.COMPETENCE_MOVED))

    @rule(reason=st.sampled_from(WithdrawalReason), now=st.integers(0, 3))
    def withdraw(self, reason: WithdrawalReason, now: int) -> None:
        if now == 0:  # a withdrawal ends the run: keep it rarer than the other commands
            self.attempt("withdraw", lambda: self.app.withdraw(self.world.officer, self.pid, reason))

    @rule()
    def submit_from_a_stale_form(self) -> None:
        version = self.p.version
        if version > 1:
            try:
                self.app.submit(self.world.officer, self.pid, expected_version=version - 1)
            except ConcurrencyConflict:
                assert self.p.version == version
            else:
                raise AssertionError("a stale expected version was accepted")

    @initialize(steps=st.integers(0, 10))
    def start_somewhere_along_the_ordinary_path(self, steps: int) -> None:
        for _ in range(steps):
            self._advance()

    @rule(times=st.integers(1, 3))
    def advance(self, times: int) -> None:
        """The next steps of the ordinary path, so that random runs also reach the later statuses."""
        for _ in range(times):
            self._advance()

    def _advance(self) -> None:
        p, app, w = self.p, self.app, self.world
        if p.status in (Status.DRAFT, Status.RETURNED):
            self.attempt("submit", lambda: app.submit(w.officer, self.pid))
        elif p.status is Status.SUBMITTED:
            self.attempt("verify", lambda: app.verify_listing(w.controller, self.pid))
        elif p.status is Status.VERIFIED:
            self.attempt("publish", lambda: app.publish(w.controller, self.pid, PUBLICATION, date(2023, 4, 1)))
        elif p.status is Status.PUBLISHED:
            self.round += 1
            round = ReviewRound("243/KH-UBND", 2022 + self.round)
            self.attempt("review", lambda: app.record_review(w.officer, self.pid, w.department, round,
                                                             b.review_form(), b.worksheet()))
        elif p.status is Status.REVIEWED:
            self.attempt("propose", lambda: app.propose(w.officer, self.pid, b.proposal()))
        elif p.status is Status.PROPOSED:
            self.attempt("approve", lambda: app.approve_plan(w.controller, self.pid, APPROVAL, date(2024, 1, 5)))
        elif p.status is Status.APPROVED and p.proposal is not None:
            if p.proposal.kind is Recommendation.ABOLISH:
                self.attempt("abolish", lambda: app.abolish(w.controller, self.pid, APPROVAL, date(2024, 2, 1)))
            else:
                self.attempt("implement", lambda: app.implement(w.controller, self.pid, DOCUMENT, date(2024, 3, 15)))
        elif p.status is Status.IMPLEMENTED and p.proposal is not None:
            change = lifecycle.CHANGE_FOR_KIND[p.proposal.kind]
            self.attempt("publish", lambda: app.publish(w.controller, self.pid, DOCUMENT, date(2024, 3, 15), change))

    # -- what must always hold -------------------------------------------------------------------
    @invariant()
    def the_status_is_one_the_lifecycle_can_reach(self) -> None:
        assert self.p.status in REACHABLE

    def teardown(self) -> None:
        live = self.app.repository.get(self.pid)
        replayer = Ledger(self.app.settings)
        try:
            assert replayer.repository.get(self.pid) == live
            folded = None
            for event in replayer.events.get(self.pid):
                folded = event.mutate(folded)
            assert folded == live
        finally:
            replayer.close()


def test_random_command_sequences_follow_the_lifecycle_and_replay_to_an_equal_procedure(tmp_path: Path):
    app = Ledger(Settings(data_dir=tmp_path / "var", snapshot_interval=4))
    try:
        world = b.province(app)
        finance = app.establish_unit(SYSTEM, "20-STC", "Sở Tài chính", "Sở", "province", world.province,
                                     date(2008, 4, 1))
        ProcedureMachine.app, ProcedureMachine.world, ProcedureMachine.finance = app, world, finance
        run_state_machine_as_test(ProcedureMachine, settings=settings(
            max_examples=50, stateful_step_count=20, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    finally:
        app.close()


def test_every_status_is_reachable_from_a_listing():
    assert set(Status) == REACHABLE
