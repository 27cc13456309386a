"""Arabic time expressions → calendar ranges with an ACLED time precision.

>>> from datetime import date
>>> pub = date(2017, 4, 25)  # a Tuesday
>>> [(m.text, m.value.start.isoformat()) for m in find_time_expressions("قُتل 3 مدنيين أمسِ في الرقة", pub)]
[('أمسِ', '2017-04-24')]
>>> m, = find_time_expressions("الاشتباكات المستمرة منذ يوم الأحد", pub)
>>> m.text, m.value.start.isoformat(), m.value.end.isoformat(), m.value.since
('منذ يوم الأحد', '2017-04-23', '2017-04-25', True)

What is read (see ``data/time/*.tsv`` for the words; adding a spelling never needs a code change):

* absolute dates — «25 نيسان 2017», «الأحد 25 أبريل (نيسان)», «الخامس من جوان», «25/4/2017», «2017-04-25»,
  «أغسطس (آب) الماضي», «عام 2015», «بين 20 و25 مايو»;
* Hijri dates — «28 رجب 1438 هـ», «رمضان 1436 هجرية» (converted with hijridate);
* parts of periods — «مطلع الشهر الجاري», «أواخر أغسطس 2015», «منتصف العام الماضي»;
* days relative to publication — «اليوم», «أمس», «أول من أمس», «مساء أمس (الأحد)», «اليوم (أمس)», «غدا»;
* weekdays — «يوم الأحد», «الأحد الماضي», «(الاثنين)», «ليل السبت - الأحد», «بعد منتصف ليل الأحد»;
* periods — «الأسبوع الماضي», «الشهر الجاري», «خلال الساعات الـ24 الماضية», «الأيام الثلاثة الماضية»;
* ago and since — «قبل يومين» (one day), «منذ ثلاثة أسابيع» and «منذ مطلع الشهر» (ongoing: ``since=True``).

Conventions (the gold annotation's, ``shared/eval/ANNOTATION.md``): a bare weekday is the most recent
one strictly before publication; with «اليوم» or in a lone parenthetical it may be the publication day
itself, and when «أمس/اليوم» and a weekday disagree the weekday wins (an article written the day
before it is dated). A day without a year is the latest one no more than 31 days after publication;
a month without a year is the latest one begun by publication. Weeks run Saturday to Friday. A value
that starts after publication has kind ``'future'``. Precision: 1 for one day, 2 for a range of at
most 15 days (a week or a range of days), 3 beyond; an approximate point («قبل أسبوع», «قبل شهر»)
keeps start == end with precision 2 or 3.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from hijridate import Gregorian, Hijri

from marsad.errors import DataError

# The same marks normalize() deletes, for the pre-check's cheap copy (kept in step by importing them).
from marsad.text.normalize import _DELETE_RE, Alignment, fold, normalize

__all__ = ["TimeMention", "TimeValue", "find_time_expressions"]

_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "time"
_AHEAD = timedelta(days=31)  # how far after publication a date without a year may fall
_ONE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TimeValue:
    start: date  # first day consistent with the expression
    end: date  # last day (== start for an exact day)
    precision: int  # ACLED time_precision: 1 exact day, 2 a week or a range of days, 3 a month or vaguer
    kind: str  # 'absolute' | 'relative' | 'weekday' | 'range' | 'since' | 'hijri' | 'future'
    since: bool = False  # «منذ يوم الأحد»: an ongoing period from start to publication


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int  # offsets into the original text: text[start:end] == self.text
    end: int
    text: str
    value: TimeValue


# --------------------------------------------------------------------------------------------- data


def _key(s: str) -> str:
    """The form the scanner sees: normalised, ى/ة folded, single spaces."""
    return " ".join(fold(normalize(s).text).split())


def _rows(name: str, width: int) -> list[list[str]]:
    path = _DATA_DIR / name
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < width:
            raise DataError(f"{path}:{n}: expected {width} tab-separated columns, got {len(cells)}")
        rows.append([c.strip() for c in cells])
    return rows


def _alt(words) -> str:
    """A regex alternation of normalised phrases, compiled as a trie so that a failing position costs a
    character or two instead of one comparison per phrase; longer phrases are tried first, and a space
    matches any run of whitespace."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_regex(trie) + ")"


def _trie_regex(node: dict) -> str:
    end = "" in node
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:  # a phrase may stop here; the greedy ? still tries the longer ones first
        return body + "?" if len(branches) > 1 or len(branches[0]) == 1 else "(?:" + body + ")?"
    return body


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, tuple[int, bool]]  # Gregorian name → (month, ambiguous)
    hijri: dict[str, tuple[int, bool]]
    weekdays: dict[str, tuple[int, bool]]  # name → (Python weekday, also an ordinary word)
    relative: dict[str, tuple[str, int, int]]  # phrase → (rule, a, b)
    units: dict[str, tuple[str, int]]  # word → (unit, count carried by the word; 0 = from a number)
    numbers: dict[str, int]  # 1-10 and vague words (0)
    tens: dict[str, int]
    teens: frozenset[str]
    ordinals: dict[str, int]
    ordinal_tens: dict[str, int]
    cues: dict[str, frozenset[str]]
    regex: re.Pattern[str]
    precheck: frozenset[str]

    def cue(self, role: str, word: str) -> bool:
        """``word`` (the previous or next word, proclitics و ف ب ل allowed: «وفي», «بملعب») has ``role``."""
        words = self.cues.get(role, frozenset())
        if word in words:
            return True
        if len(word) > 2 and word[0] in "وفبل" and word[1:] in words:
            return True
        return len(word) > 3 and word[0] in "وف" and word[1] in "بل" and word[2:] in words


@cache
def _lexicon() -> _Lexicon:
    months: dict[str, tuple[int, bool]] = {}
    hijri: dict[str, tuple[int, bool]] = {}
    for series, num, name, amb in _rows("months.tsv", 4):
        (hijri if series == "hijri" else months)[_key(name)] = (int(num), amb == "1")
    weekdays = {_key(name): (int(num), flag == "1") for num, name, flag in _rows("weekdays.tsv", 3)}
    relative = {}
    for row in _rows("relative.tsv", 3):
        a = int(row[2])
        b = int(row[3]) if len(row) > 3 and row[3] else a
        relative[_key(row[0])] = (row[1], a, b)
    units = {_key(w): (u, int(c)) for w, u, c in _rows("units.tsv", 3)}
    numbers: dict[str, int] = {}
    tens: dict[str, int] = {}
    teens = set()
    for w, v, role in _rows("numbers.tsv", 3):
        if role == "tens":
            tens[_key(w)] = int(v)
        elif role == "teen":
            teens.add(_key(w))
        else:
            numbers[_key(w)] = int(v)
    ordinals: dict[str, int] = {}
    ordinal_tens: dict[str, int] = {}
    for w, v, role in _rows("ordinals.tsv", 3):
        (ordinal_tens if role == "tens" else ordinals)[_key(w)] = int(v)
    cues: dict[str, set[str]] = {}
    for w, role in _rows("cues.tsv", 2):
        cues.setdefault(role, set()).add(_key(w))
    frozen = {k: frozenset(v) for k, v in cues.items()}
    regex, precheck = _build_regex(months, hijri, weekdays, relative, units, numbers, tens, teens, ordinals,
                                   ordinal_tens, frozen)
    return _Lexicon(months, hijri, weekdays, relative, units, numbers, tens, frozenset(teens), ordinals,
                    ordinal_tens, frozen, regex, precheck)


# -------------------------------------------------------------------------------------------- regex


def _lit(*words: str) -> str:
    return _alt(_key(w) for w in words)


def _build_regex(months, hijri, weekdays, relative, units, numbers, tens, teens, ordinals, ordinal_tens, cues):
    """One pattern: optional proclitic, «منذ», part of day, «يوم», then the first alternative that fits.

    Alternatives are ordered so that the longer reading of the same words comes first («الأحد 25
    أبريل» before «الأحد»); each names its groups with its own prefix.
    """
    gm, hm, wd = _alt(months), _alt(hijri), _alt(weekdays)
    mods = _alt(cues["mod_past"] | cues["mod_future"] | cues["mod_current"])
    rd = _alt(k for k, v in relative.items() if v[0] == "day")
    per = _alt(k for k, v in relative.items() if v[0] != "day")
    unit_all = _alt(units)
    unit_ns = _alt(k for k, v in units.items() if v[1] != 1)
    parts = _alt(cues["part_early"] | cues["part_mid"] | cues["part_late"])
    pod = _alt(cues["pod"])
    day = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
    ordn = f"(?:{_alt(ordinals)}(?:\\s+{_lit('عشر')}(?!\\w)|\\s+و\\s?{_alt(ordinal_tens)})?|{_alt(ordinal_tens)})"
    num = (f"(?:\\d{{1,3}}(?!\\d)|{_alt(numbers)}(?:\\s+{_alt(teens)}(?!\\w))?(?:\\s+و\\s?(?:ال)?{_alt(tens)})?"
           f"|{_alt(tens)})")
    past = _lit("الماضية", "الماضي", "الأخيرة", "الأخير", "المنصرمة", "المنصرم", "الفائتة", "الفائت",
                "الماضيين", "الأخيرين", "المنصرمين", "الفائتين", "السابقة")
    year_word = _lit("عام", "العام", "سنة", "السنة")
    greg_mark = _lit("م", "ميلادي", "ميلادية", "للميلاد")
    hij_mark = _lit("هجرية", "هجري", "للهجرة", "ه")
    dash = r"(?:\s*[-–—]\s*|\s+و\s?|\s+" + _lit("إلى", "حتى") + r"\s+)"

    def year(p: str) -> str:
        return (f"(?:\\s*[,،]?\\s*(?:(?:من\\s+)?{year_word}\\s+)?(?P<{p}_y>(?:19|20)\\d\\d)(?!\\d)"
                f"(?:\\s?{greg_mark}(?!\\w))?|\\s+من\\s+{_lit('العام', 'السنة')}\\s+(?P<{p}_yr>{mods}))")

    def mpair(p: str) -> str:
        return f"(?P<{p}_m>{gm})(?:\\s*\\(\\s*(?P<{p}_m2>{gm})\\s*\\)|(?:\\s*/\\s*|\\s+)(?P<{p}_m3>{gm}))?"

    def mod(p: str) -> str:
        return f"(?:\\s+(?P<{p}_mod>{mods}))?"

    alts = [
        # «بين 20 و25 أبريل 2017», «من 28 فبراير إلى 3 مارس»
        f"(?P<a_rng>(?P<rg_d1>{day}|{ordn}(?!\\s+و\\s?{_alt(ordinal_tens)}))(?:\\s+(?:من\\s+)?(?P<rg_m1>{gm}))?{dash}"
        f"(?P<rg_d2>{day}|{ordn})\\s*(?:من\\s+)?{mpair('rg')}(?:{year('rg')})?{mod('rg')})",
        # «الأحد 25 أبريل (نيسان) 2017», «الخامس من جوان الماضي»
        f"(?P<a_fd>(?:(?P<fd_wd>{wd})\\s*[,،]?\\s*(?:{_lit('الموافق')}\\s+)?)?(?:\\(\\s*(?P<fd_wp>{wd})\\s*\\)\\s*[,،]?\\s*)?"
        f"(?:(?:ال\\s?)?(?P<fd_d>{day})\\s*(?:من\\s+)?|(?P<fd_o>{ordn})\\s+من\\s+)(?:{_lit('شهر')}\\s+)?{mpair('fd')}"
        f"(?:{year('fd')})?{mod('fd')})",
        # «الخامس من الشهر الجاري», «في 12 الجاري»
        f"(?P<a_dm>(?:(?P<dm_d>{day})\\s+(?:من\\s+)?|(?P<dm_o>{ordn})\\s+من\\s+)"
        f"(?:{_lit('الشهر', 'شهر')}\\s+(?P<dm_mod>{mods})|(?P<dm_this>{_lit('هذا الشهر')})"
        f"|(?P<dm_mod2>{_lit('الجاري', 'الحالي')})))",
        # «25/4/2017», «2017-04-25»
        f"(?P<a_num>(?:(?P<nu_a>{day})\\s?(?P<nu_s>[/.\\-])\\s?(?P<nu_b>{day})\\s?(?P=nu_s)\\s?(?P<nu_y>(?:19|20)\\d\\d)"
        f"|(?P<nu_y2>(?:19|20)\\d\\d)(?P<nu_s2>[/.\\-])(?P<nu_b2>{day})(?P=nu_s2)(?P<nu_a2>{day}))(?![/.\\-]?\\d)"
        f"(?:\\s?{greg_mark}(?!\\w))?)",
        # «28 رجب 1438 هـ»
        f"(?P<a_hj>(?:(?:(?P<hj_d>{day})|(?P<hj_o>{ordn}))\\s+(?:من\\s+)?(?:{_lit('شهر')}\\s+)?"
        f"|(?P<hj_sh>{_lit('شهر')})\\s+)?(?P<hj_m>{hm})"
        f"(?:\\s*[,،]?\\s*(?:(?:من\\s+)?{year_word}\\s+)?(?P<hj_y>1[3-5]\\d\\d)(?!\\d))?"
        f"(?:\\s*(?P<hj_mk>{hij_mark})(?!\\w))?)",
        # «مطلع الشهر الجاري», «أواخر أغسطس (آب) الماضي», «منتصف 2014»
        f"(?P<a_pt>(?P<pt_p>{parts})\\s+(?:(?P<pt_u>{_lit('الشهر', 'الأسبوع', 'العام', 'السنة')})"
        f"(?:\\s+(?P<pt_umod>{mods}))?|{_lit('هذا', 'هذه')}\\s+(?P<pt_t>{_lit('الشهر', 'الأسبوع', 'العام', 'السنة')})"
        f"|(?:{_lit('شهر')}\\s+)?{mpair('pt')}(?:{year('pt')})?{mod('pt')}"
        f"|(?:{year_word}\\s+)?(?P<pt_yy>(?:19|20)\\d\\d)(?!\\d)))",
        # «أمس», «اليوم (الاثنين)», «أمس الأحد», «اليوم (أمس)»
        f"(?P<a_rd>(?P<rd>{rd})(?:\\s*[,،]?\\s*(?:\\(\\s*(?P<rd_p>{wd}|{rd})\\s*\\)|(?P<rd_w>{wd})))?)",
        # «الأسبوع الماضي», «الشهر الجاري»
        f"(?P<a_per>{per})",
        # «الساعات الـ24 الماضية», «الأيام القليلة الماضية», «الـ48 ساعة الأخيرة», «اليومين الماضيين»
        f"(?P<a_pa>ال\\s?(?:(?P<pa_u>{unit_ns})(?:\\s+ال\\s?(?P<pa_n>{num}))?(?:\\s+(?P<pa_q>{_lit('القليلة')}))?"
        f"|(?P<pa_n2>{num})\\s+(?P<pa_u2>{unit_all}))\\s+{past})",
        # «عام 2015», «في 2015», «بين عامي 2011 و2013», «1436 هـ»
        f"(?P<a_yr>(?:(?P<yr_c>{_lit('عام', 'العام', 'عامي', 'سنة', 'السنة', 'سنتي')})\\s+)?(?P<yr_y>\\d{{4}})(?!\\d)"
        f"(?:{dash}(?P<yr_y2>\\d{{4}})(?!\\d))?(?:\\s?(?:(?P<yr_gm>{greg_mark})|(?P<yr_hm>{hij_mark}))(?!\\w))?)",
        # «قبل يومين», «(منذ) ثلاثة أسابيع», «قبل نحو شهر»; not «قبل يومين من الهجوم» nor «قبل عام 2015»
        f"(?P<a_ago>(?(since)|{_lit('قبل')}\\s+)(?:{_lit('أكثر من', 'أقل من', 'نحو', 'حوالي', 'قرابة', 'زهاء')}\\s+)?"
        f"(?:(?P<ag_n>{num})\\s+(?P<ag_u>{unit_all})|(?P<ag_u1>{unit_all})"
        f"(?:\\s+(?P<ag_q>{_lit('قليلة', 'معدودة', 'واحد', 'واحدة')}))?+)"
        f"(?!\\s+(?:{_lit('من')}\\s|\\d|{gm}|{hm}|{wd}|{_lit('شهر')}\\s)))",
        # «يوليو (تموز) الماضي», «شهر أيار 2016»
        f"(?P<a_mo>(?:(?P<mo_sh>{_lit('شهر', 'شهري')})\\s+)?{mpair('mo')}(?:{year('mo')})?{mod('mo')})",
        # «الأحد», «الأحد الماضي», «السبت - الأحد», «الخميس والجمعة»
        f"(?P<a_wd>(?P<wd_1>{wd})(?:(?:{dash}|\\s*/\\s*)(?P<wd_2>{wd})|\\s+(?P<wd_2b>{wd}))?(?:\\s+(?P<wd_mod>{mods}))?)",
        # «(الاثنين)»
        f"(?P<a_wp>\\(\\s*(?P<wp>{wd})\\s*\\))",
    ]
    # Every match starts with one of these (after a proclitic): checking them first through one trie
    # spares the fourteen alternatives at the ordinary word starts, which are most of them.
    starts = (set(months) | set(hijri) | set(weekdays) | set(relative) | set(ordinals) | set(ordinal_tens)
              | cues["pod"] | cues["part_early"] | cues["part_mid"] | cues["part_late"]
              | {_key(w) for w in ("منذ", "بعد", "بعيد", "قبيل", "قبل", "منتصف", "يوم", "نهار", "شهر", "عام", "العام",
                                   "سنة", "السنة", "سنتي", "هذا", "هذه")})
    gate = f"(?=\\d|\\(|{_alt(starts)}|ال\\s?(?:\\d|{unit_ns}|{_alt(numbers)}|{_alt(tens)}))"
    head = (
        r"(?<!\w)[وف]?[بل]?" + gate +
        f"(?:(?P<since>{_lit('منذ')})\\s+)?"
        f"(?:(?P<pod>(?:(?P<pod_pre>{_lit('بعد', 'بعيد', 'قبيل', 'قبل')})\\s+)?"
        f"(?:(?P<pod_mid>{_lit('منتصف')})\\s+)?(?P<pod_w>{pod}))\\s+)?"
        f"(?:(?P<yawm>{_lit('يوم', 'يومي', 'نهار')})\\s+)?"
    )
    regex = re.compile(head + "(?:" + "|".join(alts) + r")(?!\w)")
    # The pre-check: every reading above contains one of these words (with its proclitics) or four
    # digits or «الـ» + a digit (see ``_windows``); bare units and modifiers are left out on purpose, as
    # «قبل/منذ», «الـ» + unit, a month or a relative phrase always comes with them.
    stop = {_key(w) for w in ("من", "هذا", "هذه", "قبل", "بعد", "أول")}
    anchors = ({k.split()[0] for k in (*months, *hijri)} | set(weekdays)
               | ({w for k in relative for w in k.split()} - stop)
               | {"ال" + w for w in (*units, *numbers, *tens)} | {_key("منذ"), _key("قبل")})
    precheck = frozenset(p + a for a in anchors for p in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"))
    return regex, precheck


# ------------------------------------------------------------------------------------ calendar math


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, monthrange(y, m)[1])


def _weekday_on_or_before(d: date, wd: int, inclusive: bool) -> date:
    back = (d.weekday() - wd) % 7
    if back == 0 and not inclusive:
        back = 7
    return d - timedelta(days=back)


def _week_start(d: date) -> date:
    """The Saturday that opens the Arabic calendar week (السبت … الجمعة) containing ``d``."""
    return _weekday_on_or_before(d, 5, True)


def _precision(start: date, end: date) -> int:
    days = (end - start).days
    return 1 if days <= 0 else 2 if days <= 14 else 3


def _value(start: date, end: date, kind: str, precision: int | None = None) -> TimeValue:
    return TimeValue(start, end, precision or _precision(start, end), kind)


def _part(start: date, end: date, part: str) -> tuple[date, date]:
    """Early, middle or late third of a period: days 1-10 / 11-20 / 21-end of a month, the four-month
    thirds of a year, and days 1-3 / 3-5 / 5-7 of a week."""
    n = (end - start).days + 1
    if n <= 7:
        cuts = {"early": (0, 2), "mid": (2, 4), "late": (4, n - 1)}[part]
        return start + timedelta(days=cuts[0]), start + timedelta(days=min(cuts[1], n - 1))
    if n <= 31:
        if part == "early":
            return start, start + timedelta(days=9)
        if part == "mid":
            return start + timedelta(days=10), start + timedelta(days=19)
        return start + timedelta(days=20), end
    y = start.year
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    return date(y, first, 1), _month_span(y, last)[1]


def _plain(d: date) -> date:
    return date(d.year, d.month, d.day)  # hijridate returns a date subclass; keep values plain


def _hijri_to_date(y: int, m: int, d: int) -> date | None:
    try:
        return _plain(Hijri(y, m, d).to_gregorian())
    except (ValueError, OverflowError):  # outside hijridate's table, or no such day
        return None


def _hijri_month(y: int, m: int) -> tuple[date, date] | None:
    try:
        h = Hijri(y, m, 1)
        return _plain(h.to_gregorian()), _plain(Hijri(y, m, h.month_length()).to_gregorian())
    except (ValueError, OverflowError):
        return None


# -------------------------------------------------------------------------------------------- scanner


@dataclass(slots=True)
class _Ctx:
    lex: _Lexicon
    pub: date
    norm: str
    seg: str
    align: Alignment
    m: re.Match[str]


def _prev_word(norm: str, pos: int) -> str:
    j = pos
    while j > 0 and norm[j - 1].isspace():
        j -= 1
    i = j
    while i > 0 and norm[i - 1].isalnum():
        i -= 1
    return norm[i:j]


def _next_word(norm: str, pos: int) -> str:
    i = pos
    while i < len(norm) and norm[i].isspace():
        i += 1
    j = i
    while j < len(norm) and (norm[j].isalnum()):
        j += 1
    return norm[i:j]


def _g(m: re.Match[str], name: str) -> str | None:
    s = m.group(name)
    return " ".join(s.split()) if s is not None else None


def _direction(lex: _Lexicon, mod: str | None) -> str | None:
    if mod is None:
        return None
    for d in ("past", "future", "current"):
        if mod in lex.cues[f"mod_{d}"]:
            return d
    return None


def _year_for(pub: date, mk, direction: str | None, base: int | None = None) -> int | None:
    """The year of a day or month given without one; ``mk(y)`` is the candidate's first day (or None).

    Past and unmarked: the latest candidate no later than publication (+31 days when unmarked);
    future: the earliest after publication. ``base`` is the publication year in the calendar of ``mk``.
    """
    base = pub.year if base is None else base
    if direction == "current":
        return base
    cands = [(y, d) for y in range(base + 1, base - 5, -1) if (d := mk(y)) is not None]
    if direction == "future":
        later = [y for y, d in cands if d > pub]
        return min(later) if later else None
    limit = pub if direction == "past" else pub + _AHEAD
    return next((y for y, d in cands if d <= limit), None)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month(ctx: _Ctx, p: str) -> int | None:
    """The month number of group ``{p}_m``; «أب» (father) spelled with hamza is not «آب»."""
    name = _g(ctx.m, f"{p}_m")
    if name is None:
        return None
    if name == "اب":
        o = ctx.align.point(ctx.m.start(f"{p}_m"))
        if ctx.seg[o] in "أإ":
            return None
    return ctx.lex.months[name][0]


def _explicit_year(ctx: _Ctx, p: str) -> int | None:
    y = ctx.m.group(f"{p}_y")
    if y:
        return int(y)
    yr = _g(ctx.m, f"{p}_yr")
    if yr:
        return ctx.pub.year + {"past": -1, "future": 1}.get(_direction(ctx.lex, yr) or "", 0)
    return None


# Returned by a reader for words that are a name, not a date («ملعب 22 مايو»): skip them whole, so that
# «مايو» alone is not read again.
_SKIP = TimeValue(date.min, date.min, 0, "skip")


def _blocked(ctx: _Ctx) -> bool:
    """Day+month without a year after a name word: «قوى 14 آذار», «مدينة 6 أكتوبر»."""
    return ctx.lex.cue("blocker", _prev_word(ctx.norm, ctx.m.start()))


def _day_number(lex: _Lexicon, s: str) -> int | None:
    return int(s) if s.isdigit() else _ordinal(lex, s)


def _every(ctx: _Ctx) -> bool:
    """«30 رجب من كل عام»: a yearly date, not one day."""
    return ctx.norm.startswith(" من كل ", ctx.m.end())


def _ordinal(lex: _Lexicon, s: str) -> int | None:
    words = s.replace("و ", "و").split()
    if words[0] in lex.ordinal_tens:
        return lex.ordinal_tens[words[0]]
    n = lex.ordinals.get(words[0])
    if n is None:
        return None
    if len(words) == 1:
        return n
    if words[1] == "عشر":
        return 10 + n
    return n + lex.ordinal_tens.get(words[1][1:], 0)


def _number(lex: _Lexicon, s: str) -> int | None:
    """«3» → 3, «ثلاثة» → 3, «خمسة عشر» → 15, «أربع وعشرين» → 24, «بضعة» → 0 (vague)."""
    if s.isdigit():
        return int(s)
    words = s.replace("و ", "و").split()
    total = 0
    for i, w in enumerate(words):
        if i == 0 and w in lex.tens:
            total += lex.tens[w]
        elif i == 0 and w in lex.numbers:
            total += lex.numbers[w]
        elif i > 0 and w in lex.teens:
            total += 10
        elif i > 0 and w.startswith("و"):
            total += lex.tens.get(w[3:] if w.startswith("وال") else w[1:], 0)
        else:
            return None
    return total


def _shift(d: date, unit: str, n: int) -> date:
    """``d`` moved back by ``n`` units (hours round down to whole days)."""
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(days=7 * n)
    if unit == "month":
        return _add_months(d, -n)
    if unit == "year":
        return _add_months(d, -12 * n)
    if unit == "hour":
        return d - timedelta(days=n // 24)
    return d


# Vague counts («منذ أيام», «قبل أشهر», «الأيام الماضية»): how far back the period may start.
_VAGUE = {"minute": 0, "hour": 24, "day": 7, "week": 4, "month": 6, "year": 0}


def _r_rng(ctx: _Ctx) -> TimeValue | None:
    m, pub = ctx.m, ctx.pub
    m2 = _month(ctx, "rg")
    if m2 is None:
        return None
    m1 = ctx.lex.months[_g(m, "rg_m1")][0] if m.group("rg_m1") else m2
    d1, d2 = _day_number(ctx.lex, _g(m, "rg_d1")), _day_number(ctx.lex, _g(m, "rg_d2"))
    if not d1 or not d2:
        return None
    y = _explicit_year(ctx, "rg")
    if y is None:
        if _blocked(ctx):
            return _SKIP
        y = _year_for(pub, lambda yy: _safe_date(yy, m2, d2), _direction(ctx.lex, _g(m, "rg_mod")))
        if y is None:
            return None
    y1 = y - 1 if m1 > m2 else y
    start, end = _safe_date(y1, m1, d1), _safe_date(y, m2, d2)
    if start is None or end is None or end < start:
        return None
    return _value(start, end, "range")


def _r_fd(ctx: _Ctx) -> TimeValue | None:
    m, lex = ctx.m, ctx.lex
    month = _month(ctx, "fd")
    if month is None:
        return None
    if _every(ctx):
        return _SKIP
    d = int(m.group("fd_d")) if m.group("fd_d") else _ordinal(lex, _g(m, "fd_o"))
    if not d:
        return None
    y = _explicit_year(ctx, "fd")
    if y is None:
        if _blocked(ctx) and not (m.group("fd_wd") or m.group("fd_wp")):
            return _SKIP
        y = _year_for(ctx.pub, lambda yy: _safe_date(yy, month, d), _direction(lex, _g(m, "fd_mod")))
        if y is None:
            return None
    day = _safe_date(y, month, d)
    return None if day is None else _value(day, day, "absolute")


def _r_dm(ctx: _Ctx) -> TimeValue | None:
    m, lex, pub = ctx.m, ctx.lex, ctx.pub
    d = int(m.group("dm_d")) if m.group("dm_d") else _ordinal(lex, _g(m, "dm_o"))
    direction = "current" if m.group("dm_this") else _direction(lex, _g(m, "dm_mod") or _g(m, "dm_mod2"))
    first = _add_months(pub.replace(day=1), {"past": -1, "future": 1}.get(direction or "", 0))
    day = _safe_date(first.year, first.month, d) if d else None
    return None if day is None else _value(day, day, "relative")


def _r_num(ctx: _Ctx) -> TimeValue | None:
    m = ctx.m
    if m.group("nu_y"):
        a, b, y = int(m.group("nu_a")), int(m.group("nu_b")), int(m.group("nu_y"))
        # Arabic writes day/month/year; month/day/year only when it is the one valid reading (12/25/2016).
        day = _safe_date(y, b, a) or _safe_date(y, a, b)
    else:
        day = _safe_date(int(m.group("nu_y2")), int(m.group("nu_b2")), int(m.group("nu_a2")))
    return None if day is None else _value(day, day, "absolute")


def _r_hj(ctx: _Ctx) -> TimeValue | None:
    m, lex, pub = ctx.m, ctx.lex, ctx.pub
    month = lex.hijri[_g(m, "hj_m")][0]
    d = int(m.group("hj_d")) if m.group("hj_d") else (_ordinal(lex, _g(m, "hj_o")) if m.group("hj_o") else None)
    y = int(m.group("hj_y")) if m.group("hj_y") else None
    if y is None and d is None:
        return None  # «رجب» and «شعبان» are also names, «صفر» is zero: a day or a year makes it a date
    if _every(ctx):
        return _SKIP
    if y is None:
        base = _hijri_year_of(pub)
        y = None if base is None else _year_for(pub, lambda yy: _hijri_to_date(yy, month, d), None, base)
        if y is None:
            return None
    if d is None:
        span = _hijri_month(y, month)
        return None if span is None else _value(span[0], span[1], "hijri")
    g = _hijri_to_date(y, month, d)
    return None if g is None else _value(g, g, "hijri")


def _hijri_year_of(d: date) -> int | None:
    try:
        return Gregorian(d.year, d.month, d.day).to_hijri().year
    except (ValueError, OverflowError):  # publication outside hijridate's table (before 1924, after 2077)
        return None


def _period(ctx: _Ctx, unit: str, direction: str | None) -> tuple[date, date]:
    """The whole calendar month, week or year named by «الشهر الماضي», «هذا الأسبوع», «العام»."""
    pub = ctx.pub
    off = {"past": -1, "future": 1}.get(direction or "", 0)
    if unit == "month":
        first = _add_months(pub.replace(day=1), off)
        return _month_span(first.year, first.month)
    if unit == "week":
        s = _week_start(pub) + timedelta(days=7 * off)
        return s, s + timedelta(days=6)
    y = pub.year + off
    return date(y, 1, 1), date(y, 12, 31)


_UNIT_WORDS = {"الشهر": "month", "الاسبوع": "week", "العام": "year", "السنه": "year"}


def _r_pt(ctx: _Ctx) -> TimeValue | None:
    m, lex = ctx.m, ctx.lex
    p = _g(m, "pt_p")
    part = next(x for x in ("early", "mid", "late") if p in lex.cues[f"part_{x}"])
    kind = "relative"
    if m.group("pt_u") or m.group("pt_t"):
        if m.group("pt_u") and not m.group("pt_umod") and _next_word(ctx.norm, m.end()).startswith("ال"):
            return _SKIP  # «نهاية العام الدراسي»: a school or fiscal year, not the calendar one
        unit = _UNIT_WORDS[_g(m, "pt_u") or _g(m, "pt_t")]
        if m.group("pt_u") and _public(ctx, _g(m, "pt_u")) and not m.group("pt_umod"):
            return _SKIP
        span = _period(ctx, unit, _direction(lex, _g(m, "pt_umod")))
    elif m.group("pt_yy"):
        y = int(m.group("pt_yy"))
        span, kind = (date(y, 1, 1), date(y, 12, 31)), "absolute"
    else:
        month = _month(ctx, "pt")
        if month is None:
            return None
        y = _explicit_year(ctx, "pt")
        if y is None:
            y = _year_for(ctx.pub, lambda yy: date(yy, month, 1), _direction(lex, _g(m, "pt_mod")) or "past")
        if y is None:
            return None
        span, kind = _month_span(y, month), "absolute"
    start, end = _part(span[0], span[1], part)
    return _value(start, end, kind)


def _day_rule(ctx: _Ctx, phrase: str) -> date:
    return ctx.pub + timedelta(days=ctx.lex.relative[phrase][1])


def _r_rd(ctx: _Ctx) -> TimeValue | None:
    m, lex = ctx.m, ctx.lex
    phrase = _g(m, "rd")
    base = _day_rule(ctx, phrase)
    paren, wd = _g(m, "rd_p"), _g(m, "rd_w")
    # «اليوم التالي», «في تلك الليلة»: a day of the story, not one counted from publication.
    if lex.cue("not_deictic", _prev_word(ctx.norm, _span_start(m))):
        return None
    if paren is None and wd is None and phrase in ("اليوم", "هذا اليوم", "الليله"):
        if lex.cue("not_today", _next_word(ctx.norm, m.end())):
            return None
        s, e = _span_start(m), m.end()
        if phrase == "اليوم" and s > 0 and e < len(ctx.norm) and ctx.norm[s - 1] == ctx.norm[e] == '"':
            return None  # «اليوم»: the newspaper
    if paren is not None and paren in lex.relative:
        base = _day_rule(ctx, paren)  # «اليوم (أمس)»: the editor's bracket corrects the quote
    elif paren is not None or wd is not None:
        # The weekday wins when the two disagree (an article written the day before publication).
        base = _weekday_on_or_before(base, lex.weekdays[paren or wd][0], True)
    return _value(base, base, "relative" if base <= ctx.pub else "future")


def _public(ctx: _Ctx, word: str) -> bool:
    """«النائب العام السابق», «الرأي العام»: «العام» is "general, public" after these, not a year."""
    return word.startswith("العام") and ctx.lex.cue("not_year", _prev_word(ctx.norm, ctx.m.start()))


def _r_per(ctx: _Ctx) -> TimeValue | None:
    phrase = _g(ctx.m, "a_per")
    if _public(ctx, phrase):
        return _SKIP
    rule, a, b = ctx.lex.relative[phrase]
    pub = ctx.pub
    if rule == "span":
        return _value(pub + timedelta(days=a), pub + timedelta(days=b), "relative")
    # A named calendar period keeps its precision even when it has barely begun («الشهر الجاري» on the 2nd).
    if rule == "week":
        s = _week_start(pub) + timedelta(days=7 * a)
        return _value(s, pub if a == 0 else s + timedelta(days=6), "relative", 2)
    if rule == "month":
        first = _add_months(pub.replace(day=1), a)
        s, e = _month_span(first.year, first.month)
        return _value(s, pub if a == 0 else e, "relative", 3)
    if rule == "year":
        y = pub.year + a
        return _value(date(y, 1, 1), pub if a == 0 else date(y, 12, 31), "relative", 3)
    raise DataError(f"relative.tsv: unknown rule {rule!r}")


def _r_pa(ctx: _Ctx) -> TimeValue | None:
    m, lex, pub = ctx.m, ctx.lex, ctx.pub
    word = _g(m, "pa_u") or _g(m, "pa_u2")
    unit, count = lex.units[word]
    n_text = _g(m, "pa_n") or _g(m, "pa_n2")
    n = _number(lex, n_text) if n_text else count
    if n is None:
        return None
    if n == 0:
        n = _VAGUE[unit]
        if n == 0 and unit == "year":
            return None  # «خلال السنوات الماضية»: background, too vague to date anything
    if unit == "hour":
        start = pub - timedelta(days=max(1, -(-n // 24)))
    elif unit == "minute":
        start = pub
    else:
        start = _shift(pub, unit, n)
    return _value(start, pub, "relative")


def _r_yr(ctx: _Ctx) -> TimeValue | None:
    m, lex = ctx.m, ctx.lex
    y = int(m.group("yr_y"))
    y2 = int(m.group("yr_y2")) if m.group("yr_y2") else None
    hijri = m.group("yr_hm") is not None
    cue = _g(m, "yr_c")
    prev = _prev_word(ctx.norm, m.start())
    if not (cue or m.group("yr_gm") or hijri):
        # A bare four-digit number is a year only after «منذ/في/حتى…» and before a word that ends the
        # phrase: «في 2015 وقعت» is a year, «في 2000 غارة» and «منذ 2000 عام» are counts.
        nxt = _next_word(ctx.norm, m.end())
        if m.group("since"):
            if nxt in lex.units:
                return None
        elif lex.cue("year_cue", prev) or (y2 and prev in ("من", "بين")):
            if nxt and not nxt.isdigit() and not lex.cue("after_year", nxt) and not nxt.startswith("و"):
                # «في 2014 سيطر» is a year, «في 2000 غارة» and «في 1500 قتيلا» are counts: round
                # hundreds, numbers after the publication year and accusative nouns read as counts.
                if y % 100 == 0 or not 1900 <= y <= ctx.pub.year + 1 or nxt.endswith("ا"):
                    return None
        else:
            return None
    if hijri:
        first = _hijri_to_date(y, 1, 1)
        last = _hijri_to_date((y2 or y) + 1, 1, 1)
        if first is None or last is None or (y2 is not None and y2 <= y):
            return None
        return _value(first, last - _ONE, "hijri")
    if not 1900 <= y <= 2100 or (y2 is not None and not y < y2 <= 2100):
        return None
    return _value(date(y, 1, 1), date(y2 or y, 12, 31), "absolute")


def _r_ago(ctx: _Ctx) -> TimeValue | None:
    m, lex, pub = ctx.m, ctx.lex, ctx.pub
    word = _g(m, "ag_u") or _g(m, "ag_u1")
    unit, count = lex.units[word]
    n = _number(lex, _g(m, "ag_n")) if m.group("ag_n") else count
    if n is None:
        return None
    q = _g(m, "ag_q")
    if q in ("قليله", "معدوده"):
        n = 0
    since = m.group("since") is not None
    if n == 0:  # «منذ أيام», «قبل أشهر»
        back = _VAGUE[unit]
        if back == 0 and unit != "minute":
            return None  # «منذ سنوات»: too vague to date anything
        if unit == "hour":
            return _value(pub - _ONE, pub, "since" if since else "relative")
        if unit == "minute":
            return _value(pub, pub, "relative")
        early = _shift(pub, unit, back)
        if since:
            return _value(early, pub, "since")
        return _value(early, _shift(pub, unit, 2), "relative")
    point = _shift(pub, unit, n)
    if since:
        return _value(point, pub, "since")
    precision = {"day": 1, "hour": 1, "minute": 1, "week": 2}.get(unit, 3)
    return _value(point, point, "relative", precision)


def _r_mo(ctx: _Ctx) -> TimeValue | None:
    m, lex, pub = ctx.m, ctx.lex, ctx.pub
    month = _month(ctx, "mo")
    if month is None:
        return None
    name = _g(m, "mo_m")
    y = _explicit_year(ctx, "mo")
    mod = _g(m, "mo_mod")
    if y is None:
        paired = m.group("mo_m2") or m.group("mo_m3")
        if not (mod or paired or m.group("mo_sh") or m.group("since")):
            role = "strong_cue" if lex.months[name][1] else "month_cue"
            if not lex.cue(role, _prev_word(ctx.norm, m.start())):
                return None
        direction = _direction(lex, mod)
        if direction == "past":  # «يوليو الماضي»: the last July that is over
            y = pub.year if month < pub.month else pub.year - 1
        elif direction == "future":
            y = pub.year if month > pub.month else pub.year + 1
        else:  # a month named without a year has begun by publication («سيطروا في سبتمبر»)
            y = _year_for(pub, lambda yy: date(yy, month, 1), direction or "past")
        if y is None:
            return None
    s, e = _month_span(y, month)
    return _value(s, e, "absolute")


def _r_wd(ctx: _Ctx) -> TimeValue | None:
    m, lex, pub = ctx.m, ctx.lex, ctx.pub
    first = _g(m, "wd_1")
    wd, ambiguous = lex.weekdays[first]
    second = _g(m, "wd_2") or _g(m, "wd_2b")
    direction = _direction(lex, _g(m, "wd_mod"))
    if ambiguous and not (m.group("pod") or m.group("yawm") or m.group("since") or second or direction):
        if lex.cue("not_weekday", _prev_word(ctx.norm, m.start())):
            return None  # «بين الاثنين», «أن الاثنين كانا»: "the two"
    if m.group("wd_2b") and not (m.group("pod") or m.group("yawm")):
        return None  # «الجمعة السبت» juxtaposed is only a night or a pair after «ليل» / «يومي»
    if direction == "future":
        day = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
    else:
        day = _weekday_on_or_before(pub, wd, direction == "current")
    if second is None:
        return _value(day, day, "weekday")
    wd2 = lex.weekdays[second][0]
    end = day + timedelta(days=(wd2 - wd) % 7 or 7)
    if end > pub and direction != "future":
        day, end = day - timedelta(days=7), end - timedelta(days=7)
    return _value(day, end, "range")


def _r_wp(ctx: _Ctx) -> TimeValue | None:
    # Asharq al-Awsat style «قتل 5 أشخاص (الاثنين)»: the publication day itself when it matches.
    day = _weekday_on_or_before(ctx.pub, ctx.lex.weekdays[_g(ctx.m, "wp")][0], True)
    return _value(day, day, "weekday")


_HANDLERS = {
    "a_rng": _r_rng, "a_fd": _r_fd, "a_dm": _r_dm, "a_num": _r_num, "a_hj": _r_hj, "a_pt": _r_pt,
    "a_rd": _r_rd, "a_per": _r_per, "a_pa": _r_pa, "a_yr": _r_yr, "a_ago": _r_ago, "a_mo": _r_mo,
    "a_wd": _r_wd, "a_wp": _r_wp,
}
_DAY_LEVEL = frozenset({"a_fd", "a_dm", "a_num", "a_rd", "a_wd", "a_wp"})


def _resolve(ctx: _Ctx) -> TimeValue | None:
    m = ctx.m
    alt = m.lastgroup
    value = _HANDLERS[alt](ctx)
    if value is None or value is _SKIP:
        return value
    if m.group("pod") and alt in _DAY_LEVEL and value.start == value.end:
        # «بعد منتصف ليل الأحد» is the small hours of Monday.
        if m.group("pod_mid") and _g(m, "pod_pre") in ("بعد", "بعيد") and _g(m, "pod_w") in ("ليل", "ليله"):
            d = value.start + _ONE
            value = TimeValue(d, d, value.precision, value.kind)
    if m.group("since") and alt != "a_ago" and value.start <= ctx.pub:
        value = _value(value.start, ctx.pub, "since")  # «منذ يوم الأحد»: from that day until publication
    if value.kind == "since":
        return replace(value, since=True)
    if value.start > ctx.pub:
        return replace(value, kind="future")
    return value


def _span_start(m: re.Match[str]) -> int:
    for g in ("since", "pod", "yawm"):
        if m.group(g) is not None:
            return m.start(g)
    alt = m.lastgroup
    return m.start("wp") if alt == "a_wp" else m.start(alt)


def _span_end(m: re.Match[str]) -> int:
    return m.end("wp") if m.lastgroup == "a_wp" else m.end()  # «(الاثنين)»: the weekday, not its brackets


# Window margins around anchors, in characters of the cleaned copy (marks removed, so a fully
# vocalised text gets the same reach): the farthest a reading starts before its first anchor plus the
# cue word before it («في الحادي والعشرين من كانون الثاني»), and the farthest it ends after its last
# anchor plus the word after it.
_BEFORE, _AFTER = 50, 70
_NON_WORD = re.compile(r"[^\w\s]")
_DIGIT_SPOTS = re.compile(r"\d{4}|ال\s?\d")  # \d is Unicode: Eastern Arabic digits too
_ANY_DIGIT = re.compile(r"\d")


def _windows(seg: str, lex: _Lexicon) -> list[tuple[int, int]]:
    """Disjoint stretches of ``seg`` that may hold a date; [] for the many sentences with none.

    normalize() costs more than the scan, so only these stretches are normalised. Anchors are found
    on a cheap copy: marks deleted, hamza/ى/ة folded, punctuation blanked, split on spaces and looked
    up in one set.
    """
    n = len(seg)
    s = seg
    if not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
        if len(s) != n:  # ligatures or presentation forms shift positions: scan it all
            return [(0, n)] if _windows(s, lex) else []
    dels = [m.start() for m in _DELETE_RE.finditer(s)]
    if dels:
        s = _DELETE_RE.sub("", s)
    for a in "أإآٱ":
        s = s.replace(a, "ا")
    s = _NON_WORD.sub(" ", s.replace("ى", "ي").replace("ة", "ه"))
    hits = lex.precheck.intersection(s.split())
    if not hits and _ANY_DIGIT.search(s) is None:
        return []  # most sentences: no anchor, and no digit for a spot (a cheaper scan than _DIGIT_SPOTS)
    spots = [(m.start(), m.end()) for m in _DIGIT_SPOTS.finditer(s)]
    if not hits and not spots:
        return []
    for w in hits:
        i = s.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or s[i - 1].isspace()) and (j == len(s) or s[j].isspace()):
                spots.append((i, j))
            i = s.find(w, j)
    adj = [d - k for k, d in enumerate(dels)]  # position in the copy before which the k-th mark was

    def to_seg(p: int) -> int:
        return p + bisect_right(adj, p)

    out: list[tuple[int, int]] = []
    for a, b in sorted(spots):
        ws, we = to_seg(max(0, a - _BEFORE)), to_seg(min(len(s), b + _AFTER))
        while ws > 0 and not seg[ws - 1].isspace():
            ws -= 1
        while we < n and not seg[we].isspace():
            we += 1
        if out and ws <= out[-1][1]:
            out[-1] = (out[-1][0], max(we, out[-1][1]))
        else:
            out.append((ws, we))
    return out


def find_time_expressions(text: str, published: date, start: int = 0, end: int | None = None) -> list[TimeMention]:
    """Time expressions in ``text[start:end]``, resolved against ``published``.

    Mentions are sorted, never overlap (the longest reading at the leftmost position wins) and carry
    offsets into ``text`` itself.

    >>> from datetime import date
    >>> ms = find_time_expressions("وصباح اليوم (الاثنين)، قصفت الطائرات البلدة", date(2015, 8, 10))
    >>> [(m.text, m.value.start.isoformat(), m.value.precision) for m in ms]
    [('صباح اليوم (الاثنين)', '2015-08-10', 1)]
    """
    end = len(text) if end is None else min(end, len(text))
    seg = text[start:end]
    lex = _lexicon()
    out: list[TimeMention] = []
    for ws, we in _windows(seg, lex):
        n = normalize(seg[ws:we])
        norm = fold(n.text)
        base = start + ws
        pos = 0
        while (m := lex.regex.search(norm, pos)) is not None:
            value = _resolve(_Ctx(lex, published, norm, seg[ws:we], n.alignment, m))
            if value is None:
                pos = m.start() + 1  # nothing here is a date; look again from the next word
                continue
            if value is _SKIP:
                pos = m.end()
                continue
            os_, oe = n.alignment.to_original(_span_start(m), _span_end(m))
            out.append(TimeMention(base + os_, base + oe, text[base + os_:base + oe], value))
            pos = m.end()
    return out
