"""Plain-text files: the text kept exactly, the title-line convention, sidecar metadata, bad bytes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from marsad.errors import IngestSidecarError
from marsad.ingest import FailedRecord, IngestedArticle, SkippedRecord, iter_records
from marsad.ingest.text import read_sidecar, sidecar_paths
from tests.ingest.samples import ARTICLE, BODY, ENGLISH, TITLE


def test_text_file_kept_exactly_with_title_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE + "\n", encoding="utf-8")
    [r] = list(iter_records(path))
    assert isinstance(r, IngestedArticle)
    assert r.article.text == ARTICLE + "\n"  # offsets index the file's text as read
    assert r.article.title == TITLE and r.article.text[r.article.body_start:].lstrip("\n").startswith(BODY[:20])
    assert r.origin.format == "text" and r.origin.record is None and str(r.origin) == str(path)


@pytest.mark.parametrize("suffix", [".json", ".meta.json"])
def test_sidecar_metadata(tmp_path, suffix):
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    meta = {"published": "2017-04-25", "publisher": "الشرق الأوسط", "title": TITLE, "url": "https://e.com/1",
            "id": "x1", "corpus_index": 5}
    (tmp_path / f"a{suffix}").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    [r] = list(iter_records(path))
    a = r.article
    assert (a.published, a.publisher, a.title, a.url, a.id) == (date(2017, 4, 25), "الشرق الأوسط", TITLE,
                                                               "https://e.com/1", "x1")
    assert a.text == BODY and a.body_start == 0


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ('["a list"]', "must hold a JSON object"),
    ('{"published": "25/04/2017"}', "published must be YYYY-MM-DD"),
])
def test_bad_sidecar_is_a_failure_of_that_article(tmp_path, content, message):
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    (tmp_path / "a.json").write_text(content, encoding="utf-8")
    with pytest.raises(IngestSidecarError, match=message):
        read_sidecar(path)
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code == "E-INGEST-SIDECAR"


def test_sidecar_paths():
    from pathlib import Path

    assert [p.name for p in sidecar_paths(Path("d/a.txt"))] == ["a.json", "a.meta.json"]
    assert read_sidecar("/nonexistent/a.txt") is None


@pytest.mark.parametrize(("data", "expect"), [
    (b"\xff\xfe\x00b\x00a\x00d", "E-INPUT-NOT-TEXT"),
    ("نص عربي".encode("cp1256"), "E-INPUT-NOT-TEXT"),
])
def test_undecodable_text_is_a_failure(tmp_path, data, expect):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    [r] = list(iter_records(path))
    assert isinstance(r, FailedRecord) and r.error.code == expect


@pytest.mark.parametrize(("data", "reason", "language"), [
    (b"", "empty", None),
    (b"  \n\n \t", "empty", None),
    (ENGLISH.encode(), "not-arabic", "en"),
])
def test_empty_and_english_text_are_skipped(tmp_path, data, reason, language):
    path = tmp_path / "s.txt"
    path.write_bytes(data)
    [r] = list(iter_records(path))
    assert isinstance(r, SkippedRecord) and (r.reason, r.language) == (reason, language)


def test_cli_extract_reads_meta_json_sidecar(tmp_path):
    """``marsad extract`` uses the same sidecar reader (``NAME.meta.json`` is now found too)."""
    import argparse

    from marsad.cli import _apply_sidecar

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "2015-08-10", "publisher": "P"}))
    args = argparse.Namespace(published=None, publisher="given", title=None, url=None)
    _apply_sidecar(args, path)
    assert args.published == date(2015, 8, 10) and args.publisher == "given"
