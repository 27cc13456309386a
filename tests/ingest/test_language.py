"""Language identification: Arabic kept (English names and all), other languages named, lookalike scripts told apart."""

from __future__ import annotations

import pytest

from marsad.ingest.language import identify
from tests.ingest.samples import ARTICLE, BODY2, ENGLISH

PERSIAN = ("این یک خبر کوتاه درباره انتخابات در تهران است که روز دوشنبه برگزار شد و مردم زیادی در آن شرکت "
           "کردند.")
URDU = "یہ ایک مختصر خبر ہے جو لاہور میں ہونے والے احتجاج کے بارے میں ہے اور پولیس نے کئی لوگوں کو گرفتار کیا۔"
SORANI = "ئەمە هەواڵێکی کورتە دەربارەی هەڵبژاردنەکانی هەرێمی کوردستان کە ڕۆژی دووشەممە ئەنجام درا."
PASHTO = "دا یوه لنډه خبر ده چې په کابل کې د ټاکنو په اړه ده او خلکو پکې ګډون وکړ."


@pytest.mark.parametrize(("text", "lang"), [
    (ARTICLE, "ar"),
    (BODY2, "ar"),
    (ENGLISH, "en"),
    ("Trois civils ont été tués dans un bombardement sur un quartier résidentiel d'Alep ce matin.", "fr"),
    ("Bu sabah Halep'te bir yerleşim bölgesine düzenlenen hava saldırısında üç sivil öldü.", "tr"),
    (PERSIAN, "fa"),
    (URDU, "ur"),
    (SORANI, "ckb"),
    (PASHTO, "ps"),
])
def test_languages(text, lang):
    assert identify(text).language == lang


def test_arabic_quoting_english_names_stays_arabic():
    text = ("نقلت وكالة Reuters عن منظمة Human Rights Watch أن قوات الأمن اعتقلت عشرات المحتجين في مدينة "
            "البصرة، فيما قال متحدث باسم United Nations إن المنظمة تتابع الوضع عن كثب.")
    guess = identify(text)
    assert guess.is_arabic and guess.arabic_share < 1.0


def test_presentation_forms_are_arabic():
    assert identify("ﻛﺸﻔﺖ ﻣﺼﺎﺩﺭ ﻣﻄﻠﻌﺔ ﻓﻲ ﺍﻟﻤﻘﺎﻭﻣﺔ ﺍﻟﺸﻌﺒﻴﺔ ﺍﻟﺠﻨﻮﺑﻴﺔ ﻋﻦ ﺗﻮﺍﺟﺪ ﻋﻨﺎﺻﺮ ﻣﺴﻠﺤﺔ").language == "ar"


def test_arabic_typed_on_a_persian_keyboard_stays_arabic():
    persian_keyboard = ARTICLE.replace("ي", "ی").replace("ك", "ک")
    assert identify(persian_keyboard).language == "ar"


def test_a_kurdish_name_in_an_arabic_report_does_not_make_it_kurdish():
    text = "زار وزير الداخلية مدينة هەولێر أمس، وقال إن الحكومة ستدعم مشاريع إعادة الإعمار في المدينة والمنطقة كلها."
    assert identify(text).language == "ar"


def test_a_kurdish_article_quoting_arabic_is_not_arabic():
    assert identify(SORANI + " قال المتحدث: " + SORANI).language == "ckb"


@pytest.mark.parametrize("text", ["Array", "12345 678", "!!!", "DVD"])
def test_too_few_letters_is_undetermined(text):
    assert identify(text).language == "und"


def test_script_only_mode():
    assert identify(PERSIAN, use_lingua=False).language == "ar"  # Arabic script, not told apart without lingua
    assert identify(ENGLISH, use_lingua=False).language == "und"
    assert identify(ARTICLE, use_lingua=False).method == "script"
