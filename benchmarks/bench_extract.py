"""Extraction throughput (articles/s on one core) over the dev corpus, with the tokenise floor beside it.

    .venv/bin/python benchmarks/bench_extract.py [--limit N]

Both passes run in the same process on the same articles: the floor is normalisation + sentence
splitting + tokenisation of every sentence (what any analysis must at least do); the extraction is
``Pipeline.extract_many`` (pre-filter, then full analysis only where a trigger word occurs), then again
without the stages that use the trained models (``Pipeline(models=False)``).
"""

from __future__ import annotations

import argparse
import time

from _corpus import load_articles, peak_rss_mb

from marsad.errors import InputError
from marsad.pipeline import Pipeline
from marsad.text.normalize import normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize_words


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=3000, help="articles to read (0 = the whole corpus)")
    a = ap.parse_args()
    arts = load_articles(a.limit or None)
    t0 = time.perf_counter()
    pipeline = Pipeline()
    t_load = time.perf_counter() - t0
    pipeline.extract("قتل ثلاثة مدنيين في قصف على حلب", published="2015-08-01")  # warm caches
    t0 = time.perf_counter()
    for x in arts:
        n = normalize(x["text"])
        split_sentences(x["text"])
        tokenize_words(x["text"], n)
    t_floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    c0 = time.process_time()
    events = 0
    failed = skipped = 0
    for x in arts:
        try:
            events += len(pipeline.extract(x["text"], published=x["published"], publisher=x["publisher"]).events)
        except InputError:  # not Arabic, empty: skipped, as ingest would
            skipped += 1
        except Exception:  # a benchmark counts failures instead of stopping
            failed += 1
    t_ex = time.perf_counter() - t0
    c_ex = time.process_time() - c0
    # the same without the trained models' stages (names: NER; check: event-sentence classifier)
    bare = Pipeline(models=False)
    c0 = time.process_time()
    for x in arts:
        try:
            bare.extract(x["text"], published=x["published"], publisher=x["publisher"])
        except Exception:  # counted above
            pass
    c_bare = time.process_time() - c0
    n = len(arts)
    print(f"articles {n}  pipeline load {t_load:.2f}s")
    print(f"{'pass':<40}{'articles/s':>12}{'seconds':>10}")
    print(f"{'floor: normalise+split+tokenise all':<40}{n / t_floor:>12,.0f}{t_floor:>10.2f}")
    print(f"{'marsad extract (full pipeline)':<40}{n / t_ex:>12,.0f}{t_ex:>10.2f}")
    # CPU time of this process: steadier than the wall clock on a machine shared with other jobs
    print(f"{'  the same, by CPU time':<40}{n / c_ex:>12,.0f}{c_ex:>10.2f}")
    print(f"{'  without the models, by CPU time':<40}{n / c_bare:>12,.0f}{c_bare:>10.2f}")
    print(f"events {events}  skipped {skipped} (not Arabic or empty)  failed {failed}  "
          f"peak RSS {peak_rss_mb():.0f} MB (one core, one process)")
    print(f"projected whole corpus (30,455 articles): {30455 / (n / t_ex):.0f} s")


if __name__ == "__main__":
    main()
