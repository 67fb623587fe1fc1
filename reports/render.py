"""Jinja2 + WeasyPrint: a view model in, HTML text or PDF/A-3b bytes out.

- Autoescape is on for every template: user text (procedure names, notes) always prints literally.
- WeasyPrint fetches through `LocalFetcher` (no network; only files under reports/static).
- One `FontConfiguration` per process: the bundled fonts are registered once, on first use.
- PDFs are reproducible: creation/modification dates come from the provenance's record time,
  the file identifier from the sha256 of the report's JSON, which is attached (PDF/A-3b, "Data").
"""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import UTC
from functools import cache

import weasyprint
from jinja2 import Environment, PackageLoader, StrictUndefined
from weasyprint.text.fonts import FontConfiguration

from reports import labels
from reports.context import extras
from reports.fetcher import STATIC_DIR, LocalFetcher
from reports.formatting import FILTERS, place_date
from reports.models import Document, EvidencePack, LevelSummary, PublicationAnnex, UnitReport
from reports.serialize import document_json

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "du-lieu-bao-cao.json"
BASE_URL = STATIC_DIR.as_uri() + "/"
DOCUMENTS = (UnitReport, LevelSummary, PublicationAnnex, EvidencePack)

_font_lock = threading.Lock()
_render_lock = threading.Lock()  # WeasyPrint is not documented thread-safe; renders are CPU/GIL-bound anyway
_font_config: tuple[int, FontConfiguration] | None = None


@cache
def environment() -> Environment:
    """The Jinja environment (built once): autoescape on, strict undefined, Vietnamese filters."""
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["label"] = labels.label
    env.globals["place_date"] = place_date
    return env


def font_config() -> FontConfiguration:
    """The process's shared FontConfiguration (a forked child builds its own)."""
    global _font_config
    with _font_lock:
        if _font_config is None or _font_config[0] != os.getpid():
            _font_config = (os.getpid(), FontConfiguration())
        return _font_config[1]


def _check(document: object) -> Document:
    if not isinstance(document, DOCUMENTS):
        raise TypeError(f"not a report document: {type(document).__name__}")
    return document


def render_html(document: Document, *, static_prefix: str = "") -> str:
    """The document as HTML. Its stylesheet is `{static_prefix}print.css`: relative to
    `reports/static` by default (as render_pdf needs); a web preview passes the URL it serves
    that folder at, e.g. "/reports-static/"."""
    document = _check(document)
    template = environment().get_template(f"{document.kind}.html")
    return template.render(doc=document, meta=document.meta, static_prefix=static_prefix, **extras(document))


def pdf_options(document: Document, data: bytes) -> dict:
    """write_pdf options that make the file PDF/A-3b, self-describing and reproducible."""
    recorded = document.meta.provenance.recorded_at.astimezone(UTC).replace(tzinfo=None)
    attachment = weasyprint.Attachment(
        string=data,
        url_fetcher=LocalFetcher(),
        name=ATTACHMENT_NAME,
        description="Dữ liệu của báo cáo (JSON chuẩn tắc)",
        created=recorded,
        modified=recorded,
        relationship="Data",
    )
    return {
        "pdf_variant": PDF_VARIANT,
        "attachments": [attachment],
        "pdf_identifier": hashlib.sha256(data).hexdigest()[:32].encode("ascii"),
        "font_config": font_config(),
    }


def render_pdf(document: Document) -> bytes:
    """The document as PDF/A-3b bytes with its `document_json` attached; same inputs, same bytes.

    Thread-safe (renders are serialised per process); for throughput run more processes."""
    document = _check(document)
    html = render_html(document)
    options = pdf_options(document, document_json(document))
    with _render_lock:
        page = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher(), media_type="print")
        return page.write_pdf(**options)
