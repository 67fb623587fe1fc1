"""The `tthc` command as an officer or auditor uses it, on the demo province (embedded default)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from services.cli import main

EXAMPLE_BEFORE = {
    "year": 2023, "hourly_income": 40000,
    "activities": [{"name": "Chuẩn bị hồ sơ", "hours": 16}, {"name": "Nộp hồ sơ (đi lại, chờ)", "hours": 4},
                   {"name": "Bổ sung, sửa hồ sơ", "hours": 8}, {"name": "Nhận kết quả", "hours": 2}],
    "other_costs": [{"name": "In 5 bộ hồ sơ", "vnd": 200000}, {"name": "Đi lại", "vnd": 300000}],
    "subjects_per_year": 25, "times_per_subject_per_year": 1,
}
EXAMPLE_AFTER = {
    "year": 2023, "hourly_income": 40000,
    "activities": [{"name": "Chuẩn bị hồ sơ", "hours": 12}, {"name": "Nộp hồ sơ (đi lại, chờ)", "hours": 0.5},
                   {"name": "Bổ sung, sửa hồ sơ", "hours": 4}, {"name": "Nhận kết quả", "hours": 0}],
    "subjects_per_year": 25,
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "var"
    result = CliRunner().invoke(main, ["demo"], env={"TTHC_DATA_DIR": str(data), "DATABASE_URL": "", "REDIS_URL": ""})
    assert result.exit_code == 0, result.output
    return data


@pytest.fixture
def tthc(seeded: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / "var"
    shutil.copytree(seeded, data)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, list(args), env={"TTHC_DATA_DIR": str(data), "DATABASE_URL": ""})
        return result.exit_code, result.output

    return run


def test_demo_prints_the_provinces_stats_and_leaves_an_existing_store_alone(seeded: Path, tthc) -> None:  # type: ignore[no-untyped-def]
    code, output = tthc("demo")
    assert code == 0
    assert "bỏ qua bước tạo dữ liệu mẫu" in output
    assert "Cấp tỉnh" in output and "Cấp huyện" in output and "Cấp xã" in output
    assert "Tổng cộng" in output


def test_stats_count_every_listed_procedure_once_per_level(tthc) -> None:  # type: ignore[no-untyped-def]
    code, output = tthc("stats")
    assert code == 0
    total = next(line for line in output.splitlines() if line.startswith("Tổng cộng")).split()
    assert int(total[-1]) == 311  # 307 published + 4 withdrawn or found not internal


def test_units_answer_with_the_tree_in_force_on_the_date_asked(tthc) -> None:  # type: ignore[no-untyped-def]
    code, before = tthc("units", "--level", "district", "--at", "01/06/2023")
    assert code == 0 and "11 đơn vị có hiệu lực ngày 01/06/2023" in before
    assert "UBND huyện Hữu Lũng" in before
    code, after = tthc("units", "--level", "district", "--at", "2025-12-01")
    assert code == 0 and "0 đơn vị có hiệu lực ngày 01/12/2025" in after
    code, communes = tthc("units", "--level", "commune", "--at", "2025-12-01")
    assert "65 đơn vị" in communes


def test_history_shows_who_did_what_and_which_fields_changed(tthc) -> None:  # type: ignore[no-untyped-def]
    code, output = tthc("history", "LS-H178-002")
    assert code == 0, output
    assert "Thống kê TTHC" in output and "Công bố" in output and "Bãi bỏ" in output
    assert "Người thực hiện:" in output
    assert "• Trạng thái: Dự thảo → Đã gửi thống kê" in output


def test_history_at_a_date_shows_the_state_recorded_by_then(tthc) -> None:  # type: ignore[no-untyped-def]
    code, output = tthc("history", "LS-H178-002", "--at", "30/06/2023")
    assert code == 0
    assert "Trạng thái ghi nhận đến hết ngày 30/06/2023" in output
    assert "Trạng thái: Đã công bố" in output
    code, output = tthc("history", "LS-H178-002", "--at", "01/01/2020")
    assert "chưa được thống kê" in output


def test_history_of_an_unknown_code_is_a_clear_error(tthc) -> None:  # type: ignore[no-untyped-def]
    code, output = tthc("history", "KHONG-CO")
    assert code == 2
    assert "Lỗi: Không có thủ tục mã «KHONG-CO»." in output


def test_cost_prints_the_worked_example(tmp_path: Path, tthc) -> None:  # type: ignore[no-untyped-def]
    before, after = tmp_path / "truoc.json", tmp_path / "sau.json"
    before.write_text(json.dumps(EXAMPLE_BEFORE, ensure_ascii=False), encoding="utf-8")
    after.write_text(json.dumps(EXAMPLE_AFTER, ensure_ascii=False), encoding="utf-8")
    code, output = tthc("cost", "--before", str(before), "--after", str(after))
    assert code == 0, output
    assert "Chi phí tuân thủ một lần thực hiện: 1.700.000 đ" in output
    assert "Chi phí tuân thủ một năm: 42.500.000 đ" in output
    assert "Chi phí tuân thủ một năm: 16.500.000 đ" in output
    assert "Chi phí tiết kiệm một năm: 26.000.000 đ; tỷ lệ cắt giảm: 61,18 %" in output


@pytest.mark.parametrize("text, message", [
    ("{not json", "không phải JSON hợp lệ"),
    ('{"year": 2023, "activities": []}', "thiếu trường «hourly_income»"),
    ('{"year": 2023, "hourly_income": "nhiều", "activities": []}', "«hourly_income» phải là một số"),
    ('{"year": 2023, "hourly_income": 40000, "activities": [{"name": "A", "hours": -1}]}', "không được âm"),
    ('{"year": 2023, "hourly_income": 40000, "activites": []}', "trường không hợp lệ: activites"),
])
def test_cost_refuses_bad_worksheets_with_a_vietnamese_message(tmp_path: Path, tthc, text: str,  # type: ignore[no-untyped-def]
                                                              message: str) -> None:
    path = tmp_path / "sai.json"
    path.write_text(text, encoding="utf-8")
    code, output = tthc("cost", "--before", str(path))
    assert code == 2
    assert output.startswith("Lỗi:") and message in output
    assert "Traceback" not in output


def test_verify_and_rebuild_on_the_demo(tthc) -> None:  # type: ignore[no-untyped-def]
    code, output = tthc("verify")
    assert code == 0 and "Toàn vẹn" in output
    code, output = tthc("rebuild", "audit")
    assert code == 0, output
    code, output = tthc("rebuild", "khong-co")
    assert code == 2 and "Không có bảng tổng hợp: khong-co" in output
