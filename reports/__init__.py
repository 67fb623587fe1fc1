"""PDF and HTML reports: frozen view models in, HTML text / PDF bytes / canonical JSON out.

Public API (imports only the standard library, jinja2, weasyprint, pygal and itself):

    render_html(document) -> str       the document as HTML (stylesheet relative to STATIC_DIR)
    render_pdf(document) -> bytes      PDF/A-3b, bundled fonts, JSON data attached, reproducible
    document_json(document) -> bytes   the document's data as canonical JSON

A document is one of `reports.models`: UnitReport, LevelSummary, PublicationAnnex, EvidencePack.
WeasyPrint (slow to import) is loaded on first use of render_html / render_pdf, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reports.serialize import document_json

if TYPE_CHECKING:
    from reports.render import render_html, render_pdf

__all__ = ["STATIC_DIR", "document_json", "render_html", "render_pdf"]


def __getattr__(name: str):
    if name in ("render_html", "render_pdf"):
        from reports import render

        return getattr(render, name)
    if name == "STATIC_DIR":
        from pathlib import Path

        return Path(__file__).resolve().parent / "static"
    raise AttributeError(f"module 'reports' has no attribute {name!r}")
