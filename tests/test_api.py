"""The Python API: marsad.extract, Pipeline.extract / extract_many, debug dumps, errors."""

from __future__ import annotations

import io
from datetime import date

import pytest

import marsad
from marsad.errors import BadOption, InputNotArabic
from marsad.model import Article

TEXT = "قصف على حلب\n\nقتل ثلاثة مدنيين، أمس، في قصف لقوات النظام على حي الشعار في مدينة حلب، بحسب المرصد السوري."


def test_extract_returns_contract_object():
    res = marsad.extract(TEXT, published="2016-05-02", publisher="test")
    d = res.to_dict()
    assert d["schema_version"] == "1"
    assert d["article"]["published"] == "2016-05-02" and d["article"]["title"] == "قصف على حلب"
    ev = d["events"][0]
    assert ev["event_type"] == "Explosions/Remote violence" and ev["fatalities"] == 3
    assert ev["event_date"] == "2016-05-01"
    assert ev["actor1"]["id"] == "SY-REGIME" and ev["location"]["country_code"] == "SY"
    assert any(s["name"] == "Syrian Observatory for Human Rights" for s in ev["sources"])
    for sp in ev["evidence"]:
        assert TEXT[sp["start"]:sp["end"]] == sp["text"]


def test_pipeline_extract_many_keeps_order_and_accepts_articles():
    p = marsad.Pipeline()
    items = [{"text": TEXT, "published": "2016-05-02"},
             Article(text="تظاهر مئات في مدينة القصرين للمطالبة بفرص عمل، اليوم.", published=date(2016, 1, 20)),
             {"text": "ارتفعت أسعار النفط اليوم في الأسواق العالمية.", "published": "2016-01-20"}]
    out = list(p.extract_many(items))
    assert len(out) == 3
    assert out[0].events[0].fatalities == 3
    assert out[1].events[0].event_type == "Protests"
    assert out[2].events == []


def test_stable_article_id():
    a = marsad.extract(TEXT, published="2016-05-02").article.id
    b = marsad.extract(TEXT + "\u200f", published="2016-05-02").article.id  # a bidi mark does not change it
    assert a == b and a.startswith("sha256:")


def test_debug_stage_dump():
    out = io.StringIO()
    marsad.Pipeline(debug_stage="places", debug_out=out).extract(TEXT, published="2016-05-02")
    dump = out.getvalue()
    assert "after stage 'places'" in dump and "PLACE" in dump


def test_errors_are_specific():
    with pytest.raises(BadOption):
        marsad.Pipeline(debug_stage="nonsense")
    with pytest.raises(InputNotArabic):
        marsad.extract("an English sentence about shelling", published="2016-05-02")
    with pytest.raises(BadOption):
        marsad.extract(TEXT, published="02/05/2016")
