"""A WeasyPrint URL fetcher that never touches the network and reads only `reports/static`.

WeasyPrint 70 takes a `weasyprint.urls.URLFetcher` instance (the old "function returning a dict"
API is gone): we subclass it and override `fetch(url, headers=None)`. Anything refused raises
`ResourceRefused`; WeasyPrint logs it and renders without that resource (no image, no font).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parent / "static"

_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".icc": "application/vnd.iccprofile",
}


class ResourceRefused(ValueError):
    """Raised for any URL outside `reports/static` (other file, http(s), ftp, …)."""


class LocalFetcher(URLFetcher):
    """Serves data: URIs and files under `root` (default `reports/static`); refuses everything else."""

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.root = Path(os.path.realpath(root))

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ResourceRefused(f"network and other schemes are disabled: {url[:80]}")
        path = self.local_path(url)
        return URLFetcherResponse(
            url=path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": _TYPES.get(path.suffix.lower(), "application/octet-stream")},
        )

    def local_path(self, url: str) -> Path:
        """The real path of a file: URL, if it lies inside `root`; raises ResourceRefused otherwise."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(f"remote file URL: {url[:80]}")
        path = Path(os.path.realpath(url2pathname(unquote(parts.path))))
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ResourceRefused(f"outside {self.root}: {url[:80]}")
        return path
