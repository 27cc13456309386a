"""The extraction stages, in pipeline order (registered in ``marsad.pipeline``)."""

from __future__ import annotations

from datetime import date

from marsad.extract.actors import ARMED_KINDS, ActorStage
from marsad.extract.attribution import AttributionStage
from marsad.extract.casualties import find_casualties
from marsad.extract.dates import find_time_expressions
from marsad.extract.events import EventStage
from marsad.extract.merge import MergeStage
from marsad.extract.names import NameStage
from marsad.extract.notes import NoteStage
from marsad.extract.numbers import find_numbers
from marsad.extract.sentence_check import SentenceCheckStage
from marsad.extract.trigger_lexicon import Trigger, load_triggers
from marsad.geo.places import GeocodeStage, PlaceStage
from marsad.model import Document, Mention, Word
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import match_key

__all__ = ["ActorStage", "AttributionStage", "EventStage", "GeocodeStage", "MergeStage", "NameStage", "NoteStage",
           "NumberStage", "PlaceStage", "SentenceCheckStage", "TimeStage",
           "TriggerStage"]


def _word_range(doc: Document, si: int, start: int, end: int) -> tuple[int, int]:
    """First and last word of sentence ``si`` overlapping ``[start, end)``."""
    sent = doc.sentences[si]
    first = last = None
    for i in range(sent.first_word, sent.last_word + 1):
        w = doc.words[i]
        if w.end > start and w.start < end:
            if first is None:
                first = i
            last = i
        elif w.start >= end:
            break
    if first is None:
        first = last = sent.first_word
    return first, last


def _add(doc: Document, label: str, si: int, start: int, end: int, value: object) -> None:
    first, last = _word_range(doc, si, start, end)
    doc.mentions.append(Mention(label, start, end, doc.text[start:end], si, first, last, value))


class TimeStage:
    """``TIME`` mentions whose value is a ``TimeValue`` resolved against the publication date."""

    def __call__(self, doc: Document) -> Document:
        pub = doc.article.published or date.today()
        for si, s in enumerate(doc.sentences):
            if not s.candidate or s.last_word < s.first_word:
                continue  # an event's date is read from its own sentence
            for t in find_time_expressions(doc.text, pub, s.start, s.end):
                _add(doc, "TIME", si, t.start, t.end, t.value)
        return doc


class NumberStage:
    """``NUMBER`` and ``CASUALTY`` mentions (counts of people killed and injured)."""

    def __call__(self, doc: Document) -> Document:
        for si, s in enumerate(doc.sentences):
            if not s.candidate or s.last_word < s.first_word:
                continue
            for n in find_numbers(doc.text, s.start, s.end):
                _add(doc, "NUMBER", si, n.start, n.end, n)
            for c in find_casualties(doc.text, s.start, s.end):
                _add(doc, "CASUALTY", si, c.start, c.end, c)
        return doc


class TriggerStage:
    """``TRIGGER`` mentions; the value is the list of readings of the form, one voice chosen.

    Two-word verb phrases also match with words in between: «فتح مسلحان، صباح اليوم، النار على…»
    is «فتح النار» with its subject and time between the verb and its object.
    """

    def __init__(self) -> None:
        self.matcher: PhraseMatcher[Trigger] = PhraseMatcher()
        self.split: dict[str, dict[str, list[Trigger]]] = {}  # verb key -> object key -> readings
        for t in load_triggers():
            self.matcher.add(t.form, t)
            parts = match_key(t.form).split()
            if t.pos != "phrase" and len(parts) == 2 and t.voice == "active":
                self.split.setdefault(parts[0], {}).setdefault(parts[1], []).append(t)

    def _split_phrases(self, words: list[Word], taken: set[int]) -> list:
        from marsad.text.matcher import Hit

        out = []
        for i, w in enumerate(words):
            objs = self.split.get(w.keys[0]) or (self.split.get(w.base) if len(w.keys) > 1 else None)
            if not objs or i in taken:
                continue
            for j in range(i + 2, min(len(words), i + 8)):
                if words[j].kind == "punct" and words[j].norm in (".", "؟", "!", "؛"):
                    break
                readings = objs.get(words[j].keys[0]) or objs.get(words[j].base)
                if readings:
                    out.append(Hit(i, i, w.base, list(readings)))
                    break
        return out

    def __call__(self, doc: Document) -> Document:
        actors = [m for m in doc.mentions if m.label == "ACTOR"]
        actors_at = {m.first_word: m for m in actors}
        actors_end = {m.last_word: m for m in actors}
        hits = self.matcher.find(doc.words)
        hits += self._split_phrases(doc.words, {h.first for h in hits})
        for hit in hits:
            readings = _choose_voice(doc.words, hit.first, hit.last, hit.payloads, actors_at, actors_end)
            s, e = doc.words[hit.first].start, doc.words[hit.last].end
            doc.mentions.append(Mention("TRIGGER", s, e, doc.text[s:e], doc.sentence_of_word(hit.first),
                                        hit.first, hit.last, readings))
        return doc


_SUBJECT_KINDS = ARMED_KINDS | {"protesters", "rioters"}  # «رشق متظاهرون قوات الأمن بالحجارة»


def _choose_voice(words: list[Word], first: int, last: int, readings: list[Trigger],
                  actors_at: dict[int, Mention], actors_end: dict[int, Mention]) -> list[Trigger]:
    """«قتل مسلحون 5 جنود» (active: an armed actor follows) vs «قتل 5 جنود» (passive, undiacritised)."""
    voices = {t.voice for t in readings}
    if not ({"active", "passive"} <= voices):
        return readings
    j = last + 1
    while j < len(words) and words[j].kind == "punct" and j - last <= 2:
        j += 1
    nxt = actors_at.get(j)
    if nxt is None and j + 2 < len(words) and words[j].base == "عناصر" and words[j + 1].base == "من":
        nxt = actors_at.get(j + 2)  # «اغتصب عناصر من الميليشيات»
    # «أعدم التنظيم 3» (VSO) or «التنظيم أعدم 3» (SVO): an armed actor next to the verb is its subject
    k = first - 1
    while k >= 0 and words[k].kind == "punct" and first - k <= 2:
        k -= 1
    prev = actors_end.get(k)
    subject = (nxt is not None and nxt.value.actor.kind in _SUBJECT_KINDS) or (
        prev is not None and prev.value.actor.kind in _SUBJECT_KINDS)
    want = "active" if subject else "passive"
    return [t for t in readings if t.voice == want or t.voice == "-"]
