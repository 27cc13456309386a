"""Property tests: whatever the bytes, readers never raise; they yield articles, skips or coded one-line failures."""

from __future__ import annotations

import gzip
import io
import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import MarsadError
from marsad.ingest import FailedRecord, IngestedArticle, SkippedRecord, iter_records
from marsad.ingest.html import html_fragment_to_text
from marsad.ingest.jsonl import iter_jsonl
from marsad.ingest.records import FORMATS, Draft
from marsad.ingest.sources import sniff_bytes
from tests.ingest.samples import ARTICLE, BODY, TITLE

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(records) -> list:
    out = list(records)
    for r in out:
        assert isinstance(r, IngestedArticle | SkippedRecord | FailedRecord)
        if isinstance(r, FailedRecord):
            assert isinstance(r.error, MarsadError) and r.error.code.startswith("E-")
            assert "\n" not in str(r.error)
        if isinstance(r, IngestedArticle):
            r.article.text.encode("utf-8")  # storable: no lone surrogates
            assert "\x00" not in r.article.text
            assert r.article.text.strip()
    return out


# Bytes that look a little like the formats, so the parsers get past their first line.
_prefixes = st.sampled_from([b"", b"{", b'{"content": "', b"<html><body><p>",
                             b'<?xml version="1.0"?><rss><channel><item>', b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00",
                             ARTICLE.encode(), b"\xef\xbb\xbf"])
_bytes = st.builds(lambda p, b: p + b, _prefixes, st.binary(max_size=600))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("props")


@SETTINGS
@given(data=_bytes, ext=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".rss", ".warc", ".jsonl.gz", ".gz",
                                         ""]))
def test_any_file_never_raises(workdir, data, ext):
    path = workdir / f"f{ext}"
    path.write_bytes(data)
    for r in _check(iter_records(path)):
        assert r.origin.source == str(path)


@SETTINGS
@given(data=_bytes)
def test_any_stdin_never_raises(data):
    _check(iter_records("-", stdin=io.BytesIO(data)))


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_jsonl_arbitrary_bytes(data):
    out = list(iter_jsonl(io.BytesIO(data), "s"))
    lines = [ln for ln in data.removeprefix(b"\xef\xbb\xbf").split(b"\n") if ln.strip()]
    assert len(out) == len(lines)  # one draft or failure per non-blank line, nothing lost, nothing invented
    assert all(isinstance(r, Draft | FailedRecord) for r in out)


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                     lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(
                         ["text", "content", "title", "date", "published", "source", "publisher", "url", "id",
                          "link", "x"]), kids, max_size=6), max_leaves=12)


@SETTINGS
@given(objs=st.lists(_json, max_size=6))
def test_jsonl_arbitrary_json_values(objs):
    raw = "".join(json.dumps(o) + "\n" for o in objs).encode()
    out = list(iter_jsonl(io.BytesIO(raw), "s"))
    assert len(out) == len(objs)


@SETTINGS
@given(cut=st.integers(min_value=1, max_value=10_000))
def test_truncated_gzip_anywhere(workdir, cut):
    line = json.dumps({"title": TITLE, "content": BODY}, ensure_ascii=False) + "\n"
    data = gzip.compress((line * 40).encode(), mtime=0)
    path = workdir / "cut.jsonl.gz"
    cut = min(cut, len(data))
    path.write_bytes(data[:cut])
    out = _check(iter_records(path))
    arts = sum(isinstance(r, IngestedArticle) for r in out)
    assert arts <= 40
    if cut < len(data) - 8:  # cut before the trailer: some loss, and it is reported
        assert any(isinstance(r, FailedRecord) for r in out)


@SETTINGS
@given(st.text(max_size=500))
def test_html_fragment_any_text(text):
    out = html_fragment_to_text(text)
    assert isinstance(out, str) and "\n\n" not in out


@SETTINGS
@given(st.binary(max_size=300))
def test_sniff_any_bytes(data):
    assert sniff_bytes(data) in FORMATS
    assert sniff_bytes(zlib.compress(data)) in FORMATS
