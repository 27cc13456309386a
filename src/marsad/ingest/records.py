"""The typed records :func:`marsad.ingest.iter_records` yields: one per article, skip or failure.

Every record carries its :class:`Origin` (where it came from: file or URL, record number, byte offset,
format), so a report can point at ``corpus.jsonl.gz:1172`` rather than at "a bad line somewhere".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from marsad.errors import MarsadError
from marsad.model import Article

FORMATS = ("text", "html", "json", "jsonl", "feed", "warc")  # what a reader reads; Origin.format is one of these,
# or "file", "folder" or "url" for a failure or skip met before the format was known

# Reasons a record is skipped without being a failure.
NOT_ARABIC = "not-arabic"  # the article is in another language (``SkippedRecord.language`` says which)
EMPTY = "empty"  # the record is there but its text is blank (a corpus row with empty title and content)
UNSUPPORTED = "unsupported"  # a file met while walking a folder whose type marsad does not read (``x.pdf``)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from.

    ``source`` is the path as given (or found walking a folder), the URL, or ``<stdin>``; ``format`` one of
    :data:`FORMATS` (or ``file``/``folder``/``url`` before the format was known); ``record`` is
    1-based within the source (the JSONL line number, the feed entry, the item of a JSON array, the WARC
    record) and ``None`` for one-document sources; ``offset`` is the byte offset of the record where the
    format has one (the line start in the — decompressed — JSONL stream, the record start in a WARC file).
    """

    source: str
    format: str
    record: int | None = None
    offset: int | None = None

    def __str__(self) -> str:
        return self.source if self.record is None else f"{self.source}:{self.record}"


@dataclass(slots=True)
class IngestedArticle:
    """An Arabic article ready for the pipeline (``article.text`` is "title\\n\\nbody" when there is a title)."""

    article: Article
    origin: Origin
    language: str = "ar"
    warnings: tuple[str, ...] = ()  # non-fatal oddities: an unreadable date, replaced NUL bytes, …

    kind: ClassVar[str] = "article"


@dataclass(slots=True)
class SkippedRecord:
    """A record that is not an article to extract from, and not an error: ``reason`` is one of
    ``not-arabic`` (with the detected ISO 639 ``language``, ``und`` when undetermined), ``empty`` or
    ``unsupported``."""

    origin: Origin
    reason: str
    language: str | None = None
    detail: str = ""

    kind: ClassVar[str] = "skipped"


@dataclass(slots=True)
class FailedRecord:
    """A bad record or unreadable file; ``error`` is a coded :class:`MarsadError` (``str(error)`` is one line)."""

    origin: Origin
    error: MarsadError

    kind: ClassVar[str] = "failed"

    @property
    def message(self) -> str:
        return f"{self.origin}: {self.error}"


IngestRecord = IngestedArticle | SkippedRecord | FailedRecord


@dataclass(slots=True)
class Draft:
    """What a reader found in one record, before the language check and the :class:`Article` are made.

    ``body`` is the article text without the title; the article text becomes "title\n\nbody". A plain text
    file sets ``as_given``: its text is kept exactly, the first-line-then-blank-line convention finds the
    title, and ``title`` (from a sidecar) only names it.
    """

    origin: Origin
    body: str
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None
    id: str | None = None
    warnings: list[str] = field(default_factory=list)
    as_given: bool = False  # ``body`` is the whole text as the user gave it (a text file): nothing is composed


@dataclass(slots=True)
class IngestCounts:
    """Running totals over a stream of records, for a progress line or a final summary.

    >>> counts = IngestCounts()
    >>> for rec in records:            # doctest: +SKIP
    ...     counts.add(rec)
    >>> counts.summary()                # doctest: +SKIP
    '30392 articles, 63 skipped (57 empty; 6 not Arabic: en 5, und 1), 0 failed'
    """

    articles: int = 0
    failed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)  # detected language of each not-arabic skip
    errors: Counter[str] = field(default_factory=Counter)  # error code of each failure

    def add(self, rec: IngestRecord) -> None:
        if isinstance(rec, IngestedArticle):
            self.articles += 1
        elif isinstance(rec, SkippedRecord):
            self.skipped[rec.reason] += 1
            if rec.reason == NOT_ARABIC:
                self.languages[rec.language or "und"] += 1
        else:
            self.failed += 1
            self.errors[rec.error.code] += 1

    @property
    def total(self) -> int:
        return self.articles + self.failed + sum(self.skipped.values())

    def summary(self) -> str:
        parts = [f"{self.articles} articles"]
        n_skipped = sum(self.skipped.values())
        if n_skipped:
            detail = []
            for reason, n in sorted(self.skipped.items()):
                if reason == NOT_ARABIC:
                    langs = ", ".join(f"{k} {v}" for k, v in self.languages.most_common())
                    detail.append(f"{n} not Arabic: {langs}")
                else:
                    detail.append(f"{n} {reason}")
            parts.append(f"{n_skipped} skipped ({'; '.join(detail)})")
        parts.append(f"{self.failed} failed" + (f" ({', '.join(f'{k} {v}' for k, v in sorted(self.errors.items()))})"
                                                if self.failed else ""))
        return ", ".join(parts)
