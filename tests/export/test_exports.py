"""Exports: ACLED's exact column set and conventions; files load unchanged with pandas, pyarrow and geopandas;
filters; reviewed values; ids stable across re-runs."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from marsad.errors import BadOption
from marsad.export import check_types, resolve_countries
from marsad.export.acled import disorder_type, inter_code, interaction, source_scale
from marsad.store import EventFilter, Store

ROOT = Path(__file__).resolve().parents[2]
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]


def _build(path: Path, pipeline) -> Store:
    """The bundled examples: two of them report one air strike, two others one battle."""
    store = Store(f"sqlite:///{path}", pipeline=pipeline)
    store.ingest_paths([ROOT / "examples"])
    return store


@pytest.fixture(scope="module")
def built(tmp_path_factory, pipeline):
    d = tmp_path_factory.mktemp("export")
    store = _build(d / "store.db", pipeline)
    files = {fmt: d / f"events.{fmt}" for fmt in ("acled-csv", "geojson", "jsonl", "parquet")}
    counts = {fmt: store.export(fmt, path) for fmt, path in files.items()}
    yield store, files, counts, d
    store.close()


def test_acled_csv_has_exactly_acleds_columns_and_loads_with_pandas(built):
    _, files, counts, _ = built
    with files["acled-csv"].open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ACLED_COLUMNS
    df = pd.read_csv(files["acled-csv"])
    assert list(df.columns) == ACLED_COLUMNS and len(df) == counts["acled-csv"] > 10
    assert df["event_id_cnty"].is_unique and all(re.fullmatch(r"[A-Z]{3}\d{10}", x) for x in df["event_id_cnty"])
    assert df["fatalities"].dtype.kind == "i" and df["latitude"].dtype.kind == "f" and df["iso"].dtype.kind in "if"
    assert set(df["time_precision"]) <= {1, 2, 3} and set(df["inter1"]) <= set(range(9))
    assert set(df["disorder_type"]) <= {"Political violence", "Demonstrations", "Strategic developments",
                                        "Political violence; Demonstrations"}
    assert set(df["civilian_targeting"].dropna()) <= {"Civilian targeting"}
    syria = df[df["country"] == "Syria"]
    assert (syria["iso"] == 760).all() and (syria["region"] == "Middle East").all()
    assert all(x.startswith("SYR") for x in syria["event_id_cnty"])
    assert (pd.to_datetime(df["event_date"]).dt.year == df["year"]).all()


def test_the_merged_strike_row(built):
    df = pd.read_csv(built[1]["acled-csv"])
    sources = df["source"].fillna("")
    strike = df[sources.str.contains("Al-Mithal Daily") & sources.str.contains("Mithal News Agency")
                & (df["event_type"] == "Explosions/Remote violence")]
    assert len(strike) == 1
    row = strike.iloc[0]
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["fatalities"] == 5  # the lowest of the reported 5 and 7
    assert row["civilian_targeting"] == "Civilian targeting" and row["inter2"] == 7
    assert row["interaction"] == 10 * min(row["inter1"], 7) + max(row["inter1"], 7)
    assert row["source_scale"] == "Other"  # outlets marsad does not know (made up for the examples)
    assert row["event_date"] == "2018-12-18" and row["country"] == "Syria"


def test_parquet_loads_with_pandas_and_pyarrow(built):
    import pyarrow.parquet as pq

    table = pq.read_table(built[1]["parquet"])
    assert table.num_rows == built[2]["parquet"]
    df = pd.read_parquet(built[1]["parquet"])
    assert list(df.columns[:len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert all(c.startswith("marsad_") for c in df.columns[len(ACLED_COLUMNS):])
    assert str(table.schema.field("event_date").type) == "date32[day]"
    csv_df = pd.read_csv(built[1]["acled-csv"])
    assert list(df["event_id_cnty"]) == list(csv_df["event_id_cnty"])
    assert list(df["fatalities"]) == list(csv_df["fatalities"])


def test_geojson_loads_with_geopandas(built):
    import geopandas as gpd

    gdf = gpd.read_file(built[1]["geojson"])
    assert len(gdf) == built[2]["geojson"]
    assert set(ACLED_COLUMNS) <= set(gdf.columns)
    located = gdf[gdf.geometry.notna()]
    assert len(located) >= len(gdf) - 2 and (located.geometry.geom_type == "Point").all()
    first = located.iloc[0]
    assert (first.geometry.x, first.geometry.y) == (pytest.approx(first["longitude"]), pytest.approx(first["latitude"]))
    raw = json.loads(built[1]["geojson"].read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection" and all(f["id"] for f in raw["features"])


def test_jsonl_has_reports_reasons_and_evidence(built):
    store = built[0]
    lines = built[1]["jsonl"].read_text(encoding="utf-8").splitlines()
    records = [json.loads(x) for x in lines]
    assert len(records) == built[2]["jsonl"]
    merged = [r for r in records if r["n_articles"] > 1]
    assert merged
    for rec in merged:
        assert rec["acled"]["event_id_cnty"] == rec["event_id_cnty"]
        reasons = [rep["merge_reason"] for rep in rec["reports"]]
        assert reasons[0] is None and all(x and x.startswith("same type family") for x in reasons[1:])
    for rec in records:
        for rep in rec["reports"]:
            text = store.article(rep["article_id"]).text
            for span in rep["evidence"]:
                assert text[span["start"]:span["end"]] == span["text"]


def test_filters(built, tmp_path):
    store = built[0]

    def ids(**kw):
        out = tmp_path / "f.csv"
        store.export("acled-csv", out, EventFilter(**kw))
        return list(pd.read_csv(out)["event_id_cnty"])

    everything = ids()
    syria = ids(countries=resolve_countries(["syr"]))
    assert syria and all(x.startswith("SYR") for x in syria) and len(syria) < len(everything)
    battles = ids(types=check_types(["Battles"]))
    df = pd.read_csv(built[1]["acled-csv"])
    assert set(battles) == set(df[df["event_type"] == "Battles"]["event_id_cnty"])
    window = ids(since=date(2018, 12, 17), until=date(2018, 12, 19))
    assert set(window) == set(df[(df["event_date"] >= "2018-12-17") & (df["event_date"] <= "2018-12-19")]
                              ["event_id_cnty"])
    assert set(ids(types=["political violence"])) == set(df[df["disorder_type"] == "Political violence"]
                                                         ["event_id_cnty"])
    with pytest.raises(BadOption):
        resolve_countries(["Atlantis"])
    with pytest.raises(BadOption):
        check_types(["Picnic"])


def test_ids_are_stable_across_reruns(built, pipeline, tmp_path):
    again = _build(tmp_path / "again.db", pipeline)
    again.export("acled-csv", tmp_path / "again.csv")
    again.close()
    first = pd.read_csv(built[1]["acled-csv"]).drop(columns=["timestamp"])
    second = pd.read_csv(tmp_path / "again.csv").drop(columns=["timestamp"])
    pd.testing.assert_frame_equal(first, second)


def test_acled_conventions():
    assert disorder_type("Battles", "Armed clash") == "Political violence"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert inter_code("rebel_group", None, "SY") == 2
    assert inter_code("state_forces", "TR", "SY") == 8  # Turkish forces in Syria are external there
    assert interaction(1, 2) == interaction(2, 1) == 12 and interaction(6, 0) == 60
    assert source_scale(["Okaz", "Al Riyadh"], "SA") == "National"
    assert source_scale(["Okaz", "AFP"], "SY") == "Regional-International"
    assert source_scale(["an unknown blog"], "SY") == "Other"
