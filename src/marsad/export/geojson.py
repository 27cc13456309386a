"""GeoJSON FeatureCollection: one Point per event (``null`` geometry without coordinates), ACLED's columns
as properties plus marsad's cluster id, fatality range, article count and review state."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from marsad.export.acled import acled_row


def extras(ev) -> dict[str, Any]:
    return {"marsad_cluster_id": ev.id, "marsad_fatalities_low": ev.fatalities_low,
            "marsad_fatalities_best": ev.fatalities_best, "marsad_fatalities_high": ev.fatalities_high,
            "marsad_n_articles": ev.n_articles, "marsad_review_status": ev.review_status}


def write(events: Iterable, out: BinaryIO) -> int:
    out.write(b'{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in events:
        row = acled_row(ev)
        lat, lon = row["latitude"], row["longitude"]
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        feature = {"type": "Feature", "id": row["event_id_cnty"], "geometry": geometry,
                   "properties": {**row, **extras(ev)}}
        out.write((b",\n" if n else b"") + json.dumps(feature, ensure_ascii=False).encode("utf-8"))
        n += 1
    out.write(b"\n]}\n")
    return n
