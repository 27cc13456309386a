"""Event-sentence classifier speed: sentences/s on one core over the SaudiNewsNet corpus, load time, memory.

    .venv/bin/python benchmarks/bench_event_sentence.py [--limit N]

Every sentence of the first N articles (default 3000; 0 = all) is scored. Passes, in one process on the
same sentences: the floor (normalise each article, split it, tokenise every sentence into marsad words:
what the pipeline has already done when it would ask the classifier), ``score_words`` on those words
(what the pipeline would call), and ``score`` on each sentence's text (tokenising it again). The cold load
(a new interpreter: import, read the model, score one sentence) is timed in a subprocess.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from _corpus import load_articles, peak_rss_mb

from marsad.models.event_sentence import EventSentenceClassifier
from marsad.text.normalize import normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize_words

COLD = ("import time; t0 = time.perf_counter(); from marsad.models.event_sentence import EventSentenceClassifier; "
        "t1 = time.perf_counter(); c = EventSentenceClassifier.load(); t2 = time.perf_counter(); "
        "c.score('قتل 3 جنود في هجوم على حاجز'); t3 = time.perf_counter(); "
        "print(f'{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f}')")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=3000, help="articles to read (0 = the whole corpus)")
    a = ap.parse_args()
    cold = [subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(3)]
    imp, load, first = (min(float(c[i]) for c in cold) for i in range(3))
    arts = load_articles(a.limit or None)

    clf = EventSentenceClassifier.load()
    clf.score("قتل 3 جنود في هجوم على حاجز")  # builds the matchers: the cold start above measures that
    # Article by article (the corpus's words would not fit in memory at once); each pass timed on its own.
    t_floor = c_floor = t_words = c_words = t_text = c_text = 0.0
    n = nwords = above = 0
    pc, pt = time.perf_counter, time.process_time
    for x in arts:
        text = x["text"]
        t0, c0 = pc(), pt()
        norm = normalize(text)
        spans = split_sentences(text)
        word_lists = [tokenize_words(text, norm, s, e) for s, e in spans]
        t1, c1 = pc(), pt()
        scores = [clf.score_words(w) for w in word_lists]
        t2, c2 = pc(), pt()
        for s, e in spans:
            clf.score(text[s:e])
        t3, c3 = pc(), pt()
        t_floor += t1 - t0
        c_floor += c1 - c0
        t_words += t2 - t1
        c_words += c2 - c1
        t_text += t3 - t2
        c_text += c3 - c2
        n += len(spans)
        nwords += sum(map(len, word_lists))
        above += sum(sc >= clf.thresholds.decision for sc in scores)

    print(f"articles {len(arts)}  sentences {n:,}  words {nwords:,}  "
          f"model features {len(clf.weights):,}")
    print(f"cold start in a new interpreter (best of 3): import {imp:.3f} s, load {load:.3f} s, "
          f"first score {first:.3f} s (builds the trigger and cue matchers)")
    print(f"{'pass':<52}{'sentences/s':>12}{'by CPU':>10}{'seconds':>9}")
    print(f"{'floor: normalise + split + tokenise (marsad words)':<52}{n / t_floor:>12,.0f}{n / c_floor:>10,.0f}"
          f"{t_floor:>9.2f}")
    print(f"{'score_words (on the words above)':<52}{n / t_words:>12,.0f}{n / c_words:>10,.0f}{t_words:>9.2f}")
    print(f"{'score (text: tokenise + score)':<52}{n / t_text:>12,.0f}{n / c_text:>10,.0f}{t_text:>9.2f}")
    print(f"sentences at or above the decision threshold ({clf.thresholds.decision}): {above:,} "
          f"({above / n:.1%}); peak RSS {peak_rss_mb():.0f} MB (one core, one process)")


if __name__ == "__main__":
    main()
