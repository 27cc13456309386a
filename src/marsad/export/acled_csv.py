"""ACLED CSV: exactly ACLED's columns in ACLED's order, UTF-8 without BOM, empty cells for missing values."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from marsad.export.acled import COLUMNS, acled_row


def write(events: Iterable, out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    w = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for ev in events:
        w.writerow(acled_row(ev))
        n += 1
    text.flush()
    text.detach()
    return n
