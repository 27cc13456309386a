"""Typed records that flow through the pipeline, and the one place the contract JSON is produced.

Every span is ``[start, end)`` into ``Document.text`` — the article text exactly as the user gave it
(title, blank line, body when a title was given). Normalised forms are attributes, never replacements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.text.normalize import Normalized, match_key

SCHEMA_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Token:
    """One piece of an orthographic word: a proclitic, the article, a stem or an enclitic.

    ``وبالرقة`` gives four tokens: و (``clitic='pre'``), ب (``'pre'``), ال (``'det'``), رقة (stem),
    each with its exact original span.
    """

    start: int
    end: int
    text: str  # original characters, text[start:end]
    norm: str  # normalised (diacritics removed, alef unified, digits ASCII)
    kind: str  # 'word' | 'num' | 'latin' | 'punct'
    word: int  # index of the orthographic word this piece belongs to
    clitic: str | None = None  # None for the stem, 'pre', 'det' (ال) or 'post'

    @property
    def key(self) -> str:
        return match_key(self.norm)


@dataclass(slots=True)
class Word:
    """An orthographic word with its clitic analysis.

    ``base`` is the match key with conjunctions/prepositions removed and the article kept
    (وبالرقة → ``الرقه``); ``stem`` drops the article too (``رقه``). ``lengths``/``roles`` describe
    the clitic pieces in the normalised word; :func:`marsad.text.tokenize.tokens_of` turns them into
    :class:`Token` objects with exact spans (built on demand: most stages only need words).
    """

    start: int
    end: int
    text: str
    norm: str
    base: str
    stem: str
    prefixes: tuple[str, ...]
    suffix: str | None
    kind: str = "word"
    pieces: tuple[tuple[str, str | None], ...] = ()
    lengths: tuple[int, ...] = ()
    nstart: int = 0  # offset in the normalised text
    keys: tuple[str, ...] = ()  # match keys to look the word up by: the whole word's, then ``base``
    first_token: int = -1
    last_token: int = -1  # inclusive


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    first_word: int = 0
    last_word: int = -1  # inclusive; first_word - 1 for a sentence whose words were not analysed
    candidate: bool = True  # may hold an event (the pre-filter found a trigger word)

    @property
    def words(self) -> range:
        return range(self.first_word, self.last_word + 1)


@dataclass(slots=True)
class Article:
    text: str
    published: date | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = None
    language: str = "ar"
    body_start: int = 0  # offset of the body in ``text`` (after the title line and blank line)

    def __post_init__(self) -> None:
        if self.id is None:
            self.id = "sha256:" + hashlib.sha256(match_key(self.text).encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Mention:
    """A labelled span: an actor, place, time expression, number, trigger or source cue.

    ``value`` holds the typed payload of the stage that made it (an ``ActorEntry``, a ``TimeValue``…).
    """

    label: str
    start: int
    end: int
    text: str
    sentence: int
    first_word: int
    last_word: int
    value: Any = None


@dataclass(slots=True)
class Actor:
    name: str
    name_ar: str
    kind: str
    id: str | None = None
    country_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "name_ar": self.name_ar, "kind": self.kind,
                "country_code": self.country_code}


@dataclass(slots=True)
class Location:
    name: str
    name_ar: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    admin1: str | None = None
    admin2: str | None = None
    gazetteer_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_ar": self.name_ar, "country_code": self.country_code,
                "admin1": self.admin1, "admin2": self.admin2, "latitude": self.latitude,
                "longitude": self.longitude, "geo_precision": self.geo_precision,
                "gazetteer_id": self.gazetteer_id}


@dataclass(slots=True)
class Source:
    name: str
    name_ar: str | None = None
    via: str | None = None
    evidence: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "name_ar": self.name_ar, "via": self.via}
        if self.evidence is not None:
            d["evidence"] = self.evidence.to_dict()
        return d


@dataclass(slots=True)
class Event:
    id: str
    event_type: str
    sub_event_type: str
    evidence: list[Span]
    method: str | None = None
    event_date: date | None = None
    date_range: tuple[date, date] | None = None
    time_precision: int | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors: list[Actor] = field(default_factory=list)
    location: Location | None = None
    fatalities: int | None = None
    injuries: int | None = None
    civilian_targeting: bool | None = None
    sources: list[Source] = field(default_factory=list)
    confidence: float = 0.5
    notes: str | None = None
    fatality_reports: list[int] = field(default_factory=list)  # every figure seen; ``fatalities`` is the lowest
    detail: Any = None  # stage-internal working state (an ``EventDetail``); never serialised

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "method": self.method,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "date_range": ({"start": self.date_range[0].isoformat(), "end": self.date_range[1].isoformat()}
                           if self.date_range else None),
            "time_precision": self.time_precision,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "assoc_actors": [a.to_dict() for a in self.assoc_actors],
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "civilian_targeting": self.civilian_targeting,
            "sources": [s.to_dict() for s in self.sources],
            "evidence": [s.to_dict() for s in self.evidence],
            "confidence": round(float(self.confidence), 3),
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class FlaggedSentence:
    """A sentence the event-sentence classifier scores as an event report although no trigger produced one."""

    sentence: int
    score: float


@dataclass(slots=True)
class Document:
    """The one object every stage reads and annotates."""

    article: Article
    norm: Normalized | None = None
    words: list[Word] = field(default_factory=list)
    token_cache: list[Token] | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    flagged: list[FlaggedSentence] = field(default_factory=list)  # for review: see extract/sentence_check.py
    debug: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def tokens(self) -> list[Token]:
        """Clitic pieces of every word, with exact spans (built on first use)."""
        if self.token_cache is None:
            from marsad.text.tokenize import tokens_of

            self.token_cache = tokens_of(self.text, self.norm, self.words)
        return self.token_cache

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.article.text, start, end)

    def mentions_of(self, label: str, sentence: int | None = None) -> list[Mention]:
        return [m for m in self.mentions if m.label == label and (sentence is None or m.sentence == sentence)]

    def sentence_of_word(self, w: int) -> int:
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].first_word <= w:
                lo = mid
            else:
                hi = mid - 1
        return lo


@dataclass(slots=True)
class Extraction:
    """What ``marsad.extract`` returns; ``to_dict()`` is the contract object (schema_version "1")."""

    article: Article
    events: list[Event]
    document: Document | None = None

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "schema_version": SCHEMA_VERSION,
            "article": {
                "id": a.id,
                "title": a.title,
                "publisher": a.publisher,
                "url": a.url,
                "published": a.published.isoformat() if a.published else None,
                "language": a.language,
            },
            "events": [e.to_dict() for e in self.events],
        }
