"""Train marsad's NER tagger (a CRF over marsad's words) on ANERcorp, reproducibly, on CPU.

    python tools/train_ner.py                   # dev run: train on 80% of train, score the held-out 20%
    python tools/train_ner.py --final           # train on all of train, score test once, write the model + manifest
    python tools/train_ner.py --check           # retrain as --final into a temp dir; compare with the committed scores

Never tunes on the test file: settings are chosen with the dev run (every fifth block of 40 sentences
of the train file: many articles, not one topic). The word clusters come from ``tools/build_clusters.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _manifest import sha256

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ANER = SHARED / "data" / "ner" / "anercorp"
TRAIN = ANER / "ANERcorp_CamelStyle_train.reconstructed.txt"
TEST = ANER / "ANERcorp_CamelStyle_test.reconstructed.txt"

SETTINGS = {
    "algorithm": "lbfgs",
    "c1": 0.05,
    "c2": 0.02,
    "max_iterations": 300,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def dev_split(sentences, block: int = 40, every: int = 5):
    """Every fifth block of 40 consecutive sentences (about an article) is dev: many articles, not one topic."""
    fit, dev = [], []
    for i, s in enumerate(sentences):
        (dev if (i // block) % every == every - 1 else fit).append(s)
    return fit, dev



def actor_matcher():
    from marsad.extract.actor_dict import load_actor_dictionary
    from marsad.text.matcher import PhraseMatcher

    m = PhraseMatcher()
    m.extend(load_actor_dictionary().phrases())
    return m


def prepare(sentences, features, matcher):
    """(feature sequences, word labels, owners, token counts) for CoNLL sentences."""
    from marsad.models.ner import actor_phrases, word_labels, words_of_tokens

    xs, ys, owners, units = [], [], [], []
    for s in sentences:
        _, words, owner = words_of_tokens(s.tokens)
        u = features.units(words)
        xs.append(features.sequence(u, actor_phrases(matcher.find(words))))
        ys.append(u.item_labels(word_labels(s.tags, owner)))
        owners.append(owner)
        units.append(u)
    return xs, ys, (owners, units)


def train(xs, ys, path: Path, settings: dict) -> float:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm=settings["algorithm"], verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({k: v for k, v in settings.items() if k != "algorithm"})
    t0 = time.perf_counter()
    trainer.train(str(path))
    return time.perf_counter() - t0


def evaluate(path: Path, sentences, xs, owners):
    import pycrfsuite

    from marsad.models.conll import score_entities
    from marsad.models.ner import token_labels

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    owners, units = owners
    pred = [token_labels(u.word_labels(tagger.tag(x)), o, len(s.tokens))
            for s, x, o, u in zip(sentences, xs, owners, units, strict=True)]
    return score_entities([s.tags for s in sentences], pred)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--final", action="store_true", help="train on all of train, score test, write the model")
    ap.add_argument("--check", action="store_true", help="retrain into a temp dir and compare with the committed model")
    ap.add_argument("--out", type=Path, help="model directory (default: src/marsad/models/data)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a setting (dev runs)")
    args = ap.parse_args(argv)
    if not TRAIN.exists():
        print(f"train_ner: {TRAIN} not found (../shared is needed)", file=sys.stderr)
        return 2
    settings = dict(SETTINGS)
    for kv in args.set:
        k, _, v = kv.partition("=")
        settings[k] = type(SETTINGS.get(k, v))(v) if k in SETTINGS and not isinstance(SETTINGS[k], bool) else v

    from marsad.models.conll import read_conll
    from marsad.models.ner import (
        CLUSTERS_FILE,
        MANIFEST_FILE,
        MODEL_FILE,
        NerFeatures,
        default_place_keys,
        load_clusters,
        model_dir,
    )

    out_dir = args.out or model_dir()
    if args.check:
        out_dir = Path(tempfile.mkdtemp(prefix="marsad-ner-check-"))
        shutil.copy(model_dir() / CLUSTERS_FILE, out_dir / CLUSTERS_FILE)
    features = NerFeatures(load_clusters(str(out_dir / CLUSTERS_FILE)), default_place_keys())
    matcher = actor_matcher()
    train_sents = read_conll(TRAIN)
    t0 = time.perf_counter()
    if not (args.final or args.check):
        fit, dev = dev_split(train_sents)
        xs, ys, _ = prepare(fit, features, matcher)
        dxs, _, downers = prepare(dev, features, matcher)
        with tempfile.TemporaryDirectory() as tmp:
            secs = train(xs, ys, Path(tmp) / "m.crfsuite", settings)
            scores = evaluate(Path(tmp) / "m.crfsuite", dev, dxs, downers)
        print(f"dev run ({len(fit)} train / {len(dev)} dev sentences, {secs:.0f} s training)")
        print(scores.report())
        return 0

    test_sents = read_conll(TEST)
    xs, ys, _ = prepare(train_sents, features, matcher)
    txs, _, towners = prepare(test_sents, features, matcher)
    model = out_dir / MODEL_FILE
    secs = train(xs, ys, model, settings)
    scores = evaluate(model, test_sents, txs, towners)
    print(scores.report())
    result = {
        "micro": {"precision": round(scores.micro.precision, 4), "recall": round(scores.micro.recall, 4),
                  "f1": round(scores.micro.f1, 4)},
        "by_type": {t: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
                    for t, s in sorted(scores.by_type.items())},
    }
    if args.check:
        committed = json.loads((model_dir() / MANIFEST_FILE).read_text(encoding="utf-8"))["ner"]["test"]["micro"]["f1"]
        same = sha256(model) == sha256(model_dir() / MODEL_FILE)
        print(f"check: retrained micro F1 {result['micro']['f1']:.4f}, committed {committed:.4f}, "
              f"model file {'identical' if same else 'differs'}")
        return 0 if abs(result["micro"]["f1"] - committed) <= 0.002 else 1
    manifest_path = out_dir / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    import pycrfsuite

    manifest["ner"] = {
        "model": MODEL_FILE,
        "model_sha256": sha256(model),
        "trained": dt.date.today().isoformat(),
        "command": "python tools/train_ner.py --final",
        "training_files": {str(p.relative_to(SHARED)): sha256(p) for p in (TRAIN,)},
        "test_file": {str(TEST.relative_to(SHARED)): sha256(TEST)},
        "clusters": {"file": CLUSTERS_FILE, "sha256": sha256(out_dir / CLUSTERS_FILE)},
        "settings": settings,
        "train_sentences": len(train_sents),
        "training_seconds": round(secs, 1),
        "total_seconds": round(time.perf_counter() - t0, 1),
        "test": result,
        "versions": {"python": platform.python_version(), "python-crfsuite": pycrfsuite.__version__
                     if hasattr(pycrfsuite, "__version__") else "?", "os": platform.platform()},
        "threads": os.cpu_count(),
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    print(f"wrote {model} and {manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
