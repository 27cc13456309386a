"""JSON Lines: one object per event with everything behind it — the ACLED row, the fatality range, the review
state and reviewed values, every report (article, merge reason, figures, sources, evidence spans) and the wire
copies linked to them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, BinaryIO

from marsad.export.acled import acled_row


def _iso(x: date | datetime | None) -> str | None:
    return x.isoformat() if x is not None else None


def _actor(a) -> dict[str, Any] | None:
    return None if a is None else {"key": a.key, "name": a.name, "name_ar": a.name_ar, "kind": a.kind,
                                   "country_code": a.country_code}


def record(ev) -> dict[str, Any]:
    return {
        "id": ev.id,
        "event_id_cnty": ev.event_id_cnty,
        "acled": acled_row(ev),
        "fatalities": {"low": ev.fatalities_low, "best": ev.fatalities_best, "high": ev.fatalities_high},
        "n_articles": ev.n_articles,
        "review": {"status": ev.review_status, "by": ev.reviewed_by, "at": _iso(ev.reviewed_at),
                   "values": {k: _iso(v) if isinstance(v, date) else v for k, v in ev.overrides.items()},
                   "version": ev.version},
        "created_at": _iso(ev.created_at),
        "updated_at": _iso(ev.updated_at),
        "reports": [{
            "event_id": r.event_id, "article_id": r.article_id, "publisher": r.publisher,
            "published": _iso(r.published), "title": r.title, "url": r.url, "event_type": r.event_type,
            "sub_event_type": r.sub_event_type, "event_date": _iso(r.event_date), "time_precision": r.time_precision,
            "actor1": _actor(r.actor1), "actor2": _actor(r.actor2),
            "assoc_actors": [_actor(a) for a in r.assoc_actors], "location": r.location,
            "country_code": r.country_code, "latitude": r.latitude, "longitude": r.longitude,
            "geo_precision": r.geo_precision, "fatalities": r.fatalities, "fatality_reports": r.fatality_reports,
            "injuries": r.injuries, "civilian_targeting": r.civilian_targeting, "confidence": r.confidence,
            "notes": r.notes, "merge_reason": r.merge_reason,
            "sources": [{"name": s.name, "name_ar": s.name_ar, "via": s.via} for s in r.sources],
            "evidence": [{"start": s.start, "end": s.end, "text": s.text} for s in r.evidence],
        } for r in ev.reports],
        "copies": [{"article_id": c.article_id, "copy_of": c.copy_of, "publisher": c.publisher,
                    "published": _iso(c.published), "url": c.url, "similarity": c.similarity} for c in ev.copies],
    }


def write(events: Iterable, out: BinaryIO) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(record(ev), ensure_ascii=False).encode("utf-8") + b"\n")
        n += 1
    return n
