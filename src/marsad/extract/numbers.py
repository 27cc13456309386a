"""Numbers in Arabic news: digits, number words, approximations, vague quantities and what they count.

>>> [(m.text, m.value, m.counts_people) for m in find_numbers("قُتل ثلاثةُ أطفال قرب مقر «الفرقة 17»")]
[('ثلاثةُ', 3, True), ('17', 17, False)]
>>> m, = find_numbers("مقتل أكثر من ٢٠ عنصرا")
>>> m.text, m.value, m.low, m.high, m.approx, m.noun
('أكثر من ٢٠', 20, 20, None, 'over', 'عنصر')
>>> parse_number_words("ثلاثمائة وخمسة وعشرين")
325

Everything is matched on the normalised text (``marsad.text.normalize``) with ى→ي, ة→ه folded; every
offset reported indexes the original string. Word lists live in ``marsad/data/numbers/`` (one loader,
:func:`_lexicon`); the ACLED convention for vague quantities is documented in ``vague_quantities.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress

from marsad.errors import DataError
from marsad.text.normalize import Alignment, match_key, normalize, normalize_text

__all__ = ["NumberMention", "find_numbers", "parse_number_words"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number expression; ``text == original[start:end]``.

    ``value`` is the figure (the lower one of a range, ACLED's value for «عشرات», None for «عدد من»).
    Bounds: exact → low = high = value; ``over``/``at_least`` → low = value; ``under`` → high = value;
    ``about`` → both None; a range «بين 5 و7» → 5..7; «بضعة» → 3..9.
    """

    start: int
    end: int
    text: str
    value: int | None
    low: int | None
    high: int | None
    approx: str | None
    vague: bool
    noun: str | None
    counts_people: bool | None


# ---------------------------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _NumWord:
    value: int
    kind: str  # unit ten teen_head tens hundred mult mult_du mult_pl


@dataclass(frozen=True, slots=True)
class _Noun:
    lemma: str  # match_key of the singular: the ``noun`` reported
    people: bool
    number: str  # sg du pl
    civilian: bool | None


@dataclass(frozen=True, slots=True)
class _Vague:
    words: tuple[str, ...]
    value: int | None
    low: int | None
    high: int | None
    exact: bool
    person_only: bool
    noun: str | None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, _NumWord]
    vague: dict[str, tuple[_Vague, ...]]  # first word → phrases, longest first
    pre: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # last word → (phrase, approx), longest first
    post: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word → (phrase, approx)
    nouns: dict[str, _Noun]
    labels: frozenset[str]
    heads: frozenset[str]  # first words of vague and approximator phrases (for clitic-free spans)
    stems: frozenset[str]  # every word any table knows: a word none of whose stems is here needs no analysis


_APPROX = {"about", "over", "at_least", "under", "range"}
_NUM_KINDS = {"unit", "ten", "teen_head", "tens", "hundred", "mult", "mult_du", "mult_pl"}


def _rows(name: str, min_cols: int, max_cols: int):
    path = resources.files("marsad.data").joinpath("numbers").joinpath(name)
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if not min_cols <= len(cols) <= max_cols or not cols[0]:
                raise DataError(f"numbers/{name} line {lineno}: expected {min_cols}-{max_cols} tab-separated columns")
            yield lineno, cols


def _opt_int(s: str, name: str, lineno: int) -> int | None:
    if s == "-":
        return None
    if not s.isdigit():
        raise DataError(f"numbers/{name} line {lineno}: {s!r} is not a number or '-'")
    return int(s)


def _inflect(singular: str, plurals: set[str], flags: set[str]) -> dict[str, str]:
    """Surface forms (match keys) → grammatical number, from the raw singular.

    The dual is read off the singular (جندي → جنديان، جنديين; امرأة → امرأتان) unless it would spell a
    listed plural: undiacritised «مدنيين» is the plural far more often than the dual.
    """
    out = {match_key(singular): "sg"}
    stem = singular[:-1] + "ت" if singular.endswith("ة") else singular
    if "noacc" not in flags and not singular.endswith(("ة", "ى", "ا", "ء")):
        out.setdefault(match_key(singular + "ا"), "sg")
    if "nodual" not in flags and not singular.endswith(("ى", "ا")):
        for suffix in ("ان", "ين"):
            key = match_key(stem + suffix)
            if key not in plurals:
                out.setdefault(key, "du")
    for p in plurals:
        out[p] = "pl"
        if p.endswith(("ين", "ون")):
            out.setdefault(p[:-1], "pl")  # construct state: «مسلحي التنظيم»، «مسلحو القبيلة»
    return out


@cache
def _lexicon() -> _Lexicon:
    words: dict[str, _NumWord] = {}
    for lineno, (form, value, kind) in _rows("number_words.tsv", 3, 3):
        if kind not in _NUM_KINDS or not value.isdigit():
            raise DataError(f"numbers/number_words.tsv line {lineno}: bad value or type")
        words[match_key(form)] = _NumWord(int(value), kind)

    vague: dict[str, list[_Vague]] = {}
    for lineno, cols in _rows("vague_quantities.tsv", 4, 5):
        flags = set(cols[4].split(",")) if len(cols) == 5 else set()
        noun = next((match_key(f[5:]) for f in flags if f.startswith("noun=")), None)
        phrase = tuple(match_key(cols[0]).split())
        entry = _Vague(phrase, *(_opt_int(c, "vague_quantities.tsv", lineno) for c in cols[1:4]),
                       exact="exact" in flags, person_only="person" in flags, noun=noun)
        vague.setdefault(phrase[0], []).append(entry)

    pre: dict[str, list] = {}
    post: dict[str, list] = {}
    for lineno, (phrase, approx, position) in _rows("approximators.tsv", 3, 3):
        if approx not in _APPROX or position not in ("pre", "post"):
            raise DataError(f"numbers/approximators.tsv line {lineno}: bad approx or position")
        words_ = tuple(match_key(phrase).split())
        if position == "pre":
            pre.setdefault(words_[-1], []).append((words_, approx))
        else:
            post.setdefault(words_[0], []).append((words_, approx))

    nouns: dict[str, _Noun] = {}
    for name, people in (("persons.tsv", True), ("units.tsv", False)):
        for lineno, cols in _rows(name, 2 if not people else 3, 4 if people else 3):
            singular = cols[0]
            if people:
                civ = {"1": True, "0": False, "-": None}.get(cols[1], "?")
                if civ == "?":
                    raise DataError(f"numbers/{name} line {lineno}: civilian must be 1, 0 or -")
                plural_col, flag_col = cols[2], cols[3] if len(cols) > 3 else ""
            else:
                civ, plural_col, flag_col = None, cols[1], cols[2] if len(cols) > 2 else ""
            plurals = {match_key(p) for p in plural_col.split(",") if p and p != "-"}
            lemma = match_key(singular)
            for form, number in _inflect(singular, plurals, set(flag_col.split(","))).items():
                # On a clash the first reading listed wins, except that people beat things.
                if form not in nouns or (people and not nouns[form].people):
                    nouns[form] = _Noun(lemma, people, number, civ)

    labels = frozenset(match_key(w) for _, (w,) in _rows("labels.tsv", 1, 1))

    def longest_first(d: dict[str, list]) -> dict[str, tuple]:
        return {k: tuple(sorted(v, key=lambda e: -len(e.words if isinstance(e, _Vague) else e[0])))
                for k, v in d.items()}

    heads = frozenset(vague) | {p[0] for v in pre.values() for p, _ in v} | set(post)
    stems = (frozenset(words) | nouns.keys() | labels | heads | {w for v in vague.values() for e in v for w in e.words}
             | {w for d in (pre, post) for v in d.values() for p, _ in v for w in p})
    return _Lexicon(words, longest_first(vague), longest_first(pre), longest_first(post), nouns, labels, heads,
                    stems)


# ------------------------------------------------------------------------------------------ scanning

# Letters (Arabic incl. Persian/Urdu, Latin), figures with their separators, and any other single
# non-space character. Explicit ranges: a Unicode class like [^\W\d_] makes this pass 2-3× slower.
# «20/7/2015» and «10:30» come out as one token that is skipped (dates and times are not counts).
_TOKEN_RE = re.compile(
    r"[\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06ffA-Za-z\u00c0-\u00d6\u00d8-\u00f6"
    r"\u00f8-\u024f]+|[0-9]+(?:[.,/:][0-9]+)*|\S"
)
_CONJ = "وف"
_NOT_NUMBERS = frozenset(("لست", "ولست", "فلست"))  # «لستَ» is "you are not", not ل + ست
_DEMONSTRATIVES = frozenset(("هؤلاء", "هذه", "هذا", "تلك", "اولئك", "ذلك"))
_PREP = "بلك"
_PRON = ("هما", "هم", "هن", "ها", "ه")


@dataclass(frozen=True, slots=True)
class _Tok:
    s: int  # normalised offsets
    e: int
    key: str
    kind: str  # num word punct skip


@dataclass(frozen=True, slots=True)
class _Cand:
    plen: int  # characters of clitics before the stem (excluded from spans, except ال)
    conj: bool
    prep: bool
    al: bool
    stem: str


def _candidates(w: str) -> tuple[_Cand, ...]:
    """Readings of ``w`` with clitics peeled off: «وبالمدنيين» → (و ب ال) + مدنيين. Least stripped first."""
    out = [_Cand(0, False, False, False, w)]
    heads = [(0, False, False)]
    if len(w) > 2 and w[0] in _CONJ:
        heads.append((1, True, False))
        if len(w) > 3 and w[1] in _PREP:
            heads.append((2, True, True))
    if len(w) > 2 and w[0] in _PREP:
        heads.append((1, False, True))
    for n, conj, prep in heads:
        rest = w[n:]
        if n:
            out.append(_Cand(n, conj, prep, False, rest))
        if rest.startswith("ال") and len(rest) > 3:
            out.append(_Cand(n, conj, prep, True, rest[2:]))
        elif rest.startswith("لل") and len(rest) > 3 and not prep:
            # «للمدنيين» = ل + المدنيين with the alef of ال dropped.
            out.append(_Cand(n, conj, True, True, rest[2:]))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Info:
    cands: tuple[_Cand, ...]
    num: tuple[_Cand, _NumWord] | None
    noun: tuple[_Cand, _Noun, str] | None  # (reading, noun, pronoun suffix)
    label: bool
    starts: bool  # may start a number mention (number word, vague phrase head, dual noun)


_INFO_CACHE: dict[str, _Info] = {}
_NOTHING = _Info((), None, None, False, False)


_ENDINGS: dict[int, tuple[object, frozenset[str], frozenset[str]]] = {}


def _endings(stems: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(last three letters of every stem of 3+ letters, every 2-letter stem): a tail ``x[k:]`` of 2+ letters can
    be a stem only if ``x[-3:]`` is in the first set or ``x[-2:]`` in the second. Cached per stems object."""
    got = _ENDINGS.get(id(stems))
    if got is None or got[0] is not stems:
        if len(_ENDINGS) > 8:
            _ENDINGS.clear()
        got = _ENDINGS[id(stems)] = (stems, frozenset(t[-3:] for t in stems if len(t) >= 3),
                                     frozenset(t for t in stems if len(t) == 2))
    return got[1], got[2]


def _may_know(w: str, stems: frozenset[str]) -> bool:
    """Cheap filter before :func:`_candidates`: could any clitic-stripped reading of ``w`` be in a table?"""
    ends3, stems2 = _endings(stems)
    if w[-3:] in ends3 or w[-2:] in stems2:  # else no tail of w is a stem (most words: one set lookup or two)
        for k in range(min(5, len(w) - 1)):
            if w[k:] in stems:
                return True
    if w.endswith(_PRON):
        for suf in _PRON:
            if w.endswith(suf):
                base = w[: -len(suf)]
                if (base[-3:] in ends3 or base[-2:] in stems2) and any(
                        base[k:] in stems for k in range(min(5, len(base) - 1))):
                    return True
    return False


_STARTS_CACHE: dict[str, bool] = {}


def _filtered_indices(keys: list[str], cache: dict[str, bool], decide) -> list[int]:
    """Indices of ``keys`` for which ``decide(key)`` holds, deciding each new word once (then C-level)."""
    new = set(keys).difference(cache)
    if new:
        if len(cache) > 200_000:
            cache.clear()
            new = set(keys)
        for k in new:
            cache[k] = decide(k)
    return list(compress(range(len(keys)), map(cache.__getitem__, keys)))


def _starts(keys: list[str]) -> list[int]:
    """Indices of tokens that may start a number mention (C-level filtering: most tokens never do)."""
    return _filtered_indices(keys, _STARTS_CACHE, _may_start)


def _may_start(k: str) -> bool:
    c = k[0]
    if "0" <= c <= "9":
        return ":" not in k and "/" not in k
    if not c.isalpha():
        return False
    ends3, stems2 = _endings(_lexicon().stems)
    if k[-3:] in ends3 or k[-2:] in stems2:
        return _info(k).starts
    # _may_know(k), inlined for the many new words it rejects: False unless a pronoun's base may be
    if k.endswith(_PRON):
        for suf in _PRON:
            if k.endswith(suf):
                base = k[: -len(suf)]
                if base[-3:] in ends3 or base[-2:] in stems2:
                    return _info(k).starts
    return False


def _info(w: str) -> _Info:
    got = _INFO_CACHE.get(w)
    if got is not None:
        return got
    lex = _lexicon()
    if not _may_know(w, lex.stems):
        if len(_INFO_CACHE) > 200_000:
            _INFO_CACHE.clear()
        _INFO_CACHE[w] = _NOTHING
        return _NOTHING
    cands = _candidates(w)
    num = None
    for c in cands if w not in _NOT_NUMBERS else ():
        nw = lex.words.get(c.stem)
        # ال only on 3–10 («الثلاثة»): «الاثنين» is Monday, «الاحد» Sunday.
        if nw is not None and (not c.al or (nw.kind in ("unit", "ten") and nw.value >= 3)):
            num = (c, nw)
            break
    noun = None
    for c in cands:
        n = lex.nouns.get(c.stem)
        if n is not None:
            noun = (c, n, "")
            break
    if noun is None:
        for c in cands:
            for suf in _PRON:  # «عناصره»، «مرافقيهم»
                if c.stem.endswith(suf) and len(c.stem) - len(suf) >= 3:
                    n = lex.nouns.get(c.stem[: -len(suf)])
                    if n is not None and n.people and n.number == "pl":
                        noun = (c, n, suf)
                        break
            if noun:
                break
    label = any(c.stem in lex.labels for c in cands)
    starts = (num is not None or (noun is not None and noun[1].number == "du")
              or any(not c.al and c.stem in lex.vague for c in cands))
    got = _Info(cands, num, noun, label, starts)
    if len(_INFO_CACHE) > 200_000:  # bounded: a long-running worker sees an open vocabulary
        _INFO_CACHE.clear()
    _INFO_CACHE[w] = got
    return got


def _kind(key: str) -> str:
    c = key[0]
    if "0" <= c <= "9":
        return "skip" if ("/" in key or ":" in key) else "num"
    return "word" if c.isalpha() else "punct"


class _Toks:
    """Tokens built on demand: most of an article is never looked at closely, so only keys are eager (the match
    objects, for offsets, are made the first time a token is looked at)."""

    __slots__ = ("_cache", "_ms", "_norm", "keys")

    def __init__(self, norm: str, keys: list[str]):
        self._norm = norm
        self._ms: list[re.Match] | None = None
        self.keys = keys
        self._cache: dict[int, _Tok] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: int) -> _Tok:
        t = self._cache.get(i)
        if t is None:
            if i < 0:
                raise IndexError(i)
            ms = self._ms
            if ms is None:
                ms = self._ms = list(_TOKEN_RE.finditer(self._norm))
            m = ms[i]
            key = self.keys[i]
            t = self._cache[i] = _Tok(m.start(), m.end(), key, _kind(key))
        return t


class _Scan:
    """One region of text, normalised once and tokenised; shared by numbers and casualties.

    Only the normalised string and the token keys are made up front: most regions hold no figure and no
    casualty cue, and the alignment back to the original is built when the first span is mapped."""

    __slots__ = ("_align", "base", "end", "norm", "text", "toks")

    def __init__(self, text: str, base: int, end: int, norm: str, toks: _Toks):
        self.text = text  # the whole original text
        self.base = base  # offset of the region in ``text``
        self.end = end
        self.norm = norm  # normalised + folded region
        self.toks = toks
        self._align: Alignment | None = None

    @property
    def align(self) -> Alignment:
        a = self._align
        if a is None:
            text, base, end = self.text, self.base, self.end
            a = self._align = normalize(text[base:end] if (base, end) != (0, len(text)) else text).alignment
        return a

    def orig(self, ns: int, ne: int) -> tuple[int, int]:
        s, e = self.align.to_original(ns, ne)
        return s + self.base, e + self.base

    def info(self, i: int) -> _Info | None:
        key = self.toks.keys[i]
        return _info(key) if key[0].isalpha() else None

    def key(self, i: int) -> str | None:
        return self.toks.keys[i] if 0 <= i < len(self.toks.keys) else None


# The last region scanned, with its figures: find_numbers then find_casualties on the same sentence (the
# usual order in the pipeline) normalises and parses it once. Identity, not equality: a cheap check.
_LAST: tuple[str, int, int, _Scan, list] | None = None


def _scan(text: str, start: int, end: int | None) -> _Scan:
    global _LAST
    start, end, _ = slice(start, end).indices(len(text))
    last = _LAST
    if last is not None and last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    region = text[start:end] if (start, end) != (0, len(text)) else text
    # = fold(normalize(region).text); str.replace is much faster than fold's translate here
    norm = normalize_text(region).replace("ى", "ي").replace("ة", "ه")
    sc = _Scan(text, start, end, norm, _Toks(norm, _TOKEN_RE.findall(norm)))
    _LAST = (text, start, end, sc, [])
    return sc


@dataclass(slots=True)
class _Num:
    """A number with the token indices casualties needs."""

    t0: int  # first token of the span
    t1: int  # token after the span
    ns: int  # normalised span
    ne: int
    value: float | int | None
    low: int | None
    high: int | None
    approx: str | None
    vague: bool
    noun_t: int | None  # token of the counted noun
    noun: _Noun | None
    after: int  # token after the counted noun / post approximator
    counts_people: bool | None
    noun_key: str | None = None
    mention: NumberMention | None = None


@dataclass(slots=True)
class _Atom:
    kind: str  # digit or a _NumWord kind
    value: float
    cand: _Cand | None
    mult: int = 0


def _digits(s: str, before_mult: bool) -> float | None:
    """«3,500» → 3500, «2.5» → 2.5, «1.500» → 1500 (but «1.500 مليون» → 1.5 million)."""
    if "," in s and "." in s:  # «1,234.5» / «1.234,5»: the last separator is the decimal one
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        whole, _, frac = s.rpartition(dec)
        parts = whole.split("," if dec == "." else ".")
        if len(parts[0]) > 3 or any(len(p) != 3 or not p.isdigit() for p in parts[1:]) or not frac.isdigit():
            return None
        return float("".join(parts) + "." + frac)
    for sep in ",.":
        if sep in s:
            parts = s.split(sep)
            grouped = len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
            if grouped and (len(parts) > 2 or sep == "," or not before_mult):
                return float("".join(parts))
            if len(parts) == 2:
                return float(parts[0] + "." + parts[1])
            return None
    return float(s)


def _as_int(v: float | int | None) -> int | None:
    return None if v is None else round(v)


class _Parser:
    def __init__(self, sc: _Scan):
        self.sc = sc
        self.lex = _lexicon()
        self.toks = sc.toks
        self.n = len(sc.toks)

    # -- atoms -----------------------------------------------------------------------------------

    def atom(self, i: int) -> _Atom | None:
        if i >= self.n:
            return None
        t = self.toks[i]
        if t.kind == "num":
            nxt = self.sc.info(i + 1) if i + 1 < self.n else None
            before_mult = bool(nxt and nxt.num and nxt.num[1].kind.startswith("mult") and not nxt.num[0].plen)
            v = _digits(t.key, before_mult)
            return None if v is None else _Atom("digit", v, None)
        if t.kind != "word":
            return None
        inf = _info(t.key)
        if inf.num is None:
            return None
        c, nw = inf.num
        return _Atom(nw.kind, nw.value, c, nw.value if nw.kind.startswith("mult") else 0)

    def is_and(self, i: int) -> bool:
        return i < self.n and self.toks[i].key == "و"

    # -- the core figure ---------------------------------------------------------------------------

    def core(self, i: int) -> tuple[float, int] | None:
        """Parse digits / number words starting at token i → (value, token after)."""
        first = self.atom(i)
        if first is None:
            return None
        total = 0.0
        group = 0.0
        last_unit = 0
        j = i + 1
        k = first.kind
        if k == "teen_head":
            nxt = self.atom(j)
            if nxt and nxt.kind == "ten" and not nxt.cand.plen:
                group, last, j = first.value + 10, "teen", j + 1
            elif nxt and nxt.kind == "tens" and nxt.cand.conj:  # «إحدى وعشرين»
                group, last, last_unit = first.value, "unit", int(first.value)
            else:
                return None
        elif k == "mult_pl":
            return None  # alone it is a vague quantity
        elif k == "mult":
            total, last = first.mult, "mult"
        elif k == "mult_du":
            total, last = 2 * first.mult, "mult_du"
        else:
            group, last = first.value, k
            last_unit = int(first.value) if k == "unit" else 0
        last_mult = first.mult or 10**12
        end = j
        while j < self.n:
            conj = False
            at = j
            if self.is_and(j):
                conj, at = True, j + 1
            a = self.atom(at)
            if a is None:
                break
            if a.cand is not None:
                if a.cand.prep or a.cand.al:
                    break
                if a.cand.conj:
                    if conj:
                        break
                    conj = True
            if not conj:
                if a.kind == "ten" and last == "unit" and 1 <= last_unit <= 9:
                    group += 10
                    last = "teen"
                elif a.kind == "hundred" and a.value == 100 and last == "unit" and last_unit >= 3:
                    group += last_unit * 99  # «ثلاث مئة»: the 3 was already added once
                    last = "hundred"
                elif a.kind in ("mult", "mult_pl") and last not in ("mult", "mult_du") and group > 0:
                    if a.mult >= last_mult:
                        break
                    total += group * a.mult
                    group, last, last_mult = 0.0, "mult", a.mult
                else:
                    break
            else:
                ok = False
                if last in ("mult", "mult_du"):
                    if a.kind in ("unit", "ten", "tens", "hundred", "digit") and a.value < last_mult:
                        group, last, ok = a.value, a.kind, True
                        last_unit = int(a.value) if a.kind == "unit" else 0
                    elif a.kind == "mult" and a.mult < last_mult:
                        total += a.mult
                        last, last_mult, ok = "mult", a.mult, True
                elif last == "hundred" and a.kind in ("unit", "ten", "tens"):
                    group += a.value
                    last, ok = a.kind, True
                    last_unit = int(a.value) if a.kind == "unit" else 0
                elif last == "unit" and a.kind == "tens" and group % 100 < 10:
                    group += a.value
                    last, ok = "tens", True
                if not ok:
                    break
            j = at + 1
            end = j
        value = total + group
        if value <= 0:
            return None
        return value, end

    # -- whole mentions --------------------------------------------------------------------------

    def pre_approx(self, i: int) -> tuple[int, str] | None:
        """An approximator ending right before token i → (its first token, kind)."""
        if i == 0 or self.toks[i - 1].kind != "word":
            return None
        for cand in _info(self.toks[i - 1].key).cands:
            if cand.al:
                continue
            for phrase, kind in self.lex.pre.get(cand.stem, ()):
                m = len(phrase)
                first = i - m
                if m == 1:
                    return first, kind  # a clitic is fine on a one-word phrase («بنحو»)
                if first < 0 or cand.plen or self.toks[first].kind != "word":
                    continue
                if all(self.toks[first + k].key == phrase[k] for k in range(1, m - 1)) and any(
                    c.stem == phrase[0] and not c.al for c in _info(self.toks[first].key).cands
                ):
                    return first, kind
        return None

    def post_approx(self, i: int) -> tuple[int, str] | None:
        """An approximator starting at token i → (token after it, kind)."""
        key = self.sc.key(i)
        if key is None:
            return None
        for phrase, kind in self.lex.post.get(key, ()):
            if all(self.sc.key(i + k) == phrase[k] for k in range(1, len(phrase))):
                return i + len(phrase), kind
        return None

    def skip_quotes(self, i: int) -> int:
        while i < self.n and self.toks[i].key in ('"', "'"):
            i += 1
        return i

    def counted_noun(self, i: int) -> tuple[int, _Noun] | None:
        """The noun a figure counts: right after it («70 عنصرا»، «70 «إرهابيا»») or after «من» («3 من عناصره»)."""
        j = self.skip_quotes(i)
        if j < self.n and self.toks[j].key in _DEMONSTRATIVES:
            j += 1  # «بعض هؤلاء المحتجزين»
        inf = self.sc.info(j) if j < self.n else None
        if inf is None:
            return None
        if inf.noun and not inf.noun[0].conj and not inf.noun[0].prep:
            return j, inf.noun[1]
        if self.toks[j].key == "من":
            k = self.skip_quotes(j + 1)
            inf = self.sc.info(k) if k < self.n else None
            if inf and inf.noun and inf.noun[1].number == "pl" and not inf.noun[0].conj and not inf.noun[0].prep:
                return k, inf.noun[1]
        return None

    def percent(self, i: int) -> int | None:
        """«%»، «في المئة»، «بالمائة» at token i → token after."""
        key = self.sc.key(i)
        if key == "%":
            return i + 1
        if key in ("بالمئه", "بالمائه"):
            return i + 1
        if key == "في" and self.sc.key(i + 1) in ("المئه", "المائه"):
            return i + 2
        return None

    def finish(self, t0: int, a: int, b: int, value, *, low=..., high=..., approx=None, vague=False,
               noun_hint: str | None = None, person_only: bool = False, allow_range: bool = True) -> _Num | None:
        """Attach approximators, range, percent and counted noun to the figure at tokens [a, b)."""
        sc = self.sc
        toks = self.toks
        start_tok = t0
        if approx is None and not vague:
            pa = self.pre_approx(a)
            if pa is not None:
                start_tok, approx = pa
        if approx == "range":
            approx = None
            second = None
            if allow_range:
                if self.is_and(b):
                    second = self.core(b + 1)
                else:
                    a2 = self.atom(b)
                    if a2 is not None and a2.cand is not None and a2.cand.conj:  # «بين خمسة وسبعة»
                        second = self.core(b)
            if second is None:
                start_tok = t0  # a lone «بين» is not an approximator
            else:
                low, high = _as_int(value), _as_int(second[0])
                b = second[1]
        elif not vague and b < self.n:
            # «5 أو 6»، «5-7»
            if toks[b].key in ("او",) or (toks[b].key == "-" and toks[a].kind == "num"):
                a2 = self.atom(b + 1)
                if a2 is not None and (a2.cand is None or not a2.cand.plen):
                    c2 = self.core(b + 1)
                    if c2 is not None and c2[0] > value:
                        low, high = _as_int(value), _as_int(c2[0])
                        b = c2[1]
        after = b
        pct = self.percent(b)
        noun_t = None
        noun = None
        counts: bool | None = None
        noun_key = None
        if pct is not None:
            b = after = pct
            counts, noun_key = False, "%"
        else:
            pa = self.post_approx(b) if approx is None else None
            if pa is not None:
                b = after = pa[0]
                approx = pa[1]
            cn = self.counted_noun(after)
            if cn is not None:
                noun_t, noun = cn
                after = noun_t + 1
                noun_key, counts = noun.lemma, noun.people
                if approx is None:
                    pa = self.post_approx(after)
                    if pa is not None:
                        after, approx = pa
            elif noun_hint is not None:
                noun = self.lex.nouns.get(noun_hint)
                if noun is not None:
                    noun_key, counts = noun.lemma, noun.people
        if person_only and not counts:
            return None
        if noun is None and noun_hint is None and pct is None:
            counts = self.context_counts(start_tok, a, b, value)
            if counts is None and start_tok > 0 and toks[a].kind == "word" and b == a + 1:
                # A number word after its noun: «الأطفال الثلاثة»، «جندي واحد»، «طفلة واحدة».
                first = self.atom(a)
                prev = sc.info(start_tok - 1)
                if first and first.cand and prev and prev.noun and not prev.noun[0].conj and (
                    (first.cand.al and prev.noun[0].al and prev.noun[1].number == "pl")
                    or (not first.cand.al and first.value == 1 and prev.noun[1].number == "sg")
                ):
                    noun = prev.noun[1]
                    noun_key, counts = noun.lemma, noun.people
            if counts is False and noun_key is None:
                prev = sc.info(start_tok - 1) if start_tok > 0 else None
                if prev is not None and prev.label:
                    noun_key = next(c.stem for c in prev.cands if c.stem in self.lex.labels)
        if low is ...:
            low = _as_int(value) if approx in (None, "over", "at_least") else None
        if high is ...:
            high = _as_int(value) if approx in (None, "under") else None
        ns = toks[start_tok].s + self.clitics(start_tok)
        ne = toks[b - 1].e
        return _Num(start_tok, b, ns, ne, value, low, high, approx, vague, noun_t, noun, max(after, b), counts,
                    noun_key)

    def clitics(self, i: int) -> int:
        """Length of the و/ف/ب/ل clitics at the front of token i (kept out of spans; ال stays in)."""
        t = self.toks[i]
        if t.kind != "word":
            return 0
        inf = _info(t.key)
        if inf.num is not None:
            return inf.num[0].plen
        for c in inf.cands:
            if not c.al and c.stem in self.lex.heads:
                return c.plen
        return inf.noun[0].plen if inf.noun is not None else 0

    def context_counts(self, t0: int, a: int, b: int, value) -> bool | None:
        """No counted noun: is it a label («الفرقة 17»، «إف-16»), a year («2015») or a clock time?"""
        toks = self.toks
        if t0 > 0:
            prev = toks[t0 - 1]
            if prev.kind == "word" and _info(prev.key).label:
                return False
            if prev.key in ("-", "/") or (prev.e == toks[t0].s and prev.key.isascii() and prev.key.isalpha()):
                return False  # «إف-16»، «F16»
        t = toks[a]
        if t.kind == "num" and len(t.key) == 4 and t.key.isdigit() and value == int(t.key) and 1900 <= value <= 2100:
            return False  # a year («2015», «2014-2015»)
        return None

    def vague_at(self, i: int) -> _Num | None:
        t = self.toks[i]
        if t.kind != "word":
            return None
        for c in _info(t.key).cands:
            if c.al:
                continue
            for v in self.lex.vague.get(c.stem, ()):
                m = len(v.words)
                if i + m > self.n or not all(self.toks[i + k].key == v.words[k] for k in range(1, m)):
                    continue
                value = v.value
                num = self.finish(i, i, i + m, value, low=v.low, high=v.high, vague=not v.exact,
                                  noun_hint=v.noun, person_only=v.person_only, allow_range=False)
                if num is not None:
                    return num
        return None

    def dual_at(self, i: int) -> _Num | None:
        inf = self.sc.info(i)
        if inf is None or inf.noun is None or inf.noun[1].number != "du" or inf.noun[2]:
            return None
        c, noun, _ = inf.noun
        end = i + 1
        a = self.atom(end)
        if a is not None and a.kind == "unit" and a.value == 2 and not a.cand.plen:
            end += 1  # «طفلين اثنين»
        return _Num(i, end, self.toks[i].s + c.plen, self.toks[end - 1].e, 2, 2, 2, None, False, i, noun, end,
                    noun.people, noun.lemma)

    def number_at(self, i: int) -> _Num | None:
        t = self.toks[i]
        if t.kind == "num" or (t.kind == "word" and _info(t.key).num is not None):
            got = self.core(i)
            if got is not None:
                value, b = got
                return self.finish(i, i, b, value)
        if t.kind == "word":
            return self.vague_at(i) or self.dual_at(i)
        return None

    def run(self) -> list[_Num]:
        out: list[_Num] = []
        nouns_used: set[int] = set()
        end = 0
        for i in _starts(self.toks.keys):
            if i < end or i in nouns_used:
                continue
            num = self.number_at(i)
            if num is None or (out and num.t0 < out[-1].t1):
                continue  # (an approximator reaching back over the previous figure)
            out.append(num)
            if num.noun_t is not None:
                nouns_used.add(num.noun_t)
            end = num.t1
        return out


def _mention(sc: _Scan, num: _Num) -> NumberMention:
    s, e = sc.orig(num.ns, num.ne)
    return NumberMention(s, e, sc.text[s:e], _as_int(num.value), num.low, num.high, num.approx, num.vague,
                         num.noun_key, num.counts_people)


def _numbers(sc: _Scan) -> list[_Num]:
    if not sc.toks:
        return []
    last = _LAST
    if last is not None and last[3] is sc and last[4]:
        return last[4][0]
    out: list[_Num] = []
    end = -1
    for num in _Parser(sc).run():
        num.mention = m = _mention(sc, num)
        if m.start >= end:  # an NFKC expansion («¼» → «1⁄4») can map two figures onto one character
            out.append(num)
            end = m.end
    if last is not None and last[3] is sc:
        last[4].append(out)
    return out


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMention]:
    """Every number expression in ``text[start:end]``, sorted, non-overlapping, offsets into ``text``.

    >>> [(m.text, m.value, m.vague, m.noun) for m in find_numbers("عشرات القتلى وجنديان")]
    [('عشرات', 10, True, 'قتيل'), ('جنديان', 2, False, 'جندي')]
    """
    return [n.mention for n in _numbers(_scan(text, start, end))]


def parse_number_words(s: str) -> int | None:
    """The value of a whole number expression, or None when ``s`` is not one.

    >>> parse_number_words("مائتين"), parse_number_words("أحد عشر"), parse_number_words("3٬500")
    (200, 11, 3500)
    """
    sc = _scan(s, 0, None)
    if not sc.toks:
        return None
    got = _Parser(sc).core(0)
    if got is None or got[1] != len(sc.toks):
        return None
    return _as_int(got[0])
