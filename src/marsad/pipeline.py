"""The pipeline: an ordered list of named stages, each ``Document -> Document``, registered here.

``Pipeline()`` builds every stage once (dictionaries, indexes and models load once) and then runs
them in order for each article; ``debug_stage="tokens"`` dumps the Document after that stage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Protocol, TextIO

from marsad.errors import BadOption
from marsad.ingest.text import make_article
from marsad.model import Article, Document, Extraction, Sentence
from marsad.text.normalize import normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize_words


class Stage(Protocol):
    def __call__(self, doc: Document) -> Document: ...


def normalize_stage(doc: Document) -> Document:
    doc.norm = normalize(doc.text)
    return doc


def sentences_stage(doc: Document) -> Document:
    """Sentences over the original text; paragraph 0 is the title when there is one."""
    text = doc.text
    sentences: list[Sentence] = []
    para = 0
    prev_end = 0
    for s, e in split_sentences(text):
        if sentences and "\n" in text[prev_end:s]:
            para += 1
        sentences.append(Sentence(s, e, para))
        prev_end = e
    doc.sentences = sentences
    return doc


def tokens_stage(doc: Document) -> Document:
    """Words of the sentences worth analysing: candidates, the sentence before each, and the title."""
    sents = doc.sentences
    title_end = doc.article.body_start
    keep = [s.candidate or s.end <= title_end for s in sents]
    for i in range(len(sents) - 1):
        if sents[i + 1].candidate:
            keep[i] = True
    words: list = []
    for s, k in zip(sents, keep, strict=True):
        s.first_word = len(words)
        if k:
            tokenize_words(doc.text, doc.norm, s.start, s.end, words)
        s.last_word = len(words) - 1
    doc.words = words
    return doc


def _extraction_stages() -> list[tuple[str, Callable[[], Stage]]]:
    # Imported here so that `import marsad` stays cheap; each factory loads its resources once.
    from marsad.extract import stages as ex

    return [
        ("actors", ex.ActorStage),
        ("times", ex.TimeStage),
        ("numbers", ex.NumberStage),
        ("triggers", ex.TriggerStage),
        ("names", ex.NameStage),  # only where a trigger is: the names can become sides, sources and places
        ("places", ex.PlaceStage),
        ("attribution", ex.AttributionStage),
        ("events", ex.EventStage),
        ("check", ex.SentenceCheckStage),
        ("geocode", ex.GeocodeStage),
        ("merge", ex.MergeStage),
        ("notes", ex.NoteStage),
    ]


MODEL_STAGES = frozenset({"names", "check"})


def stage_names() -> list[str]:
    return ["normalize", "sentences", "prefilter", "tokens"] + [n for n, _ in _extraction_stages()]


class Pipeline:
    """Reusable extractor: loads dictionaries, indexes and models once.

    >>> p = Pipeline()                                             # doctest: +SKIP
    >>> p.extract("قتل 3 مدنيين في قصف على حلب أمس", published="2017-04-25").to_dict()  # doctest: +SKIP
    """

    def __init__(self, *, debug_stage: str | None = None, debug_out: TextIO | None = None,
                 until: str | None = None, models: bool = True) -> None:
        """``models=False`` leaves out the stages that use the trained models (``names``: the NER tagger;
        ``check``: the event-sentence classifier): faster, dictionaries and rules only."""
        names = stage_names()
        for opt in (debug_stage, until):
            if opt is not None and opt not in names:
                raise BadOption(f"unknown stage {opt!r}; stages are: {', '.join(names)}")
        from marsad.extract.prefilter import PrefilterStage

        self.stages: list[tuple[str, Stage]] = [
            ("normalize", normalize_stage), ("sentences", sentences_stage), ("prefilter", PrefilterStage()),
            ("tokens", tokens_stage)]
        for name, factory in _extraction_stages():
            if models or name not in MODEL_STAGES:
                self.stages.append((name, factory()))
        if until is not None:
            self.stages = [(n, st) for n, st in self.stages if names.index(n) <= names.index(until)]
        self.debug_stage = debug_stage
        self.debug_out = debug_out or sys.stderr

    def run(self, article: Article) -> Document:
        doc = Document(article=article)
        for name, stage in self.stages:
            doc = stage(doc)
            if name == self.debug_stage:
                from marsad.debug import dump_document

                dump_document(doc, name, self.debug_out)
        return doc

    def extract(self, text: str, *, published: date | str | None = None, publisher: str | None = None,
                title: str | None = None, url: str | None = None, id: str | None = None) -> Extraction:
        article = make_article(text, published=_as_date(published), publisher=publisher, title=title,
                               url=url, id=id)
        return self.extract_article(article)

    def extract_article(self, article: Article) -> Extraction:
        doc = self.run(article)
        return Extraction(article=article, events=doc.events, document=doc)

    def extract_many(self, articles: Iterable[Mapping[str, Any] | Article]) -> Iterator[Extraction]:
        """Extractions in input order, for dicts (text, published, publisher, title, url, id) or Articles."""
        for a in articles:
            if isinstance(a, Article):
                yield self.extract_article(a)
            else:
                yield self.extract(a["text"], published=a.get("published"), publisher=a.get("publisher"),
                                   title=a.get("title"), url=a.get("url"), id=a.get("id"))


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadOption(f"published must be YYYY-MM-DD, got {value!r}") from None


_default: Pipeline | None = None


def extract(text: str, *, published: date | str | None = None, publisher: str | None = None,
            title: str | None = None) -> Extraction:
    """Extract events from one Arabic article (a shared default :class:`Pipeline`)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, published=published, publisher=publisher, title=title)
