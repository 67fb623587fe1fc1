"""Report commands: render one now, enqueue a batch for a whole level, follow it, reconcile."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from uuid import UUID

import click

from domain.enums import ReportKind
from domain.errors import InvalidValue, NotFound
from services.base import SYSTEM
from services.cli.common import DATE, friendly, main, opened, settings
from services.cli.operations import _bar

KINDS = {"unit": ReportKind.UNIT_REPORT, "level": ReportKind.LEVEL_SUMMARY, "annex": ReportKind.PUBLICATION_ANNEX,
         "evidence": ReportKind.EVIDENCE_PACK}


@main.command()
@click.argument("unit_code")
@click.option("--as-of", "as_of", type=DATE, required=True, help="Số liệu tính đến ngày.")
@click.option("--kind", type=click.Choice(sorted(KINDS)), default="unit", show_default=True,
              help="unit: báo cáo đơn vị; level: tổng hợp theo cấp; annex: danh mục kèm quyết định; "
                   "evidence: hồ sơ lịch sử một thủ tục.")
@click.option("--level", default="", help="Cấp của các đơn vị trực thuộc (với --kind level).")
@click.option("--decision", default="", help="Số quyết định công bố, vd. 123/QĐ-UBND (với --kind annex).")
@click.option("--procedure", "procedure_code", default="", help="Mã thủ tục (với --kind evidence).")
@click.option("--plan", "plan_code", default="", help="Số hiệu kế hoạch (mặc định: kế hoạch mới nhất).")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Tệp PDF ghi ra.")
@friendly
def report(unit_code: str, as_of: date, kind: str, level: str, decision: str, procedure_code: str, plan_code: str,
           out: Path) -> None:
    """Tạo ngay một báo cáo PDF (đồng bộ), ghi nhận yêu cầu và kết quả vào sổ."""
    from services.reporting.pipeline import ReportPipeline
    from services.reporting.storage import LocalStorage

    with opened() as (app, read):
        q = read.current()
        unit = q.unit_by_code(unit_code)
        if unit is None:
            raise NotFound(f"Không có đơn vị mã «{unit_code}».")
        subject = None
        if kind == "evidence":
            matches = [m for m in q.by_code(procedure_code) if m.managing_unit == unit.id] or q.by_code(procedure_code)
            if len(matches) != 1:
                raise NotFound(f"Không xác định được thủ tục mã «{procedure_code}» của đơn vị {unit.name}.")
            subject = matches[0].procedure_id
        request_id = app.request_report(SYSTEM, KINDS[kind], as_of, unit=unit.id, subject=subject, level=level,
                                        decision_number=decision, plan_code=plan_code)
        outcome = ReportPipeline(app, read, LocalStorage(settings().reports_dir)).produce(request_id)
        if outcome.action == "failed":
            raise InvalidValue("report", outcome.reason)
        data = LocalStorage(settings().reports_dir).get(outcome.storage_key or "")
        out.write_bytes(data)
        word = "dùng lại bản đã tạo" if outcome.action == "reused" else "đã tạo"
        size = f"{len(data):,}".replace(",", ".")
        click.echo(f"{out}: {size} byte, {word}; sha256 {outcome.sha256}")


@main.group()
def reports() -> None:
    """Báo cáo chạy nền: gửi lô báo cáo cho cả một cấp, theo dõi, đối soát."""


@reports.command("batch")
@click.argument("unit_code")
@click.option("--level", required=True, help="Cấp của các đơn vị cần báo cáo, vd. commune.")
@click.option("--as-of", "as_of", type=DATE, required=True)
@click.option("--plan", "plan_code", default="")
@click.option("--wait/--no-wait", default=True, show_default=True, help="Chờ và hiện tiến độ tới khi xong.")
@friendly
def batch(unit_code: str, level: str, as_of: date, plan_code: str, wait: bool) -> None:
    """Gửi một báo cáo đơn vị cho mỗi đơn vị thuộc cấp LEVEL dưới đơn vị UNIT_CODE."""
    from services import tasks

    with opened() as (app, read):
        q = read.current()
        root = q.unit_by_code(unit_code)
        if root is None:
            raise NotFound(f"Không có đơn vị mã «{unit_code}».")
        subtree = set(q.subtree(root.id, as_of))
        units = [u.id for u in q.units(as_of, level) if str(u.id) in subtree]
        if not units:
            raise NotFound(f"Không có đơn vị cấp «{level}» dưới {root.name} vào ngày {as_of:%d/%m/%Y}.")
        batch_id = app.request_unit_reports(SYSTEM, units, as_of, plan_code)
        click.echo(f"Lô {batch_id}: {len(units)} báo cáo.")
        worker = None if settings().redis_url else _embedded_worker(tasks)
        read.current()
        for row in q.batch_requests(batch_id):
            tasks.enqueue(UUID(row["request_id"]), batch=True)
        if wait:
            _follow(read, batch_id, len(units))
        if worker is not None:
            worker.stop()


@reports.command("status")
@click.argument("batch_id", type=click.UUID)
@friendly
def status(batch_id: UUID) -> None:
    """Tiến độ một lô báo cáo."""
    with opened() as (_, read):
        counts = read.current().batch_progress(batch_id)
    if not counts:
        raise NotFound(f"Không có lô báo cáo {batch_id}.")
    labels = {"REQUESTED": "đang chờ", "RETRYING": "đang thử lại", "GENERATED": "đã tạo", "FAILED": "lỗi"}
    click.echo(", ".join(f"{labels.get(k, k)}: {v}" for k, v in sorted(counts.items())))


@reports.command("reconcile")
@friendly
def reconcile() -> None:
    """Gửi lại vào hàng đợi mọi yêu cầu báo cáo chưa có kết quả (sau sự cố worker)."""
    from services import tasks

    worker = None if settings().redis_url else _embedded_worker(tasks)
    count = tasks.reconcile()
    click.echo(f"Đã gửi lại {count} yêu cầu.")
    if worker is not None:
        tasks.BROKER.join(tasks.brokers.INTERACTIVE)
        tasks.BROKER.join(tasks.brokers.BATCH)
        worker.stop()


def _embedded_worker(tasks):  # type: ignore[no-untyped-def]
    import dramatiq

    tasks.use(settings())
    worker = dramatiq.Worker(tasks.BROKER, worker_threads=max(1, settings().worker_threads))
    worker.start()
    return worker


def _follow(read, batch_id: UUID, total: int) -> None:  # type: ignore[no-untyped-def]
    bar = _bar("Tạo báo cáo")
    deadline = time.monotonic() + max(60.0, total * settings().report_time_limit_ms / 1000)
    while True:
        counts = read.current().batch_progress(batch_id)
        done = counts.get("GENERATED", 0) + counts.get("FAILED", 0)
        bar(done, total)
        if done >= total:
            break
        if time.monotonic() > deadline:
            bar.close()
            raise InvalidValue("batch", f"Lô {batch_id} chưa xong sau thời hạn chờ ({done}/{total}); các yêu cầu vẫn "
                                        "được ghi nhận, xem `tthc reports status` hoặc chạy `tthc reports reconcile`.")
        time.sleep(0.5)
    bar.close()
    click.echo(f"Xong: {counts.get('GENERATED', 0)} báo cáo, {counts.get('FAILED', 0)} lỗi.")


def sample_reports(app, read, as_of: date) -> None:  # type: ignore[no-untyped-def]
    """The demo's reports, made the way every report is made: requests as events, then the in-process workers."""
    from uuid import uuid4

    from services import tasks

    q = read.current()
    roots = [u for u in q.units(as_of, None) if u.parent is None]
    if not roots or settings().redis_url:
        return
    root, batch_id = roots[0], uuid4()
    for kind, level in ((ReportKind.LEVEL_SUMMARY, "district"), (ReportKind.UNIT_REPORT, "")):
        app.request_report(SYSTEM, kind, as_of, unit=root.id, level=level, batch=batch_id)
    worker = _embedded_worker(tasks)
    try:
        for row in read.current().batch_requests(batch_id):
            tasks.enqueue(UUID(row["request_id"]))
        _follow(read, batch_id, 2)
    finally:
        worker.stop()
    for row in read.current().batch_requests(batch_id):
        if row["storage_key"]:
            click.echo(f"  {KIND_LABELS[row['kind']]}: {settings().reports_dir / row['storage_key']}")


KIND_LABELS = {k.value: k.label for k in ReportKind}
