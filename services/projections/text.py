"""Accent-insensitive Vietnamese search: "thi dua" finds "thi đua", NFC and NFD input alike."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.replace("đ", "d").replace("Đ", "D").lower()).strip()


def like_pattern(needle: str) -> str:
    """A LIKE pattern for the folded needle; % and _ typed by a user are matched literally."""
    escaped = fold(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
