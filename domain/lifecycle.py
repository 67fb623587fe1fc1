"""The status machine of an internal procedure (EVENTS.md), as data the aggregate consults."""

from __future__ import annotations

from domain.enums import ChangeType, Recommendation, Status
from domain.errors import IllegalTransition

S = Status
NON_FINAL = tuple(s for s in Status if not s.is_final)

# command -> (Vietnamese verb for messages, statuses it may start from)
TRANSITIONS: dict[str, tuple[str, tuple[Status, ...]]] = {
    "amend": ("sửa dự thảo", (S.DRAFT, S.RETURNED)),
    "submit": ("gửi kết quả thống kê", (S.DRAFT, S.RETURNED)),
    "return": ("trả lại kết quả thống kê", (S.SUBMITTED,)),
    "verify": ("xác nhận kết quả thống kê", (S.SUBMITTED,)),
    "publish": ("công bố", (S.VERIFIED, S.IMPLEMENTED, S.PUBLISHED, S.REVIEWED)),
    "publicise": ("công khai", (S.PUBLISHED, S.REVIEWED, S.PROPOSED, S.APPROVED)),
    "review": ("ghi nhận kết quả rà soát", (S.PUBLISHED, S.REVIEWED)),
    "propose": ("đề xuất phương án đơn giản hóa", (S.REVIEWED,)),
    "approve": ("phê duyệt phương án", (S.PROPOSED,)),
    "reject": ("không phê duyệt phương án", (S.PROPOSED,)),
    "implement": ("ghi nhận thực thi phương án", (S.APPROVED,)),
    "abolish": ("bãi bỏ", (S.PUBLISHED, S.REVIEWED, S.APPROVED)),
    "reclassify": ("phân loại lại", NON_FINAL),
    "transfer": ("chuyển giao", NON_FINAL),
    "withdraw": ("rút khỏi danh mục", (S.DRAFT, S.SUBMITTED, S.RETURNED, S.VERIFIED)),
}

# Which change types a publication may carry, by the status it starts from.
PUBLICATION_TYPES: dict[Status, tuple[ChangeType, ...]] = {
    S.VERIFIED: (ChangeType.NEW, ChangeType.STANDARDISED),
    S.IMPLEMENTED: (ChangeType.AMENDED, ChangeType.SUPPLEMENTED, ChangeType.REPLACED),
    S.PUBLISHED: (ChangeType.STANDARDISED,),
    S.REVIEWED: (ChangeType.STANDARDISED,),  # kept after review, then re-published in the 2025 standardisation
}

# An implemented simplification is published with the change type matching the approved kind.
CHANGE_FOR_KIND: dict[Recommendation, ChangeType] = {
    Recommendation.AMEND: ChangeType.AMENDED,
    Recommendation.SUPPLEMENT: ChangeType.SUPPLEMENTED,
    Recommendation.REPLACE: ChangeType.REPLACED,
}

SIMPLIFYING_KINDS = tuple(CHANGE_FOR_KIND)


def check(command: str, status: Status) -> None:
    verb, allowed = TRANSITIONS[command]
    if status not in allowed:
        raise IllegalTransition(verb, status.label, tuple(s.label for s in allowed))
