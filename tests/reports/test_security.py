"""User text is escaped; WeasyPrint may read nothing but data: URIs and files under reports/static."""

import base64
import http.server
import io
import struct
import threading
import zlib
from dataclasses import replace
from typing import ClassVar

import pypdf
import pytest
from jinja2 import ChoiceLoader, DictLoader

from reports import render, render_html, render_pdf
from reports.fetcher import STATIC_DIR, LocalFetcher, ResourceRefused
from reports.models import ProcedureRow
from tests.reports import fixtures
from tests.reports.conftest import normalise

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>x</b>"


def png_1x1() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def image_count(pdf: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    count = 0
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


@pytest.fixture(scope="module")
def payload_report():
    rows = (ProcedureRow(name=SCRIPT, field=BOLD, status="<i>PUBLISHED</i>", code="1.0&2"),)
    return replace(fixtures.unit_report(1), procedures=rows)


def test_html_escapes_user_text(payload_report):
    html = render_html(payload_report)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert SCRIPT not in html and BOLD not in html


def test_pdf_shows_markup_as_literal_text(payload_report):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(payload_report)))
    text = normalise(" ".join(page.extract_text() for page in reader.pages)).replace(" ", "")  # cells wrap
    for literal in (SCRIPT, BOLD, "<i>PUBLISHED</i>", "1.0&2"):
        assert literal in text


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        self.hits.append(self.path)
        body = png_1x1()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_fetcher_refuses_network_and_files_outside_static(tmp_path, http_server):
    url, hits = http_server
    fetcher = LocalFetcher()
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    for bad in (
        "file:///etc/passwd",
        f"{url}/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        outside.as_uri(),
        (STATIC_DIR / ".." / "render.py").as_uri(),
        "file://example.org/etc/passwd",
        "file:///etc/../etc/passwd",
    ):
        with pytest.raises(ResourceRefused):
            fetcher.fetch(bad)
    assert hits == []


def test_fetcher_refuses_symlinks_leading_out(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    root = tmp_path / "static"
    root.mkdir()
    (root / "link.txt").symlink_to(secret)
    with pytest.raises(ResourceRefused):
        LocalFetcher(root).fetch((root / "link.txt").as_uri())


def test_fetcher_serves_static_files_and_data_uris():
    fetcher = LocalFetcher()
    css = fetcher.fetch((STATIC_DIR / "print.css").as_uri())
    assert css.content_type == "text/css" and b"@page" in css.read()
    assert fetcher.fetch("data:text/plain;base64,eGluIGNow6Bv").read() == "xin chào".encode()


def test_a_template_pointing_outside_loads_nothing(tmp_path, http_server, monkeypatch, caplog):
    url, hits = http_server
    local_png = tmp_path / "pixel.png"
    local_png.write_bytes(png_1x1())
    data_png = "data:image/png;base64," + base64.b64encode(png_1x1()).decode()
    evil = (
        '{% extends "base.html" %}{% block body %}'
        f'<link rel="stylesheet" href="{url}/evil.css">'
        f'<style>@import url("{url}/import.css"); h1 {{ background: url("{url}/bg.png") }}</style>'
        f'<h1>x</h1><img src="file:///etc/passwd"><img src="{local_png.as_uri()}"><img src="{url}/a.png">'
        f'<img src="{data_png}" alt="control">'
        "{% endblock %}"
    )
    env = render.environment()
    evil_env = env.overlay(loader=ChoiceLoader([DictLoader({"unit_report.html": evil}), env.loader]))
    monkeypatch.setattr(render, "environment", lambda: evil_env)
    pdf = render_pdf(fixtures.unit_report(1))
    assert pdf.startswith(b"%PDF")
    assert hits == []  # not one request reached the network
    assert image_count(pdf) == 1  # only the data: URI control image was embedded
