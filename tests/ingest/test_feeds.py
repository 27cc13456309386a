"""RSS and Atom feeds: entry text, title, link, date; the feed title as publisher; links fetched only when allowed."""

from __future__ import annotations

from datetime import date
from html import escape

from marsad.ingest import FailedRecord, IngestedArticle, iter_records
from tests.ingest.samples import BODY, BODY2, TITLE, TITLE2, html_page


def _paras(body: str) -> str:
    return "".join(f"<p>{p}</p>" for p in body.split("\n"))


def rss(items: list[str], title: str = "وكالة الأنباء") -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>https://example.com/</link><description>أخبار</description>"
            + "".join(items) + "</channel></rss>")


def rss_item(title: str | None, link: str | None = None, *, description: str | None = None,
             content: str | None = None, pub: str = "Tue, 25 Apr 2017 08:30:00 +0300") -> str:
    parts = ["<item>"]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    if link:
        parts.append(f"<link>{link}</link>")
    if description is not None:
        parts.append(f"<description>{escape(description)}</description>")
    if content is not None:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    parts.append(f"<pubDate>{pub}</pubDate></item>")
    return "".join(parts)


def test_rss_entries(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(rss([
        rss_item(TITLE, "https://example.com/1", description="ملخص قصير", content=_paras(BODY)),
        rss_item(TITLE2, "https://example.com/2", description=_paras(BODY2), pub="Wed, 26 Apr 2017 23:10:00 GMT"),
    ]), encoding="utf-8")
    a, b = list(iter_records(path))
    assert isinstance(a, IngestedArticle) and isinstance(b, IngestedArticle)
    assert a.article.text == f"{TITLE}\n\n{BODY}"  # content:encoded wins over the description
    assert a.article.url == "https://example.com/1" and a.article.published == date(2017, 4, 25)
    assert a.article.publisher == "وكالة الأنباء"
    assert b.article.text == f"{TITLE2}\n\n{BODY2}" and b.article.published == date(2017, 4, 26)
    assert (a.origin.format, a.origin.record, b.origin.record) == ("feed", 1, 2)


def test_atom_entries(tmp_path):
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>الشرق الأوسط</title><id>urn:x</id><updated>2017-04-25T10:00:00Z</updated>"
            f'<entry><title>{TITLE}</title><link href="https://example.com/a"/><id>urn:1</id>'
            "<published>2017-04-24T22:00:00-02:00</published><updated>2017-04-25T10:00:00Z</updated>"
            f'<content type="html">{escape(_paras(BODY))}</content></entry>'
            f'<entry><title>{TITLE2}</title><id>urn:2</id><updated>2017-04-25T11:00:00Z</updated>'
            f'<summary type="text">{BODY2}</summary></entry></feed>')
    path = tmp_path / "feed.atom"
    path.write_text(atom, encoding="utf-8")
    a, b = list(iter_records(path))
    assert a.article.text == f"{TITLE}\n\n{BODY}" and a.article.url == "https://example.com/a"
    assert a.article.publisher == "الشرق الأوسط"
    assert a.article.published == date(2017, 4, 24)  # as the feed writes it, not shifted to UTC
    assert b.article.text == f"{TITLE2}\n\n{BODY2}" and b.article.published == date(2017, 4, 25)


def test_link_only_entry_needs_network(tmp_path):
    path = tmp_path / "links.xml"
    path.write_text(rss([rss_item(TITLE, "http://127.0.0.1:9/unreachable")]), encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-NO-TEXT" and "allow_network" in str(r.error)


def test_link_only_entry_fetched_when_allowed(tmp_path, http_server):
    page_url = http_server.route("/news/1", html_page(date=None))
    path = tmp_path / "links.xml"
    path.write_text(rss([rss_item(TITLE, page_url), rss_item(TITLE2, http_server.base + "/gone")]), encoding="utf-8")
    a, b = list(iter_records(path, allow_network=True))
    assert isinstance(a, IngestedArticle) and a.article.text == f"{TITLE}\n\n{BODY}"
    assert a.article.published == date(2017, 4, 25)  # the entry's date; the page has none
    assert a.article.publisher == "وكالة الأنباء" and a.article.url == page_url
    assert isinstance(b, FailedRecord) and b.error.code == "E-INGEST-FETCH" and "404" in str(b.error)


def test_teaser_replaced_by_the_page_when_allowed_and_kept_otherwise(tmp_path, http_server):
    page_url = http_server.route("/news/2", html_page())
    path = tmp_path / "teaser.rss"
    path.write_text(rss([rss_item(TITLE, page_url, description="قتل ثلاثة مدنيين في حلب.")]), encoding="utf-8")
    [offline] = list(iter_records(path))
    assert offline.article.text == f"{TITLE}\n\nقتل ثلاثة مدنيين في حلب."
    [online] = list(iter_records(path, allow_network=True))
    assert online.article.text == f"{TITLE}\n\n{BODY}"


def test_not_a_feed(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://e.com/</loc></url></urlset>', encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-FEED"


def test_feed_from_url(http_server):
    url = http_server.route("/feed", rss([rss_item(TITLE, "https://e.com/1", content=_paras(BODY))]),
                            content_type="text/html; charset=utf-8")  # a mislabelled feed: the bytes decide
    [r] = list(iter_records([url]))
    assert isinstance(r, IngestedArticle) and r.origin.source == url and r.origin.format == "feed"
