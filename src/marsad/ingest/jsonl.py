"""JSON Lines (also gzipped) and JSON files: one article an object.

Fields (the first present wins; others are ignored):

===========  ==========================================================================================
text         ``text``, ``content``, ``body`` (HTML markup in it is turned into text)
title        ``title``, ``headline``
published    ``published``, ``date``, ``date_extracted``, ``published_at``, ``pubDate`` (any common
             timestamp; its date part — see :func:`marsad.ingest.meta.parse_date`)
publisher    ``publisher``, ``source`` (a string, or an object with ``name``)
url          ``url``, ``link``
id           ``id`` (string or number): becomes the article id
===========  ==========================================================================================

The SaudiNewsNet corpus (``source, url, date_extracted, title, author, content``) reads as is::

    {"source": "aawsat", "url": "http://aawsat.com/…", "date_extracted": "2015-07-21 02:51:35",
     "title": "مجلس الأمن يصادق على «الاتفاق النووي»", "author": "…", "content": "وافق مجلس الأمن …"}
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from marsad.errors import IngestJsonError, IngestNoText, IngestReadError, InputNotText
from marsad.ingest.html import html_fragment_to_text, looks_like_html
from marsad.ingest.meta import clean_str, parse_date
from marsad.ingest.records import Draft, FailedRecord, Origin

MAX_RECORD_BYTES = 32 * 1024 * 1024  # one JSONL line; beyond it the line is reported and skipped

TEXT_FIELDS = ("text", "content", "body")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "date_extracted", "published_at", "pubDate")
PUBLISHER_FIELDS = ("publisher", "source")
URL_FIELDS = ("url", "link")
_CONTAINER_FIELDS = ("articles", "items", "records", "data", "entries")


def _first(obj: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        if name in obj and obj[name] is not None:
            return name, obj[name]
    return None, None


def draft_from_mapping(obj: Any, origin: Origin) -> Draft | FailedRecord:
    """The article in one JSON object (see the module docstring for the fields)."""
    if not isinstance(obj, Mapping):
        kind = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
            type(obj), "null")
        return FailedRecord(origin, IngestJsonError(f"{kind}, not an article object"))
    name, text = _first(obj, TEXT_FIELDS)
    if name is None:
        return FailedRecord(origin, IngestNoText(f"no {'/'.join(TEXT_FIELDS)} field"))
    if not isinstance(text, str):
        return FailedRecord(origin, IngestJsonError(f"field {name!r} is not a string"))
    warnings: list[str] = []
    if looks_like_html(text):
        text = html_fragment_to_text(text)
        warnings.append(f"field {name!r} held HTML; converted to text")
    _, title = _first(obj, TITLE_FIELDS)
    if isinstance(title, str) and looks_like_html(title):
        title = html_fragment_to_text(title)
    date_field, raw_date = _first(obj, DATE_FIELDS)
    published = parse_date(raw_date)
    if date_field is not None and published is None and raw_date != "":
        warnings.append(f"unreadable date in {date_field!r}: {str(raw_date)[:60]!r}")
    _, publisher = _first(obj, PUBLISHER_FIELDS)
    if isinstance(publisher, Mapping):
        publisher = publisher.get("name") or publisher.get("title")
    _, url = _first(obj, URL_FIELDS)
    return Draft(origin, text, title=clean_str(title), published=published, publisher=clean_str(publisher),
                 url=clean_str(url), id=clean_str(obj.get("id"), limit=200), warnings=warnings)


def _parse_line(line: bytes, origin: Origin) -> Draft | FailedRecord:
    try:
        s = line.decode("utf-8")
    except UnicodeDecodeError as e:
        return FailedRecord(origin, InputNotText(f"line is not valid UTF-8 (byte {e.start})"))
    try:
        obj = json.loads(s)
    except json.JSONDecodeError as e:
        return FailedRecord(origin, IngestJsonError(f"invalid JSON ({e.msg}, column {e.colno})"))
    except RecursionError:
        return FailedRecord(origin, IngestJsonError("invalid JSON (nested too deeply)"))
    return draft_from_mapping(obj, origin)


def iter_jsonl(stream: BinaryIO, source: str) -> Iterator[Draft | FailedRecord]:
    """One draft or failure a non-blank line of a (decompressed) JSONL stream, read line by line.

    ``Origin.record`` is the 1-based line number and ``Origin.offset`` the line's byte offset. A stream
    that breaks (a truncated gzip) yields one :class:`IngestReadError` failure and ends.
    """
    line_no = 0
    offset = 0
    while True:
        try:
            line = stream.readline(MAX_RECORD_BYTES + 1)
        except (EOFError, OSError, zlib.error) as e:
            err = IngestReadError(f"stream broken after line {line_no} ({_reason(e)}); the rest is lost")
            yield FailedRecord(Origin(source, "jsonl", line_no + 1, offset), err)
            return
        if not line:
            return
        line_no += 1
        origin = Origin(source, "jsonl", line_no, offset)
        offset += len(line)
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            try:
                offset += _skip_rest_of_line(stream)
            except (EOFError, OSError, zlib.error) as e:
                yield FailedRecord(origin, IngestReadError(f"stream broken in a long line ({_reason(e)})"))
                return
            yield FailedRecord(origin, IngestReadError(f"line longer than {MAX_RECORD_BYTES // 2**20} MiB"))
            continue
        if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        yield _parse_line(line, origin)


def _skip_rest_of_line(stream: BinaryIO) -> int:
    n = 0
    while True:
        chunk = stream.readline(1024 * 1024)
        n += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return n


def _reason(e: BaseException) -> str:
    return str(e) or e.__class__.__name__


def iter_json(data: bytes, source: str) -> Iterator[Draft | FailedRecord]:
    """A JSON file: one article object, an array of them, or an object holding the array (``{"articles": […]}``)."""
    origin = Origin(source, "json")
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        yield FailedRecord(origin, InputNotText(f"not valid UTF-8 (byte {e.start})"))
        return
    except json.JSONDecodeError as e:
        yield FailedRecord(origin, IngestJsonError(f"invalid JSON ({e.msg}, line {e.lineno} column {e.colno})"))
        return
    except RecursionError:
        yield FailedRecord(origin, IngestJsonError("invalid JSON (nested too deeply)"))
        return
    if isinstance(obj, Mapping) and _first(obj, TEXT_FIELDS)[0] is None:
        for name in _CONTAINER_FIELDS:
            if isinstance(obj.get(name), list):
                obj = obj[name]
                break
    if isinstance(obj, list):
        for i, item in enumerate(obj, 1):
            yield draft_from_mapping(item, Origin(source, "json", i))
        return
    yield draft_from_mapping(obj, origin)

