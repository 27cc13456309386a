"""iter_records: folders walked in sorted order, formats by extension and by content, stdin, URLs, missing paths."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest

from marsad.errors import InputMissing
from marsad.ingest import FailedRecord, IngestCounts, IngestedArticle, SkippedRecord, iter_drafts, iter_records
from marsad.ingest.sources import format_from_content_type, format_from_name, sniff_bytes
from tests.ingest.samples import ARTICLE, BODY, BODY2, ENGLISH, TITLE, TITLE2, html_page
from tests.ingest.test_feeds import rss, rss_item
from tests.ingest.test_warc import make_warc


def _jsonl(*objs) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


@pytest.fixture()
def tree(tmp_path):
    """A folder of mixed inputs: text with a sidecar, HTML, JSONL.gz, a feed, a WARC, and things to pass over."""
    root = tmp_path / "in"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a.json").write_text(json.dumps({"published": "2017-04-25", "publisher": "P"}), encoding="utf-8")
    (root / "a.gold.json").write_text(json.dumps({"events": []}), encoding="utf-8")
    (root / "c.jsonl.gz").write_bytes(gzip.compress(_jsonl({"title": TITLE2, "content": BODY2},
                                                           {"content": ENGLISH}, "not an object").encode()))
    (root / "b_sub" / "page.html").write_text(html_page(), encoding="utf-8")
    (root / "b_sub" / "deeper" / "feed.rss").write_text(rss([rss_item(TITLE, "https://e.com/1",
                                                                      description=BODY)]), encoding="utf-8")
    (root / "b_sub" / "crawl.warc.gz").write_bytes(make_warc(True))
    (root / "d.pdf").write_bytes(b"%PDF-1.4 binary")
    (root / "README").write_text(BODY2, encoding="utf-8")  # no extension: sniffed (text)
    (root / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x00")
    return root


def test_folder_walk_sorted_and_typed(tree):
    recs = list(iter_records(tree))
    seen = [(os.path.relpath(r.origin.source, tree), r.origin.record, r.kind) for r in recs]
    assert seen == [
        ("README", None, "article"),
        ("a.txt", None, "article"),
        ("b_sub/crawl.warc.gz", 3, "article"),
        ("b_sub/crawl.warc.gz", 6, "article"),
        ("b_sub/deeper/feed.rss", 1, "article"),
        ("b_sub/page.html", None, "article"),
        ("c.jsonl.gz", 1, "article"),
        ("c.jsonl.gz", 2, "skipped"),
        ("c.jsonl.gz", 3, "failed"),
        ("d.pdf", None, "skipped"),
    ]
    txt = recs[1]
    assert isinstance(txt, IngestedArticle) and txt.article.publisher == "P"  # the sidecar, not an input
    assert [r.reason for r in recs if isinstance(r, SkippedRecord)] == ["not-arabic", "unsupported"]
    counts = IngestCounts()
    for r in recs:
        counts.add(r)
    assert (counts.articles, counts.failed, counts.total) == (7, 1, 10)
    assert counts.summary() == ("7 articles, 2 skipped (1 not Arabic: en 1; 1 unsupported), "
                                "1 failed (E-INGEST-JSON 1)")


def test_it_streams(tree):
    it = iter_records([tree])
    first = next(it)
    assert isinstance(first, IngestedArticle)
    it.close()  # files opened by the readers are closed with the generator


def test_missing_path_raises_before_anything_is_read(tree):
    with pytest.raises(InputMissing, match=r"no-such-file\.jsonl"):
        iter_records([tree, tree / "no-such-file.jsonl"])


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path):
    cases = {"x.dat": _jsonl({"title": TITLE, "content": BODY}), "y.bin": html_page(), "z.md": ARTICLE,
             "f.out": rss([rss_item(TITLE, "https://e.com/1", description=BODY)])}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    got = {os.path.basename(r.origin.source): (r.kind, r.origin.format)
           for r in iter_records([tmp_path / n for n in cases])}
    assert got == {"x.dat": ("article", "jsonl"), "y.bin": ("article", "html"), "z.md": ("article", "text"),
                   "f.out": ("article", "feed")}


def test_gzipped_text_and_json(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.json.gz").write_bytes(gzip.compress(json.dumps({"content": BODY2}).encode()))
    (tmp_path / "c.gz").write_bytes(gzip.compress(_jsonl({"content": BODY})[:-1].encode()))
    recs = list(iter_records(tmp_path))
    assert [(r.kind, r.origin.format) for r in recs] == [("article", "text"), ("article", "json"),
                                                         ("article", "jsonl")]


def test_corrupt_gzip_file_is_a_failure(tmp_path):
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    recs = list(iter_records(tmp_path))
    assert [(r.kind, r.error.code) for r in recs] == [("failed", "E-INGEST-READ"), ("failed", "E-INGEST-READ")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_a_failure(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    [r] = list(iter_records(tmp_path))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-READ"


@pytest.mark.parametrize(("data", "fmt", "n"), [
    (_jsonl({"title": TITLE, "content": BODY}, {"title": TITLE2, "content": BODY2}).encode(), "jsonl", 2),
    (gzip.compress(_jsonl({"content": BODY}).encode()), "jsonl", 1),
    (ARTICLE.encode(), "text", 1),
    (html_page().encode(), "html", 1),
    (make_warc(False), "warc", 2),
])
def test_stdin_is_sniffed(data, fmt, n):
    recs = list(iter_records("-", stdin=io.BytesIO(data)))
    assert len(recs) == n and all(isinstance(r, IngestedArticle) for r in recs)
    assert {r.origin.format for r in recs} == {fmt} and recs[0].origin.source == "<stdin>"


def test_urls(http_server):
    page = http_server.route("/news/1.html", html_page())
    lines = http_server.route("/dump.jsonl", _jsonl({"title": TITLE, "content": BODY}, {"content": BODY2}),
                              content_type="text/plain")  # mislabelled: the bytes say JSONL
    gone = http_server.route("/missing", "", status=404)
    recs = list(iter_records([page, lines, gone]))
    assert [(r.kind, r.origin.format) for r in recs] == [("article", "html"), ("article", "jsonl"),
                                                         ("article", "jsonl"), ("failed", "url")]
    assert recs[0].article.url == page and recs[0].article.title == TITLE
    assert recs[-1].error.code == "E-INGEST-FETCH" and "404" in str(recs[-1].error)


def test_unreachable_url_is_a_failure():
    [r] = list(iter_records(["http://127.0.0.1:9/nothing-listens-here"], timeout=5))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-FETCH"


def test_drafts_before_assembly(tree):
    drafts = list(iter_drafts(tree / "a.txt"))
    assert drafts[0].as_given and drafts[0].body == ARTICLE


def test_detect_language_off_keeps_the_script_rule(tmp_path):
    (tmp_path / "fa.txt").write_text("این یک خبر کوتاه درباره انتخابات در تهران است که روز دوشنبه برگزار شد.",
                                     encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    on = [(r.kind, getattr(r, "language", None)) for r in iter_records(tmp_path)]
    off = [(r.kind, getattr(r, "language", None)) for r in iter_records(tmp_path, detect_language=False)]
    assert on == [("skipped", "en"), ("skipped", "fa")]
    assert off == [("skipped", "und"), ("article", "ar")]


def test_format_helpers():
    assert format_from_name("a/b/SaudiNewsNet.JSONL.GZ") == ("jsonl", True)
    assert format_from_name("crawl.warc.gz") == ("warc", True)
    assert format_from_name("heldout.jsonl.gz.enc") == (None, False)
    assert format_from_name("README") == (None, False)
    assert format_from_content_type("application/rss+xml; charset=UTF-8") == "feed"
    assert format_from_content_type(None) is None
    assert sniff_bytes(b'{\n  "title": "x"\n}') == "json"
    assert sniff_bytes(b"[{}]") == "json"
    assert sniff_bytes(b"<!DOCTYPE html><html>") == "html"
    assert sniff_bytes(b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert sniff_bytes(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">') == "html"
    assert sniff_bytes("مقتل ثلاثة".encode()) == "text"
