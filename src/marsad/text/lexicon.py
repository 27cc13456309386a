"""Loader for the word lexicon that decides clitic segmentation (one loader, data under ``data/lexicon``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from marsad.errors import DataError


def _lines(name: str):
    path = resources.files("marsad.data").joinpath("lexicon").joinpath(name)
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield lineno, line


@cache
def word_counts() -> dict[str, int]:
    """Normalised word form → corpus count (``tools/build_lexicon.py`` builds the file)."""
    out: dict[str, int] = {}
    for lineno, line in _lines("words.tsv"):
        word, sep, count = line.partition("\t")
        if not sep or not count.isdigit():
            raise DataError(f"lexicon/words.tsv line {lineno}: expected 'word<TAB>count'")
        out[word] = int(count)
    return out


@cache
def no_split() -> frozenset[str]:
    """Words that look segmentable but are not (بغداد, لبنان, والي…)."""
    return frozenset(line.strip() for _, line in _lines("nosplit.txt"))


@cache
def folded_counts() -> dict[str, int]:
    """Counts by match key (ى→ي, ة→ه folded): how common a word is in news prose."""
    from marsad.text.normalize import fold

    out: dict[str, int] = {}
    for w, c in word_counts().items():
        k = fold(w)
        out[k] = out.get(k, 0) + c
    return out
