"""The actor and source dictionary: tab-separated files under ``marsad/data/actors/``, one loader.

Each row is an actor (an armed group, a state force, a victim category…) or a reporting source (a
monitor, an agency, a generic «مصدر عسكري»), with its Arabic aliases. Adding an alias or an actor is
an edit to a ``.tsv`` file, never to code. The columns, documented again at the top of every file::

    id  name  name_ar  kind  country  parent  valid_from  valid_to  role  generic  aliases

>>> d = load_actor_dictionary()
>>> d.get("SY-SDF").name
'Syrian Democratic Forces'
>>> sorted({e.id for e in d.lookup("قسد")})
['SY-SDF']

``phrases()`` yields every ``(alias, entry)`` pair (``name_ar`` included) for the phrase matcher,
which normalises both sides with :func:`marsad.text.normalize.match_key`; an alias that differs from
another of the same entry only by hamza on alef, diacritics, ى/ي or ة/ه is dropped at load time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from marsad.errors import DataError
from marsad.text.normalize import match_key

COLUMNS = ("id", "name", "name_ar", "kind", "country", "parent", "valid_from", "valid_to", "role", "generic",
           "aliases")
KINDS = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia", "rioters", "protesters",
                   "civilians", "external_force", "other"})
ROLES = frozenset({"actor", "source", "both"})
NER_ID_PREFIX = "NER:"  # the internal id of an actor found only by the NER tagger; the contract shows id null

_ID = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_YEAR = re.compile(r"\d{4}\Z")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One row of the dictionary. ``aliases`` starts with ``name_ar`` and holds each spelling once."""

    id: str
    name: str
    name_ar: str
    kind: str
    country: str | None
    parent: str | None
    valid_from: int | None
    valid_to: int | None
    role: str
    generic: bool
    aliases: tuple[str, ...]

    @property
    def from_tagger(self) -> bool:
        """An entry made for a name the NER tagger found and the dictionary lacks."""
        return self.id.startswith(NER_ID_PREFIX)

    @property
    def is_actor(self) -> bool:
        return self.role in ("actor", "both")

    @property
    def is_source(self) -> bool:
        return self.role in ("source", "both")

    def valid_in(self, year: int) -> bool:
        """True when ``year`` lies within ``[valid_from, valid_to]`` (an empty bound is open)."""
        return (self.valid_from is None or year >= self.valid_from) and (self.valid_to is None or year <= self.valid_to)


class ActorDictionary:
    """The loaded entries, by id, in file order."""

    __slots__ = ("_by_key", "entries")

    def __init__(self, entries: dict[str, ActorEntry]):
        self.entries: dict[str, ActorEntry] = entries
        self._by_key: dict[str, list[ActorEntry]] | None = None

    def get(self, id: str) -> ActorEntry:
        try:
            return self.entries[id]
        except KeyError:
            raise KeyError(f"no actor with id {id!r} in the actor dictionary") from None

    def __contains__(self, id: object) -> bool:
        return id in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self.entries.values())

    def phrases(self) -> Iterator[tuple[str, ActorEntry]]:
        """Every ``(alias, entry)`` pair, ``name_ar`` included, in file order."""
        for entry in self.entries.values():
            for alias in entry.aliases:
                yield alias, entry

    def lookup(self, text: str) -> tuple[ActorEntry, ...]:
        """The entries that have ``text`` as an alias, compared by :func:`match_key`."""
        if self._by_key is None:
            index: dict[str, list[ActorEntry]] = {}
            for alias, entry in self.phrases():
                index.setdefault(match_key(alias), []).append(entry)
            self._by_key = index
        return tuple(self._by_key.get(match_key(text), ()))

    def alias_count(self) -> int:
        return sum(len(e.aliases) for e in self.entries.values())


@dataclass(frozen=True, slots=True)
class _Row:
    entry: ActorEntry
    where: str  # "file:line" for messages


def _bundled() -> list[Traversable]:
    folder = resources.files("marsad").joinpath("data", "actors")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".tsv") and p.is_file()), key=lambda p: p.name)


def _year(value: str, column: str, where: str) -> int | None:
    if not value:
        return None
    if not _YEAR.match(value):
        raise DataError(f"{where}: {column} must be a four-digit year or empty, got {value!r}")
    return int(value)


def _parse_row(cells: list[str], where: str) -> ActorEntry:
    if len(cells) != len(COLUMNS):
        raise DataError(f"{where}: expected {len(COLUMNS)} tab-separated columns "
                        f"({', '.join(COLUMNS)}), got {len(cells)}")
    id_, name, name_ar, kind, country, parent, vfrom, vto, role, generic, aliases = (c.strip() for c in cells)
    if not _ID.match(id_):
        raise DataError(f"{where}: id {id_!r} must be upper-case ASCII letters, digits and single hyphens")
    if not name or not name_ar:
        raise DataError(f"{where}: {id_} needs both a name and a name_ar")
    if kind not in KINDS:
        raise DataError(f"{where}: unknown kind {kind!r} for {id_} (one of {', '.join(sorted(KINDS))})")
    if country and not _COUNTRY.match(country):
        raise DataError(f"{where}: country {country!r} for {id_} must be an ISO 3166-1 alpha-2 code or empty")
    if role not in ROLES:
        raise DataError(f"{where}: unknown role {role!r} for {id_} (actor, source or both)")
    if generic not in ("0", "1"):
        raise DataError(f"{where}: generic must be 0 or 1 for {id_}, got {generic!r}")
    if generic == "1" and country:
        raise DataError(f"{where}: generic entry {id_} must leave country empty (it comes from the context)")
    valid_from, valid_to = _year(vfrom, "valid_from", where), _year(vto, "valid_to", where)
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        raise DataError(f"{where}: valid_from {valid_from} is after valid_to {valid_to} for {id_}")
    seen: set[str] = set()
    kept: list[str] = []
    for alias in (name_ar, *aliases.split("|")):
        alias = " ".join(alias.split())
        key = match_key(alias)
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append(alias)
    return ActorEntry(id_, name, name_ar, kind, country or None, parent or None, valid_from, valid_to, role,
                      generic == "1", tuple(kept))


def _read(text: str, label: str) -> Iterator[_Row]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.rstrip("\r\n").split("\t")
        if cells[0].strip() == "id" and len(cells) > 1 and cells[1].strip() == "name":
            continue  # an optional header row
        where = f"{label}:{lineno}"
        yield _Row(_parse_row(cells, where), where)


def _load(sources: Iterable[tuple[str, str]]) -> ActorDictionary:
    rows: dict[str, _Row] = {}
    for label, text in sources:
        for row in _read(text, label):
            first = rows.get(row.entry.id)
            if first is not None:
                raise DataError(f"{row.where}: duplicate id {row.entry.id} (first defined at {first.where})")
            rows[row.entry.id] = row
    for row in rows.values():
        parent = row.entry.parent
        if parent is not None and parent not in rows:
            raise DataError(f"{row.where}: unknown parent {parent!r} for {row.entry.id}")
    for row in rows.values():  # no cycles: following parents must end
        seen = {row.entry.id}
        parent = row.entry.parent
        while parent is not None:
            if parent in seen:
                raise DataError(f"{row.where}: parent chain of {row.entry.id} loops back to {parent}")
            seen.add(parent)
            parent = rows[parent].entry.parent
    return ActorDictionary({id_: row.entry for id_, row in rows.items()})


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(f"{label}: not UTF-8 ({err.reason} at byte {err.start})") from None


@functools.lru_cache(maxsize=1)
def _default() -> ActorDictionary:
    return _load((p.name, _decode(p.read_bytes(), p.name)) for p in _bundled())


def load_actor_dictionary(paths: Iterable[Path] | None = None) -> ActorDictionary:
    """Load the actor dictionary.

    With no ``paths``: every ``*.tsv`` bundled under ``marsad/data/actors/``, in file-name order, loaded
    once per process. With ``paths``: exactly those files (parents must resolve among them), not cached.
    A malformed row raises :class:`~marsad.errors.DataError` naming the file and line.
    """
    if paths is None:
        return _default()
    sources = []
    for path in paths:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DataError(f"{path}: cannot read the actor file ({err.strerror or err})") from None
        sources.append((str(path), _decode(data, str(path))))
    return _load(sources)
