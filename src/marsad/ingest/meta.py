"""Metadata fields as sources write them: publication dates in any common shape, strings that may be anything.

>>> parse_date("2015-07-21 02:51:35")
datetime.date(2015, 7, 21)
>>> parse_date("Tue, 21 Jul 2015 02:51:35 +0300")
datetime.date(2015, 7, 21)
>>> parse_date("21/07/2015")
datetime.date(2015, 7, 21)
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_tz
from typing import Any

_YMD = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[\sT_,]|[+-]\d|Z)")
_YMD_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|[\s,T])")
_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), 1) for m in names}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_date(value: Any) -> date | None:
    """The calendar date in a timestamp, as written (no time-zone shift); ``None`` when there is none.

    Accepts ISO dates and datetimes (``2015-07-21``, ``2015-07-21T02:51:35+03:00``, ``2015/07/21``),
    RFC 2822 (``Tue, 21 Jul 2015 …``), day-first numeric dates (``21/07/2015``, the order used across the
    Arab world), English month names (``21 July 2015``, ``July 21, 2015``), Unix epoch seconds or
    milliseconds, and ``date``/``datetime`` objects. Years outside 1900–2100 are rejected.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, date):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, int | float):
        return _epoch(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 200:
        return None
    if m := _YMD.match(s) or _YMD_COMPACT.match(s):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(s):
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    if s.isdigit() and len(s) >= 9:
        return _epoch(float(s))
    t = parsedate_tz(s)
    if t is not None and t[0]:
        return _valid(t[0], t[1], t[2])
    low = s.lower()
    if (m := _DAY_MONTH_YEAR.search(low)) and m[2] in _MONTHS:
        return _valid(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if (m := _MONTH_DAY_YEAR.search(low)) and m[1] in _MONTHS:
        return _valid(int(m[3]), _MONTHS[m[1]], int(m[2]))
    return None


def _valid(y: int, m: int, d: int) -> date | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _epoch(x: float) -> date | None:
    if x != x or x <= 0:  # NaN, or before 1970: not a timestamp anyone means
        return None
    if x > 1e11:  # milliseconds
        x /= 1000.0
    try:
        d = datetime.fromtimestamp(x, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return _valid(d.year, d.month, d.day)


def clean_str(value: Any, limit: int = 2000) -> str | None:
    """A metadata string, stripped, one line, or ``None`` (numbers are accepted: ``{"id": 17}``)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    s = " ".join(clean_text(value).split())
    return s[:limit] or None


_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with NUL and lone surrogates (from ``"\\ud800"`` escapes in JSON) replaced by U+FFFD.

    Same length, so offsets are unchanged; such characters cannot be encoded or stored (PostgreSQL
    rejects NUL in text).
    """
    return _BAD_CHARS.sub("\ufffd", text) if _BAD_CHARS.search(text) else text
