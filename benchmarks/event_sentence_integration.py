"""What the event-sentence classifier would do inside extraction, measured on the seed and dev articles.

    .venv/bin/python benchmarks/event_sentence_integration.py [--sentences] [FOLDER ...]

Runs marsad's current extraction over every article with a gold file (default: ../shared/examples/seed
and ../shared/examples/dev), scores every sentence with :class:`EventSentenceClassifier`, and prints

* with ``--sentences``, one line per sentence: article, sentence number, score, and what extraction made of it
  (``TP`` an event that matched a gold event, ``FP`` one that matched none, ``gold`` a sentence holding a
  gold anchor but no predicted event, ``-`` neither), with the start of the sentence;
* the veto table: for each threshold, the events whose evidence sentences all score below it are dropped
  and the set re-scored exactly as ``marsad eval`` scores it (matching is redone, so a dropped event can
  free a gold event for another prediction);
* the flag table: sentences with no predicted event scoring at or above a threshold, and how many of them
  hold the anchor of a gold event (one that extraction missed, or any).

These 11 articles are a sanity check; the held-out GSR test split (the manifest) is the real measure.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from marsad.evaluate import _gold_items, score
from marsad.ingest.text import make_article, read_text_file
from marsad.models.event_sentence import EventSentenceClassifier
from marsad.pipeline import Pipeline, _as_date
from marsad.text.tokenize import tokenize_words

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT.parent / "shared/examples/seed", ROOT.parent / "shared/examples/dev"]
VETO_GRID = (0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
FLAG_GRID = (0.3, 0.5, 0.7, 0.8, 0.9)


@dataclass
class Article:
    name: str
    text: str
    gold: dict
    pred: dict
    sent_spans: list[tuple[int, int]]
    sent_scores: list[float]
    event_sents: list[list[int]]  # per predicted event: the sentences of its evidence
    matched: list[bool]  # per predicted event: matched a gold event
    anchor_sents: list[set[int]] = field(default_factory=list)  # per gold event
    found: list[bool] = field(default_factory=list)  # per gold event


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(spans):
        if s <= pos < e:
            return i
    return min(range(len(spans)), key=lambda i: abs(spans[i][0] - pos))


def _matching(gold: dict, pred: dict, text: str) -> tuple[list[bool], list[bool]]:
    """Which predictions and which gold events are matched (the pairing ``marsad eval`` makes)."""
    from marsad.evaluate import _detail, _matches

    pairs = []
    for gi, g in enumerate(gold["events"]):
        for pi, p in enumerate(pred["events"]):
            if _matches(g, p, text):
                det, _ = _detail(g, p, gold["aliases"], gold.get("sources_aliases", {}))
                pairs.append((not g["required"], -sum(float(v) for v in det.values() if v is not None), gi, pi))
    pairs.sort()
    tg: set[int] = set()
    tp: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in tg and pi not in tp:
            tg.add(gi)
            tp.add(pi)
    return [i in tp for i in range(len(pred["events"]))], [i in tg for i in range(len(gold["events"]))]


def analyse(folders: list[Path], clf: EventSentenceClassifier) -> list[Article]:
    pipeline = Pipeline()
    out = []
    for folder in folders:
        for name, art_path, _, meta in _gold_items(folder):
            text = read_text_file(art_path)
            article = make_article(text, published=_as_date(meta.get("published")), publisher=meta.get("publisher"),
                                   name=str(art_path))
            ex = pipeline.extract_article(article)
            doc = ex.document
            pred = ex.to_dict()
            spans = [(s.start, s.end) for s in doc.sentences]
            scores = []
            for s in doc.sentences:
                # the pipeline analyses candidate sentences only: the others are tokenised here
                words = doc.words[s.first_word:s.last_word + 1] if s.last_word >= s.first_word else \
                    tokenize_words(doc.text, doc.norm, s.start, s.end)
                scores.append(clf.score_words(words))
            ev_sents = [sorted({_sentence_of(spans, sp["start"]) for sp in e["evidence"]}) for e in pred["events"]]
            matched, found = _matching(meta["gold"], pred, text)
            anchors = []
            for g in meta["gold"]["events"]:
                a = g["evidence"] if isinstance(g["evidence"], list) else [g["evidence"]]
                anchors.append({_sentence_of(spans, text.find(x)) for x in a if text.find(x) >= 0})
            out.append(Article(f"{folder.name}/{name}", text, meta["gold"], pred, spans, scores, ev_sents, matched,
                               anchors, found))
    return out


def print_sentences(arts: list[Article]) -> None:
    for a in arts:
        status: dict[int, list[str]] = {}
        for ev, ok in zip(a.event_sents, a.matched, strict=True):
            for si in ev:
                status.setdefault(si, []).append("TP" if ok else "FP")
        gold_sents = set().union(*a.anchor_sents) if a.anchor_sents else set()
        for si, ((s, e), sc) in enumerate(zip(a.sent_spans, a.sent_scores, strict=True)):
            tag = "+".join(sorted(status[si])) if si in status else ("gold" if si in gold_sents else "-")
            print(f"{a.name:10s} {si:3d} {sc:6.3f} {tag:8s} {' '.join(a.text[s:e].split())[:90]}")


# The ACLED types the GSR labels cover: PLOVER ASSAULT (bombings, attacks on civilians, abductions) and PROTEST.
# Conventional fighting (PLOVER FIGHT), territory and arrests are not what the classifier was taught.
COVERED = frozenset({"Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"})


def veto_table(arts: list[Article], covered_only: bool) -> None:
    base = _rescore(arts, None, covered_only)
    which = "events of the types the GSR covers (" + ", ".join(sorted(COVERED)) + ")" if covered_only else \
        "any event"
    print(f"\nveto of {which}: drop it when every sentence of its evidence scores below t "
          f"(no veto: required {base[0]} found {base[1]} fp {base[2]} F1 {base[3]:.3f})")
    print(f"{'t':>6} {'dropped':>8} {'FP dropped':>11} {'TP dropped':>11} {'found':>6} {'fp':>4} {'P':>6} {'R':>6} "
          f"{'F1':>6}")
    for t in VETO_GRID:
        dropped = tp_d = 0
        for a in arts:
            for e, ev, ok in zip(a.pred["events"], a.event_sents, a.matched, strict=True):
                if _vetoed(a, e, ev, t, covered_only):
                    dropped += 1
                    tp_d += ok
        _, found, fp, f1, p, r = _rescore(arts, t, covered_only)
        print(f"{t:6.2f} {dropped:8d} {dropped - tp_d:11d} {tp_d:11d} {found:6d} {fp:4d} {p:6.3f} {r:6.3f} {f1:6.3f}")
    lowest_tp = sorted((max(a.sent_scores[si] for si in ev), a.name)
                       for a in arts for e, ev, ok in zip(a.pred["events"], a.event_sents, a.matched, strict=True)
                       if ok and (not covered_only or e["event_type"] in COVERED))[:5]
    print("lowest-scoring true positives: " + ", ".join(f"{n} {s:.3f}" for s, n in lowest_tp))


def _vetoed(a: Article, e: dict, ev: list[int], t: float | None, covered_only: bool) -> bool:
    if t is None or (covered_only and e["event_type"] not in COVERED):
        return False
    return max(a.sent_scores[si] for si in ev) < t


def _rescore(arts: list[Article], t: float | None, covered_only: bool) -> tuple[int, int, int, float, float, float]:
    req = found = fp = tp_all = 0
    for a in arts:
        events = [e for e, ev in zip(a.pred["events"], a.event_sents, strict=True)
                  if not _vetoed(a, e, ev, t, covered_only)]
        sc = score(a.gold, {**a.pred, "events": events}, a.text, a.name)
        req += sc.required
        found += sc.found
        fp += sc.false_positives
        tp_all += sc.tp_all
    p = tp_all / (tp_all + fp) if tp_all + fp else 1.0
    r = found / req if req else 1.0
    return req, found, fp, (2 * p * r / (p + r) if p + r else 0.0), p, r


def _median(v: list[float]) -> float:
    return sorted(v)[len(v) // 2] if v else float("nan")


def separation(arts: list[Article]) -> None:
    """How well the score of an event's best evidence sentence separates matched from unmatched events."""
    tp = [max(a.sent_scores[si] for si in ev) for a in arts for ev, ok in zip(a.event_sents, a.matched, strict=True)
          if ok]
    fp = [max(a.sent_scores[si] for si in ev) for a in arts for ev, ok in zip(a.event_sents, a.matched, strict=True)
          if not ok]
    auc = sum((x > y) + 0.5 * (x == y) for x in tp for y in fp) / (len(tp) * len(fp)) if tp and fp else float("nan")
    print(f"\npredicted events: {len(tp)} matched (median score {_median(tp):.3f}), {len(fp)} unmatched (median "
          f"{_median(fp):.3f}); AUC matched vs unmatched {auc:.3f}")


def flag_table(arts: list[Article]) -> None:
    missed_req = [(a, gi) for a in arts for gi, g in enumerate(a.gold["events"]) if g["required"] and not a.found[gi]]
    print(f"\nflag: sentences with no predicted event scoring >= t; {len(missed_req)} required gold events are missed")
    print(f"{'t':>6} {'flagged':>8} {'holding a missed gold event':>28} {'any gold anchor':>16} {'no gold':>8} "
          f"{'missed required events flagged':>31}")
    for t in FLAG_GRID:
        flagged = hold_missed = hold_any = 0
        for a in arts:
            busy = {si for ev in a.event_sents for si in ev}
            missed = set().union(*[a.anchor_sents[gi] for gi in range(len(a.found)) if not a.found[gi]] or [set()])
            anchors = set().union(*a.anchor_sents) if a.anchor_sents else set()
            for si, sc in enumerate(a.sent_scores):
                if si in busy or sc < t:
                    continue
                flagged += 1
                hold_missed += si in missed
                hold_any += si in anchors
        caught = sum(any(a.sent_scores[si] >= t and si not in {x for ev in a.event_sents for x in ev}
                         for si in a.anchor_sents[gi]) for a, gi in missed_req)
        print(f"{t:6.2f} {flagged:8d} {hold_missed:28d} {hold_any:16d} {flagged - hold_any:8d} "
              f"{caught:>20d} of {len(missed_req)}")
    for a, gi in missed_req:
        g = a.gold["events"][gi]
        sc = ", ".join(f"s{si} {a.sent_scores[si]:.3f}" for si in sorted(a.anchor_sents[gi]))
        print(f"  missed {a.name} {g['id']}: anchor sentences {sc or 'not found'} — {g.get('summary', '')[:70]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--sentences", action="store_true", help="print one line per sentence")
    ap.add_argument("--model", type=Path, default=None, help="a model file (default: the bundled one)")
    a = ap.parse_args()
    for f in a.folders:
        if not f.exists():
            sys.exit(f"{f} not found (the shared examples)")
    clf = EventSentenceClassifier.load(a.model)
    print(f"thresholds: veto {clf.thresholds.veto} decision {clf.thresholds.decision} flag {clf.thresholds.flag}")
    arts = analyse(a.folders, clf)
    if a.sentences:
        print_sentences(arts)
    separation(arts)
    veto_table(arts, covered_only=False)
    veto_table(arts, covered_only=True)
    flag_table(arts)


if __name__ == "__main__":
    main()
