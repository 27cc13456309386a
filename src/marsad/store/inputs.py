"""What ``marsad ingest`` reads: the records of :func:`marsad.ingest.iter_records` when that reader is
installed, otherwise plain UTF-8 text files (``NAME.txt`` with an optional sidecar ``NAME.json`` giving
published, publisher, title, url and id), folders of them walked recursively, and ``-`` for standard input.

The fallback yields records of the same shape as the readers' (``kind`` = "article", "skipped" or "failed").
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from marsad.errors import InputEmpty, InputError, InputMissing, InputNotArabic, InputNotText, MarsadError
from marsad.model import Article


@dataclass(slots=True)
class TextArticle:
    article: Article
    origin: str
    kind: ClassVar[str] = "article"


@dataclass(slots=True)
class TextSkipped:
    origin: str
    reason: str
    kind: ClassVar[str] = "skipped"


@dataclass(slots=True)
class TextFailed:
    origin: str
    error: MarsadError
    kind: ClassVar[str] = "failed"


def iter_inputs(inputs: Iterable[str]) -> Iterator[object]:
    """Records for the paths, URLs or ``-`` given to ``marsad ingest``."""
    try:
        from marsad.ingest import iter_records  # the full readers (HTML, JSONL, feeds, WARC), when present
    except ImportError:
        iter_records = None
    if iter_records is not None:
        yield from iter_records(list(inputs))
        return
    for item in inputs:
        if item == "-":
            yield _record("<stdin>", sys.stdin.buffer.read(), {})
            continue
        if "://" in item:
            yield TextFailed(item, InputError(f"{item}: reading URLs needs marsad's ingest readers"))
            continue
        path = Path(item)
        if not path.exists():
            yield TextFailed(item, InputMissing(f"no such file or folder: {item}"))
        elif path.is_dir():
            for p in sorted(path.rglob("*.txt")):
                if p.is_file():
                    yield _file(p)
        else:
            yield _file(path)


def _file(path: Path) -> object:
    try:
        data = path.read_bytes()
    except OSError as e:
        return TextFailed(str(path), InputMissing(f"cannot read {path}: {e.strerror or e}"))
    meta: dict = {}
    side = path.with_suffix(".json")
    if side != path and side.is_file():
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            return TextFailed(str(path), InputNotText(f"sidecar {side} is not valid JSON ({type(e).__name__})"))
        if not isinstance(meta, dict):
            return TextFailed(str(path), InputNotText(f"sidecar {side} must hold a JSON object"))
    return _record(str(path), data, meta)


def _record(origin: str, data: bytes, meta: dict) -> object:
    from marsad.ingest.text import decode_text, make_article

    try:
        text = decode_text(data, origin)
        published = None
        if meta.get("published"):
            try:
                published = date.fromisoformat(str(meta["published"])[:10])
            except ValueError:
                raise InputNotText(f"{origin}: sidecar published must be YYYY-MM-DD") from None
        strs = {k: meta[k] if isinstance(meta.get(k), str) else None for k in ("publisher", "title", "url", "id")}
        article = make_article(text, published=published, name=origin, **strs)
    except InputNotArabic:
        return TextSkipped(origin, "not-arabic")
    except InputEmpty:
        return TextSkipped(origin, "empty")
    except MarsadError as e:
        return TextFailed(origin, e)
    return TextArticle(article, origin)
