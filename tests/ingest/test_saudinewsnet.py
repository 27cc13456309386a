"""The real corpus (../shared): the first 2,000 SaudiNewsNet records stream with zero failures and right metadata."""

from __future__ import annotations

import gzip
import json
from datetime import date
from itertools import islice

from marsad.ingest import FailedRecord, IngestCounts, IngestedArticle, SkippedRecord, iter_records

N = 2000


def test_first_records_of_saudinewsnet(shared):
    path = shared / "data" / "corpus" / "saudinewsnet" / "saudinewsnet_dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        raw = [json.loads(line) for line in islice(f, N)]
    records = iter_records(path)
    got = list(islice(records, N))
    records.close()
    counts = IngestCounts()
    for rec in got:
        counts.add(rec)
        src = raw[rec.origin.record - 1]
        if isinstance(rec, IngestedArticle):
            a = rec.article
            assert a.published == date.fromisoformat(src["date_extracted"][:10])
            assert a.publisher == src["source"] and a.url == src["url"]
            title = " ".join(src["title"].split())
            if title and src["content"].strip():
                assert a.title == title and a.text.startswith(title + "\n\n")
                body = src["content"].strip()
                if body.startswith(title) and body[len(title):].strip():  # the headline repeated: said once
                    body = body[len(title):].lstrip()
                assert a.text[a.body_start:] == body
        elif isinstance(rec, SkippedRecord):
            assert rec.reason in ("empty", "not-arabic")
            if rec.reason == "empty":
                assert not (src["title"] + src["content"]).strip()
    assert counts.failed == 0, [r.message for r in got if isinstance(r, FailedRecord)][:5]
    assert counts.articles >= 0.98 * N
    assert [r.origin.record for r in got] == list(range(1, N + 1))  # every line accounted for, in order
