"""Clitic segmentation decided by a frequency lexicon.

>>> analyse("وبالرقة").pieces
(('و', 'pre'), ('ب', 'pre'), ('ال', 'det'), ('رقة', None))
>>> analyse("قواتهم").pieces
(('قوات', None), ('هم', 'post'))
>>> analyse("بغداد").pieces
(('بغداد', None),)

A split is taken when the remainder is itself a common word (at least ``RATIO`` times as frequent as
the whole form, or the whole form is unknown) and the word is not in the no-split list. ``لل`` is
ل + ال with the alef elided: the ال piece then spans the single ل it shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.text.lexicon import no_split, word_counts

RATIO = 0.3
MIN_COUNT = 3
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ه")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Pieces of a normalised word: (surface piece, role) with role None for the stem.

    ``lengths`` gives each piece's length in the normalised word (the elided ال of لل has length 1).
    """

    pieces: tuple[tuple[str, str | None], ...]
    lengths: tuple[int, ...]
    base: str  # match key without conjunction/preposition, article kept: الرقه
    stem: str  # match key of the stem alone: رقه
    prefixes: tuple[str, ...]  # the proclitics: ('و', 'ب')
    suffix: str | None  # the enclitic pronoun: 'هم'
    keys: tuple[str, ...]  # (whole word key, base) without duplicates: what matchers look up


def _count(w: str) -> int:
    return word_counts().get(w, 0)


def _accept(whole: str, rest: str) -> bool:
    if len(rest) < 2:
        return False
    c_rest = _count(rest)
    return c_rest >= MIN_COUNT and c_rest >= RATIO * _count(whole)


_SUFFIX_LAST = frozenset(suf[-1] for suf in _SUFFIXES)


def _split_suffix(word: str) -> tuple[str, str | None, str]:
    """(stem, suffix, stem key): قواتهم → (قوات, هم, قوات); مدينته → (مدينت, ه, مدينة), since a stem's
    ة is written ت before a pronoun."""
    if not word or word[-1] not in _SUFFIX_LAST or word in no_split():
        return word, None, word  # (the first two: no suffix can match)
    counts = word_counts()
    c_word = None
    for suf in _SUFFIXES:
        if len(word) - len(suf) < 2 or not word.endswith(suf):
            continue
        if c_word is None:
            c_word = RATIO * counts.get(word, 0)
        stem = word[: -len(suf)]
        # _accept(word, x), inlined: x has at least two letters here
        if stem.endswith("ت"):
            c = counts.get(stem[:-1] + "ة", 0)
            if c >= MIN_COUNT and c >= c_word:
                return stem, suf, stem[:-1] + "ة"
        c = counts.get(stem, 0)
        if c >= MIN_COUNT and c >= c_word:
            return stem, suf, stem
    return word, None, word


def _article_led(x: str) -> bool:
    """بالرقة, للتحالف, الرقة: a remainder that starts with the article is nearly always a real split."""
    return len(x) > 4 and (x.startswith("ال") or x.startswith("لل") or (x[0] in _PREP and x[1:3] == "ال"))


@lru_cache(maxsize=200_000)
def analyse(word: str) -> Analysis:
    """Segment one normalised Arabic word (no spaces)."""
    # (_accept and fold are inlined: this runs for every new word form a long corpus meets)
    count = word_counts().get
    nosplit = no_split()
    pieces: list[tuple[str, str | None]] = []
    lengths: list[int] = []
    prefixes: list[str] = []
    rest = word
    if len(rest) > 2 and rest[0] in _CONJ and word not in nosplit:
        after = rest[1:]
        c = count(after, 0)
        if (c >= MIN_COUNT and c >= RATIO * count(rest, 0)) or _article_led(after):
            pieces.append((rest[0], "pre"))
            lengths.append(1)
            prefixes.append(rest[0])
            rest = after
    det = False
    if len(rest) > 2 and rest not in nosplit:
        first = rest[0]
        if first == "ل" and rest[1] == "ل" and len(rest) > 3 and (
                len(rest) > 4 or _accept(rest, "ال" + rest[2:])):
            pieces += [("ل", "pre"), ("ال", "det")]
            lengths += [1, 1]
            prefixes.append("ل")
            rest = rest[2:]
            det = True
        elif first in _PREP and (_accept(rest, rest[1:]) or _article_led(rest[1:])):
            pieces.append((first, "pre"))
            lengths.append(1)
            prefixes.append(first)
            rest = rest[1:]
        elif first == "س" and rest[1] in "يتن" and count(rest[1:], 0) >= 10 * max(1, count(rest, 0)):
            pieces.append(("س", "pre"))
            lengths.append(1)
            prefixes.append("س")
            rest = rest[1:]
    if not det and len(rest) > 3 and rest.startswith("ال") and rest not in nosplit:
        pieces.append(("ال", "det"))
        lengths.append(2)
        rest = rest[2:]
        det = True
    stem, suf, key = (rest, None, rest) if det else _split_suffix(rest)
    pieces.append((stem, None))
    lengths.append(len(stem))
    if suf is not None:
        pieces.append((suf, "post"))
        lengths.append(len(suf))
    key = key.replace("ى", "ي").replace("ة", "ه")  # fold()
    base = ("ال" + key) if det else key
    whole = word.replace("ى", "ي").replace("ة", "ه")
    return Analysis(tuple(pieces), tuple(lengths), base, key, tuple(prefixes), suf,
                    (whole, base) if base != whole else (whole,))
