"""Longest-match phrase lookup over words, the one mechanism behind actors, places and triggers.

Phrases are indexed by the match keys of their words (``match_key`` on each whitespace word, no
segmentation: dictionary entries are written in citation form). A text word matches a phrase word by
its whole key or by its ``base`` (proclitics and pronoun suffix removed, article kept), so «وبالرقة»
finds «الرقة» and «قواتهم» finds «قوات».

>>> from marsad.text.tokenize import tokenize
>>> m = PhraseMatcher()
>>> m.add("قوات سوريا الديمقراطية", "SDF")
>>> m.add("الرقة", "RAQQA")
>>> words, _ = tokenize("دخلت قوات سوريا الديمقراطية إلى بالرقة")
>>> [(h.first, h.last, h.payloads) for h in m.find(words)]
[(1, 3, ['SDF']), (5, 5, ['RAQQA'])]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from marsad.model import Word
from marsad.text.normalize import match_key

T = TypeVar("T")


@dataclass(slots=True)
class Hit(Generic[T]):
    first: int  # word index, inclusive
    last: int  # word index, inclusive
    key: str
    payloads: list[T]


def word_keys(w: Word) -> tuple[str, ...]:
    return w.keys


class PhraseMatcher(Generic[T]):
    def __init__(self) -> None:
        # first word key -> {full key tuple -> payloads}
        self._index: dict[str, dict[tuple[str, ...], list[T]]] = {}
        self.max_words = 1

    def add(self, phrase: str, payload: T) -> None:
        key = tuple(match_key(phrase).split())
        if not key:
            return
        self._index.setdefault(key[0], {}).setdefault(key, []).append(payload)
        self.max_words = max(self.max_words, len(key))

    def extend(self, items: Iterable[tuple[str, T]]) -> None:
        for phrase, payload in items:
            self.add(phrase, payload)

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def find(self, words: list[Word], first: int = 0, last: int | None = None) -> list[Hit[T]]:
        """Non-overlapping longest matches in ``words[first:last]`` (``last`` exclusive)."""
        last = len(words) if last is None else last

        def keys(i: int) -> tuple[str, ...]:
            return words[i].keys

        hits: list[Hit[T]] = []
        i = first
        index = self._index
        while i < last:
            best: Hit[T] | None = None
            for k0 in keys(i):
                cands = index.get(k0)
                if not cands:
                    continue
                for phrase, payloads in cands.items():
                    n = len(phrase)
                    if i + n > last or (best is not None and n <= best.last - best.first + 1):
                        continue
                    if all(phrase[j] in keys(i + j) for j in range(1, n)):
                        best = Hit(i, i + n - 1, " ".join(phrase), payloads)
            if best is not None:
                hits.append(best)
                i = best.last + 1
            else:
                i += 1
        return hits
