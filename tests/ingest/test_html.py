"""HTML pages through trafilatura: main text without the boilerplate, title, date, publisher; fragments to text."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.ingest import FailedRecord, IngestedArticle, iter_records
from marsad.ingest.html import extract_html, html_fragment_to_text, looks_like_html
from tests.ingest.samples import BODY, TITLE, html_page


def test_page_gives_title_body_date_publisher(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(html_page(), encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle)
    a = r.article
    assert a.title == TITLE
    assert a.text == f"{TITLE}\n\n{BODY}"  # the headline is not repeated from the <h1>
    assert a.text[a.body_start:] == BODY
    assert "الرئيسية" not in a.text and "جميع الحقوق" not in a.text  # navigation and footer dropped
    assert a.published == date(2017, 4, 25) and a.publisher == "الشرق الأوسط"
    assert r.origin.format == "html"


def test_windows_1256_page(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes(html_page(charset="windows-1256").encode("cp1256"))
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle) and r.article.title == TITLE and BODY[:30] in r.article.text


def test_page_without_date_has_none(tmp_path):
    path = tmp_path / "nodate.html"
    path.write_text(html_page(date=None), encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle) and r.article.published is None


@pytest.mark.parametrize("data", [
    b"",
    b"<html><head></head><body></body></html>",
    b"<html><body><script>var a = 1;</script></body></html>",
    b"\x00\x01\x02\xff\xfe<<<>>>",
])
def test_pages_without_text_are_failures(tmp_path, data):
    path = tmp_path / "broken.html"
    path.write_bytes(data)
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code in ("E-INGEST-NO-TEXT", "E-INGEST-HTML")


def test_extract_html_with_url():
    page = extract_html(html_page(), url="https://example.com/news/1")
    assert page.url == "https://example.com/news/1" and page.title == TITLE


def test_fragments():
    assert html_fragment_to_text("<p>قتل <b>ثلاثة</b> مدنيين</p><p>في حلب</p>") == "قتل ثلاثة مدنيين\nفي حلب"
    assert html_fragment_to_text("a<script>x()</script>b<!-- c -->d &amp; e<br>f") == "abd & e\nf"
    assert html_fragment_to_text("نص بلا وسوم") == "نص بلا وسوم"
    assert html_fragment_to_text("") == ""
    assert html_fragment_to_text("<div>" * 3000 + "نص" + "</div>" * 3000) in ("نص", "")  # no recursion error
    assert looks_like_html("<p>نص</p>") and not looks_like_html("أ < ب و ج > د")
