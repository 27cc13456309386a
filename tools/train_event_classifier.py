"""Train the event-sentence classifier (``marsad.models.event_sentence``) from ``../shared``.

    .venv/bin/python tools/train_event_classifier.py            # writes src/marsad/models/data/event_sentence.*
    .venv/bin/python tools/train_event_classifier.py --check    # retrains in a temporary folder, compares scores

Data: the Arabic event GSR (``../shared/data/events/arabic-event-gsr``): ASSAULT and PROTEST sentences
labelled yes / easy no / difficult no / ambiguous, with the project's fixed split in ``splits/`` (by
source document). Only the train ids are trained on; the test ids are scored once, by the written model
file through the package's own loader, and nothing is chosen by them.

Two heads, each a binary L2 logistic regression (liblinear, deterministic) over
:func:`marsad.models.event_sentence.sentence_features`:

* ``assault`` — positives: ASSAULT ``yes``; negatives: ASSAULT ``easy no`` / ``difficult no`` and the PROTEST
  sentences that are not ``yes`` (a protest-topic sentence that reports no protest rarely reports an attack).
* ``protest`` — the same with the domains swapped.
* ``difficult no`` (annotators split) weighs 0.5; an ``ambiguous`` sentence (too few labels) is left out,
  except that one that the GSR annotated with actor/verb/target spans (``*_spans.json``: a coded event)
  counts as a positive of its own head.

Model selection: grouped 5-fold cross-validation over the train split (groups = source documents, and
identical sentences kept together) picks each head's C from a small grid by average precision on its
own domain; the out-of-fold probabilities ("dev") give the thresholds (:class:`Thresholds`) and the dev
scores. The final heads are fitted on the whole train split. ``--check`` retrains into a temporary
folder and compares the dev and test scores with the committed manifest (``--tolerance``, default 0.002 =
0.2 points of F1) and says whether the model file is bit-for-bit the same; exit status 1 when not within
tolerance.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from _manifest import sha256

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.models.event_sentence import (  # noqa: E402
    BIAS,
    FORMAT,
    HEADS,
    MANIFEST_FILE,
    MODEL_FILE,
    EventSentenceClassifier,
    model_dir,
    sentence_features,
)
from marsad.text.normalize import normalize  # noqa: E402
from marsad.text.tokenize import tokenize_words  # noqa: E402

GSR = Path("data/events/arabic-event-gsr")
DOMAINS = {"assault": "ASSAULT", "protest": "PROTEST"}
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5
MIN_DF = 2  # a feature seen in one training sentence only is noise
HARD_NO_WEIGHT = 0.5
VETO_RECALL = 0.95  # the veto threshold keeps this share of event sentences above it
FLAG_PRECISION = 0.8
TOL = 1e-6
# Files of the package the features depend on (recorded, not trained on).
FEATURE_DATA = ("src/marsad/data/triggers/triggers.tsv", "src/marsad/data/cues/cues.tsv",
                "src/marsad/data/lexicon/words.tsv", "src/marsad/data/lexicon/nosplit.txt")


@dataclass(slots=True)
class Row:
    domain: str  # assault | protest
    id: str
    label: str  # yes | easy no | difficult no | ambiguous
    text: str
    split: str  # train | test
    spans: bool  # annotated with actor/verb/target spans
    group: int = -1
    feats: set[str] = field(default_factory=set)

    @property
    def y(self) -> int:
        return int(self.label == "yes")


# --- data --------------------------------------------------------------------------------------------------------



def training_files(gsr: Path) -> list[Path]:
    out = []
    for d in DOMAINS:
        out += [gsr / f"{d}_gsr.csv", gsr / f"{d}_spans.json", gsr / "splits" / f"{d}_train_ids.txt",
                gsr / "splits" / f"{d}_test_ids.txt"]
    return out


def read_rows(gsr: Path) -> list[Row]:
    rows: list[Row] = []
    for d, etype in DOMAINS.items():
        train = set((gsr / "splits" / f"{d}_train_ids.txt").read_text(encoding="utf-8").split())
        test = set((gsr / "splits" / f"{d}_test_ids.txt").read_text(encoding="utf-8").split())
        spans = {x["text"].strip() for x in json.loads((gsr / f"{d}_spans.json").read_text(encoding="utf-8"))}
        with (gsr / f"{d}_gsr.csv").open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["event_type"] != etype:
                    raise SystemExit(f"{d}_gsr.csv: unexpected event_type {r['event_type']!r}")
                sid = r["id"]
                if (sid in train) == (sid in test):
                    raise SystemExit(f"{d}: sentence {sid} is in neither or both of the split files")
                rows.append(Row(d, sid, r["label"], r["text"], "test" if sid in test else "train",
                                r["text"].strip() in spans))
    _groups(rows)
    return rows


def _groups(rows: list[Row]) -> None:
    """Cross-validation groups: one source document (the id without its final -N/_N), and sentences with the
    same text, end up in the same fold (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        a, b = find("d:" + r.domain + ":" + re.sub(r"[-_]\d+$", "", r.id)), find("t:" + " ".join(r.text.split()))
        if a != b:
            parent[max(a, b)] = min(a, b)
    ids: dict[str, int] = {}
    for r in rows:
        r.group = ids.setdefault(find("d:" + r.domain + ":" + re.sub(r"[-_]\d+$", "", r.id)), len(ids))


def examples(rows: Sequence[Row], head: str, idx: Sequence[int]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Training examples of one head among ``rows[idx]``: (row indices, labels, weights)."""
    ii: list[int] = []
    ys: list[int] = []
    ws: list[float] = []
    for i in idx:
        r = rows[i]
        own = r.domain == head
        if r.label == "ambiguous":
            if own and r.spans:
                ii.append(i)
                ys.append(1)
                ws.append(1.0)
            continue
        if not own and r.y:
            continue  # an event of the other kind: neither a positive nor a negative here
        ii.append(i)
        ys.append(r.y if own else 0)
        ws.append(HARD_NO_WEIGHT if r.label == "difficult no" else 1.0)
    return ii, np.array(ys), np.array(ws)


# --- fitting -----------------------------------------------------------------------------------------------------


def vocabulary(feature_sets: Sequence[set[str]]) -> dict[str, int]:
    df: dict[str, int] = {}
    for fs in feature_sets:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= MIN_DF))}


def matrix(feature_sets: Sequence[set[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[int] = []
    for fs in feature_sets:
        indices += sorted(vocab[f] for f in fs if f in vocab)
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr)), shape=(len(feature_sets),
                                                                                         len(vocab)))


def fit(rows: Sequence[Row], idx: Sequence[int], head: str, c: float) -> tuple[dict[str, int], np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    ii, y, w = examples(rows, head, idx)
    vocab = vocabulary([rows[i].feats for i in ii])
    m = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=5000, tol=TOL)
    m.fit(matrix([rows[i].feats for i in ii], vocab), y, sample_weight=w)
    return vocab, m.coef_[0].copy(), float(m.intercept_[0])


def decision(rows: Sequence[Row], idx: Sequence[int], model: tuple[dict[str, int], np.ndarray, float]) -> np.ndarray:
    vocab, coef, b = model
    return matrix([rows[i].feats for i in idx], vocab) @ coef + b


def folds(rows: Sequence[Row], train: list[int]) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    groups = [rows[i].group for i in train]
    out = []
    for a, b in GroupKFold(FOLDS).split(train, groups=groups):
        out.append(([train[i] for i in a], [train[i] for i in b]))
    return out


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


# --- scoring -----------------------------------------------------------------------------------------------------


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return round(float(average_precision_score(y, s)), 4) if y.sum() else 0.0


def prf(y: np.ndarray, s: np.ndarray, t: float) -> dict[str, float | int]:
    pred = s >= t
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def choose_thresholds(y: np.ndarray, s: np.ndarray) -> dict[str, float]:
    pos = np.sort(s[y == 1])
    veto = float(pos[int(np.floor((1 - VETO_RECALL) * len(pos)))])
    cands = np.unique(s)
    best_f, best_t, flag = -1.0, 0.5, None
    for t in cands:  # ascending
        m = prf(y, s, t)
        if m["f1"] > best_f:
            best_f, best_t = m["f1"], float(t)
        if flag is None and m["precision"] >= FLAG_PRECISION and m["tp"] >= 10:
            flag = float(t)
    return {"veto": round(veto, 4), "decision": round(best_t, 4),
            "flag": round(flag if flag is not None else float(cands[-1]), 4)}


def report(rows: Sequence[Row], idx: Sequence[int], scores: dict[str, np.ndarray], th: dict[str, float]) -> dict:
    """Per domain and overall: AP, P/R/F1 at each threshold, and how the hard negatives fare.

    ``scores`` maps 'event' (the larger head: what ``score`` returns) and each head to an array over ``idx``.
    """
    out: dict[str, dict] = {}
    labels = np.array([rows[i].label for i in idx])
    domains = np.array([rows[i].domain for i in idx])
    y = (labels == "yes").astype(int)
    keep = labels != "ambiguous"
    for name in ("all", *DOMAINS):
        m = keep & ((domains == name) if name != "all" else True)
        s = scores["event"]
        d: dict[str, object] = {"sentences": int(m.sum()), "yes": int(y[m].sum()),
                                "difficult_no": int((labels[m] == "difficult no").sum()),
                                "easy_no": int((labels[m] == "easy no").sum()),
                                "average_precision": average_precision(y[m], s[m])}
        for tn, t in th.items():
            d[tn] = prf(y[m], s[m], t)
        # The hard case alone: event sentences against on-topic sentences that report no event.
        hard = m & ((labels == "yes") | (labels == "difficult no"))
        d["yes_vs_difficult_no"] = {"average_precision": average_precision(y[hard], s[hard]),
                                    **{tn: prf(y[hard], s[hard], t) for tn, t in th.items()}}
        for lab in ("difficult no", "easy no"):
            neg = m & (labels == lab)
            d[lab.replace(" ", "_") + "_above"] = {
                tn: round(float((s[neg] >= t).mean()), 4) if neg.any() else 0.0 for tn, t in th.items()}
        if name != "all":
            own = scores[name]
            d["own_head"] = {"average_precision": average_precision(y[m], own[m]),
                             "decision": prf(y[m], own[m], th["decision"])}
        out[name] = d
    return out


# --- main --------------------------------------------------------------------------------------------------------


def train(shared: Path, out: Path, log) -> dict:
    t0 = time.perf_counter()
    gsr = shared / GSR
    files = training_files(gsr)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise SystemExit(f"missing training files: {', '.join(missing)}")
    rows = read_rows(gsr)
    for r in rows:
        r.feats = sentence_features(tokenize_words(r.text, normalize(r.text)))
    train = [i for i, r in enumerate(rows) if r.split == "train"]
    test = [i for i, r in enumerate(rows) if r.split == "test"]
    log(f"{len(rows)} sentences ({len(train)} train, {len(test)} test); features in {time.perf_counter() - t0:.1f} s")

    # Model selection on out-of-fold predictions over the train split.
    fold_list = folds(rows, train)
    pos = {i: k for k, i in enumerate(train)}
    oof: dict[tuple[str, float], np.ndarray] = {}
    chosen: dict[str, float] = {}
    selection: dict[str, dict[str, float]] = {}
    for head in HEADS:
        own = [k for k, i in enumerate(train) if rows[i].domain == head and rows[i].label != "ambiguous"]
        y_own = np.array([rows[train[k]].y for k in own])
        for c in C_GRID:
            z = np.zeros(len(train))
            for a, b in fold_list:
                z[[pos[i] for i in b]] = decision(rows, b, fit(rows, a, head, c))
            oof[(head, c)] = z
            selection.setdefault(head, {})[str(c)] = average_precision(y_own, z[own])
        chosen[head] = max(C_GRID, key=lambda c, h=head: (selection[h][str(c)], -c))
        log(f"{head}: dev average precision by C {selection[head]} -> C={chosen[head]}")
    dev_scores = {h: sigmoid(oof[(h, chosen[h])]) for h in HEADS}
    dev_scores["event"] = np.maximum(dev_scores["assault"], dev_scores["protest"])
    keep = np.array([rows[i].label != "ambiguous" for i in train])
    y_dev = np.array([rows[i].y for i in train])
    th = choose_thresholds(y_dev[keep], dev_scores["event"][keep])
    dev = report(rows, train, dev_scores, th)
    log(f"thresholds {th}; dev F1 at decision {dev['all']['decision']['f1']}")

    # Final heads on the whole train split, written with 6 significant digits.
    finals = {h: fit(rows, train, h, chosen[h]) for h in HEADS}
    feats = sorted(set(finals["assault"][0]) | set(finals["protest"][0]))
    weights: list[tuple[str, float, float]] = []
    for f in feats:
        w = [float(finals[h][1][finals[h][0][f]]) if f in finals[h][0] else 0.0 for h in HEADS]
        if max(abs(w[0]), abs(w[1])) >= 1e-4:  # (weights this small never move a probability)
            weights.append((f, w[0], w[1]))
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / MODEL_FILE
    tmp = model_path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# marsad event-sentence classifier: weights of two logistic-regression heads (assault, protest) over\n"
            "# marsad.models.event_sentence.sentence_features. Written by tools/train_event_classifier.py\n"
            "# (`make models`) from the train split of the Arabic event GSR (Open Event Data Alliance, MIT;\n"
            "# see ../shared/data/events/arabic-event-gsr/SOURCE.md). Holds feature strings and weights, no text.\n"
            "# The training manifest (files, settings, scores) is event_sentence.manifest.json beside this file.\n"
            "# columns: feature <TAB> assault weight <TAB> protest weight\n")
        f.write(f"#@ format {FORMAT}\n")
        for k, v in th.items():
            f.write(f"#@ {k} {v}\n")
        f.write(f"{BIAS}\t{finals['assault'][2]:.6g}\t{finals['protest'][2]:.6g}\n")
        for name, a, p in weights:
            f.write(f"{name}\t{a:.6g}\t{p:.6g}\n")
    tmp.replace(model_path)

    # The test split, scored once by the written file through the package's loader.
    clf = EventSentenceClassifier.read(model_path)
    test_scores: dict[str, np.ndarray] = {h: np.zeros(len(test)) for h in HEADS}
    for k, i in enumerate(test):
        sc = clf.scores_words(tokenize_words(rows[i].text, normalize(rows[i].text)))
        test_scores["assault"][k], test_scores["protest"][k] = sc.assault, sc.protest
    test_scores["event"] = np.maximum(test_scores["assault"], test_scores["protest"])
    test_report = report(rows, test, test_scores, th)
    log(f"test F1 at decision: all {test_report['all']['decision']['f1']}, assault "
        f"{test_report['assault']['decision']['f1']}, protest {test_report['protest']['decision']['f1']}")

    import scipy
    import sklearn

    manifest = {
        "model": MODEL_FILE,
        "model_sha256": sha256(model_path),
        "model_bytes": model_path.stat().st_size,
        "features": len(weights),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "command": "make models  (.venv/bin/python tools/train_event_classifier.py)",
        "training_files": {str(p.relative_to(shared)): sha256(p) for p in files},
        "feature_data": {p: sha256(ROOT / p) for p in FEATURE_DATA},
        "settings": {
            "heads": list(HEADS), "model": "L2 logistic regression (liblinear), one per head", "C_grid": list(C_GRID),
            "C": chosen, "folds": FOLDS, "cv_groups": "source document; identical sentences together",
            "min_df": MIN_DF, "difficult_no_weight": HARD_NO_WEIGHT, "tol": TOL,
            "ambiguous": "left out, except those with GSR spans: positives of their own head",
            "other_domain": "non-yes sentences of the other domain are negatives",
            "veto_recall": VETO_RECALL, "flag_precision": FLAG_PRECISION,
        },
        "selection_average_precision": selection,
        "thresholds": th,
        "sentences": {"train": len(train), "test": len(test)},
        "scores": {"dev": dev, "test": test_report},
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {model_path} ({manifest['model_bytes']:,} bytes, {len(weights):,} features) and "
        f"{out / MANIFEST_FILE} in {manifest['seconds']} s")
    return manifest


def _key_scores(m: dict) -> dict[str, float]:
    out = {}
    for split in ("dev", "test"):
        for name in ("all", *DOMAINS):
            out[f"{split}.{name}.f1"] = m["scores"][split][name]["decision"]["f1"]
            out[f"{split}.{name}.average_precision"] = m["scores"][split][name]["average_precision"]
    return out


def check(shared: Path, tolerance: float, log) -> int:
    committed = json.loads((model_dir() / MANIFEST_FILE).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="marsad-event-check-") as tmp:
        fresh = train(shared, Path(tmp), log)
    same = fresh["model_sha256"] == committed["model_sha256"]
    a, b = _key_scores(committed), _key_scores(fresh)
    worst = 0.0
    for k in a:
        diff = abs(a[k] - b[k])
        worst = max(worst, diff)
        log(f"  {k:32s} committed {a[k]:.4f} retrained {b[k]:.4f}{'  <-- differs' if diff > tolerance else ''}")
    changed = [p for p, h in committed["training_files"].items() if fresh["training_files"].get(p) != h]
    changed += [p for p, h in committed.get("feature_data", {}).items() if fresh["feature_data"].get(p) != h]
    if changed:
        log("  inputs changed since the committed model: " + ", ".join(changed))
    log(f"model file bit-for-bit identical: {same}; largest score difference {worst:.4f} (tolerance {tolerance})")
    return 0 if same or worst <= tolerance else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder (../shared)")
    ap.add_argument("--out", type=Path, default=None, help="where to write the model and manifest "
                    "(default: src/marsad/models/data)")
    ap.add_argument("--check", action="store_true", help="retrain in a temporary folder and compare with the "
                    "committed model's scores; exit 1 when a score differs by more than --tolerance")
    ap.add_argument("--tolerance", type=float, default=0.002, help="largest accepted score difference for --check")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, flush=True)

    if not (args.shared / GSR).is_dir():
        print(f"train_event_classifier: {args.shared / GSR} not found (give --shared)", file=sys.stderr)
        return 2
    if args.check:
        return check(args.shared, args.tolerance, log)
    train(args.shared, args.out or model_dir(), log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
