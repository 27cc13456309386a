"""Where bytes come from and what format they are in: names, content types, first bytes; URLs via urllib.

>>> format_from_name("saudinewsnet_dev.jsonl.gz")
('jsonl', True)
>>> sniff_bytes(b'{"title": "\\xd8\\xb9", "content": "..."}\\n')
'jsonl'
>>> sniff_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel>')
'feed'
"""

from __future__ import annotations

import gzip
import http.client
import io
import re
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from marsad.errors import IngestFetchError, IngestReadError

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # one page, feed, text or JSON file (a JSONL or WARC file streams)
HEAD_BYTES = 64 * 1024  # what sniffing looks at
USER_AGENT = "marsad/0.1 (Arabic news to conflict events)"
GZIP_MAGIC = b"\x1f\x8b"

_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".json": "json",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
}
_CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "feed", "text/xml": "feed",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl", "application/jsonlines": "jsonl",
    "text/plain": "text", "application/warc": "warc",
}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]", re.I)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)


def format_from_name(name: str) -> tuple[str | None, bool]:
    """``(format, gzipped)`` from a file name or URL path; format ``None`` when the extension says nothing."""
    low = name.lower().rsplit("/", 1)[-1]
    gz = low.endswith(".gz")
    if gz:
        low = low[:-3]
    dot = low.rfind(".")
    return (_EXTENSIONS.get(low[dot:]) if dot > 0 else None), gz


def format_from_content_type(content_type: str | None) -> str | None:
    """The format an HTTP ``Content-Type`` names (``text/html; charset=utf-8`` → ``html``), or ``None``."""
    if not content_type:
        return None
    return _CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower())


def sniff_bytes(head: bytes) -> str:
    """The format of (decompressed) data from its first bytes: warc, jsonl, json, feed, html or text."""
    if head.startswith(b"WARC/"):
        return "warc"
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if s.startswith(b"["):
        return "json"
    if s.startswith(b"{"):
        first, nl, _ = s.partition(b"\n")
        # one object a line is JSONL (one object on one line is both, and reads the same); a pretty-printed
        # object opens with a line that is not a whole object
        return "jsonl" if not nl or first.rstrip().endswith(b"}") else "json"
    if s.startswith(b"<"):
        top = s[:4096]
        feed, page = _FEED_ROOT.search(top), _HTML_ROOT.search(top)
        if feed and (not page or feed.start() < page.start()):
            return "feed"
        if page or not s.startswith(b"<?xml"):
            return "html"
        return "feed"
    return "text"


def is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


class ChainStream(io.RawIOBase):
    """``head`` then the rest of ``rest``: lets a non-seekable stream (stdin, HTTP) be sniffed and then read whole."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buf))
        buf[: len(data)] = data
        return len(data)


def peek_stream(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first bytes of ``stream`` and a stream that still yields everything from the start."""
    head = _read_up_to(stream, HEAD_BYTES)
    return head, io.BufferedReader(ChainStream(head, stream), buffer_size=HEAD_BYTES)


def _read_up_to(stream: BinaryIO, n: int) -> bytes:
    chunks = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def sniff_stream(stream: BinaryIO) -> tuple[str, bool, BinaryIO]:
    """``(format, gzipped, stream)``: the format of a stream's (decompressed) content and the stream to read it
    from (still compressed when ``gzipped``). Raises :class:`IngestReadError` for a corrupt gzip."""
    head, stream = peek_stream(stream)
    if not head.startswith(GZIP_MAGIC):
        return sniff_bytes(head), False, stream
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(head)) as g:
            inner = g.read(HEAD_BYTES)
    except EOFError:  # the head cut the gzip short, which is expected; what came out is enough to sniff
        inner = gunzip_head(head)
    except (OSError, zlib.error) as e:
        raise IngestReadError(f"not a readable gzip stream ({e})") from None
    if inner.startswith(b"WARC/"):
        return "warc", True, stream
    return sniff_bytes(inner), True, stream


def gunzip_head(data: bytes) -> bytes:
    """What the first bytes of a gzip stream decompress to (empty when they are not gzip)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return d.decompress(data, HEAD_BYTES)
    except zlib.error:
        return b""


def read_limited(stream: BinaryIO, limit: int = MAX_DOCUMENT_BYTES, what: str = "input") -> bytes:
    """All of ``stream``, or :class:`IngestReadError` past ``limit`` bytes (a single article is never that big)."""
    data = _read_up_to(stream, limit + 1)
    if len(data) > limit:
        raise IngestReadError(f"{what} is larger than {limit // (1024 * 1024)} MiB; not one article")
    return data


def gunzip_limited(data: bytes, limit: int = MAX_DOCUMENT_BYTES, what: str = "input") -> bytes:
    """Decompress a whole gzip document; :class:`IngestReadError` when it is corrupt, truncated or too large."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
            return read_limited(g, limit, what)
    except (EOFError, OSError, zlib.error) as e:
        raise IngestReadError(f"{what}: corrupt or truncated gzip ({e})") from None


@dataclass(slots=True)
class Fetched:
    """An open HTTP response: ``stream`` reads the body; ``url`` is the final URL after redirects."""

    url: str
    content_type: str | None
    stream: BinaryIO

    def close(self) -> None:
        self.stream.close()


def open_url(url: str, *, timeout: float = 30.0) -> Fetched:
    """GET ``url`` (http or https only) with urllib; :class:`IngestFetchError` on any failure."""
    if not is_url(url):
        raise IngestFetchError(f"{url}: only http and https URLs are fetched")
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)  # the scheme is checked above: no file:// here
    except urllib.error.HTTPError as e:
        raise IngestFetchError(f"{url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as e:
        reason = getattr(e, "reason", None) or e
        raise IngestFetchError(f"{url}: {reason}") from None
    return Fetched(resp.geturl(), resp.headers.get("Content-Type"), resp)


def fetch_bytes(url: str, *, timeout: float = 30.0, limit: int = MAX_DOCUMENT_BYTES) -> tuple[bytes, Fetched]:
    """The whole body of ``url`` (at most ``limit`` bytes) and the response it came from (closed)."""
    got = open_url(url, timeout=timeout)
    try:
        data = read_limited(got.stream, limit, url)
    except (OSError, http.client.HTTPException) as e:
        raise IngestFetchError(f"{url}: reading the response failed ({e})") from None
    finally:
        got.close()
    return data, got
