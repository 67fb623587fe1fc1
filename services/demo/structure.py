"""The province's structure over time: bootstrap, units, accounts, plan, cost parameters, 2025 reform."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
        district = Unit(f"H{gso}", gso, f"UBND {kind} {name}", f"UBND {kind}", "district", "UBND", data.FOUNDED,
                        profile, "D", prefix=f"LS-H{gso}", slug=("tp" if kind == "thành phố" else "h") + ascii_slug(name),
                        short=f"{kind} {name}")
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
        actor = Actor(w.account_id(username), w.units["VP"].id if role is not Role.UNIT_OFFICER else unit.id)
        w.accounts[username] = actor.account
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
    app, start = w.app, date(2022, 12, 5)
    province, office = w.units["UBND"], w.units["VP"]
    for code, name, rank in LEVELS:
        w.add(start, f"Khai báo {name.lower()}", lambda c=code, n=name, r=rank: app.define_level(SYSTEM, c, n, r, LEVELS_FROM), BULK)
    w.add(start, f"Thành lập {province.name}", lambda: app.establish_unit(
        SYSTEM, province.code, province.name, province.kind, "province", None, province.established), BULK)
    w.add(start, f"Thành lập {office.name}", lambda: _establish(w, office, SYSTEM), BULK)
    username, person, role, unit = w.staff[0]
    w.add(start, f"Tài khoản quản trị {username}",
          lambda a=(username, person, role, province.id): app.register_account(SYSTEM, *a), BULK)
    for unit in w.units.values():
        if unit.key not in ("UBND", "VP") and unit.established < REFORM and unit.key != data.NEW_DEPARTMENT[0]:
            w.add(start, f"Thành lập {unit.name}", lambda u=unit: _establish(w, u, w.by_admin()), BULK)
    second = add_working_days(start, 1)
    for username, person, role, unit in w.staff[1:]:
        scope = w.units["UBND"] if role is not Role.UNIT_OFFICER else unit
        w.add(second, f"Tài khoản {username}", lambda a=(username, person, role, scope.id): app.register_account(
            w.by_admin(), *a), BULK)
    w.stats["accounts"] = len(w.staff)


def _establish(w: World, unit: Unit, by: Actor, decision: DecisionRef | None = None) -> None:
    parent = w.units[unit.parent].id if unit.parent else None
    w.app.establish_unit(by, unit.code, unit.name, unit.kind, unit.level, parent, unit.established, decision)


def plan_parameters_and_plan(w: World) -> None:
    app = w.app
    for year, vnd, on in HOURLY_INCOME:
        source = NATIONAL_INCOME.format(year=year - 1)
        w.add(on, f"Thu nhập bình quân giờ năm {year}",
              lambda y=year, v=vnd, s=source: app.set_hourly_income(w.by_admin(), y, Decimal(v), s))
    w.add(date(2023, 12, 27), "Thu nhập bình quân giờ năm 2024 của tỉnh", lambda: app.set_hourly_income(
        w.by_admin(), 2024, Decimal(LANG_SON_2024[0]), LANG_SON_2024[1], w.units["UBND"].id))
    source = "QĐ 1085/QĐ-TTg; Kế hoạch 243/KH-UBND"
    milestones = (
        Milestone(Metric.LISTED_PUBLISHED, Decimal(100), date(2023, 4, 1), (), source),
        Milestone(Metric.PROPOSED, Decimal(50), date(2024, 1, 1), (), source + " (một số nguồn ghi 01/10/2024)"),
        Milestone(Metric.REVIEWED, Decimal(100), date(2025, 1, 1), (), source),
        Milestone(Metric.PROCEDURES_CUT, Decimal(20), date(2025, 1, 1), (), source),
        Milestone(Metric.COST_CUT, Decimal(20), date(2025, 1, 1), (), source),
    )
    w.add(date(2022, 12, 6), f"Kế hoạch {PLAN_CODE}", lambda: app.adopt_plan(
        w.by_admin(), PLAN_CODE, PLAN_TITLE, w.units["UBND"].id, date(2022, 12, 2), date(2023, 4, 1), milestones))
    for index in (2, 3, 4):
        moved = Milestone(milestones[index].metric, milestones[index].threshold_pct, date(2024, 11, 1), (),
                          "CV 1927/VPCP-KSTT ngày 25/3/2024")
        w.add(date(2024, 3, 27), "Điều chỉnh mốc theo Công văn 1927/VPCP-KSTT",
              lambda i=index, m=moved: app.amend_milestone(w.by_admin(), Plan.id_for(PLAN_CODE), i, m, CV_1927))


def plan_department_reform(w: World) -> None:
    """01/03/2025: departments merged (DOMAIN.md §10); one new department; accounts follow their unit."""
    app, on, effective = w.app, add_working_days(data.DEPARTMENT_DECISIONS_ON, 1), data.DEPARTMENTS_REFORMED
    key, _, _, number = data.NEW_DEPARTMENT
    new = w.units[key]
    w.add(on, f"Thành lập {new.name}", lambda d=chairman(number, data.DEPARTMENT_DECISIONS_ON): _establish(
        w, new, w.by_admin(), d))
    for absorbed, successor, number, new_name in data.DEPARTMENT_MERGERS:
        old, heir = w.units[absorbed], w.units[successor]
        decision = chairman(number, data.DEPARTMENT_DECISIONS_ON)
        w.add(on, f"Hợp nhất {old.name} vào {heir.name}", lambda o=old, h=heir, d=decision: app.merge_unit(
            w.by_admin(), o.id, h.id, effective, d))
        if new_name:
            w.add(on, f"Đổi tên {heir.name}", lambda h=heir, n=new_name, d=decision: app.rename_unit(
                w.by_admin(), h.id, n, effective, d))
        old.ended = effective
        if old.officer is not None:
            account = old.officer.account
            w.add(add_working_days(effective, 0), f"Chuyển tài khoản sang {heir.name}",
                  lambda a=account, h=heir: app.change_scope(w.by_admin(), a, h.id))
            officer = Actor(account, heir.id)
            if successor == key:
                new.officer = officer


def plan_local_reform(w: World) -> None:
    """01/07/2025: districts end (Luật 72/2025/QH15); 200 communes become 65 (NQ 1675/NQ-UBTVQH15)."""
    app = w.app
    w.add(date(2025, 6, 17), "Cấp huyện kết thúc hoạt động", lambda: app.retire_level(
        w.by_admin(), "district", REFORM, LAW_72))
    day = date(2025, 6, 18)
    for unit in w.units.values():
        if unit.level == "commune" and unit.established == REFORM:
            w.add(day, f"Thành lập {unit.name}", lambda u=unit: _establish(w, u, w.by_admin(), NQ_1675), BULK)
    day = date(2025, 6, 23)
    for old_key, new in w.new_commune_of.items():
        old = w.units[old_key]
        old.ended = REFORM
        w.add(day, f"Sáp nhập {old.name} vào {new.name}", lambda o=old, n=new: app.merge_unit(
            w.by_admin(), o.id, n.id, REFORM, NQ_1675), BULK)
    day = date(2025, 6, 27)
    for unit in [u for u in w.units.values() if u.level == "district"]:
        unit.ended = REFORM
        w.add(day, f"Giải thể {unit.name}", lambda u=unit: app.dissolve_unit(
            w.by_admin(), u.id, REFORM, LAW_72, w.units["UBND"].id), BULK)
        if unit.officer is not None:
            w.add(REFORM, f"Khóa tài khoản của {unit.name}", lambda a=unit.officer.account, u=unit: app.disable_account(
                w.by_admin(), a, f"{u.name} kết thúc hoạt động từ ngày 01/07/2025 (Luật 72/2025/QH15)."))
    for seat in w.seats.values():
        heir = w.new_commune_of[seat.key]
        assert seat.officer is not None
        w.add(REFORM, f"Chuyển tài khoản sang {heir.name}", lambda a=seat.officer.account, h=heir: app.change_scope(
            w.by_admin(), a, h.id))
        heir.officer = Actor(seat.officer.account, heir.id)
