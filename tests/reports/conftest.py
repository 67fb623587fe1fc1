"""Each document is rendered once per session (a render costs 0.2-1 s); tests read the cached bytes."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import pdfplumber
import pypdf
import pytest

from reports import render_pdf
from tests.reports import fixtures


def normalise(text: str) -> str:
    """NFC, no-break spaces as spaces, whitespace collapsed (table cells wrap)."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Rendered:
    document: object
    pdf: bytes

    @cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(self.pdf))

    @cached_property
    def pages(self) -> list[str]:
        return [normalise(page.extract_text()) for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    @cached_property
    def chars(self) -> list[dict]:
        with pdfplumber.open(io.BytesIO(self.pdf)) as pdf:
            return [
                {"text": c["text"], "font": c["fontname"], "page": n, "top": c["top"], "height": page.height}
                for n, page in enumerate(pdf.pages, 1)
                for c in page.chars
            ]


@pytest.fixture(scope="session")
def unit_pdf() -> Rendered:
    document = fixtures.unit_report(12)
    return Rendered(document, render_pdf(document))


@pytest.fixture(scope="session")
def level_pdf() -> Rendered:
    document = fixtures.level_summary(30)  # three landscape pages: the header must repeat
    return Rendered(document, render_pdf(document))


@pytest.fixture(scope="session")
def annex_pdf() -> Rendered:
    document = fixtures.publication_annex()
    return Rendered(document, render_pdf(document))


@pytest.fixture(scope="session")
def evidence_pdf() -> Rendered:
    document = fixtures.evidence_pack(6)
    return Rendered(document, render_pdf(document))


@pytest.fixture(scope="session", params=["unit", "level", "annex", "evidence"])
def any_pdf(request) -> Rendered:
    return request.getfixturevalue(f"{request.param}_pdf")
