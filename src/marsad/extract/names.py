"""Names the NER tagger finds, and the actors and sources they give where the dictionaries are silent.

>>> doc = Pipeline(until="names").run(make_article("هاجم لواء شهداء القلمون حاجزا"))   # doctest: +SKIP
>>> [(m.text, m.value.actor.kind) for m in doc.mentions_of("ACTOR")]                  # doctest: +SKIP
[('لواء شهداء القلمون', 'rebel_group')]

The tagger runs only on the sentences that hold a trigger, where a name can become a side of an event, its
source or its place: on a news corpus that is about a third of the words the pipeline analyses. Each name is kept
as a ``NAME`` mention (its value the tagger's :class:`~marsad.models.ner.Entity`). An organisation the actor
dictionary lacks becomes an ``ACTOR`` mention with no dictionary id: its head noun (``data/ner/heads.tsv``)
says whether it is an armed group that can be a side of an event («لواء», «كتيبة») or only a possible source
(«منظمة», «وزارة»); a person becomes a possible source («قال أبو عمر …»). Places are left to the place stage,
which reads the ``NAME`` mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.errors import DataError
from marsad.extract.actor_dict import NER_ID_PREFIX, ActorEntry
from marsad.extract.actors import ActorRef
from marsad.model import Document, Mention
from marsad.models.ner import Entity, entity_start, phrase_tag, spans_of
from marsad.text.normalize import match_key


@dataclass(frozen=True, slots=True)
class Head:
    kind: str
    role: str
    english: str


def _rows(name: str, columns: int):
    path = resources.files("marsad.data").joinpath("ner").joinpath(name)
    with path.open(encoding="utf-8") as f:
        header = True
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            if header:  # the column names
                header = False
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) != columns or not all(cells):
                raise DataError(f"ner/{name} line {lineno}: expected {columns} tab-separated cells")
            yield lineno, cells


@cache
def heads() -> dict[str, Head]:
    """Head noun match key → what an organisation named with it is («لواء» → rebel_group, actor, Brigade)."""
    from marsad.extract.actor_dict import KINDS

    out: dict[str, Head] = {}
    for lineno, (head, kind, role, english) in _rows("heads.tsv", 4):
        if kind not in KINDS or role not in ("actor", "source"):
            raise DataError(f"ner/heads.tsv line {lineno}: unknown kind {kind!r} or role {role!r}")
        out[match_key(head)] = Head(kind, role, english)
    return out


@cache
def _letters() -> dict[int, str]:
    """A ``str.translate`` table: each Arabic letter to its Latin spelling."""
    return str.maketrans({letter: latin for _, (letter, latin) in _rows("romanize.tsv", 2)})


def romanize(name_ar: str) -> str:
    """A readable Latin spelling of an unknown Arabic name, letter by letter (short vowels are not guessed).

    >>> romanize("الفاروق")
    'al-Farwq'
    """
    letters = _letters()
    out = []
    for word in match_key(name_ar).split():
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
        latin = "".join(ch for ch in word.translate(letters) if ch.isascii())
        out.append(prefix + latin[:1].upper() + latin[1:])
    return " ".join(w for w in out if w)


def name_entry(text: str, label: str, first_word_keys: tuple[str, ...]) -> ActorEntry:
    """The actor entry of a name the dictionary lacks: an armed group, or a possible source."""
    head = next((heads()[k] for k in first_word_keys if k in heads()), None)
    if label == "ORG" and head is not None:
        kind, role = head.kind, head.role
        rest = text.split(maxsplit=1)[1] if " " in text.strip() else ""
        name = f"{head.english} {romanize(rest)}".strip()
    else:
        kind, role, name = "other", "source", romanize(text) or text
    return ActorEntry(id=NER_ID_PREFIX + match_key(text), name=name, name_ar=text, kind=kind, country=None,
                      parent=None, valid_from=None, valid_to=None, role=role, generic=False, aliases=(text,))


class NameStage:
    """``NAME`` mentions from the tagger; new ``ACTOR`` mentions for organisations and persons not in the
    dictionary. Without a trained model (``make models``) the stage does nothing."""

    def __init__(self) -> None:
        from marsad.models.ner import NerTagger

        self.tagger = NerTagger.load() if NerTagger.available() else None

    def __call__(self, doc: Document) -> Document:
        if self.tagger is None:
            return doc
        words = doc.words
        actors = doc.mentions_of("ACTOR")
        with_trigger = {m.sentence for m in doc.mentions_of("TRIGGER")}
        batch, spans = [], []
        for si, s in enumerate(doc.sentences):
            if s.last_word < s.first_word or si not in with_trigger:
                continue
            # (a dictionary phrase can run over a sentence end: only the ones inside count)
            phrases = [(m.first_word - s.first_word, m.last_word - s.first_word, phrase_tag(m.value.entry))
                       for m in actors if s.first_word <= m.first_word and m.last_word <= s.last_word]
            batch.append((words[s.first_word:s.last_word + 1], phrases))
            spans.append((si, s.first_word))
        taken = {j for m in actors for j in range(m.first_word, m.last_word + 1)}
        for (si, first), (units, labels) in zip(spans, self.tagger.decode_many(batch), strict=True):
            sent_words = words[first:first + len(labels)]
            for ent in spans_of(doc.text, sent_words, labels, first, units.skip):
                ent = _with_armed_head(doc, ent, first)
                doc.mentions.append(Mention("NAME", ent.start, ent.end, ent.text, si, ent.first_word,
                                            ent.last_word, ent))
                if ent.label in ("ORG", "PERS") and not any(j in taken for j in
                                                           range(ent.first_word, ent.last_word + 1)):
                    entry = name_entry(ent.text, ent.label, words[ent.first_word].keys)
                    doc.mentions.append(Mention("ACTOR", ent.start, ent.end, ent.text, si, ent.first_word,
                                                ent.last_word, ActorRef(entry)))
        return doc


def _with_armed_head(doc: Document, ent: Entity, sent_first: int) -> Entity:
    """«جيش الإسلام», «لواء شهداء القلمون»: the tagger often labels only the name after an armed group's head
    noun (MISC «الإسلام», LOC «القلمون»); with the head one or two words before it, the whole is the group."""
    words = doc.words
    for k in (1, 2):
        h = ent.first_word - k
        if h < sent_first:
            break
        w = words[h]
        head = next((heads()[key] for key in w.keys if key in heads()), None)
        if head is not None and head.role == "actor" and (k == 1 or words[h + 1].kind == "word"):
            start = entity_start(w)
            return Entity("ORG", start, ent.end, doc.text[start:ent.end], h, ent.last_word)
        if w.kind != "word" or w.prefixes:
            break  # «قوات النظام في حلب»: a preposition or a comma ends the group's name
    return ent
