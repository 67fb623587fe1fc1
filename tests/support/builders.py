"""Realistic test data builders: a small province with levels, units, a cost parameter and an actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from domain.cost import Activity, CostWorksheet, OtherCost
from domain.enums import Category, Channel, Measure, Recommendation, TimeUnit
from domain.review import ComponentAssessment, Legality, Necessity, Proposal, ReviewForm, ReviewRound
from domain.values import Actor, DecisionRef, DossierItem, LegalBasis, ProcedureContent, Step, TimeLimit
from services.application import Ledger
from services.base import SYSTEM

ROUND = ReviewRound("243/KH-UBND", 2023)


@dataclass(frozen=True)
class Province:
    province: UUID
    department: UUID
    district: UUID
    commune: UUID
    officer: Actor
    controller: Actor


def content(code: str = "LS-NV-01", name: str = "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
            levels: tuple[str, ...] = ("province",)) -> ProcedureContent:
    return ProcedureContent(
        name=name, category=Category.INTRA_ORGANISATION, field="Thi đua – khen thưởng", levels=levels,
        handling_agency="Sở Nội vụ", deciding_agency="Chủ tịch UBND tỉnh", subject="Cơ quan, đơn vị thuộc tỉnh",
        steps=(Step(1, "Cơ quan đề nghị", "Lập hồ sơ, gửi Sở Nội vụ", Decimal(5)),
               Step(2, "Sở Nội vụ", "Thẩm định, trình Chủ tịch UBND tỉnh", Decimal(10))),
        channels=(Channel.IN_PERSON, Channel.E_OFFICE),
        dossier=(DossierItem("Tờ trình đề nghị", 1, 0), DossierItem("Báo cáo thành tích", 1, 1)),
        time_limit=TimeLimit(20, TimeUnit.WORKING_DAY), result="Quyết định khen thưởng",
        legal_bases=(LegalBasis("Luật Thi đua, khen thưởng 2022"), LegalBasis("98/2023/NĐ-CP", "Điều 30")),
        local_code=code,
    )


def decision(number: str = "1234/QĐ-UBND", on: date = date(2023, 3, 20)) -> DecisionRef:
    return DecisionRef(number, on, "Chủ tịch UBND tỉnh", "UBND tỉnh Lạng Sơn")


def worksheet(hours: tuple[int, ...] = (16, 4, 8, 2), other: int = 500_000, year: int = 2023) -> CostWorksheet:
    names = ("Chuẩn bị hồ sơ", "Nộp hồ sơ", "Bổ sung hồ sơ", "Nhận kết quả")
    return CostWorksheet(year=year, hourly_income=Decimal(0),
                         activities=tuple(Activity(n, Decimal(h)) for n, h in zip(names, hours, strict=False)),
                         other_costs=(OtherCost("In ấn, đi lại", Decimal(other)),) if other else (),
                         subjects_per_year=25, times_per_subject_per_year=Decimal(1))


def review_form(recommendation: Recommendation = Recommendation.AMEND) -> ReviewForm:
    reasonable = recommendation is Recommendation.KEEP
    return ReviewForm(
        necessity=Necessity(("Bảo đảm khen thưởng đúng người, đúng thành tích",)),
        reasonableness=(ComponentAssessment("Thành phần hồ sơ", reasonable, "" if reasonable else "Trùng lặp"),),
        legality=Legality(), recommendation=recommendation,
        measures=() if reasonable else (Measure.MOVE_ONLINE, Measure.CUT_DOSSIER_ITEM),
    )


def proposal(kind: Recommendation = Recommendation.AMEND, revised: ProcedureContent | None = None) -> Proposal:
    if revised is None and kind is not Recommendation.ABOLISH:
        revised = content().with_changes({"dossier": (DossierItem("Tờ trình đề nghị", 1, 0),)})
    return Proposal(kind=kind, change="Bỏ báo cáo thành tích bản giấy", reason="Đã có trên hệ thống",
                    implementing_recommendation="Sửa Điều 5 Quyết định 40/2020/QĐ-UBND",
                    roadmap=date(2024, 6, 30), cost_after=worksheet((12, 0, 4, 0), other=0), revised_content=revised)


def province(app: Ledger) -> Province:
    """Levels, a province with a department, a district with a commune, an hourly income for 2023."""
    with app.recorded_by(lambda: datetime(2022, 12, 1, tzinfo=UTC)):
        app.define_level(SYSTEM, "province", "Cấp tỉnh", 1, date(1976, 1, 1))
        app.define_level(SYSTEM, "district", "Cấp huyện", 2, date(1976, 1, 1))
        app.define_level(SYSTEM, "commune", "Cấp xã", 3, date(1976, 1, 1))
        p = app.establish_unit(SYSTEM, "20", "UBND tỉnh Lạng Sơn", "UBND tỉnh", "province", None, date(1976, 1, 1))
        d = app.establish_unit(SYSTEM, "20-SNV", "Sở Nội vụ", "Sở", "province", p, date(2008, 4, 1))
        h = app.establish_unit(SYSTEM, "181", "UBND huyện Hữu Lũng", "UBND huyện", "district", p, date(1976, 1, 1))
        c = app.establish_unit(SYSTEM, "06160", "UBND xã Hòa Thắng", "UBND xã", "commune", h, date(1976, 1, 1))
        app.set_hourly_income(SYSTEM, 2023, Decimal(40_000), "Giả định để kiểm thử")
        app.set_hourly_income(SYSTEM, 2024, Decimal(42_000), "Giả định để kiểm thử")
    return Province(p, d, h, c, officer=Actor(SYSTEM.account, d), controller=Actor(SYSTEM.account, p))


def published(app: Ledger, where: Province, code: str = "LS-NV-01") -> UUID:
    pid = app.list_procedure(where.officer, where.department, where.department, content(code))
    app.submit(where.officer, pid)
    app.verify_listing(where.controller, pid, "Đầy đủ")
    app.publish(where.controller, pid, decision(), date(2023, 3, 20))
    return pid
