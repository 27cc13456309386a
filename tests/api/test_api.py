"""The REST API on a store seeded with the examples (and one article full of markup): reading, filters,
evidence, extraction, ingest, exports, and the error shape."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest

from tests.api.seed import XSS_TEXT

AIRSTRIKE = "SYR5115544449"  # two reports (syria_airstrike + its wire rewrite) merged
ALEPPO = "SYR4984728346"  # the markup article


def err(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code, body
    return body["error"]


def test_list_filters_sort_and_paging(client):
    all_ = client.get("/api/events", params={"limit": 1000}).json()
    assert all_["total"] == 16 == len(all_["items"])
    dates = [e["event_date"] for e in all_["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default

    def total(**params) -> int:
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return r.json()["total"]

    assert total(type="Battles") == 4
    assert total(type="Air/drone strike") == 2
    assert total(type="Political violence") == 13  # a disorder type
    assert total(country="SY") == total(country="SYR") == total(country="Syria") == 6
    assert total(country="SY,IQ") == 8
    assert total(admin1="Deir-ez-Zor") == 5
    assert total(actor="IS") == 5  # a dictionary id
    assert total(actor="Islamic State") == 5 and total(actor="تنظيم الدولة") == 5  # names match by part
    assert total(actor="houthi") == 2
    assert total(since="2018-01-01") == 3 and total(until="2015-12-31") == 1
    assert total(since="2016-02-08", until="2016-02-08") == 2
    assert total(bbox="35,32,42,37") == 7  # Syria and Lebanon
    assert total(bbox="35,32,42,37", type="Battles") == 2
    assert total(min_fatalities=5) == 6
    assert total(q="الباغوز") == 1
    assert total(q="الباغوز", country="IQ") == 0
    assert total(q="المرصد السوري") >= 3  # in the article text
    assert total(q="tall") == 1  # location names, case-insensitive
    by_fat = client.get("/api/events", params={"sort": "-fatalities", "limit": 3}).json()["items"]
    assert [e["fatalities"] for e in by_fat] == [15, 12, 9]
    page1 = client.get("/api/events", params={"sort": "id", "limit": 5}).json()
    page2 = client.get("/api/events", params={"sort": "id", "limit": 5, "offset": 5}).json()
    assert page1["total"] == page2["total"] == 16
    ids = [e["event_id_cnty"] for e in page1["items"] + page2["items"]]
    assert ids == sorted(ids) and len(set(ids)) == 10
    one = all_["items"][0]
    assert {"id", "event_id_cnty", "disorder_type", "latitude", "longitude", "fatalities", "review_status",
            "version", "edited"} <= set(one)


def test_bad_filters_are_coded_errors(client):
    err(client.get("/api/events", params={"status": "bogus"}), 400, "E-OPTION")
    err(client.get("/api/events", params={"country": "Atlantis"}), 400, "E-OPTION")
    err(client.get("/api/events", params={"type": "Picnics"}), 400, "E-OPTION")
    err(client.get("/api/events", params={"bbox": "1,2,3"}), 400, "E-OPTION")
    err(client.get("/api/events", params={"sort": "colour"}), 400, "E-OPTION")
    err(client.get("/api/events", params={"limit": -1}), 422, "E-REQUEST")
    err(client.get("/api/events", params={"since": "yesterday"}), 422, "E-REQUEST")


def test_event_has_reports_evidence_merge_reasons_and_sources(client):
    ev = client.get(f"/api/events/{AIRSTRIKE}").json()
    assert ev["event_id_cnty"] == AIRSTRIKE and ev["n_articles"] == 2 and len(ev["reports"]) == 2
    founder, joined = ev["reports"]
    assert founder["merge_reason"] is None and "same actor pair" in joined["merge_reason"]
    assert ev["values"]["fatalities"] == 5 and ev["acled"]["event_type"] == "Explosions/Remote violence"
    assert any(s["name"] == "Syrian Observatory for Human Rights" for s in founder["sources"])
    for r in ev["reports"]:
        text = client.get("/api/articles/" + quote(r["article_id"], safe="")).json()["text"]
        assert r["evidence"]
        for sp in r["evidence"]:
            assert text[sp["start"]:sp["end"]] == sp["text"]
    # the same event by cluster id and by a member event id
    assert client.get("/api/events/" + quote(ev["id"], safe="")).json()["event_id_cnty"] == AIRSTRIKE
    assert client.get("/api/events/" + quote(joined["event_id"], safe="")).json()["id"] == ev["id"]
    err(client.get("/api/events/NOPE123"), 404, "E-STORE-NOT-FOUND")


def test_article_with_every_span(client):
    ev = client.get(f"/api/events/{ALEPPO}").json()
    art = client.get("/api/articles/" + quote(ev["reports"][0]["article_id"], safe="")).json()
    assert art["text"] == XSS_TEXT  # markup comes back verbatim, as data
    assert art["status"] == "extracted" and art["events"]
    for e in art["events"]:
        for sp in e["evidence"]:
            assert art["text"][sp["start"]:sp["end"]] == sp["text"]
        for s in e["sources"]:
            if s["span"]:
                assert art["text"][s["span"]["start"]:s["span"]["end"]] == s["span"]["text"]
    err(client.get("/api/articles/sha256:0000"), 404, "E-STORE-NOT-FOUND")


def test_actors_places_and_stats(client):
    actors = client.get("/api/actors").json()
    top = actors[0]
    assert top["key"] == "IS" and top["clusters"] == 5 and top["name_ar"]
    assert [a["key"] for a in client.get("/api/actors", params={"q": "الحوثي"}).json()] == ["YE-HOUTHI"]
    places = client.get("/api/places", params={"country": "SY"}).json()
    assert places and all(p["country_code"] == "SY" for p in places)
    assert client.get("/api/places", params={"q": "benghazi"}).json()[0]["clusters"] == 1
    s = client.get("/api/stats").json()
    assert s["totals"] == {"articles": 12, "near_duplicates": 0, "events": 19, "clusters": 16, "merged": 3}
    assert s["clusters"] == 16 and s["by_type"]["Battles"] == 4 and s["by_country"]["SY"] == 6
    assert sum(sum(d["counts"].values()) for d in s["days"]) == 16
    assert s["first_day"] == "2015-09-02" and s["last_day"] == "2018-12-18"
    sy = client.get("/api/stats", params={"country": "SY", "type": "Battles"}).json()
    assert sy["clusters"] == 2 and sy["by_type"] == {"Battles": 2} and sy["totals"]["clusters"] == 16


def test_extract_returns_the_contract_and_stores_nothing(client, shared):
    import jsonschema

    before = client.get("/api/stats").json()["totals"]
    text = "قصف على حلب\n\nقتل ثلاثة مدنيين، أمس، في قصف لقوات النظام على حي الشعار في مدينة حلب، بحسب المرصد السوري."
    r = client.post("/api/extract", json={"text": text, "published": "2016-05-02", "publisher": "test"})
    assert r.status_code == 200, r.text
    d = r.json()
    schema = json.loads((shared / "contract" / "event.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(d, schema)
    assert d["events"][0]["fatalities"] == 3 and d["events"][0]["event_date"] == "2016-05-01"
    assert client.get("/api/stats").json()["totals"] == before


def test_extract_bad_input(client):
    err(client.post("/api/extract", json={"text": "The oil price rose today on world markets."}), 400,
        "E-INPUT-NOT-ARABIC")
    err(client.post("/api/extract", json={"text": "   "}), 400, "E-INPUT-EMPTY")
    err(client.post("/api/extract", json={"published": "2016-05-02"}), 422, "E-REQUEST")
    err(client.post("/api/extract", content=b"not json", headers={"content-type": "application/json"}), 422,
        "E-REQUEST")


def test_ingest_needs_a_login_and_stores_like_marsad_ingest(client, token):
    article = {"title": "اشتباكات في درعا",
               "text": "قتل أربعة عناصر من قوات النظام في اشتباكات مع فصائل المعارضة في مدينة درعا أمس، بحسب "
                       "المرصد السوري لحقوق الإنسان.",
               "published": "2016-03-03", "publisher": "Test Daily (fictional)"}
    err(client.post("/api/articles", json=article), 401, "E-AUTH-REQUIRED")
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/articles", json=article, headers=auth)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["stored"] == 1 and out["articles"][0]["status"] == "stored" and out["articles"][0]["events"]
    cid = out["articles"][0]["clusters"][0]
    ev = client.get("/api/events/" + quote(cid, safe="")).json()
    assert ev["values"]["country_code"] == "SY" and ev["reports"][0]["title"] == "اشتباكات في درعا"
    again = client.post("/api/articles", json={"articles": [article, {"text": "Hello world, nothing Arabic here."}]},
                        headers=auth).json()
    assert [a["status"] for a in again["articles"]] == ["already stored", "skipped"]
    assert again["articles"][0]["article_id"] == out["articles"][0]["article_id"]
    err(client.post("/api/articles", json={"articles": []}, headers=auth), 422, "E-REQUEST")


def test_exports_mirror_marsad_export(client):
    r = client.get("/api/export/acled-csv", params={"country": "SY"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 6 and {row["country"] for row in rows} == {"Syria"}
    assert rows[0]["event_id_cnty"] and next(iter(rows[0])) == "event_id_cnty" and len(rows[0]) == 31
    gj = client.get("/api/export/geojson", params={"type": "Battles"}).json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 4
    lines = client.get("/api/export/jsonl", params={"q": "الباغوز"}).text.strip().splitlines()
    assert len(lines) == 1 and len(json.loads(lines[0])["reports"]) == 2
    import pyarrow.parquet as pq

    pr = client.get("/api/export/parquet")
    assert pr.headers["content-type"] == "application/vnd.apache.parquet"
    assert pq.read_table(io.BytesIO(pr.content)).num_rows == 16
    err(client.get("/api/export/xlsx"), 404, "E-STORE-NOT-FOUND")


def test_error_shape_for_routing_errors(client):
    err(client.get("/api/nothing-here"), 404, "E-NOT-FOUND")
    err(client.delete("/api/events"), 405, "E-METHOD")
    err(client.post("/api/events/x/review", json={"status": "accepted"}), 401, "E-AUTH-REQUIRED")


def test_docs_and_web_app_are_served_without_a_cdn(client):
    from marsad.api.app import missing_assets

    if missing_assets():
        pytest.skip("web assets not installed (make install)")
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn." not in docs.text and "http" not in docs.text.split("<body>")[0].replace("http-equiv", "")
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{ident}", "/api/articles/{article_id}", "/api/actors", "/api/places",
            "/api/stats", "/api/extract", "/api/articles", "/api/export/{fmt}"} <= set(spec["paths"])
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # every script and stylesheet is served from here
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/world-atlas/countries-50m.json").json()["type"] == "Topology"
    assert client.get("/vendor/leaflet/../../package.json").status_code == 404
