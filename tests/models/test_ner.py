"""The NER tagger: CoNLL reading and scoring, items and spans, the NumPy decoder against CRFsuite, names found
in sentences written for these tests, actors and sources the dictionaries lack, the manifest, and
``marsad eval-ner``."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pycrfsuite
import pytest
from hypothesis import given
from hypothesis import strategies as st

import marsad
from marsad.errors import InputMissing, InputNotText
from marsad.extract.names import romanize
from marsad.models.conll import entities, read_conll, score_entities
from marsad.models.ner import (
    CLUSTERS_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    NerFeatures,
    NerTagger,
    default_place_keys,
    entity_start,
    load_clusters,
    model_dir,
    token_labels,
    word_labels,
    words_of_tokens,
)
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokenize_words


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


def words(text: str):
    return tokenize_words(text, normalize(text))


# --- CoNLL and scoring -------------------------------------------------------------------------------------------


def test_entities_follow_conlleval():
    assert list(entities(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"])) == [
        ("PERS", 0, 1), ("LOC", 3, 3), ("LOC", 4, 4), ("ORG", 5, 5)]


def test_scores_micro_and_per_type():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "B-MISC"]]
    s = score_entities(gold, pred)
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (2, 2, 1)
    assert s.by_type["PERS"].f1 == 0.0 and s.by_type["LOC"].f1 == 1.0
    assert s.report().splitlines()[-1] == f"micro F1 {s.micro.f1:.3f}"


def test_read_conll(tmp_path):
    p = tmp_path / "x.conll"
    p.write_text("قال O\nكوفي B-PERS\nأنان I-PERS\n\nفي O\nبيروت B-LOC\n", encoding="utf-8")
    sents = read_conll(p)
    assert [s.tags for s in sents] == [["O", "B-PERS", "I-PERS"], ["O", "B-LOC"]]
    p.write_text("قال O\nكوفي PERSON\n", encoding="utf-8")
    with pytest.raises(InputNotText, match="line 2"):
        read_conll(p)
    with pytest.raises(InputMissing):
        read_conll(tmp_path / "absent.conll")


@given(st.lists(st.sampled_from(["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC"]), max_size=30))
def test_a_sequence_scored_against_itself_is_perfect(tags):
    s = score_entities([tags], [tags])
    assert s.micro.fp == 0 and s.micro.fn == 0


# --- items, labels and spans -------------------------------------------------------------------------------------


def test_conll_tokens_map_to_words_and_back():
    tokens = ["وقال", "(د", "ب", "أ)", "كوفي", "أنان،", "في", "بيروت"]
    tags = ["O", "O", "O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]
    _, _, owner = words_of_tokens(tokens)
    labels = word_labels(tags, owner)
    assert token_labels(labels, owner, len(tokens)) == tags


def test_a_proclitic_splits_two_names(tagger):
    # «ريد وموساوي»: the و of an unknown word is an item of its own, so I-PERS after it opens a new name
    units = tagger.features.units(words("ريد وموساوي"))
    assert [i.key for i in units.infos] == ["ريد", "و+", "موساوي"]
    assert units.word_labels(["B-PERS", "O", "I-PERS"]) == ["B-PERS", "B-PERS"]
    assert units.item_labels(["B-ORG", "I-ORG"]) == ["B-ORG", "I-ORG", "I-ORG"]


def test_a_name_span_leaves_out_proclitics():
    text = "وصل الوفد إلى وبغداد وللجيش"
    ws = words(text)
    assert text[entity_start(ws[3]):ws[3].end] == "بغداد"
    assert text[entity_start(ws[4]):ws[4].end] == "لجيش"  # ل + (ا)ل: the article's ل stays


# --- the model ----------------------------------------------------------------------------------------------------


SENTENCES = [
    "التقى الرئيس الفرنسي فرانسوا هولاند نظيره المصري عبد الفتاح السيسي في القاهرة",
    "أعلنت كتيبة الفاروق مسؤوليتها عن تفجير سيارة مفخخة في حي الوعر بحمص",
    "وقال المتحدث باسم الحركة أبو عمر الشامي إن المقاتلين سيطروا على القرية",
    "وأكد الأمين العام للأمم المتحدة بان كي مون أن مجلس الأمن سيجتمع في نيويورك الأسبوع المقبل",
]


def test_numpy_decoder_gives_crfsuite_labels(tagger):
    crf = pycrfsuite.Tagger()
    crf.open(str(tagger.model_path))
    features = NerFeatures(load_clusters(), default_place_keys())  # the tagger's own keep sums, not strings
    for text in SENTENCES:
        expected = crf.tag(features.sequence(features.units(words(text))))
        assert tagger.crf.decode(tagger.scores(tagger.features.units(words(text)))) == expected, text


@pytest.mark.parametrize(("text", "expected"), [
    (SENTENCES[0], {("PERS", "فرانسوا هولاند"), ("PERS", "عبد الفتاح السيسي"), ("LOC", "القاهرة")}),
    (SENTENCES[1], {("ORG", "كتيبة الفاروق"), ("LOC", "الوعر")}),
    (SENTENCES[2], {("PERS", "أبو عمر الشامي")}),
    (SENTENCES[3], {("PERS", "بان كي مون"), ("LOC", "نيويورك")}),
])
def test_names_in_sentences(tagger, text, expected):
    found = {(e.label, e.text) for e in tagger.tag_text(text)}
    assert expected <= found


def test_batch_decoding_equals_one_by_one(tagger):
    batch = [(words(t), ()) for t in SENTENCES]
    assert [labels for _, labels in tagger.decode_many(batch)] == [tagger.labels(w) for w, _ in batch]


def test_an_unknown_armed_group_becomes_an_actor_without_id():
    text = "أعلنت كتيبة الفاروق مسؤوليتها عن تفجير سيارة مفخخة استهدف حاجزا لقوات النظام في حي الوعر بحمص أمس."
    events = marsad.extract(text, published="2015-08-10").to_dict()["events"]
    actors = [e["actor1"] for e in events if e["actor1"]]
    assert {"id": None, "name": "Battalion al-Farwq", "name_ar": "كتيبة الفاروق", "kind": "rebel_group",
            "country_code": None} in actors


def test_a_person_the_dictionary_lacks_is_the_source():
    text = "قال أبو عمر الشامي إن المقاتلين سيطروا على قرية تل الكرامة أمس."
    events = marsad.extract(text, published="2015-08-10").to_dict()["events"]
    assert events and events[0]["sources"][0]["name_ar"] == "أبو عمر الشامي"


def test_romanize():
    assert romanize("الفاروق") == "al-Farwq"
    assert romanize("شهداء القلمون") == "Shhda' al-Qlmwn"


# --- manifest and CLI ------------------------------------------------------------------------------------------------


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_describes_the_committed_files():
    m = json.loads((model_dir() / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert m["ner"]["model_sha256"] == _sha(model_dir() / MODEL_FILE)
    assert m["clusters"]["sha256"] == _sha(model_dir() / CLUSTERS_FILE)
    assert m["ner"]["test"]["micro"]["f1"] > 0.7


def test_manifest_training_files_match_shared(shared):
    m = json.loads((model_dir() / MANIFEST_FILE).read_text(encoding="utf-8"))
    for rel, digest in {**m["ner"]["training_files"], **m["clusters"]["sources"]}.items():
        assert _sha(shared / rel) == digest, rel


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], capture_output=True, text=True, timeout=300)


def test_eval_ner_cli(tmp_path):
    p = tmp_path / "mini.conll"
    p.write_text("التقى O\nالرئيس O\nفرانسوا B-PERS\nهولاند I-PERS\nفي O\nالقاهرة B-LOC\n", encoding="utf-8")
    out = run("eval-ner", str(p))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "micro F1 1.000"


def test_eval_ner_bad_file_is_one_line(tmp_path):
    p = tmp_path / "bad.conll"
    p.write_text("not a conll line\n", encoding="utf-8")
    out = run("eval-ner", str(p))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "E-INPUT-NOT-TEXT" in out.stderr


def test_eval_ner_on_anercorp_test_floor(shared):
    """Pinned floor for the committed model on the ANERcorp test split (reconstructed CAMeL split)."""
    test = shared / "data/ner/anercorp/ANERcorp_CamelStyle_test.reconstructed.txt"
    out = run("eval-ner", str(test))
    assert out.returncode == 0, out.stderr
    assert float(out.stdout.splitlines()[-1].split()[-1]) >= 0.71


def test_pipeline_without_models():
    from marsad.pipeline import Pipeline

    names = [n for n, _ in Pipeline(models=False).stages]
    assert "names" not in names and "check" not in names and names[-1] == "notes"
    assert [n for n, _ in Pipeline(models=False, until="places").stages][-1] == "places"


def test_a_dictionary_name_across_a_sentence_end():
    # a line break ends the sentence inside «قوات سوريا الديمقراطية»: the tagger gets only what is inside
    text = "اندلعت اشتباكات عنيفة بين تنظيم داعش وقوات\nسوريا الديمقراطية في ريف الرقة أمس، وقتل فيها عشرة مسلحين."
    assert marsad.extract(text, published="2015-08-10").events


def test_an_armed_head_noun_makes_the_name_a_group():
    # the tagger labels «القلمون» a place; «لواء» two words before makes the whole a rebel group
    text = "هاجم لواء شهداء القلمون حاجزا للجيش في بلدة يبرود أمس."
    ev = marsad.extract(text, published="2015-08-10").to_dict()["events"][0]
    assert ev["actor1"]["name_ar"] == "لواء شهداء القلمون" and ev["actor1"]["kind"] == "rebel_group"
    assert ev["actor1"]["id"] is None
