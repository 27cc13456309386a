"""Reading one plain-text article: UTF-8, optional title line, checks that it is Arabic text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from marsad.errors import InputEmpty, InputMissing, InputNotArabic, InputNotText
from marsad.model import Article

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_LETTER = re.compile(r"[^\W\d_]+")


def read_text_file(path: str | Path) -> str:
    p = Path(path)
    if not p.exists():
        raise InputMissing(f"no such file: {p}")
    if p.is_dir():
        raise InputNotText(f"{p} is a directory; give one text file (or use 'marsad ingest' for folders)")
    data = p.read_bytes()
    return decode_text(data, str(p))


def decode_text(data: bytes, name: str = "<stdin>") -> str:
    if b"\x00" in data[:8192]:
        raise InputNotText(f"{name} looks binary (NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputNotText(f"{name} is not valid UTF-8 (byte {e.start}); convert it with iconv first") from None
    return text[1:] if text.startswith("\ufeff") else text


def check_arabic(text: str, name: str = "input") -> None:
    """Raise unless ``text`` has content and at least 30% of its letters are Arabic."""
    if not text.strip():
        raise InputEmpty(f"{name} is empty")
    sample = text[:20000]
    # Counted by runs (one match a word, not one a character). Letters are at most len(sample), so a sample
    # that is 30% Arabic characters passes without counting letters (the slow, Unicode-category scan).
    arabic = sum(map(len, _ARABIC.findall(sample)))
    if arabic >= 0.3 * len(sample) and _LETTER.search(sample):
        return
    letters = sum(map(len, _LETTER.findall(sample)))
    if letters == 0 or arabic < 0.3 * letters:
        raise InputNotArabic(f"{name} is not Arabic text ({arabic} Arabic of {letters} letters)")


def split_title(text: str) -> str | None:
    """The first line is the title when a blank line follows it."""
    first, sep, rest = text.partition("\n")
    if sep and rest.lstrip(" \t\r").startswith("\n") and first.strip() and len(first) < 400:
        return first.strip()
    return None


def make_article(text: str, *, published: date | None = None, publisher: str | None = None,
                 title: str | None = None, url: str | None = None, id: str | None = None,
                 name: str = "input") -> Article:
    """An :class:`Article` whose offsets index ``text`` exactly as given."""
    check_arabic(text, name)
    body_start = 0
    found = split_title(text)
    if found is not None:
        body_start = text.index("\n") + 1
        title = title or found
    return Article(text=text, published=published, publisher=publisher, title=title, url=url, id=id,
                   body_start=body_start)
