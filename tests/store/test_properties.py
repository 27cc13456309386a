"""Property tests for the store's small parsers and invariants: URLs, band numbers, cluster figures, ACLED codes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marsad.export.acled import interaction
from marsad.store.cluster import Member, aggregate, event_number, haversine_km
from marsad.store.engine import normalise_url
from marsad.store.writer import band_number

_path = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=":\x00"), min_size=1, max_size=40)


@given(_path)
def test_a_bare_path_is_a_sqlite_file(path):
    if path.strip():
        assert normalise_url(path) == "sqlite:///" + path


@given(st.integers(0, 41), st.text("0123456789abcdef", min_size=16, max_size=16))
def test_band_numbers_keep_the_band_and_fit_in_a_bigint(band, digest):
    n = band_number(f"b{band:02d}:{digest}")
    assert 0 <= n < 2**63 and n >> 56 == band


@given(st.text(min_size=1, max_size=80))
def test_event_numbers_have_ten_digits(cluster_id):
    assert len(str(event_number(cluster_id))) == 10


@given(st.integers(0, 8), st.integers(0, 8))
def test_interaction_is_symmetric_and_two_digits(a, b):
    code = interaction(a, b)
    assert code == interaction(b, a) and 0 <= code <= 88
    if a and b:
        assert code // 10 == min(a, b) and code % 10 == max(a, b)


_figures = st.one_of(st.none(), st.integers(0, 500))


@given(st.lists(st.tuples(_figures, st.lists(st.integers(0, 500), max_size=3), st.integers(1, 3), st.integers(0, 3)),
                min_size=1, max_size=8))
def test_cluster_figures_are_ordered_and_counted(reports):
    members = [Member(id=f"a{i}#1", article_id=f"a{i % 3}", seq=i, ordinal=1, published=date(2015, 8, 1),
                      event_type="Battles", sub_event_type="Armed clash",
                      event_date=date(2015, 8, 1) + timedelta(days=shift), time_precision=1, actor1="IS",
                      actor2=None, place_key=None, location="x", country_code="SY", admin1=None, admin2=None,
                      latitude=35.0, longitude=40.0, geo_precision=prec, fatalities=f, fatality_reports=more or None,
                      injuries=None, civilian_targeting=None, confidence=0.5, notes=None)
               for i, (f, more, prec, shift) in enumerate(reports)]
    v = aggregate(members)
    assert v.n_events == len(members) and v.n_articles == len({m.article_id for m in members})
    own = [m.fatalities for m in members if m.fatalities is not None]
    if v.fatalities_low is None:
        assert not own and not any(m.fatality_reports for m in members)
    else:
        assert v.fatalities_low <= v.fatalities_high
        if own:
            assert v.fatalities_low <= v.fatalities_best <= v.fatalities_high and v.fatalities_best in own
    assert v.event_date in {m.event_date for m in members}


@given(st.floats(-80, 80), st.floats(-179, 179), st.floats(-80, 80), st.floats(-179, 179))
def test_distance_is_symmetric_and_bounded(a, b, c, d):
    km = haversine_km(a, b, c, d)
    assert 0 <= km <= 20_016 and abs(km - haversine_km(c, d, a, b)) < 1e-6
