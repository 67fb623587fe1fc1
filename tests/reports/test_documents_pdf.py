"""The four documents as PDFs: content, Vietnamese formats, page numbers, footer, fonts, PDF/A-3b."""

import io
import re

import pdfplumber
import pytest

from reports import document_json
from reports.render import ATTACHMENT_NAME
from tests.reports.conftest import normalise
from tests.reports.fixtures import CHAIN_HEAD

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lạng Sơn, ngày 28 tháng 12 năm 2022")


def test_every_document_is_an_official_pdf(any_pdf):
    assert any_pdf.pdf.startswith(b"%PDF-")
    first = any_pdf.pages[0]
    for line in NATIONAL:
        assert line in first
    assert "Số: …/" in first


def test_every_page_is_numbered_trang_x_of_y(any_pdf):
    total = len(any_pdf.pages)
    for number, text in enumerate(any_pdf.pages, 1):
        assert f"Trang {number}/{total}" in text


def test_footer_of_every_page_carries_chain_head_and_log_position(any_pdf):
    position = str(any_pdf.document.meta.provenance.log_position)
    for page in range(1, len(any_pdf.pages) + 1):
        footer = normalise(
            "".join(
                c["text"] if c["text"].strip() else " "
                for c in any_pdf.chars
                if c["page"] == page and c["top"] > c["height"] - 62
            )
        )  # bottom margin (22 mm ≈ 62 pt)
        assert CHAIN_HEAD in footer.replace(" ", "")
        assert position in footer


def test_unit_report_shows_unit_figures_and_diacritics(unit_pdf):
    text = unit_pdf.text
    for expected in (
        "UBND TỈNH LẠNG SƠN",
        "VĂN PHÒNG",
        "Số: …/BC-VP",
        "BÁO CÁO",
        "Kết quả rà soát, đơn giản hóa thủ tục hành chính nội bộ",
        "UBND xã Hữu Lũng (Cấp xã)",
        "(Số liệu tính đến ngày 28/12/2022)",
        "Kế hoạch số 243/KH-UBND ngày 02/12/2022",
        "42.500.000 đ",
        "16.500.000 đ",
        "26.000.000 đ",
        "61,18 %",
        "3,58 %",
        "16,61 %",
        "Thủ tục hành chính",
        "Có nguy cơ chậm",
        "Chưa đến hạn",
        "1.012379",
        "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
        "CHÁNH VĂN PHÒNG",
        "Nguyễn Văn Hùng",
        "Nơi nhận:",
        "12 / 30 / 8 / 4",
    ):
        assert expected in text, expected


def test_unit_report_charts_are_pygal_svg_with_text(unit_pdf):
    text = unit_pdf.text
    assert "Tiến độ thực hiện các chỉ tiêu của kế hoạch" in text
    assert "1. hạn 01/04/2023" in text
    assert "Thực tế" in text and "Chỉ tiêu" in text


def test_level_summary_rows_totals_and_risk(level_pdf):
    text = level_pdf.text
    doc = level_pdf.document
    assert "BÁO CÁO TỔNG HỢP" in text and "thuộc tỉnh Lạng Sơn (Cấp tỉnh)" in text
    for row in doc.rows:
        assert row.unit in text
    assert f"Tổng cộng ({len(doc.rows)} đơn vị)" in text
    total = doc.total_cost
    assert f"{total.before:,.0f}".replace(",", ".") + " đ" in text
    assert f"trong đó {doc.units_at_risk} đơn vị không đạt hoặc có nguy cơ" in text
    assert "Không đạt" in text and "Có nguy cơ chậm" in text


def test_level_summary_highlights_units_at_risk(level_pdf):
    with pdfplumber.open(io.BytesIO(level_pdf.pdf)) as pdf:
        fills = [
            r
            for page in pdf.pages
            for r in page.rects
            if r.get("non_stroking_color") and tuple(round(x, 2) for x in r["non_stroking_color"]) == (0.99, 0.89, 0.89)
        ]
    cells_per_row = 15
    assert len(fills) == level_pdf.document.units_at_risk * cells_per_row


def test_long_table_repeats_its_header_on_the_next_page(level_pdf):
    units = [row.unit for row in level_pdf.document.rows]
    continued = [page for page in level_pdf.pages[1:] if any(unit in page for unit in units)]
    assert continued, "the table should run onto a second page"
    for page in continued:
        header = page.find("Số thủ tục hành chính nội bộ")
        first_row = min(page.find(unit) for unit in units if unit in page)
        assert 0 <= header < first_row
        assert "Bãi bỏ và đơn giản hóa" in page[header:first_row]


def test_publication_annex_grouped_and_numbered(annex_pdf):
    text = annex_pdf.text
    assert "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in text and "Số: …/QĐ-UBND" in text
    assert "(Kèm theo Quyết định số …/QĐ-UBND ngày 28 tháng 12 năm 2022 của Chủ tịch UBND tỉnh Lạng Sơn)" in text
    order = [
        "A. Danh mục TTHC nội bộ ban hành mới (3 thủ tục)",
        "I. Thủ tục hành chính nội bộ cấp tỉnh",
        "Lĩnh vực Thi đua - Khen thưởng",
        "1 1.012380 Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
        "Lĩnh vực Tổ chức biên chế",
        "II. Thủ tục hành chính nội bộ cấp xã",
        "B. Danh mục TTHC nội bộ được sửa đổi, bổ sung (2 thủ tục)",
        "C. Danh mục TTHC nội bộ được thay thế (1 thủ tục)",
        "D. Danh mục TTHC nội bộ bị bãi bỏ (1 thủ tục)",
        "E. Danh mục TTHC nội bộ được chuẩn hóa (1 thủ tục)",
    ]
    positions = [text.find(item) for item in order]
    assert -1 not in positions, [o for o, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Phê duyệt kế hoạch tuyển dụng công chức (QĐ 1234/QĐ-UBND)" in text


def test_evidence_pack_lists_history_in_order(evidence_pdf):
    text = evidence_pdf.text
    doc = evidence_pdf.document
    assert "HỒ SƠ CHỨNG CỨ" in text and doc.procedure.procedure_id in text.replace(" ", "")
    labels = [
        "Thống kê TTHC",
        "Sửa đổi dự thảo",
        "Gửi biểu mẫu thống kê",
        "Kiểm soát, xác nhận thống kê",
        "Công bố",
        "Công khai",
    ]
    positions = [text.find(f"{e.position} {e.version} {label}") for e, label in zip(doc.events, labels, strict=True)]
    assert -1 not in positions and positions == sorted(positions)
    for expected in (
        "Trần Thị Ngọc Ánh",
        "Văn phòng UBND tỉnh",
        "06/10/2022 08:22:00 +07:00",
        "Thời hạn giải quyết: 20 ngày làm việc → 15 ngày làm việc",
        "Quyết định 2345/QĐ-UBND",
        "TTHC nội bộ trong cơ quan, đơn vị",
        "Nội dung thay đổi (cũ → mới)",
    ):
        assert expected in text, expected


def test_every_character_uses_the_bundled_liberation_fonts(any_pdf):
    fonts = {c["font"].partition("+")[2] for c in any_pdf.chars}
    assert fonts and all(f.startswith("TTHC-Liberation-") for f in fonts), fonts
    assert any("Serif" in f for f in fonts) and any("Sans" in f for f in fonts)


def test_vietnamese_letters_are_drawn_in_liberation_not_a_fallback(unit_pdf):
    by_char = {}
    for c in unit_pdf.chars:
        by_char.setdefault(c["text"], set()).add(c["font"])
    for letter in "ủộịữẫđĐ":
        assert letter in by_char, letter
        assert all("Liberation" in f for f in by_char[letter]), (letter, by_char[letter])


def test_pdf_declares_pdf_a_3b_with_srgb_output_intent(any_pdf):
    root = any_pdf.reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(="|>)B', xmp)
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    assert root["/Lang"] == "vi"


def test_json_attachment_equals_document_json(any_pdf):
    attachments = any_pdf.reader.attachments
    assert list(attachments) == [ATTACHMENT_NAME]
    assert attachments[ATTACHMENT_NAME] == [document_json(any_pdf.document)]
    spec = any_pdf.reader.trailer["/Root"]["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data"


def test_metadata_dates_come_from_the_provenance(any_pdf):
    info = any_pdf.reader.metadata
    assert info["/CreationDate"] == "D:20221228163005+07'00"
    assert info["/ModDate"] == "D:20221228163005+07'00"
    assert info["/Producer"].startswith("WeasyPrint")


@pytest.mark.parametrize("name", ["unit", "level", "annex", "evidence"])
def test_title_is_vietnamese(name, request):
    rendered = request.getfixturevalue(f"{name}_pdf")
    title = rendered.reader.metadata["/Title"]
    assert any(word in title for word in ("Báo cáo", "Tổng hợp", "Danh mục", "Hồ sơ chứng cứ"))
