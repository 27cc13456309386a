"""Parquet: ACLED's columns with their types (event_date a date, codes integers, coordinates doubles) plus
marsad's cluster id, fatality range, article count and review state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.export.acled import COLUMNS, acled_row
from marsad.export.geojson import extras

_INT = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
        "timestamp", "marsad_fatalities_low", "marsad_fatalities_best", "marsad_fatalities_high",
        "marsad_n_articles"}
_FLOAT = {"latitude", "longitude"}
_EXTRA = ("marsad_cluster_id", "marsad_fatalities_low", "marsad_fatalities_best", "marsad_fatalities_high",
          "marsad_n_articles", "marsad_review_status")
SCHEMA = pa.schema([(c, pa.date32() if c == "event_date" else pa.int64() if c in _INT
                     else pa.float64() if c in _FLOAT else pa.string()) for c in (*COLUMNS, *_EXTRA)])
_BATCH = 5000


def write(events: Iterable, out: BinaryIO) -> int:
    n = 0
    columns: dict[str, list] = {c: [] for c in SCHEMA.names}
    with pq.ParquetWriter(out, SCHEMA) as w:
        for ev in events:
            row = {**acled_row(ev), **extras(ev)}
            row["event_date"] = date.fromisoformat(row["event_date"]) if row["event_date"] else None
            for c in SCHEMA.names:
                columns[c].append(row[c])
            n += 1
            if n % _BATCH == 0:
                w.write_table(pa.table(columns, schema=SCHEMA))
                columns = {c: [] for c in SCHEMA.names}
        if columns[SCHEMA.names[0]] or n == 0:
            w.write_table(pa.table(columns, schema=SCHEMA))
    return n
