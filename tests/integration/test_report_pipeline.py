"""The report pipeline (request → view model → PDF → Generated event) on the demo province and on both stores.

The demo province is seeded once per session (`demo_data`, shared with the worker tests) and copied into a
fresh data folder per module or per test; each kind of report is rendered once per module and inspected by
several tests. Bad inputs end in a final Failed event with a Vietnamese reason, never in an exception.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pypdf
import pytest

import reports
from domain.enums import ReportKind
from services.application import Ledger
from services.base import SYSTEM
from services.demo import seed
from services.readside import ReadSide
from services.reporting.pipeline import Outcome, ReportPipeline
from services.reporting.storage import LocalStorage
from services.settings import Settings
from tests.support import builders as b

AS_OF = date(2024, 12, 31)  # the demo's 1085 targets are read at the end of 2024
AFTER_REFORM = date(2025, 12, 31)  # the district level is gone; 65 communes under the province
MONEY = re.compile(r"\d{1,3}(?:\.\d{3})+ đ")  # 1.234.567 đ
RATE = re.compile(r"\d{1,3},\d{2} %")  # 61,18 %
MARKUP = "<script>alert(1)</script> & <b>đậm</b>"


# -- shared with the worker tests ------------------------------------------------------------------------
def demo_data(tmp_path_factory: pytest.TempPathFactory, dest: Path) -> Path:
    """A copy at `dest` of the demo province, seeded (and projected) once per session under pytest's base temp."""
    pristine = tmp_path_factory.getbasetemp() / "report-demo" / "var"
    done = pristine.parent / "seeded"
    if not done.exists():
        shutil.rmtree(pristine.parent, ignore_errors=True)
        app = Ledger(Settings(data_dir=pristine))
        try:
            seed(app)
            read = ReadSide(app)
            read.current()
            read.close()
        finally:
            app.close()
        done.touch()
    shutil.copytree(pristine, dest)
    return dest


def pdf_text(data: bytes) -> str:
    """Every page's text, NFC, whitespace (also no-break spaces and cell wraps) collapsed to one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text.replace("\xa0", " ")))


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def events(app: Ledger, request_id: UUID) -> list[Any]:
    return [app.mapper.to_domain_event(s) for s in app.recorder.select_events(request_id)]


def named(app: Ledger, request_id: UUID, name: str) -> list[Any]:
    return [e for e in events(app, request_id) if type(e).__name__ == name]


def pdf_files(settings: Settings) -> list[Path]:
    return sorted((settings.reports_dir / "pdf").glob("*/*.pdf"))


def vnd(amount: Decimal) -> str:
    """An independent Vietnamese money format: 1234567.4 → "1.234.567 đ"."""
    return f"{int(amount.quantize(Decimal(1), ROUND_HALF_UP)):,} đ".replace(",", ".")


def assert_generated(app: Ledger, read: ReadSide, storage: LocalStorage, request_id: UUID, as_of: date) -> bytes:
    """One Generated event whose hash, pages, key and chain head match the stored file and the chain."""
    generated = named(app, request_id, "Generated")
    assert len(generated) == 1
    event = generated[0]
    data = storage.get(event.storage_key)
    assert (storage.root / event.storage_key).is_file()
    assert event.sha256 == hashlib.sha256(data).hexdigest() == event.storage_key.split("/")[-1].removesuffix(".pdf")
    assert event.size == len(data)
    assert event.pages == page_count(data) > 0
    q = read.current()
    # Figures as recorded at the end of the as-of day: provenance = the last position recorded by then.
    assert event.log_position == q.last_position_recorded_by(q.end_of_day(as_of)) > 0
    links = q.store.query("select link from v_chain where position = ?", (event.log_position,))
    assert [r["link"] for r in links] == [event.chain_head]
    assert event.chain_head in pdf_text(data)  # the PDF prints the chain head it was built from
    row = q.report(request_id)
    assert row is not None
    assert (row["status"], row["sha256"], row["pages"], row["chain_head"], row["built_position"]) == (
        "GENERATED", event.sha256, event.pages, event.chain_head, event.log_position)
    return data


# -- the demo province, one render per kind --------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    kind: ReportKind
    as_of: date
    expect: Callable[[Demo], list[str]]  # strings the PDF must show
    unit: str = ""
    level: str = ""
    money: bool = True  # shows an amount in đồng: 1.234.567 đ
    rate: bool = True  # shows a rate with a decimal comma: 61,18 %


@dataclass
class Produced:
    request_id: UUID
    outcome: Outcome
    data: bytes
    text: str


@dataclass
class Demo:
    settings: Settings
    app: Ledger
    read: ReadSide
    storage: LocalStorage
    pipeline: ReportPipeline
    decision: str
    procedure: dict[str, Any]
    produced: dict[str, Produced] = field(default_factory=dict)

    def unit(self, code: str) -> UUID:
        row = self.read.current().unit_by_code(code)
        assert row is not None, code
        return row.id

    def names(self, level: str, on: date) -> list[str]:
        return [u.name for u in self.read.current().units(on, level)]

    def request(self, name: str) -> UUID:
        case = CASES[name]
        return self.app.request_report(
            SYSTEM, case.kind, case.as_of, unit=self.unit(case.unit) if case.unit else None,
            subject=UUID(self.procedure["procedure_id"]) if case.kind is ReportKind.EVIDENCE_PACK else None,
            level=case.level, decision_number=self.decision if case.kind is ReportKind.PUBLICATION_ANNEX else "")

    def report(self, name: str) -> Produced:
        if name not in self.produced:
            request_id = self.request(name)
            outcome = self.pipeline.produce(request_id)
            assert outcome.action == "rendered", outcome
            data = self.storage.get(outcome.storage_key or "")
            self.produced[name] = Produced(request_id, outcome, data, pdf_text(data))
        return self.produced[name]


CASES = {
    "department": Case(ReportKind.UNIT_REPORT, AS_OF, lambda d: ["Sở Nội vụ", "SỞ NỘI VỤ", "UBND TỈNH LẠNG SƠN",
                                                                 "Lạng Sơn, ngày 31 tháng 12 năm 2024"], unit="20-SNV"),
    "province": Case(ReportKind.UNIT_REPORT, AS_OF, lambda d: ["UBND tỉnh Lạng Sơn", "Cấp tỉnh",
                                                               "Số liệu tính đến ngày 31/12/2024"], unit="20"),
    "districts": Case(ReportKind.LEVEL_SUMMARY, AS_OF, lambda d: ["các đơn vị cấp huyện thuộc UBND tỉnh Lạng Sơn",
                                                                  *d.names("district", AS_OF)],
                      unit="20", level="district"),
    "communes": Case(ReportKind.LEVEL_SUMMARY, AFTER_REFORM, lambda d: ["các đơn vị cấp xã thuộc UBND tỉnh Lạng Sơn",
                                                                        *d.names("commune", AFTER_REFORM)],
                     unit="20", level="commune"),
    "annex": Case(ReportKind.PUBLICATION_ANNEX, AS_OF, lambda d: [
        "DANH MỤC THỦ TỤC HÀNH CHÍNH NỘI BỘ", f"Kèm theo Quyết định số {d.decision.split('/')[0]}",
        *annexed(d)], unit="20", money=False, rate=False),
    "evidence": Case(ReportKind.EVIDENCE_PACK, AS_OF, lambda d: ["HỒ SƠ CHỨNG CỨ", d.procedure["name"],
                                                                 d.procedure["code"], "Sở Nội vụ"], rate=False),
}


def annexed(d: Demo) -> list[str]:
    rows = d.read.current().published_by(d.decision, d.unit("20"), AS_OF)
    return [r["name"] for r in rows]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    settings = Settings(data_dir=demo_data(tmp_path_factory, tmp_path_factory.mktemp("pipeline") / "var"))
    app = Ledger(settings)
    read = ReadSide(app)
    q = read.current()
    # A real publication decision of the data, in force by AS_OF, whose annex is short (one page or two).
    decisions = q.store.query("select decision, count(*) as n from v_legal where decision is not null "
                              "and valid_from <= ? group by decision order by n, decision", (AS_OF.isoformat(),))
    decision = next(r["decision"] for r in decisions if q.published_by(r["decision"], q.unit_by_code("20").id, AS_OF))
    department = q.unit_by_code("20-SNV")
    procedure = q.store.query("select procedure_id, code, name from v_registry where managing_unit = ? "
                              "and code like 'LS-SNV-%' order by code limit 1", (str(department.id),))[0]
    storage = LocalStorage(settings.reports_dir)
    yield Demo(settings, app, read, storage, ReportPipeline(app, read, storage), decision, procedure)
    read.close()
    app.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_report_shows_its_unit_vietnamese_figures_and_page_numbers(demo: Demo, name: str) -> None:
    case, produced = CASES[name], demo.report(name)
    assert produced.data.startswith(b"%PDF-")
    for expected in case.expect(demo):
        assert unicodedata.normalize("NFC", expected) in produced.text, expected
    assert "Trang 1/" in produced.text
    assert f"Trang {page_count(produced.data)}/{page_count(produced.data)}" in produced.text
    assert re.search(r"[ạảấầẩậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", produced.text)  # Vietnamese diacritics
    assert bool(MONEY.search(produced.text)) == case.money
    assert not case.rate or RATE.search(produced.text)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["department", "province"])
def test_a_unit_report_prints_the_read_sides_cost_and_milestone_rates(demo: Demo, name: str) -> None:
    produced = demo.report(name)
    progress = demo.read.progress.progress(demo.unit(CASES[name].unit), AS_OF)
    assert progress.figures.cost_before > 0
    assert vnd(progress.figures.cost_before) in produced.text
    assert vnd(progress.figures.cost_after) in produced.text
    rates = [f"{s.actual_pct.quantize(Decimal('0.01'), ROUND_HALF_UP)} %".replace(".", ",")
             for s in progress.milestones if s.actual_pct is not None]
    assert rates
    assert all(rate in produced.text for rate in rates)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_report_records_one_generated_event_matching_the_stored_file_and_the_chain(
        demo: Demo, name: str) -> None:
    produced = demo.report(name)
    data = assert_generated(demo.app, demo.read, demo.storage, produced.request_id, CASES[name].as_of)
    assert data == produced.data
    assert produced.outcome.sha256 == hashlib.sha256(data).hexdigest()
    assert demo.read.current().report(produced.request_id)["reused_from"] is None


@pytest.mark.slow
def test_a_second_request_with_the_same_inputs_reuses_the_stored_pdf_without_rendering(
        demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    first = demo.report("department")
    files = pdf_files(demo.settings)

    def no_render(document: object) -> bytes:
        raise AssertionError("rendered although the inputs did not change")

    monkeypatch.setattr(reports, "render_pdf", no_render)
    second = demo.request("department")
    outcome = demo.pipeline.produce(second)
    assert (outcome.action, outcome.sha256, outcome.storage_key) == ("reused", first.outcome.sha256,
                                                                     first.outcome.storage_key)
    assert_generated(demo.app, demo.read, demo.storage, second, AS_OF)
    (event,) = named(demo.app, second, "Generated")
    assert event.reused_from == first.request_id
    assert demo.read.current().report(second)["reused_from"] == str(first.request_id)
    assert pdf_files(demo.settings) == files


@pytest.mark.slow
def test_producing_one_request_twice_skips_the_second_time_and_keeps_one_generated_event(
        demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    first = demo.report("districts")
    monkeypatch.setattr(reports, "render_pdf", lambda document: pytest.fail("rendered twice"))
    again = demo.pipeline.produce(first.request_id)
    assert (again.action, again.sha256, again.storage_key) == ("skipped", first.outcome.sha256,
                                                               first.outcome.storage_key)
    assert len(named(demo.app, first.request_id, "Generated")) == 1
    assert not named(demo.app, first.request_id, "Failed")


@pytest.mark.slow
def test_the_same_inputs_in_two_fresh_data_folders_give_identical_pdf_bytes(
        demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> None:
    digests = []
    for _ in range(2):
        settings = Settings(data_dir=demo_data(tmp_path_factory, tmp_path_factory.mktemp("fresh") / "var"))
        app = Ledger(settings)
        read = ReadSide(app)
        try:
            unit = read.current().unit_by_code("20-SNV").id
            request_id = app.request_report(SYSTEM, ReportKind.UNIT_REPORT, AS_OF, unit=unit)
            outcome = ReportPipeline(app, read, LocalStorage(settings.reports_dir)).produce(request_id)
            assert outcome.action == "rendered"
            digests.append(hashlib.sha256(LocalStorage(settings.reports_dir).get(outcome.storage_key)).hexdigest())
        finally:
            read.close()
            app.close()
    assert digests[0] == digests[1] == demo.report("department").outcome.sha256


BAD = {
    "unit not in force": (dict(kind=ReportKind.UNIT_REPORT, unit="20-SDTTG"),  # established 01/03/2025
                          "Không có đơn vị này vào ngày 31/12/2024"),
    "unknown level": (dict(kind=ReportKind.LEVEL_SUMMARY, unit="20", level="thôn"),
                      "Chưa khai báo cấp hành chính «thôn»"),
    "decision without items": (dict(kind=ReportKind.PUBLICATION_ANNEX, unit="20", decision_number="9999/QĐ-UBND"),
                               "Không có thủ tục nào được công bố, bãi bỏ theo quyết định 9999/QĐ-UBND"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_ends_in_a_final_failure_with_a_vietnamese_reason_and_no_pdf(demo: Demo, name: str) -> None:
    options, reason = BAD[name]
    files = pdf_files(demo.settings)
    request_id = demo.app.request_report(SYSTEM, as_of=AS_OF, **{**options, "unit": demo.unit(options["unit"])})
    outcome = demo.pipeline.produce(request_id)  # never raises
    assert outcome.action == "failed"
    assert reason in outcome.reason
    (failed,) = named(demo.app, request_id, "Failed")
    assert (failed.final, failed.attempt, failed.reason) == (True, 1, outcome.reason)
    assert not named(demo.app, request_id, "Generated")
    row = demo.read.current().report(request_id)
    assert (row["status"], row["reason"], row["storage_key"]) == ("FAILED", outcome.reason, None)
    assert pdf_files(demo.settings) == files
    assert demo.pipeline.produce(request_id).action == "skipped"  # a final failure is an outcome
    assert request_id not in {UUID(r["request_id"]) for r in demo.read.current().pending_reports()}


@pytest.mark.slow
def test_an_evidence_pack_for_a_day_before_the_procedure_was_listed_fails_with_a_reason(demo: Demo) -> None:
    request_id = demo.app.request_report(SYSTEM, ReportKind.EVIDENCE_PACK, date(2022, 1, 1),
                                         subject=UUID(demo.procedure["procedure_id"]))
    outcome = demo.pipeline.produce(request_id)
    assert outcome.action == "failed"
    assert "Thủ tục chưa được thống kê vào ngày 01/01/2022" in outcome.reason
    assert named(demo.app, request_id, "Failed")[0].final


# -- small province on both stores -----------------------------------------------------------------------
def _clock(start: datetime) -> Callable[[], datetime]:
    ticks = iter(range(10**6))
    return lambda: start + timedelta(minutes=next(ticks))


def _publish(app: Ledger, where: b.Province, code: str, name: str) -> UUID:
    with app.recorded_by(_clock(datetime(2023, 3, 20, 2, 0, tzinfo=UTC))):
        pid = app.list_procedure(where.officer, where.department, where.department, b.content(code, name))
        app.submit(where.officer, pid)
        app.verify_listing(where.controller, pid, "Đầy đủ")
        app.publish(where.controller, pid, b.decision(), date(2023, 3, 20))
    return pid


def test_a_unit_report_is_generated_and_recorded_on_each_store(ledger: Ledger, settings: Settings) -> None:
    where = b.province(ledger)
    _publish(ledger, where, "LS-NV-01", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh")
    read = ReadSide(ledger)
    try:
        storage = LocalStorage(settings.reports_dir)
        request_id = ledger.request_report(SYSTEM, ReportKind.UNIT_REPORT, date(2023, 12, 31), unit=where.department)
        outcome = ReportPipeline(ledger, read, storage).produce(request_id)
        assert outcome.action == "rendered"
        text = pdf_text(assert_generated(ledger, read, storage, request_id, date(2023, 12, 31)))
        for expected in ("Sở Nội vụ", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", "LS-NV-01", "Trang 1/"):
            assert expected in text
        assert "Chi phí tuân thủ trước khi đơn giản hóa (đồng/năm) 0 đ" in text  # nothing reviewed yet
        assert "Tỷ lệ TTHC bị bãi bỏ 0,00 %" in text
    finally:
        read.close()


def test_a_procedure_name_with_markup_prints_literally_in_the_unit_report(sqlite_settings: Settings) -> None:
    app = Ledger(sqlite_settings)
    read = ReadSide(app)
    try:
        where = b.province(app)
        _publish(app, where, "LS-NV-99", MARKUP)
        assert read.current().by_code("LS-NV-99")[0].name == MARKUP
        request_id = app.request_report(SYSTEM, ReportKind.UNIT_REPORT, date(2023, 12, 31), unit=where.department)
        storage = LocalStorage(sqlite_settings.reports_dir)
        assert ReportPipeline(app, read, storage).produce(request_id).action == "rendered"
        text = pdf_text(assert_generated(app, read, storage, request_id, date(2023, 12, 31)))
        squeezed = re.sub(r"\s+", "", text)  # a table cell may wrap the name anywhere
        assert re.sub(r"\s+", "", MARKUP) in squeezed
        assert "&amp;" not in text and "&lt;" not in text
    finally:
        read.close()
        app.close()


def test_a_reused_pdf_records_the_chain_head_it_prints_not_a_later_one(sqlite_settings: Settings,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = Ledger(sqlite_settings)
    read = ReadSide(app)
    try:
        where = b.province(app)
        _publish(app, where, "LS-NV-01", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh")
        storage = LocalStorage(sqlite_settings.reports_dir)
        pipeline = ReportPipeline(app, read, storage)
        today = datetime.now(ZoneInfo(sqlite_settings.timezone)).date()
        first = app.request_report(SYSTEM, ReportKind.UNIT_REPORT, today, unit=where.department)
        assert pipeline.produce(first).action == "rendered"
        # Another unit's event today moves the chain on without changing the department's figures.
        app.establish_unit(SYSTEM, "06163", "UBND xã Minh Sơn", "UBND xã", "commune", where.district, date(1976, 1, 1))
        monkeypatch.setattr(reports, "render_pdf", lambda document: pytest.fail("rendered again"))
        second = app.request_report(SYSTEM, ReportKind.UNIT_REPORT, today, unit=where.department)
        assert pipeline.produce(second).action == "reused"
        (one,), (two,) = named(app, first, "Generated"), named(app, second, "Generated")
        assert two.sha256 == one.sha256
        assert (two.chain_head, two.log_position) == (one.chain_head, one.log_position)
        assert read.current().last_position_recorded_by(read.current().end_of_day(today)) > one.log_position
        assert two.chain_head in pdf_text(storage.get(two.storage_key))
    finally:
        read.close()
        app.close()


def test_a_request_whose_worker_died_after_storing_its_pdf_is_recorded_from_that_pdf(
        sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    app = Ledger(sqlite_settings)
    read = ReadSide(app)
    try:
        where = b.province(app)
        _publish(app, where, "LS-NV-01", "Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh")
        storage = LocalStorage(sqlite_settings.reports_dir)
        pipeline = ReportPipeline(app, read, storage)
        request_id = app.request_report(SYSTEM, ReportKind.UNIT_REPORT, date(2023, 12, 31), unit=where.department)
        def killed(*args: object, **kwargs: object) -> UUID:
            raise RuntimeError("killed")

        with monkeypatch.context() as patch:
            patch.setattr(app, "record_generated", killed)
            with pytest.raises(RuntimeError, match="killed"):
                pipeline.produce(request_id)  # the PDF is stored, the outcome is not
        assert len(pdf_files(sqlite_settings)) == 1 and not named(app, request_id, "Generated")
        monkeypatch.setattr(reports, "render_pdf", lambda document: pytest.fail("rendered again"))
        outcome = pipeline.produce(request_id)  # the redelivered message
        assert outcome.action == "rendered"
        (event,) = named(app, request_id, "Generated")
        assert event.reused_from is None  # its own PDF, not another request's
        assert_generated(app, read, storage, request_id, date(2023, 12, 31))
    finally:
        read.close()
        app.close()
