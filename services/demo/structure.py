"""The province's structure over time: bootstrap, units, accounts, plan, cost parameters, 2025 reform."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from domain.accounts import Account
from domain.enums import Metric, Role
from domain.plans import Milestone, Plan
from domain.values import Actor, DecisionRef
from services.base import SYSTEM
from services.demo import units_data as data
from services.demo.clock import add_working_days
from services.demo.world import BULK, PLAN_CODE, Unit, World, ascii_slug, chairman

LEVELS = (("province", "Cấp tỉnh", 1), ("district", "Cấp huyện", 2), ("commune", "Cấp xã", 3))
LEVELS_FROM = date(1976, 1, 1)
REFORM = date(2025, 7, 1)
LAW_72 = DecisionRef("72/2025/QH15", date(2025, 6, 16), "Chủ tịch Quốc hội", "Quốc hội")
NQ_1675 = DecisionRef("1675/NQ-UBTVQH15", date(2025, 6, 16), "Chủ tịch Quốc hội", "Ủy ban Thường vụ Quốc hội")
NATIONAL_INCOME = "Giả định từ thu nhập bình quân đầu người (Niên giám thống kê {year}), quy đổi 22 ngày × 8 giờ"
HOURLY_INCOME = ((2022, 36_000, date(2022, 12, 6)), (2023, 38_500, date(2022, 12, 6)),
                 (2024, 41_000, date(2023, 12, 27)), (2025, 44_000, date(2024, 12, 27)))
LANG_SON_2024 = (37_500, "Giả định từ thu nhập bình quân đầu người tỉnh Lạng Sơn (Niên giám thống kê tỉnh 2023)")
SLUG_PREFIX = {"thị trấn": "tt", "phường": "p", "xã": "x"}
PLAN_TITLE = ("Kế hoạch rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính nhà nước "
              "tỉnh Lạng Sơn giai đoạn 2022 - 2025")
CV_1927 = ("Công văn 1927/VPCP-KSTT ngày 25/3/2024 của Văn phòng Chính phủ: rà soát 100 % TTHC nội bộ đã công bố, "
           "phê duyệt phương án cắt giảm ít nhất 20 % số TTHC và 20 % chi phí tuân thủ trước ngày 01/11/2024")


def cast_units(w: World) -> None:
    """Every unit of the story, keyed by department key, "H"+district code, or commune code."""
    province = Unit("UBND", data.PROVINCE_CODE, data.PROVINCE_NAME, "UBND tỉnh", "province", None, data.FOUNDED)
    w.units["UBND"] = province
    for key, name, kind, profile, group in data.DEPARTMENTS:
        w.units[key] = Unit(key, f"20-{key}", name, kind, "province", "UBND", data.DEPARTMENTS_FROM, profile, group,
                            prefix=f"LS-{key}", slug=key.lower(), short=name)
    key, name, kind, _ = data.NEW_DEPARTMENT
    w.units[key] = Unit(key, f"20-{key}", name, kind, "province", "UBND", data.DEPARTMENTS_REFORMED,
                        prefix=f"LS-{key}", slug=key.lower(), short=name)
    old_code, new_code = data.FIRST_COMMUNE_CODE, data.FIRST_NEW_COMMUNE_CODE
    for gso, name, kind, profile, seat_profile, communes in data.DISTRICTS:
        slug = ("tp" if kind == "thành phố" else "h") + ascii_slug(name)
        district = Unit(f"H{gso}", gso, f"UBND {kind} {name}", f"UBND {kind}", "district", "UBND", data.FOUNDED,
                        profile, "D", prefix=f"LS-H{gso}", slug=slug, short=f"{kind} {name}")
        w.units[district.key] = district
        for group in communes:
            new_name, olds = group.split("=")
            new, _ = _commune(f"{new_code:05d}", new_name, "UBND", REFORM)
            w.units[new.key] = new
            new_code += 3
            for old in olds.split(";"):
                seat = old.startswith("*")
                unit, plain = _commune(f"{old_code:05d}", old.lstrip("*"), district.key, data.FOUNDED)
                old_code += 3
                w.units[unit.key] = unit
                w.new_commune_of[unit.key] = new
                if seat:
                    unit.profile, unit.group = seat_profile, "LATE" if gso in data.LATE_LISTING_COMMUNES else "C"
                    word = unit.short.removesuffix(plain).strip()
                    unit.prefix, unit.slug = f"LS-X{unit.code}", SLUG_PREFIX[word] + ascii_slug(plain)
                    w.seats[gso] = unit


def _commune(code: str, spec: str, parent: str, established: date) -> tuple[Unit, str]:
    prefix, _, name = spec.rpartition(":")
    word, kind = data.COMMUNE_KINDS[prefix]
    return Unit(code, code, f"{kind} {name}", kind, "commune", parent, established, short=f"{word} {name}"), name


def cast_accounts(w: World) -> None:
    """Officers of every department, district and district seat; names handed out in order."""
    people = iter(data.PEOPLE)
    staff = [("quantri", Role.ADMINISTRATOR, "VP"), ("ksthc", Role.CONTROLLER, "VP"), ("ksthc", Role.CONTROLLER, "VP"),
             ("kiemtra", Role.AUDITOR, "UBND")]
    officers = [*(w.units[d[0]] for d in data.DEPARTMENTS), *(w.units[f"H{d[0]}"] for d in data.DISTRICTS),
                *w.seats.values()]
    planned: list[tuple[str, str, Role, Unit]] = []
    for slug, role, unit_key in staff:
        person = next(people)
        planned.append((f"{slug}.{_initials(person)}", person, role, w.units[unit_key]))
    for unit in officers:
        person = next(people)
        planned.append((f"{unit.slug}.{_initials(person)}", person, Role.UNIT_OFFICER, unit))
    for username, _, role, unit in planned:
        actor = Actor(Account.id_for(username), w.units["VP"].id if role is not Role.UNIT_OFFICER else unit.id)
        if role is Role.ADMINISTRATOR:
            w.admin = actor
        elif role is Role.CONTROLLER:
            w.controllers = (*w.controllers, actor)
        elif role is Role.UNIT_OFFICER:
            unit.officer = actor
    assert len({username for username, *_ in planned}) == len(planned), "usernames must be unique"
    w.staff = planned


def _initials(person: str) -> str:
    words = person.split()
    return "".join(ascii_slug(word)[0] for word in words[:-1]) + ascii_slug(words[-1])


def plan_bootstrap(w: World) -> None:
    """SYSTEM declares the levels, the province, its office and the administrator; the administrator does the rest."""
    app, start, admin = w.app, date(2022, 12, 5), w.by_admin()
    province, office = w.units["UBND"], w.units["VP"]
    for code, name, rank in LEVELS:
        w.add(start, f"Khai báo {name.lower()}", app.define_level, SYSTEM, code, name, rank, LEVELS_FROM, pace=BULK)
    w.add(start, f"Thành lập {province.name}", _establish, w, province, SYSTEM, pace=BULK)
    w.add(start, f"Thành lập {office.name}", _establish, w, office, SYSTEM, pace=BULK)
    username, person, role, _ = w.staff[0]
    w.add(start, f"Tài khoản quản trị {username}", app.register_account, SYSTEM, username, person, role, province.id,
          pace=BULK)
    for unit in w.units.values():
        if unit.key not in ("UBND", "VP") and unit.established < REFORM and unit.key != data.NEW_DEPARTMENT[0]:
            w.add(start, f"Thành lập {unit.name}", _establish, w, unit, admin, pace=BULK)
    second = add_working_days(start, 1)
    for username, person, role, unit in w.staff[1:]:
        scope = w.units["UBND"] if role is not Role.UNIT_OFFICER else unit
        w.add(second, f"Tài khoản {username}", app.register_account, admin, username, person, role, scope.id,
              pace=BULK)
    w.stats["accounts"] = len(w.staff)


def _establish(w: World, unit: Unit, by: Actor, decision: DecisionRef | None = None) -> None:
    parent = w.units[unit.parent].id if unit.parent else None
    w.app.establish_unit(by, unit.code, unit.name, unit.kind, unit.level, parent, unit.established, decision)


def plan_parameters_and_plan(w: World) -> None:
    app, admin = w.app, w.by_admin()
    for year, vnd, on in HOURLY_INCOME:
        w.add(on, f"Thu nhập bình quân giờ năm {year}", app.set_hourly_income, admin, year, Decimal(vnd),
              NATIONAL_INCOME.format(year=year - 1))
    w.add(date(2023, 12, 27), "Thu nhập bình quân giờ năm 2024 của tỉnh", app.set_hourly_income, admin, 2024,
          Decimal(LANG_SON_2024[0]), LANG_SON_2024[1], w.units["UBND"].id)
    source = "QĐ 1085/QĐ-TTg; Kế hoạch 243/KH-UBND"
    milestones = (
        Milestone(Metric.LISTED_PUBLISHED, Decimal(100), date(2023, 4, 1), (), source),
        Milestone(Metric.PROPOSED, Decimal(50), date(2024, 1, 1), (), source + " (một số nguồn ghi 01/10/2024)"),
        Milestone(Metric.REVIEWED, Decimal(100), date(2025, 1, 1), (), source),
        Milestone(Metric.PROCEDURES_CUT, Decimal(20), date(2025, 1, 1), (), source),
        Milestone(Metric.COST_CUT, Decimal(20), date(2025, 1, 1), (), source),
    )
    w.add(date(2022, 12, 6), f"Kế hoạch {PLAN_CODE}", app.adopt_plan, admin, PLAN_CODE, PLAN_TITLE,
          w.units["UBND"].id, date(2022, 12, 2), date(2023, 4, 1), milestones)
    for index in (2, 3, 4):
        moved = dataclasses.replace(milestones[index], deadline=date(2024, 11, 1),
                                    source="CV 1927/VPCP-KSTT ngày 25/3/2024")
        w.add(date(2024, 3, 27), "Điều chỉnh mốc theo Công văn 1927/VPCP-KSTT", app.amend_milestone, admin,
              Plan.id_for(PLAN_CODE), index, moved, CV_1927)


def plan_department_reform(w: World) -> None:
    """01/03/2025: departments merged (DOMAIN.md §10); one new department; accounts follow their unit."""
    app, admin = w.app, w.by_admin()
    on, effective = add_working_days(data.DEPARTMENT_DECISIONS_ON, 1), data.DEPARTMENTS_REFORMED
    key, _, _, number = data.NEW_DEPARTMENT
    new = w.units[key]
    w.add(on, f"Thành lập {new.name}", _establish, w, new, admin, chairman(number, data.DEPARTMENT_DECISIONS_ON))
    for absorbed, successor, number, new_name in data.DEPARTMENT_MERGERS:
        old, heir = w.units[absorbed], w.units[successor]
        decision = chairman(number, data.DEPARTMENT_DECISIONS_ON)
        w.add(on, f"Hợp nhất {old.name} vào {heir.name}", app.merge_unit, admin, old.id, heir.id, effective, decision)
        if new_name:
            w.add(on, f"Đổi tên {heir.name}", app.rename_unit, admin, heir.id, new_name, effective, decision)
        old.ended = effective
        assert old.officer is not None
        w.add(effective, f"Chuyển tài khoản sang {heir.name}", app.change_scope, admin, old.officer.account, heir.id)
        if successor == key:
            new.officer = Actor(old.officer.account, heir.id)


def plan_local_reform(w: World) -> None:
    """01/07/2025: districts end (Luật 72/2025/QH15); 200 communes become 65 (NQ 1675/NQ-UBTVQH15)."""
    app, admin = w.app, w.by_admin()
    w.add(date(2025, 6, 17), "Cấp huyện kết thúc hoạt động", app.retire_level, admin, "district", REFORM, LAW_72)
    for unit in w.units.values():
        if unit.level == "commune" and unit.established == REFORM:
            w.add(date(2025, 6, 18), f"Thành lập {unit.name}", _establish, w, unit, admin, NQ_1675, pace=BULK)
    for old_key, new in w.new_commune_of.items():
        old = w.units[old_key]
        old.ended = REFORM
        w.add(date(2025, 6, 23), f"Sáp nhập {old.name} vào {new.name}", app.merge_unit, admin, old.id, new.id,
              REFORM, NQ_1675, pace=BULK)
    province = w.units["UBND"]
    for unit in [u for u in w.units.values() if u.level == "district"]:
        unit.ended = REFORM
        w.add(date(2025, 6, 27), f"Giải thể {unit.name}", app.dissolve_unit, admin, unit.id, REFORM, LAW_72,
              province.id, pace=BULK)
        assert unit.officer is not None
        w.add(REFORM, f"Khóa tài khoản của {unit.name}", app.disable_account, admin, unit.officer.account,
              f"{unit.name} kết thúc hoạt động từ ngày 01/07/2025 (Luật 72/2025/QH15).")
    for seat in w.seats.values():
        heir = w.new_commune_of[seat.key]
        assert seat.officer is not None
        w.add(REFORM, f"Chuyển tài khoản sang {heir.name}", app.change_scope, admin, seat.officer.account, heir.id)
        heir.officer = Actor(seat.officer.account, heir.id)
