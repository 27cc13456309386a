"""Property tests for the text core: offsets always slice back, normalisation is idempotent, nothing raises."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.text.normalize import match_key, normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةـًٌٍَُِّْٰٱ٠١٢٣٤٥٦٧٨٩۰۱۲٫٬،؛؟«»"
MARKS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
PRESENTATION = "ﻻﻷﺍﻟﺮﻗﺔﷲﷺ"
alphabet = st.sampled_from(list(ARABIC + MARKS + PRESENTATION + " \n\t.!?…:\"'()-0123456789abcXYZ"))
arabic_text = st.lists(alphabet, max_size=300).map("".join)
any_text = st.one_of(arabic_text, st.text(max_size=300))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_tokens_slice_back(text):
    words, tokens = tokenize(text)
    prev_end = 0
    for t in tokens:
        assert 0 <= t.start <= t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= prev_end
        prev_end = t.end
    for w in words:
        assert text[w.start:w.end] == w.text
        assert w.first_token <= w.last_token


@settings(max_examples=300)
@given(any_text)
def test_normalisation_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once
    assert match_key(match_key(text)) == match_key(text)


@settings(max_examples=300)
@given(any_text, st.integers(0, 300), st.integers(0, 300))
def test_alignment_spans_are_valid(text, a, b):
    n = normalize(text)
    a, b = sorted((min(a, len(n.text)), min(b, len(n.text))))
    s, e = n.alignment.to_original(a, b)
    assert 0 <= s <= e <= len(text)


@settings(max_examples=200)
@given(any_text)
def test_sentences_cover_in_order(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        last = e


def test_one_megabyte_line_does_not_raise():
    text = ("قصفت الطائرات «حلب» ٣ مرات\u200f وقتل ١٢ مدنيا، " * 30000)[:1_000_000]
    _, tokens = tokenize(text)
    assert tokens and text[tokens[-1].start:tokens[-1].end] == tokens[-1].text
    assert split_sentences(text)
