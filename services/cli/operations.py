"""Operating commands: demo seed, projections (project, rebuild), integrity verification."""

from __future__ import annotations

import signal
import threading
from datetime import date
from typing import Any

import click

from domain.errors import DomainError
from services.cli.common import friendly, main, opened


def _bar(label: str) -> Any:
    state: dict[str, Any] = {"bar": None}

    def update(done: int, total: int, *_: Any) -> None:
        if state["bar"] is None:
            state["bar"] = click.progressbar(length=max(total, 1), label=label, show_pos=True)
            state["bar"].__enter__()
        bar = state["bar"]
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    update.close = close  # type: ignore[attr-defined]
    return update


@main.command()
@click.option("--reset", is_flag=True, help="Xóa dữ liệu cũ trong thư mục dữ liệu trước khi tạo.")
@friendly
def demo(reset: bool) -> None:
    """Tạo dữ liệu mẫu một tỉnh (mô phỏng Lạng Sơn 2022–2025) và in số liệu tổng hợp."""
    from services.cli.common import settings
    from services.demo import seed

    s = settings()
    if reset and not s.uses_postgres:
        for name in ("events.sqlite", "views.sqlite"):
            for suffix in ("", "-wal", "-shm"):
                (s.data_dir / f"{name}{suffix}").unlink(missing_ok=True)
    with opened() as (app, read):
        if app.max_position() > 0:
            click.echo(f"Kho dữ liệu đã có {app.max_position()} sự kiện; bỏ qua bước tạo dữ liệu mẫu "
                       "(dùng --reset để tạo lại).")
        else:
            bar = _bar("Tạo dữ liệu mẫu")
            summary = seed(app, progress=bar)
            bar.close()
            click.echo(f"Đã ghi {app.max_position()} sự kiện. {summary}")
        bar = _bar("Cập nhật bảng tổng hợp")
        read.catch_up(progress=bar)
        bar.close()
        if not made_reports(s):
            from services.cli.reports import sample_reports

            click.echo("Báo cáo mẫu (số liệu đến 31/12/2024), tạo qua hàng đợi và worker trong tiến trình:")
            sample_reports(app, read, date(2024, 12, 31))
    click.get_current_context().invoke(main.commands["stats"])


def made_reports(settings: Any) -> bool:
    pdfs = settings.reports_dir / "pdf"
    return pdfs.is_dir() and any(pdfs.rglob("*.pdf"))


@main.command()
@click.argument("views", nargs=-1)
@friendly
def rebuild(views: tuple[str, ...]) -> None:
    """Xóa và dựng lại bảng tổng hợp (mặc định: tất cả) từ nhật ký sự kiện."""
    with opened() as (_, read):
        bar = _bar("Dựng lại " + (", ".join(views) or "tất cả bảng tổng hợp"))
        count = read.rebuild(list(views) or None, progress=bar)
        bar.close()
        click.echo(f"Đã xử lý {count} sự kiện; vị trí: {read.projector.positions()}")


@main.command()
@click.option("--expect", help="Mã chuỗi in trên một báo cáo, dạng VỊ_TRÍ:MÃ_HEX, để đối chiếu.")
@friendly
def verify(expect: str | None) -> None:
    """Kiểm tra chuỗi băm toàn vẹn của nhật ký sự kiện; báo vị trí đầu tiên bị sửa."""
    expected = None
    if expect:
        position, _, head = expect.partition(":")
        if not position.isdigit() or len(head) != 64:
            raise DomainError("--expect phải có dạng VỊ_TRÍ:MÃ_HEX (64 ký tự hex).")
        expected = (int(position), head.lower())
    with opened() as (_, read):
        verdict = read.verify(expected)
    if verdict.ok:
        click.secho(f"Toàn vẹn: đã kiểm tra {verdict.checked} sự kiện; đầu chuỗi tại vị trí "
                    f"{verdict.head_position}: {verdict.head}", fg="green")
        return
    click.secho(f"PHÁT HIỆN SAI LỆCH tại vị trí {verdict.broken_at}: {verdict.reason}", fg="red", err=True)
    click.echo(f"Các sự kiện trước vị trí đó khớp chuỗi ({verdict.checked} sự kiện).", err=True)
    raise SystemExit(1)


@main.command()
@click.option("--interval", default=1.0, show_default=True, help="Số giây giữa hai lần kiểm tra nhật ký.")
@friendly
def project(interval: float) -> None:
    """Chạy các phép chiếu liên tục (tiến trình projector) cho tới khi nhận SIGTERM/SIGINT."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with opened() as (app, read):
        wake = threading.Event()
        subscription = _listen(app, wake)
        click.echo(f"Projector đang chạy (vị trí {read.projector.position()}).")
        try:
            while not stop.is_set():
                read.catch_up()
                wake.wait(interval)
                wake.clear()
        finally:
            if subscription is not None:
                subscription.stop()
    click.echo("Projector đã dừng.")


def _listen(app: Any, wake: threading.Event) -> Any:
    """On PostgreSQL, LISTEN/NOTIFY wakes the projector as soon as an event is committed."""
    if not app.settings.uses_postgres:
        return None
    subscription = app.recorder.subscribe(gt=app.max_position())

    def follow() -> None:
        try:
            for _ in subscription:
                wake.set()
        except Exception:
            return

    threading.Thread(target=follow, name="tthc-listen", daemon=True).start()
    return subscription
