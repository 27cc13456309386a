from __future__ import annotations

from marsad.geo.disambiguate import (
    GeoContext,
    Ranked,
    country_of_text_hint,
    country_weights,
    feature_hint_of,
    parent_candidates,
    rank,
)
from marsad.geo.gazetteer import Gazetteer, Place
from marsad.text.normalize import match_key


def P(pid: str, feature: str, cc: str, lat: float, lon: float, pop: int | None = None, admin1: str | None = None,
      name: str = "") -> Place:
    return Place(pid, name or pid, "", feature, cc, admin1, None, lat, lon, pop, "test")


def ids(ranked: list[Ranked]) -> list[str]:
    return [r.place.id for r in ranked]


def test_empty_and_single() -> None:
    assert rank([], GeoContext()) == []
    (only,) = rank([P("a", "village", "SY", 35, 38)], GeoContext())
    assert 0 < only.score <= 1 and only.reason == "village"


def test_feature_then_population_without_context() -> None:
    city = P("city", "city", "SY", 35, 38, 200_000)
    town = P("town", "town", "SY", 35.5, 38, 20_000)
    village = P("village", "village", "IQ", 33, 44, 900_000)  # population never beats kind
    hood = P("hood", "neighbourhood", "SY", 35, 38.1)
    assert ids(rank([hood, village, town, city], GeoContext())) == ["city", "town", "village", "hood"]
    big = P("big", "town", "SY", 35, 38, 90_000)
    assert ids(rank([town, big], GeoContext())) == ["big", "town"]


def test_country_context_beats_kind_and_population() -> None:
    iq = P("iq", "city", "IQ", 33.42, 43.31, 223_500, name="Ramadi")
    sy = P("sy", "village", "SY", 34.64, 40.87, name="Ar Ramadi")
    assert ids(rank([iq, sy], GeoContext(countries={"IQ": 1.0}))) == ["iq", "sy"]
    top = rank([iq, sy], GeoContext(countries={"SY": 0.8, "IQ": 0.2}))[0]
    assert top.place.id == "sy" and top.reason.startswith("country SY from context (0.8)")


def test_named_parent_beats_country() -> None:
    rif = P("douma-rif", "city", "SY", 33.57, 36.40, 111_864, admin1="Rural Damascus")
    hama = P("douma-hama", "village", "SY", 35.34, 37.00, admin1="Hama")
    lb = P("douma-lb", "village", "LB", 34.20, 35.84)
    parent = P("gov", "admin1", "SY", 35.13, 36.75, admin1="Hama", name="Hama")
    ranked = rank([rif, hama, lb], GeoContext(countries={"LB": 1.0}, parents=[parent]))
    assert ids(ranked)[0] == "douma-hama"
    assert "in Hama (named parent)" in ranked[0].reason
    assert "not in Hama" in ranked[1].reason or "not in Hama" in ranked[2].reason


def test_neighbourhood_inside_the_named_city() -> None:
    # «حي الجتف في البوكمال»: two same-named quarters; the one within the named town wins.
    here = P("q1", "neighbourhood", "SY", 34.455, 40.925)
    there = P("q2", "neighbourhood", "SY", 36.2, 37.15)
    town = P("bukamal", "town", "SY", 34.452, 40.919, 57_572, name="Albu Kamal")
    top = rank([there, here], GeoContext(parents=[town]))[0]
    assert top.place.id == "q1" and "1 km from Albu Kamal (named parent)" in top.reason


def test_near_places_break_ties_within_a_country() -> None:
    raqqa = P("raqqa", "city", "SY", 35.95, 39.01, 531_952, name="Raqqa")
    a = P("a", "village", "SY", 35.84, 38.55)  # ~44 km from Raqqa
    b = P("b", "village", "SY", 32.6, 36.1)  # Daraa, ~450 km
    top = rank([b, a], GeoContext(countries={"SY": 1.0}, near=[raqqa]))[0]
    assert top.place.id == "a" and "from Raqqa, named earlier" in top.reason


def test_feature_hint() -> None:
    gov = P("gov", "admin1", "SY", 35.95, 39.01, admin1="Ar-Raqqa")
    city = P("city", "city", "SY", 35.95, 39.01, 531_952, admin1="Ar-Raqqa")
    assert ids(rank([gov, city], GeoContext())) == ["city", "gov"]
    assert ids(rank([gov, city], GeoContext(feature_hint="محافظة"))) == ["gov", "city"]
    village = P("v", "village", "SY", 35, 38)
    town = P("t", "town", "SY", 35, 38.2, 30_000)
    hood = P("h", "neighbourhood", "SY", 35, 38.1)
    assert rank([town, hood, village], GeoContext(feature_hint="حي"))[0].place.id == "h"
    assert rank([town, hood, village], GeoContext(feature_hint="قرية"))[0].place.id == "v"
    assert feature_hint_of("القرية") == ("village", "town")
    assert feature_hint_of("قتل") is None


def test_rank_is_deterministic() -> None:
    cands = [P(str(i), "village", "SY", 35, 38) for i in range(5)]
    assert ids(rank(cands, GeoContext())) == ["0", "1", "2", "3", "4"]


def test_ranking_with_the_default_index(gaz: Gazetteer) -> None:
    ramadi = gaz.lookup(match_key("الرمادي"))
    assert {p.country_code for p in ramadi} >= {"IQ", "YE"}
    assert rank(ramadi, GeoContext(countries={"IQ": 0.9, "SY": 0.1}, gazetteer=gaz))[0].place.country_code == "IQ"
    assert rank(ramadi, GeoContext(countries={"YE": 1.0}, gazetteer=gaz))[0].place.country_code == "YE"
    douma = gaz.lookup(match_key("دوما"))
    top = rank(douma, GeoContext(parent_key=match_key("بريف دمشق"), gazetteer=gaz))[0]
    assert top.place.country_code == "SY" and top.place.admin1 == "Rural Damascus"
    tripoli = gaz.lookup(match_key("طرابلس"))
    assert rank(tripoli, GeoContext(countries={"LB": 1.0}, gazetteer=gaz))[0].place.country_code == "LB"
    assert rank(tripoli, GeoContext(countries={"LY": 1.0}, gazetteer=gaz))[0].place.country_code == "LY"
    amman = gaz.lookup(match_key("عمان"))
    assert rank(amman, GeoContext(countries={"JO": 1.0}, gazetteer=gaz))[0].place.id.startswith("geonames:")


def test_parent_key_variants(gaz: Gazetteer) -> None:
    for key in ("ريف دمشق", "بريف دمشق", "وبريف دمشق"):
        assert [p.id for p in parent_candidates(match_key(key), gaz)] == ["marsad:sy.rif-dimashq"], key
    assert parent_candidates(match_key("بالرقة"), gaz)[0].country_code == "SY"
    assert parent_candidates(match_key("مدينة الرقة"), gaz)
    assert parent_candidates("كلمة غير معروفة", gaz) == []


def test_parent_key_without_explicit_gazetteer(gaz: Gazetteer) -> None:
    # With no gazetteer in the context, the index in MARSAD_HOME (the session's default index) is used.
    top = rank(gaz.lookup(match_key("دوما")), GeoContext(parent_key=match_key("ريف دمشق")))[0]
    assert top.place.admin1 == "Rural Damascus"


def test_country_hints() -> None:
    assert country_of_text_hint("السوري") == "SY"
    assert country_of_text_hint("العراقية") == "IQ"
    assert country_of_text_hint("الأمريكيين") == "US"
    assert country_of_text_hint("الروس") == "RU"
    assert country_of_text_hint("التركي") == "TR"
    assert country_of_text_hint("سوريا") == "SY"
    assert country_of_text_hint("المملكة العربية السعودية") == "SA"
    assert country_of_text_hint("الهجوم") is None
    assert country_weights(["SY", "SY", None, "IQ"], extra={"SY": 1.0}) == {"SY": 0.75, "IQ": 0.25}
    assert country_weights([]) == {}
