"""Casualty counts: who was killed or injured, and how many, in Arabic news text.

>>> [(m.kind, m.value, m.text) for m in find_casualties("أسفر القصف عن مقتل 5 أشخاص وإصابة 12 آخرين")]
[('killed', 5, 'مقتل 5 أشخاص'), ('injured', 12, 'إصابة 12 آخرين')]
>>> m, = find_casualties("وأعلن المرصد سقوط عشرات القتلى")
>>> m.value, m.vague, m.figures
(10, True, ())

Patterns, in both orders: a cue then its victims («مقتل 70 عنصرا»، «قتل ثلاثة مدنيين»، «أعدم التنظيم 3 من
عناصره»، «لقي 4 جنود حتفهم»، «ارتفعت حصيلة القتلى إلى 30»); a figure then a casualty noun («70 قتيلا»،
«عشرات القتلى»); a figure of people then a verb («9 أشخاص لقوا حتفهم»); bare casualty nouns («قتلى وجرحى»،
«سقوط قتلى») are vague. Negated reports («لم يسفر عن سقوط قتلى») are dropped. Cue words live in
``marsad/data/numbers/casualty_cues.tsv``; figures come from :mod:`marsad.extract.numbers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from marsad.errors import DataError
from marsad.extract.numbers import (
    NumberMention,
    _as_int,
    _candidates,
    _filtered_indices,
    _info,
    _lexicon,
    _Noun,
    _Num,
    _numbers,
    _Parser,
    _rows,
    _Scan,
    _scan,
)
from marsad.text.normalize import match_key

__all__ = ["CasualtyMention", "find_casualties"]


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    """One report of people killed or injured; ``text == original[start:end]``.

    ``value`` is the lowest figure (the sum for «8 جنود و3 مدنيين»; ACLED's 10 for «عشرات»; None when
    there is no countable figure). ``figures`` holds every explicit figure (() for vague phrases).
    """

    start: int
    end: int
    text: str
    kind: str  # killed | injured
    value: int | None
    figures: tuple[int, ...]
    vague: bool
    victims_start: int | None
    victims_end: int | None
    civilians: bool | None
    number: NumberMention | None


# ---------------------------------------------------------------------------------------------- data

_ROLES = {"noun", "verb", "sg", "du", "pl", "toll", "fall", "meet", "fate", "cause", "life", "went", "victim",
          "trail", "neg", "filler"}
_PRONOUNS = (("هما", 2), ("هم", None), ("هن", None), ("ها", 1), ("ه", 1))
_BREAKDOWN = frozenset(("بينهم", "منهم", "بينها", "منها", "بينهما"))
_STARTS = {"noun", "verb", "sg", "du", "pl", "toll", "fall", "meet", "cause", "went"}
_OPENERS = _STARTS | {"trail"}  # «تعرض 5 مدنيين لجروح»: a figure before a trailing cue


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str | None
    roles: frozenset[str]
    count: int | None  # 1 / 2 from a pronoun or a dual verb; None otherwise
    pron: bool  # a pronoun suffix was read («مقتلهم»: vague rather than absent)


@dataclass(frozen=True, slots=True)
class _CueLexicon:
    forms: dict[str, _Cue]
    noun_kind: dict[str, str]  # persons lemma → kind («قتيل» → killed, «جريح» → injured)
    stop: frozenset[str]
    # For the cheap filter in _cue: the last three letters of every form of 3+ letters, the 2- and 1-letter forms.
    ends3: frozenset[str] = frozenset()
    ends2: frozenset[str] = frozenset()
    ends1: frozenset[str] = frozenset()


# Words that end a victim phrase («مقتل 5 مدنيين في …», «… جراء القصف»).
_STOP = ("في", "على", "إلى", "الى", "عن", "جراء", "إثر", "بعد", "قبل", "خلال", "قرب", "داخل", "خارج", "عند", "منذ",
         "حيث", "الذي", "التي", "الذين", "اللذين", "اللتين", "بين", "بينهم", "منهم", "بينها", "منها", "مع", "ضد",
         "حتى", "لكن", "بل", "أو", "ثم", "كما", "فيما", "بينما", "وفق", "حسب", "وذلك", "بسبب", "نتيجة", "بحسب",
         "وفقا", "أمس", "اليوم", "ان", "أن", "إن", "لدى", "نحو", "تحت", "فوق", "أثناء", "عقب", "لم", "لا")


@cache
def _cue_lexicon() -> _CueLexicon:
    raw: dict[str, list[tuple[str | None, str, int | None, bool]]] = {}
    for lineno, cols in _rows("casualty_cues.tsv", 3, 4):
        word, kind, role = cols[:3]
        if role not in _ROLES or kind not in ("killed", "injured", "-"):
            raise DataError(f"numbers/casualty_cues.tsv line {lineno}: bad kind or role")
        count = int(cols[3]) if len(cols) == 4 and cols[3].isdigit() else None
        k = None if kind == "-" else kind
        if role != "victim":  # «ضحية» alone is a casualty noun; «ضحيته» after «راح» is the victim role
            raw.setdefault(match_key(word), []).append((k, role, count, False))
        if role in ("noun", "fate", "life", "victim"):
            stem = word[:-1] + "ت" if word.endswith("ة") else word
            for suffix, n in _PRONOUNS:
                raw.setdefault(match_key(stem + suffix), []).append((k, role, n, True))
    forms = {}
    for key, entries in raw.items():
        kinds = [e[0] for e in entries if e[0]]
        counts = [e[2] for e in entries if e[2] is not None]
        forms[key] = _Cue(kinds[0] if kinds else None, frozenset(e[1] for e in entries),
                          counts[0] if counts else None, any(e[3] for e in entries))
    nouns = _lexicon().nouns
    noun_kind = {}
    for key, cue in forms.items():
        if cue.roles & {"sg", "du", "pl"} and key in nouns and cue.kind:
            noun_kind.setdefault(nouns[key].lemma, cue.kind)
    return _CueLexicon(forms, noun_kind, frozenset(match_key(w) for w in _STOP),
                       frozenset(f[-3:] for f in forms if len(f) >= 3), frozenset(f for f in forms if len(f) == 2),
                       frozenset(f for f in forms if len(f) == 1))


_CUE_CACHE: dict[str, tuple | None] = {}
_START_CACHE: dict[str, bool] = {}


def _cue(key: str) -> tuple[int, bool, bool, _Cue] | None:
    """(clitic length, has و/ف, definite, cue) for a token, trying clitic readings («بمقتل»، «والقتلى»)."""
    try:
        return _CUE_CACHE[key]
    except KeyError:
        pass
    lex = _cue_lexicon()
    forms = lex.forms
    got = None
    # Cheap filter first: a cue is the word itself or the word minus at most four clitic letters (and a tail of
    # the word can be a form only if its last letters end one).
    if (key[-3:] in lex.ends3 or key[-2:] in lex.ends2 or key[-1:] in lex.ends1) and any(
            key[k:] in forms for k in range(min(5, len(key)))):
        for c in _candidates(key):
            cue = forms.get(c.stem)
            if cue is not None:
                got = (c.plen, c.conj, c.al, cue)
                break
    if len(_CUE_CACHE) > 200_000:
        _CUE_CACHE.clear()
    _CUE_CACHE[key] = got
    return got


def _cue_starts(keys: list[str]) -> list[int]:
    """Indices of tokens that can open a casualty phrase; filtered at C speed after the first sight of a word."""
    return _filtered_indices(keys, _START_CACHE, _opens)


def _opens(k: str) -> bool:
    lex = _cue_lexicon()
    if not k[0].isalpha() or (k[-3:] not in lex.ends3 and k[-2:] not in lex.ends2 and k[-1:] not in lex.ends1):
        return False  # no cue (the same filter as _cue's, without the call)
    got = _cue(k)
    return got is not None and not got[3].roles.isdisjoint(_OPENERS)


# ------------------------------------------------------------------------------------------ grouping


@dataclass(slots=True)
class _Found:
    """A casualty phrase before its offsets are mapped back to the original text."""

    kind: str
    t0: int
    t1: int
    ns: int  # normalised span
    ne: int
    value: int | None
    figures: tuple[int, ...]
    vague: bool
    victims: tuple[int, int] | None
    civilians: bool | None
    number: NumberMention | None


@dataclass(slots=True)
class _Group:
    t0: int
    t1: int  # token after the group
    value: int | None
    figures: tuple[int, ...]
    vague: bool
    noun: _Noun | None
    victims: tuple[int, int] | None  # normalised span
    civilians: bool | None
    number: NumberMention | None


class _Finder:
    def __init__(self, sc: _Scan, nums: list[_Num]):
        self.sc = sc
        self.toks = sc.toks
        self.keys = sc.toks.keys
        self.n = len(sc.toks)
        self.lex = _cue_lexicon()
        self.parser = _Parser(sc)
        self.last_end = -1  # token after the last phrase kept
        self.noun_of: set[int] = {num.noun_t for num in nums if num.noun_t is not None}
        # «قتلى وجرحى»، «سقوط قتلى» are vague figures to find_numbers, but here their cue words decide.
        self.by_start = {num.t0: num for num in nums if not self.has_role(num.t0, "sg", "du", "pl", "fall")}
        self.to_ = match_key("إلى")

    # -- token helpers -----------------------------------------------------------------------------

    def cue(self, i: int):
        if i >= self.n:
            return None
        key = self.keys[i]
        return _cue(key) if key[0].isalpha() else None

    def has_role(self, i: int, *roles: str) -> bool:
        c = self.cue(i)
        return c is not None and not c[3].roles.isdisjoint(roles)

    def punct(self, i: int) -> bool:
        if i >= self.n:
            return False
        c = self.keys[i][0]
        return not (c.isalpha() or "0" <= c <= "9" or c in "\"'")

    def skip_fillers(self, j: int) -> int:
        while j < self.n and self.has_role(j, "filler") and not self.has_role(j, *_STARTS):
            j += 1
        return j

    def noun_kind(self, noun: _Noun | None) -> str | None:
        return self.lex.noun_kind.get(noun.lemma) if noun is not None else None

    # -- victims -----------------------------------------------------------------------------------

    def extent(self, noun_t: int) -> int:
        """Token after the victim phrase that starts with the noun at ``noun_t``: agreeing nisba adjectives
        («جندي تركي»، «مسلحين حوثيين»، «مقاتلا مواليا»), then «من» and up to two words («عنصرا من «داعش»»)."""
        toks, stop = self.toks, self.lex.stop
        j = noun_t + 1
        if j < self.n and toks[j].key == '"' and noun_t > 0 and toks[noun_t - 1].key == '"':
            j += 1  # the closing quote of «إرهابيا»
        noun_key = toks[noun_t].key
        inf = _info(noun_key)
        number = inf.noun[1].number if inf.noun else "sg"
        if number == "pl":
            endings: tuple[str, ...] = ("يين", "يون", "يه")
        elif noun_key.endswith("ا"):
            endings = ("يا",)  # accusative after 11–99
        else:
            endings = ("ي", "يه", "يان", "يين")
        definite = inf.noun is not None and inf.noun[0].al
        adjectives = 0
        while j < self.n and adjectives < 2 and toks[j].kind == "word":
            key = toks[j].key
            if (key in stop or len(key) < 4 or not key.endswith(endings) or key.startswith("ال") != definite
                    or self.cue(j) or _info(key).num is not None):
                break
            adjectives += 1
            j += 1
        if j < self.n and toks[j].key == "من":
            k = self.parser.skip_quotes(j + 1)
            words = 0
            end = j
            while k < self.n and words < 2 and toks[k].kind == "word":
                key = toks[k].key
                if key in stop or self.cue(k) or _info(key).num is not None or (words and key.startswith("و")):
                    break
                words += 1
                k += 1
                end = k
                if k < self.n and toks[k].key == '"':
                    end = k + 1
                    break
            if end > j:
                j = end
        return j

    def victims(self, noun_t: int, end: int, noun: _Noun | None) -> tuple[tuple[int, int] | None, bool | None]:
        """Victim span and civilian status; a casualty noun («قتيلا») is not itself the victims, only what
        follows it is («قتلى من المدنيين»)."""
        toks = self.toks
        if self.noun_kind(noun) is not None:
            if end <= noun_t + 1 or (end == noun_t + 2 and toks[noun_t + 1].key == '"'):
                return None, None
            return (toks[noun_t + 1].s, toks[end - 1].e), self.civilians(None, noun_t + 1, end)
        return (toks[noun_t].s + self.parser.clitics(noun_t), toks[end - 1].e), self.civilians(noun, noun_t, end)

    def civilians(self, noun: _Noun | None, t0: int, t1: int) -> bool | None:
        if noun is not None and noun.civilian is not None:
            return noun.civilian
        for k in range(t0, t1):
            inf = self.sc.info(k)
            if inf is not None and inf.noun is not None and inf.noun[1].civilian is not None:
                return inf.noun[1].civilian
        return None

    def single(self, j: int, num: _Num | None) -> _Group | None:
        """One victim group at token j: a figure (with its noun) or a bare person noun."""
        if num is not None:
            if num.counts_people is False:
                return None
            if num.value is None and num.counts_people is None and num.t1 < self.n and self.keys[num.t1][0].isalpha():
                return None  # «أصابه الكثير من الانتكاسات»: «many» of something that is not people
            value = _as_int(num.value)
            if num.vague:
                figures: tuple[int, ...] = ()
            elif num.low is not None and num.high is not None and num.low != num.high:
                figures = (num.low, num.high)
            else:
                figures = (value,) if value is not None else ()
            t1, victims, civ = num.after, None, None
            if num.noun_t is not None:
                end = self.extent(num.noun_t)
                t1 = max(t1, end)
                victims, civ = self.victims(num.noun_t, end, num.noun)
            return _Group(num.t0, t1, value, figures, num.vague, num.noun, victims, civ, num.mention)
        inf = self.sc.info(j) if j < self.n else None
        if inf is None or inf.noun is None:
            return None
        c, noun, suffix = inf.noun
        if not noun.people or c.prep or suffix:
            return None
        count = {"sg": 1, "du": 2}.get(noun.number)
        end = self.extent(j)
        victims, civ = self.victims(j, end, noun)
        return _Group(j, end, count, (count,) if count else (), count is None, noun, victims, civ, None)

    def group(self, j: int, kind: str | None = None, lead: bool = True) -> _Group | None:
        """Victims at token j, with coordinated groups summed («8 جنود و3 مدنيين» = 11)."""
        j = self.skip_fillers(j)
        if j >= self.n:
            return None
        first = self.by_start.get(j)
        if lead and first is not None and first.ns > self.toks[j].s and self.keys[j][0] in "وف":
            return None  # «حالة وفاة وخمسة مصابين»: a figure after «و» is not the victims of the cue before it
        if first is None and self.cue(j) and not self.has_role(j, "sg", "du", "pl"):
            return None
        if first is None and self.sc.info(j) and self.sc.info(j).noun and self.sc.info(j).noun[0].conj:
            return None
        g = self.single(j, first)
        if g is None:
            return None
        kind = self.noun_kind(g.noun) or kind
        while g.t1 < self.n:
            # Only another figure joins («8 جنود و3 مدنيين»); «20 شرطيا ورجل أمن» is one group of 20.
            k = g.t1 + 1 if self.toks[g.t1].key == "و" else g.t1
            num = self.by_start.get(k)
            if num is None:
                break
            if k == g.t1:
                a = self.parser.atom(k)
                if a is None or a.cand is None or not a.cand.conj:
                    break
            nxt = self.single(k, num)
            if nxt is None or nxt.noun is None or not nxt.noun.people:
                break
            nk = self.noun_kind(nxt.noun)
            if nk is not None and nk != kind:
                break
            value = None if g.value is None and nxt.value is None else (g.value or 0) + (nxt.value or 0)
            civ = g.civilians if g.civilians == nxt.civilians else None
            victims = g.victims if nxt.victims is None else (g.victims or nxt.victims)[:1] + nxt.victims[1:]
            g = _Group(g.t0, nxt.t1, value, g.figures + nxt.figures, g.vague or nxt.vague, g.noun, victims, civ,
                       g.number)
        return g

    # -- mentions ----------------------------------------------------------------------------------

    def negated(self, i: int, conj: bool) -> bool:
        if conj:
            return False  # «…، وقتل 5»: a new clause
        for k in range(i - 1, max(-1, i - 5), -1):
            if self.punct(k):
                return False
            if self.has_role(k, "neg"):
                return True
        return False

    def make(self, kind: str, t0: int, t1: int, g: _Group | None, *, value=..., vague=None, figures=None,
             ns: int | None = None) -> _Found:
        return _Found(
            kind, t0, t1, self.toks[t0].s if ns is None else ns, self.toks[t1 - 1].e,
            (g.value if g else None) if value is ... else value,
            (g.figures if g else ()) if figures is None else figures,
            (g.vague if g else True) if vague is None else vague,
            g.victims if g else None, g.civilians if g else None, g.number if g else None,
        )

    def trail(self, t1: int, kind: str) -> int:
        """Extend over «بجروح» after injured victims."""
        if kind == "injured" and t1 < self.n and self.has_role(t1, "trail"):
            return t1 + 1
        return t1

    def after_agent(self, j: int, kind: str | None) -> _Group | None:
        """«أعدم التنظيم 3 من عناصره»: victims with a figure of people a few words on, past the agent."""
        for k in range(j, min(self.n, j + 5)):
            if self.punct(k) or (k > j and self.cue(k) and not self.has_role(k, "filler")):
                return None
            num = self.by_start.get(k)
            if num is not None:
                return self.group(k, kind) if num.counts_people is True else None
        return None

    def at_cue(self, i: int) -> list[_Found] | None:
        got = self.cue(i)
        if got is None:
            return None
        plen, conj, al, cue = got
        roles = cue.roles
        if not roles & _STARTS:
            return None
        ns = self.toks[i].s + plen
        j = self.skip_fillers(i + 1)
        if roles & {"noun", "verb"} and al:
            # «تنفيذ حكم الإعدام ببعض المحتجزين»: a definite action noun only with its victims right after it.
            g = self.group(i + 1, cue.kind)
            if g is None:
                return None
            kind = self.noun_kind(g.noun) or cue.kind
            return [self.make(kind, i, self.trail(g.t1, kind), g, ns=ns)]
        if roles & {"noun", "verb"}:
            # «مقتل وإصابة 10 أشخاص»، «مقتل وجرح العشرات»: one figure for both kinds, so neither is exact.
            other = self.cue(j)
            if other and other[1] and other[3].roles & {"noun", "verb"} and other[3].kind != cue.kind:
                g = self.group(j + 1)
                if g is not None and g.number is not None:
                    a = self.make(cue.kind, i, i + 1, None, value=None, vague=True, figures=g.figures, ns=ns)
                    b = self.make(other[3].kind, j, g.t1, g, value=None, vague=True,
                                  ns=self.toks[j].s + other[0])
                    return [a, b]
            g = self.group(j, cue.kind)
            if g is not None and g.number is None and g.value is None:
                # «أعدم المسلحون 6 من الأسرى»: a bare plural right after a verb is often its agent.
                g = self.after_agent(j + 1, cue.kind) or g
            if g is not None:
                kind = self.noun_kind(g.noun) or cue.kind
                return [self.make(kind, i, self.trail(g.t1, kind), g, ns=ns)]
            if cue.count is not None or cue.pron:
                count = cue.count
                return [self.make(cue.kind, i, self.trail(i + 1, cue.kind), None, value=count,
                                  vague=count is None, figures=(count,) if count else (), ns=ns)]
            g = self.after_agent(j, cue.kind)
            if g is not None:
                kind = self.noun_kind(g.noun) or cue.kind
                return [self.make(kind, i, self.trail(g.t1, kind), g, ns=ns)]
            return None
        if roles & {"sg", "du", "pl"} and not (roles & {"noun", "verb"}):
            if i in self.noun_of:
                return None  # a figure's noun was handled with its figure
            if al:
                # «القتلى» alone refers back; but «عشرات القتلى والجرحى» reports the wounded too.
                if conj and self.last_end == i and cue.kind:
                    return [self.make(cue.kind, i, i + 1, None, value=None, vague=True, figures=(), ns=ns)]
                return None
            count = 1 if "sg" in roles else 2 if "du" in roles else None
            end = self.extent(i)
            victims = (self.toks[i + 1].s, self.toks[end - 1].e) if end > i + 1 else None
            civ = self.civilians(None, i + 1, end) if victims else None
            g = _Group(i, end, count, (count,) if count else (), count is None, None, victims, civ, None)
            return [self.make(cue.kind, i, end, g, ns=ns)]
        if "toll" in roles:
            kind = None
            k = self.parser.skip_quotes(i + 1)
            nxt = self.cue(k)
            if nxt and nxt[3].roles & {"sg", "du", "pl"}:
                kind = nxt[3].kind
                k += 1
            elif self.toks[i].key.endswith("عدد"):
                return None  # «عدد من» is a vague figure, not a toll
            for m in range(k, min(self.n, k + 7)):
                if self.punct(m):
                    break
                num = self.by_start.get(m)
                if num is None:
                    continue
                if num.counts_people is False:
                    break
                # «ارتفعت الحصيلة من 20 إلى 30»: the new figure counts.
                if self.sc.key(m - 1) == "من" and self.sc.key(num.t1) == self.to_ and num.t1 + 1 in self.by_start:
                    num = self.by_start[num.t1 + 1]
                    m = num.t0
                g = self.group(m, kind)
                if g is None:
                    break
                kind = self.noun_kind(g.noun) or kind or "killed"
                return [self.make(kind, i, g.t1, g, ns=ns)]
            return None
        if "fall" in roles:
            g = self.group(j, cue.kind)
            if g is None or g.noun is None:
                return None
            kind = self.noun_kind(g.noun) or cue.kind
            return [self.make(kind, i, self.trail(g.t1, kind), g, ns=ns)]
        if "meet" in roles:
            for k in range(i + 1, min(self.n, i + 12)):
                if self.punct(k):
                    return None
                if self.has_role(k, "fate"):
                    fate = self.cue(k)[3]
                    g = self.group(i + 1) if k > i + 1 else None
                    if g is not None and g.t1 <= k:
                        return [self.make("killed", i, k + 1, g, ns=ns)]
                    count = cue.count or fate.count
                    return [self.make("killed", i, k + 1, None, value=count, vague=count is None,
                                      figures=(count,) if count else (), ns=ns)]
            return None
        if "cause" in roles or "went" in roles:
            need = "life" if "cause" in roles else "victim"
            # «أودى الانفجار بحياة 5 أشخاص»: the subject may come between.
            at = next((k for k in range(i + 1, min(self.n, i + 4)) if self.has_role(k, need)), None)
            if at is None or any(self.punct(k) for k in range(i + 1, at)):
                return None
            closing = self.cue(at)[3]
            g = self.group(at + 1, cue.kind)
            if g is not None:
                kind = self.noun_kind(g.noun) or "killed"
                return [self.make(kind, i, g.t1, g, ns=ns)]
            count = closing.count if need == "life" else None
            return [self.make("killed", i, at + 1, None, value=count, vague=count is None,
                              figures=(count,) if count else (), ns=ns)]
        return None

    def at_number(self, i: int) -> list[_Found] | None:
        num = self.by_start.get(i)
        if num is None or num.counts_people is not True:
            return None
        kind = self.noun_kind(num.noun)
        g = self.group(i, kind, lead=False)
        if g is None:
            return None
        if kind is not None:  # «70 قتيلا»، «عشرات القتلى»
            nt = num.noun_t
            other = self.cue(nt + 1) if nt is not None else None
            if other and other[1] and other[3].roles & {"sg", "du", "pl"} and other[3].kind not in (None, kind):
                # «66 قتيلا وجريحا»: one figure for both kinds.
                # («عشرات القتلى والجرحى» keeps ACLED's 10: the magnitude covers both.)
                a = self.make(kind, i, nt + 1, g, value=g.value if g.vague else None, vague=True, ns=num.ns)
                a.victims = a.civilians = None
                b = self.make(other[3].kind, nt + 1, nt + 2, None, value=None, vague=True, figures=g.figures,
                              ns=self.toks[nt + 1].s + other[0])
                return [a, b]
            return [self.make(kind, i, self.trail(g.t1, kind), g, ns=num.ns)]
        # «9 أشخاص لقوا حتفهم»، «ثمانية مسلحين قتلوا»، over a breakdown («9 أشخاص بينهم 5 مدنيين لقوا حتفهم»)
        start = g.t1
        if self.sc.key(start) in _BREAKDOWN and start + 1 in self.by_start:
            part = self.group(start + 1)
            if part is not None:
                start = part.t1
        for k in range(start, min(self.n, start + 3)):
            if self.punct(k):
                return None
            got = self.cue(k)
            if got is None or got[1]:
                continue
            roles = got[3].roles
            if roles & {"verb", "fall", "trail"}:
                kind = got[3].kind
                return [self.make(kind, i, k + 1, g, ns=num.ns)]
            if "meet" in roles:
                for f in range(k + 1, min(self.n, k + 3)):
                    if self.has_role(f, "fate"):
                        return [self.make("killed", i, f + 1, g, ns=num.ns)]
                return None
        return None

    def run(self, cues: list[int]) -> list[_Found]:
        out: list[_Found] = []
        last_negated = -2  # token after the last negated phrase
        end = 0
        for i in sorted(set(cues).union(self.by_start)):
            if i < end:
                continue
            got = self.cue(i)
            found = self.at_cue(i) if got else None
            if found is None and i in self.by_start:
                found = self.at_number(i)
            if not found:
                continue
            conj = bool(got and got[1])
            t1 = max(m.t1 for m in found)
            # «لا قتلى ولا جرحى»، «دون وقوع قتلى أو جرحى»: a phrase coordinated with a negated one is negated.
            inherit = i == last_negated or (i == last_negated + 1 and self.keys[last_negated] in ("او", "و"))
            if inherit or self.negated(i, conj):
                last_negated = t1
            else:
                out.extend(found)
                self.last_end = t1
            end = t1
        return out


def find_casualties(text: str, start: int = 0, end: int | None = None) -> list[CasualtyMention]:
    """Every casualty report in ``text[start:end]``, sorted, non-overlapping, offsets into ``text``.

    >>> [(m.kind, m.value, m.figures, m.civilians) for m in find_casualties("مقتل ما بين 5 و7 مدنيين")]
    [('killed', 5, (5, 7), True)]
    """
    sc = _scan(text, start, end)
    cues = _cue_starts(sc.toks.keys)
    if not cues:
        return []
    nums = _numbers(sc)
    finder = _Finder(sc, nums)
    out: list[CasualtyMention] = []
    for m in finder.run(cues):
        s, e = sc.orig(m.ns, m.ne)
        if out and s < out[-1].end:
            continue  # two phrases inside one NFKC-expanded character
        vs = ve = None
        if m.victims is not None:
            vs, ve = sc.orig(*m.victims)
        out.append(CasualtyMention(s, e, text[s:e], m.kind, m.value, tuple(m.figures), m.vague, vs, ve, m.civilians,
                                   m.number))
    return out
