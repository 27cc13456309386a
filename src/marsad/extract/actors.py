"""Actor mentions from the dictionary, with coreference of generic ones («التنظيم» → the last named group).

>>> from marsad.pipeline import Pipeline                                   # doctest: +SKIP
>>> doc = Pipeline(until="actors").run(make_article("اعدم تنظيم داعش ... وقال التنظيم"))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from marsad.errors import DataError
from marsad.extract.actor_dict import ActorEntry, load_actor_dictionary
from marsad.model import Document, Mention
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import match_key

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
    alternatives: tuple[ActorEntry, ...] = ()  # other entries sharing the alias («التحالف»)

    @property
    def actor(self) -> ActorEntry:
        return self.resolved or self.entry


class ActorStage:
    """Longest-match dictionary lookup over words; then «التنظيم»-style anaphora resolved backwards."""

    def __init__(self) -> None:
        self.dictionary = load_actor_dictionary()
        self.matcher: PhraseMatcher[ActorEntry] = PhraseMatcher()
        self.matcher.extend(self.dictionary.phrases())
        # every alias of an anaphoric entry refers back too («مسلحي التنظيم الإرهابي»)
        self.anaphoric = {e.id: _ANAPHORIC[match_key(a)] for e in self.dictionary.entries.values() if e.generic
                          for a in e.aliases if match_key(a) in _ANAPHORIC}
        self.tanzim = frozenset(e.id for e in self.dictionary.entries.values()
                                if any(match_key(a).startswith("تنظيم ") for a in e.aliases))

    def __call__(self, doc: Document) -> Document:
        words = doc.words
        last_specific: list[ActorEntry] = []
        for hit in self.matcher.find(words):
            entry = prefer(hit.payloads)
            s, e = words[hit.first].start, words[hit.last].end
            ref = ActorRef(entry, alternatives=tuple(x for x in hit.payloads if x is not entry))
            key = hit.key
            kinds = _ANAPHORIC.get(key) or self.anaphoric.get(entry.id) if entry.generic else None
            if kinds:
                # «التنظيم» names a group called «تنظيم …» (داعش, القاعدة) before any other rebel group
                named = [p for p in reversed(last_specific) if kinds == _ANAPHORIC["التنظيم"] and p.id in self.tanzim]
                for prev in named or reversed(last_specific):
                    if prev.kind in kinds:
                        ref.resolved = prev
                        break
            elif not entry.generic and entry.role != "source":
                last_specific.append(entry)
            doc.mentions.append(Mention("ACTOR", s, e, doc.text[s:e], doc.sentence_of_word(hit.first),
                                        hit.first, hit.last, ref))
        _members_of(doc)
        return doc


_MEMBERSHIP = frozenset({"من", "في", "تابعين", "تابعون", "ينتمون", "ينتمي"})


def _members_of(doc: Document) -> None:
    """«مسلحون من جماعة بوكو حرام», «عناصر في تنظيم داعش»: the generic mention is the named group."""
    actors = [m for m in doc.mentions if m.label == "ACTOR"]
    for m, nxt in pairwise(actors):
        ref: ActorRef = m.value
        if not (ref.entry.generic and ref.resolved is None and ref.entry.kind in ARMED_KINDS):
            continue
        gap = nxt.first_word - m.last_word
        if 2 <= gap <= 3 and doc.words[m.last_word + 1].base in _MEMBERSHIP and not nxt.value.actor.generic \
                and nxt.value.actor.kind in ARMED_KINDS:
            ref.resolved = nxt.value.actor


def prefer(entries: list[ActorEntry]) -> ActorEntry:
    """Several entries share an alias: a specific one beats a generic one, an actor beats a pure source."""
    return sorted(entries, key=lambda e: (e.generic, e.role == "source"))[0]


def _theatre_rows(name: str, min_cells: int, max_cells: int, shape: str):
    """(line number, cells) of ``data/theatres/NAME``; a malformed row raises :class:`DataError`."""
    path = resources.files("marsad.data").joinpath("theatres").joinpath(name)
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.rstrip("\n").split("\t")]
            if not min_cells <= len(cells) <= max_cells or not cells[0]:
                raise DataError(f"theatres/{name} line {lineno}: expected '{shape}'")
            yield lineno, cells


@cache
def theatres() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """entry id → (countries where it is the default reading, generic ids it stands for there)."""
    out: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}
    for _, cells in _theatre_rows("theatres.tsv", 2, 3, "entry_id<TAB>countries[<TAB>replaces]"):
        replaces = tuple(x for x in (cells[2] if len(cells) > 2 else "").split(",") if x)
        out[cells[0]] = (frozenset(c.strip() for c in cells[1].split(",") if c.strip()), replaces)
    return out


def resolve_theatre(doc: Document, country: str | None, dictionary) -> None:
    """With the article's country known, pick the right reading of ambiguous and generic mentions."""
    if country is None:
        return
    table = theatres()
    generic_to = {g: dictionary.get(eid) for eid, (cs, reps) in table.items() if country in cs for g in reps}
    for m in doc.mentions:
        if m.label != "ACTOR":
            continue
        ref: ActorRef = m.value
        if ref.alternatives:
            for cand in (ref.entry, *ref.alternatives):
                if country in table.get(cand.id, (frozenset(), ()))[0]:
                    ref.entry = cand
                    break
        if ref.entry.generic and ref.resolved is None and ref.entry.id in generic_to:
            ref.resolved = generic_to[ref.entry.id]


@cache
def air_forces() -> dict[str, str]:
    """country → the actor entry id behind unattributed air strikes there (``data/theatres/air.tsv``)."""
    return {cells[0]: cells[1] for _, cells in _theatre_rows("air.tsv", 2, 2, "country<TAB>entry_id")}
