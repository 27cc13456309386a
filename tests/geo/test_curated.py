"""The curated table is data written by hand: check it against itself and against GeoNames on every run."""

from __future__ import annotations

import re

from marsad.geo.gazetteer import FEATURES, Gazetteer, _data_text, _read_tsv_text, haversine_km, name_keys
from marsad.text.normalize import match_key

ROWS = [row for _, row in _read_tsv_text(_data_text("curated.tsv"), "curated.tsv", required=("id",))]
# Seats the embedded GeoNames cities lack in Arabic (only garbled Urdu-script alternates, or no town at all).
SEATS_NOT_IN_GEONAMES = {"so.gedo", "so.middle-juba", "dz.bordj-badji-mokhtar"}


def test_rows_are_well_formed() -> None:
    assert 400 <= len(ROWS) <= 2000
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    for r in ROWS:
        assert re.fullmatch(r"[a-z]{2,7}\.[a-z0-9.-]+", r["id"]), r["id"]
        assert r["feature"] in FEATURES, r
        assert re.fullmatch(r"[A-Z]{2}", r["country"]), r
        assert r["names_ar"] and all(name_keys(n) for n in r["names_ar"].split("|")), r["id"]
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180
        if r["feature"] in ("admin1", "countryside"):
            assert r["seat"] and r["admin1"], r["id"]


def test_every_governorate_of_the_core_countries() -> None:
    per_cc: dict[str, int] = {}
    for r in ROWS:
        if r["feature"] == "admin1":
            per_cc[r["country"]] = per_cc.get(r["country"], 0) + 1
    expected = {"SY": 14, "IQ": 19, "YE": 22, "LY": 22, "LB": 9, "EG": 27, "JO": 12, "SA": 13, "SD": 18, "SO": 18,
                "TN": 24, "DZ": 58, "PS": 16}
    assert per_cc == expected


def test_seats_match_geonames(gaz: Gazetteer) -> None:
    """Each division's coordinate is its seat's: the seat town must be in the index within 15 km."""
    missing = []
    for r in ROWS:
        if not r["seat"] or r["id"] in SEATS_NOT_IN_GEONAMES:
            continue
        p = gaz.get(f"marsad:{r['id']}")
        assert p is not None
        if p.parent_id is None:
            missing.append(r["id"])
            continue
        seat = gaz.get(p.parent_id)
        assert seat is not None and haversine_km(p.lat, p.lon, seat.lat, seat.lon) <= 15, (r["id"], seat)
    assert missing == []


def test_countries_have_unique_keys(gaz: Gazetteer) -> None:
    seen: dict[str, str] = {}
    for r in ROWS:
        if r["feature"] != "country":
            continue
        for n in r["names_ar"].split("|"):
            k = match_key(n)
            assert seen.setdefault(k, r["country"]) == r["country"], n
            assert any(p.feature == "country" and p.country_code == r["country"] for p in gaz.lookup(k)), n


def test_aliases_resolve(gaz: Gazetteer) -> None:
    for _, row in _read_tsv_text(_data_text("aliases.tsv"), "aliases.tsv", required=("alias",)):
        assert match_key(row["alias"]) != match_key(row["canonical"]), row
        hits = [p for p in gaz.lookup(match_key(row["alias"])) if p.country_code == row["country"]]
        assert hits, row
