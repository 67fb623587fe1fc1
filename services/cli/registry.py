"""Commands that read the registry: stats, units, history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import click

from domain.enums import Status
from domain.errors import NotFound
from services.cli.common import DATE, friendly, main, opened, table
from services.formatting import money, pct, vn_date


@main.command()
@friendly
def stats() -> None:
    """Số thủ tục theo cấp thực hiện và trạng thái."""
    with opened() as (app, read):
        q = read.current()
        counts = q.counts()
        by_level: dict[str, dict[str, int]] = defaultdict(dict)
        for c in counts:
            by_level[c["level"]][c["status"]] = c["count"]
        levels = {lv.code: lv for lv in app.levels().values()}
        order = sorted(by_level, key=lambda code: (levels[code].rank if code in levels else 99, code))
        statuses = [s for s in Status if any(s.value in by_level[lv] for lv in order)]
        rows = [[levels[lv].name if lv in levels else lv, *[str(by_level[lv].get(s.value, 0)) for s in statuses],
                 str(sum(by_level[lv].values()))] for lv in order]
        total = [str(sum(by_level[lv].get(s.value, 0) for lv in order)) for s in statuses]
        rows.append(["Tổng cộng", *total, str(sum(int(t) for t in total))])
        click.echo(table(rows, ["Cấp", *[s.label for s in statuses], "Tổng"]))
        click.echo(f"\nSự kiện đã ghi: {app.max_position()}; chuỗi toàn vẹn tới vị trí {read.chain_head()[0]}.")


@main.command()
@click.option("--level", help="Mã cấp: province, district, commune, …")
@click.option("--at", "on", type=DATE, help="Ngày xem (mặc định: hôm nay).")
@friendly
def units(level: str | None, on: date | None) -> None:
    """Các đơn vị có hiệu lực vào một ngày (mã, tên, cấp, đơn vị cấp trên)."""
    with opened() as (app, read):
        on = on or app.today()
        rows = read.current().units(on, level)
        click.echo(table([[u.code, u.name, u.level, u.parent_code or "—"] for u in rows],
                         ["Mã", "Tên đơn vị", "Cấp", "Cấp trên"]))
        click.echo(f"\n{len(rows)} đơn vị có hiệu lực ngày {vn_date(on)}.")


@main.command()
@click.argument("code")
@click.option("--at", "on", type=DATE, help="Xem trạng thái của thủ tục vào cuối ngày này.")
@click.option("--unit", "unit_code", help="Mã đơn vị quản lý, khi nhiều đơn vị dùng cùng mã thủ tục.")
@friendly
def history(code: str, on: date | None, unit_code: str | None) -> None:
    """Lịch sử một thủ tục (ai, làm gì, khi nào, thay đổi gì), hoặc trạng thái của nó vào một ngày."""
    with opened() as (app, read):
        q = read.current()
        matches = q.by_code(code)
        if unit_code:
            unit = q.unit_by_code(unit_code)
            matches = [m for m in matches if unit and m.managing_unit == unit.id]
        if not matches:
            raise NotFound(f"Không có thủ tục mã «{code}».")
        if len(matches) > 1:
            names = ", ".join(f"{m.managing_unit_name}" for m in matches)
            raise NotFound(f"Có {len(matches)} thủ tục mã «{code}» ({names}); hãy chỉ rõ --unit MÃ_ĐƠN_VỊ.")
        pid = matches[0].procedure_id
        if on is None:
            _print_history(read, pid)
        else:
            _print_state(app, read, pid, on)


def _print_history(read, pid) -> None:  # type: ignore[no-untyped-def]
    for h in read.queries.history(pid):
        when = h.recorded_at.astimezone(read.queries.zone)
        effective = f" (hiệu lực {vn_date(h.effective_date)})" if h.effective_date else ""
        click.secho(f"#{h.position} v{h.version} {when:%d/%m/%Y %H:%M} — {h.label}{effective}", bold=True)
        click.echo(f"    Người thực hiện: {h.actor_name} ({h.acting_unit_name})")
        if h.summary:
            click.echo(f"    {h.summary}")
        for c in h.changes:
            click.echo(f"    • {c.field}: {c.old} → {c.new}")


def _print_state(app, read, pid, on: date) -> None:  # type: ignore[no-untyped-def]
    view = app.procedure_as_recorded(pid, read.queries.end_of_day(on))
    if view is None:
        click.echo(f"Ngày {vn_date(on)} thủ tục chưa được thống kê.")
        return
    click.secho(f"Trạng thái ghi nhận đến hết ngày {vn_date(on)} (phiên bản {view.version}):", bold=True)
    for key, value in view.details.items():
        click.echo(f"  {key}: {value}")
    click.echo(f"  Chi phí/năm trước – sau: {money(view.cost_before_year)} – {money(view.cost_after_year)} "
               f"(giảm {pct(view.reduction_pct)})")
