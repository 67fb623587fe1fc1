"""How a procedure's history reads to an auditor: event labels, a printable state, and field diffs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.cost import Saving
from domain.procedure import Procedure
from domain.values import DecisionRef, ProcedureContent
from services.formatting import money

EVENT_LABELS: dict[str, str] = {
    "Listed": "Thống kê (lập dự thảo)",
    "DraftAmended": "Sửa dự thảo",
    "Submitted": "Gửi kết quả thống kê",
    "ListingReturned": "Trả lại kết quả thống kê",
    "ListingVerified": "Xác nhận kết quả thống kê",
    "Published": "Công bố",
    "Publicised": "Công khai",
    "ReviewRecorded": "Rà soát, đánh giá",
    "SimplificationProposed": "Đề xuất phương án đơn giản hóa",
    "PlanApproved": "Phê duyệt phương án",
    "PlanRejected": "Không phê duyệt phương án",
    "Implemented": "Thực thi phương án",
    "Abolished": "Bãi bỏ",
    "Reclassified": "Phân loại lại",
    "Transferred": "Chuyển giao đơn vị quản lý",
    "Withdrawn": "Rút khỏi danh mục",
}

CONTENT_LABELS: dict[str, str] = {
    "name": "Tên thủ tục",
    "category": "Nhóm",
    "field": "Lĩnh vực",
    "levels": "Cấp thực hiện",
    "handling_agency": "Cơ quan thực hiện",
    "deciding_agency": "Cơ quan có thẩm quyền quyết định",
    "coordinating_agencies": "Cơ quan phối hợp",
    "subject": "Đối tượng thực hiện",
    "steps": "Trình tự thực hiện",
    "channels": "Cách thức thực hiện",
    "dossier": "Thành phần hồ sơ",
    "time_limit": "Thời hạn giải quyết",
    "result": "Kết quả thực hiện",
    "conditions": "Yêu cầu, điều kiện",
    "fees": "Phí, lệ phí",
    "legal_bases": "Căn cứ pháp lý",
    "national_code": "Mã CSDLQG",
    "local_code": "Mã thủ tục",
    "is_joined_up": "Liên thông",
}


def event_name(topic: str) -> str:
    name = topic.rsplit(".", 1)[-1]
    return "Listed" if name == "Listed" else name


def text(value: Any) -> str:
    """One value as an auditor reads it (Vietnamese formats, labels instead of codes)."""
    if value is None or value == "" or value == ():
        return "—"
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, DecisionRef):
        return f"{value.number} ngày {value.issued_on:%d/%m/%Y} ({value.signer}, {value.issuer})"
    if isinstance(value, tuple):
        return "; ".join(text(v) for v in value)
    if hasattr(value, "action"):  # Step
        days = f" ({value.days} ngày)" if value.days is not None else ""
        return f"Bước {value.order}: {value.actor} – {value.action}{days}"
    if hasattr(value, "originals"):  # DossierItem
        return f"{value.name} ({value.originals} bản chính, {value.copies} bản sao)"
    if hasattr(value, "unit") and hasattr(value, "value"):  # TimeLimit
        return f"{value.value} {value.unit.label}"
    if hasattr(value, "vnd"):  # Fee
        return f"{value.name}: {money(value.vnd)}"
    if hasattr(value, "articles"):  # LegalBasis
        return f"{value.document} {value.articles}".strip()
    return str(value)


def describe(procedure: Procedure, unit_name: Callable[[UUID], str]) -> dict[str, str]:
    """A flat, printable state of a procedure; diffs of consecutive states are the field-level changes."""
    state: dict[str, str] = {
        "Trạng thái": procedure.status.label,
        "Đơn vị quản lý": unit_name(procedure.managing_unit),
        "Quyết định gần nhất": text(procedure.last_decision),
        "Ngày có hiệu lực": text(procedure.in_force_from),
        "Lần công bố": str(procedure.publication_no),
    }
    state.update(content_text(procedure.content))
    review = procedure.latest_review
    if review is not None:
        state["Kiến nghị rà soát"] = review.form.recommendation.label
    if procedure.proposal is not None:
        state["Phương án"] = procedure.proposal.kind.label
    state["Chi phí tuân thủ trước (năm)"] = text(procedure.cost_before_year)
    state["Chi phí tuân thủ sau (năm)"] = text(procedure.cost_after_year)
    if procedure.approval is not None:
        state["Quyết định phê duyệt phương án"] = text(procedure.approval)
    return state


def content_text(content: ProcedureContent) -> dict[str, str]:
    return {label: text(getattr(content, name)) for name, label in CONTENT_LABELS.items()}


def diff(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    keys = list(dict.fromkeys([*before, *after]))
    return [(k, before.get(k, "—"), after.get(k, "—")) for k in keys if before.get(k, "—") != after.get(k, "—")]


def costs(procedure: Procedure) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Cost per year before and after simplification, and the reduction %, where both are known."""
    before, after = procedure.cost_before_year, procedure.cost_after_year
    if before is None or after is None:
        return before, after, None
    return before, after, Saving(before, after).reduction_pct


def summarise(event: Any, unit_name: Callable[[UUID], str]) -> str:
    """The event's own facts in one line (the reason, the decision, the channel, …)."""
    parts: list[str] = []
    for attr, label in (("decision", "Quyết định"), ("document", "Văn bản thực thi")):
        if getattr(event, attr, None) is not None:
            parts.append(f"{label} {text(getattr(event, attr))}")
    if getattr(event, "change_type", None) is not None:
        parts.append(f"Loại: {event.change_type.label}")
    if getattr(event, "effective_date", None) is not None:
        parts.append(f"có hiệu lực từ {text(event.effective_date)}")
    if getattr(event, "channel", None) is not None:
        parts.append(f"{event.channel.label} {event.url} ngày {text(event.on)}".strip())
    if getattr(event, "reviewing_unit", None) is not None:
        r = event.round
        parts.append(f"{unit_name(event.reviewing_unit)} rà soát ({r.plan_code}, năm {r.year}); kiến nghị: "
                     f"{event.form.recommendation.label}; chi phí/năm: {money(event.cost_before.cost_per_year)}")
    if getattr(event, "proposal", None) is not None:
        p = event.proposal
        parts.append(f"{p.kind.label}: {p.change}; chi phí/năm sau: {money(p.cost_after.cost_per_year)}; "
                     f"lộ trình đến {text(p.roadmap)}")
    if getattr(event, "to_unit", None) is not None:
        parts.append(f"{unit_name(event.from_unit)} → {unit_name(event.to_unit)} ({event.cause.label})")
    for attr in ("reason", "note", "not_internal_reason"):
        value = getattr(event, attr, None)
        if value:
            parts.append(text(value) if hasattr(value, "label") else f"Lý do: {value}" if attr != "note" else value)
    if getattr(event, "category", None) is not None and hasattr(event, "not_internal_reason"):
        parts.append(f"Nhóm mới: {event.category.label}")
    return "; ".join(parts)
