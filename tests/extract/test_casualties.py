"""Casualty counts: every sentence here was written for this test (no third-party text)."""

from __future__ import annotations

import doctest
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract import casualties
from marsad.extract.casualties import CasualtyMention, find_casualties

K, I = "killed", "injured"
C, M, N = True, False, None  # civilians / combatants / unstated

# sentence → [(kind, value, figures, vague, civilians), …] in order
CASES = [
    ("أسفر القصف عن مقتل 5 أشخاص وإصابة 12 آخرين", [(K, 5, (5,), False, N), (I, 12, (12,), False, N)]),
    ("أفادت الوكالة بمقتل 70 عنصرا من «داعش» في الاشتباكات", [(K, 70, (70,), False, M)]),
    ("أشار المرصد إلى مقتل 8 مدنيين جراء القصف", [(K, 8, (8,), False, C)]),
    ("قتل ثلاثة مدنيين في غارة على السوق", [(K, 3, (3,), False, C)]),
    ("وأوقع الانفجار 32 قتيلا في المدينة", [(K, 32, (32,), False, N)]),
    ("ارتفعت حصيلة القتلى إلى 30", [(K, 30, (30,), False, N)]),
    ("ارتفعت حصيلة ضحايا التفجير إلى 41 قتيلا", [(K, 41, (41,), False, N)]),
    ("ارتفع عدد الجرحى إلى 120 جريحا", [(I, 120, (120,), False, N)]),
    ("ارتفع عدد القتلى من 20 إلى 30 شخصا", [(K, 30, (30,), False, N)]),
    ("لقي 4 جنود حتفهم في الكمين", [(K, 4, (4,), False, M)]),
    ("لقي شخص حتفه في الحادث", [(K, 1, (1,), False, N)]),
    ("لقي حتفه متأثرا بجراحه", [(K, 1, (1,), False, N)]),
    ("قالت المصادر إن 9 أشخاص لقوا حتفهم", [(K, 9, (9,), False, N)]),
    ("قال إن 9 أشخاص بينهم 5 مدنيين لقوا مصرعهم", [(K, 9, (9,), False, N)]),
    ("لقي ثلاثة مسلحين مصرعهم", [(K, 3, (3,), False, M)]),
    ("سقط قتلى وجرحى في الانفجار", [(K, None, (), True, N), (I, None, (), True, N)]),
    ("وتحدثت الأنباء عن قتلى وجرحى", [(K, None, (), True, N), (I, None, (), True, N)]),
    ("أنباء عن سقوط قتلى في صفوف القوات", [(K, None, (), True, N)]),
    ("أعدم التنظيم 3 من عناصره رميا بالرصاص", [(K, 3, (3,), False, M)]),
    ("أعدم المسلحون يوم الأحد 6 من الأسرى", [(K, 6, (6,), False, N)]),
    ("أعلن الجيش إعدام 4 متمردين", [(K, 4, (4,), False, M)]),
    ("أسفر الهجوم عن مقتل ما لا يقل عن 20 شخصا", [(K, 20, (20,), False, N)]),
    ("تحدث المرصد عن عشرات القتلى", [(K, 10, (), True, N)]),
    ("سقط العشرات من المدنيين في القصف", [(K, 10, (), True, C)]),
    ("مقتل ما بين 5 و7 مدنيين", [(K, 5, (5, 7), False, C)]),
    ("قتل ما بين 5 و7 قتلى", [(K, 5, (5, 7), False, N)]),
    ("قتل 39 متمردا على الأقل و17 مقاتلا مواليا", [(K, 56, (39, 17), False, M)]),
    ("أسفرت الغارة عن مقتل 8 جنود و3 مدنيين", [(K, 11, (8, 3), False, N)]),
    ("أعلن الجيش مقتلهما", [(K, 2, (2,), False, N)]),
    ("أكدت العائلة مقتله", [(K, 1, (1,), False, N)]),
    ("قتل جنديان في الهجوم", [(K, 2, (2,), False, M)]),
    ("قتل جنديين وأصيب ثالث", [(K, 2, (2,), False, M)]),
    ("أسفر القصف عن مقتل طفلين", [(K, 2, (2,), False, C)]),
    ("أسفر القصف عن مقتل شخصين", [(K, 2, (2,), False, N)]),
    ("سقط قتيلين في الاشتباك", [(K, 2, (2,), False, N)]),
    ("أسفر القصف عن مقتل مدني", [(K, 1, (1,), False, C)]),
    ("أسفر القصف عن مقتل طفل", [(K, 1, (1,), False, C)]),
    ("أسفر القصف عن مقتل شخص", [(K, 1, (1,), False, N)]),
    ("قتل جندي تركي في هجوم", [(K, 1, (1,), False, M)]),
    ("مقتل مواطن وجرح آخرين", [(K, 1, (1,), False, C), (I, None, (), True, N)]),
    ("استشهد ثلاثة أطفال في القصف", [(K, 3, (3,), False, C)]),
    ("سقط 12 شهيدا في الغارة", [(K, 12, (12,), False, N)]),
    ("أودى الانفجار بحياة 5 أشخاص", [(K, 5, (5,), False, N)]),
    ("انفجار راح ضحيته 10 مدنيين", [(K, 10, (10,), False, C)]),
    ("عثر على 5 جثث في النهر", [(K, 5, (5,), False, N)]),
    ("عثرت الشرطة على جثة رجل", [(K, 1, (1,), False, N)]),
    ("أصيب 3 أشخاص بجروح خطيرة", [(I, 3, (3,), False, N)]),
    ("أصيب ثلاثة شرطيين في الانفجار", [(I, 3, (3,), False, M)]),
    ("نقل 25 جريحا إلى المستشفى", [(I, 25, (25,), False, N)]),
    ("نقل 40 مصابا إلى المستشفيات", [(I, 40, (40,), False, N)]),
    ("سقط 12 جريحا بينهم نساء", [(I, 12, (12,), False, N)]),
    ("أصيبا بجروح طفيفة", [(I, 2, (2,), False, N)]),
    ("وأسفر الهجوم عن إصابات بين المدنيين", [(I, None, (), True, N)]),
    ("قتل أكثر من 20 شرطيا ورجل أمن", [(K, 20, (20,), False, M)]),
    ("مقتل وإصابة 10 أشخاص", [(K, None, (10,), True, N), (I, None, (10,), True, N)]),
    ("سقط فيها ثمانية مسلحين حوثيين", [(K, 8, (8,), False, M)]),
    ("مقتل أحد عناصر الشرطة", [(K, 1, (1,), False, M)]),
    ("قتل عدد من المسلحين", [(K, None, (), True, M)]),
    ("تعرض 5 مدنيين لجروح", [(I, 5, (5,), False, C)]),
    ("وفاة 3 أشخاص متأثرين بجراحهم", [(K, 3, (3,), False, N)]),
    ("اغتيال قيادي في الحركة", [(K, 1, (1,), False, M)]),
    # negated, idiomatic or not about people: nothing
    ("لم يسفر الهجوم عن سقوط قتلى", []),
    ("انفجرت العبوة دون وقوع إصابات", []),
    ("لا قتلى ولا جرحى في الحادث", []),
    ("لم تسجل أي إصابات بين السكان", []),
    ("نفى الجيش مقتل 5 جنود", []),
    ("يحاول قتل الوقت بالقراءة", []),
    ("أصيب المدرب بخيبة أمل", []),
    ("أعلن سقوط المدينة بيد المعارضة", []),
    ("لقي القرار ترحيبا واسعا", []),
    ("تحدث التقرير عن عمليات القتل", []),
    ("قتل الهجوم على الفرقة 30 آمال التسوية", []),
    ("نقلت جثث القتلى", [(K, None, (), True, N)]),
    ("انفجرت العبوة دون وقوع إصابات، وقتل 5 أشخاص في هجوم آخر", [(K, 5, (5,), False, N)]),
    ("أسفر الانفجار عن 66 قتيلا وجريحا", [(K, None, (66,), True, N), (I, None, (66,), True, N)]),
    ("تحدث شهود عن عشرات القتلى والجرحى", [(K, 10, (), True, N), (I, None, (), True, N)]),
    ("أصيب ثلاثة أشخاص بجروح وأصابه الكثير من الإحباط", [(I, 3, (3,), False, N)]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_casualty_table(sentence, expected):
    found = find_casualties(sentence)
    got = [(m.kind, m.value, m.figures, m.vague, m.civilians) for m in found]
    assert got == expected
    for m in found:
        assert sentence[m.start:m.end] == m.text


def test_table_is_big_enough():
    assert len([c for c in CASES if c[1]]) >= 40


def _one(sentence: str) -> CasualtyMention:
    (m,) = find_casualties(sentence)
    return m


def test_phrase_and_victims_spans():
    text = "أفادت الوكالة بمقتل 70 عنصرا من «داعش» خلال الاشتباكات"
    m = _one(text)
    assert m.text == "مقتل 70 عنصرا من «داعش»"
    assert text[m.victims_start:m.victims_end] == "عنصرا من «داعش»"
    assert m.number is not None and (m.number.text, m.number.value, m.number.noun) == ("70", 70, "عنصر")


def test_victims_of_a_plain_noun_and_no_victims_for_a_casualty_noun():
    text = "قتل جندي تركي في هجوم"
    m = _one(text)
    assert text[m.victims_start:m.victims_end] == "جندي تركي" and m.number is None
    m = _one("وأوقع الانفجار 32 قتيلا")
    assert (m.text, m.victims_start, m.victims_end) == ("32 قتيلا", None, None)
    text = "سقط 30 قتيلا من المدنيين"
    m = _one(text)
    assert text[m.victims_start:m.victims_end] == "من المدنيين" and m.civilians is True


def test_offsets_with_diacritics_and_tatweel():
    text = "وأَسْفَرَ القَصْفُ عن مَقْتَلِ ثَلاثَةِ أَطْفَالٍ وإصـــابة «١٢» آخرين"
    killed, injured = find_casualties(text)
    assert (killed.kind, killed.value, killed.civilians) == ("killed", 3, True)
    assert killed.text == "مَقْتَلِ ثَلاثَةِ أَطْفَالٍ"
    assert (injured.kind, injured.value) == ("injured", 12)
    assert injured.text.startswith("إصـــابة")
    assert text[killed.victims_start:killed.victims_end] == "أَطْفَالٍ"
    assert text[injured.victims_start:injured.victims_end] == "آخرين"
    for m in (killed, injured):
        assert text[m.start:m.end] == m.text


def test_docstring_examples():
    assert doctest.testmod(casualties).failed == 0


def test_window_scans_one_sentence_of_a_document():
    text = "قتل 4 جنود أمس. وفي حادث آخر أصيب 7 مدنيين."
    start = text.index("وفي")
    (m,) = find_casualties(text, start)
    assert (m.kind, m.value, m.text) == ("injured", 7, "أصيب 7 مدنيين")
    assert text[m.start:m.end] == m.text
    assert [x.value for x in find_casualties(text, 0, start)] == [4]


def test_fast_enough():
    sentence = "أسفر القصف عن مقتل 5 أشخاص وإصابة نحو عشرين آخرين في 20 يوليو 2015، بينهم ثلاثة أطفال. "
    article = (sentence * (5000 // len(sentence) + 1))[:5000]
    find_casualties(article)
    best = min(_timed(find_casualties, article) for _ in range(5))
    assert best < 0.03  # ~2 ms on a laptop; generous so CI noise never fails it


def _timed(fn, arg) -> float:
    t = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t


_PIECES = ["قتل", "مقتل", "قتلى", "وجرحى", "جرحى", "إصابة", "أصيب", "لقي", "حتفهم", "حصيلة", "عدد", "سقوط", "أودى",
           "بحياة", "راح", "ضحيته", "ثلاثة", "عشرات", "5", "٣٬٥", "و", "و7", "بين", "أكثر من", "عنصرا", "مدنيين",
           "جنديين", "مقتلهما", "من", "«", "»", "،", ".", "لم", "دون", "بجروح", "\u0651", "ـ", " ", "\n", "2015",
           "الفرقة", "على الأقل", "بينهم", "أعدم", "التنظيم", "ﻻ", "%"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join) | st.text(max_size=60),
       st.integers(-5, 80), st.one_of(st.none(), st.integers(-5, 80)))
def test_random_text_never_raises_and_spans_are_valid(text, start, end):
    found = find_casualties(text, start, end)
    lo, hi, _ = slice(start, end).indices(len(text))
    prev = lo
    for m in found:
        assert lo <= m.start <= m.end <= max(hi, lo)
        assert m.start >= prev
        assert text[m.start:m.end] == m.text
        assert m.kind in ("killed", "injured")
        if m.victims_start is not None:
            assert m.start <= m.victims_start <= m.victims_end <= m.end
        prev = m.end
