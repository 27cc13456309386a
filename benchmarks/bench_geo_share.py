"""Share of extraction time spent in gazetteer index lookups (goal: under 10%).

    .venv/bin/python benchmarks/bench_geo_share.py [--limit N]

Wraps ``Gazetteer.lookup`` and ``Gazetteer.has`` with a timer while ``Pipeline.extract`` runs over the
first N corpus articles; the timer's own overhead is counted as lookup time, so the share is an upper bound.
"""

from __future__ import annotations

import argparse
import time

from _corpus import load_articles

from marsad.errors import InputError
from marsad.geo import gazetteer as gz
from marsad.pipeline import Pipeline


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    a = ap.parse_args()
    arts = load_articles(a.limit)
    pipeline = Pipeline()
    pipeline.extract("قتل ثلاثة مدنيين في قصف على حلب", published="2015-08-01")
    spent = [0.0, 0]
    for name in ("lookup", "has"):
        original = getattr(gz.Gazetteer, name)

        def timed(self, key, _original=original):
            t = time.perf_counter()
            try:
                return _original(self, key)
            finally:
                spent[0] += time.perf_counter() - t
                spent[1] += 1

        setattr(gz.Gazetteer, name, timed)
    t0 = time.perf_counter()
    for x in arts:
        try:
            pipeline.extract(x["text"], published=x["published"])
        except InputError:
            pass
    total = time.perf_counter() - t0
    print(f"articles {len(arts)}: extraction {total:.2f} s, gazetteer lookups {spent[0]:.2f} s "
          f"in {spent[1]:,} calls = {100 * spent[0] / total:.1f}% of extraction time")


if __name__ == "__main__":
    main()
