"""Ingest into the store (SQLite) over the SaudiNewsNet corpus, with extraction alone as the baseline.

    .venv/bin/python benchmarks/bench_ingest_store.py [--limit N] [--db PATH]

Both passes read the same corpus file through ``marsad.ingest.iter_records`` (JSONL reader, language
identification) and run the full extraction pipeline; the baseline stops there, the store pass also writes
every article in its own transaction (exact and near-duplicate checks, events, evidence, actors, places,
cross-article clustering) into a fresh SQLite database in WAL mode. Each pass runs in its own child process on
one core, so each reports its own peak RSS. Articles/s counts every record read (stored, duplicate, skipped).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/data/corpus/saudinewsnet/saudinewsnet_dev.jsonl.gz"


def _records(limit: int | None):
    from marsad.ingest import iter_records

    recs = iter_records([str(CORPUS)])
    return islice(recs, limit) if limit else recs


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def phase_extract(limit: int | None) -> dict:
    from marsad.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.extract("قتل ثلاثة مدنيين في قصف على حلب", published="2015-08-01")  # warm caches
    t0, c0 = time.perf_counter(), time.process_time()
    n = events = skipped = failed = 0
    for rec in _records(limit):
        n += 1
        if rec.kind == "article":
            try:
                events += len(pipeline.extract_article(rec.article).events)
            except Exception:  # a benchmark counts failures instead of stopping
                failed += 1
        elif rec.kind == "skipped":
            skipped += 1
        else:
            failed += 1
    return {"records": n, "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "events": events,
            "skipped": skipped, "failed": failed, "peak_rss_mb": _peak_mb()}


def phase_store(limit: int | None, db: str) -> dict:
    from marsad.pipeline import Pipeline
    from marsad.store import Store

    pipeline = Pipeline()
    pipeline.extract("قتل ثلاثة مدنيين في قصف على حلب", published="2015-08-01")
    store = Store(db, pipeline=pipeline)
    t0, c0 = time.perf_counter(), time.process_time()
    stats = store.ingest(_records(limit))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    t1 = time.perf_counter()
    again = store.ingest(_records(limit))  # resume/no-op: everything is already stored
    noop = time.perf_counter() - t1
    counts = store.counts()
    summary = store.summary()
    problems = store.check()
    store.close()
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return {"records": stats.records, "seconds": seconds, "cpu": cpu, "stored": stats.stored,
            "duplicates": stats.duplicates, "near_duplicates": stats.near_duplicates,
            "skipped": sum(stats.skipped.values()), "failed": stats.failed, "events": stats.events,
            "merged": stats.merged, "clusters": counts["clusters"], "merged_clusters": summary.merged,
            "reingest_seconds": noop, "reingest_unchanged": again.unchanged + again.duplicates, "problems": problems,
            "db_mb": size / 1e6, "peak_rss_mb": _peak_mb()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="records to read (0 = the whole corpus)")
    ap.add_argument("--db", help="SQLite file to create (default: a temporary one, deleted afterwards)")
    ap.add_argument("--phase", choices=["extract", "store"], help=argparse.SUPPRESS)
    a = ap.parse_args()
    limit = a.limit or None
    if a.phase == "extract":
        print(json.dumps(phase_extract(limit)))
        return
    if a.phase == "store":
        print(json.dumps(phase_store(limit, a.db)))
        return
    if not CORPUS.exists():
        sys.exit(f"benchmark needs {CORPUS} (the shared corpus); it is absent")
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        db = a.db or os.path.join(tmp, "bench.db")
        if Path(db).exists():
            sys.exit(f"{db} exists; give a new file")
        results = {}
        for phase in ("extract", "store"):
            cmd = [sys.executable, __file__, "--phase", phase, "--limit", str(a.limit), "--db", db]
            # one core: the numbers are per core, whatever the machine
            out = subprocess.run(["taskset", "-c", "0", *cmd] if _has_taskset() else cmd, capture_output=True,
                                 text=True, check=True)
            results[phase] = json.loads(out.stdout.strip().splitlines()[-1])
    ex, st = results["extract"], results["store"]
    print(f"corpus {CORPUS.name}: {st['records']} records")
    print(f"{'pass':<44}{'articles/s':>11}{'by CPU':>9}{'seconds':>9}{'peak RSS':>10}")
    for name, r in (("baseline: read + extract (no store)", ex), ("marsad ingest: read + extract + store", st)):
        print(f"{name:<44}{r['records'] / r['seconds']:>11,.0f}{r['records'] / r['cpu']:>9,.0f}{r['seconds']:>9.1f}"
              f"{r['peak_rss_mb']:>8.0f} MB")
    per = (st["seconds"] - ex["seconds"]) / max(1, st["records"]) * 1000
    print(f"store overhead: {per:.2f} ms per record ({st['seconds'] / ex['seconds'] - 1:+.0%})")
    print(f"stored {st['stored']} articles, {st['duplicates']} exact duplicates, {st['near_duplicates']} near-"
          f"duplicates linked, {st['skipped']} skipped, {st['failed']} failed; {st['events']} events in "
          f"{st['clusters']} clusters ({st['merged']} events merged across articles, {st['merged_clusters']} clusters "
          f"with several articles); database {st['db_mb']:.0f} MB")
    print(f"re-ingest of the same corpus (no-op): {st['reingest_seconds']:.1f} s, {st['reingest_unchanged']} records "
          f"already stored; integrity problems: {len(st['problems'])}")


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


if __name__ == "__main__":
    main()
