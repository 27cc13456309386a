"""Short Arabic articles and pages written for the ingest tests."""

from __future__ import annotations

TITLE = "مقتل ثلاثة مدنيين في قصف على حلب"
BODY = ("قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف جوي استهدف حيا سكنيا في مدينة حلب شمال سوريا صباح اليوم، "
        "بحسب ما أفاد مصدر طبي.\n"
        "وقال المصدر إن بين القتلى طفلين، وإن فرق الدفاع المدني ما زالت تبحث عن ناجين تحت الأنقاض.")
ARTICLE = f"{TITLE}\n\n{BODY}"

TITLE2 = "تظاهرة في تونس احتجاجا على غلاء الأسعار"
BODY2 = ("خرج مئات المحتجين إلى شوارع العاصمة التونسية مساء أمس للمطالبة بخفض أسعار المواد الغذائية، "
         "ورفعوا لافتات تندد بسياسات الحكومة الاقتصادية.\n"
         "وانتشرت قوات الأمن بكثافة قرب مقر البرلمان، ولم تسجل أي مواجهات بين الطرفين.")

ENGLISH = ("Three civilians were killed and five wounded in an air strike on a residential district of Aleppo "
           "this morning, a medical source said.")


def html_page(title: str = TITLE, body: str = BODY, *, date: str | None = "2017-04-25",
              site: str = "الشرق الأوسط", charset: str = "utf-8") -> str:
    meta_date = f'<meta property="article:published_time" content="{date}T10:00:00+03:00">' if date else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">'
            f"<title>{title} | {site}</title>"
            f'<meta property="og:site_name" content="{site}">{meta_date}</head>'
            f"<body><nav><a href='/'>الرئيسية</a> | <a href='/politics'>سياسة</a></nav>"
            f"<article><h1>{title}</h1>{paras}</article>"
            f"<footer>جميع الحقوق محفوظة</footer></body></html>")
