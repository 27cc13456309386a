from marsad.text.sentences import split_sentences


def _sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_terminal_punctuation():
    assert _sents("قتل جندي. وأصيب آخر؟ نعم! ثم؛ انتهى") == ["قتل جندي.", "وأصيب آخر؟", "نعم!", "ثم؛", "انتهى"]


def test_comma_does_not_split():
    assert _sents("قصفت الطائرات حلب، وقتل ثلاثة") == ["قصفت الطائرات حلب، وقتل ثلاثة"]


def test_quote_kept_whole():
    text = "وقال إن «الهجوم فشل. والقوات انسحبت». ثم غادر."
    assert _sents(text) == ["وقال إن «الهجوم فشل. والقوات انسحبت».", "ثم غادر."]


def test_numbers_and_abbreviations():
    assert _sents("ارتفع بنسبة 3.5 في المائة وقال د. أحمد إنه قلق.") == [
        "ارتفع بنسبة 3.5 في المائة وقال د. أحمد إنه قلق."]


def test_paragraph_breaks_and_ellipsis():
    assert _sents("عنوان الخبر\n\nالفقرة الأولى\nالثانية... والثالثة") == [
        "عنوان الخبر", "الفقرة الأولى", "الثانية...", "والثالثة"]


def test_unclosed_quote_closes_at_paragraph():
    assert _sents("قال «لم ينته الأمر. بعد\nفقرة جديدة. وأخرى") == [
        "قال «لم ينته الأمر. بعد", "فقرة جديدة.", "وأخرى"]


def test_spans_are_trimmed_and_ordered():
    text = "  أولى.   ثانية.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["أولى.", "ثانية."]
    assert spans == sorted(spans)
