"""Within-article merge: reports of one incident (headline and body, two sources) become one event.

ACLED's unit: one event per actor pair, place and day. Two events merge when their type families are
compatible, their actors agree (an unknown side agrees with anything), their places are the same or
within ``MAX_KM``, and their dates overlap (an undated event fits any day of the fallback week).
"""

from __future__ import annotations

import math

from marsad.extract.events import EventDetail
from marsad.model import Document, Event

MAX_KM = 20.0
_GROUP = {
    "clash": "battle", "attack": "battle", "kill": "battle",
    "territory_gain": "territory", "territory_loss": "territory",
    "air": "remote", "shell": "remote", "explosion": "remote", "suicide": "remote", "chemical": "remote",
    "execution": "execution", "abduction": "abduction", "arrest": "arrest", "protest": "protest", "riot": "protest",
}

_LOOSE = frozenset({"kill", "attack", "other"})  # casualty and generic words take the type of what they join


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p = math.pi / 180
    h = (math.sin((b_lat - a_lat) * p / 2) ** 2
         + math.cos(a_lat * p) * math.cos(b_lat * p) * math.sin((b_lon - a_lon) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def _actor_id(ref) -> str | None:
    return ref.actor.id if ref is not None else None


def compatible(a: Event, b: Event, *, ignore_place: bool = False) -> bool:
    if _compatible(a, b, ignore_place=ignore_place):
        return True
    da: EventDetail = a.detail
    db: EventDetail = b.detail
    if da.sentence == db.sentence and "kill" in (da.family, db.family):
        # «أسفرت غارة عن مقتل 5، فيما قال ناشطون إن عدد القتلى بلغ 7»: one event, two tolls
        fa, fb, fam_a, fam_b = a.fatalities, b.fatalities, da.family, db.family
        a.fatalities = b.fatalities = None
        da.family = db.family = fam_a if fam_a != "kill" else fam_b
        try:
            return _compatible(a, b, ignore_place=ignore_place)
        finally:
            a.fatalities, b.fatalities, da.family, db.family = fa, fb, fam_a, fam_b
    return False


def _compatible(a: Event, b: Event, *, ignore_place: bool = False) -> bool:
    da: EventDetail = a.detail
    db: EventDetail = b.detail
    # a headline sums up a body event in other words («بدء معركة استعادة العند» / «شنت القوات هجوما
    # لاستعادة العند»): for a title, the same ACLED event type is enough
    headline = ((da.title and len(a.evidence) == 1) or (db.title and len(b.evidence) == 1)) \
        and a.event_type == b.event_type  # (a headline that already found its body event stays with it)
    if not headline and _GROUP.get(da.family, da.family) != _GROUP.get(db.family, db.family):
        return False
    if not headline and da.family != db.family and da.family not in _LOOSE and db.family not in _LOOSE:
        return False  # a suicide bombing and an air strike are two events even on one day
    a1, a2, b1, b2 = _actor_id(da.agent), _actor_id(da.target), _actor_id(db.agent), _actor_id(db.target)
    if a1 and b1 and a1 != b1 and not (a1 == b2 and b1 == a2):
        return False  # different doers (a clash told from either side is the same event)
    if a2 and b2 and a2 != b2 and not (da.target.actor.generic or db.target.actor.generic) and a1 != b2:
        return False
    la, lb = a.location, b.location
    if la and lb and la.latitude is not None and lb.latitude is not None and not ignore_place:
        coarse = max(la.geo_precision, lb.geo_precision) == 3 and la.country_code == lb.country_code
        limit = MAX_KM if max(la.geo_precision, lb.geo_precision) == 1 else 4 * MAX_KM
        if not coarse and _km(la.latitude, la.longitude, lb.latitude, lb.longitude) > limit:
            return False  # a province-level report fits any town inside it; «ريف X» the towns around X
    if a.fatalities is not None and b.fatalities is not None and a.fatalities != b.fatalities \
            and not (da.date_fallback or db.date_fallback):
        return False
    ra = a.date_range or (a.event_date, a.event_date)
    rb = b.date_range or (b.event_date, b.event_date)
    if da.date_fallback or db.date_fallback:
        return ra[0] <= rb[1] and rb[0] <= ra[1]
    return a.event_date == b.event_date or (ra[0] <= rb[1] and rb[0] <= ra[1] and (a.date_range or b.date_range))


def absorb(into: Event, other: Event) -> None:
    """Keep every evidence span, source and figure; the better-specified fields win."""
    di: EventDetail = into.detail
    do: EventDetail = other.detail
    into.evidence.extend(s for s in other.evidence if s not in into.evidence)
    di.attributions.extend(x for x in do.attributions if x not in di.attributions)
    into.fatality_reports = sorted(set(into.fatality_reports) | set(other.fatality_reports))
    into.fatalities = min(into.fatality_reports) if into.fatality_reports else None
    if into.injuries is None:
        into.injuries = other.injuries
    if di.agent is None:
        di.agent = do.agent
    seen = {r.actor.id for r in (di.agent, di.target, *di.assoc) if r is not None}
    for r in (do.agent, do.target, *do.assoc):
        if r is not None and r.actor.id not in seen and not r.actor.generic:
            di.assoc.append(r)
            seen.add(r.actor.id)
    if di.target is None or (do.target is not None and di.target.actor.id == _actor_id(di.agent)):
        di.target = do.target
    if into.location is None or (other.location is not None
                                 and other.location.geo_precision < into.location.geo_precision):
        into.location = other.location
        di.place = do.place
    if di.date_fallback and not do.date_fallback:
        into.event_date, into.date_range, into.time_precision = other.event_date, other.date_range, other.time_precision
        di.date_fallback, di.time = False, do.time
    into.civilian_targeting = into.civilian_targeting or other.civilian_targeting
    into.confidence = min(0.99, max(into.confidence, other.confidence) + 0.05)


def _echo(ev: Event) -> bool:
    """An undated mention with no figure and a side missing: «عملية الاختطاف», «الهجوم» told again."""
    d: EventDetail = ev.detail
    return (d.date_fallback and ev.fatalities is None and (d.agent is None or d.target is None)
            and (ev.location is None or ev.location.geo_precision == 3))


def _shared_actor(a: Event, b: Event) -> bool:
    ids_a = {_actor_id(r) for r in (a.detail.agent, a.detail.target)} - {None}
    ids_b = {_actor_id(r) for r in (b.detail.agent, b.detail.target)} - {None}
    return bool(ids_a & ids_b)


class MergeStage:
    def __call__(self, doc: Document) -> Document:
        merged: list[Event] = []
        for ev in doc.events:
            for kept in merged:
                if compatible(kept, ev):
                    absorb(kept, ev)
                    break
            else:
                merged.append(ev)
        # second pass: an echo of an event already reported joins it even when its place differs
        out: list[Event] = []
        for ev in merged:
            if _echo(ev):
                host = next((k for k in merged if k is not ev and not _echo(k) and k.detail.family == ev.detail.family
                             and _shared_actor(k, ev) and compatible(k, ev, ignore_place=True)), None)
                if host is not None:
                    absorb(host, ev)
                    continue
            out.append(ev)
        merged = out
        for i, ev in enumerate(merged, 1):
            ev.id = f"{doc.article.id}#{i}"
        doc.events = merged
        return doc
