"""Searching clusters for the web app and the REST API: filters on the values an analyst sees (reviewed values
applied), sorting, paging, counts per day and type, the actors and places in use, and an article with every
evidence span.

A search reads light rows (a cluster's columns, its actors' names and its reviewed values), never the reports:
SQL narrows the candidates on the computed columns (every cluster with reviewed values stays a candidate),
Python checks the effective values, sorts and pages. :func:`marsad.store.query.load_events` then loads the one
page shown in full.

>>> q = EventQuery(countries=["SY"], types=["Battles"], text="الرقة", min_fatalities=1, sort="-fatalities")
>>> with connect(store.engine) as conn, conn.begin():             # doctest: +SKIP
...     page = search_events(conn, q)                             # EventPage(total, items=[EventBrief, …])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from marsad.errors import BadOption, StoreNotFound
from marsad.store.engine import aware
from marsad.store.query import SpanRef, computed_conds, type_matches
from marsad.store.schema import REVIEW_STATES
from marsad.store.tables import (
    actors,
    articles,
    cluster_overrides,
    clusters,
    event_sources,
    events,
    evidence,
    places,
)

SORTS = ("date", "fatalities", "updated", "articles", "id")


@dataclass(slots=True)
class EventQuery:
    """Which clusters, in which order. Empty fields do not filter. ``types`` are ACLED event, sub-event or
    disorder types; ``actor`` an actor key (``SY-REGIME``) or part of an actor's English or Arabic name;
    ``bbox`` (west, south, east, north) in degrees; ``text`` a word or phrase found in the location, admin1,
    notes, actor names (Arabic normalised: «الرقة» finds «الرقه») or a member article's title or text;
    ``statuses`` review states (empty: every state but rejected); ``sort`` one of :data:`SORTS`, ``-`` first
    for descending; ``limit`` None for all."""

    since: date | None = None
    until: date | None = None
    countries: Sequence[str] = ()
    admin1: Sequence[str] = ()
    types: Sequence[str] = ()
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    min_fatalities: int | None = None
    statuses: Sequence[str] = ()
    sort: str = "-date"
    offset: int = 0
    limit: int | None = 100

    def check(self) -> EventQuery:
        bad = [s for s in self.statuses if s not in REVIEW_STATES]
        if bad:
            raise BadOption(f"unknown review status {bad[0]!r}; one of {', '.join(REVIEW_STATES)}")
        if self.sort.lstrip("-") not in SORTS:
            raise BadOption(f"unknown sort {self.sort!r}; one of {', '.join(SORTS)} (prefix - for descending)")
        if self.bbox is not None:
            w, s, e, n = self.bbox
            if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
                raise BadOption("bbox is west,south,east,north in degrees (south <= north)")
        if self.offset < 0 or (self.limit is not None and self.limit < 0):
            raise BadOption("offset and limit cannot be negative")
        return self


@dataclass(frozen=True, slots=True)
class EventBrief:
    """A cluster as a list row or a map marker: effective values (reviewed ones where set)."""

    id: str
    event_id_cnty: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    actor1: str | None
    actor2: str | None
    actor1_key: str | None
    actor2_key: str | None
    location: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int
    n_articles: int
    review_status: str
    version: int
    updated_at: datetime
    edited: tuple[str, ...] = ()


@dataclass(slots=True)
class EventPage:
    total: int
    items: list[EventBrief] = field(default_factory=list)


def _allowed_subtypes(types: Iterable[str]) -> set[str]:
    """Sub-event types matching any of ``types`` (event, sub-event or disorder types, case-insensitive)."""
    from marsad.export.acled import EVENT_TYPES

    wanted = {t.casefold() for t in types}
    return {st for et, subs in EVENT_TYPES.items() for st in subs if type_matches(et, st, wanted)}


def _key(s: str | None) -> str:
    if not s:
        return ""
    from marsad.text.normalize import match_key

    return match_key(s)


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _actor_keys(conn: Connection, needle: str) -> set[str]:
    """Keys of actors whose key or dictionary id is ``needle``; when none, of those whose name contains it."""
    rows = conn.execute(select(actors.c.key, actors.c.dict_id, actors.c.name, actors.c.name_ar)).all()
    exact = {key for key, dict_id, _, _ in rows if needle in (key, dict_id)}
    if exact:  # "IS" is the Islamic State's id, not every name with "is" in it
        return exact
    k = _key(needle)
    return {key for key, _, name, name_ar in rows if k and (k in _key(name) or k in _key(name_ar))}


def _article_matches(conn: Connection, text: str) -> set[str]:
    """Clusters with a member article whose title or text contains ``text`` (as written)."""
    pat = _like(text)
    q = (select(events.c.cluster_id).join(articles, events.c.article_id == articles.c.id)
         .where(or_(articles.c.text.like(pat, escape="\\"), articles.c.title.like(pat, escape="\\")))
         .distinct())
    return {r[0] for r in conn.execute(q) if r[0] is not None}


def _rows(conn: Connection, q: EventQuery) -> list[EventBrief]:
    """Every cluster passing ``q``, unsorted."""
    q.check()
    a1, a2 = aliased(actors), aliased(actors)
    value_conds = computed_conds(q.since, q.until, q.countries)
    if q.admin1:
        value_conds.append(func.lower(clusters.c.admin1).in_([a.lower() for a in q.admin1]))
    subtypes: set[str] = set()
    if q.types:
        subtypes = _allowed_subtypes(q.types)
        value_conds.append(clusters.c.sub_event_type.in_(sorted(subtypes)) if subtypes else literal(False))
    if q.bbox is not None:
        w, s, e, n = q.bbox
        lon = clusters.c.longitude.between(w, e) if w <= e else or_(clusters.c.longitude >= w,
                                                                      clusters.c.longitude <= e)
        value_conds.append(and_(clusters.c.latitude.between(s, n), lon))
    if q.min_fatalities:
        value_conds.append(func.coalesce(clusters.c.fatalities_low, 0) >= q.min_fatalities)
    actor_keys: set[str] = set()
    if q.actor:
        actor_keys = _actor_keys(conn, q.actor)
        value_conds.append(or_(clusters.c.actor1_key.in_(sorted(actor_keys)),
                               clusters.c.actor2_key.in_(sorted(actor_keys))) if actor_keys else literal(False))
    in_articles: set[str] = set()
    if q.text:
        in_articles = _article_matches(conn, q.text)
        # the cluster's own fields are checked in Python (normalised Arabic), so any cluster may match: narrow
        # by SQL only on the other filters
    strict = []
    if q.statuses:
        strict.append(clusters.c.review_status.in_(list(q.statuses)))
    else:
        strict.append(clusters.c.review_status != "rejected")

    overrides: dict[str, dict[str, Any]] = defaultdict(dict)
    for cid, name, value in conn.execute(select(cluster_overrides.c.cluster_id, cluster_overrides.c.field,
                                                cluster_overrides.c.value)):
        overrides[cid][name] = value
    sel = (select(clusters.c.id, clusters.c.event_id_cnty, clusters.c.event_type, clusters.c.sub_event_type,
                  clusters.c.event_date, clusters.c.actor1_key, clusters.c.actor2_key, a1.c.name, a1.c.name_ar,
                  a2.c.name, a2.c.name_ar, clusters.c.location, clusters.c.country_code, clusters.c.admin1,
                  clusters.c.latitude, clusters.c.longitude, clusters.c.fatalities_low, clusters.c.n_articles,
                  clusters.c.review_status, clusters.c.version, clusters.c.updated_at, clusters.c.notes)
           .outerjoin(a1, clusters.c.actor1_key == a1.c.key).outerjoin(a2, clusters.c.actor2_key == a2.c.key)
           .where(*strict))
    if value_conds:
        edited = clusters.c.id.in_(sorted(overrides)) if overrides else literal(False)
        sel = sel.where(or_(and_(*value_conds), edited))
    text_key = _key(q.text) if q.text else ""
    admin1 = {a.casefold() for a in q.admin1}
    out = []
    for r in conn.execute(sel):
        ov = overrides.get(r.id, {})

        def v(name: str, computed: Any, ov=ov) -> Any:
            return ov[name] if name in ov else computed

        day = v("event_date", r.event_date)
        if isinstance(day, str):
            day = date.fromisoformat(day)
        et, st = v("event_type", r.event_type), v("sub_event_type", r.sub_event_type)
        lat, lon = v("latitude", r.latitude), v("longitude", r.longitude)
        fat = int(v("fatalities", r.fatalities_low) or 0)
        name1, name2 = v("actor1", r[7]), v("actor2", r[9])
        cc, adm1, loc = v("country_code", r.country_code), v("admin1", r.admin1), v("location", r.location)
        if ov:  # computed values passed SQL (or the cluster is edited): check the effective ones
            if q.since is not None and (day is None or day < q.since):
                continue
            if q.until is not None and (day is None or day > q.until):
                continue
            if q.countries and cc not in q.countries:
                continue
            if admin1 and (adm1 or "").casefold() not in admin1:
                continue
            if q.types and st not in subtypes:
                continue
            if q.bbox is not None and not _in_bbox(lat, lon, q.bbox):
                continue
            if q.min_fatalities and fat < q.min_fatalities:
                continue
            if q.actor and not _actor_hit(q.actor, actor_keys, ov, r.actor1_key, r.actor2_key):
                continue
        if q.text and r.id not in in_articles:
            fields = (loc, adm1, v("notes", r.notes), name1, name2, r[8] if "actor1" not in ov else None,
                      r[10] if "actor2" not in ov else None)
            if not any(text_key and text_key in _key(f) for f in fields if f):
                continue
        out.append(EventBrief(r.id, r.event_id_cnty, et, st, day, name1, name2, r.actor1_key, r.actor2_key, loc,
                              cc, adm1, lat, lon, fat, r.n_articles, r.review_status, r.version,
                              aware(r.updated_at), tuple(sorted(ov))))
    return out


def _actor_hit(needle: str, keys: set[str], ov: dict[str, Any], key1: str | None, key2: str | None) -> bool:
    """An edited cluster's actors match: a computed actor that is still in force, or a reviewed actor name."""
    if any(k in keys for name, k in (("actor1", key1), ("actor2", key2)) if name not in ov and k):
        return True
    k = _key(needle)
    return any(k and k in _key(ov.get(name)) for name in ("actor1", "actor2") if ov.get(name))


def _in_bbox(lat: float | None, lon: float | None, bbox: tuple[float, float, float, float]) -> bool:
    if lat is None or lon is None:
        return False
    w, s, e, n = bbox
    return s <= lat <= n and (w <= lon <= e if w <= e else (lon >= w or lon <= e))


def _sort_key(name: str):
    if name == "date":
        return lambda b: (b.event_date is None, b.event_date or date.min, b.event_id_cnty)
    if name == "fatalities":
        return lambda b: (b.fatalities, b.event_date or date.min, b.event_id_cnty)
    if name == "updated":
        return lambda b: (b.updated_at, b.event_id_cnty)
    if name == "articles":
        return lambda b: (b.n_articles, b.event_date or date.min, b.event_id_cnty)
    return lambda b: b.event_id_cnty


def search_events(conn: Connection, q: EventQuery) -> EventPage:
    """One page of clusters passing ``q`` in its order, with the total count."""
    rows = _rows(conn, q)
    desc = q.sort.startswith("-")
    name = q.sort.lstrip("-")
    if name == "date" and desc:  # newest first, undated last
        rows.sort(key=lambda b: (b.event_date is not None, b.event_date or date.min, b.event_id_cnty), reverse=True)
    else:
        rows.sort(key=_sort_key(name), reverse=desc)
    end = None if q.limit is None else q.offset + q.limit
    return EventPage(len(rows), rows[q.offset:end])


@dataclass(slots=True)
class Stats:
    """Counts over the clusters passing a query: by type, review state, country and day × type."""

    clusters: int = 0
    fatalities: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)
    by_day: dict[date, Counter[str]] = field(default_factory=dict)  # event date → event type → clusters
    first_day: date | None = None
    last_day: date | None = None


def event_stats(conn: Connection, q: EventQuery) -> Stats:
    s = Stats()
    for b in _rows(conn, q):
        s.clusters += 1
        s.fatalities += b.fatalities
        s.by_type[b.event_type] += 1
        s.by_status[b.review_status] += 1
        s.by_country[b.country_code or "??"] += 1
        if b.event_date is not None:
            s.by_day.setdefault(b.event_date, Counter())[b.event_type] += 1
    if s.by_day:
        s.first_day, s.last_day = min(s.by_day), max(s.by_day)
    s.by_day = dict(sorted(s.by_day.items()))
    return s


# --- actors and places in use ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorUse:
    key: str
    dict_id: str | None
    name: str
    name_ar: str
    kind: str
    country_code: str | None
    clusters: int  # clusters where it is actor1 or actor2


@dataclass(frozen=True, slots=True)
class PlaceUse:
    key: str
    name: str
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    clusters: int


def actor_uses(conn: Connection, *, text: str | None = None, limit: int | None = None) -> list[ActorUse]:
    counts: Counter[str] = Counter()
    for col in (clusters.c.actor1_key, clusters.c.actor2_key):
        for key, n in conn.execute(select(col, func.count()).where(col.is_not(None)).group_by(col)):
            counts[key] += n
    k = _key(text) if text else ""
    out = [ActorUse(r.key, r.dict_id, r.name, r.name_ar, r.kind, r.country_code, counts.get(r.key, 0))
           for r in conn.execute(select(actors))
           if not k or k in _key(r.name) or k in _key(r.name_ar) or text in (r.key, r.dict_id)]
    out.sort(key=lambda a: (-a.clusters, a.name))
    return out[:limit] if limit is not None else out


def place_uses(conn: Connection, *, text: str | None = None, countries: Sequence[str] = (),
               limit: int | None = None) -> list[PlaceUse]:
    counts = dict(conn.execute(select(clusters.c.place_key, func.count()).where(clusters.c.place_key.is_not(None))
                               .group_by(clusters.c.place_key)).all())
    q = select(places)
    if countries:
        q = q.where(places.c.country_code.in_(list(countries)))
    k = _key(text) if text else ""
    out = [PlaceUse(r.key, r.name, r.country_code, r.admin1, r.admin2, r.latitude, r.longitude, counts.get(r.key, 0))
           for r in conn.execute(q) if not k or k in _key(r.name) or k in _key(r.admin1)]
    out.sort(key=lambda p: (-p.clusters, p.name))
    return out[:limit] if limit is not None else out


# --- an article with every span -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceSpan:
    name: str
    name_ar: str | None
    via: str | None
    span: SpanRef | None


@dataclass(frozen=True, slots=True)
class ArticleEvent:
    """One event extracted from the article, with its evidence and source spans and its cluster."""

    event_id: str
    ordinal: int
    cluster_id: str | None
    event_id_cnty: str | None
    event_type: str
    sub_event_type: str
    event_date: date | None
    location: str | None
    fatalities: int | None
    merge_reason: str | None
    evidence: list[SpanRef]
    sources: list[SourceSpan]


def article_events(conn: Connection, article_id: str) -> list[ArticleEvent]:
    """The article's events in order, each with every evidence and source span (offsets into its text)."""
    if conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is None:
        raise StoreNotFound(f"no article {article_id!r}")
    rows = conn.execute(select(events, clusters.c.event_id_cnty)
                        .outerjoin(clusters, events.c.cluster_id == clusters.c.id)
                        .where(events.c.article_id == article_id).order_by(events.c.ordinal)).all()
    ids = [r.id for r in rows]
    spans: dict[str, list[SpanRef]] = defaultdict(list)
    srcs: dict[str, list[SourceSpan]] = defaultdict(list)
    if ids:
        for r in conn.execute(select(evidence).where(evidence.c.event_id.in_(ids))
                              .order_by(evidence.c.event_id, evidence.c.position)):
            spans[r.event_id].append(SpanRef(r.char_start, r.char_end, r.text))
        for r in conn.execute(select(event_sources).where(event_sources.c.event_id.in_(ids))
                              .order_by(event_sources.c.event_id, event_sources.c.position)):
            span = SpanRef(r.char_start, r.char_end, r.text or "") if r.char_start is not None else None
            srcs[r.event_id].append(SourceSpan(r.name, r.name_ar, r.via, span))
    return [ArticleEvent(r.id, r.ordinal, r.cluster_id, r.event_id_cnty, r.event_type, r.sub_event_type, r.event_date,
                         r.location, r.fatalities, r.merge_reason, spans.get(r.id, []), srcs.get(r.id, []))
            for r in rows]
