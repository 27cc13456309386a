from marsad.text.matcher import PhraseMatcher
from marsad.text.tokenize import tokenize


def _find(m, text):
    words, _ = tokenize(text)
    return [(words[h.first].start, words[h.last].end, h.payloads) for h in m.find(words)]


def test_longest_match_wins_and_clitics_are_ignored():
    m = PhraseMatcher()
    m.add("قوات", "generic")
    m.add("قوات سوريا الديمقراطية", "SDF")
    m.add("الرقة", "RAQQA")
    text = "دخلت قوات سوريا الديمقراطية وبالرقة"
    hits = _find(m, text)
    assert [(text[s:e], p) for s, e, p in hits] == [("قوات سوريا الديمقراطية", ["SDF"]), ("وبالرقة", ["RAQQA"])]


def test_pronoun_suffix_and_spelling_variants():
    m = PhraseMatcher()
    m.add("قوات", "forces")
    m.add("الرَّقّة", "RAQQA")
    assert [p for _, _, p in _find(m, "قواتهم في الرقه")] == [["forces"], ["RAQQA"]]


def test_no_partial_phrase():
    m = PhraseMatcher()
    m.add("حزب الله", "HZB")
    assert _find(m, "حزب العمال") == []
