"""Cross-article merging: reports of one event from several articles become one cluster (one ACLED event).

ACLED's rule is one event per actor pair, place and day. A new event joins a stored cluster when

- the **type family** agrees: political violence (Battles, Explosions/Remote violence, Violence against
  civilians — one report's «اشتباكات» is another's «قصف»), demonstrations (Protests, Riots), or for a
  strategic development the same sub-event type;
- the **actors** are compatible: paired in either order (ACLED's actor1/actor2 carry no direction), each side
  the same actor, a part of it (the dictionary's parent chain: an air force and its army), the generic state
  forces of the same country, or not named in one report; and at least one actor matches — two reports naming
  no actor at all must agree on the sub-event type;
- the **place** is near: within 10 km when both are a named town (geo precision 1), 25 km when one is near a
  town or part of a district (2), 60 km or the same governorate when one is a province (3);
- the **day** is the same, or 1 day apart (2 when a date is a range) when the reports were published on
  different days — «أمس» in two papers printed a day apart can mean one day, while two reports printed the
  same day that name two days describe two events;
- the cluster holds no other event of the same article (the extractor already decided those are distinct) and
  no event the new one was split away from.

Each merge keeps a reason: «same type family (political violence), same actor pair Syrian Democratic
Forces↔Islamic State, 3.2 km apart, same day». Of several candidate clusters the one with the most matching
actors, then the nearest day, then the nearest place wins.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
DEMONSTRATIONS = frozenset({"Protests", "Riots"})
MAX_DAY_GAP = 2  # the widest date window any rule uses: the candidate query's window
_KM = {1: 10.0, 2: 25.0, 3: 60.0}
MAX_KM = max(_KM.values()) + 1.0  # the candidate query's box (a little wider than any rule)
_UNIDENTIFIED = frozenset({"GEN-UAG", "GEN-MILITANTS", "GEN-ORG", "GEN-MILITIA"})


def family_of(event_type: str, sub_event_type: str) -> str:
    """The merge family: «political violence», «demonstrations» or «strategic developments: Arrests»."""
    if event_type in VIOLENCE:
        return "political violence"
    if event_type in DEMONSTRATIONS:
        return "demonstrations"
    return f"{event_type.lower()}: {sub_event_type}"


@dataclass(frozen=True, slots=True)
class ActorInfo:
    key: str
    name: str
    kind: str
    dict_id: str | None
    country_code: str | None


@dataclass(slots=True)
class Facet:
    """What merging compares, for one event or for a cluster (its computed values plus its members)."""

    family: str
    sub_event_type: str
    event_date: date | None
    time_precision: int | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    published: frozenset[date | None] = frozenset()  # publication dates of the reports
    articles: frozenset[str] = frozenset()  # ids of the member articles
    events: frozenset[str] = frozenset()  # ids of the member events


@dataclass(frozen=True, slots=True)
class Match:
    positives: int
    day_gap: int
    km: float
    reason: str

    @property
    def rank(self) -> tuple[int, int, float]:
        return (-self.positives, self.day_gap, self.km)


class ActorRelations:
    """How two stored actors relate, from their keys and the actor dictionary's parent chains."""

    def __init__(self, actors: Mapping[str, ActorInfo]):
        self.actors = actors

    def relation(self, a: str | None, b: str | None) -> str:
        """'same', 'related', 'unknown' (not named, or an unidentified armed group) or 'conflict'."""
        if a is None or b is None:
            return "unknown"
        if a == b:
            return "same"
        ia, ib = self.actors.get(a), self.actors.get(b)
        if ia is None or ib is None:
            return "conflict"
        if ia.dict_id in _UNIDENTIFIED or ib.dict_id in _UNIDENTIFIED:
            armed = {"rebel_group", "political_militia", "identity_militia"}
            return "unknown" if ia.kind in armed and ib.kind in armed else "conflict"
        if ia.dict_id and ib.dict_id:
            if ia.dict_id in _ancestors(ib.dict_id) or ib.dict_id in _ancestors(ia.dict_id):
                return "related"
            generic_a, generic_b = is_generic(ia.dict_id), is_generic(ib.dict_id)
            if (generic_a or generic_b) and ia.kind == ib.kind and ia.kind in ("state_forces", "civilians") \
                    and ia.country_code is not None and ia.country_code == ib.country_code:
                return "related"  # «قوات الأمن» and the named police of the same country; two civilian groups
        return "conflict"

    def name(self, key: str | None) -> str:
        if key is None:
            return "(not named)"
        info = self.actors.get(key)
        return info.name if info else key


@cache
def _dictionary():
    from marsad.extract.actor_dict import load_actor_dictionary

    return load_actor_dictionary()


@cache
def _ancestors(dict_id: str) -> frozenset[str]:
    d = _dictionary()
    out: set[str] = set()
    cur = d.entries.get(dict_id)
    while cur is not None and cur.parent is not None and cur.parent not in out:
        out.add(cur.parent)
        cur = d.entries.get(cur.parent)
    return frozenset(out)


@cache
def is_generic(dict_id: str) -> bool:
    """A generic dictionary entry, named after the country of its context («قوات الأمن», GEN-SECURITY)."""
    entry = _dictionary().entries.get(dict_id)
    return bool(entry and entry.generic)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def compare(ev: Facet, cl: Facet, rel: ActorRelations) -> Match | None:
    """A :class:`Match` with its reason when ``ev`` may join ``cl``, else None."""
    if ev.family != cl.family or ev.country_code is None or ev.country_code != cl.country_code:
        return None
    if ev.articles & cl.articles or ev.events & cl.events:
        return None
    # --- day
    if ev.event_date is None or cl.event_date is None:
        return None
    gap = abs((ev.event_date - cl.event_date).days)
    if gap == 0:
        day = "same day"
    else:
        window = 1 if (ev.time_precision or 3) <= 1 and (cl.time_precision or 3) <= 1 else MAX_DAY_GAP
        if (ev.time_precision or 3) >= 3 or (cl.time_precision or 3) >= 3 or gap > window:
            return None
        if ev.published & cl.published:
            return None  # printed the same day yet naming two days: two events
        day = f"{gap} day{'s' if gap > 1 else ''} apart (reports published on different days)"
    # --- place
    if None in (ev.latitude, ev.longitude, cl.latitude, cl.longitude):
        return None
    km = haversine_km(ev.latitude, ev.longitude, cl.latitude, cl.longitude)  # type: ignore[arg-type]
    precision = max(ev.geo_precision or 3, cl.geo_precision or 3)
    same_admin1 = ev.admin1 is not None and ev.admin1 == cl.admin1
    if km > _KM.get(precision, 60.0) and not (precision >= 3 and same_admin1):
        return None
    place = f"{km:.1f} km apart" if km <= _KM.get(precision, 60.0) else f"same governorate ({ev.admin1})"
    # --- actors
    best: tuple[int, int, str] | None = None
    for x1, x2 in ((cl.actor1, cl.actor2), (cl.actor2, cl.actor1)):
        r1, r2 = rel.relation(ev.actor1, x1), rel.relation(ev.actor2, x2)
        if "conflict" in (r1, r2):
            continue
        positives = sum(r in ("same", "related") for r in (r1, r2))
        same = sum(r == "same" for r in (r1, r2))
        if positives == 0 and any(a is not None for a in (ev.actor1, ev.actor2, cl.actor1, cl.actor2)):
            continue
        if best is not None and (positives, same) <= best[:2]:
            continue
        if positives == 0:
            who = "no actor named in either report"
        elif same == 1 and positives == 1 and (r1, r2).count("unknown") == 1 \
                and (ev.actor1 is None) != (ev.actor2 is None) and (x1 is None) != (x2 is None):
            who = f"same actor {rel.name(ev.actor1 or ev.actor2)}"
        elif same == 2:
            who = f"same actor pair {rel.name(ev.actor1)}↔{rel.name(ev.actor2)}"
        else:
            who = f"compatible actors {rel.name(ev.actor1)}↔{rel.name(ev.actor2)} / {rel.name(x1)}↔{rel.name(x2)}"
        best = (positives, same, who)
    if best is None:
        return None
    if best[0] == 0 and ev.sub_event_type != cl.sub_event_type:
        return None
    return Match(best[0], gap, km, f"same type family ({ev.family}), {best[2]}, {place}, {day}")


def choose(ev: Facet, candidates: Iterable[tuple[str, Facet]], rel: ActorRelations) -> tuple[str, Match] | None:
    """The best cluster for ``ev`` among ``(cluster id, facet)`` candidates, or None."""
    best: tuple[str, Match] | None = None
    for cid, facet in candidates:
        m = compare(ev, facet, rel)
        if m is not None and (best is None or (m.rank, cid) < (best[1].rank, best[0])):
            best = (cid, m)
    return best


# --- the values of a cluster, computed from its members --------------------------------------------------------------


@dataclass(slots=True)
class Member:
    """One member event as aggregation needs it (``seq`` is its article's ingest order)."""

    id: str
    article_id: str
    seq: int
    ordinal: int
    published: date | None
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int | None
    actor1: str | None
    actor2: str | None
    place_key: str | None
    location: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    fatality_reports: list[int] | None
    injuries: int | None
    civilian_targeting: bool | None
    confidence: float
    notes: str | None


@dataclass(slots=True)
class ClusterValues:
    """The computed columns of a cluster row."""

    family: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    time_precision: int | None
    actor1_key: str | None
    actor2_key: str | None
    place_key: str | None
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
    facet_published: frozenset[date | None] = field(default_factory=frozenset)

    def as_columns(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__ if k != "facet_published"}  # type: ignore[attr-defined]


def representative(members: list[Member]) -> Member:
    """The most precise report: best place precision, then date precision, confidence, then the earliest stored."""
    return min(members, key=lambda m: (m.geo_precision or 9, m.time_precision or 9, -m.confidence, m.seq, m.ordinal))


def aggregate(members: list[Member]) -> ClusterValues:
    """Cluster values from its members: the representative's place, the commonest type and day, the
    representative's actors (a side it leaves unnamed filled from the other reports), and every reported
    fatality figure: low = the smallest figure any report gave, high = the largest, best = the median of the
    reports' own (lowest) figures."""
    rep = representative(members)
    types = Counter((m.event_type, m.sub_event_type) for m in members)
    top = max(types.values())
    event_type, sub_event_type = ((rep.event_type, rep.sub_event_type)
                                  if types[(rep.event_type, rep.sub_event_type)] == top
                                  else min(t for t, n in types.items() if n == top))
    precise = [m for m in members if m.event_date is not None and (m.time_precision or 3) <= (rep.time_precision or 3)]
    day = rep.event_date
    if precise:
        days = Counter(m.event_date for m in precise)
        n = max(days.values())
        day = rep.event_date if days.get(rep.event_date) == n else min(d for d, k in days.items() if k == n)
    a1, a2 = rep.actor1, rep.actor2
    if a1 is None or a2 is None:
        others = Counter(k for m in members for k in (m.actor1, m.actor2) if k is not None and k not in (a1, a2))
        for k, _ in others.most_common():
            if a1 is None:
                a1 = k
            elif a2 is None:
                a2 = k
            break
    figures = [f for m in members for f in ([m.fatalities] if m.fatalities is not None else []) + (m.fatality_reports
                                                                                                    or [])]
    own = sorted(m.fatalities for m in members if m.fatalities is not None)
    injuries = [m.injuries for m in members if m.injuries is not None]
    targeting = [m.civilian_targeting for m in members if m.civilian_targeting is not None]
    return ClusterValues(
        family=family_of(event_type, sub_event_type), event_type=event_type, sub_event_type=sub_event_type,
        event_date=day, time_precision=rep.time_precision, actor1_key=a1, actor2_key=a2, place_key=rep.place_key,
        location=rep.location, country_code=rep.country_code, admin1=rep.admin1, admin2=rep.admin2,
        latitude=rep.latitude, longitude=rep.longitude, geo_precision=rep.geo_precision,
        fatalities_low=min(figures) if figures else None,
        fatalities_best=statistics.median_low(own) if own else None,
        fatalities_high=max(figures) if figures else None,
        injuries=min(injuries) if injuries else None,
        civilian_targeting=any(targeting) if targeting else None,
        notes=rep.notes, n_events=len(members), n_articles=len({m.article_id for m in members}),
        facet_published=frozenset(m.published for m in members))


def facet_of(values: ClusterValues, members: list[Member]) -> Facet:
    return Facet(values.family, values.sub_event_type, values.event_date, values.time_precision, values.country_code,
                 values.admin1, values.latitude, values.longitude, values.geo_precision, values.actor1_key,
                 values.actor2_key, frozenset(m.published for m in members), frozenset(m.article_id for m in members),
                 frozenset(m.id for m in members))


def member_facet(m: Member) -> Facet:
    return Facet(family_of(m.event_type, m.sub_event_type), m.sub_event_type, m.event_date, m.time_precision,
                 m.country_code, m.admin1, m.latitude, m.longitude, m.geo_precision, m.actor1, m.actor2,
                 frozenset({m.published}), frozenset({m.article_id}), frozenset({m.id}))


def event_number(cluster_id: str) -> int:
    """The stable number of ``event_id_cnty``: ten digits from a hash of the cluster id.

    >>> event_number("sha256:7f3d5110aa33d0b1#1")
    3337972376
    """
    h = int(hashlib.sha256(cluster_id.encode("utf-8")).hexdigest()[:15], 16)
    return 1_000_000_000 + h % 9_000_000_000
