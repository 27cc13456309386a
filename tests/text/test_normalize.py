from marsad.text.normalize import fold, match_key, normalize, normalize_text


def test_diacritics_tatweel_and_alef():
    assert normalize_text("قُتِلَ") == "قتل"
    assert normalize_text("الـرقة") == "الرقة"
    assert normalize_text("أحمد إبراهيم آمنة ٱلله") == "احمد ابراهيم امنة الله"


def test_digits_and_separators():
    assert normalize_text("٢٥ نيسان ٢٠١٧") == "25 نيسان 2017"
    assert normalize_text("۱۲۳") == "123"
    assert normalize_text("٣٫٥ و١٬٢٠٠") == "3.5 و1,200"


def test_quotes_and_invisible_marks():
    assert normalize_text("«داعش»") == '"داعش"'
    assert normalize_text("“قسد”") == '"قسد"'
    assert normalize_text("قسد\u200f\u200b") == "قسد"
    assert normalize_text("\u202bالرقة\u202c") == "الرقة"


def test_presentation_forms_nfkc():
    assert normalize_text("ﻻ") == "لا"
    assert normalize_text("ﺍﻟﺮﻗﺔ") == "الرقة"


def test_match_key_folds_ya_and_ta_marbuta():
    assert match_key("على") == "علي"
    assert match_key("الرقة") == "الرقه"
    assert fold("مدينة") == "مدينه"
    assert match_key("  ISIS   Daesh ") == "isis daesh"


def test_alignment_maps_back_to_original():
    text = "دخلت «قُوَّاتُ» سوريا"
    n = normalize(text)
    s, e = n.span_of("قوات")
    os_, oe = n.alignment.to_original(s, e)
    assert text[os_:oe] == "قُوَّاتُ"


def test_alignment_with_ligature_expansion():
    text = "ﻻ شيء"
    n = normalize(text)
    assert n.text == "لا شيء"
    assert n.alignment.to_original(0, 2) == (0, 1)
    assert n.alignment.to_original(3, 6) == (2, 5)


def test_identity_fast_path():
    text = "قصف على حلب"
    n = normalize(text)
    assert n.alignment.offsets is None
    assert n.alignment.to_original(4, 6) == (4, 6)
