"""``iter_records``: paths, folders, URLs and standard input in; one typed record per article out, streaming.

The format is chosen by extension (``.txt``, ``.html``, ``.jsonl[.gz]``, ``.json``, ``.rss``/``.atom``/``.xml``,
``.warc[.gz]``), by HTTP content type for URLs, and by the first bytes otherwise (standard input, a file named
on the command line with an unknown extension, a URL served as ``application/octet-stream``). Walking a folder,
files are visited in sorted order, depth first; hidden files and folders, sidecars (``NAME.json`` and
``NAME.meta.json`` beside ``NAME.txt``) and gold files (``*.gold.json``) are passed over, and a file of another
type (``x.pdf``) is reported as skipped (``unsupported``).
"""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from marsad.errors import IngestFetchError, IngestFormatError, IngestReadError, InputMissing, MarsadError
from marsad.ingest.feeds import Fetcher
from marsad.ingest.meta import clean_str, clean_text
from marsad.ingest.records import (
    EMPTY,
    NOT_ARABIC,
    UNSUPPORTED,
    Draft,
    FailedRecord,
    IngestedArticle,
    IngestRecord,
    Origin,
    SkippedRecord,
)
from marsad.ingest.sources import (
    fetch_bytes,
    format_from_content_type,
    format_from_name,
    gunzip_limited,
    is_url,
    open_url,
    read_limited,
    sniff_stream,
)
from marsad.ingest.text import SIDECAR_SUFFIXES, text_draft
from marsad.model import Article

STDIN = "-"
_STDIN_NAME = "<stdin>"
_TEXT_EXTENSIONS = (".txt", ".text")


@dataclass(frozen=True, slots=True)
class _Options:
    allow_network: bool
    detect_language: bool
    timeout: float


def iter_records(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                 allow_network: bool = False, detect_language: bool = True, timeout: float = 30.0,
                 stdin: BinaryIO | None = None) -> Iterator[IngestRecord]:
    """Every article in ``inputs``, one record each, lazily: :class:`IngestedArticle`, :class:`SkippedRecord`
    (not Arabic, empty, unsupported file) or :class:`FailedRecord` (a bad record; the iteration goes on).

    ``inputs`` are paths (files or folders, walked recursively in sorted order), ``http(s)://`` URLs
    (fetched with urllib) and ``"-"`` (standard input, or ``stdin``). A path that does not exist raises
    :class:`InputMissing` here, before anything is read. ``allow_network`` lets readers fetch pages that
    inputs only link to (a feed entry with no text); URLs given as inputs are always fetched.
    ``detect_language=False`` keeps the script check only (30% Arabic letters; no lingua).

    >>> for rec in iter_records(["corpus.jsonl.gz", "pages/"]):      # doctest: +SKIP
    ...     if isinstance(rec, IngestedArticle):
    ...         store(rec.article)
    """
    items = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    names = [os.fspath(x) for x in items]
    for name in names:
        if name != STDIN and not is_url(name) and not os.path.lexists(name):
            raise InputMissing(f"no such file or folder: {name}")
    return _iter(names, _Options(allow_network, detect_language, timeout), stdin)


def _iter(names: list[str], opts: _Options, stdin: BinaryIO | None) -> Iterator[IngestRecord]:
    for name in names:
        for rec in _input_records(name, opts, stdin):
            yield rec if isinstance(rec, FailedRecord | SkippedRecord) else assemble(rec, opts.detect_language)


def iter_drafts(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                allow_network: bool = False, timeout: float = 30.0,
                stdin: BinaryIO | None = None) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    """What the readers found, before the language check and the :class:`Article` (for tools and tests)."""
    items = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    opts = _Options(allow_network, False, timeout)
    for name in (os.fspath(x) for x in items):
        yield from _input_records(name, opts, stdin)


def _input_records(name: str, opts: _Options, stdin: BinaryIO | None) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _stream_records(stream, _STDIN_NAME, None, opts)
    elif is_url(name):
        yield from _url_records(name, opts)
    else:
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, opts)
        else:
            yield from _file_records(path, opts, explicit=True)


# --- files and folders ------------------------------------------------------------------------------------------------


def _walk(folder: Path, opts: _Options) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield FailedRecord(Origin(str(folder), "folder"), IngestReadError(f"cannot list the folder ({e.strerror})"))
        return
    names = {e.name for e in entries}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows links; a link to a folder above would loop, so those are not followed
            if is_dir and entry.is_symlink():
                continue
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, opts)
        elif not _is_metadata(entry.name, names):
            yield from _file_records(path, opts, explicit=False)


def _is_metadata(name: str, siblings: set[str]) -> bool:
    """Sidecars of text files and gold-event files are not articles."""
    low = name.lower()
    if low.endswith(".gold.json"):
        return True
    for suffix in SIDECAR_SUFFIXES:
        if low.endswith(suffix):
            stem = name[: -len(suffix)]
            if any(stem + ext in siblings for ext in _TEXT_EXTENSIONS):
                return True
    return False


def _file_records(path: Path, opts: _Options, *, explicit: bool) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    source = str(path)
    fmt, gz = format_from_name(path.name)
    if fmt is None and not explicit and "." in path.name.lstrip(".") and not gz:
        yield SkippedRecord(Origin(source, "file"), UNSUPPORTED, detail=f"not a format marsad reads ({path.suffix})")
        return
    try:
        f = open(path, "rb")  # closed in the finally below, once the reader is done
    except OSError as e:
        yield FailedRecord(Origin(source, fmt or "file"), IngestReadError(f"cannot open ({e.strerror or e})"))
        return
    try:
        if fmt is None:
            yield from _stream_records(f, source, None, opts, path=path)
        else:
            yield from _read_stream(f, fmt, gz, source, path, opts)
    finally:
        f.close()


# --- streams: files, standard input, URLs -----------------------------------------------------------------------------


def _stream_records(stream: BinaryIO, source: str, url: str | None, opts: _Options, hint: str | None = None,
                    path: Path | None = None) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    """A stream whose format the first bytes decide (standard input, a URL, a file whose name does not say);
    ``hint``: the HTTP content type's."""
    try:
        fmt, gz, stream = sniff_stream(stream)
    except (IngestReadError, OSError) as e:
        err = e if isinstance(e, MarsadError) else IngestReadError(f"cannot read ({e})")
        yield FailedRecord(Origin(source, "file"), err)
        return
    if fmt == "text" and hint == "html":  # a page whose first bytes are text, not a tag
        fmt = "html"
    yield from _read_stream(stream, fmt, gz, source, path, opts, url=url)


def _url_records(url: str, opts: _Options) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    try:
        got = open_url(url, timeout=opts.timeout)
    except IngestFetchError as e:
        yield FailedRecord(Origin(url, "url"), e)
        return
    try:
        # Servers label JSONL as text/plain, WARC as octet-stream, feeds as text/html: the bytes decide, the
        # content type only breaks the tie between a page and a text.
        yield from _stream_records(got.stream, url, got.url, opts, hint=format_from_content_type(got.content_type))
    finally:
        got.close()


def _read_stream(stream: BinaryIO, fmt: str, gz: bool, source: str, path: Path | None, opts: _Options, *,
                 url: str | None = None) -> Iterator[Draft | SkippedRecord | FailedRecord]:
    if fmt == "warc":  # warcio reads gzip members itself
        from marsad.ingest.warc import iter_warc

        yield from iter_warc(stream, source)
        return
    if fmt == "jsonl":
        from marsad.ingest.jsonl import iter_jsonl

        if gz:
            with gzip.GzipFile(fileobj=stream) as g:
                yield from iter_jsonl(g, source)  # type: ignore[arg-type]
        else:
            yield from iter_jsonl(stream, source)
        return
    origin = Origin(source, fmt)
    try:
        data = read_limited(stream, what=source)
        if gz:
            data = gunzip_limited(data, what=source)
    except IngestReadError as e:
        yield FailedRecord(origin, e)
        return
    except OSError as e:
        yield FailedRecord(origin, IngestReadError(f"cannot read ({e.strerror or e})"))
        return
    yield from _whole_document(data, fmt, origin, path, opts, url)


def _whole_document(data: bytes, fmt: str, origin: Origin, path: Path | None, opts: _Options,
                    url: str | None) -> Iterator[Draft | FailedRecord]:
    if fmt == "text":
        yield text_draft(data, origin, path)
    elif fmt == "html":
        from marsad.ingest.html import iter_html

        yield from iter_html(data, origin, url=url)
    elif fmt == "json":
        from marsad.ingest.jsonl import iter_json

        yield from iter_json(data, origin.source)
    elif fmt == "feed":
        from marsad.ingest.feeds import iter_feed

        yield from iter_feed(data, origin.source, fetch=_fetcher(opts) if opts.allow_network else None)
    else:
        yield FailedRecord(origin, IngestFormatError(f"unknown format {fmt!r}"))


def _fetcher(opts: _Options) -> Fetcher:
    def fetch(link: str) -> tuple[bytes, str]:
        data, got = fetch_bytes(link, timeout=opts.timeout)
        return data, got.url

    return fetch


# --- drafts to records ------------------------------------------------------------------------------------------------


def assemble(draft: Draft, detect_language: bool = True) -> IngestRecord:
    """The record for a draft: an empty or non-Arabic text is skipped; otherwise an :class:`Article` is made,
    its text "title\\n\\nbody" when there is a title (so the title-line convention of the pipeline holds)."""
    from marsad.ingest.language import ARABIC, identify

    warnings = list(draft.warnings)
    body = clean_text(draft.body)
    if body is not draft.body:
        warnings.append("NUL or unpaired surrogate characters replaced by U+FFFD")
    title = clean_str(draft.title)
    if draft.as_given:
        text, body_start = body, None
    else:
        body = body.strip()
        if title and body.startswith(title):  # the page repeats its headline as the first line
            rest = body[len(title):].lstrip()
            body = rest or body
        if title and body:
            text, body_start = f"{title}\n\n{body}", len(title) + 2
        else:
            text, body_start = title or body, 0
    if not text.strip():
        return SkippedRecord(draft.origin, EMPTY)
    guess = identify(text, use_lingua=detect_language)
    if not guess.is_arabic:
        return SkippedRecord(draft.origin, NOT_ARABIC, language=guess.language,
                             detail=f"{guess.arabic_share:.0%} of letters in Arabic script")
    if body_start is None:
        from marsad.ingest.text import make_article

        article = make_article(text, published=draft.published, publisher=draft.publisher, title=title,
                               url=draft.url, id=draft.id, check=False)
    else:
        article = Article(text=text, published=draft.published, publisher=draft.publisher, title=title,
                          url=draft.url, id=draft.id, body_start=body_start)
    return IngestedArticle(article, draft.origin, ARABIC, tuple(warnings))
