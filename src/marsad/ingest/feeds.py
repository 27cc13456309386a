"""RSS and Atom feeds (feedparser): one article an entry.

An entry's text is its content (``content:encoded``, Atom ``<content>``), else its summary (``<description>``),
with HTML turned into text; its title, link and date (``pubDate``, ``published``, ``updated``) come along, and
the feed's title is the publisher. An entry with only a link — or only a short teaser — is fetched from the
link when the caller allows network access; without it, a link-only entry is a failure (``E-INGEST-NO-TEXT``)
and a teaser is kept as the text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from marsad.errors import IngestFeedError, IngestNoText, MarsadError
from marsad.ingest.html import html_fragment_to_text, iter_html, looks_like_html
from marsad.ingest.meta import clean_str, parse_date
from marsad.ingest.records import Draft, FailedRecord, Origin

TEASER_CHARS = 500  # a summary shorter than this is a teaser: the page is fetched when network use is allowed

# fetch(url) -> (page bytes, final url); raises a MarsadError (IngestFetchError) on failure
Fetcher = Callable[[str], tuple[bytes, str]]


def _text_of(detail: Any, value: str) -> str:
    kind = (detail or {}).get("type", "") if isinstance(detail, dict) else ""
    if "html" in kind or looks_like_html(value):
        return html_fragment_to_text(value)
    return value.strip()


def _entry_date(entry: Any) -> date | None:
    """The date as the feed writes it (feedparser's parsed form is in UTC, a day off for a late-evening item)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        found = parse_date(raw) if isinstance(raw, str) else None
        if found is None and entry.get(key + "_parsed"):
            t = entry[key + "_parsed"]
            try:
                found = date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, AttributeError, TypeError):
                found = None
        if found is not None:
            return found
    return None


def _entry_text(entry: Any) -> str:
    best = ""
    for c in entry.get("content") or ():
        text = _text_of(c, c.get("value") or "")
        if len(text) > len(best):
            best = text
    return best


def iter_feed(data: bytes, source: str, *, fetch: Fetcher | None = None) -> Iterator[Draft | FailedRecord]:
    """One draft or failure an entry of the feed in ``data``; ``fetch`` set means network use is allowed.

    A document that is not a feed at all yields one :class:`IngestFeedError` failure.
    """
    import feedparser

    try:
        parsed = feedparser.parse(io.BytesIO(data))
    # feedparser drives several XML/SGML parsers; a hostile document may raise from any of them, and one bad
    # feed must not end the run: reported with the error class.
    except Exception as e:
        yield FailedRecord(Origin(source, "feed"), IngestFeedError(f"cannot parse the feed ({e.__class__.__name__})"))
        return
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        why = "no entries" if version else "not an RSS or Atom feed"
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            why += f" ({parsed['bozo_exception'].__class__.__name__})"
        yield FailedRecord(Origin(source, "feed"), IngestFeedError(why))
        return
    publisher = clean_str(parsed.get("feed", {}).get("title"))
    for i, entry in enumerate(entries, 1):
        yield from _entry_draft(entry, Origin(source, "feed", i), publisher, fetch)


def _entry_draft(entry: Any, origin: Origin, publisher: str | None,
                 fetch: Fetcher | None) -> Iterator[Draft | FailedRecord]:
    title_raw = entry.get("title") or ""
    title = clean_str(_text_of(entry.get("title_detail"), title_raw)) if title_raw else None
    link = clean_str(entry.get("link"))
    published = _entry_date(entry)
    text = _entry_text(entry)
    warnings: list[str] = []
    if not text:
        summary = entry.get("summary") or ""
        text = _text_of(entry.get("summary_detail"), summary) if summary else ""
        if text and fetch is not None and link and len(text) < TEASER_CHARS:
            page = _fetch_page(link, origin, fetch)
            if isinstance(page, Draft):
                yield _merge(page, title, published, publisher, link)
                return
            warnings.append(f"kept the feed's teaser: {page.error}")
    if not text:
        if not link:
            yield FailedRecord(origin, IngestNoText("entry has no content, summary or link"))
            return
        if fetch is None:
            yield FailedRecord(origin, IngestNoText(f"entry has only a link ({link}); fetching it needs network "
                                                    "access (allow_network)"))
            return
        page = _fetch_page(link, origin, fetch)
        yield _merge(page, title, published, publisher, link) if isinstance(page, Draft) else page
        return
    yield Draft(origin, text, title=title, published=published, publisher=publisher, url=link, warnings=warnings)


def _fetch_page(link: str, origin: Origin, fetch: Fetcher) -> Draft | FailedRecord:
    try:
        data, final_url = fetch(link)
    except MarsadError as e:
        return FailedRecord(origin, e)
    for rec in iter_html(data, origin, url=final_url):
        return rec
    return FailedRecord(origin, IngestNoText(f"no main text at {link}"))


def _merge(page: Draft, title: str | None, published: date | None, publisher: str | None, link: str) -> Draft:
    """The fetched page, with the feed's title, date and publisher where the page lacks them."""
    page.title = page.title or title
    page.published = published or page.published  # the entry date is structured; a page date may be guessed
    page.publisher = publisher or page.publisher  # the feed names the outlet; a page's site name may be a CDN
    page.url = page.url or link
    page.warnings.append(f"text fetched from the entry's link {link}")
    return page
