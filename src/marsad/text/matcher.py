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



class PhraseMatcher(Generic[T]):
    def __init__(self) -> None:
        # first word key -> {full key tuple -> payloads}
        self._index: dict[str, dict[tuple[str, ...], list[T]]] = {}
        self.max_words = 1
        # first word key -> [(length, phrase, payloads)], longest first (insertion order within a length);
        # built on the first find() after an add()
        self._by_length: dict[str, list[tuple[int, tuple[str, ...], list[T]]]] | None = None

    def add(self, phrase: str, payload: T) -> None:
        key = tuple(match_key(phrase).split())
        if not key:
            return
        self._index.setdefault(key[0], {}).setdefault(key, []).append(payload)
        self.max_words = max(self.max_words, len(key))
        self._by_length = None

    def extend(self, items: Iterable[tuple[str, T]]) -> None:
        for phrase, payload in items:
            self.add(phrase, payload)

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def find(self, words: list[Word], first: int = 0, last: int | None = None) -> list[Hit[T]]:
        """Non-overlapping longest matches in ``words[first:last]`` (``last`` exclusive)."""
        last = len(words) if last is None else last
        index = self._by_length
        if index is None:  # (sorted() is stable: among equal lengths the phrase added first still wins)
            index = self._by_length = {
                k0: sorted(((len(p), p, pl) for p, pl in cands.items()), key=lambda t: -t[0])
                for k0, cands in self._index.items()}
        get = index.get
        hits: list[Hit[T]] = []
        i = first
        while i < last:
            best: Hit[T] | None = None
            best_n = 0
            for k0 in words[i].keys:
                cands = get(k0)
                if not cands:
                    continue
                for n, phrase, payloads in cands:
                    if n <= best_n:
                        break  # the rest are no longer than the best match so far
                    if i + n > last:
                        continue
                    j = 1
                    while j < n and phrase[j] in words[i + j].keys:
                        j += 1
                    if j == n:  # the longest phrase for this first key: shorter ones cannot beat it
                        best, best_n = Hit(i, i + n - 1, " ".join(phrase), payloads), n
                        break
            if best is not None:
                hits.append(best)
                i = best.last + 1
            else:
                i += 1
        return hits
