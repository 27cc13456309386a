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
from marsad.text.normalize import fold

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


def _split_suffix(word: str) -> tuple[str, str | None, str]:
    """(stem, suffix, stem key): قواتهم → (قوات, هم, قوات); مدينته → (مدينت, ه, مدينة), since a stem's
    ة is written ت before a pronoun."""
    if word in no_split():
        return word, None, word
    for suf in _SUFFIXES:
        if len(word) - len(suf) < 2 or not word.endswith(suf):
            continue
        stem = word[: -len(suf)]
        if stem.endswith("ت") and _accept(word, stem[:-1] + "ة"):
            return stem, suf, stem[:-1] + "ة"
        if _accept(word, stem):
            return stem, suf, stem
    return word, None, word


def _article_led(x: str) -> bool:
    """بالرقة, للتحالف, الرقة: a remainder that starts with the article is nearly always a real split."""
    return len(x) > 4 and (x.startswith("ال") or x.startswith("لل") or (x[0] in _PREP and x[1:3] == "ال"))


@lru_cache(maxsize=200_000)
def analyse(word: str) -> Analysis:
    """Segment one normalised Arabic word (no spaces)."""
    pieces: list[tuple[str, str | None]] = []
    lengths: list[int] = []
    rest = word
    nosplit = no_split()
    if word not in nosplit and len(rest) > 2 and rest[0] in _CONJ:
        if _accept(rest, rest[1:]) or _article_led(rest[1:]):
            pieces.append((rest[0], "pre"))
            lengths.append(1)
            rest = rest[1:]
    if rest not in nosplit and len(rest) > 2:
        if rest.startswith("لل") and len(rest) > 3 and (_accept(rest, "ال" + rest[2:]) or len(rest) > 4):
            pieces += [("ل", "pre"), ("ال", "det")]
            lengths += [1, 1]
            rest = rest[2:]
        elif rest[0] in _PREP and (_accept(rest, rest[1:]) or _article_led(rest[1:])):
            pieces.append((rest[0], "pre"))
            lengths.append(1)
            rest = rest[1:]
        elif rest[0] == "س" and rest[1] in "يتن" and _count(rest[1:]) >= 10 * max(1, _count(rest)):
            pieces.append(("س", "pre"))
            lengths.append(1)
            rest = rest[1:]
    det = bool(pieces) and pieces[-1][1] == "det"
    if not det and rest.startswith("ال") and len(rest) > 3 and rest not in nosplit:
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
    key = fold(key)
    base = ("ال" + key) if det else key
    whole = fold(word)
    return Analysis(tuple(pieces), tuple(lengths), base, key, tuple(p for p, r in pieces if r == "pre"), suf,
                    (whole, base) if base != whole else (whole,))
