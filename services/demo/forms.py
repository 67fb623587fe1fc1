"""Filled-in forms of the demo: listing content, SCM cost worksheets, review forms and proposals.

Everything random is drawn from the story's `random.Random` at planning time, in a fixed order, so the
same seed gives the same forms.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal

from domain.cost import Activity, CostWorksheet, OtherCost
from domain.enums import Category, Channel, Measure, Recommendation, TimeUnit
from domain.review import ComponentAssessment, Legality, Necessity, Proposal, ReviewForm
from domain.values import DossierItem, LegalBasis, ProcedureContent, Step, TimeLimit

ALL = "Cán bộ, công chức, cơ quan, đơn vị có liên quan"
SUBJECTS = {
    "province": "Cơ quan chuyên môn thuộc UBND tỉnh, UBND cấp huyện, đơn vị sự nghiệp thuộc tỉnh",
    "province-A": "UBND tỉnh (cơ quan chuyên môn tham mưu)",
    "district": "UBND cấp xã, cơ quan chuyên môn, đơn vị sự nghiệp thuộc UBND cấp huyện",
    "commune": "Cán bộ, công chức, bộ phận chuyên môn thuộc UBND cấp xã",
}
DOSSIERS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "Thi đua": (("Tờ trình đề nghị khen thưởng", 1, 0), ("Báo cáo thành tích của tập thể, cá nhân", 1, 0),
                ("Biên bản họp Hội đồng Thi đua – Khen thưởng", 1, 0),
                ("Văn bản xác nhận của cơ quan có liên quan (nếu có)", 0, 1)),
    "Tổ chức": (("Tờ trình", 1, 0), ("Đề án hoặc báo cáo thuyết minh", 1, 0), ("Dự thảo quyết định", 1, 0),
                ("Ý kiến của các cơ quan có liên quan", 0, 1)),
    "chức": (("Tờ trình đề nghị", 1, 0), ("Sơ yếu lý lịch, bản tự kiểm điểm", 1, 0),
             ("Biên bản họp, kết quả lấy phiếu tín nhiệm", 1, 0), ("Văn bằng, chứng chỉ có liên quan", 0, 1)),
    "Tài": (("Tờ trình hoặc văn bản đề nghị", 1, 0), ("Báo cáo thuyết minh, biểu mẫu số liệu", 1, 0),
            ("Dự toán, chứng từ và hồ sơ liên quan", 1, 1), ("Ý kiến của cơ quan chuyên môn", 0, 1)),
    "Đầu tư": (("Tờ trình đề nghị", 1, 0), ("Báo cáo nghiên cứu, thuyết minh dự án", 1, 0),
               ("Báo cáo thẩm định nội bộ", 1, 0), ("Các văn bản pháp lý liên quan", 0, 1)),
    "Văn": (("Văn bản đề nghị", 1, 0), ("Danh mục hồ sơ, tài liệu", 2, 0), ("Mục lục hồ sơ", 1, 0)),
}
DEFAULT_DOSSIER = (("Văn bản đề nghị", 1, 0), ("Báo cáo thuyết minh", 1, 0), ("Tài liệu liên quan (nếu có)", 0, 1))
ACTIVITIES = ("Tìm hiểu quy định, chuẩn bị hồ sơ", "Nộp hồ sơ (đi lại, chờ đợi)", "Sửa đổi, bổ sung hồ sơ",
              "Nhận kết quả")
RETURN_REASONS = (
    "Chưa ghi đầy đủ căn cứ pháp lý (số hiệu, điều khoản của văn bản quy định thủ tục).",
    "Thành phần hồ sơ chưa ghi rõ số lượng bản chính, bản sao.",
    "Thời hạn giải quyết chưa thống nhất với tổng thời gian các bước thực hiện.",
    "Chưa xác định cơ quan, người có thẩm quyền quyết định.",
)
ASSUMED_VND_PER_HOUR = Decimal(40_000)  # only to rank procedures by cost while planning


def legal_bases(text: str) -> tuple[LegalBasis, ...]:
    return tuple(LegalBasis(*part.strip().split("|")) for part in text.split(";"))


def content(rng: random.Random, *, name: str, field: str, category: str, level: str, handling: str,
            deciding: str, result: str, legal: str, code: str) -> ProcedureContent:
    appraise = rng.randint(5, 12) if level == "province" else rng.randint(3, 7)
    decide = rng.randint(3, 5) if level != "commune" else rng.randint(1, 3)
    subject = SUBJECTS["province-A" if category == "A" else level]
    steps = (
        Step(1, "Cơ quan, đơn vị đề nghị", f"Lập hồ sơ theo quy định, gửi {handling}"),
        Step(2, handling, "Tiếp nhận, kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hướng dẫn bổ sung nếu chưa đầy đủ",
             Decimal(2)),
        Step(3, handling, f"Thẩm định hồ sơ, trình {deciding}", Decimal(appraise)),
        Step(4, deciding, "Xem xét, quyết định", Decimal(decide)),
        Step(5, handling, "Thông báo, trả kết quả cho cơ quan, đơn vị đề nghị", Decimal(1)),
    )
    channels = (Channel.IN_PERSON, Channel.E_OFFICE) if level == "province" else (Channel.IN_PERSON, Channel.POST)
    items = next((d for key, d in DOSSIERS.items() if key in field), DEFAULT_DOSSIER)
    coordinating = ("Văn phòng UBND tỉnh",) if level == "province" and "Chủ tịch" in deciding else ()
    return ProcedureContent(
        name=name, category=Category.INTER_AGENCY if category == "A" else Category.INTRA_ORGANISATION,
        field=field, levels=(level,), handling_agency=handling, deciding_agency=deciding,
        coordinating_agencies=coordinating, subject=subject, steps=steps, channels=channels,
        dossier=tuple(DossierItem(*d) for d in items),
        time_limit=TimeLimit(2 + appraise + decide + 1, TimeUnit.WORKING_DAY), result=result,
        legal_bases=legal_bases(legal), local_code=code,
    )


def draft_with_flaw(final: ProcedureContent, reason: int) -> ProcedureContent:
    """The listing as first submitted, missing what the controller's return `reason` asks for."""
    if reason == 0:
        return dataclasses.replace(final, legal_bases=final.legal_bases[:1] if len(final.legal_bases) > 1 else
                                   (LegalBasis(final.legal_bases[0].document),))
    if reason == 1:
        return dataclasses.replace(final, dossier=tuple(DossierItem(d.name, 0, 0) for d in final.dossier))
    if reason == 2:
        assert final.time_limit is not None
        return dataclasses.replace(final, time_limit=TimeLimit(final.time_limit.value + 10, final.time_limit.unit))
    return dataclasses.replace(final, deciding_agency="")


def worksheet_before(rng: random.Random, level: str, category: str) -> CostWorksheet:
    travel = {"province": (1, 3), "district": (3, 6), "commune": (3, 8)}[level]
    hours = (rng.choice((8, 12, 16, 20, 24)), rng.randint(*travel), rng.choice((2, 4, 6, 8)), rng.randint(1, 3))
    subjects = {"province": (10, 60), "district": (12, 28), "commune": (8, 30)}[level]
    return CostWorksheet(
        year=2023, hourly_income=Decimal(0),
        activities=tuple(Activity(n, Decimal(h)) for n, h in zip(ACTIVITIES, hours, strict=True)),
        other_costs=(OtherCost("In ấn, sao chụp hồ sơ", Decimal(rng.randrange(50_000, 250_001, 10_000))),
                     OtherCost("Chi phí đi lại", Decimal(rng.randrange(50_000, 400_001, 10_000)))),
        subjects_per_year=rng.randint(1, 2) if category == "A" else rng.randint(*subjects),
        times_per_subject_per_year=Decimal(rng.choice((1, 1, 1, 2, 4))),
    )


def estimated_cost(sheet: CostWorksheet) -> Decimal:
    return dataclasses.replace(sheet, hourly_income=ASSUMED_VND_PER_HOUR).cost_per_year


def worksheet_after(kind: Recommendation, before: CostWorksheet) -> CostWorksheet:
    if kind is Recommendation.ABOLISH:
        return CostWorksheet(year=before.year, hourly_income=Decimal(0), subjects_per_year=0)
    # per activity: "x" scales the hours, "=" sets them (online submission takes half an hour)
    rules = {Recommendation.AMEND: ("x0.6", "=0.5", "x0.5", "=0"),
             Recommendation.SUPPLEMENT: ("x1", "=0.5", "x1", "=0.5"),
             Recommendation.REPLACE: ("x0.5", "=0.5", "x0.25", "=0")}[kind]
    activities = []
    for activity, rule in zip(before.activities, rules, strict=True):
        hours = activity.hours * Decimal(rule[1:]) if rule[0] == "x" else Decimal(rule[1:])
        activities.append(Activity(activity.name, (hours * 2).to_integral_value() / 2))
    printing = before.other_costs[0].vnd * Decimal("0.3") if kind is Recommendation.AMEND else Decimal(0)
    return dataclasses.replace(before, activities=tuple(activities),
                               other_costs=(OtherCost("In ấn, sao chụp hồ sơ", printing.quantize(Decimal(1000))),))


def review_form(kind: Recommendation, field: str) -> ReviewForm:
    objectives = (f"Bảo đảm quản lý nhà nước thống nhất trong lĩnh vực {field.lower()}",
                  "Bảo đảm quyền, nghĩa vụ của cơ quan, đơn vị thực hiện")
    problems = {
        Recommendation.AMEND: ("Thành phần hồ sơ", "Một số giấy tờ trùng với thông tin đã có trên hệ thống",
                               "Cắt giảm giấy tờ trùng lặp"),
        Recommendation.SUPPLEMENT: ("Cách thức thực hiện", "Chưa cho phép nộp hồ sơ, nhận kết quả trực tuyến",
                                    "Bổ sung cách thức thực hiện trực tuyến"),
        Recommendation.REPLACE: ("Trình tự thực hiện", "Nhiều bước trung gian, xử lý tuần tự qua nhiều cơ quan",
                                 "Thay thế bằng quy trình liên thông điện tử"),
    }
    components = ["Trình tự thực hiện", "Thành phần hồ sơ", "Thời hạn giải quyết", "Cách thức thực hiện"]
    reasonableness = []
    for component in components:
        problem = problems.get(kind)
        if problem and problem[0] == component:
            reasonableness.append(ComponentAssessment(component, False, problem[1], problem[2]))
        else:
            reasonableness.append(ComponentAssessment(component, True))
    if kind is Recommendation.AMEND:
        reasonableness[2] = ComponentAssessment("Thời hạn giải quyết", False, "Dài hơn mức cần thiết",
                                                "Rút ngắn thời hạn giải quyết")
    measures = {Recommendation.AMEND: (Measure.CUT_DOSSIER_ITEM, Measure.SHORTEN_TIME, Measure.MOVE_ONLINE),
                Recommendation.SUPPLEMENT: (Measure.MOVE_ONLINE, Measure.REUSE_DATA),
                Recommendation.REPLACE: (Measure.CUT_STEP, Measure.JOIN_UP, Measure.MOVE_ONLINE)}.get(kind, ())
    necessity = Necessity(objectives) if kind is not Recommendation.ABOLISH else Necessity(
        objectives, still_valid=False, met=False,
        alternatives="Mục tiêu quản lý đã được bảo đảm bằng chế độ báo cáo và cơ sở dữ liệu hiện có")
    return ReviewForm(necessity, tuple(reasonableness), Legality(), kind, measures)


def revised(kind: Recommendation, current: ProcedureContent) -> ProcedureContent | None:
    assert current.time_limit is not None
    online = tuple(dict.fromkeys((*current.channels, Channel.ONLINE, Channel.E_OFFICE)))
    if kind is Recommendation.AMEND:
        shorter = max(1, current.time_limit.value * 7 // 10)
        steps = tuple(dataclasses.replace(s, days=Decimal(max(1, int(s.days) - (current.time_limit.value - shorter))))
                      if s.order == 3 and s.days is not None else s for s in current.steps)
        dossier = current.dossier[:-1] if len(current.dossier) > 2 else current.dossier
        return dataclasses.replace(current, dossier=dossier, time_limit=TimeLimit(shorter, current.time_limit.unit),
                                   steps=steps, channels=online)
    if kind is Recommendation.SUPPLEMENT:
        return dataclasses.replace(current, channels=online,
                                   result=f"{current.result} (bản điện tử có giá trị như bản giấy)",
                                   conditions="Hồ sơ điện tử được ký số theo quy định.")
    if kind is Recommendation.REPLACE:
        steps = (Step(1, "Cơ quan, đơn vị đề nghị", "Gửi hồ sơ điện tử trên hệ thống quản lý văn bản"),
                 Step(2, current.handling_agency, f"Thẩm định, trình {current.deciding_agency or 'cấp có thẩm quyền'}",
                      Decimal(max(2, current.time_limit.value // 2))),
                 Step(3, current.deciding_agency or current.handling_agency, "Quyết định, trả kết quả điện tử",
                      Decimal(2)))
        return dataclasses.replace(current, name=f"{current.name} (liên thông, điện tử)", steps=steps,
                                   dossier=current.dossier[:2], channels=(Channel.ONLINE, Channel.E_OFFICE),
                                   time_limit=TimeLimit(max(2, current.time_limit.value // 2) + 2), is_joined_up=True)
    return None


CHANGES = {
    Recommendation.ABOLISH: ("Bãi bỏ thủ tục", "Thủ tục không còn cần thiết; mục tiêu quản lý đã được bảo đảm bằng "
                             "chế độ báo cáo và cơ sở dữ liệu hiện có.", "Bãi bỏ quy định tại {basis}"),
    Recommendation.AMEND: ("Cắt giảm thành phần hồ sơ trùng lặp; rút ngắn thời hạn giải quyết khoảng 30 %; cho phép "
                           "nộp hồ sơ qua hệ thống quản lý văn bản điện tử",
                           "Giảm thời gian, chi phí cho cơ quan, đơn vị thực hiện; thông tin đã có trên hệ thống.",
                           "Sửa đổi, bổ sung quy định tại {basis}"),
    Recommendation.SUPPLEMENT: ("Bổ sung cách thức nộp hồ sơ và nhận kết quả trực tuyến", "Cơ quan, đơn vị không phải "
                                "đi lại; kết quả điện tử có giá trị như bản giấy.", "Bổ sung quy định tại {basis}"),
    Recommendation.REPLACE: ("Thay thế bằng thủ tục liên thông, thực hiện trên môi trường điện tử", "Rút gọn các bước "
                             "trung gian giữa các cơ quan.", "Thay thế quy định tại {basis}"),
}


def proposal(kind: Recommendation, current: ProcedureContent, before: CostWorksheet, roadmap: date) -> Proposal:
    change, reason, recommendation = CHANGES[kind]
    basis = f"{current.legal_bases[0].document} {current.legal_bases[0].articles}".strip()
    recommendation = recommendation.format(basis=basis) + "; Chủ tịch UBND tỉnh công bố thủ tục sau khi thực thi."
    return Proposal(kind, change, reason, recommendation, roadmap, worksheet_after(kind, before),
                    revised(kind, current))
