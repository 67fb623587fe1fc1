"""Same inputs, same bytes (in this process and in a fresh one); a changed figure changes the bytes."""

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from reports import document_json, render_html, render_pdf
from reports.models import CostSummary
from tests.reports import fixtures

ROOT = Path(__file__).resolve().parents[2]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_same_inputs_give_identical_bytes(unit_pdf):
    again = render_pdf(fixtures.unit_report(12))
    assert sha(again) == sha(unit_pdf.pdf)


def test_a_changed_figure_gives_different_bytes(unit_pdf):
    changed = replace(fixtures.unit_report(12), cost=CostSummary(before=Decimal("42500000"), after=Decimal("16500001")))
    assert sha(render_pdf(changed)) != sha(unit_pdf.pdf)


def test_identifier_derives_from_the_data(unit_pdf):
    identifier = unit_pdf.reader.trailer["/ID"][0]
    expected = hashlib.sha256(document_json(unit_pdf.document)).hexdigest()[:32]
    assert str(identifier) == expected


def test_a_fresh_process_with_another_hash_seed_gives_identical_bytes(unit_pdf):
    code = (
        "import hashlib, sys; from reports import render_pdf; from tests.reports import fixtures; "
        "sys.stdout.write(hashlib.sha256(render_pdf(fixtures.unit_report(12))).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == sha(unit_pdf.pdf)


def test_html_is_reproducible_too():
    first = render_html(fixtures.unit_report(3))
    assert first == render_html(fixtures.unit_report(3))
    assert "<!--" not in first  # pygal's "generated on <today>" comment is stripped
    assert 'id="chart-tien-do"' in first and 'id="chart-trang-thai"' in first


def test_concurrent_renders_in_threads_agree(annex_pdf):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: render_pdf(fixtures.publication_annex()), range(3)))
    assert {sha(pdf) for pdf in results} == {sha(annex_pdf.pdf)}
