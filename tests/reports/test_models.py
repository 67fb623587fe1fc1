"""View models: derived figures, totals, validation, annex grouping and the canonical JSON."""

import json
from dataclasses import FrozenInstanceError, replace
from datetime import datetime
from decimal import Decimal

import pytest

from reports import document_json
from reports.context import annex_parts
from reports.models import ChangeType, CostSummary, Counts, ProcedureRow, ProposalCounts, Provenance
from tests.reports import fixtures


def test_cost_summary_derives_saving_and_reduction():
    cost = CostSummary(before=Decimal("42500000"), after=Decimal("16500000"))
    assert cost.saved == Decimal("26000000")
    assert cost.reduction_pct == Decimal("61.18")
    assert CostSummary().reduction_pct is None  # no basis, no rate


def test_money_must_not_be_float():
    with pytest.raises(TypeError):
        CostSummary(before=42500000.0, after=Decimal(0))
    with pytest.raises(TypeError):
        ProcedureRow(name="x", field="y", status="PUBLISHED", cost_before=1.5)


def test_both_cut_rates():
    counts = Counts(baseline=307, abolished=11, simplified=40)
    assert counts.abolished_pct == Decimal("3.58")
    assert counts.cut_pct == Decimal("16.61")


def test_totals_add_field_by_field_and_recompute_rates():
    summary = fixtures.level_summary(3)
    total = summary.total_counts
    assert total.listed == sum(r.counts.listed for r in summary.rows)
    assert total.proposed == sum((r.counts.proposed for r in summary.rows), ProposalCounts())
    assert (
        total.cut_pct == Counts(baseline=total.baseline, abolished=total.abolished, simplified=total.simplified).cut_pct
    )
    assert summary.total_cost.before == sum(r.cost.before for r in summary.rows)
    assert summary.units_at_risk == 1  # MET, AT_RISK, MET


def test_view_models_are_frozen():
    report = fixtures.unit_report(2)
    with pytest.raises(FrozenInstanceError):
        report.as_of = None


def test_provenance_is_checked():
    good = fixtures.meta().provenance
    with pytest.raises(ValueError):
        replace(good, chain_head="not-hex")
    with pytest.raises(ValueError):
        replace(good, log_position=-1)
    with pytest.raises(ValueError):
        Provenance(chain_head="ab", log_position=1, recorded_at=datetime(2022, 12, 28))


def test_annex_groups_by_change_type_then_level_rank_then_field():
    parts = annex_parts(fixtures.publication_annex().items)
    assert [p.letter for p in parts] == ["A", "B", "C", "D", "E"]
    new = parts[0]
    assert [lv.level for lv in new.levels] == ["Cấp tỉnh", "Cấp xã"]  # by rank, not input order
    assert [lv.numeral for lv in new.levels] == ["I", "II"]
    assert [g.field for g in new.levels[0].fields] == ["Thi đua - Khen thưởng", "Tổ chức biên chế"]
    numbers = [r.number for lv in new.levels for g in lv.fields for r in g.rows]
    assert numbers == [1, 2, 3] and new.count == 3
    amended = parts[1]
    assert {r.item.change_type for lv in amended.levels for g in lv.fields for r in g.rows} == {
        ChangeType.AMENDED,
        ChangeType.SUPPLEMENTED,
    }
    assert parts[2].replaced and not parts[0].replaced


def test_document_json_is_canonical():
    report = fixtures.unit_report(3)
    data = document_json(report)
    assert data == document_json(fixtures.unit_report(3))
    parsed = json.loads(data)
    assert data == json.dumps(parsed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert parsed["document"] == "unit_report" and parsed["schema"] == 1
    body = parsed["data"]
    assert body["as_of"] == "2022-12-28"
    assert body["cost"] == {"after": "16500000", "before": "42500000", "reduction_pct": "61.18", "saved": "26000000"}
    assert body["counts"]["cut_pct"] == "16.61"
    assert body["indicators"][0]["status"] == "MET"
    assert body["meta"]["provenance"]["recorded_at"] == "2022-12-28T16:30:05+07:00"
    assert "Hữu Lũng" in data.decode("utf-8")  # UTF-8, not \\u escapes


def test_document_json_changes_with_a_figure():
    report = fixtures.unit_report(3)
    changed = replace(report, cost=CostSummary(before=Decimal("42500000"), after=Decimal("16500001")))
    assert document_json(report) != document_json(changed)


def test_render_refuses_what_is_not_a_document():
    from reports import render_html, render_pdf

    with pytest.raises(TypeError):
        render_pdf(fixtures.meta())
    with pytest.raises(TypeError):
        render_html({"kind": "unit_report"})


def test_html_can_point_its_stylesheet_at_a_web_prefix():
    from reports import render_html

    html = render_html(fixtures.evidence_pack(1), static_prefix="/reports-static/")
    assert '<link rel="stylesheet" href="/reports-static/print.css">' in html
    assert '<html lang="vi">' in html
