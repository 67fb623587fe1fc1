"""Render-path overhead: reports.render_pdf against bare WeasyPrint on the identical HTML.

    /work/main/.venv/bin/python bench/render_bench.py [--n 5] [--procedures 120] [--largest 400]

Prints median wall times and ratios; asserts nothing. "ours" is the whole public call
(Jinja + pygal charts + canonical JSON + PDF/A-3b with the JSON attached + local-only fetcher +
shared FontConfiguration). "bare" is `weasyprint.HTML(string=html, base_url=static).write_pdf()`
on the HTML that render_html produced, once with WeasyPrint's defaults (a new FontConfiguration
per call) and once with one shared FontConfiguration (the stricter baseline). Runs are
interleaved so machine noise hits all variants alike. Peak RSS is measured in a fresh child
process that renders only the largest report.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import weasyprint  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from reports import render_html, render_pdf  # noqa: E402
from reports.fetcher import STATIC_DIR  # noqa: E402
from tests.reports import fixtures  # noqa: E402

BASE_URL = STATIC_DIR.as_uri() + "/"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def pages(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def rss_child(procedures: int) -> None:
    """Child process: render the largest report once and print pages and peak RSS (MiB)."""
    pdf = render_pdf(fixtures.unit_report(procedures))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{pages(pdf)} {peak:.0f} {len(pdf)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="repetitions of each variant")
    parser.add_argument("--procedures", type=int, default=150, help="rows of the ~10-page report")
    parser.add_argument("--largest", type=int, default=400, help="rows of the report measured for RSS")
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return

    document = fixtures.unit_report(args.procedures)
    html = render_html(document)
    shared = FontConfiguration()

    variants = {
        "ours: render_pdf(document)": lambda: render_pdf(document),
        "bare: HTML(string).write_pdf(), defaults": lambda: weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(),
        "bare: same, shared FontConfiguration": lambda: weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(
            font_config=shared
        ),
        "ours, parts: render_html (Jinja + pygal)": lambda: render_html(document),
    }
    for fn in variants.values():  # warm-up: imports, font registration, caches
        fn()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.n):
        for name, fn in variants.items():
            times[name].append(timed(fn))

    ours_pdf = render_pdf(document)
    bare_pdf = weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf()
    print(
        f"unit report, {args.procedures} procedures: {pages(ours_pdf)} pages "
        f"(ours {len(ours_pdf) / 1024:.0f} KiB PDF/A-3b, bare {len(bare_pdf) / 1024:.0f} KiB); n={args.n}"
    )
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        spread = f"min {min(times[name]):.3f} max {max(times[name]):.3f}"
        print(f"  {name:<45} median {median:7.3f} s   ({spread})")
    ours = medians["ours: render_pdf(document)"]
    for name in ("bare: HTML(string).write_pdf(), defaults", "bare: same, shared FontConfiguration"):
        print(f"  ratio ours / {name[6:]:<39} {ours / medians[name]:.3f}x")

    out = subprocess.run(
        [sys.executable, __file__, "--rss-child", str(args.largest)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    print(
        f"largest: unit report, {args.largest} procedures, {out[0]} pages, "
        f"{int(out[2]) / 1024:.0f} KiB: peak RSS {out[1]} MiB (fresh process, ru_maxrss)"
    )


if __name__ == "__main__":
    main()
