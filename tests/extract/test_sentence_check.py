"""The event-sentence classifier in extraction: a weak trigger in a sentence that reports no event is vetoed,
a strong one stands, and a sentence that reads like an event report but gave no event is flagged."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.ingest.text import make_article
from marsad.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipelines() -> tuple[Pipeline, Pipeline]:
    return Pipeline(until="events"), Pipeline()


def run(p: Pipeline, text: str):
    return p.run(make_article(text, published=date(2015, 8, 10)))


def test_weak_trigger_in_a_background_sentence_is_vetoed(pipelines):
    before, full = pipelines
    text = "وأشار إلى أن معظم القيادات الأجنبية للتنظيم هربت إلى سوريا خلال الأشهر الماضية."
    assert len(run(before, text).events) == 1
    doc = run(full, text)
    assert doc.events == []
    assert any("vetoed" in line for line in doc.debug)


def test_strong_trigger_stands(pipelines):
    _, full = pipelines
    doc = run(full, "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب أمس، ما أدى إلى مقتل أربعة مدنيين.")
    assert len(doc.events) == 1 and 0 < doc.events[0].confidence <= 1


def test_event_sentence_without_event_is_flagged(pipelines):
    _, full = pipelines
    doc = run(full, "وتجمع مئات من أهالي المعتقلين أمام مبنى المحافظة مطالبين بالإفراج عن أبنائهم.")
    assert doc.events == []
    assert [f.sentence for f in doc.flagged] == [0] and doc.flagged[0].score >= 0.8
