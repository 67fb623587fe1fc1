"""Vietnamese labels for the codes the view models carry (presentation only).

`label(kind, code)` returns the code itself when it is unknown, so a new domain status or event
still prints (in its stored name) instead of breaking a report.
"""

from __future__ import annotations

from reports.blocks import ChangeType, MilestoneStatus

MILESTONE = {
    MilestoneStatus.MET: "Đạt",
    MilestoneStatus.MISSED: "Không đạt",
    MilestoneStatus.AT_RISK: "Có nguy cơ chậm",
    MilestoneStatus.PENDING: "Chưa đến hạn",
}

STATUS = {
    "DRAFT": "Dự thảo",
    "SUBMITTED": "Đã gửi thống kê",
    "RETURNED": "Bị trả lại",
    "VERIFIED": "Đã kiểm soát",
    "PUBLISHED": "Đã công bố",
    "PUBLICISED": "Đã công khai",
    "REVIEWED": "Đã rà soát",
    "PROPOSED": "Đã đề xuất phương án",
    "APPROVED": "Phương án được phê duyệt",
    "IMPLEMENTED": "Đã thực thi phương án",
    "ABOLISHED": "Đã bãi bỏ",
    "WITHDRAWN": "Đã rút khỏi danh mục",
}

RECOMMENDATION = {
    "KEEP": "Giữ nguyên",
    "ABOLISH": "Bãi bỏ",
    "AMEND": "Sửa đổi",
    "SUPPLEMENT": "Bổ sung",
    "REPLACE": "Thay thế",
}

CATEGORY = {
    "INTER_AGENCY": "TTHC nội bộ giữa các cơ quan hành chính nhà nước",
    "INTRA_ORGANISATION": "TTHC nội bộ trong cơ quan, đơn vị",
}

EVENT = {
    "Listed": "Thống kê TTHC",
    "DraftAmended": "Sửa đổi dự thảo",
    "Submitted": "Gửi biểu mẫu thống kê",
    "ListingReturned": "Trả lại biểu mẫu thống kê",
    "ListingVerified": "Kiểm soát, xác nhận thống kê",
    "Published": "Công bố",
    "Publicised": "Công khai",
    "ReviewRecorded": "Rà soát, đánh giá",
    "SimplificationProposed": "Đề xuất phương án đơn giản hóa",
    "PlanApproved": "Phê duyệt phương án",
    "PlanRejected": "Không phê duyệt phương án",
    "Implemented": "Thực thi phương án",
    "Abolished": "Bãi bỏ",
    "Reclassified": "Phân loại lại",
    "Transferred": "Chuyển giao",
    "Withdrawn": "Rút khỏi danh mục",
}

FIELD = {
    "name": "Tên thủ tục",
    "category": "Loại TTHC",
    "field": "Lĩnh vực",
    "implementing_levels": "Cấp thực hiện",
    "handling_unit": "Cơ quan giải quyết",
    "deciding_unit": "Cơ quan có thẩm quyền quyết định",
    "coordinating_units": "Cơ quan phối hợp",
    "subject": "Đối tượng thực hiện",
    "steps": "Trình tự thực hiện",
    "channels": "Cách thức thực hiện",
    "dossier_items": "Thành phần hồ sơ",
    "time_limit": "Thời hạn giải quyết",
    "result": "Kết quả thực hiện",
    "conditions": "Yêu cầu, điều kiện",
    "fees": "Phí, lệ phí",
    "legal_bases": "Căn cứ pháp lý",
    "national_code": "Mã TTHC (CSDLQG)",
    "local_code": "Mã TTHC (địa phương)",
    "status": "Trạng thái",
}

# Annex parts: (heading, change types printed in that part), in the decision's order.
ANNEX_PARTS = (
    ("Danh mục TTHC nội bộ ban hành mới", (ChangeType.NEW,)),
    ("Danh mục TTHC nội bộ được sửa đổi, bổ sung", (ChangeType.AMENDED, ChangeType.SUPPLEMENTED)),
    ("Danh mục TTHC nội bộ được thay thế", (ChangeType.REPLACED,)),
    ("Danh mục TTHC nội bộ bị bãi bỏ", (ChangeType.ABOLISHED,)),
    ("Danh mục TTHC nội bộ được chuẩn hóa", (ChangeType.STANDARDISED,)),
)

_KINDS = {
    "milestone": MILESTONE,
    "status": STATUS,
    "recommendation": RECOMMENDATION,
    "category": CATEGORY,
    "event": EVENT,
    "field": FIELD,
}


def label(code: str | None, kind: str) -> str:
    """Vietnamese label of `code` in the vocabulary `kind`; the code itself when unknown."""
    if code is None:
        return ""
    return _KINDS[kind].get(code, str(code))
