"""Short made-up Arabic reports for the store tests (written for marsad; no real article is quoted)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from marsad.ingest.text import make_article
from marsad.model import Article

# One air strike, reported by two outlets in different words (5 and 7 dead), and a later strike on the same town.
STRIKE_A = ("غارة للتحالف تقتل خمسة مدنيين في الباغوز\n\n"
            "قتل خمسة مدنيين بينهم طفلان في غارة جوية شنها طيران التحالف الدولي على بلدة الباغوز في ريف دير الزور "
            "الشرقي أمس الثلاثاء، بحسب المرصد السوري لحقوق الإنسان.\n")
STRIKE_B = ("مقتل مدنيين بقصف جوي شرق سوريا\n\n"
            "أفاد ناشطون بمقتل سبعة مدنيين جراء قصف جوي لطائرات التحالف الدولي استهدف منازل في بلدة الباغوز شرقي "
            "دير الزور قرب الحدود العراقية يوم الثلاثاء.\n")
STRIKE_LATER = ("غارة جديدة على الباغوز\n\n"
                "قتل أربعة مدنيين في غارة جوية شنها طيران التحالف الدولي على بلدة الباغوز في ريف دير الزور الشرقي "
                "أمس السبت، بحسب المرصد السوري لحقوق الإنسان.\n")
# A wire copy of STRIKE_A: another paper's dateline, a tagline and one more sentence.
STRIKE_A_COPY = ("غارة للتحالف تقتل خمسة مدنيين في الباغوز\n\n"
                 "دير الزور - «الوطن»: قتل خمسة مدنيين بينهم طفلان في غارة جوية شنها طيران التحالف الدولي على بلدة "
                 "الباغوز في ريف دير الزور الشرقي أمس الثلاثاء، بحسب المرصد السوري لحقوق الإنسان.\n"
                 "ولم يصدر تعليق فوري من التحالف.\n")
PROTEST = ("تظاهرة في القصرين\n\n"
           "تظاهر مئات الشبان العاطلين عن العمل أمس أمام مقر الولاية في مدينة القصرين للمطالبة بفرص عمل، "
           "وفق ما أفاد شهود.\n")

STRIKE_DAY = date(2018, 12, 18)


def article(text: str, published: date, publisher: str, id: str | None = None) -> Article:
    return make_article(text, published=published, publisher=publisher, id=id)


def strike_pair() -> list[Article]:
    return [article(STRIKE_A, date(2018, 12, 19), "Asharq Al-Awsat"),
            article(STRIKE_B, date(2018, 12, 20), "Okaz")]


# --- generated articles for the kill test: several sentence templates, random actors, places, days, figures ---

_PLACES = ["حلب", "إدلب", "حماة", "درعا", "الرقة", "دير الزور", "الموصل", "الرمادي", "الفلوجة", "تعز", "عدن",
           "الحديدة", "بنغازي", "سرت", "العريش", "طرابلس"]
_NUMBERS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
_DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
_TEMPLATES = [
    "قتل {n} مدنيين في قصف جوي استهدف سوقا شعبيا في مدينة {p} يوم {d}، بحسب مصادر طبية.",
    "اندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في ريف {p} يوم {d} أسفرت عن مقتل {n} مسلحين.",
    "انفجرت سيارة مفخخة قرب حاجز أمني في {p} يوم {d}، ما أدى إلى مقتل {n} أشخاص وإصابة آخرين.",
    "اعتقلت قوات الأمن {n} أشخاص يشتبه بانتمائهم إلى خلية إرهابية في {p} يوم {d}.",
    "تظاهر مئات المواطنين في {p} يوم {d} احتجاجا على انقطاع الكهرباء والماء.",
    "أعلنت السلطات المحلية في {p} افتتاح مدرسة جديدة يوم {d} بحضور {n} من المسؤولين.",
]


def generated(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` distinct (file stem, text) pairs: a title and two to four sentences from the templates."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        p = rng.choice(_PLACES)
        sentences = [rng.choice(_TEMPLATES).format(n=rng.choice(_NUMBERS), p=rng.choice([p, *_PLACES]),
                                                   d=rng.choice(_DAYS)) for _ in range(rng.randint(2, 4))]
        title = f"تقرير رقم {i + 1} من {p}"
        out.append((f"a{i:04d}", f"{title}\n\n" + "\n".join(sentences) + f"\nالمصدر: مراسلنا في {p} ({i}).\n"))
    return out


def published_for(i: int) -> date:
    return date(2015, 7, 21) + timedelta(days=i % 20)
