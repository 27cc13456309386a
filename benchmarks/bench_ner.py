"""NER tagging throughput (words/s on one core) beside CRFsuite's own tagger, in one run.

    .venv/bin/python benchmarks/bench_ner.py [--limit 2000]

Sentences come from the SaudiNewsNet articles in ../shared, tokenised by marsad beforehand (tokenising is not
timed). Three passes over the same sentences, decoded in batches of 32 as the pipeline does per article:

* marsad: ``NerTagger.decode_many`` — features (cached per word form), weights summed per form, NumPy Viterbi;
* floor: ``pycrfsuite.Tagger.tag`` on feature strings built beforehand (the C tagger alone, no features);
* features: building CRFsuite's feature strings only (what a CRFsuite-based tagger would add to the floor).

Rates are per CPU second of this process (``time.process_time``), so other load on the machine does not
count; wall-clock rates are printed beside them.
"""

from __future__ import annotations

import argparse
import time

from _corpus import load_articles, peak_rss_mb

from marsad.models.ner import NerFeatures, NerTagger, default_place_keys, load_clusters
from marsad.text.normalize import normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize_words


def _timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000, help="articles (0: the whole corpus)")
    ap.add_argument("--batch", type=int, default=32)
    a = ap.parse_args()
    sentences = []
    for art in load_articles(a.limit or None):
        text = art["text"]
        norm = normalize(text)
        for s, e in split_sentences(text):
            words = tokenize_words(text, norm, s, e)
            if words:
                sentences.append(words)
    n_words = sum(map(len, sentences))
    tagger = NerTagger.load()
    batches = [[(w, ()) for w in sentences[i:i + a.batch]] for i in range(0, len(sentences), a.batch)]

    def marsad_pass():
        for b in batches:
            tagger.decode_many(b)

    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(tagger.model_path))
    features = NerFeatures(load_clusters(), default_place_keys())  # CRFsuite needs strings: features of its own
    _, t_feat, w_feat = _timed(lambda: [features.sequence(features.units(w)) for w in sentences])
    xseqs = [features.sequence(features.units(w)) for w in sentences]
    _, t_floor, w_floor = _timed(lambda: [crf.tag(x) for x in xseqs])
    _, t_cold, w_cold = _timed(marsad_pass)  # the first pass also fills the per-form caches
    _, t_warm, w_warm = _timed(marsad_pass)
    print(f"{len(sentences)} sentences, {n_words} words from {a.limit or 'all'} articles")
    print(f"{'pass':<44} {'words/s (CPU)':>14} {'words/s (wall)':>15}")
    for name, t, w in (("marsad NER, first pass (cold caches)", t_cold, w_cold),
                       ("marsad NER, second pass", t_warm, w_warm),
                       ("floor: pycrfsuite tag, features prebuilt", t_floor, w_floor),
                       ("CRFsuite feature strings only", t_feat, w_feat)):
        print(f"{name:<44} {n_words / t:14,.0f} {n_words / w:15,.0f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
