"""Clusters in the database: assigning a new event, recomputing a cluster, splitting, re-clustering.

Everything here runs inside the caller's transaction. The rules themselves are in :mod:`marsad.store.cluster`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, update

from marsad.errors import StoreConflict, StoreNotFound
from marsad.export.reference import load_countries
from marsad.store.cluster import (
    MAX_DAY_GAP,
    MAX_KM,
    ActorInfo,
    ActorRelations,
    ClusterValues,
    Facet,
    Member,
    aggregate,
    choose,
    event_number,
    facet_of,
    member_facet,
)
from marsad.store.tables import actors, articles, audit_log, cluster_links, cluster_overrides, clusters, events

_MEMBER_COLUMNS = (events.c.id, events.c.article_id, articles.c.seq, events.c.ordinal, articles.c.published,
                   events.c.event_type, events.c.sub_event_type, events.c.event_date, events.c.time_precision,
                   events.c.actor1_key, events.c.actor2_key, events.c.place_key, events.c.location,
                   events.c.country_code, events.c.admin1, events.c.admin2, events.c.latitude, events.c.longitude,
                   events.c.geo_precision, events.c.fatalities, events.c.fatality_reports, events.c.injuries,
                   events.c.civilian_targeting, events.c.confidence, events.c.notes)


def _member(row) -> Member:
    return Member(*row)


# Statements built once (ingest runs them for every event)
_MEMBERS = (select(events.c.cluster_id, *_MEMBER_COLUMNS).join(articles, events.c.article_id == articles.c.id)
            .where(events.c.cluster_id.in_(bindparam("ids", expanding=True)))
            .order_by(articles.c.seq, events.c.ordinal))
_WINDOW = (select(clusters.c.id, clusters.c.family, clusters.c.sub_event_type, clusters.c.event_date,
                  clusters.c.time_precision, clusters.c.country_code, clusters.c.admin1, clusters.c.latitude,
                  clusters.c.longitude, clusters.c.geo_precision, clusters.c.actor1_key, clusters.c.actor2_key)
           .where(clusters.c.country_code == bindparam("cc"), clusters.c.family == bindparam("family"),
                  clusters.c.event_date.between(bindparam("lo"), bindparam("hi")),
                  # near enough to be within any distance rule, or in the same governorate (province-level places)
                  or_(and_(clusters.c.latitude.between(bindparam("lat_lo"), bindparam("lat_hi")),
                           clusters.c.longitude.between(bindparam("lon_lo"), bindparam("lon_hi"))),
                      clusters.c.admin1 == bindparam("admin1"))))
_WINDOW_MEMBERS = (select(events.c.cluster_id, events.c.id, events.c.article_id, articles.c.published)
                   .join(articles, events.c.article_id == articles.c.id)
                   .where(events.c.cluster_id.in_(bindparam("ids", expanding=True))))
_ACTORS = (select(actors.c.key, actors.c.name, actors.c.kind, actors.c.dict_id, actors.c.country_code)
           .where(actors.c.key.in_(bindparam("keys", expanding=True))))
_CLUSTER_BY_ID = select(clusters.c.id).where(clusters.c.id == bindparam("id"))
_CLUSTER_BY_CNTY = select(clusters.c.id).where(clusters.c.event_id_cnty == bindparam("cnty"))
_INSERT_CLUSTER = clusters.insert()
_UPDATE_CLUSTER = (update(clusters).where(clusters.c.id == bindparam("cluster_id"))
                   .values(version=clusters.c.version + 1))


def load_members(conn: Connection, cluster_ids: Iterable[str]) -> dict[str, list[Member]]:
    ids = list(cluster_ids)
    out: dict[str, list[Member]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        for row in conn.execute(_MEMBERS, {"ids": ids[i:i + 500]}):
            out[row[0]].append(_member(row[1:]))
    return out


def iso3_of(country_code: str | None) -> str:
    c = load_countries().get(country_code or "")
    return c.iso3 if c else "XXX"


class Clusterer:
    """Assigns events to clusters; caches what it learnt about actors (kinds, dictionary ids)."""

    def __init__(self) -> None:
        self.actor_info: dict[str, ActorInfo] = {}
        self.relations = ActorRelations(self.actor_info)

    def know(self, info: ActorInfo) -> None:
        self.actor_info[info.key] = info

    def _load_actors(self, conn: Connection, keys: Iterable[str | None]) -> None:
        missing = {k for k in keys if k is not None and k not in self.actor_info}
        if missing:
            for row in conn.execute(_ACTORS, {"keys": sorted(missing)}):
                self.actor_info[row.key] = ActorInfo(row.key, row.name, row.kind, row.dict_id, row.country_code)

    def candidates(self, conn: Connection, f: Facet) -> list[tuple[str, Facet]]:
        """Stored clusters in the same country and family within the widest date window (index on date)."""
        if f.event_date is None or f.country_code is None or f.latitude is None or f.longitude is None:
            return []
        lo, hi = f.event_date - timedelta(days=MAX_DAY_GAP), f.event_date + timedelta(days=MAX_DAY_GAP)
        dlat = MAX_KM / 111.0
        dlon = MAX_KM / (111.0 * max(0.1, math.cos(math.radians(f.latitude))))
        rows = conn.execute(_WINDOW, {"cc": f.country_code, "family": f.family, "lo": lo, "hi": hi,
                                      "lat_lo": f.latitude - dlat, "lat_hi": f.latitude + dlat,
                                      "lon_lo": f.longitude - dlon, "lon_hi": f.longitude + dlon,
                                      "admin1": f.admin1}).all()
        if not rows:
            return []
        published: dict[str, set] = defaultdict(set)
        arts: dict[str, set[str]] = defaultdict(set)
        evs: dict[str, set[str]] = defaultdict(set)
        for cid, eid, aid, pub in conn.execute(_WINDOW_MEMBERS, {"ids": [r.id for r in rows]}):
            published[cid].add(pub)
            arts[cid].add(aid)
            evs[cid].add(eid)
        self._load_actors(conn, [k for r in rows for k in (r.actor1_key, r.actor2_key)] + [f.actor1, f.actor2])
        return [(r.id, Facet(r.family, r.sub_event_type, r.event_date, r.time_precision, r.country_code, r.admin1,
                             r.latitude, r.longitude, r.geo_precision, r.actor1_key, r.actor2_key,
                             frozenset(published[r.id]), frozenset(arts[r.id]), frozenset(evs[r.id])))
                for r in rows]

    def assign(self, conn: Connection, m: Member) -> tuple[str, str | None]:
        """The cluster ``m`` joins and why, or a new cluster id and None (the caller creates the row)."""
        f = member_facet(m)
        choice = choose(f, self.candidates(conn, f), self.relations)
        if choice is not None:
            return choice[0], choice[1].reason
        return free_cluster_id(conn, m.id), None


def free_cluster_id(conn: Connection, base: str, taken: set[str] | None = None) -> str:
    """``base`` (an event id) or, when a cluster already has that id, ``base~1``, ``base~2`` …"""
    cid, n = base, 0
    while (taken is not None and cid in taken) or conn.execute(_CLUSTER_BY_ID, {"id": cid}).first():
        n += 1
        cid = f"{base}~{n}"
    return cid


def create_cluster(conn: Connection, cid: str, values: ClusterValues, now: datetime) -> str:
    """Insert a cluster row; its ``event_id_cnty`` (ISO3 + a number hashed from the id) is fixed here."""
    iso3 = iso3_of(values.country_code)
    n = event_number(cid)
    while conn.execute(_CLUSTER_BY_CNTY, {"cnty": f"{iso3}{n}"}).first():
        n = n + 1 if n < 9_999_999_999 else 1_000_000_000  # a hash collision: the next free number
    conn.execute(_INSERT_CLUSTER, dict(id=cid, event_id_cnty=f"{iso3}{n}", created_at=now, updated_at=now, version=1,
                                       review_status="unreviewed", **values.as_columns()))
    return f"{iso3}{n}"


def refresh_cluster(conn: Connection, cid: str, now: datetime, members: list[Member] | None = None) -> bool:
    """Recompute a cluster's values from its members; a cluster left without members is deleted.
    Returns False when the cluster was deleted."""
    if members is None:
        members = load_members(conn, [cid]).get(cid, [])
    if not members:
        conn.execute(delete(cluster_overrides).where(cluster_overrides.c.cluster_id == cid))
        conn.execute(delete(clusters).where(clusters.c.id == cid))
        return False
    conn.execute(_UPDATE_CLUSTER, {"cluster_id": cid, "updated_at": now, **aggregate(members).as_columns()})
    return True


# --- split -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SplitResult:
    event_id: str
    old_cluster: str
    new_cluster: str
    event_id_cnty: str


def split_event(conn: Connection, event_id: str, *, user: str, reason: str | None, now: datetime) -> SplitResult:
    """Move ``event_id`` out of its cluster into a cluster of its own, and remember it: the event gets a
    'cannot' link to every other member, so re-clustering keeps them apart. The cluster it leaves keeps its id
    (and its ``event_id_cnty``, reviews and edits); the new one is named after the event (``~N`` when that
    name is the cluster it leaves)."""
    row = conn.execute(select(events.c.id, events.c.cluster_id).where(events.c.id == event_id)).first()
    if row is None:
        raise StoreNotFound(f"no event {event_id!r}")
    old = row.cluster_id
    others = [r[0] for r in conn.execute(select(events.c.id)
                                         .where(events.c.cluster_id == old, events.c.id != event_id))]
    if not others:
        raise StoreConflict(f"event {event_id} is alone in cluster {old}: nothing to split it from")
    new = free_cluster_id(conn, event_id)
    me = load_members(conn, [old])[old]
    mine = [m for m in me if m.id == event_id]
    cnty = create_cluster(conn, new, aggregate(mine), now)
    conn.execute(update(events).where(events.c.id == event_id).values(cluster_id=new, merge_reason=None, merged_at=now))
    for other in others:
        a, b = sorted((event_id, other))
        if not conn.execute(select(cluster_links.c.kind).where(cluster_links.c.event_a == a,
                                                               cluster_links.c.event_b == b)).first():
            conn.execute(cluster_links.insert().values(event_a=a, event_b=b, kind="cannot", created_by=user,
                                                       created_at=now, reason=reason))
    refresh_cluster(conn, old, now, [m for m in me if m.id != event_id])
    conn.execute(audit_log.insert().values(at=now, username=user, action="split", entity="event", entity_id=event_id,
                                           field="cluster_id", before=old, after=new, comment=reason))
    # and in the history of the cluster it left, which is where a reviewer looks
    conn.execute(audit_log.insert().values(at=now, username=user, action="split", entity="cluster", entity_id=old,
                                           field="members", before=sorted([*others, event_id]), after=sorted(others),
                                           comment=reason))
    return SplitResult(event_id, old, new, cnty)


# --- re-clustering ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReclusterResult:
    events: int
    clusters: int
    moved: int  # events whose cluster changed
    removed: list[str]  # clusters that no longer exist


def recluster(conn: Connection, *, user: str, now: datetime) -> ReclusterResult:
    """Replay the merging over every stored event in ingest order (after a rule change, or to check that the
    incremental result is the batch result). Splits are kept (their 'cannot' links are honoured); a cluster
    whose founding event founds again keeps its id, event_id_cnty, edits and review."""
    rows = conn.execute(select(events.c.cluster_id, events.c.merge_reason, *_MEMBER_COLUMNS)
                        .join(articles, events.c.article_id == articles.c.id)
                        .order_by(articles.c.seq, events.c.ordinal)).all()
    cannot: dict[str, set[str]] = defaultdict(set)
    for a, b in conn.execute(select(cluster_links.c.event_a, cluster_links.c.event_b)
                             .where(cluster_links.c.kind == "cannot")):
        cannot[a].add(b)
        cannot[b].add(a)
    clusterer = Clusterer()
    clusterer._load_actors(conn, [k for r in rows for k in (r.actor1_key, r.actor2_key)])
    members: dict[str, list[Member]] = {}
    facets: dict[str, Facet] = {}
    index: dict[tuple[str, str, date], set[str]] = defaultdict(set)
    assigned: dict[str, tuple[str, str | None]] = {}
    previous = {r.id: (r.cluster_id, r.merge_reason) for r in rows}

    def put(cid: str) -> None:
        values = aggregate(members[cid])
        old = facets.get(cid)
        if old is not None and old.event_date is not None and old.country_code is not None:
            index[(old.country_code, old.family, old.event_date)].discard(cid)
        facets[cid] = facet_of(values, members[cid])
        if values.event_date is not None and values.country_code is not None:
            index[(values.country_code, values.family, values.event_date)].add(cid)

    for r in rows:
        m = _member(r[2:])
        f = member_facet(m)
        cands: list[tuple[str, Facet]] = []
        if f.event_date is not None and f.country_code is not None:
            for d in range(-MAX_DAY_GAP, MAX_DAY_GAP + 1):
                for cid in index.get((f.country_code, f.family, f.event_date + timedelta(days=d)), ()):
                    if not (cannot.get(m.id, set()) & facets[cid].events):
                        cands.append((cid, facets[cid]))
        choice = choose(f, cands, clusterer.relations)
        if choice is not None:
            cid = choice[0]
            members[cid].append(m)
            assigned[m.id] = (cid, choice[1].reason)
        else:
            prev = previous[m.id][0]
            cid = prev if prev is not None and prev not in members else m.id
            n = 0
            while cid in members:
                n += 1
                cid = f"{m.id}~{n}"
            members[cid] = [m]
            assigned[m.id] = (cid, None)
        put(cid)

    existing = {r[0]: r[1] for r in conn.execute(select(clusters.c.id, clusters.c.event_id_cnty))}
    for cid, ms in members.items():
        if cid not in existing:
            create_cluster(conn, cid, aggregate(ms), now)
    moved = 0
    for eid, (cid, reason) in assigned.items():
        if previous[eid] != (cid, reason):
            moved += previous[eid][0] != cid
            conn.execute(update(events).where(events.c.id == eid).values(cluster_id=cid, merge_reason=reason,
                                                                          merged_at=now))
    for cid, ms in members.items():
        if cid in existing:
            values = aggregate(ms).as_columns()
            cur = conn.execute(select(*[clusters.c[k] for k in values]).where(clusters.c.id == cid)).first()
            if cur is not None and tuple(cur) != tuple(values.values()):
                conn.execute(update(clusters).where(clusters.c.id == cid)
                             .values(updated_at=now, version=clusters.c.version + 1, **values))
    removed = sorted(set(existing) - set(members))
    for cid in removed:
        conn.execute(delete(cluster_overrides).where(cluster_overrides.c.cluster_id == cid))
        conn.execute(delete(clusters).where(clusters.c.id == cid))
        conn.execute(audit_log.insert().values(at=now, username=user, action="recluster", entity="cluster",
                                               entity_id=cid, field=None, before=existing[cid], after=None,
                                               comment="no member left after re-clustering"))
    return ReclusterResult(len(rows), len(members), moved, removed)


def cluster_counts(conn: Connection) -> tuple[int, int]:
    """(clusters, clusters with more than one article)."""
    total = conn.execute(select(func.count()).select_from(clusters)).scalar_one()
    merged = conn.execute(select(func.count()).select_from(clusters).where(clusters.c.n_articles > 1)).scalar_one()
    return total, merged

