"""Text-core throughput (articles/s on one core) beside a bare regex tokenisation pass, in one run.

    .venv/bin/python benchmarks/bench_text.py [--limit N]

Reads ``../shared/data/corpus/saudinewsnet/saudinewsnet_dev.jsonl.gz``; the text core is
normalise (with alignment) → sentences → clitic-segmenting tokenisation; the floor is ``re.findall``.
"""

from __future__ import annotations

import argparse
import re
import time

from _corpus import load_articles, peak_rss_mb

from marsad.text.normalize import normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize

BARE = re.compile(r"\w+|[^\w\s]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=5000)
    a = ap.parse_args()
    arts = [x["text"] for x in load_articles(a.limit)]
    chars = sum(len(t) for t in arts)
    tokenize("تسخين")  # load the lexicon outside the timed loop
    t0 = time.perf_counter()
    n_bare = sum(len(BARE.findall(t)) for t in arts)
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_tok = 0
    for t in arts:
        norm = normalize(t)
        split_sentences(t)
        _, toks = tokenize(t, norm)
        n_tok += len(toks)
    t_core = time.perf_counter() - t0
    print(f"articles {len(arts)}  chars {chars:,}")
    print(f"{'pass':<34}{'articles/s':>12}{'tokens/s':>14}{'seconds':>10}")
    floor = "bare regex tokenisation (floor)"
    print(f"{floor:<34}{len(arts) / t_bare:>12,.0f}{n_bare / t_bare:>14,.0f}{t_bare:>10.2f}")
    print(f"{'marsad text core':<34}{len(arts) / t_core:>12,.0f}{n_tok / t_core:>14,.0f}{t_core:>10.2f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB (one core, one process)")


if __name__ == "__main__":
    main()
