"""Accent-insensitive Vietnamese search text (services/projections/text.py): folding and LIKE patterns."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.projections.text import fold, like_pattern


@pytest.mark.parametrize("text, folded", [
    ("Thi đua – khen thưởng", "thi dua – khen thuong"),
    ("THI ĐUA", "thi dua"),
    ("Đăng ký tạm trú", "dang ky tam tru"),
    ("Xét tặng danh hiệu “Chiến sĩ thi đua”", "xet tang danh hieu “chien si thi dua”"),
    ("Ủy ban nhân dân xã Hòa Thắng", "uy ban nhan dan xa hoa thang"),
    ("Người ơi ướt át", "nguoi oi uot at"),
    ("  nhiều   khoảng\ttrắng\n ", "nhieu khoang trang"),
    ("LS-NV-01", "ls-nv-01"),
    ("", ""),
])
def test_fold_strips_accents_and_case_and_squeezes_spaces(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_treats_nfc_and_nfd_alike() -> None:
    name = "Quyết định công nhận xã đạt chuẩn tiếp cận pháp luật"
    assert unicodedata.normalize("NFD", name) != name
    assert fold(unicodedata.normalize("NFD", name)) == fold(name) == fold(unicodedata.normalize("NFC", name))
    assert fold(unicodedata.normalize("NFD", "ĐĂNG KÝ")) == "dang ky"


def test_fold_of_none_is_empty() -> None:
    assert fold(None) == ""  # type: ignore[arg-type]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_fold_is_idempotent_and_leaves_no_combining_marks(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip() and "  " not in folded


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ "


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), max_size=30))
def test_a_vietnamese_name_folds_to_plain_ascii(text: str) -> None:
    assert fold(text).isascii()
    assert fold(text) == fold(text.upper()) == fold(unicodedata.normalize("NFD", text))


def like(pattern: str, subject: str) -> bool:
    """SQL `subject LIKE pattern ESCAPE '\\'`, case-sensitive as the folded columns need."""
    regex, chars, i = "", list(pattern), 0
    while i < len(chars):
        c = chars[i]
        if c == "\\":
            i += 1
            regex += re.escape(chars[i])
        elif c == "%":
            regex += ".*"
        elif c == "_":
            regex += "."
        else:
            regex += re.escape(c)
        i += 1
    return re.fullmatch(regex, subject, re.DOTALL) is not None


def test_like_pattern_matches_the_folded_needle_anywhere() -> None:
    assert like_pattern("thi đua") == "%thi dua%"
    assert like_pattern("THI ĐUA") == "%thi dua%"
    assert like_pattern(unicodedata.normalize("NFD", "thi đua")) == "%thi dua%"
    assert like(like_pattern("thi dua"), fold("Xét tặng danh hiệu Chiến sĩ thi đua cấp tỉnh"))
    assert not like(like_pattern("thi dua"), fold("Tặng Bằng khen"))


@pytest.mark.parametrize("needle, pattern", [
    ("100%", "%100\\%%"),
    ("a_b", "%a\\_b%"),
    ("\\", "%\\\\%"),
    ("50%_\\x", "%50\\%\\_\\\\x%"),
])
def test_percent_underscore_and_backslash_typed_by_a_user_are_escaped(needle: str, pattern: str) -> None:
    assert like_pattern(needle) == pattern


@given(needle=st.text(alphabet="ab%_\\ đ", min_size=1, max_size=8),
       before=st.text(alphabet="ab%_\\ đx", max_size=6), after=st.text(alphabet="ab%_\\ đx", max_size=6))
def test_a_like_pattern_matches_exactly_the_texts_that_contain_the_needle(needle: str, before: str,
                                                                            after: str) -> None:
    subject = fold(before + needle + after)
    assert like(like_pattern(needle), subject)
    for other in ("", "x", "abx", "a%b", "a_b", "ab", "%", "_"):
        assert like(like_pattern(needle), fold(other)) == (fold(needle) in fold(other))
