"""`tthc report` (render now) and `tthc reports batch|status|reconcile` (the embedded worker) on a small province.

The CLI reads its settings from the environment (TTHC_DATA_DIR); `services.tasks`, which the batch commands
use, read theirs when first imported, so they are pointed at the same data folder here.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner, Result
from dramatiq.brokers.stub import StubBroker

from services.application import Ledger
from services.base import SYSTEM
from services.cli import main
from services.readside import ReadSide
from services.settings import Settings
from tests.integration.test_report_pipeline import named, pdf_files, pdf_text
from tests.support import builders as b

CODE = "LS-NV-01"
NAME = "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh"


@dataclass
class Cli:
    settings: Settings
    runner: CliRunner

    def __call__(self, *args: str) -> Result:
        result = self.runner.invoke(main, list(args), env={"TTHC_DATA_DIR": str(self.settings.data_dir)})
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        return result

    def read(self) -> tuple[Ledger, ReadSide]:
        app = Ledger(self.settings)
        return app, ReadSide(app)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Cli]:
    """A province with a department, three districts with a commune, one published procedure (recorded in 2023)."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings(data_dir=tmp_path / "var")
    monkeypatch.setenv("TTHC_DATA_DIR", str(settings.data_dir))
    app = Ledger(settings)
    try:
        with app.recorded_by(lambda: datetime(2022, 12, 1, tzinfo=UTC)):
            where = b.province(app)
            for code, name in (("180", "UBND huyện Tràng Định"), ("182", "UBND huyện Văn Lãng")):
                app.establish_unit(SYSTEM, code, name, "UBND huyện", "district", where.province, date(1976, 1, 1))
        with app.recorded_by(lambda: datetime(2023, 3, 20, 3, 0, tzinfo=UTC)):
            b.published(app, where, CODE)
    finally:
        app.close()
    tasks = importlib.import_module("services.tasks")
    if not isinstance(tasks.BROKER, StubBroker):
        pytest.skip("services.tasks was first imported with REDIS_URL set, so its broker is not the stub")
    monkeypatch.setattr(tasks, "SETTINGS", settings)
    tasks.pipeline.cache_clear()
    tasks.BROKER.flush_all()
    yield Cli(settings, CliRunner())
    if tasks.pipeline.cache_info().currsize:
        tasks.pipeline().read.close()
        tasks.pipeline().app.close()
    tasks.pipeline.cache_clear()
    tasks.BROKER.flush_all()


def _pdf(path: Path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    return pdf_text(data)


def test_report_writes_the_provinces_unit_report(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.pdf"
    result = cli("report", "20", "--as-of", "31/12/2024", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(rf"^{re.escape(str(out))}: [\d.]+ byte, đã tạo; sha256 [0-9a-f]{{64}}$", result.output.strip())
    text = _pdf(out)
    for expected in ("UBND tỉnh Lạng Sơn", "Số liệu tính đến ngày 31/12/2024", NAME, "Trang 1/"):
        assert expected in text
    # The same again: the stored PDF is reused, and the file written is the same.
    again = tmp_path / "lan-2.pdf"
    result = cli("report", "20", "--as-of", "2024-12-31", "--out", str(again))
    assert result.exit_code == 0, result.output
    assert "dùng lại bản đã tạo" in result.output
    assert again.read_bytes() == out.read_bytes()
    assert len(pdf_files(cli.settings)) == 1


def test_report_kind_level_summarises_the_communes_under_the_province(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.pdf"
    result = cli("report", "20", "--as-of", "31/12/2024", "--kind", "level", "--level", "commune", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _pdf(out)
    assert "BÁO CÁO TỔNG HỢP" in text
    assert "các đơn vị cấp xã thuộc UBND tỉnh Lạng Sơn" in text
    assert "UBND xã Hòa Thắng" in text


def test_report_kind_evidence_writes_a_procedures_history(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "ho-so.pdf"
    result = cli("report", "20-SNV", "--as-of", "31/12/2024", "--kind", "evidence", "--procedure", CODE,
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _pdf(out)
    for expected in ("HỒ SƠ CHỨNG CỨ", NAME, CODE, "Sở Nội vụ", "1234/QĐ-UBND"):
        assert expected in text


@pytest.mark.parametrize(("args", "message"), [
    (["report", "99", "--as-of", "31/12/2024"], "Không có đơn vị mã «99»."),
    (["report", "20", "--as-of", "31/12/2024", "--kind", "level", "--level", "thôn"],
     "Chưa khai báo cấp hành chính «thôn»."),
    (["report", "20-SNV", "--as-of", "31/12/2024", "--kind", "evidence", "--procedure", "KHONG-CO"],
     "Không xác định được thủ tục mã «KHONG-CO» của đơn vị Sở Nội vụ."),
])
def test_report_with_bad_input_exits_2_with_a_vietnamese_message_and_writes_nothing(
        cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "khong-co.pdf"
    result = cli(*args, "--out", str(out))
    assert result.exit_code == 2
    assert f"Lỗi: {message}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not pdf_files(cli.settings)


def test_reports_batch_completes_with_the_embedded_worker_and_status_prints_the_counts(cli: Cli) -> None:
    result = cli("reports", "batch", "20", "--level", "district", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    found = re.search(r"Lô ([0-9a-f-]{36}): 3 báo cáo\.", result.output)
    assert found, result.output
    assert "Xong: 3 báo cáo, 0 lỗi." in result.output
    batch = UUID(found.group(1))
    status = cli("reports", "status", str(batch))
    assert status.exit_code == 0, status.output
    assert status.output.strip() == "đã tạo: 3"
    app, read = cli.read()
    try:
        rows = read.current().store.query("select request_id, unit from v_reports where batch = ?", (str(batch),))
        districts = {str(u.id) for u in read.current().units(date(2024, 6, 30), "district")}
        assert {r["unit"] for r in rows} == districts
        assert all(len(named(app, UUID(r["request_id"]), "Generated")) == 1 for r in rows)
    finally:
        read.close()
        app.close()
    assert len(pdf_files(cli.settings)) == 3
    reconcile = cli("reports", "reconcile")
    assert reconcile.exit_code == 0, reconcile.output
    assert "Đã gửi lại 0 yêu cầu." in reconcile.output


def test_reports_status_of_an_unknown_batch_exits_2(cli: Cli) -> None:
    result = cli("reports", "status", "00000000-0000-0000-0000-000000000000")
    assert result.exit_code == 2
    assert "Lỗi: Không có lô báo cáo 00000000-0000-0000-0000-000000000000." in result.output
