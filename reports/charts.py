"""Charts drawn by pygal as inline SVG (text stays text, in the bundled Sans font).

pygal stamps each chart with a random uuid and today's date (in an XML comment); both are
replaced or stripped here so the same inputs give the same HTML and the same PDF bytes.
Geometry uses floats (it is a drawing); every printed figure goes through `reports.formatting`.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pygal
from pygal.style import Style

from reports.blocks import Indicator, ProcedureRow
from reports.formatting import number, percent, short_date
from reports.labels import label

SANS = "TTHC Liberation Sans"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_STYLE = Style(
    font_family=SANS,
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#222222",
    foreground_strong="#000000",
    foreground_subtle="#888888",
    opacity="1",
    opacity_hover="1",
    colors=("#1f4e79", "#c8a200", "#2e7d32", "#c62828"),
    value_colors=("#ffffff", "#000000", "#ffffff", "#ffffff"),
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    title_font_size=14,
    tooltip_font_size=11,
)
_COMMON = {
    "style": _STYLE,
    "js": (),
    "disable_xml_declaration": True,
    "explicit_size": True,
    "truncate_label": -1,
    "truncate_legend": -1,
    "print_values": True,
    "show_y_guides": True,
    "pretty_print": False,
}


def _pct_text(value: float | None) -> str:
    return "" if value is None else percent(Decimal(str(value)))


def _axis_pct(value: float) -> str:
    return percent(Decimal(round(value)), 0)


def _svg(chart: pygal.graph.graph.Graph, chart_id: str) -> str:
    chart.uuid = chart_id  # a stable id: pygal scopes its CSS with it
    return _COMMENT.sub("", chart.render(is_unicode=True))  # the template marks it | safe


def milestone_progress(indicators: tuple[Indicator, ...]) -> str | None:
    """Horizontal bars: actual % against the threshold of each milestone (numbered as in the table)."""
    if not indicators:
        return None
    chart = pygal.HorizontalBar(
        width=760,
        height=120 + 70 * len(indicators),
        range=(0, 100),
        legend_at_bottom=True,
        value_formatter=_axis_pct,
        title="Tiến độ thực hiện các chỉ tiêu của kế hoạch",
        **_COMMON,
    )
    ordered = indicators[::-1]  # pygal draws the first bar at the bottom; milestone 1 goes on top
    chart.x_labels = [f"{len(indicators) - n}. hạn {short_date(i.deadline)}" for n, i in enumerate(ordered)]
    chart.y_labels = [0, 20, 40, 60, 80, 100]
    actual = [None if i.actual_pct is None else float(i.actual_pct) for i in ordered]
    chart.add("Thực tế", actual, formatter=_pct_text)
    chart.add("Chỉ tiêu", [float(i.threshold_pct) for i in ordered], formatter=_pct_text)
    return _svg(chart, "tien-do")


def status_distribution(procedures: tuple[ProcedureRow, ...]) -> str | None:
    """Bars: number of procedures in each status (in order of first appearance)."""
    if not procedures:
        return None
    counts = Counter(row.status for row in procedures)
    chart = pygal.Bar(
        width=760,
        height=320,
        show_legend=False,
        x_label_rotation=20,
        value_formatter=lambda v: number(round(v)),
        title="Số TTHC nội bộ theo trạng thái",
        **_COMMON,
    )
    chart.x_labels = [label(status, "status") for status in counts]
    chart.add("Số TTHC", list(counts.values()))
    return _svg(chart, "trang-thai")
