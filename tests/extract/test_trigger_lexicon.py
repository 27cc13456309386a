"""The trigger lexicon: data validity, the inflection generator, the index and malformed-data errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import DataError
from marsad.extract.trigger_lexicon import (
    COLUMNS,
    EVENT_TYPES,
    FAMILIES,
    STOP_WORDS,
    Trigger,
    conjugate,
    is_imperfect,
    load_triggers,
    read_rows,
    trigger_index,
)
from marsad.text.normalize import match_key

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "contract" / "event.schema.json"
HEADER = "\t".join(COLUMNS)


@pytest.fixture(scope="module")
def index() -> dict[str, list[Trigger]]:
    return trigger_index()


def readings(index: dict[str, list[Trigger]], text: str) -> list[Trigger]:
    return index.get(match_key(text), [])


def families(index: dict[str, list[Trigger]], text: str) -> set[str]:
    return {t.family for t in readings(index, text)}


# -- the bundled data ------------------------------------------------------------------------------------
def test_loads_and_covers_at_least_250_lemmas() -> None:
    rows = read_rows()
    assert len({(match_key(r.lemma), r.pos) for r in rows}) >= 250
    triggers = load_triggers()
    assert all(isinstance(t, Trigger) for t in triggers)
    assert len(triggers) > len(rows)
    assert {r.family for r in rows} == FAMILIES  # every family is used


def test_labels_are_valid_per_the_schema() -> None:
    if SCHEMA.exists():
        props = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["event"]["properties"]
        types, subs = set(props["event_type"]["enum"]), set(props["sub_event_type"]["enum"])
    else:
        types = set(EVENT_TYPES)
        subs = {s for v in EVENT_TYPES.values() for s in v}
    assert set(EVENT_TYPES) == types
    assert {s for v in EVENT_TYPES.values() for s in v} == subs
    for t in load_triggers():
        assert t.event_type is None or t.event_type in types, t
        assert t.sub_event_type is None or t.sub_event_type in subs, t
        if t.sub_event_type is not None:
            assert t.sub_event_type in EVENT_TYPES[t.event_type], t
        assert t.family in FAMILIES
        assert t.voice in ("active", "passive", "-")
        assert 0 < t.strength <= 1
        assert t.pos in ("verb", "noun", "phrase")
        if t.pos == "noun":
            assert t.voice == "-", t
        if t.pos == "verb":
            assert t.voice != "-", t


def test_typed_families_carry_an_event_type() -> None:
    # The event stage types kill/attack/other and territory triggers from context; every other family
    # must say at least its event type.
    untyped_ok = {"kill", "attack", "other", "territory_gain", "territory_loss"}
    for t in load_triggers():
        if t.family not in untyped_ok:
            assert t.event_type is not None, t


def test_no_form_is_a_stop_word() -> None:
    keys = {match_key(t.form) for t in load_triggers()}
    for w in ("قبل", "بعد", "على", "إلى", "عن", "كان", "قال", "من", "في", "توقف", "تدمر", "ياسر", "أسرة", "متن",
              "ترجمة", "نصيب", "مسيرته"):
        assert match_key(w) not in keys, w
    assert not keys & STOP_WORDS


# -- spot checks ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "family"), [
    ("قتلوا", "kill"), ("اعتقلت", "arrest"), ("يعتقل", "arrest"), ("غارات", "air"), ("الغارات", "air"),
    ("سيارة مفخخة", "explosion"), ("رميا بالرصاص", "execution"), ("ألقى القبض", "arrest"),
    ("ألقت القبض", "arrest"), ("سيطرت", "territory_gain"), ("تظاهر", "protest"), ("الاشتباكات", "clash"),
    ("اختطفهم", "abduction"), ("يختطف", "abduction"), ("يستهدف", "attack"), ("أعدم", "execution"),
    ("يعدم", "execution"), ("فجّروا", "explosion"), ("يفجر", "explosion"), ("انتحاري", "suicide"),
    ("حزام ناسف", "suicide"), ("غاز الكلور", "chemical"), ("قذائف هاون", "shell"), ("براميل متفجرة", "air"),
    ("طائرة مسيرة", "air"), ("الطيران الحربي", "air"), ("انسحبت", "territory_loss"), ("هدنة", "agreement"),
    ("وقف إطلاق النار", "agreement"), ("نهب", "looting"), ("هدم منازل", "destruction"), ("حصار", "siege"),
    ("اغتصاب", "sexual"), ("أعمال شغب", "riot"), ("تفكيك عبوة", "seizure"), ("لقوا حتفهم", "kill"),
    ("قتيلا", "kill"), ("هجوما", "attack"), ("غاراتها", "air"), ("استعادت", "territory_gain"),
])
def test_spot_checks(index: dict[str, list[Trigger]], text: str, family: str) -> None:
    assert family in families(index, text), (text, sorted(families(index, text)))


def test_spot_check_details(index: dict[str, list[Trigger]]) -> None:
    (car,) = readings(index, "سيارة مفخخة")
    assert (car.event_type, car.sub_event_type, car.method) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED", "car bomb")
    assert {t.sub_event_type for t in readings(index, "رميا بالرصاص")} == {"Attack"}
    assert {t.sub_event_type for t in readings(index, "قنبلة يدوية")} == {"Grenade"}
    assert {t.sub_event_type for t in readings(index, "غارة")} == {"Air/drone strike"}
    kill = readings(index, "مقتل")
    assert kill and all(t.event_type is None and t.sub_event_type is None for t in kill)
    assert all(t.pos == "phrase" for t in readings(index, "رميا بالرصاص"))
    # an ambiguous trigger is weak
    assert max(t.strength for t in readings(index, "دخلت")) < 0.5
    assert max(t.strength for t in readings(index, "اعتقلت")) == 1.0


def test_voice(index: dict[str, list[Trigger]]) -> None:
    assert {t.voice for t in readings(index, "قتلوا")} == {"active", "passive"}
    assert {t.voice for t in readings(index, "قُتل") if t.pos == "verb"} == {"active", "passive"}
    assert {t.voice for t in readings(index, "قتلهم") if t.pos == "verb"} == {"active"}  # pronoun object: active
    assert {t.voice for t in readings(index, "هوجم")} == {"passive"}  # form III passive
    assert {t.voice for t in readings(index, "اغتيل")} == {"passive"}
    assert {t.voice for t in readings(index, "أصيب")} == {"passive"}
    assert {t.voice for t in readings(index, "استعيدت")} == {"passive"}
    assert {t.voice for t in readings(index, "يستعيد")} == {"active"}
    assert {t.voice for t in readings(index, "استشهد")} == {"passive"}  # the subject is the one killed
    assert {t.voice for t in readings(index, "اشتبكت")} == {"active"}  # intransitive: no passive reading
    assert {t.voice for t in readings(index, "غارات")} == {"-"}


def test_is_imperfect(index: dict[str, list[Trigger]]) -> None:
    def verb(text: str) -> Trigger:
        return next(t for t in readings(index, text) if t.pos == "verb")

    assert is_imperfect(verb("يقصف"))
    assert is_imperfect(verb("تستهدف"))
    assert not is_imperfect(verb("قصفت"))
    assert not is_imperfect(verb("تظاهرت"))  # a form V perfect starts with ت too
    assert not is_imperfect(next(iter(readings(index, "غارة"))))


def test_multiword_keys_use_single_spaces(index: dict[str, list[Trigger]]) -> None:
    assert "سياره مفخخه" in index
    for key in index:
        assert key == key.strip() and "  " not in key


# -- the generator --------------------------------------------------------------------------------------
def _all(lemma: str) -> set[str]:
    p = conjugate(lemma)
    return set(p.shared) | set(p.active) | set(p.passive) | set(p.objects)


def test_conjugate_sound_and_derived_forms() -> None:
    qatal = _all("قتل")
    assert {"قتل", "قتلت", "قتلوا", "قتلن", "قتلا", "قتلتا", "قتلنا", "يقتل", "تقتل", "نقتل", "يقتلون", "تقتلون",
            "يقتلان", "يقتلوا", "قتله", "قتلتهم", "قتلوهم", "يقتلهم"} <= qatal
    assert {"يعتقل", "تعتقل", "يعتقلون"} <= _all("اعتقل")  # VIII drops its alef
    assert {"يستهدف", "يستهدفون"} <= _all("استهدف")  # X
    assert {"يعدم", "تعدم", "أعدمت", "أعدموا"} <= _all("أعدم")  # IV, hamza-initial
    assert {"يفجر", "فجرت"} <= _all("فجّر")  # II, shadda ignored
    assert {"يأسر"} <= _all("أسر")  # form I with an initial hamza keeps it
    p = conjugate("هاجم")
    assert "هوجم" in p.passive and "هوجمت" in p.passive and "هاجم" in p.active


def test_conjugate_weak_and_doubled_verbs() -> None:
    assert {"شنت", "شنوا", "شنن", "شننا", "يشن", "شنه"} <= _all("شن")
    assert {"احتلت", "احتللنا", "يحتل"} <= _all("احتل")
    p = conjugate("اغتال")
    assert "اغتيل" in p.passive and "اغتيلت" in p.passive and "يغتال" in p.shared
    p = conjugate("استعاد")
    assert "يستعيد" in p.active and "يستعاد" in p.passive and "استعدنا" in p.active
    p = conjugate("أصاب")
    assert "يصيب" in p.active and "أصيب" in p.passive and "أصيبوا" in p.passive
    assert {"رمت", "رموا", "رميا", "يرمي", "يرمون", "رماه"} <= _all("رمى")
    assert {"ألقت", "ألقوا", "يلقي"} <= _all("ألقى")
    assert {"لقيت", "لقوا", "لقيا"} <= _all("لقي")


def test_noun_expansion(index: dict[str, list[Trigger]]) -> None:
    for form in ("غارة", "الغارة", "غارتين", "الغارتين", "غاراته", "هجوم", "الهجوم", "هجوما", "هجومين", "قتلاهم",
                 "القتلى", "انتحاريا", "الانتحاريين", "اعتقاله", "سيطرتها"):
        assert readings(index, form), form


def test_trigger_index_of_a_given_list() -> None:
    ts = [Trigger("قصف", "noun", "Explosions/Remote violence", None, None, "shell", "-", 0.9, "قصفٌ"),
          Trigger("قصف", "verb", "Explosions/Remote violence", None, None, "shell", "active", 0.9, "قصف")]
    idx = trigger_index(ts)
    assert list(idx) == ["قصف"] and len(idx["قصف"]) == 2


# -- files and errors ------------------------------------------------------------------------------------
def _write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    p = tmp_path / "t.tsv"
    p.write_text("# test lexicon\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_loads_a_user_file(tmp_path: Path) -> None:
    p = _write(tmp_path,
               "قتل\tverb\t\t*\t*\t\tkill\tactive\t1.0\t",
               "عبوة ناسفة\tnoun\tعبوات ناسفة\tExplosions/Remote violence\tRemote explosive/landmine/IED\tIED"
               "\texplosion\t-\t1.0\tnote",
               "أطلق النار\tverb\t!intr\t*\t*\tgunfire\tattack\tactive\t0.9")  # notes left off
    ts = load_triggers(p)
    idx = trigger_index(ts)
    assert {t.voice for t in idx["قتلت"]} == {"active", "passive"}
    assert idx["عبوات ناسفه"][0].method == "IED"
    assert {t.voice for t in idx["اطلقوا النار"]} == {"active"}
    assert load_triggers(tmp_path)  # a folder loads every *.tsv in it


def test_suppression_directive(tmp_path: Path) -> None:
    p = _write(tmp_path, "دمر\tverb\t!تدمر\tStrategic developments\t*\t\tdestruction\tactive\t0.6\t")
    idx = trigger_index(load_triggers(p))
    assert "تدمر" not in idx and "تدمرها" not in idx and "دمرت" in idx and "يدمر" in idx


@pytest.mark.parametrize(("row", "message"), [
    ("قتل\tverb\t\t*\t*\t\tkill\tactive", "columns"),
    ("قتل\tverbe\t\t*\t*\t\tkill\tactive\t1.0\t", "pos"),
    ("قتل\tverb\t\tBattle\t*\t\tkill\tactive\t1.0\t", "event_type"),
    ("قتل\tverb\t\tBattles\tAir/drone strike\t\tkill\tactive\t1.0\t", "does not belong"),
    ("قتل\tverb\t\t*\tArmed clash\t\tkill\tactive\t1.0\t", "'*'"),
    ("قتل\tverb\t\t*\t*\t\tmurder\tactive\t1.0\t", "family"),
    ("قتل\tverb\t\t*\t*\t\tkill\t-\t1.0\t", "voice"),
    ("غارة\tnoun\t\t*\t*\t\tair\tactive\t1.0\t", "voice"),
    ("قتل\tverb\t\t*\t*\t\tkill\tactive\tstrong\t", "strength"),
    ("قتل\tverb\t\t*\t*\t\tkill\tactive\t1.5\t", "strength"),
    ("قتل\tverb\tقتلت||قتلوا\t*\t*\t\tkill\tactive\t1.0\t", "empty entry"),
    ("قتل\tverb\tعلى\t*\t*\t\tkill\tactive\t1.0\t", "non-trigger"),
    ("kill\tverb\t\t*\t*\t\tkill\tactive\t1.0\t", "lemma"),
    ("غارة\tnoun\t!intr\t*\t*\t\tair\t-\t1.0\t", "only for verbs"),
])
def test_malformed_rows_raise_with_line_number(tmp_path: Path, row: str, message: str) -> None:
    good = "غارة\tnoun\t\tExplosions/Remote violence\tAir/drone strike\tairstrike\tair\t-\t1.0\t"
    p = _write(tmp_path, good, row)
    with pytest.raises(DataError) as err:
        load_triggers(p)
    text = str(err.value)
    assert "line 4" in text and str(p) in text and message in text
    assert text.startswith("E-DATA")


def test_bad_header_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="header"):
        load_triggers(_write(tmp_path, "قتل\tverb\t\t*\t*\t\tkill\tactive\t1.0\t", header="lemma\tpos"))
    dup = "قتل\tverb\t\t*\t*\t\tkill\tactive\t1.0\t"
    with pytest.raises(DataError, match=r"line 4: duplicate of .* line 3"):
        load_triggers(_write(tmp_path, dup, dup))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match="no trigger files"):
        load_triggers(empty)
    with pytest.raises(DataError, match="cannot read"):
        load_triggers(tmp_path / "missing.tsv")
