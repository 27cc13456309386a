"""Reading articles: text, HTML, JSON/JSONL, RSS/Atom, WARC, folders, URLs and stdin → typed records.

Iterate records, streaming (a 30k-article corpus never sits in memory)::

    from marsad.ingest import FailedRecord, IngestCounts, IngestedArticle, SkippedRecord, iter_records
    from marsad.ingest.dedup import fingerprint

    counts = IngestCounts()
    for rec in iter_records(["../shared/data/corpus/", "https://example.com/feed.rss", "-"]):
        counts.add(rec)
        if isinstance(rec, IngestedArticle):
            art = rec.article               # marsad.model.Article: text ("title\\n\\nbody"), title,
                                            # published (date | None), publisher, url, id, body_start
            fp = fingerprint(art.text)      # fp.content_hash (exact duplicates; == art.id unless the source
                                            # gave an id), fp.signature.to_bytes(), fp.signature.band_keys()
            print(rec.origin, art.id, rec.warnings)       # origin: source, format, record, offset
        elif isinstance(rec, SkippedRecord):
            pass                            # rec.reason: "not-arabic" (rec.language: "en", "fa"…),
                                            # "empty" or "unsupported"
        else:
            assert isinstance(rec, FailedRecord)
            print(rec.message)              # 'corpus.jsonl:17: E-INGEST-JSON: invalid JSON (…)'
    print(counts.summary())  # '30392 articles, 63 skipped (57 empty; 6 not Arabic: en 5, und 1), 0 failed'

``iter_records`` raises :class:`marsad.errors.InputMissing` at once for a path that does not exist; every
other problem is a :class:`FailedRecord` and the iteration goes on. Pages that inputs only link to (a feed
entry without text) are fetched only with ``allow_network=True``.

Modules: :mod:`.dispatch` (``iter_records``), one reader a format (:mod:`.text`, :mod:`.html`,
:mod:`.jsonl`, :mod:`.feeds`, :mod:`.warc`), :mod:`.sources` (sniffing, URLs), :mod:`.meta` (dates),
:mod:`.language` (``identify``), :mod:`.dedup` (content hash, MinHash signatures, band keys) and
:mod:`.records` (the record types).
"""

from marsad.ingest.dispatch import assemble, iter_drafts, iter_records
from marsad.ingest.records import (
    EMPTY,
    NOT_ARABIC,
    UNSUPPORTED,
    Draft,
    FailedRecord,
    IngestCounts,
    IngestedArticle,
    IngestRecord,
    Origin,
    SkippedRecord,
)

__all__ = [
    "EMPTY",
    "NOT_ARABIC",
    "UNSUPPORTED",
    "Draft",
    "FailedRecord",
    "IngestCounts",
    "IngestRecord",
    "IngestedArticle",
    "Origin",
    "SkippedRecord",
    "assemble",
    "iter_drafts",
    "iter_records",
]
