"""Build the word-frequency lexicon that drives clitic segmentation.

    python tools/build_lexicon.py [--corpus ../shared/data/corpus/saudinewsnet/saudinewsnet_dev.jsonl.gz]

Counts normalised Arabic word forms (diacritics removed, alef unified; ة and ى kept, since they tell
ة-final stems from the pronoun ه) over the corpus and writes ``src/marsad/data/lexicon/words.tsv``:
word <TAB> count, for words seen at least ``--min-count`` times. Only counts are written: no text.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.text.normalize import normalize_text  # noqa: E402

WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/data/corpus/saudinewsnet/saudinewsnet_dev.jsonl.gz"))
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--out", default=str(ROOT / "src/marsad/data/lexicon/words.tsv"))
    a = ap.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    n = 0
    with gzip.open(a.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = normalize_text((rec.get("title") or "") + "\n" + (rec.get("content") or ""))
            counts.update(WORD.findall(text))
            n += 1
    rows = sorted(((w, c) for w, c in counts.items() if c >= a.min_count), key=lambda t: (-t[1], t[0]))
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("# marsad word-frequency lexicon (clitic segmentation).\n")
        out.write(f"# Built by tools/build_lexicon.py from SaudiNewsNet ({n} articles, counts only; "
                  f"min count {a.min_count}). Rebuild, never edit by hand.\n")
        for w, c in rows:
            out.write(f"{w}\t{c}\n")
    print(f"{len(rows)} words from {n} articles -> {a.out}")


if __name__ == "__main__":
    main()
