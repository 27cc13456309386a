"""Exports of stored events (one row per cluster, reviewed values applied): ``acled-csv`` (exactly ACLED's
columns), ``geojson`` (points, ACLED columns as properties), ``jsonl`` (everything: reports, evidence, merge
reasons, figures, review) and ``parquet`` (ACLED columns, typed). Files are written atomically.

>>> from marsad.store import Store
>>> Store("out/demo.db").export("acled-csv", "out/events.csv")   # doctest: +SKIP
12
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from marsad.errors import BadOption, ExportError

FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")
EXTENSIONS = {"acled-csv": ".csv", "geojson": ".geojson", "jsonl": ".jsonl", "parquet": ".parquet"}


def resolve_countries(values: Sequence[str]) -> list[str]:
    """ISO alpha-2 codes for ``--country`` values (alpha-2, alpha-3 or ACLED names, comma-separated allowed)."""
    from marsad.export.reference import find_country

    out = []
    for value in values:
        for part in str(value).split(","):
            if not part.strip():
                continue
            c = find_country(part)
            if c is None:
                raise BadOption(f"unknown country {part.strip()!r}; give an ISO code (SY, SYR) or a name (Syria)")
            out.append(c.iso2)
    return out


def check_types(values: Sequence[str]) -> list[str]:
    """``--type`` values: ACLED event types, sub-event types or disorder types, case-insensitively."""
    from marsad.export.acled import EVENT_TYPES, disorder_type

    known = {name.casefold() for et, subs in EVENT_TYPES.items() for st in subs
             for name in (et, st, disorder_type(et, st))}
    out = []
    for value in values:
        for part in (p.strip() for p in str(value).split(",")):
            if not part:
                continue
            if part.casefold() not in known:
                raise BadOption(f"unknown event type {part!r}; give an ACLED event, sub-event or disorder "
                                "type, e.g. 'Battles' or 'Air/drone strike'")
            out.append(part)
    return out


def export_events(events: Iterable, fmt: str, out: Path | None) -> int:
    """Write ``events`` (StoredEvent) as ``fmt`` to ``out`` (None: standard output; not for parquet)."""
    if fmt not in FORMATS:
        raise BadOption(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    from marsad.export import acled_csv, geojson, jsonl, parquet

    writer = {"acled-csv": acled_csv.write, "geojson": geojson.write, "jsonl": jsonl.write,
              "parquet": parquet.write}[fmt]
    if out is None:
        if fmt == "parquet":
            raise BadOption("parquet is binary: give --out FILE")
        return writer(events, sys.stdout.buffer)
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a directory; give a file name (e.g. {out / ('events' + EXTENSIONS[fmt])})")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as e:
        raise ExportError(f"cannot write {out}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            n = writer(events, fh)
        os.replace(tmp, out)  # a reader never sees half an export
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
