"""A cheap pre-filter: which sentences can hold an event at all.

Most sentences of a news corpus (sports, markets, diplomacy) contain no trigger word. Before any
tokenisation the pre-filter folds each sentence's normalised text and checks its words against every
trigger form, with the proclitic combinations news attaches to them («وبمقتل», «للاشتباكات»). Only
candidate sentences — and the sentence before each, for its sources and antecedents — are analysed.
"""

from __future__ import annotations

import re
from functools import cache

from marsad.extract.trigger_lexicon import trigger_index
from marsad.model import Document
from marsad.text.lexicon import folded_counts
from marsad.text.normalize import fold

_WORD = re.compile(r"[\u0621-\u064a]+")
_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "س", "وس", "فس")
_ARTICLE_PREFIXES = ("", "و", "ف", "ب", "ك", "وب", "فب", "وك")


@cache
def trigger_words() -> frozenset[str]:
    """A word every sentence holding a trigger must contain, with the proclitics it may carry.

    For a phrase that is its rarest word («تم القبض» → «القبض»); a weak one-word noun («عملية») that
    needs corroboration anyway does not make a sentence a candidate on its own.
    """
    counts = folded_counts()
    out: set[str] = set()
    for key, readings in trigger_index().items():
        parts = key.split(" ")
        if len(parts) == 1:
            if all(t.strength < 0.5 and t.pos != "verb" for t in readings):
                continue
            first = parts[0]
        else:
            first = min([w for w in parts if len(w) >= 3] or parts, key=lambda w: counts.get(w, 0))
        if first.startswith("ال") and len(first) > 3:
            out.update(p + first for p in _ARTICLE_PREFIXES)
            out.update(("لل" + first[2:], "ولل" + first[2:], "فلل" + first[2:]))
        else:
            out.update(p + first for p in _PREFIXES)
    return frozenset(out)


class PrefilterStage:
    """Marks ``Sentence.candidate``; titles are always candidates (headlines name the event)."""

    def __init__(self) -> None:
        self.keys = trigger_words()

    def __call__(self, doc: Document) -> Document:
        norm = doc.norm
        to_n = norm.alignment.to_normalized
        folded = fold(norm.text)  # 1:1, so folding the text once = folding each sentence's slice
        keys = self.keys
        findall = _WORD.findall
        for s in doc.sentences:
            s.candidate = not keys.isdisjoint(findall(folded, to_n(s.start), to_n(s.end)))
        return doc
