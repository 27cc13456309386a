"""HTML pages: the main text, title, date and publisher by trafilatura; HTML fragments (feed entries) to text.

>>> html_fragment_to_text("<p>قتل <b>ثلاثة</b> مدنيين</p><p>في حلب</p>")
'قتل ثلاثة مدنيين\\nفي حلب'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from marsad.errors import IngestHtmlError, IngestNoText
from marsad.ingest.meta import clean_str, parse_date
from marsad.ingest.records import Draft, FailedRecord, Origin


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What trafilatura found in a page: ``text`` is the main text (paragraphs one a line), the rest may be None."""

    text: str
    title: str | None
    published: date | None
    publisher: str | None
    url: str | None


def extract_html(data: bytes | str, *, url: str | None = None) -> HtmlArticle:
    """The article in an HTML page (bytes: trafilatura detects the encoding, windows-1256 included).

    Raises :class:`IngestNoText` when the page has no main text, :class:`IngestHtmlError` when it cannot
    be parsed.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_images=False,
            date_extraction_params={"extensive_search": True, "original_date": True})
    # trafilatura parses with lxml and many heuristics; on hostile input anything can escape from them, and
    # one bad page must not end a crawl: the error class is kept in the message.
    except Exception as e:
        raise IngestHtmlError(f"cannot parse the page ({e.__class__.__name__})") from None
    if doc is None or not (doc.text or "").strip():
        raise IngestNoText("no main text found in the page")
    return HtmlArticle(text=doc.text, title=clean_str(doc.title), published=parse_date(doc.date),
                       publisher=clean_str(doc.sitename) or clean_str(doc.hostname),
                       url=clean_str(doc.url) or url)


def iter_html(data: bytes | str, origin: Origin, *, url: str | None = None,
              fallback_date: date | None = None) -> Iterator[Draft | FailedRecord]:
    """One draft for a page (or one failure). ``fallback_date`` (a crawl time) is used when the page has none."""
    try:
        page = extract_html(data, url=url)
    except (IngestNoText, IngestHtmlError) as e:
        yield FailedRecord(origin, e)
        return
    draft = Draft(origin, page.text, title=page.title, published=page.published, publisher=page.publisher,
                  url=page.url)
    if draft.published is None and fallback_date is not None:
        draft.published = fallback_date
        draft.warnings.append("no publication date in the page; using the crawl date")
    yield draft


_BLOCK = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6
header hr li main nav ol p pre section table tbody td th thead tr ul""".split())
_SKIP = frozenset(("script", "style", "noscript", "template", "head", "title"))
_TAG = re.compile(r"<[^>]*>")
_LOOKS_HTML = re.compile(r"<(?:p|br|div|span|a|b|i|strong|em|h[1-6]|li|ul|ol|img|table|blockquote)\b[^<>]*/?>", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a text field holds HTML markup (some JSON dumps and feeds carry the page's HTML)."""
    return "<" in text and _LOOKS_HTML.search(text[:5000]) is not None


def html_fragment_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: block elements become line breaks, scripts and styles vanish,
    entities are decoded, spaces within a line collapse."""
    from lxml import etree
    from lxml import html as lxml_html

    if not fragment.strip():
        return ""
    parts: list[str] = []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
        # Depth-first with an explicit stack (a page nested thousands deep must not hit the recursion limit);
        # comments are visited too, for their tails.
        stack: list[tuple[bool, etree._Element]] = [(False, root)]
        while stack:
            closing, el = stack.pop()
            tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions: ""
            if closing:
                if tag in _BLOCK:
                    parts.append("\n")
                if el is not root and el.tail:
                    parts.append(el.tail)
                continue
            if tag in _SKIP:
                stack.append((True, el))  # its tail still counts
                continue
            if tag in _BLOCK:
                parts.append("\n")
            if tag and el.text:
                parts.append(el.text)
            stack.append((True, el))
            stack.extend((False, child) for child in reversed(el))
    except (etree.LxmlError, ValueError):
        # not parseable as HTML (rare: lxml recovers from most things); strip tags the crude way
        import html as std_html

        parts = [std_html.unescape(_TAG.sub(" ", fragment))]
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
