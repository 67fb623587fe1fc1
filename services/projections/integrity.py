"""Verification of the hash chain: recompute it from the stored events and compare, position by position.

A changed, deleted, inserted or reordered stored event breaks the chain at its position; the first
broken position is named. A head printed on an earlier report can be checked too (`expect`).
"""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.application import Application

from services.projections.store import ViewStore
from services.projections.views_structure import GENESIS, link

PAGE = 2000


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    head: str
    head_position: int
    broken_at: int | None = None
    reason: str = ""


def verify(app: Application, store: ViewStore, expect: tuple[int, str] | None = None) -> Verdict:
    chained = iter(store.query("select position, link from v_chain order by position"))
    previous, checked, position, start = GENESIS, 0, 0, 0
    pending = expect  # a head printed on a report, until its position is reached
    while notifications := app.recorder.select_notifications(start=start, limit=PAGE, inclusive_of_start=False):
        for n in notifications:
            recorded = next(chained, None)
            if recorded is None and pending is None:  # events newer than the chain are not yet projected
                return Verdict(True, checked, previous, position)
            if recorded is not None and recorded["position"] != n.id:
                at = min(recorded["position"], n.id)
                kind = "đã bị xóa" if recorded["position"] < n.id else "được chèn thêm"
                return Verdict(False, checked, previous, position, at, f"Sự kiện tại vị trí {at} {kind}.")
            current = link(previous, n)
            if recorded is not None and current != recorded["link"]:
                return Verdict(False, checked, previous, position, n.id,
                               f"Sự kiện tại vị trí {n.id} đã bị sửa đổi hoặc đổi thứ tự.")
            if pending is not None and n.id >= pending[0]:
                # The printed position must still be in the log with the printed head: a chain rebuilt over an
                # edited log agrees with itself, never with a head printed before the edit.
                if n.id != pending[0]:
                    return Verdict(False, checked, previous, position, pending[0],
                                   f"Sự kiện tại vị trí {pending[0]} (in trên báo cáo) không còn trong nhật ký.")
                if current != pending[1]:
                    return Verdict(False, checked, previous, position, n.id,
                                   f"Mã chuỗi tại vị trí {n.id} khác mã in trên báo cáo.")
                pending = None
            previous, position, checked = current, n.id, checked + 1
        start = notifications[-1].id
    leftover = next(chained, None)
    if leftover is not None:
        return Verdict(False, checked, previous, position, leftover["position"],
                       f"Sự kiện tại vị trí {leftover['position']} đã bị xóa khỏi nhật ký.")
    if pending is not None:
        return Verdict(False, checked, previous, position, pending[0],
                       f"Nhật ký chỉ còn tới vị trí {position}, không còn tới vị trí {pending[0]} in trên báo cáo.")
    return Verdict(True, checked, previous, position)
