"""Reading one plain-text article: UTF-8, optional title line, sidecar metadata, checks that it is Arabic text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marsad.errors import IngestSidecarError, InputEmpty, InputMissing, InputNotArabic, InputNotText
from marsad.ingest.records import Draft, FailedRecord, Origin
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
                 name: str = "input", check: bool = True) -> Article:
    """An :class:`Article` whose offsets index ``text`` exactly as given.

    ``check=False`` skips :func:`check_arabic` (for callers that identified the language already).
    """
    if check:
        check_arabic(text, name)
    body_start = 0
    found = split_title(text)
    if found is not None:
        body_start = text.index("\n") + 1
        title = title or found
    return Article(text=text, published=published, publisher=publisher, title=title, url=url, id=id,
                   body_start=body_start)


# --- sidecar metadata -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sidecar:
    """Metadata for ``NAME.txt`` from ``NAME.json`` (or ``NAME.meta.json``) beside it.

    ``{"published": "2015-08-10", "publisher": "الشرق الأوسط", "title": "…", "url": "…", "id": "…"}``;
    every key is optional, others are ignored.
    """

    path: Path
    published: date | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = None


SIDECAR_SUFFIXES = (".json", ".meta.json")


def sidecar_paths(path: Path) -> list[Path]:
    """Where the sidecar of ``path`` may be: ``NAME.json``, then ``NAME.meta.json``."""
    return [path.with_name(path.stem + suffix) for suffix in SIDECAR_SUFFIXES if path.stem + suffix != path.name]


def read_sidecar(path: str | Path) -> Sidecar | None:
    """The sidecar of the text file ``path``, or ``None`` when there is none.

    Raises :class:`IngestSidecarError` when one exists but is not a JSON object with well-formed fields
    (``published`` must start with ``YYYY-MM-DD``).
    """
    from marsad.ingest.meta import clean_str

    for side in sidecar_paths(Path(path)):
        if not side.is_file():
            continue
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise IngestSidecarError(f"sidecar {side} is not valid JSON ({e.__class__.__name__})") from None
        if not isinstance(meta, dict):
            raise IngestSidecarError(f"sidecar {side} must hold a JSON object")
        published = None
        if meta.get("published"):
            try:
                published = date.fromisoformat(str(meta["published"])[:10])
            except ValueError:
                raise IngestSidecarError(f"sidecar {side}: published must be YYYY-MM-DD") from None
        return Sidecar(side, published, *(clean_str(meta.get(k)) if isinstance(meta.get(k), str) else None
                                          for k in ("publisher", "title", "url", "id")))
    return None


def text_draft(data: bytes, origin: Origin, path: Path | None = None) -> Draft | FailedRecord:
    """The draft of a UTF-8 text file (with its sidecar's metadata when ``path`` has one), or a failure."""
    try:
        text = decode_text(data, origin.source)
    except InputNotText as e:
        return FailedRecord(origin, e)
    try:
        side = read_sidecar(path) if path is not None else None
    except IngestSidecarError as e:
        return FailedRecord(origin, e)
    if side is None:
        return Draft(origin, text, as_given=True)
    return Draft(origin, text, title=side.title, published=side.published, publisher=side.publisher, url=side.url,
                 id=side.id, as_given=True)
