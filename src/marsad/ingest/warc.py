"""WARC (and ARC) web archives, gzipped or not (warcio): each archived HTML page is read like an HTML file.

Only ``response`` records with a 2xx status and ``resource`` records whose content type is HTML are articles;
requests, metadata, images, scripts, redirects and error pages are passed over silently (a crawl holds many
of them for each page). The page's URL is the record's ``WARC-Target-URI``; the ``WARC-Date`` (the crawl time)
stands in for a page that gives no publication date, with a warning. A record cut short (a truncated file)
is a failure, not a page with half its text.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from marsad.errors import IngestReadError, IngestWarcError
from marsad.ingest.html import iter_html
from marsad.ingest.meta import parse_date
from marsad.ingest.records import Draft, FailedRecord, Origin
from marsad.ingest.sources import GZIP_MAGIC, MAX_DOCUMENT_BYTES, gunzip_head, peek_stream

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ERRORS = (EOFError, OSError, ValueError, zlib.error)


def _is_html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


class _Counting(io.RawIOBase):
    """Counts the bytes read through it: an archive that ends before its last record ends is truncated."""

    TAIL = 1 << 16

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.count = 0
        self.tail = b""  # the last bytes read: what follows the last whole record must be blank

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.stream.read(len(buf))
        buf[: len(data)] = data
        self.count += len(data)
        self.tail = (self.tail + data)[-self.TAIL:]
        return len(data)

    def blank_after(self, end: int) -> bool:
        extra = self.count - end
        return extra <= 0 or (extra <= len(self.tail) and not self.tail[-extra:].strip())


@contextlib.contextmanager
def _quiet(messages: list[str]) -> Iterator[None]:
    # warcio writes a warning about a damaged record straight to sys.stderr; it becomes a failure record instead.
    # Only around warcio's own calls, never across a yield.
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        yield
    if buf.getvalue().strip():
        messages.append(" ".join(buf.getvalue().split())[:200])


def iter_warc(stream: BinaryIO, source: str) -> Iterator[Draft | FailedRecord]:
    """One draft or failure an archived HTML page. ``Origin.record`` counts every WARC record (1-based) and
    ``Origin.offset`` is the record's byte offset in the (compressed) file. A corrupt archive yields an
    :class:`IngestWarcError` failure and ends."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        head, stream = peek_stream(stream)
    except _ERRORS as e:
        yield FailedRecord(Origin(source, "warc"), IngestReadError(f"cannot read ({_reason(e)})"))
        return
    inner = gunzip_head(head) if head.startswith(GZIP_MAGIC) else head
    if not inner.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        yield FailedRecord(Origin(source, "warc"), IngestWarcError("not a WARC or ARC archive (at the start)"))
        return
    counted = _Counting(stream)
    records = ArchiveIterator(counted, arc2warc=True)
    it = iter(records)
    n = 0
    last_end = 0  # where the last whole record ends
    damaged: list[str] = []
    while True:
        try:
            with _quiet(damaged):
                rec = next(it, None)
        # warcio parses hostile bytes with plain string code: a damaged header can raise AttributeError,
        # IndexError, … as well as its own ArchiveLoadFailed; any of them ends this archive, never the run.
        except Exception as e:
            yield FailedRecord(Origin(source, "warc", n + 1), IngestWarcError(f"archive unreadable at record "
                                                                              f"{n + 1} ({_reason(e)})"))
            return
        if damaged:
            yield FailedRecord(Origin(source, "warc", n + 1), IngestWarcError(f"archive damaged: {damaged[0]}"))
            damaged.clear()
        if rec is None:
            break
        n += 1
        if not _is_article(rec):
            if rec.rec_type is None or rec.length is None or _cut_short(rec, damaged):
                yield FailedRecord(Origin(source, "warc", n), IngestWarcError("archive ends inside a record "
                                                                              "(truncated)"))
                return
            last_end = _end_of(records, damaged, last_end)
            continue
        error = None
        try:
            with _quiet(damaged):
                data = rec.content_stream().read(MAX_DOCUMENT_BYTES + 1)
                cut = _cut_short(rec, damaged)
                # (warcio reads the record to its end to know its offset: only after the content is read)
                offset = records.get_record_offset()
                last_end = offset + records.get_record_length()
        except Exception as e:  # a bad chunked or gzip body (any error class, as above): this record only
            error, offset = IngestWarcError(f"archived page unreadable ({_reason(e)})"), None
        origin = Origin(source, "warc", n, offset)
        if error is None and cut:
            error = IngestWarcError("archived page cut short (truncated archive)")
        elif error is None and len(data) > MAX_DOCUMENT_BYTES:
            error = IngestReadError(f"archived page larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
        if error is not None:
            yield FailedRecord(origin, error)
            continue
        url = rec.rec_headers.get_header("WARC-Target-URI")
        crawled = parse_date(rec.rec_headers.get_header("WARC-Date"))
        yield from iter_html(data, origin, url=url, fallback_date=crawled)
    try:
        counted.read()
    except _ERRORS:
        pass
    if not counted.blank_after(last_end):
        yield FailedRecord(Origin(source, "warc", n + 1), IngestWarcError("archive ends inside a record "
                                                                          "(truncated)"))


def _cut_short(rec, damaged: list[str]) -> bool:
    """Read the record's block to its end; True when the stream ended before its Content-Length did."""
    raw = rec.raw_stream
    with _quiet(damaged):
        while raw.read(1 << 16):
            pass
    return getattr(raw, "limit", 0) > 0


def _end_of(records, damaged: list[str], last_end: int) -> int:
    try:
        with _quiet(damaged):
            return records.get_record_offset() + records.get_record_length()
    except Exception:  # the next step of the iteration meets the same damage and reports it
        return last_end


def _is_article(rec) -> bool:
    if rec.rec_type == "response":
        if rec.http_headers is None:
            return False
        status = rec.http_headers.get_statuscode() or ""
        return status.startswith("2") and _is_html(rec.http_headers.get_header("Content-Type"))
    if rec.rec_type == "resource":
        return _is_html(rec.rec_headers.get_header("Content-Type"))
    return False


def _reason(e: BaseException) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(e, ArchiveLoadFailed | EOFError | OSError | ValueError | zlib.error) and str(e).strip():
        return " ".join(str(e).split())[:200]
    return f"damaged record: {e.__class__.__name__}"
