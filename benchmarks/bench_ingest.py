"""Ingest throughput (articles/s on one core) over the whole SaudiNewsNet file, with a plain-JSON floor beside it.

    .venv/bin/python benchmarks/bench_ingest.py [--limit N] [--accuracy]

Every pass streams the same gzipped JSONL file in the same process, one after the other:

1. floor: ``gzip`` + ``json.loads`` of each line (what any reader must at least do);
2. ``iter_records`` with the script check only (``detect_language=False``);
3. ``iter_records`` as it runs by default (language identification on);
4. the same + :func:`marsad.ingest.dedup.fingerprint` of each article (content hash + MinHash signature);
5. the same + an in-memory :class:`~marsad.ingest.dedup.NearDuplicateIndex` (what a store does with its
   band-key table): exact and near duplicates counted.

No extraction, no database. ``--accuracy`` also compares the near-duplicate rule against exact shingle
overlap on the candidate pairs, against SimHash, and times datasketch's MinHash on the same shingles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from collections import Counter
from itertools import islice

from _corpus import CORPUS, peak_rss_mb

from marsad.ingest import IngestCounts, IngestedArticle, iter_records
from marsad.ingest.dedup import NearDuplicateIndex, fingerprint
from marsad.ingest.language import identify


def _records(limit: int | None, **kw):
    it = iter_records(CORPUS, **kw)
    return islice(it, limit) if limit else it


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="records to read (0 = the whole file)")
    ap.add_argument("--accuracy", action="store_true", help="also measure the near-duplicate rule's accuracy")
    a = ap.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"benchmark needs {CORPUS} (the shared corpus); it is absent")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever numpy or lingua would do
    limit = a.limit or None
    rows = []

    t0, c0 = time.perf_counter(), time.process_time()
    n_lines = 0
    with gzip.open(CORPUS, "rb") as f:
        for line in islice(f, limit):
            json.loads(line)
            n_lines += 1
    rows.append(("floor: gzip + json.loads", n_lines, time.perf_counter() - t0, time.process_time() - c0))

    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in _records(limit, detect_language=False))
    rows.append(("iter_records, script check only", n, time.perf_counter() - t0, time.process_time() - c0))

    counts = IngestCounts()
    t0, c0 = time.perf_counter(), time.process_time()
    for rec in _records(limit):
        counts.add(rec)
    rows.append(("iter_records (+ language id)", counts.total, time.perf_counter() - t0, time.process_time() - c0))
    rss_ingest = peak_rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    m = 0
    for rec in _records(limit):
        m += 1
        if isinstance(rec, IngestedArticle):
            fingerprint(rec.article.text)
    rows.append(("  + fingerprint (hash + MinHash)", m, time.perf_counter() - t0, time.process_time() - c0))

    # language identification alone, on the texts of the articles the script check keeps
    texts = (r.article.text for r in _records(limit, detect_language=False) if isinstance(r, IngestedArticle))
    kept = [t for t, _ in zip(texts, range(5000), strict=False)]
    methods: Counter[str] = Counter()
    t0, c0 = time.perf_counter(), time.process_time()
    for t in kept:
        methods[identify(t).method] += 1
    lang_row = (len(kept), time.perf_counter() - t0, time.process_time() - c0)
    # what the script fast path saves: lingua (Arabic, Persian, Urdu) on every text's first 400 letters
    from marsad.ingest.language import _arabic_script_detector

    detector = _arabic_script_detector()
    c0 = time.process_time()
    for t in kept[:1000]:
        detector.detect_language_of(t[:400])
    lingua_cpu = (time.process_time() - c0) / max(1, len(kept[:1000]))
    rss_lingua = peak_rss_mb()

    index = NearDuplicateIndex()
    hashes: set[str] = set()
    exact = near = 0
    t0, c0 = time.perf_counter(), time.process_time()
    m = 0
    for rec in _records(limit):
        m += 1
        if not isinstance(rec, IngestedArticle):
            continue
        fp = fingerprint(rec.article.text)
        if fp.content_hash in hashes:
            exact += 1
            continue
        hashes.add(fp.content_hash)
        if index.original_of(fp.signature) is not None:
            near += 1
        index.add(fp.content_hash, fp.signature)
    rows.append(("  + in-memory near-duplicate index", m, time.perf_counter() - t0, time.process_time() - c0))

    print(f"file {CORPUS.name}  records {counts.total}")
    # CPU time of this process beside the wall clock: steadier on a machine shared with other jobs
    print(f"{'pass':<40}{'articles/s':>12}{'seconds':>10}{'CPU art/s':>12}{'CPU s':>8}")
    for name, k, secs, cpu in rows:
        print(f"{name:<40}{k / secs:>12,.0f}{secs:>10.2f}{k / cpu:>12,.0f}{cpu:>8.2f}")
    print(counts.summary())
    k, secs, cpu = lang_row
    print(f"identify() alone on {k} article texts: {k / secs:,.0f}/s ({k / cpu:,.0f}/s by CPU time); decided by "
          + ", ".join(f"{m} {v}" for m, v in methods.most_common())
          + f"; lingua on every text would cost {lingua_cpu * 1e3:.2f} ms of CPU each")
    print(f"exact duplicates {exact}  near duplicates (linked to an earlier original) {near}")
    print(f"peak RSS {rss_ingest:.0f} MB after the ingest passes, {rss_lingua:.0f} MB once lingua's Arabic-script "
          f"models are loaded, {peak_rss_mb():.0f} MB with the in-memory index (one core, one process)")
    if a.accuracy:
        accuracy(limit)


def accuracy(limit: int | None) -> None:
    """The MinHash rule, SimHash and datasketch against exact three-word-shingle overlap on candidate pairs."""
    import hashlib
    import re

    import numpy as np
    from datasketch import MinHash

    from marsad.ingest.dedup import BANDS, is_near_duplicate, lsh_band_keys, signature
    from marsad.text.normalize import match_key

    texts = [r.article.text for r in _records(limit) if isinstance(r, IngestedArticle)]
    sigs = [signature(t) for t in texts]
    buckets: dict[str, list[int]] = {}
    for i, s in enumerate(sigs):
        for k in lsh_band_keys(s):
            buckets.setdefault(k, []).append(i)
    pairs = {(x, y) for v in buckets.values() if 1 < len(v) <= 200 for i, x in enumerate(v) for y in v[i + 1:]}
    word = re.compile(r"\w+")

    def shingles(t: str) -> set[tuple[str, ...]]:
        w = word.findall(match_key(t))
        return set(zip(w, w[1:], w[2:], strict=False)) or {tuple(w)}

    def simhash(sh: set) -> int:
        hs = np.array([int.from_bytes(hashlib.blake2b(" ".join(s).encode(), digest_size=8).digest(), "little")
                       for s in sh], dtype=np.uint64)
        bits = ((hs[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).astype(np.int64)
        v = (2 * bits - 1).sum(axis=0) > 0
        return int(sum(1 << k for k in range(64) if v[k]))

    cache: dict[int, set] = {}
    simh: dict[int, int] = {}
    pos = neg = tp = fp_ = 0
    sim_ok = {6: [0, 0], 10: [0, 0], 14: [0, 0]}
    for x, y in pairs:
        sx = cache.setdefault(x, shingles(texts[x]))
        sy = cache.setdefault(y, shingles(texts[y]))
        inter = len(sx & sy)
        jac = inter / len(sx | sy)
        cont = inter / min(len(sx), len(sy))
        truth = jac >= 0.5 or (jac >= 0.25 and cont >= 0.9)
        clearly_not = jac < 0.35 and cont < 0.7
        if not truth and not clearly_not:
            continue  # the grey zone between the two definitions is not scored
        got = is_near_duplicate(sigs[x], sigs[y])
        hx = simh.setdefault(x, simhash(sx))
        hy = simh.setdefault(y, simhash(sy))
        dist = (hx ^ hy).bit_count()
        if truth:
            pos += 1
            tp += got
        else:
            neg += 1
            fp_ += got
        for thr, acc in sim_ok.items():
            acc[0 if truth else 1] += dist <= thr
    print(f"\ncandidate pairs (sharing a band of {BANDS}): {len(pairs)}; scored: {pos} near duplicates by exact "
          f"shingles (Jaccard >= 0.5, or >= 0.25 with 90% containment), {neg} clearly distinct (Jaccard < 0.35)")
    print(f"MinHash rule: recall {tp / max(pos, 1):.3f}, false matches {fp_ / max(neg, 1):.4f}")
    for thr, (hit, false) in sim_ok.items():
        print(f"SimHash (64 bits) Hamming <= {thr:>2}: recall {hit / max(pos, 1):.3f}, "
              f"false matches {false / max(neg, 1):.4f}")
    # the same shingles through datasketch (SHA-1 per shingle, 128 permutations), for speed only
    sample = texts[:3000]
    t0 = time.perf_counter()
    for t in sample:
        signature(t)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in sample:
        w = word.findall(match_key(t))
        mh = MinHash(num_perm=128)
        mh.update_batch([" ".join(s).encode() for s in zip(w, w[1:], w[2:], strict=False)] or [b""])
    theirs = time.perf_counter() - t0
    print(f"signatures/s on {len(sample)} articles: marsad {len(sample) / ours:,.0f}, "
          f"datasketch MinHash {len(sample) / theirs:,.0f}")


if __name__ == "__main__":
    main()
