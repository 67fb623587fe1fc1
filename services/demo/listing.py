"""Listing and first publication, Dec 2022 – Apr 2023: 307 procedures plus the listings that were mistakes.

Each unit's officer lists its procedures over a few weeks; the controllers return some with a reason,
verify the rest; Chủ tịch UBND tỉnh publishes them by decision and the controllers publicise each one.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from domain.enums import Category, ChangeType, PublicityChannel, WithdrawalReason
from domain.values import DecisionRef
from services.demo import forms
from services.demo import procedures_data as data
from services.demo.clock import add_working_days
from services.demo.world import BRISK, Proc, World, chairman

PUBLICATIONS: dict[str, tuple[str, date]] = {
    "P1": ("268/QĐ-UBND", date(2023, 2, 20)),
    "P2": ("345/QĐ-UBND", date(2023, 3, 6)),
    "D": ("412/QĐ-UBND", date(2023, 3, 14)),
    "C": ("455/QĐ-UBND", date(2023, 3, 21)),
    "LATE": ("689/QĐ-UBND", date(2023, 4, 18)),
}
# Listing window of each publication group: first day, and how many working days a unit may start late.
WINDOWS: dict[str, tuple[date, int]] = {
    "P1": (date(2022, 12, 12), 5), "P2": (date(2022, 12, 19), 15), "D": (date(2022, 12, 26), 20),
    "C": (date(2023, 1, 3), 25), "LATE": (date(2023, 3, 1), 6),
}
RECLASSIFIED = "LS-SNV-004"  # listed as intra-organisation, reclassified as between agencies before verification
RETURN_SHARE = 0.07


def cast_procedures(w: World) -> None:
    rng = w.rng
    for key, templates in data.PROVINCIAL.items():
        unit = w.units[key]
        for i, (name, field, category, deciding, result, legal) in enumerate(templates, 1):
            code = f"{unit.prefix}-{i:03d}"
            w.procs.append(Proc(code, "province", unit, forms.content(
                rng, name=name, field=field, category=category, level="province", handling=unit.name,
                deciding=deciding, result=result, legal=legal, code=code)))
    cursor = 0
    districts = [u for u in w.units.values() if u.level == "district"]
    for index, district in enumerate(districts):
        for i in range(1, (4 if index < 8 else 3) + 1):
            name, field, handling, result, legal, destination = data.DISTRICT[cursor % len(data.DISTRICT)]
            cursor += 1
            code = f"{district.prefix}-{i:03d}"
            w.procs.append(Proc(code, "district", district, forms.content(
                rng, name=name, field=field, category="B", level="district", handling=handling,
                deciding="Chủ tịch UBND cấp huyện", result=result, legal=legal, code=code), destination))
    for seat in w.seats.values():
        for i, (name, field, handling, result, legal) in enumerate(data.COMMUNE, 1):
            code = f"{seat.prefix}-{i:03d}"
            w.procs.append(Proc(code, "commune", seat, forms.content(
                rng, name=name, field=field, category="B", level="commune", handling=handling,
                deciding="Chủ tịch UBND cấp xã", result=result, legal=legal, code=code)))
    for where, suffix, name, field, fate, note in data.MISTAKES:
        unit = w.seats[where[1:]] if where.startswith("X") else w.units[where]
        code = f"{unit.prefix}-{suffix}"
        w.mistakes.append(Proc(code, unit.level, unit, forms.content(
            rng, name=name, field=field, category="B", level=unit.level, handling=unit.name,
            deciding="Thủ trưởng cơ quan", result="Văn bản trả lời", legal="Chưa xác định|", code=code),
            destination=fate, note=note))


def plan_listing(w: World) -> None:
    rng, app = w.rng, w.app
    batches: dict[str, list[Proc]] = {}
    starts: dict[str, date] = {}
    for unit in w.listing_units():
        start, spread = WINDOWS[unit.group]
        day = starts[unit.key] = add_working_days(start, rng.randint(0, spread))
        per_day = rng.randint(2, 5)
        for i, proc in enumerate(w.unit_procs(unit)):
            if i and i % per_day == 0:
                day = add_working_days(day, rng.randint(1, 2))
            verified = _plan_one(w, proc, day)
            group = unit.group if verified < PUBLICATIONS[unit.group][1] else "LATE"
            assert verified < PUBLICATIONS[group][1], f"{proc.code} verified too late for any decision"
            batches.setdefault(group, []).append(proc)
    for group, (number, on) in PUBLICATIONS.items():
        procs = batches.get(group, [])
        if not procs:
            continue
        decision = chairman(number, on)
        w.add(on, f"Công bố {number} ({len(procs)} thủ tục)", app.publish_many, w.controller(),
              [p.id for p in procs], decision, on, ChangeType.NEW, pace=BRISK)
        for proc in procs:
            proc.published_on = on
        publicise(w, procs, decision)
        w.stats["published_late"] += len(procs) if on >= date(2023, 4, 1) else 0
    plan_mistakes(w, starts)


def _plan_one(w: World, proc: Proc, day: date) -> date:
    rng, app, officer = w.rng, w.app, proc.officer
    content, reason = proc.content, None
    if proc.code == RECLASSIFIED:
        content = dataclasses.replace(content, category=Category.INTRA_ORGANISATION)
    elif rng.random() < RETURN_SHARE:
        reason = rng.randrange(len(forms.RETURN_REASONS))
        content = forms.draft_with_flaw(proc.content, reason)
    w.add(day, f"Thống kê «{proc.content.name}»", app.list_procedure, officer, proc.unit.id, proc.unit.id, content,
          procedure_id=proc.id)
    w.stats["listed"] += 1
    submitted = add_working_days(day, rng.choice((0, 0, 1, 2)))
    w.add(submitted, f"Gửi thống kê {proc.code}", app.submit, officer, proc.id)
    last = submitted
    if reason is not None:
        returned = add_working_days(submitted, rng.randint(2, 5))
        w.add(returned, f"Trả lại {proc.code}", app.return_listing, w.controller(), proc.id,
              forms.RETURN_REASONS[reason])
        last = add_working_days(returned, rng.randint(1, 4))
        w.add(last, f"Sửa dự thảo {proc.code}", app.amend_draft, officer, proc.id, proc.content)
        w.add(last, f"Gửi lại {proc.code}", app.submit, officer, proc.id)
        w.stats["returned"] += 1
    if proc.code == RECLASSIFIED:
        last = add_working_days(submitted, 2)
        w.add(last, f"Phân loại lại {proc.code}", app.reclassify, w.controller(), proc.id, Category.INTER_AGENCY)
    verified = add_working_days(last, rng.randint(1, 5))
    w.add(verified, f"Xác nhận thống kê {proc.code}", app.verify_listing, w.controller(), proc.id,
          "Đã kiểm soát chất lượng, đủ điều kiện công bố.")
    return verified


def plan_mistakes(w: World, starts: dict[str, date]) -> None:
    app = w.app
    for proc in w.mistakes:
        officer, note, fate = proc.officer, proc.note, proc.destination
        day = add_working_days(starts[proc.unit.key], 1)
        w.add(day, f"Thống kê «{proc.content.name}»", app.list_procedure, officer, proc.unit.id, proc.unit.id,
              proc.content, procedure_id=proc.id)
        w.stats["listed"] += 1
        w.stats["withdrawn"] += 1
        if fate == "duplicate":
            w.add(add_working_days(day, 1), f"Rút {proc.code}", app.withdraw, officer, proc.id,
                  WithdrawalReason.DUPLICATE, note)
            continue
        w.add(day, f"Gửi thống kê {proc.code}", app.submit, officer, proc.id)
        if fate == "not_internal":
            w.add(add_working_days(day, 3), f"Phân loại lại {proc.code}", app.reclassify, w.controller(), proc.id,
                  None, note)
            continue
        w.add(add_working_days(day, 2), f"Trả lại {proc.code}", app.return_listing, w.controller(), proc.id, note)
        w.add(add_working_days(day, 3), f"Rút {proc.code}", app.withdraw, officer, proc.id,
              WithdrawalReason.LISTED_IN_ERROR, "Thống kê nhầm theo ý kiến của Văn phòng UBND tỉnh.")


def portal_url(decision: DecisionRef) -> str:
    number = decision.number.split("/")[0]
    return f"https://langson.gov.vn/van-ban/quyet-dinh-so-{number}-qd-ubnd-ngay-{decision.issued_on:%d-%m-%Y}"


def publicise(w: World, procs: list[Proc], decision: DecisionRef) -> None:
    """The controllers post each published procedure on the provincial portal (and CSDLQG if between agencies)."""
    app = w.app
    for proc in procs:
        controller, on = w.controller(), add_working_days(decision.issued_on, w.rng.randint(1, 3))
        w.add(on, f"Công khai {proc.code}", app.publicise, controller, proc.id, PublicityChannel.PORTAL,
              portal_url(decision), on, pace=BRISK)
        if proc.content.category is Category.INTER_AGENCY:
            w.add(on, f"Công khai {proc.code} trên CSDLQG", app.publicise, controller, proc.id, PublicityChannel.CSDLQG,
                  f"https://csdl.dichvucong.gov.vn/tthc-noi-bo/{proc.code.lower()}", on, pace=BRISK)
        w.stats["publicised"] += 1
