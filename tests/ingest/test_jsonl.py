"""JSONL and JSON: field aliases, dates, bad lines reported with their line number, gzip (whole and truncated)."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date

import pytest

from marsad.ingest import FailedRecord, IngestedArticle, SkippedRecord, iter_records
from marsad.ingest import jsonl as jsonl_mod
from marsad.ingest.jsonl import iter_jsonl
from marsad.ingest.records import Draft
from tests.ingest.samples import BODY, BODY2, ENGLISH, TITLE, TITLE2


def _line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_saudinewsnet_shaped_record_reads_as_is(tmp_path):
    rec = {"source": "aawsat", "url": "http://aawsat.com/home/article/1", "date_extracted": "2015-07-21 02:51:35",
           "title": TITLE, "author": "لندن: «الشرق الأوسط»", "content": "    " + BODY + "  "}
    path = tmp_path / "c.jsonl"
    path.write_text(_line(rec) + "\n", encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle)
    a = r.article
    assert a.text == f"{TITLE}\n\n{BODY}"
    assert a.title == TITLE and a.text[a.body_start:] == BODY
    assert a.published == date(2015, 7, 21) and a.publisher == "aawsat"
    assert a.url == "http://aawsat.com/home/article/1"
    assert r.origin.source == str(path) and r.origin.format == "jsonl" and r.origin.record == 1
    assert r.origin.offset == 0


def test_field_aliases_and_caller_id(tmp_path):
    lines = [
        {"id": "a-17", "text": BODY, "published": "2017-04-25T10:00:00+03:00", "publisher": "وكالة الأنباء"},
        {"id": 18, "content": BODY2, "title": TITLE2, "date": "Tue, 25 Apr 2017 10:00:00 +0300",
         "source": {"name": "فرانس برس"}, "link": "https://example.com/2"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(map(_line, lines)) + "\n", encoding="utf-8")
    a, b = (r.article for r in iter_records(path))
    assert a.id == "a-17" and a.title is None and a.text == BODY and a.published == date(2017, 4, 25)
    assert a.publisher == "وكالة الأنباء"
    assert b.id == "18" and b.title == TITLE2 and b.publisher == "فرانس برس" and b.url == "https://example.com/2"
    assert b.published == date(2017, 4, 25)


def test_article_id_is_the_content_hash_without_a_caller_id(tmp_path):
    from marsad.ingest.dedup import content_hash

    path = tmp_path / "c.jsonl"
    path.write_text(_line({"title": TITLE, "content": BODY}) + "\n", encoding="utf-8")
    [r] = list(iter_records(path))
    assert r.article.id == content_hash(r.article.text)


def test_bad_lines_are_failures_with_line_numbers_and_the_rest_is_read(tmp_path):
    good = _line({"title": TITLE, "content": BODY})
    raw = b"\n".join([
        good.encode(),                                   # 1 ok
        b'{"title": "x", "content": ',                   # 2 invalid JSON
        b"[1, 2, 3]",                                    # 3 not an object
        _line({"title": TITLE2}).encode(),               # 4 no text field
        b'{"content": 17}',                              # 5 text not a string
        b"\xff\xfe" + good.encode(),                     # 6 not UTF-8
        b"",                                             # 7 blank: not a record
        _line({"title": "", "content": "  "}).encode(),  # 8 empty: skipped, not failed
        _line({"content": ENGLISH}).encode(),            # 9 English: skipped
        _line({"title": TITLE2, "content": BODY2}).encode(),  # 10 ok
    ]) + b"\n"
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(raw)
    recs = list(iter_records(path))
    kinds = [(r.origin.record, r.kind) for r in recs]
    assert kinds == [(1, "article"), (2, "failed"), (3, "failed"), (4, "failed"), (5, "failed"), (6, "failed"),
                     (8, "skipped"), (9, "skipped"), (10, "article")]
    codes = [r.error.code for r in recs if isinstance(r, FailedRecord)]
    assert codes == ["E-INGEST-JSON", "E-INGEST-JSON", "E-INGEST-NO-TEXT", "E-INGEST-JSON", "E-INPUT-NOT-TEXT"]
    assert all("\n" not in r.message for r in recs if isinstance(r, FailedRecord))
    assert recs[1].message.startswith(f"{path}:2: E-INGEST-JSON: invalid JSON")
    skipped = [r for r in recs if isinstance(r, SkippedRecord)]
    assert [(s.reason, s.language) for s in skipped] == [("empty", None), ("not-arabic", "en")]
    # offsets point at the line starts
    assert recs[-1].origin.offset == raw.index(_line({"title": TITLE2, "content": BODY2}).encode())


def test_gzipped_jsonl_streams(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(50):
            f.write(_line({"title": f"{TITLE} {i}", "content": BODY, "date": f"2015-08-0{1 + i % 9}"}) + "\n")
    recs = list(iter_records(path))
    assert len(recs) == 50 and all(isinstance(r, IngestedArticle) for r in recs)
    assert recs[10].article.published == date(2015, 8, 2)


def test_truncated_gzip_yields_what_it_can_then_one_read_failure(tmp_path):
    data = gzip.compress("".join(_line({"title": f"{TITLE} {i}", "content": BODY}) + "\n"
                                 for i in range(400)).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    recs = list(iter_records(path))
    articles = [r for r in recs if isinstance(r, IngestedArticle)]
    failures = [r for r in recs if isinstance(r, FailedRecord)]
    assert 0 < len(articles) < 400
    assert failures[-1].error.code == "E-INGEST-READ" and recs[-1] is failures[-1]
    assert len(failures) <= 2  # the cut line (invalid JSON), if the cut fell mid-line, and the broken stream


def test_overlong_line_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl_mod, "MAX_RECORD_BYTES", 1000)
    good = _line({"title": TITLE, "content": BODY})
    long_line = _line({"title": TITLE, "content": BODY * 20})
    stream = io.BytesIO(f"{long_line}\n{good}\n".encode())
    recs = list(iter_jsonl(stream, "s"))
    assert isinstance(recs[0], FailedRecord) and recs[0].error.code == "E-INGEST-READ"
    assert isinstance(recs[1], Draft) and recs[1].origin.record == 2


def test_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _line({"title": TITLE, "content": BODY}).encode() + b"\r\n")
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle) and r.article.title == TITLE


def test_html_in_content_becomes_text(tmp_path):
    path = tmp_path / "h.jsonl"
    html = "".join(f"<p>{p}</p>" for p in BODY.split("\n"))
    path.write_text(_line({"title": TITLE, "content": html}) + "\n", encoding="utf-8")
    [r] = list(iter_records(path))
    assert r.article.text == f"{TITLE}\n\n{BODY}"
    assert any("HTML" in w for w in r.warnings)


def test_unreadable_date_is_a_warning_not_a_failure(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(_line({"content": BODY, "published": "قبل ساعتين"}) + "\n", encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle) and r.article.published is None
    assert any("unreadable date" in w for w in r.warnings)


def test_nul_and_lone_surrogates_are_replaced(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text('{"content": "' + BODY.replace("\n", "\\n") + '\\u0000\\ud800"}\n', encoding="utf-8")
    [r] = list(iter_records(path))
    assert r.article.text.endswith("\ufffd\ufffd")
    r.article.text.encode("utf-8")  # storable


@pytest.mark.parametrize("shape", ["array", "object", "container"])
def test_json_files(tmp_path, shape):
    items = [{"title": TITLE, "content": BODY}, {"title": TITLE2, "content": BODY2}, "junk"]
    obj = {"array": items, "object": items[0], "container": {"articles": items}}[shape]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    recs = list(iter_records(path))
    if shape == "object":
        assert [r.kind for r in recs] == ["article"] and recs[0].origin.record is None
    else:
        assert [r.kind for r in recs] == ["article", "article", "failed"]
        assert [r.origin.record for r in recs] == [1, 2, 3] and recs[0].origin.format == "json"


def test_invalid_json_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"title": ', encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-JSON"
