"""Toponyms in short sentences written for these tests: clitics, spatial modifiers, neighbourhoods, provinces,
ambiguous names, unknown names after a cue noun, common words that are not places, and which place an event takes.

Most cases run on the embedded default index (``default_home``); the ambiguity cases also run on the WOF + OCHA
sample index (``rich_home``, skipped when ../shared is absent), where the other same-named places exist.
A case marked ``xfail(strict=True)`` is a known failure, kept at full strength until places.py is fixed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marsad.geo.gazetteer import Gazetteer, haversine_km
from marsad.ingest.text import make_article
from marsad.model import Document, Extraction, Location, Mention
from marsad.pipeline import Pipeline
from marsad.text.normalize import match_key

PUBLISHED = "2017-04-25"

# Reference points (lat, lon) and how far off a coordinate may be and still be the same place.
RAQQA = (35.95, 39.01)
IDLIB = (35.93, 36.63)
DEIR_EZ_ZOR = (35.34, 40.14)
BUKAMAL = (34.45, 40.92)
TADMUR = (34.56, 38.28)
MANBIJ = (36.53, 37.95)
ALEPPO = (36.20, 37.16)
HOMS = (34.72, 36.73)
HAMA = (35.13, 36.76)
TABQA = (35.84, 38.55)
MAYADIN = (35.02, 40.45)
DARAA = (32.62, 36.10)
SWEIDA = (32.71, 36.57)
BAGHDAD = (33.34, 44.40)
SANAA = (15.35, 44.21)
YARMOUK = (33.47, 36.30)
DOUMA_RIF_DIMASHQ = (33.57, 36.40)
DOUMA_HAMA = (35.34, 37.00)
RAMADI_IRAQ = (33.42, 43.31)
RAMADI_IBB = (13.96, 43.78)
RAMADI_DEIR_EZ_ZOR = (34.64, 40.87)
NEAR_KM = 10.0


# ---------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def pipe(default_home: Path) -> Pipeline:
    """The full pipeline on the default index (``default_home`` points MARSAD_HOME at it for the session)."""
    return Pipeline()


@pytest.fixture(scope="module")
def places_pipe(default_home: Path) -> Pipeline:
    return Pipeline(until="places")


@pytest.fixture(scope="module")
def rich_pipe(rich_home: Path) -> Pipeline:
    """The full pipeline on the WOF + OCHA sample index; MARSAD_HOME is restored once the stages have opened it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_HOME", str(rich_home))
        return Pipeline()


def pipeline_for(request: pytest.FixtureRequest, index: str) -> Pipeline:
    return request.getfixturevalue({"default": "pipe", "rich": "rich_pipe"}[index])


# ---------------------------------------------------------------------------------------- helpers


def extract(pipe: Pipeline, text: str) -> Extraction:
    return pipe.extract(text, published=PUBLISHED)


def run_places(pipe: Pipeline, text: str) -> Document:
    return pipe.run(make_article(text, published=date.fromisoformat(PUBLISHED)))


def place_mentions(doc: Document) -> list[Mention]:
    return doc.mentions_of("PLACE")


def mention(doc: Document, text: str) -> Mention:
    """The place mention whose text contains ``text`` (exactly one)."""
    found = [m for m in place_mentions(doc) if text in m.text]
    assert len(found) == 1, [(m.text, m.value.place and m.value.place.name) for m in place_mentions(doc)]
    return found[0]


def location(ex: Extraction) -> Location:
    """The location of the extraction's event (every sentence here reports one event)."""
    assert ex.events, "no event extracted"
    loc = ex.events[-1].location
    assert loc is not None, "the event has no location"
    return loc


def km_from(lat: float, lon: float, ref: tuple[float, float]) -> float:
    return haversine_km(lat, lon, ref[0], ref[1])


def assert_at(loc: Location, ref: tuple[float, float], precision: int | None = None) -> None:
    d = km_from(loc.latitude, loc.longitude, ref)
    assert d <= NEAR_KM, f"{loc.name} ({loc.country_code}) is {d:.0f} km from {ref}"
    if precision is not None:
        assert loc.geo_precision == precision, loc


def assert_place_at(m: Mention, ref: tuple[float, float]) -> None:
    p = m.value.place
    assert p is not None, f"{m.text!r} unresolved"
    d = km_from(p.lat, p.lon, ref)
    assert d <= NEAR_KM, f"{m.text!r} -> {p.name} ({p.country_code}, {p.admin1}) is {d:.0f} km from {ref}"


# ---------------------------------------------------------------------------------------- clitics


@pytest.mark.parametrize(("text", "written", "toponym", "ref"), [
    ("قتل ثلاثة مدنيين في قصف جوي بالرقة أمس.", "بالرقة", "الرقة", RAQQA),
    ("وصلت تعزيزات عسكرية لدير الزور بعد اشتباكات عنيفة قتل فيها خمسة عناصر.", "لدير الزور", "دير الزور",
     DEIR_EZ_ZOR),
    ("قتل أربعة عناصر في اشتباكات في البوكمال.", "البوكمال", "البوكمال", BUKAMAL),
    ("قتل أربعة عناصر في اشتباكات في البو كمال.", "البو كمال", "البو كمال", BUKAMAL),
], ids=["bi-raqqa", "li-deir-ez-zor", "bukamal-one-word", "bukamal-two-words"])
def test_clitics_are_stripped_and_the_town_found(pipe: Pipeline, text: str, written: str, toponym: str,
                                                  ref: tuple[float, float]) -> None:
    ex = extract(pipe, text)
    m = mention(ex.document, written)
    assert m.text == written
    assert_place_at(m, ref)
    assert m.value.precision == 1
    loc = location(ex)
    assert loc.name_ar == toponym  # the toponym as written, without its proclitics
    assert_at(loc, ref, precision=1)


def test_proclitic_ba_is_the_governing_preposition(places_pipe: Pipeline) -> None:
    m = mention(run_places(places_pipe, "قتل ثلاثة مدنيين في قصف جوي بالرقة أمس."), "بالرقة")
    assert m.value.prep == "ب" and m.value.locative


def test_bukamal_written_as_one_word_or_two_is_one_place(places_pipe: Pipeline) -> None:
    one = mention(run_places(places_pipe, "قتل أربعة عناصر في اشتباكات في البوكمال."), "البوكمال")
    two = mention(run_places(places_pipe, "قتل أربعة عناصر في اشتباكات في البو كمال."), "البو كمال")
    assert one.value.place is not None and two.value.place is not None
    assert one.value.place.id == two.value.place.id


def test_wa_and_bi_before_rif(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل مدنيان في قصف مدفعي وبريف إدلب الجنوبي.")
    m = mention(ex.document, "ريف إدلب")
    assert m.text.startswith("وبريف")
    assert m.value.place is not None and m.value.place.admin1 == "Idleb" and m.value.precision == 2
    loc = location(ex)
    assert loc.name_ar == "ريف إدلب الجنوبي" and loc.country_code == "SY"
    assert_at(loc, IDLIB, precision=2)


# ---------------------------------------------------------------------------------------- spatial modifiers


@pytest.mark.parametrize(("text", "town", "modifier", "ref"), [
    ("قتل خمسة مدنيين في غارة جوية على أطراف مدينة تدمر.", "تدمر", "outskirts", TADMUR),
    ("قتل ثلاثة مدنيين في قصف على ضواحي مدينة حلب الشرقية.", "حلب", "outskirts", ALEPPO),
    ("قتل مدني في انفجار عبوة ناسفة قرب مدينة منبج.", "منبج", "near", MANBIJ),
    ("قتل جنديان في اشتباكات على بعد 50 كيلومترا غرب مدينة الرقة.", "الرقة", "direction", RAQQA),
], ids=["atraf-tadmur", "dawahi-aleppo", "qurb-manbij", "50km-west-of-raqqa"])
def test_outskirts_near_and_direction_are_precision_2_at_the_town(pipe: Pipeline, text: str, town: str,
                                                                  modifier: str, ref: tuple[float, float]) -> None:
    ex = extract(pipe, text)
    m = mention(ex.document, town)
    assert m.value.modifier == modifier
    assert m.value.head == match_key("مدينة")
    assert m.value.precision == 2
    assert_place_at(m, ref)
    loc = location(ex)
    assert loc.country_code == "SY"
    assert_at(loc, ref, precision=2)


def test_rif_of_a_town_is_its_countryside(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل مدنيان في قصف مدفعي على ريف منبج.")
    m = mention(ex.document, "منبج")
    assert m.value.precision == 2
    assert_place_at(m, MANBIJ)
    assert_at(location(ex), MANBIJ, precision=2)


def test_post_direction_adjective_makes_a_countryside(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل مدنيان في قصف على قرى بريف الرقة الشمالي.")
    m = mention(ex.document, "الرقة")
    assert m.value.precision == 2 and m.value.place is not None and m.value.place.admin1 == "Ar-Raqqa"
    assert_at(location(ex), RAQQA, precision=2)


# ---------------------------------------------------------------------------------------- neighbourhoods


@pytest.mark.parametrize(("text", "head", "name", "city", "ref"), [
    ("قتل مدني في قصف على حي الوعر في مدينة حمص.", "حي", "الوعر", "حمص", HOMS),
    ("تظاهر مئات الأشخاص في ساحة النواعير وسط مدينة حماة.", "ساحة", "النواعير", "حماة", HAMA),
    ("قتل عنصران في هجوم على حاجز عند دوار الزيتونة في مدينة منبج.", "دوار", "الزيتونة", "منبج", MANBIJ),
    # «الإسكندرية» is also Alexandria: inside a Syrian town it is a neighbourhood.
    ("قتل مدنيان في قصف على حي الإسكندرية في مدينة الطبقة.", "حي", "الإسكندرية", "الطبقة", TABQA),
], ids=["hayy-homs", "saha-hama", "dawwar-manbij", "hayy-iskandariya-tabqa"])
def test_point_inside_a_city_takes_the_city_at_precision_1(pipe: Pipeline, text: str, head: str, name: str,
                                                           city: str, ref: tuple[float, float]) -> None:
    ex = extract(pipe, text)
    m = mention(ex.document, name)
    ref_ = m.value
    assert ref_.head == match_key(head)
    assert ref_.unknown_name == name
    assert ref_.anchor is not None and city in ref_.anchor.text
    assert ref_.precision == 1
    assert_place_at(m, ref)
    loc = location(ex)
    assert loc.name_ar is not None and name in loc.name_ar and loc.country_code == "SY"
    assert_at(loc, ref, precision=1)


@pytest.mark.parametrize("index", [
    "default",
    "rich",
])
def test_neighbourhood_not_taken_from_another_province(request: pytest.FixtureRequest, index: str) -> None:
    ex = extract(pipeline_for(request, index), "قتل شاب في اشتباكات في حي الجورة في مدينة دير الزور.")
    assert_place_at(mention(ex.document, "الجورة"), DEIR_EZ_ZOR)
    assert_at(location(ex), DEIR_EZ_ZOR, precision=1)


def test_alexandria_neighbourhood_with_wof(rich_pipe: Pipeline) -> None:
    ex = extract(rich_pipe, "قتل مدنيان في قصف على حي الإسكندرية في مدينة الطبقة.")
    assert_place_at(mention(ex.document, "الإسكندرية"), TABQA)
    assert_at(location(ex), TABQA, precision=1)


# ---------------------------------------------------------------------------------------- provinces


@pytest.mark.parametrize(("text", "written", "admin1", "cc"), [
    ("قتل ثلاثة مدنيين في قصف على محافظة إدلب.", "محافظة إدلب", "Idleb", "SY"),
    ("قتل عشرة مقاتلين في معارك بمحافظة دير الزور.", "بمحافظة دير الزور", "Deir-ez-Zor", "SY"),
    ("قتل جندي بنيران قناص في محافظة الأنبار.", "محافظة الأنبار", "Al-Anbar", "IQ"),
    ("قتل ثلاثة مدنيين في غارة على محافظة حجة.", "محافظة حجة", "Hajjah", "YE"),
], ids=["idlib", "bi-deir-ez-zor", "anbar", "hajjah"])
def test_province_only_is_precision_3(pipe: Pipeline, text: str, written: str, admin1: str, cc: str) -> None:
    ex = extract(pipe, text)
    m = mention(ex.document, written)
    assert m.value.place is not None and m.value.place.feature == "admin1" and m.value.precision == 3
    loc = location(ex)
    assert (loc.country_code, loc.admin1, loc.geo_precision) == (cc, admin1, 3)


# ---------------------------------------------------------------------------------------- ambiguous names



@pytest.mark.parametrize("index", ["default", "rich"])
def test_douma_in_rif_dimashq(request: pytest.FixtureRequest, index: str) -> None:
    ex = extract(pipeline_for(request, index), "قتل طفلان في قصف على مدينة دوما بريف دمشق.")
    m = mention(ex.document, "دوما")
    assert m.value.place is not None and m.value.place.admin1 == "Rural Damascus"
    assert_at(location(ex), DOUMA_RIF_DIMASHQ, precision=1)


@pytest.mark.parametrize("index", [
    "default",
    "rich",
])
def test_douma_in_a_hama_context(request: pytest.FixtureRequest, index: str) -> None:
    ex = extract(pipeline_for(request, index), "قتل مزارع في قصف على قرية دوما في ريف حماة.")
    loc = location(ex)
    assert loc.admin1 == "Hama"
    assert km_from(loc.latitude, loc.longitude, DOUMA_RIF_DIMASHQ) > 100
    if index == "rich":
        assert_place_at(mention(ex.document, "دوما"), DOUMA_HAMA)


@pytest.mark.parametrize("index", ["default", "rich"])
def test_ramadi_in_an_iraqi_context(request: pytest.FixtureRequest, index: str) -> None:
    ex = extract(pipeline_for(request, index), "قتل جندي في تفجير في الرمادي غرب بغداد.")
    m = mention(ex.document, "الرمادي")
    assert m.value.place is not None and m.value.place.country_code == "IQ"
    assert_at(location(ex), RAMADI_IRAQ, precision=1)
    assert mention(ex.document, "بغداد").value.modifier == "direction"  # «غرب بغداد»: a bearing, not the event


@pytest.mark.parametrize("index", ["default", "rich"])
def test_ramadi_in_a_yemeni_context(request: pytest.FixtureRequest, index: str) -> None:
    ex = extract(pipeline_for(request, index), "قتل مسلحان في اشتباكات قبلية في قرية الرمادي بمحافظة إب اليمنية.")
    loc = location(ex)
    assert (loc.country_code, loc.admin1) == ("YE", "Ibb")
    assert_at(loc, RAMADI_IBB, precision=1)


@pytest.mark.parametrize("index", [
    "default",
    "rich",
])
def test_ramadi_in_a_syrian_context(request: pytest.FixtureRequest, index: str) -> None:
    ex = extract(pipeline_for(request, index), "قتل ثلاثة رعاة في انفجار لغم قرب قرية الرمادي بريف دير الزور الشرقي.")
    loc = location(ex)
    assert (loc.country_code, loc.admin1) == ("SY", "Deir-ez-Zor")
    assert loc.geo_precision == 2  # «قرب»
    if index == "rich":
        assert_at(loc, RAMADI_DEIR_EZ_ZOR)


# ---------------------------------------------------------------------------------------- unknown names


def test_unknown_village_after_a_cue_is_anchored_at_the_town(pipe: Pipeline, gaz: Gazetteer) -> None:
    assert gaz.lookup(match_key("الزهيرات")) == []  # not in the default index: the test needs an unknown name
    ex = extract(pipe, "قتل ثلاثة مدنيين في قصف على قرية الزهيرات شرق مدينة الميادين.")
    m = mention(ex.document, "الزهيرات")
    assert m.value.unknown_name == "الزهيرات" and m.value.head == match_key("قرية")
    assert m.value.anchor is not None and "الميادين" in m.value.anchor.text
    assert m.value.precision == 2  # a village somewhere east of the town
    loc = location(ex)
    assert loc.name_ar == "قرية الزهيرات"
    assert_at(loc, MAYADIN, precision=2)


@pytest.mark.xfail(strict=True, reason="_unknown takes one word after the cue noun: unknown_name is «أبو», not "
                   "«أبو صخيرة» (and with the WOF index «أبو» alone matches a village in Iraq)")
def test_unknown_two_word_village_name(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل ثلاثة مدنيين في قصف على قرية أبو صخيرة شرق مدينة الميادين.")
    m = mention(ex.document, "صخيرة")
    assert m.value.unknown_name == "أبو صخيرة"
    assert_at(location(ex), MAYADIN, precision=2)


def test_direction_adjective_after_an_unknown_name_is_not_a_place(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل ثلاثة مدنيين في قصف على قرية المشيرفة الغربية قرب مدينة الميادين.")
    assert all(m.value.place is None or m.value.place.country_code == "SY" for m in place_mentions(ex.document))
    assert_at(location(ex), MAYADIN, precision=2)


# ---------------------------------------------------------------------------------------- not places


def test_al_madina_without_antecedent_is_no_place(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل ثلاثة مدنيين في قصف على المدينة.")
    assert [m.value.place for m in place_mentions(ex.document) if m.value.place is not None] == []
    assert ex.events and ex.events[0].location is None


@pytest.mark.parametrize("text", [
    "قتل ثلاثة مدنيين يوم الأحد في قصف جوي على حلب.",
    "قتل ثلاثة مدنيين الأحد في قصف جوي على حلب.",
], ids=["yawm-al-ahad", "bare-al-ahad"])
def test_al_ahad_is_a_weekday(pipe: Pipeline, text: str) -> None:
    ex = extract(pipe, text)
    assert not [m for m in place_mentions(ex.document) if "الأحد" in m.text and m.value.place is not None]
    assert_at(location(ex), ALEPPO, precision=1)


def test_bihujjat_is_a_pretext_in_an_iraqi_report(pipe: Pipeline) -> None:
    ex = extract(pipe, "اعتقلت الشرطة عشرة أشخاص بحجة التظاهر في بغداد.")
    assert all(m.value.place is None for m in place_mentions(ex.document) if "حجة" in m.text)
    assert_at(location(ex), BAGHDAD, precision=1)


@pytest.mark.xfail(strict=True, reason="in a Yemeni report the country guard in PlaceStage._resolve does not fire: "
                   "«بحجة» resolves to Hajjah town and the event is placed there instead of Sanaa")
def test_bihujjat_is_a_pretext_in_a_yemeni_report(pipe: Pipeline) -> None:
    ex = extract(pipe, "اعتقل الحوثيون ثلاثة صحفيين بحجة التخابر مع التحالف في صنعاء.")
    assert all(m.value.place is None for m in place_mentions(ex.document) if "حجة" in m.text)
    assert_at(location(ex), SANAA, precision=1)


# ---------------------------------------------------------------------------------------- anaphora


@pytest.mark.parametrize("prep", ["في", "داخل"], ids=["fi", "dakhil"])
def test_al_madina_refers_back_to_the_town(pipe: Pipeline, prep: str) -> None:
    ex = extract(pipe, f"دخلت القوات الحكومية مدينة منبج أمس. وقتل خمسة مدنيين في قصف {prep} المدينة.")
    m = next(m for m in place_mentions(ex.document) if m.value.anaphor is not None)
    assert m.text == "المدينة" and m.value.anchor is not None and "منبج" in m.value.anchor.text
    assert_place_at(m, MANBIJ)
    assert_at(location(ex), MANBIJ, precision=1)


def test_ala_al_madina_refers_back_to_the_town(pipe: Pipeline) -> None:
    ex = extract(pipe, "دخلت القوات الحكومية مدينة منبج أمس. وقتل خمسة مدنيين في قصف على المدينة.")
    assert any(m.value.anaphor is not None and m.text == "المدينة" for m in place_mentions(ex.document))


# ---------------------------------------------------------------------------------------- the event's place


@pytest.mark.parametrize(("text", "ref", "precision"), [
    ("أفاد ناشطون من حمص بمقتل مدنيين اثنين في قصف على مدينة درعا.", DARAA, 1),
    ("قتل جندي من أبناء حمص في اشتباكات في درعا.", DARAA, 1),
    ("نزح مئات من سكان حلب بعد غارات جوية قتل فيها عشرة مدنيين في إدلب.", IDLIB, 1),
    ("قتل ستة عناصر من قوات النظام القادمة من دمشق في كمين قرب مدينة تدمر.", TADMUR, 2),
    ("قتل عنصران في اشتباكات بين فصائل من درعا والقوات الحكومية في ريف السويداء الغربي.", SWEIDA, 2),
], ids=["min-homs-fi-daraa", "abna-homs", "sukkan-aleppo", "min-damascus-qurb-tadmur", "min-daraa-fi-rif-sweida"])
def test_event_takes_the_governed_place_not_the_first_named(pipe: Pipeline, text: str, ref: tuple[float, float],
                                                            precision: int) -> None:
    assert_at(location(extract(pipe, text)), ref, precision=precision)


def test_event_on_a_camp_south_of_the_capital(pipe: Pipeline) -> None:
    ex = extract(pipe, "قتل مدنيان في قصف على مخيم اليرموك جنوب دمشق.")
    assert mention(ex.document, "اليرموك").value.prep is not None
    assert_at(location(ex), YARMOUK, precision=1)
    assert location(ex).name_ar == "مخيم اليرموك"


def test_ila_is_directional_not_locative(places_pipe: Pipeline) -> None:
    m = mention(run_places(places_pipe, "نزح مئات المدنيين إلى حلب بعد قصف قتل فيه عشرة أشخاص."), "حلب")
    assert m.value.prep is not None and not m.value.locative
