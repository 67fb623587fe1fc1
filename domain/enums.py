"""Closed vocabularies of the forms. Each member's value is stored in events forever; labels are Vietnamese."""

from __future__ import annotations

from enum import Enum


class Labelled(Enum):
    """A plain (not str) Enum so the JSON transcoder sees it and restores the member on replay."""

    @property
    def label(self) -> str:
        return LABELS[self]


class Category(Labelled):
    INTER_AGENCY = "INTER_AGENCY"
    INTRA_ORGANISATION = "INTRA_ORGANISATION"


class Channel(Labelled):
    IN_PERSON = "IN_PERSON"
    POST = "POST"
    ONLINE = "ONLINE"
    E_OFFICE = "E_OFFICE"


class TimeUnit(Labelled):
    WORKING_DAY = "WORKING_DAY"
    DAY = "DAY"


class Status(Labelled):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    RETURNED = "RETURNED"
    VERIFIED = "VERIFIED"
    PUBLISHED = "PUBLISHED"
    REVIEWED = "REVIEWED"
    PROPOSED = "PROPOSED"
    APPROVED = "APPROVED"
    IMPLEMENTED = "IMPLEMENTED"
    ABOLISHED = "ABOLISHED"
    WITHDRAWN = "WITHDRAWN"

    @property
    def is_final(self) -> bool:
        return self in (Status.ABOLISHED, Status.WITHDRAWN)


class ChangeType(Labelled):
    NEW = "NEW"
    AMENDED = "AMENDED"
    SUPPLEMENTED = "SUPPLEMENTED"
    REPLACED = "REPLACED"
    STANDARDISED = "STANDARDISED"


class PublicityChannel(Labelled):
    PORTAL = "PORTAL"
    CSDLQG = "CSDLQG"
    NOTICE_BOARD = "NOTICE_BOARD"


class Recommendation(Labelled):
    KEEP = "KEEP"
    ABOLISH = "ABOLISH"
    AMEND = "AMEND"
    SUPPLEMENT = "SUPPLEMENT"
    REPLACE = "REPLACE"


class Measure(Labelled):
    CUT_DOSSIER_ITEM = "CUT_DOSSIER_ITEM"
    SHORTEN_TIME = "SHORTEN_TIME"
    CUT_STEP = "CUT_STEP"
    DELEGATE = "DELEGATE"
    JOIN_UP = "JOIN_UP"
    MOVE_ONLINE = "MOVE_ONLINE"
    REUSE_DATA = "REUSE_DATA"


class TransferCause(Labelled):
    UNIT_MERGED = "UNIT_MERGED"
    UNIT_DISSOLVED = "UNIT_DISSOLVED"
    COMPETENCE_MOVED = "COMPETENCE_MOVED"


class WithdrawalReason(Labelled):
    LISTED_IN_ERROR = "LISTED_IN_ERROR"
    DUPLICATE = "DUPLICATE"
    NOT_INTERNAL = "NOT_INTERNAL"


class Role(Labelled):
    UNIT_OFFICER = "UNIT_OFFICER"
    CONTROLLER = "CONTROLLER"
    AUDITOR = "AUDITOR"
    ADMINISTRATOR = "ADMINISTRATOR"


class Metric(Labelled):
    LISTED_PUBLISHED = "LISTED_PUBLISHED"
    PROPOSED = "PROPOSED"
    REVIEWED = "REVIEWED"
    PROCEDURES_CUT = "PROCEDURES_CUT"
    PROCEDURES_ABOLISHED = "PROCEDURES_ABOLISHED"
    COST_CUT = "COST_CUT"


class ReportKind(Labelled):
    UNIT_REPORT = "UNIT_REPORT"
    LEVEL_SUMMARY = "LEVEL_SUMMARY"
    PUBLICATION_ANNEX = "PUBLICATION_ANNEX"
    EVIDENCE_PACK = "EVIDENCE_PACK"


class TimeAxis(Labelled):
    EFFECTIVE = "EFFECTIVE"
    RECORDED = "RECORDED"


LABELS: dict[Enum, str] = {
    Category.INTER_AGENCY: "TTHC nội bộ giữa các cơ quan hành chính nhà nước",
    Category.INTRA_ORGANISATION: "TTHC nội bộ trong cơ quan, địa phương",
    Channel.IN_PERSON: "Trực tiếp",
    Channel.POST: "Qua dịch vụ bưu chính",
    Channel.ONLINE: "Trực tuyến",
    Channel.E_OFFICE: "Qua hệ thống quản lý văn bản điện tử",
    TimeUnit.WORKING_DAY: "ngày làm việc",
    TimeUnit.DAY: "ngày",
    Status.DRAFT: "Dự thảo",
    Status.SUBMITTED: "Đã gửi thống kê",
    Status.RETURNED: "Bị trả lại",
    Status.VERIFIED: "Đã kiểm soát",
    Status.PUBLISHED: "Đã công bố",
    Status.REVIEWED: "Đã rà soát",
    Status.PROPOSED: "Đã đề xuất phương án",
    Status.APPROVED: "Phương án được phê duyệt",
    Status.IMPLEMENTED: "Đã thực thi phương án",
    Status.ABOLISHED: "Đã bãi bỏ",
    Status.WITHDRAWN: "Đã rút khỏi danh mục",
    ChangeType.NEW: "Ban hành mới",
    ChangeType.AMENDED: "Sửa đổi",
    ChangeType.SUPPLEMENTED: "Bổ sung",
    ChangeType.REPLACED: "Thay thế",
    ChangeType.STANDARDISED: "Chuẩn hóa",
    PublicityChannel.PORTAL: "Cổng thông tin điện tử",
    PublicityChannel.CSDLQG: "Cơ sở dữ liệu quốc gia về TTHC",
    PublicityChannel.NOTICE_BOARD: "Niêm yết tại trụ sở",
    Recommendation.KEEP: "Giữ nguyên",
    Recommendation.ABOLISH: "Bãi bỏ",
    Recommendation.AMEND: "Sửa đổi",
    Recommendation.SUPPLEMENT: "Bổ sung",
    Recommendation.REPLACE: "Thay thế",
    Measure.CUT_DOSSIER_ITEM: "Cắt giảm thành phần hồ sơ",
    Measure.SHORTEN_TIME: "Rút ngắn thời hạn giải quyết",
    Measure.CUT_STEP: "Cắt giảm bước thực hiện",
    Measure.DELEGATE: "Phân cấp, ủy quyền",
    Measure.JOIN_UP: "Liên thông",
    Measure.MOVE_ONLINE: "Thực hiện trên môi trường điện tử",
    Measure.REUSE_DATA: "Khai thác, sử dụng lại dữ liệu",
    TransferCause.UNIT_MERGED: "Đơn vị được hợp nhất, sáp nhập",
    TransferCause.UNIT_DISSOLVED: "Đơn vị giải thể",
    TransferCause.COMPETENCE_MOVED: "Chuyển giao thẩm quyền",
    WithdrawalReason.LISTED_IN_ERROR: "Thống kê nhầm",
    WithdrawalReason.DUPLICATE: "Trùng lặp",
    WithdrawalReason.NOT_INTERNAL: "Không phải TTHC nội bộ",
    Role.UNIT_OFFICER: "Công chức đầu mối",
    Role.CONTROLLER: "Cán bộ kiểm soát TTHC",
    Role.AUDITOR: "Kiểm tra viên",
    Role.ADMINISTRATOR: "Quản trị hệ thống",
    Metric.LISTED_PUBLISHED: "Thống kê, công bố TTHC nội bộ",
    Metric.PROPOSED: "Đề xuất phương án đơn giản hóa",
    Metric.REVIEWED: "Rà soát, đánh giá TTHC nội bộ",
    Metric.PROCEDURES_CUT: "Cắt giảm, đơn giản hóa số TTHC",
    Metric.PROCEDURES_ABOLISHED: "Bãi bỏ TTHC",
    Metric.COST_CUT: "Cắt giảm chi phí tuân thủ",
    ReportKind.UNIT_REPORT: "Báo cáo kết quả rà soát, đơn giản hóa TTHC nội bộ",
    ReportKind.LEVEL_SUMMARY: "Báo cáo tổng hợp theo đơn vị trực thuộc",
    ReportKind.PUBLICATION_ANNEX: "Danh mục TTHC nội bộ kèm theo quyết định công bố",
    ReportKind.EVIDENCE_PACK: "Hồ sơ lịch sử thủ tục",
    TimeAxis.EFFECTIVE: "Theo ngày có hiệu lực",
    TimeAxis.RECORDED: "Theo thời điểm ghi nhận",
}
