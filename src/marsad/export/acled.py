"""ACLED's columns and conventions, and the one function that turns a stored cluster into an ACLED row.

Conventions (ACLED codebook):

- ``event_id_cnty``: ISO alpha-3 + a number (``SYR3337972376``), fixed when the cluster is created (see
  :func:`marsad.store.cluster.event_number`); ``XXX`` when the place's country is unknown;
- ``event_date`` ``YYYY-MM-DD``; ``time_precision`` 1 day, 2 week or range, 3 month;
- ``disorder_type``: "Political violence" (battles, explosions, violence against civilians, mob violence),
  "Demonstrations" (protests and riots), "Political violence; Demonstrations" (excessive force against
  protesters), "Strategic developments";
- ``inter1``/``inter2``: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
  6 protesters, 7 civilians, 8 external/other forces (a state force acting outside its own country is 8 there),
  0 for no actor; ``interaction`` = the two codes, smaller first (``12``), or ``10`` … ``80`` for one actor;
- ``civilian_targeting``: "Civilian targeting" or empty; ``fatalities``: the lowest reported figure, 0 when none;
- ``iso`` numeric, ``country`` and ``region`` from ``data/countries``; ``source`` the outlets and named
  sources joined by "; "; ``source_scale`` from ``data/publishers`` (National, Regional, International, New
  media, Other, joined by "-"); ``tags`` "crowd size=no report" for demonstrations; ``timestamp`` the
  Unix time of the cluster's last change.
"""

from __future__ import annotations

from typing import Any

from marsad.export.reference import find_country, find_publisher, load_countries

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}

INTER = {"state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4, "rioters": 5,
         "protesters": 6, "civilians": 7, "external_force": 8, "other": 8}
_SCALES = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_event_type == "Mob violence":
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Political violence"


def inter_code(kind: str | None, actor_country: str | None, event_country: str | None) -> int:
    """ACLED's inter code for an actor kind; a state force outside its own country is an external force.

    >>> inter_code("state_forces", "TR", "SY"), inter_code("state_forces", "SY", "SY"), inter_code(None, None, "SY")
    (8, 1, 0)
    """
    if kind is None:
        return 0
    code = INTER.get(kind, 8)
    if code == 1 and actor_country and event_country and actor_country != event_country:
        return 8
    return code


def interaction(inter1: int, inter2: int) -> int:
    """>>> interaction(2, 1), interaction(7, 0), interaction(0, 0)
    (12, 70, 0)"""
    if inter1 and inter2:
        return 10 * min(inter1, inter2) + max(inter1, inter2)
    return 10 * (inter1 or inter2)


def source_scale(publishers: list[str], event_country: str | None) -> str:
    """"National" for an outlet of the event's country, "Regional" for a pan-Arab outlet or one from another
    country of the same ACLED region, "International" beyond, "New media" for web-only outlets, "Other" for
    outlets marsad does not know; several joined by "-" ("National-Regional")."""
    countries = load_countries()
    region = countries[event_country].region if event_country in countries else None
    scales: set[str] = set()
    for name in publishers:
        p = find_publisher(name)
        if p is None:
            scales.add("Other")
        elif p.reach == "international":
            scales.add("International")
        elif p.reach == "new media":
            scales.add("New media")
        elif p.reach == "regional":
            scales.add("Regional")
        elif p.country == event_country:
            scales.add("National")
        elif region is not None and p.country in countries and countries[p.country].region == region:
            scales.add("Regional")
        else:
            scales.add("International")
    return "-".join(s for s in _SCALES if s in scales) or "Other"


def _publisher_name(name: str | None) -> str | None:
    p = find_publisher(name)
    return p.name if p else name


def _fmt_float(x: Any) -> float | None:
    return None if x is None else round(float(x), 5)


def acled_row(ev) -> dict[str, Any]:
    """The ACLED row of a :class:`marsad.store.query.StoredEvent`, reviewed values applied (typed values:
    ints, floats, None for empty; the CSV writer prints None as an empty cell)."""
    v = ev.value
    day = v("event_date")
    event_type, sub_event_type = v("event_type"), v("sub_event_type")
    cc = v("country_code")
    country = find_country(cc)
    a1, a2 = ev.actor1, ev.actor2
    name1, name2 = v("actor1"), v("actor2")
    inter1 = v("inter1") if "inter1" in ev.overrides else inter_code(a1.kind if a1 else None,
                                                                       a1.country_code if a1 else None, cc)
    inter2 = v("inter2") if "inter2" in ev.overrides else inter_code(a2.kind if a2 else None,
                                                                       a2.country_code if a2 else None, cc)
    if "actor1" in ev.overrides and "inter1" not in ev.overrides and a1 is None:
        inter1 = 8  # a reviewer named an actor the extraction did not have: "other" until they code it
    if not name1 and name2:  # ACLED always has an actor1
        name1, name2, inter1, inter2 = name2, None, inter2, 0
    assoc = ev.assoc_actors
    assoc1 = v("assoc_actor_1") if "assoc_actor_1" in ev.overrides else "; ".join(a.name for a in assoc) or None
    assoc2 = v("assoc_actor_2") if "assoc_actor_2" in ev.overrides else None
    targeting = v("civilian_targeting")
    if targeting is None and event_type in ("Violence against civilians", "Explosions/Remote violence") \
            and a2 is not None and a2.kind == "civilians":
        targeting = True
    publishers = list(dict.fromkeys(p for p in (_publisher_name(r.publisher) for r in ev.reports) if p))
    named = list(dict.fromkeys(n for r in ev.reports for s in r.sources for n in (s.name, _publisher_name(s.via))
                               if n and n not in publishers))
    source = v("source") if "source" in ev.overrides else "; ".join(publishers + named) or None
    scale = v("source_scale") if "source_scale" in ev.overrides else source_scale(publishers, cc)
    tags = v("tags") if "tags" in ev.overrides else (
        "crowd size=no report" if event_type in ("Protests", "Riots") else None)
    fatalities = v("fatalities")
    stamp = ev.reviewed_at if ev.reviewed_at and ev.reviewed_at > ev.updated_at else ev.updated_at
    return {
        "event_id_cnty": ev.event_id_cnty,
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": v("time_precision") or 3,
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": name1,
        "assoc_actor_1": assoc1,
        "inter1": inter1 if name1 else 0,
        "actor2": name2,
        "assoc_actor_2": assoc2,
        "inter2": inter2 if name2 else 0,
        "interaction": interaction(inter1 if name1 else 0, inter2 if name2 else 0),
        "civilian_targeting": "Civilian targeting" if targeting else None,
        "iso": country.iso_numeric if country else None,
        "region": country.region if country else None,
        "country": country.name if country else None,
        "admin1": v("admin1"),
        "admin2": v("admin2"),
        "admin3": v("admin3"),
        "location": v("location"),
        "latitude": _fmt_float(v("latitude")),
        "longitude": _fmt_float(v("longitude")),
        "geo_precision": v("geo_precision") or None,
        "source": source,
        "source_scale": scale,
        "notes": v("notes"),
        "fatalities": int(fatalities or 0),
        "tags": tags,
        "timestamp": int(stamp.timestamp()) if stamp else None,
    }
