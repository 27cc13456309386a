"""Arabic time expressions: marsad's resolver beside dateparser on the same labelled items, in one run.

    .venv/bin/python benchmarks/bench_dates.py [--reps N] [--corpus N]

Items are ``benchmarks/data/dates_labelled.tsv`` (our own sentences, grouped by category). For each
item both systems read the sentence with the publication date as the base; the reading kept is the
one overlapping the labelled expression most (else the first). An item is correct when the resolved
day equals the expected start, or, for an expected range, lies inside it. "exact" (marsad only) also
asks for the expected end. Times are per item on one core; dateparser runs
``search_dates(sentence, languages=['ar'], settings={'RELATIVE_BASE': datetime(pub)})``.
With ``--corpus N`` (and ``../shared`` present) it also reports throughput on N real articles.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from marsad.extract.dates import find_time_expressions

DATA = Path(__file__).resolve().parent / "data" / "dates_labelled.tsv"


@dataclass(frozen=True, slots=True)
class Item:
    category: str
    published: date
    sentence: str
    expression: str
    start: date
    end: date

    def correct(self, d: date | None) -> bool:
        return d is not None and (d == self.start or (self.start < self.end and self.start <= d <= self.end))


def load(path: Path = DATA) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cat, pub, sentence, expr, start, end = [*line.split("\t"), ""][:6]
        if expr not in sentence:
            raise SystemExit(f"{path}: {expr!r} is not in {sentence!r}")
        items.append(Item(cat, date.fromisoformat(pub), sentence, expr, date.fromisoformat(start),
                          date.fromisoformat(end or start)))
    return items


def best(cands: list[tuple[int, int, date, date]], lo: int, hi: int) -> tuple[date, date] | None:
    """The candidate overlapping [lo, hi) most, else the first one."""
    if not cands:
        return None
    top, i = max((min(e, hi) - max(s, lo), -i) for i, (s, e, _, _) in enumerate(cands))
    _, _, d0, d1 = cands[-i if top > 0 else 0]
    return d0, d1


def run_marsad(item: Item) -> tuple[date, date] | None:
    ms = find_time_expressions(item.sentence, item.published)
    lo = item.sentence.index(item.expression)
    return best([(m.start, m.end, m.value.start, m.value.end) for m in ms], lo, lo + len(item.expression))


def run_dateparser(item: Item, search_dates) -> tuple[date, date] | None:
    found = search_dates(item.sentence, languages=["ar"],
                         settings={"RELATIVE_BASE": datetime(item.published.year, item.published.month,
                                                             item.published.day)}) or []
    cands, pos = [], 0
    for sub, dt in found:
        s = item.sentence.find(sub, pos)
        s = s if s >= 0 else item.sentence.find(sub)
        cands.append((s, s + len(sub), dt.date(), dt.date()))
        pos = max(pos, s + 1)
    lo = item.sentence.index(item.expression)
    return best(cands, lo, lo + len(item.expression))


def timed(fn, reps: int) -> tuple[object, float]:
    t0 = time.perf_counter()
    for _ in range(reps):
        out = fn()
    return out, (time.perf_counter() - t0) / reps


def corpus_throughput(n: int) -> None:
    try:
        from _corpus import CORPUS, load_articles
    except ImportError:
        return
    if not CORPUS.exists():
        print("(corpus throughput skipped: ../shared corpus absent)")
        return
    arts = load_articles(n)
    chars = sum(len(a["text"]) for a in arts)
    t0 = time.perf_counter()
    mentions = sum(len(find_time_expressions(a["text"], date.fromisoformat(a["published"] or "2015-08-01")))
                   for a in arts)
    el = time.perf_counter() - t0
    print(f"\ncorpus: {len(arts)} SaudiNewsNet articles, {chars:,} chars: {len(arts) / el:,.0f} articles/s, "
          f"{chars / el / 1e6:.1f} M chars/s, {mentions / len(arts):.1f} mentions/article")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=20, help="timing repetitions for marsad (dateparser runs once)")
    ap.add_argument("--corpus", type=int, default=0, help="also time N real articles from ../shared")
    a = ap.parse_args()
    items = load()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from dateparser.search import search_dates

        search_dates("أمس", languages=["ar"])  # load dateparser's language data outside the timed loop
        find_time_expressions("أمس", date(2020, 1, 1))
        rows: dict[str, list[tuple[bool, bool, bool, float, float]]] = defaultdict(list)
        for it in items:
            ours, t_ours = timed(lambda it=it: run_marsad(it), a.reps)
            theirs, t_theirs = timed(lambda it=it: run_dateparser(it, search_dates), 1)
            ok = it.correct(ours[0] if ours else None)
            exact = ours == (it.start, it.end)
            rows[it.category].append((ok, it.correct(theirs[0] if theirs else None), exact, t_ours, t_theirs))
    print(f"{len(items)} labelled expressions; correct = resolved day is the expected start or inside the "
          "expected range")
    head = f"{'category':<20}{'n':>4}{'marsad':>9}{'exact':>8}{'µs/item':>9}{'dateparser':>12}{'ms/item':>9}"
    print(head)
    print("-" * len(head))
    everyone: list[tuple[bool, bool, bool, float, float]] = []
    all_ge = True
    for cat in sorted(rows):
        r = rows[cat]
        everyone += r
        all_ge &= sum(x[0] for x in r) >= sum(x[1] for x in r)
        print(_line(cat, r))
    print("-" * len(head))
    print(_line("overall", everyone))
    verdict = "yes" if all_ge and sum(x[0] for x in everyone) >= sum(x[1] for x in everyone) else "NO"
    print(f"marsad >= dateparser on every category and overall: {verdict}")
    if a.corpus:
        corpus_throughput(a.corpus)


def _line(name: str, r: list[tuple[bool, bool, bool, float, float]]) -> str:
    n = len(r)
    ours = sum(x[0] for x in r) / n
    theirs = sum(x[1] for x in r) / n
    exact = sum(x[2] for x in r) / n
    t_ours = sum(x[3] for x in r) / n * 1e6
    t_theirs = sum(x[4] for x in r) / n * 1e3
    return f"{name:<20}{n:>4}{ours:>9.1%}{exact:>8.1%}{t_ours:>9.1f}{theirs:>12.1%}{t_theirs:>9.2f}"


if __name__ == "__main__":
    main()
