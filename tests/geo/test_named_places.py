"""Places the NER tagger names and the gazetteer lacks: a village governed by «في» is kept as its own name,
anchored at the known place beside it; without the models the event falls back to that place."""

from __future__ import annotations

import marsad
from marsad.pipeline import Pipeline

TEXT = "وقعت اشتباكات عنيفة في كفرغان شمال حلب أمس."


def test_unknown_village_found_by_the_tagger_is_anchored():
    loc = marsad.extract(TEXT, published="2015-08-10").to_dict()["events"][0]["location"]
    assert loc["name_ar"] == "كفرغان" and loc["admin1"] == "Aleppo" and loc["geo_precision"] == 2


def test_without_models_the_anchor_stands_alone():
    loc = Pipeline(models=False).extract(TEXT, published="2015-08-10").to_dict()["events"][0]["location"]
    assert loc["name_ar"] == "حلب"
