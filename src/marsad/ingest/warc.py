"""WARC (and ARC) web archives, gzipped or not (warcio): each archived HTML page is read like an HTML file.

Only ``response`` records with a 2xx status and ``resource`` records whose content type is HTML are articles;
requests, metadata, images, scripts, redirects and error pages are passed over silently (a crawl holds many
of them for each page). The page's URL is the record's ``WARC-Target-URI``; the ``WARC-Date`` (the crawl time)
stands in for a page that gives no publication date, with a warning.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from marsad.errors import IngestReadError, IngestWarcError
from marsad.ingest.html import iter_html
from marsad.ingest.meta import parse_date
from marsad.ingest.records import Draft, FailedRecord, Origin
from marsad.ingest.sources import MAX_DOCUMENT_BYTES

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def iter_warc(stream: BinaryIO, source: str) -> Iterator[Draft | FailedRecord]:
    """One draft or failure an archived HTML page. ``Origin.record`` counts every WARC record (1-based) and
    ``Origin.offset`` is the record's byte offset in the (compressed) file. A corrupt or truncated archive
    yields one :class:`IngestWarcError` failure and ends."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        records = ArchiveIterator(stream, arc2warc=True)
        for rec in records:
            n += 1
            offset = records.get_record_offset()
            kind = rec.rec_type
            if kind == "response":
                if rec.http_headers is None:
                    continue
                status = rec.http_headers.get_statuscode() or ""
                if not status.startswith("2") or not _is_html(rec.http_headers.get_header("Content-Type")):
                    continue
            elif kind == "resource":
                if not _is_html(rec.rec_headers.get_header("Content-Type")):
                    continue
            else:
                continue
            origin = Origin(source, "warc", n, offset)
            try:
                data = rec.content_stream().read(MAX_DOCUMENT_BYTES + 1)
            except (OSError, ValueError, zlib.error) as e:  # a bad chunked or gzip body: this record only
                yield FailedRecord(origin, IngestWarcError(f"archived page unreadable ({_reason(e)})"))
                continue
            if len(data) > MAX_DOCUMENT_BYTES:
                yield FailedRecord(origin, IngestReadError("archived page larger than 64 MiB"))
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            crawled = parse_date(rec.rec_headers.get_header("WARC-Date"))
            yield from iter_html(data, origin, url=url, fallback_date=crawled)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as e:
        where = f"at record {n + 1}" if n else "at the start"
        err = IngestWarcError(f"archive unreadable {where} ({_reason(e)})")
        yield FailedRecord(Origin(source, "warc", n + 1), err)


def _reason(e: BaseException) -> str:
    return (str(e).strip() or e.__class__.__name__)[:200]
