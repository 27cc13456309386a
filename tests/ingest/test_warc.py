"""WARC files written with warcio's own writer: HTML responses become articles, everything else is passed over."""

from __future__ import annotations

import io
from datetime import date

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest import FailedRecord, IngestedArticle, iter_records
from tests.ingest.samples import BODY, BODY2, TITLE, TITLE2, html_page


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK",
              warc_date: str = "2017-04-26T03:00:00Z"):
    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                     warc_headers_dict={"WARC-Date": warc_date})


def make_warc(gz: bool) -> bytes:
    out = io.BytesIO()
    w = WARCWriter(out, gzip=gz)
    w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "marsad tests"}))
    req_headers = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.com")], is_http_request=True)
    w.write_record(w.create_warc_record("https://example.com/a", "request", http_headers=req_headers))
    w.write_record(_response(w, "https://example.com/a", html_page().encode(), "text/html; charset=utf-8"))
    w.write_record(_response(w, "https://example.com/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"))
    w.write_record(_response(w, "https://example.com/old", b"<html>moved</html>", "text/html", "301 Moved"))
    w.write_record(_response(w, "https://example.com/b", html_page(TITLE2, BODY2, date=None).encode(),
                             "text/html"))
    return out.getvalue()


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_warc_html_responses_only(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(make_warc(gz))
    recs = list(iter_records(path))
    assert [type(r) for r in recs] == [IngestedArticle, IngestedArticle]
    a, b = recs
    assert a.article.text == f"{TITLE}\n\n{BODY}" and a.article.url == "https://example.com/a"
    assert a.article.published == date(2017, 4, 25) and not a.warnings
    assert b.article.title == TITLE2 and b.article.published == date(2017, 4, 26)  # the crawl date stands in
    assert any("crawl date" in w for w in b.warnings)
    assert (a.origin.format, a.origin.record, b.origin.record) == ("warc", 3, 6)
    assert a.origin.offset is not None and b.origin.offset > a.origin.offset


def test_truncated_warc_reports_and_stops(tmp_path):
    data = make_warc(True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.8)])
    recs = list(iter_records(path))
    assert isinstance(recs[0], IngestedArticle)
    assert isinstance(recs[-1], FailedRecord) and recs[-1].error.code == "E-INGEST-WARC"


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-WARC" and "at the start" in str(r.error)


def test_warc_sniffed_without_extension(tmp_path):
    path = tmp_path / "crawl.bin.gz"
    path.write_bytes(make_warc(True))
    recs = list(iter_records(path))
    assert len(recs) == 2 and all(r.origin.format == "warc" for r in recs)
