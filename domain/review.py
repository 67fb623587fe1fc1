"""The review form (biểu mẫu rà soát, đánh giá) and the simplification proposal (phương án)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.cost import CostWorksheet
from domain.enums import Measure, Recommendation
from domain.values import Immutable, ProcedureContent, normalise, require


@dataclass(frozen=True)
class Necessity(Immutable):
    objectives: tuple[str, ...] = ()
    still_valid: bool = True
    met: bool = True
    alternatives: str = ""

    def __post_init__(self) -> None:
        normalise(self)


@dataclass(frozen=True)
class ComponentAssessment(Immutable):
    """Reasonableness of one component (steps, dossier, time limit, …)."""

    component: str
    reasonable: bool
    problem: str = ""
    proposal: str = ""

    def __post_init__(self) -> None:
        normalise(self)


@dataclass(frozen=True)
class Legality(Immutable):
    competent_issuer: bool = True
    consistent_with_higher_law: bool = True
    notes: str = ""

    def __post_init__(self) -> None:
        normalise(self)


@dataclass(frozen=True)
class ReviewRound(Immutable):
    """Which plan and year a review belongs to; several units may review in one round."""

    plan_code: str
    year: int

    def __post_init__(self) -> None:
        normalise(self)


@dataclass(frozen=True)
class ReviewForm(Immutable):
    necessity: Necessity
    reasonableness: tuple[ComponentAssessment, ...]
    legality: Legality
    recommendation: Recommendation
    measures: tuple[Measure, ...] = ()

    def __post_init__(self) -> None:
        normalise(self)
        if isinstance(self.recommendation, str):
            object.__setattr__(self, "recommendation", Recommendation(self.recommendation))
        object.__setattr__(self, "measures", tuple(Measure(m) if isinstance(m, str) else m for m in self.measures))

    def validate(self) -> None:
        components = [c.component for c in self.reasonableness]
        require(all(components), "reasonableness", "Mỗi bộ phận được đánh giá phải có tên.")
        require(len(components) == len(set(components)), "reasonableness", "Một bộ phận bị đánh giá hai lần.")
        for c in self.reasonableness:
            require(c.reasonable or bool(c.problem), "reasonableness",
                    f"«{c.component}» được đánh giá chưa hợp lý nên phải nêu vấn đề.")
        if self.recommendation is not Recommendation.KEEP:
            require(bool(self.measures) or any(not c.reasonable for c in self.reasonableness)
                    or not self.necessity.still_valid, "recommendation",
                    "Kiến nghị đơn giản hóa phải nêu biện pháp hoặc bộ phận chưa hợp lý.")


@dataclass(frozen=True)
class Proposal(Immutable):
    """A simplification option (phương án đơn giản hóa) for one procedure."""

    kind: Recommendation
    change: str
    reason: str
    implementing_recommendation: str
    roadmap: date
    cost_after: CostWorksheet
    revised_content: ProcedureContent | None = None

    def __post_init__(self) -> None:
        normalise(self)
        if isinstance(self.kind, str):
            object.__setattr__(self, "kind", Recommendation(self.kind))

    def validate(self) -> None:
        require(self.kind is not Recommendation.KEEP, "kind", "Phương án đơn giản hóa không thể là «Giữ nguyên».")
        require(bool(self.change), "change", "Phải nêu nội dung đơn giản hóa.")
        require(bool(self.reason), "reason", "Phải nêu lý do đơn giản hóa.")
        require(bool(self.implementing_recommendation), "implementing_recommendation",
                "Phải nêu kiến nghị thực thi (sửa đổi, bãi bỏ điều khoản nào của văn bản nào).")
        self.cost_after.validate()
        if self.kind in (Recommendation.AMEND, Recommendation.SUPPLEMENT, Recommendation.REPLACE):
            require(self.revised_content is not None, "revised_content",
                    "Phương án sửa đổi, bổ sung, thay thế phải kèm nội dung thủ tục sau đơn giản hóa.")
        if self.revised_content is not None:
            self.revised_content.validate()
