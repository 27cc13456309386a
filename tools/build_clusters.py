"""Learn distributional word clusters from unlabelled Arabic news, for the NER tagger's features.

    python tools/build_clusters.py [--limit N] [--out src/marsad/models/data/clusters.tsv]

Reads the SaudiNewsNet articles in ../shared/data/corpus/ (and the text, not the labels, of the ANERcorp train
file), tokenises them with marsad's own tokeniser (stems, clitics split), counts directional contexts (the word
one and two places to the left and right), weighs them by positive PMI, reduces them with a truncated SVD and
clusters the word vectors with k-means at several granularities (coarse to fine). Everything is seeded:
the same inputs give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from _manifest import sha256

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "corpus" / "saudinewsnet" / "saudinewsnet_dev.jsonl.gz"
ANER_TRAIN = SHARED / "data" / "ner" / "anercorp" / "ANERcorp_CamelStyle_train.reconstructed.txt"

SETTINGS = {"min_count": 5, "max_words": 80_000, "context_words": 6_000, "window": 2, "dims": 160,
            "cds_alpha": 0.75, "levels": [64, 320, 1600], "seed": 13}


def stream_texts(limit: int | None):
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                break
            rec = json.loads(line)
            text = (rec.get("title") or "") + "\n\n" + (rec.get("content") or "")
            if text.strip():
                yield text
    # ANERcorp train: unlabelled text only (never the test file)
    sent: list[str] = []
    with ANER_TRAIN.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                if sent:
                    yield " ".join(sent)
                    sent = []
                continue
            sent.append(line.split()[0])
    if sent:
        yield " ".join(sent)


def unit(w) -> str | None:
    """What a word contributes to the cluster corpus: its stem, a digit class, or punctuation itself."""
    if w.kind == "word":
        return w.stem
    if w.kind == "num":
        return "0"
    if w.kind == "latin":
        return "<lat>"
    return w.norm if w.norm in ".،,:؛\"()-" else None


def tokenize_corpus(limit: int | None) -> list[list[str]]:
    from marsad.text.normalize import normalize
    from marsad.text.tokenize import tokenize_words

    docs = []
    for text in stream_texts(limit):
        words = tokenize_words(text, normalize(text))
        docs.append([u for u in map(unit, words) if u is not None])
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="only the first N corpus articles (quick runs)")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "models" / "data" / "clusters.tsv")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"build_clusters: {CORPUS} not found (../shared is needed)", file=sys.stderr)
        return 2
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds
    from sklearn.cluster import KMeans, MiniBatchKMeans

    s = SETTINGS
    t0 = time.perf_counter()
    docs = tokenize_corpus(args.limit)
    counts = Counter(u for d in docs for u in d)
    print(f"tokenised {len(docs)} texts, {sum(counts.values())} tokens, {len(counts)} types "
          f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    vocab = [w for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= s["min_count"]]
    vocab = vocab[: s["max_words"]]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = s["context_words"]
    ids = np.fromiter((index.get(u, -1) for d in docs for u in [*d, "</d>"]), dtype=np.int64)
    del docs
    offsets = [o for o in range(-s["window"], s["window"] + 1) if o]
    rows, cols = [], []
    for k, o in enumerate(offsets):
        # a: the word, b: its context at offset o
        a, b = (ids[-o:], ids[:o]) if o < 0 else (ids[:-o], ids[o:])
        keep = (a >= 0) & (b >= 0) & (b < n_ctx)
        rows.append(a[keep])
        cols.append(b[keep] + k * n_ctx)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), n_ctx * len(offsets))).tocsr()
    m.sum_duplicates()
    # positive PMI with context-distribution smoothing
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** s["cds_alpha"]
    col_p = col_sum / col_sum.sum()
    m = m.tocoo()
    pmi = np.log((m.data / total) / ((row_sum[m.row] / total) * col_p[m.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    rng = np.random.default_rng(s["seed"])
    u, sv, _ = svds(ppmi, k=s["dims"], v0=rng.standard_normal(min(ppmi.shape)))
    order = np.argsort(-sv)
    vec = u[:, order] * np.sqrt(sv[order])
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    print(f"vectors {vec.shape} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    labels = []
    for k in s["levels"]:
        km = (KMeans(n_clusters=k, n_init=3, random_state=s["seed"]) if k <= 64 else
              MiniBatchKMeans(n_clusters=k, n_init=3, batch_size=4096, random_state=s["seed"], max_iter=100))
        labels.append(km.fit_predict(vec))
        print(f"k-means {k} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write("# marsad word clusters: stem<TAB>cluster ids coarse to fine. Built by tools/build_clusters.py from\n"
                "# unlabelled text (SaudiNewsNet, ANERcorp train); see models/data/ner.manifest.json. Apache-2.0.\n")
        for i, w in enumerate(vocab):
            if w in ".،,:؛\"()-0" or w.startswith("<"):
                continue
            f.write(w + "\t" + "\t".join(str(lv[i]) for lv in labels) + "\n")
    tmp.replace(args.out)
    digest = sha256(args.out)
    manifest = args.out.parent / "ner.manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    data["clusters"] = {"file": args.out.name, "sha256": digest, "settings": s, "words": len(vocab),
                        "command": "python tools/build_clusters.py",
                        "sources": {str(p.relative_to(SHARED)): sha256(p)
                                    for p in (CORPUS, ANER_TRAIN)},
                        "seconds": round(time.perf_counter() - t0, 1)}
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(vocab)} words, {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
