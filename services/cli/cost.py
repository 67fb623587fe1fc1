"""`tthc cost`: the Standard-Cost-Model breakdown of one or two worksheets, for officers checking figures."""

from __future__ import annotations

from pathlib import Path

import click

from domain.cost import CostWorksheet, Saving
from domain.errors import InvalidValue
from services.cli.common import friendly, main, table
from services.formatting import money, number, pct
from services.worksheets import parse_worksheet


def _load(path: Path, what: str) -> CostWorksheet:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidValue("file", f"Không đọc được tệp {path}: {error.strerror}.") from None
    worksheet = parse_worksheet(text, f"{what} ({path.name})")
    if worksheet.hourly_income == 0:
        raise InvalidValue("hourly_income", f"{what}: phải ghi «hourly_income» (đồng/giờ) để tính chi phí.")
    return worksheet


def _breakdown(title: str, w: CostWorksheet) -> None:
    click.secho(f"{title} — năm {w.year}, thu nhập bình quân {money(w.hourly_income)}/giờ", bold=True)
    rows = [[a.name, number(a.hours, 2), money(w.activity_cost(a))] for a in w.activities]
    rows.append(["Cộng thời gian làm việc", number(w.total_hours, 2), money(w.labour_cost)])
    click.echo(table(rows, ["Công việc", "Số giờ", "Thành tiền"]))
    for c in w.other_costs:
        click.echo(f"  Chi phí khác – {c.name}: {money(c.vnd)}")
    click.echo(f"  Phí, lệ phí: {money(w.fees)}")
    click.echo(f"  Chi phí tuân thủ một lần thực hiện: {money(w.cost_per_compliance)}")
    click.echo(f"  Số lần thực hiện/năm: {number(w.subjects_per_year)} đối tượng × "
               f"{number(w.times_per_subject_per_year, 2)} lần = {number(w.compliances_per_year, 2)}")
    click.secho(f"  Chi phí tuân thủ một năm: {money(w.cost_per_year)}", bold=True)


@main.command()
@click.option("--before", "before_path", type=click.Path(path_type=Path), required=True,
              help="Bảng tính chi phí hiện tại (JSON).")
@click.option("--after", "after_path", type=click.Path(path_type=Path),
              help="Bảng tính chi phí sau đơn giản hóa (JSON).")
@friendly
def cost(before_path: Path, after_path: Path | None) -> None:
    """Tính chi phí tuân thủ theo phương pháp chi phí chuẩn (SCM), Điều 27 Thông tư 02/2017/TT-VPCP."""
    before = _load(before_path, "Bảng tính trước")
    _breakdown("Trước đơn giản hóa", before)
    if after_path is None:
        return
    after = _load(after_path, "Bảng tính sau")
    click.echo()
    _breakdown("Sau đơn giản hóa", after)
    saving = Saving.of(before, after)
    click.echo()
    click.secho(f"Chi phí tiết kiệm một năm: {money(saving.saved)}; tỷ lệ cắt giảm: {pct(saving.reduction_pct)}",
                bold=True)
    if saving.reduction_pct is not None:
        verdict = "đạt" if saving.reduction_pct >= 20 else "chưa đạt"
        click.echo(f"So với chỉ tiêu cắt giảm ít nhất 20 % chi phí tuân thủ: {verdict}.")
