"""Actor mentions from the dictionary, with coreference of generic ones («التنظيم» → the last named group).

>>> from marsad.pipeline import Pipeline                                   # doctest: +SKIP
>>> doc = Pipeline(until="actors").run(make_article("اعدم تنظيم داعش ... وقال التنظيم"))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.extract.actor_dict import ActorEntry, load_actor_dictionary
from marsad.model import Document, Mention
from marsad.text.matcher import PhraseMatcher

ARMED_KINDS = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia", "external_force"})
# Generic words that stand for "the group just named" rather than a generic category.
_ANAPHORIC = {"التنظيم": ("rebel_group",), "الميليشيات": ("political_militia", "identity_militia", "rebel_group"),
              "الميليشيا": ("political_militia", "identity_militia", "rebel_group"), "الجماعه": ("rebel_group",),
              "الحركه": ("rebel_group", "political_militia"), "الفصيل": ("rebel_group",)}


@dataclass(slots=True)
class ActorRef:
    """An actor mention's payload: the entry matched and, for anaphoric generics, what it refers to."""

    entry: ActorEntry
    resolved: ActorEntry | None = None

    @property
    def actor(self) -> ActorEntry:
        return self.resolved or self.entry


class ActorStage:
    """Longest-match dictionary lookup over words; then «التنظيم»-style anaphora resolved backwards."""

    def __init__(self) -> None:
        self.dictionary = load_actor_dictionary()
        self.matcher: PhraseMatcher[ActorEntry] = PhraseMatcher()
        self.matcher.extend(self.dictionary.phrases())

    def __call__(self, doc: Document) -> Document:
        words = doc.words
        last_specific: list[ActorEntry] = []
        for hit in self.matcher.find(words):
            entry = _prefer(hit.payloads)
            s, e = words[hit.first].start, words[hit.last].end
            ref = ActorRef(entry)
            key = hit.key
            if entry.generic and key in _ANAPHORIC:
                kinds = _ANAPHORIC[key]
                for prev in reversed(last_specific):
                    if prev.kind in kinds:
                        ref.resolved = prev
                        break
            elif not entry.generic and entry.role != "source":
                last_specific.append(entry)
            doc.mentions.append(Mention("ACTOR", s, e, doc.text[s:e], doc.sentence_of_word(hit.first),
                                        hit.first, hit.last, ref))
        return doc


def _prefer(entries: list[ActorEntry]) -> ActorEntry:
    """Several entries share an alias: a specific one beats a generic one, an actor beats a pure source."""
    return sorted(entries, key=lambda e: (e.generic, e.role == "source"))[0]
