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
from reports.labels import EVENT
from services.formatting import money

# One vocabulary for histories on screen and in the evidence pack.
EVENT_LABELS: dict[str, str] = EVENT

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
        days = f" ({str(value.days).replace('.', ',')} ngày)" if value.days is not None else ""
        return f"Bước {value.order}: {value.actor} – {value.action}{days}"
    if hasattr(value, "originals"):  # DossierItem
        return f"{value.name} ({value.originals} bản chính, {value.copies} bản sao)"
    if hasattr(value, "unit") and hasattr(value, "value"):  # TimeLimit
        return f"{value.value} {value.unit.label}"
    if hasattr(value, "vnd"):  # Fee
        return f"{value.name}: {money(value.vnd)}"
    if hasattr(value, "channel") and hasattr(value, "url"):  # Publicity
        return f"{value.channel.label} {value.url} ngày {value.on:%d/%m/%Y}".replace("  ", " ")
    if hasattr(value, "articles"):  # LegalBasis
        return f"{value.document} {value.articles}".strip()
    return str(value)


def raw_state(procedure: Procedure) -> dict[str, Any]:
    """The auditable state of a procedure as raw values; formatting waits until a value is shown."""
    review, proposal = procedure.latest_review, procedure.proposal
    return {
        "Trạng thái": procedure.status,
        "Đơn vị quản lý": procedure.managing_unit,
        "Quyết định gần nhất": procedure.last_decision,
        "Ngày có hiệu lực": procedure.in_force_from,
        "Lần công bố": procedure.publication_no,
        "Công khai": procedure.publicity[-1] if procedure.publicity else None,
        "content": procedure.content,
        "Kiến nghị rà soát": review.form.recommendation if review else None,
        "Phương án": proposal.kind if proposal else None,
        "Chi phí tuân thủ trước (năm)": procedure.cost_before_year,
        "Chi phí tuân thủ sau (năm)": procedure.cost_after_year,
        "Quyết định phê duyệt phương án": procedure.approval,
    }


def _show(label: str, value: Any, unit_name: Callable[[UUID], str]) -> str:
    if label == "Đơn vị quản lý":
        return unit_name(value)
    if label == "Lần công bố":
        return str(value)
    return text(value)


def describe(procedure: Procedure, unit_name: Callable[[UUID], str]) -> dict[str, str]:
    """A flat, printable state of a procedure (what `tthc history --at` shows)."""
    raw = raw_state(procedure)
    state = {k: _show(k, v, unit_name) for k, v in raw.items() if k != "content"}
    state.update(content_text(procedure.content))
    return state


def content_text(content: ProcedureContent) -> dict[str, str]:
    return {label: text(getattr(content, name)) for name, label in CONTENT_LABELS.items()}


def raw_diff(before: dict[str, Any], after: dict[str, Any],
             unit_name: Callable[[UUID], str]) -> list[tuple[str, str, str]]:
    """Field-level changes (label, old, new) between two raw states; only changed values are formatted."""
    changes: list[tuple[str, str, str]] = []
    for label, new in after.items():
        old = before.get(label)
        if old is new or old == new:
            continue
        if label == "content":
            for name, field_label in CONTENT_LABELS.items():
                old_value, new_value = getattr(old, name, None), getattr(new, name)
                if old_value != new_value and (shown := (text(old_value), text(new_value)))[0] != shown[1]:
                    changes.append((field_label, *shown))
        else:
            changes.append((label, "—" if label not in before else _show(label, old, unit_name),
                            _show(label, new, unit_name)))
    return changes


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
