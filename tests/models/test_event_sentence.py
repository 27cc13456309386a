"""The event-sentence classifier: lazy loading, scores on sentences written for these tests, the model file
reader's errors, and the manifest against the training files in ../shared."""

from __future__ import annotations

import doctest
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import DataError
from marsad.models import event_sentence
from marsad.models.event_sentence import (
    MANIFEST_FILE,
    MODEL_FILE,
    EventSentenceClassifier,
    manifest,
    model_dir,
    sentence_features,
)
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokenize_words


@pytest.fixture(scope="module")
def clf() -> EventSentenceClassifier:
    return EventSentenceClassifier.load()


# Concrete reports: an attack, a bombing, a clash, an abduction, protests and a sit-in.
EVENTS = [
    "قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة وسط بغداد أمس",
    "فجر انتحاري نفسه أمس في سوق شعبي ببغداد مما أسفر عن مقتل 20 شخصا",
    "قتل مسلحون ثلاثة جنود في هجوم على نقطة تفتيش جنوب العاصمة",
    "اختطف مسلحون صحافيا فرنسيا أمس في شمال البلاد",
    "تظاهر آلاف الطلاب أمس في شوارع الخرطوم احتجاجا على رفع الأسعار",
    "خرج آلاف المتظاهرين الى شوارع القاهرة امس مطالبين باسقاط الحكومة",
    "اعتصم مئات العمال أمس أمام مبنى الوزارة للمطالبة برواتبهم",
]
# On the topic, but no concrete event: a threat, a warning, an analysis, a statement, a call to protest,
# a condemnation.
NOT_EVENTS = [
    "هدد زعيم التنظيم بشن هجمات جديدة على المدن الأوروبية",
    "حذر الوزير من أن الإرهاب يهدد استقرار المنطقة",
    "يرى المحللون أن العنف سيتصاعد في الأشهر المقبلة",
    "قال الرئيس إن الحكومة ستواصل الحوار مع المعارضة",
    "دعت المعارضة أنصارها إلى التظاهر يوم الجمعة المقبل",
    "أدان مجلس الأمن الهجمات الإرهابية",
]


@pytest.mark.parametrize("sentence", EVENTS)
def test_concrete_events_score_above_the_decision_threshold(clf, sentence):
    assert clf.score(sentence) >= clf.thresholds.decision
    assert clf.is_event(sentence)


@pytest.mark.parametrize("sentence", NOT_EVENTS)
def test_threats_statements_and_calls_score_below_the_decision_threshold(clf, sentence):
    assert clf.score(sentence) < clf.thresholds.decision
    assert not clf.is_event(sentence)


def test_every_event_outscores_every_non_event(clf):
    assert min(clf.score(s) for s in EVENTS) > max(clf.score(s) for s in NOT_EVENTS)


def test_heads_tell_attacks_from_protests(clf):
    attack = clf.scores("قتل مسلحون ثلاثة جنود في هجوم على نقطة تفتيش جنوب العاصمة")
    protest = clf.scores("تظاهر آلاف الطلاب أمس في شوارع الخرطوم احتجاجا على رفع الأسعار")
    assert attack.assault > attack.protest and attack.event == attack.assault
    assert protest.protest > protest.assault and protest.event == protest.protest


def test_score_words_is_score_on_the_pipelines_words(clf):
    text = "وقال مصدر أمني إن 5 أشخاص قتلوا في قصف على حلب. ودعا المجلس إلى التهدئة"
    first_end = text.index(".") + 1
    words = tokenize_words(text, normalize(text), 0, first_end)  # one sentence of a longer text, as the pipeline has it
    assert clf.score_words(words) == pytest.approx(clf.score(text[:first_end]))


def test_features_of_a_trigger_with_a_figure():
    f = sentence_features(tokenize_words("قتل 3 جنود"))
    assert {"t:kill", "tn:kill", "u:#N", "u:جنود", "b:قتل|#N"} <= f
    assert sentence_features([]) >= {"tc:0", "len:0"}


def test_empty_and_punctuation_only_sentences_score(clf):
    for s in ("", "…", "«»", "123"):
        assert 0.0 < clf.score(s) < 1.0


ALPHABET = list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةـًٌَُِّْ٠١٢٣٤٥٦٧٨٩،؛؟«» .!0123456789abc\n")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=200).map("".join))
def test_any_text_gets_a_probability(clf, text):
    s = clf.scores(text)
    assert 0.0 <= s.assault <= 1.0 and 0.0 <= s.protest <= 1.0


def test_thresholds_are_ordered(clf):
    th = clf.thresholds
    assert 0.0 < th.veto < th.decision < th.flag < 1.0


def test_load_is_cached(clf):
    assert EventSentenceClassifier.load() is clf
    assert EventSentenceClassifier.load(model_dir() / MODEL_FILE) is EventSentenceClassifier.load(
        str(model_dir() / MODEL_FILE))


def test_importing_the_package_and_pipeline_does_not_read_the_model():
    code = ("import marsad, marsad.pipeline, marsad.models.event_sentence as m; "
            "print(m._load_cached.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_module_doctests():
    assert doctest.testmod(event_sentence).failed == 0


# --- the model file reader ---------------------------------------------------------------------------------------


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "m.tsv"
    p.write_text(body, encoding="utf-8")
    return p


GOOD_HEADER = "# a test model\n#@ format marsad-event-sentence/1\n#@ veto 0.1\n#@ decision 0.5\n#@ flag 0.9\n"


def test_a_small_model_file_is_read_and_used(tmp_path):
    p = _write(tmp_path, GOOD_HEADER + "__bias__\t-1\t-2\nt:kill\t3\t0\nt:protest\t0\t4\n")
    m = EventSentenceClassifier.load(p)
    assert m.thresholds.decision == 0.5
    s = m.scores("قتل 3 جنود")
    assert s.assault == pytest.approx(1 / (1 + 2.718281828459045 ** -2))
    assert s.protest == pytest.approx(1 / (1 + 2.718281828459045 ** 2))


@pytest.mark.parametrize("body, message", [
    ("#@ format other/1\n__bias__\t0\t0\n", "not an event-sentence model"),
    (GOOD_HEADER + "t:kill\t1\t1\n", "no __bias__ row"),
    (GOOD_HEADER + "__bias__\t0\t0\nt:kill\tx\t1\n", "line 7"),
    (GOOD_HEADER + "__bias__\t0\t0\nt:kill\t1\n", "line 7"),
    ("#@ format marsad-event-sentence/1\n#@ veto 0.1\n__bias__\t0\t0\n", "thresholds"),
])
def test_malformed_model_files_raise_a_coded_error(tmp_path, body, message):
    with pytest.raises(DataError, match=message) as e:
        EventSentenceClassifier.read(_write(tmp_path, body))
    assert str(e.value).startswith("E-DATA:")


def test_a_missing_model_file_says_how_to_build_it(tmp_path):
    with pytest.raises(DataError, match="make models"):
        EventSentenceClassifier.read(tmp_path / "absent.tsv")


# --- the manifest ------------------------------------------------------------------------------------------------


def _sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_manifest_describes_the_committed_model():
    m = manifest()
    assert m["model"] == MODEL_FILE
    assert m["model_sha256"] == _sha256(model_dir() / MODEL_FILE)
    assert json.loads((model_dir() / MANIFEST_FILE).read_text(encoding="utf-8")) == m
    th = EventSentenceClassifier.load().thresholds
    assert m["thresholds"] == {"veto": th.veto, "decision": th.decision, "flag": th.flag}
    for split in ("dev", "test"):
        for domain in ("all", "assault", "protest"):
            assert 0.0 <= m["scores"][split][domain]["decision"]["f1"] <= 1.0


def test_manifest_sha256_matches_the_training_files_in_shared(shared):
    m = manifest()
    gsr = shared / "data/events/arabic-event-gsr"
    if not gsr.is_dir():
        pytest.skip("../shared has no arabic-event-gsr")
    assert m["training_files"]
    for rel, digest in m["training_files"].items():
        assert _sha256(shared / rel) == digest, f"{rel} changed since the model was trained: run `make models`"
