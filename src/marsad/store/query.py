"""Reading the store: clusters (one ACLED event each) with their reports, filtered, reviewed values applied.

A :class:`StoredEvent` is what exports and the web app show: the cluster's computed values, the reviewed values
that override them (``overrides``; :meth:`StoredEvent.value` gives the effective one), its review state, and
every :class:`Report` (one article's account of the event, with evidence and merge reason) and wire copy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, or_, select

from marsad.store.engine import aware
from marsad.store.tables import (
    actors,
    articles,
    cluster_overrides,
    clusters,
    event_actors,
    event_sources,
    events,
    evidence,
)

# Fields a reviewer may set, with the Python type a value must have (None clears a field where allowed).
EDITABLE: dict[str, tuple[type, ...]] = {
    "event_type": (str,), "sub_event_type": (str,), "event_date": (date,), "time_precision": (int,),
    "actor1": (str,), "actor2": (str, type(None)), "assoc_actor_1": (str, type(None)),
    "assoc_actor_2": (str, type(None)), "inter1": (int,), "inter2": (int, type(None)),
    "country_code": (str,), "admin1": (str, type(None)), "admin2": (str, type(None)), "admin3": (str, type(None)),
    "location": (str,), "latitude": (float,), "longitude": (float,), "geo_precision": (int,),
    "fatalities": (int,), "civilian_targeting": (bool,), "notes": (str, type(None)), "source": (str,),
    "source_scale": (str,), "tags": (str, type(None)),
}


@dataclass(frozen=True, slots=True)
class ActorRef:
    key: str
    name: str
    name_ar: str
    kind: str
    country_code: str | None
    dict_id: str | None


@dataclass(frozen=True, slots=True)
class SourceRef:
    name: str
    name_ar: str | None
    via: str | None


@dataclass(frozen=True, slots=True)
class SpanRef:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Report:
    """One article's report of the event (a stored member event); ``merge_reason`` is None for the report that
    founded the cluster."""

    event_id: str
    article_id: str
    ordinal: int
    publisher: str | None
    published: date | None
    title: str | None
    url: str | None
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int | None
    actor1: ActorRef | None
    actor2: ActorRef | None
    location: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    fatality_reports: list[int]
    injuries: int | None
    civilian_targeting: bool | None
    confidence: float
    notes: str | None
    merge_reason: str | None
    assoc_actors: list[ActorRef] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    evidence: list[SpanRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CopyRef:
    """A wire copy of a member article, stored and linked, never counted as a source of its own."""

    article_id: str
    copy_of: str
    publisher: str | None
    published: date | None
    url: str | None
    similarity: float | None


@dataclass(slots=True)
class StoredEvent:
    """A cluster: the ACLED-style event every member report describes."""

    id: str
    event_id_cnty: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int | None
    actor1: ActorRef | None
    actor2: ActorRef | None
    location: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    injuries: int | None
    civilian_targeting: bool | None
    notes: str | None
    n_events: int
    n_articles: int
    created_at: datetime
    updated_at: datetime
    version: int
    review_status: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    overrides: dict[str, Any] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    copies: list[CopyRef] = field(default_factory=list)

    def value(self, name: str) -> Any:
        """The reviewed value of ``name`` when a reviewer set one, else the computed one (``fatalities`` is the
        lowest figure; ``actor1``/``actor2`` are names)."""
        if name in self.overrides:
            return self.overrides[name]
        if name == "fatalities":
            return self.fatalities_low
        if name in ("actor1", "actor2"):
            ref = getattr(self, name)
            return ref.name if ref else None
        return getattr(self, name, None)

    @property
    def assoc_actors(self) -> list[ActorRef]:
        seen: dict[str, ActorRef] = {}
        main = {a.key for a in (self.actor1, self.actor2) if a}
        for r in self.reports:
            for a in r.assoc_actors:
                if a.key not in main:
                    seen.setdefault(a.key, a)
        return list(seen.values())


@dataclass(slots=True)
class EventFilter:
    """Which clusters to read. Dates bound ``event_date`` (inclusive); ``countries`` are ISO alpha-2 codes;
    ``types`` match the event type, sub-event type or disorder type; rejected clusters are left out unless
    ``include_rejected``; ``reviewed_only`` keeps accepted and edited ones."""

    since: date | None = None
    until: date | None = None
    countries: Sequence[str] = ()
    types: Sequence[str] = ()
    include_rejected: bool = False
    reviewed_only: bool = False
    updated_since: datetime | None = None
    ids: Sequence[str] = ()

    def keeps(self, ev: StoredEvent) -> bool:
        d = ev.value("event_date")
        if self.since is not None and (d is None or d < self.since):
            return False
        if self.until is not None and (d is None or d > self.until):
            return False
        if self.countries and ev.value("country_code") not in self.countries:
            return False
        if self.types and not type_matches(ev.value("event_type"), ev.value("sub_event_type"),
                                           {t.casefold() for t in self.types}):
            return False
        if ev.review_status == "rejected" and not self.include_rejected:
            return False
        return not (self.reviewed_only and ev.review_status not in ("accepted", "edited"))


def type_matches(event_type: str, sub_event_type: str, wanted: set[str]) -> bool:
    """Whether the event type, sub-event type or disorder type is in ``wanted`` (casefolded names)."""
    from marsad.export.acled import disorder_type

    return bool({event_type.casefold(), sub_event_type.casefold(),
                 disorder_type(event_type, sub_event_type).casefold()} & wanted)


def computed_conds(since: date | None, until: date | None, countries: Sequence[str]) -> list[Any]:
    """SQL conditions on a cluster's computed date and country (reviewed values are checked in Python)."""
    conds: list[Any] = []
    if since is not None:
        conds.append(clusters.c.event_date >= since)
    if until is not None:
        conds.append(clusters.c.event_date <= until)
    if countries:
        conds.append(clusters.c.country_code.in_(list(countries)))
    return conds


def _cluster_ids(conn: Connection, f: EventFilter) -> list[str]:
    """Ids of clusters that may pass ``f``: the filter on computed values, plus every edited cluster (its
    reviewed values are checked in Python)."""
    conds = computed_conds(f.since, f.until, f.countries)
    if f.updated_since is not None:
        conds.append(clusters.c.updated_at >= f.updated_since)
    edited = exists().where(cluster_overrides.c.cluster_id == clusters.c.id)
    q = select(clusters.c.id)
    if conds:
        q = q.where(or_(and_(*conds), edited) if f.updated_since is None else and_(*conds))
    if f.ids:
        q = q.where(clusters.c.id.in_(list(f.ids)))
    return [r[0] for r in conn.execute(q.order_by(clusters.c.event_date, clusters.c.event_id_cnty))]


def iter_events(conn: Connection, f: EventFilter | None = None, *, chunk: int = 500) -> Iterator[StoredEvent]:
    """Clusters passing ``f``, ordered by date then event_id_cnty, loaded ``chunk`` at a time."""
    f = f or EventFilter()
    ids = _cluster_ids(conn, f)
    for i in range(0, len(ids), chunk):
        for ev in load_events(conn, ids[i:i + chunk]):
            if f.keeps(ev):
                yield ev


def load_events(conn: Connection, ids: Sequence[str]) -> list[StoredEvent]:
    """The clusters ``ids`` with their reports, overrides and copies, in the order of ``ids``."""
    if not ids:
        return []
    ids = list(ids)
    crow = {r.id: r for r in conn.execute(select(clusters).where(clusters.c.id.in_(ids)))}
    ev_rows = conn.execute(select(events, articles.c.publisher, articles.c.published, articles.c.title,
                                  articles.c.url).join(articles, events.c.article_id == articles.c.id)
                           .where(events.c.cluster_id.in_(ids))
                           .order_by(articles.c.seq, events.c.ordinal)).all()
    event_ids = [r.id for r in ev_rows]
    actor_keys = {k for r in crow.values() for k in (r.actor1_key, r.actor2_key) if k}
    actor_keys |= {k for r in ev_rows for k in (r.actor1_key, r.actor2_key) if k}
    assoc: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, list[SourceRef]] = defaultdict(list)
    spans: dict[str, list[SpanRef]] = defaultdict(list)
    for i in range(0, len(event_ids), 500):
        part = event_ids[i:i + 500]
        for eid, key in conn.execute(select(event_actors.c.event_id, event_actors.c.actor_key)
                                     .where(event_actors.c.event_id.in_(part)).order_by(event_actors.c.position)):
            assoc[eid].append(key)
            actor_keys.add(key)
        for r in conn.execute(select(event_sources).where(event_sources.c.event_id.in_(part))
                              .order_by(event_sources.c.event_id, event_sources.c.position)):
            sources[r.event_id].append(SourceRef(r.name, r.name_ar, r.via))
        for r in conn.execute(select(evidence).where(evidence.c.event_id.in_(part))
                              .order_by(evidence.c.event_id, evidence.c.position)):
            spans[r.event_id].append(SpanRef(r.char_start, r.char_end, r.text))
    refs = {r.key: ActorRef(r.key, r.name, r.name_ar, r.kind, r.country_code, r.dict_id)
            for r in conn.execute(select(actors).where(actors.c.key.in_(list(actor_keys))))} if actor_keys else {}
    overrides: dict[str, dict[str, Any]] = defaultdict(dict)
    for cid, name, value in conn.execute(select(cluster_overrides.c.cluster_id, cluster_overrides.c.field,
                                                cluster_overrides.c.value)
                                         .where(cluster_overrides.c.cluster_id.in_(ids))):
        overrides[cid][name] = date.fromisoformat(value) if name == "event_date" and value else value
    reports: dict[str, list[Report]] = defaultdict(list)
    for r in ev_rows:
        reports[r.cluster_id].append(Report(
            r.id, r.article_id, r.ordinal, r.publisher, r.published, r.title, r.url, r.event_type, r.sub_event_type,
            r.event_date, r.time_precision, refs.get(r.actor1_key), refs.get(r.actor2_key), r.location,
            r.country_code, r.latitude, r.longitude, r.geo_precision, r.fatalities, list(r.fatality_reports or []),
            r.injuries, r.civilian_targeting, r.confidence, r.notes, r.merge_reason,
            [refs[k] for k in assoc.get(r.id, []) if k in refs], sources.get(r.id, []), spans.get(r.id, [])))
    member_articles = {r.article_id for r in ev_rows}
    copies: dict[str, list[CopyRef]] = defaultdict(list)
    by_article: dict[str, set[str]] = defaultdict(set)
    for r in ev_rows:
        by_article[r.article_id].add(r.cluster_id)
    arts = list(member_articles)
    for i in range(0, len(arts), 500):
        for r in conn.execute(select(articles.c.id, articles.c.duplicate_of, articles.c.publisher,
                                     articles.c.published, articles.c.url, articles.c.similarity)
                              .where(articles.c.duplicate_of.in_(arts[i:i + 500])).order_by(articles.c.seq)):
            for cid in by_article[r.duplicate_of]:
                copies[cid].append(CopyRef(r.id, r.duplicate_of, r.publisher, r.published, r.url, r.similarity))
    out = []
    for cid in ids:
        c = crow.get(cid)
        if c is None:
            continue
        out.append(StoredEvent(
            c.id, c.event_id_cnty, c.event_type, c.sub_event_type, c.event_date, c.time_precision,
            refs.get(c.actor1_key), refs.get(c.actor2_key), c.location, c.country_code, c.admin1, c.admin2,
            c.latitude, c.longitude, c.geo_precision, c.fatalities_low, c.fatalities_best, c.fatalities_high,
            c.injuries, c.civilian_targeting, c.notes, c.n_events, c.n_articles, aware(c.created_at),
            aware(c.updated_at), c.version, c.review_status, c.reviewed_by, aware(c.reviewed_at),
            overrides.get(cid, {}), reports.get(cid, []), copies.get(cid, [])))
    return out
