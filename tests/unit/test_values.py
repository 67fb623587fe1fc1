"""Value objects normalise themselves (NFC text, tuples) and validate with Vietnamese messages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from eventsourcing.persistence import Transcoder

from domain.enums import Category, Channel, Measure, Recommendation, Status, TimeUnit
from domain.errors import IllegalTransition, InvalidValue
from domain.review import ComponentAssessment, Legality, Necessity, ReviewForm
from domain.values import Actor, DecisionRef, DossierItem, Fee, LegalBasis, ProcedureContent, Step, TimeLimit, nfc
from services.application import Ledger
from services.settings import Settings
from tests.support import builders as b


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def transcoder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Transcoder]:
    """The application's own transcoder (library defaults plus services/transcodings.py)."""
    app = Ledger(Settings(data_dir=tmp_path_factory.mktemp("values")))
    yield app.mapper.transcoder
    app.close()


def roundtrip(transcoder: Transcoder, value: object) -> object:
    return transcoder.decode(transcoder.encode(value))


# -- NFC -----------------------------------------------------------------------------------------

def test_nfd_text_pasted_from_a_pdf_equals_the_nfc_text():
    assert nfd("Thủ tục") != "Thủ tục"
    assert nfc(nfd("  Thủ tục ")) == "Thủ tục"
    assert nfc(None) is None


def test_a_content_typed_in_nfd_equals_the_same_content_typed_in_nfc():
    typed = ProcedureContent(name=nfd("Thủ tục xét tặng Bằng khen"), category=Category.INTRA_ORGANISATION,
                             field=nfd("Thi đua – khen thưởng"), levels=("province",),
                             handling_agency=nfd("Sở Nội vụ"), coordinating_agencies=(nfd("Sở Tài chính"),),
                             local_code="LS-01")
    expected = ProcedureContent(name="Thủ tục xét tặng Bằng khen", category=Category.INTRA_ORGANISATION,
                                field="Thi đua – khen thưởng", levels=("province",), handling_agency="Sở Nội vụ",
                                coordinating_agencies=("Sở Tài chính",), local_code="LS-01")
    assert typed == expected
    assert typed.name == unicodedata.normalize("NFC", typed.name)


def test_nested_values_are_normalised_too():
    assert Step(1, nfd("Sở Nội vụ"), nfd(" Thẩm định ")) == Step(1, "Sở Nội vụ", "Thẩm định")
    assert DossierItem(nfd("Tờ trình")) == DossierItem("Tờ trình")
    assert LegalBasis(nfd("Luật Thi đua"), nfd("Điều 5")) == LegalBasis("Luật Thi đua", "Điều 5")
    assert DecisionRef(nfd("680/QĐ-UBND"), date(2025, 7, 28), nfd("Chủ tịch"), nfd("UBND tỉnh")) == \
        DecisionRef("680/QĐ-UBND", date(2025, 7, 28), "Chủ tịch", "UBND tỉnh")
    assert Necessity((nfd("Mục tiêu"),)) == Necessity(("Mục tiêu",))


def test_sequences_become_tuples_and_codes_become_members():
    content = ProcedureContent(name="Thủ tục", category="INTER_AGENCY", field="Nội vụ",  # type: ignore[arg-type]
                               levels=["province", "commune"], handling_agency="Sở Nội vụ",  # type: ignore[arg-type]
                               channels=["ONLINE", Channel.POST], local_code="LS-01")  # type: ignore[list-item]
    assert content.levels == ("province", "commune")
    assert content.category is Category.INTER_AGENCY
    assert content.channels == (Channel.ONLINE, Channel.POST)
    assert TimeLimit(5, "DAY").unit is TimeUnit.DAY  # type: ignore[arg-type]
    form = ReviewForm(Necessity(), [ComponentAssessment("Hồ sơ", True)], Legality(), "AMEND",  # type: ignore[arg-type]
                      ["MOVE_ONLINE"])  # type: ignore[list-item]
    assert form.recommendation is Recommendation.AMEND
    assert form.measures == (Measure.MOVE_ONLINE,)
    assert isinstance(form.reasonableness, tuple)


def test_money_and_days_become_exact_decimals():
    assert Fee("Lệ phí", 50000).vnd == Decimal(50000)  # type: ignore[arg-type]
    assert Step(1, "A", "B", 1.5).days == Decimal("1.5")  # type: ignore[arg-type]


def test_the_actor_name_does_not_take_part_in_equality():
    assert Actor("a", "u", "Nguyễn Văn An") == Actor("a", "u", "Trần Thị Bình")


# -- JSON round trip -----------------------------------------------------------------------------

def test_a_content_comes_back_from_json_equal_with_tuples_not_lists(transcoder: Transcoder):
    content = b.content()
    back = roundtrip(transcoder, content)
    assert back == content
    assert isinstance(back, ProcedureContent)
    assert isinstance(back.steps, tuple) and isinstance(back.levels, tuple) and isinstance(back.dossier, tuple)
    assert isinstance(back.steps[0].days, Decimal)
    assert back.category is Category.INTRA_ORGANISATION


def test_a_review_form_comes_back_from_json_equal(transcoder: Transcoder):
    form = b.review_form()
    back = roundtrip(transcoder, form)
    assert back == form
    assert isinstance(back.reasonableness, tuple) and isinstance(back.measures, tuple)


def test_vietnamese_text_is_stored_as_text_not_escapes(transcoder: Transcoder):
    assert "Thủ tục".encode() in transcoder.encode({"name": "Thủ tục"})


def test_enums_are_stored_by_their_value(transcoder: Transcoder):
    assert b'"DRAFT"' in transcoder.encode(Status.DRAFT)
    assert roundtrip(transcoder, Status.DRAFT) is Status.DRAFT


def test_every_member_has_a_vietnamese_label():
    from domain.enums import LABELS, Labelled

    members = [m for cls in Labelled.__subclasses__() for m in cls]
    assert members
    assert all(m in LABELS and LABELS[m] for m in members)


# -- validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Tên thủ tục không được để trống."),
    ({"name": "x" * 501}, "name", "Tên thủ tục dài quá 500 ký tự."),
    ({"field": ""}, "field", "Phải chọn lĩnh vực của thủ tục."),
    ({"levels": ()}, "levels", "Phải chọn ít nhất một cấp thực hiện."),
    ({"handling_agency": " "}, "handling_agency", "Phải ghi cơ quan thực hiện."),
    ({"local_code": ""}, "local_code", "Phải ghi mã thủ tục của địa phương."),
    ({"steps": (Step(1, "A", "B"), Step(1, "C", "D"))}, "steps", "Các bước thực hiện bị trùng số thứ tự."),
    ({"steps": (Step(2, "A", ""),)}, "steps", "Bước 2: phải ghi nội dung công việc."),
    ({"steps": (Step(3, "A", "B", Decimal(-1)),)}, "steps", "Bước 3: số ngày không được âm."),
    ({"dossier": (DossierItem(""),)}, "dossier", "Thành phần hồ sơ phải có tên."),
    ({"dossier": (DossierItem("Tờ trình", -1),)}, "dossier", "«Tờ trình»: số bản không được âm."),
    ({"time_limit": TimeLimit(0)}, "time_limit", "Thời hạn giải quyết phải lớn hơn 0."),
    ({"fees": (Fee("Lệ phí thẩm định", Decimal(-1)),)}, "fees", "Phí «Lệ phí thẩm định» không được âm."),
    ({"legal_bases": (LegalBasis(""),)}, "legal_bases", "Căn cứ pháp lý phải ghi số hiệu văn bản."),
])
def test_an_invalid_listing_form_is_refused_naming_the_field(changes: dict, field: str, message: str):
    with pytest.raises(InvalidValue) as caught:
        b.content().with_changes(changes).validate()
    assert (caught.value.field, caught.value.message) == (field, message)


def test_the_builders_content_is_valid():
    b.content().validate()


def test_changing_an_unknown_field_is_refused():
    with pytest.raises(InvalidValue, match=re.escape("Không có trường: colour.")):
        b.content().with_changes({"colour": "đỏ"})


def test_changed_fields_lists_only_what_differs():
    old = b.content()
    new = replace(old, name="Tên mới", levels=("province", "commune"))
    assert old.changed_fields(new) == {"name": "Tên mới", "levels": ("province", "commune")}
    assert old.changed_fields(replace(old)) == {}


@pytest.mark.parametrize(("decision", "field", "message"), [
    (DecisionRef("", date(2023, 1, 1), "A", "B"), "number", "Số hiệu văn bản không được để trống."),
    (DecisionRef("1234", date(2023, 1, 1), "A", "B"), "number",
     "Số hiệu «1234» không đúng dạng số/loại-cơ quan (vd. 243/KH-UBND)."),
    (DecisionRef("1/QĐ-UBND", "2023-01-01", "A", "B"), "issued_on", "Ngày ban hành không hợp lệ."),  # type: ignore[arg-type]
    (DecisionRef("1/QĐ-UBND", date(2023, 1, 1), "", "B"), "signer", "Người ký không được để trống."),
    (DecisionRef("1/QĐ-UBND", date(2023, 1, 1), "A", " "), "issuer", "Cơ quan ban hành không được để trống."),
])
def test_an_invalid_decision_is_refused_naming_the_field(decision: DecisionRef, field: str, message: str):
    with pytest.raises(InvalidValue) as caught:
        decision.validate()
    assert (caught.value.field, caught.value.message) == (field, message)


@pytest.mark.parametrize(("form", "message"), [
    (ReviewForm(Necessity(), (ComponentAssessment("", True),), Legality(), Recommendation.KEEP),
     "Mỗi bộ phận được đánh giá phải có tên."),
    (ReviewForm(Necessity(), (ComponentAssessment("Hồ sơ", True), ComponentAssessment("Hồ sơ", True)), Legality(),
                Recommendation.KEEP), "Một bộ phận bị đánh giá hai lần."),
    (ReviewForm(Necessity(), (ComponentAssessment("Hồ sơ", False),), Legality(), Recommendation.AMEND,
                (Measure.CUT_STEP,)), "«Hồ sơ» được đánh giá chưa hợp lý nên phải nêu vấn đề."),
    (ReviewForm(Necessity(), (ComponentAssessment("Hồ sơ", True),), Legality(), Recommendation.AMEND),
     "Kiến nghị đơn giản hóa phải nêu biện pháp hoặc bộ phận chưa hợp lý."),
])
def test_an_inconsistent_review_form_is_refused(form: ReviewForm, message: str):
    with pytest.raises(InvalidValue, match=re.escape(message)):
        form.validate()


def test_abolishing_because_the_procedure_is_no_longer_needed_is_a_valid_recommendation():
    ReviewForm(Necessity(still_valid=False), (ComponentAssessment("Hồ sơ", True),), Legality(),
               Recommendation.ABOLISH).validate()


def test_the_illegal_transition_message_names_the_allowed_statuses():
    error = IllegalTransition("công bố", Status.DRAFT.label, (Status.VERIFIED.label,))
    assert error.message == ("Không thể công bố khi thủ tục đang ở trạng thái «Dự thảo». "
                             "Chỉ thực hiện được khi ở trạng thái: «Đã kiểm soát».")
    assert str(error) == error.message
