import pytest

from marsad.text.tokenize import tokenize


def _pieces(text):
    words, tokens = tokenize(text)
    return [[t.text for t in tokens[w.first_token: w.last_token + 1]] for w in words]


@pytest.mark.parametrize(("word", "pieces"), [
    ("وبالرقة", ["و", "ب", "ال", "رقة"]),
    ("قواتهم", ["قوات", "هم"]),
    ("عناصره", ["عناصر", "ه"]),
    ("للتحالف", ["ل", "ل", "تحالف"]),
    ("والتحالف", ["و", "ال", "تحالف"]),
    ("بمقتل", ["ب", "مقتل"]),
    ("وقال", ["و", "قال"]),
    ("لدير", ["ل", "دير"]),
])
def test_clitics_split(word, pieces):
    assert _pieces(word) == [pieces]


@pytest.mark.parametrize("word", ["بغداد", "لبنان", "والي", "فرنسا", "كركوك", "بيروت", "كان", "وزير", "سيطرة"])
def test_lexicon_keeps_words_whole(word):
    assert _pieces(word) == [[word]]


def test_tatweel_clitic_before_quote():
    words, tokens = tokenize("لـ«الشرق الأوسط» وبـ«داعش»")
    assert tokens[0].text == "لـ" and tokens[0].clitic == "pre"
    assert [w.base for w in words if w.kind == "word"] == ["ل", "الشرق", "الاوسط", "ب", "داعش"]


def test_article_after_lam_lam_keeps_its_span():
    words, tokens = tokenize("للطبقة")
    assert [(t.text, t.norm, t.clitic) for t in tokens] == [
        ("ل", "ل", "pre"), ("ل", "ال", "det"), ("طبقة", "طبقة", None)]
    assert words[0].base == "الطبقه"


def test_pronoun_on_ta_marbuta_stem():
    words, _ = tokenize("مدينته")
    assert words[0].suffix == "ه" and words[0].base == "مدينه"


def test_offsets_with_diacritics():
    text = "وَبِالرَّقَّةِ قُتِلَ ٣ مدنيين"
    _, tokens = tokenize(text)
    for t in tokens:
        assert text[t.start:t.end] == t.text
    assert tokens[-2].norm == "3" and tokens[-2].kind == "num"
    assert tokens[3].text == "رَّقَّةِ"


def test_numbers_latin_and_punctuation():
    _, tokens = tokenize("قتل 3.5 ISIS، (AFP)")
    assert [(t.text, t.kind) for t in tokens] == [
        ("قتل", "word"), ("3.5", "num"), ("ISIS", "latin"), ("،", "punct"), ("(", "punct"), ("AFP", "latin"),
        (")", "punct")]
