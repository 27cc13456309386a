"""Dates in metadata: the date part of any common timestamp, as written; nonsense gives None, never an error."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.meta import clean_str, clean_text, parse_date


@pytest.mark.parametrize(("value", "expected"), [
    ("2015-07-21 02:51:35", date(2015, 7, 21)),
    ("2015-07-21", date(2015, 7, 21)),
    ("2015-07-21T23:30:00-05:00", date(2015, 7, 21)),  # as written, not shifted to UTC
    ("2015-07-21T23:30:00Z", date(2015, 7, 21)),
    ("2015/7/21", date(2015, 7, 21)),
    ("20150721", date(2015, 7, 21)),
    ("20150721T120000", date(2015, 7, 21)),
    ("21/07/2015", date(2015, 7, 21)),
    ("21-07-2015 10:00", date(2015, 7, 21)),
    ("Tue, 21 Jul 2015 23:51:35 +0300", date(2015, 7, 21)),
    ("21 July 2015", date(2015, 7, 21)),
    ("July 21, 2015", date(2015, 7, 21)),
    ("Sept. 3, 2015", date(2015, 9, 3)),
    (1437436800, date(2015, 7, 21)),
    (1437436800000, date(2015, 7, 21)),
    ("1437436800", date(2015, 7, 21)),
    (datetime(2015, 7, 21, 5), date(2015, 7, 21)),
    (date(2015, 7, 21), date(2015, 7, 21)),
    ("2015-02-30", None),
    ("1436-10-05", None),  # a Hijri year: not taken for a Gregorian one
    ("قبل ساعتين", None),
    ("", None),
    (None, None),
    (True, None),
    (-5, None),
    (float("nan"), None),
    ([2015, 7, 21], None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_date_never_raises(value):
    result = parse_date(value)
    assert result is None or 1900 <= result.year <= 2100


def test_clean_helpers():
    assert clean_str("  عنوان \n طويل  ") == "عنوان طويل"
    assert clean_str(17) == "17" and clean_str(None) is None and clean_str("   ") is None and clean_str([1]) is None
    assert clean_text("a\x00b\ud800") == "a\ufffdb\ufffd"
    s = "نص سليم"
    assert clean_text(s) is s
