"""Event triggers: the bundled lexicon (``data/triggers/*.tsv``), its inflection generator, one loader.

Each data row is one lemma or phrase::

    lemma  pos  forms  event_type  sub_event_type  method  family  voice  strength  notes

* ``pos`` — ``verb`` (the perfect 3ms, «قتل», «اعتقل», «فجّر»; inflections are generated), ``noun``
  (masdars and nouns; the article, duals, the accusative alif and possessive suffixes are generated)
  or ``phrase`` (literal surface forms, nothing generated). A multi-word ``verb`` row («فتح النار»)
  inflects its first word and keeps the rest.
* ``forms`` — ``|``-separated extra surface forms (broken plurals, irregular or passive verb forms).
  A verb form written with a damma («قُتل», «اُقتيد») is a passive reading; any other listed verb form
  has the row's voice. Two kinds of directive may sit among the forms: ``!FORM`` drops a generated
  form that collides with a common non-trigger word, and the same form with a pronoun suffix
  («!تدمر», the city, from «دمّر»; «!توقف» also drops «توقفه»), and ``!intr`` marks an intransitive
  verb (no passive readings, no object pronouns: «اشتبك», «تظاهر»).
* ``event_type`` / ``sub_event_type`` — ACLED labels, or ``*`` when the trigger alone does not decide
  (``None`` in :class:`Trigger`).
* ``voice`` — for verbs, ``active`` when the grammatical subject is the agent, ``passive`` when it is
  the one suffering («استشهد», «لقي حتفه»); ``-`` for nouns.
* ``strength`` — 1.0 for an unambiguous trigger, lower (0.3-0.7) for one that needs corroboration.

Voice of undiacritised forms. «قتل» is both قَتَلَ (active) and قُتِلَ (passive); «يعتقل» both يَعتقل and
يُعتقل. Wherever the passive shares the active's skeleton the loader returns **both** readings, one
:class:`Trigger` with ``voice='active'`` and one with ``voice='passive'``, under the same key: the event
stage decides (an armed actor right after the verb → active). Forms with a pronoun object («قتلهم»)
are active only; passives with their own skeleton («هوجم», «اغتيل», «أصيبت») are passive only.

>>> idx = trigger_index()
>>> sorted({(t.family, t.voice) for t in idx["قتلوا"]})
[('kill', 'active'), ('kill', 'passive')]
>>> {t.family for t in idx["سياره مفخخه"]}
{'explosion'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marsad.errors import DataError
from marsad.text.normalize import match_key

__all__ = [
    "EVENT_TYPES",
    "FAMILIES",
    "STOP_WORDS",
    "Trigger",
    "TriggerRow",
    "conjugate",
    "is_imperfect",
    "load_triggers",
    "read_rows",
    "trigger_index",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "triggers"
COLUMNS = ("lemma", "pos", "forms", "event_type", "sub_event_type", "method", "family", "voice", "strength",
           "notes")

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
_SUB_TO_TYPE = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

FAMILIES = frozenset({
    "kill", "attack", "clash", "air", "shell", "explosion", "suicide", "execution", "arrest", "abduction", "protest",
    "riot", "territory_gain", "territory_loss", "seizure", "agreement", "siege", "looting", "destruction",
    "chemical", "sexual", "other",
})
POS = ("verb", "noun", "phrase")

# Generated forms never take these keys: function words and frequent verbs a paradigm can run into.
STOP_WORDS = frozenset(match_key(w) for w in (
    "قبل", "بعد", "على", "إلى", "عن", "من", "في", "مع", "ما", "لا", "لم", "لن", "أن", "إن", "أو", "ثم", "قد", "كان",
    "كانت", "كانوا", "يكون", "تكون", "قال", "قالت", "قالوا", "يقول", "تقول", "هو", "هي", "هم", "هن", "نحن", "هذا",
    "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "بين", "حتى", "عند", "منذ", "خلال", "كما", "حيث", "كل", "غير",
    "أي", "أنه", "أنها", "له", "لها", "لهم", "به", "بها", "منه", "منها", "فيه", "فيها", "عليه", "عليها", "أكثر",
    "أول", "إذا", "أما", "إلا", "عام", "سنة", "يوم", "اليوم", "أمس", "وقت", "نحو", "آخر", "أخرى", "تم", "يتم",
    "أكد", "أضاف", "أعلن", "أشار", "أوضح", "ذكر", "أجل", "دون", "ضد", "عبر", "لدى", "مثل", "أمام", "حول", "وفق",
    "نفس", "بعض", "جميع", "عقب", "إثر", "جراء", "نتيجة", "توقف", "تغير", "يغير", "تدخل", "تدمر", "ياسر", "أسرة",
    "نفر", "فرن", "صدد", "صادر", "تسلم",
))

_STRIP_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # tanwin, harakat, shadda, sukun, dagger alef, tatweel
_DAMMA = "\u064f"
_ALEFS = "اأإآ"
_HAMZA_ALEFS = "أإآ"
_OBJECTS = ("ه", "ها", "هم", "هما", "هن")
_POSSESSIVES = ("ه", "ها", "هم", "هما")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One surface form of a trigger, with the reading it stands for."""

    lemma: str
    pos: str  # verb | noun | phrase
    event_type: str | None  # None where the data says '*'
    sub_event_type: str | None
    method: str | None
    family: str
    voice: str  # voice of THIS surface form: 'active' | 'passive' | '-'
    strength: float
    form: str  # the surface form (as listed or generated)


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One parsed data row (before expansion)."""

    source: str
    line: int
    lemma: str
    pos: str
    forms: tuple[str, ...]
    suppress: frozenset[str]  # match keys of generated forms to drop
    intransitive: bool
    event_type: str | None
    sub_event_type: str | None
    method: str | None
    family: str
    voice: str
    strength: float
    notes: str


# ------------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------------
def _bare(s: str) -> str:
    return _STRIP_MARKS.sub("", s).strip()


def _is_arabic_form(s: str) -> bool:
    return any("\u0621" <= c <= "\u064a" for c in s)


def read_rows(path: Path | None = None) -> list[TriggerRow]:
    """Parsed rows of one TSV file, or of every ``*.tsv`` in a folder (the bundled one by default)."""
    path = DATA_DIR if path is None else Path(path)
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path]
    if not files:
        raise DataError(f"{path}: no trigger files (*.tsv)")
    rows: list[TriggerRow] = []
    seen: dict[tuple[str, str, str, str | None], str] = {}
    for f in files:
        for row in _read_file(f):
            ident = (match_key(row.lemma), row.pos, row.family, row.sub_event_type)
            if ident in seen:
                raise DataError(f"{row.source} line {row.line}: duplicate of {seen[ident]} "
                                f"({row.lemma} {row.pos} {row.family})")
            seen[ident] = f"{row.source} line {row.line}"
            rows.append(row)
    return rows


def _read_file(path: Path) -> Iterator[TriggerRow]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read trigger file ({e})") from e
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if not header_seen:
            if tuple(p.strip() for p in parts) != COLUMNS:
                raise DataError(f"{path} line {lineno}: expected the header row {'<TAB>'.join(COLUMNS)}")
            header_seen = True
            continue
        if len(parts) == len(COLUMNS) - 1:
            parts.append("")  # notes may be left off
        if len(parts) != len(COLUMNS):
            raise DataError(f"{path} line {lineno}: expected {len(COLUMNS)} tab-separated columns, got {len(parts)}")
        yield _parse_row(path, lineno, [p.strip() for p in parts])
    if not header_seen:
        raise DataError(f"{path}: no header row")


def _parse_row(path: Path, lineno: int, parts: list[str]) -> TriggerRow:
    lemma, pos, forms_s, et, sub, method, family, voice, strength_s, notes = parts

    def bad(msg: str) -> DataError:
        return DataError(f"{path} line {lineno}: {msg}")

    if not lemma or not _is_arabic_form(lemma):
        raise bad(f"lemma {lemma!r} is not an Arabic word or phrase")
    if pos not in POS:
        raise bad(f"pos {pos!r} is not one of {', '.join(POS)}")
    if family not in FAMILIES:
        raise bad(f"unknown family {family!r}")
    event_type = None if et == "*" else et
    sub_event_type = None if sub == "*" else sub
    if not et or not sub:
        raise bad("event_type and sub_event_type must be a label or '*'")
    if event_type is not None and event_type not in EVENT_TYPES:
        raise bad(f"unknown event_type {et!r}")
    if sub_event_type is not None:
        if sub_event_type not in _SUB_TO_TYPE:
            raise bad(f"unknown sub_event_type {sub!r}")
        if event_type is None:
            raise bad(f"sub_event_type {sub!r} given with event_type '*'")
        if _SUB_TO_TYPE[sub_event_type] != event_type:
            raise bad(f"sub_event_type {sub!r} does not belong to {et!r}")
    if pos == "verb" and voice not in ("active", "passive"):
        raise bad(f"a verb's voice must be active or passive, not {voice!r}")
    if pos == "noun" and voice != "-":
        raise bad(f"a noun's voice must be '-', not {voice!r}")
    if pos == "phrase" and voice not in ("active", "passive", "-"):
        raise bad(f"a phrase's voice must be active, passive or '-', not {voice!r}")
    try:
        strength = float(strength_s)
    except ValueError:
        raise bad(f"strength {strength_s!r} is not a number") from None
    if not 0.0 < strength <= 1.0:
        raise bad(f"strength {strength} is outside (0, 1]")
    forms: list[str] = []
    suppress: set[str] = set()
    intransitive = False
    if forms_s:
        for item in forms_s.split("|"):
            item = item.strip()
            if not item:
                raise bad("empty entry in forms")
            if item == "!intr":
                if pos != "verb":
                    raise bad("'!intr' is only for verbs")
                intransitive = True
            elif item.startswith("!"):
                if pos != "verb" and pos != "noun":
                    raise bad(f"{item!r}: a phrase generates nothing to drop")
                if not _is_arabic_form(item[1:]):
                    raise bad(f"{item!r} is not an Arabic form")
                suppress.add(match_key(item[1:]))
            elif not _is_arabic_form(item):
                raise bad(f"form {item!r} is not an Arabic word or phrase")
            elif match_key(item) in STOP_WORDS:
                raise bad(f"form {item!r} is a common non-trigger word")
            else:
                forms.append(item)
    if match_key(lemma) in STOP_WORDS:
        raise bad(f"lemma {lemma!r} is a common non-trigger word")
    return TriggerRow(str(path), lineno, lemma, pos, tuple(forms), frozenset(suppress), intransitive, event_type,
                      sub_event_type, method or None, family, voice, strength, notes)


# ------------------------------------------------------------------------------------------------------
# The inflection generator
# ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Paradigm:
    """Generated forms of a verb: ``shared`` read active or passive (same skeleton); ``active`` and
    ``passive`` have only that reading; ``objects`` carry a pronoun object (active)."""

    shared: tuple[str, ...]
    active: tuple[str, ...]
    passive: tuple[str, ...]
    objects: tuple[str, ...]
    imperfect: frozenset[str]  # the imperfect forms among all of the above


def _n(stem: str, suffix: str) -> str:
    """A suffix starting with ن after a stem ending with ن: one written ن with a shadda («أعلنّا»)."""
    return stem + suffix[1:] if stem.endswith("ن") else stem + suffix


def _perfect(base: str, short: str | None = None) -> list[str]:
    """3ms 3fs 3mp 3fp 3md 3fd 1p of a sound perfect; ``short`` is the stem before consonant suffixes."""
    s = base if short is None else short
    return [base, base + "ت", base + "وا", _n(s, "ن"), base + "ا", base + "تا", _n(s, "نا")]


def _imperfect(stem: str, defective: bool = False) -> list[str]:
    """يفعل تفعل نفعل and the plural, dual, subjunctive and feminine endings."""
    if defective:  # يرمي / يرمون / يرميان / ترمين (ى and ي share a key)
        return ["ي" + stem + "ي", "ت" + stem + "ي", "ن" + stem + "ي", "ي" + stem + "ون", "ت" + stem + "ون",
                "ي" + stem + "وا", "ت" + stem + "وا", "ي" + stem + "يان", "ت" + stem + "يان", "ت" + stem + "ين",
                "ي" + stem + "ين"]
    return ["ي" + stem, "ت" + stem, "ن" + stem, "ي" + stem + "ون", "ت" + stem + "ون", "ي" + stem + "وا",
            "ت" + stem + "وا", "ي" + stem + "ان", "ت" + stem + "ان", "ت" + stem + "ين", "ي" + _n(stem, "ن")]


def _with_objects(bases: Iterable[str]) -> list[str]:
    return [b + o for b in bases for o in _OBJECTS]


def conjugate(lemma: str) -> Paradigm:
    """The generated forms of a verb given as its undiacritised perfect 3ms («قتل», «اعتقل», «أعدم»).

    Handles sound verbs of forms I-X and quadriliterals, doubled verbs («شنّ», «احتلّ»), hollow
    derived verbs («اغتال», «استعاد», «أصاب»), final-weak verbs («رمى», «ألقى», «لقي») and the form III
    passive («هاجم» → «هوجم»). Irregular imperfects of hollow form I verbs («مات» → «يموت») are left to
    the data's ``forms``.
    """
    v = _bare(lemma)
    n = len(v)
    starts_alef = v[0] in _ALEFS
    shared: list[str] = []
    active: list[str] = []
    passive: list[str] = []
    obj_bases: list[str] = []
    imperfect: list[str] = []

    if v[-1] in "ىي" and n >= 3:  # final weak: رمى ألقى استولى / لقي توفي
        stem = v[:-1]
        if v[-1] == "ى":
            perf = [v, stem + "ت", stem + "وا", stem + "ين", stem + "يا", stem + "تا", stem + "ينا"]
            passive += [stem + "ي", stem + "يت", stem + "يا"]  # أُلقي أُلقيت (3mp أُلقوا = active skeleton)
            obj_bases += [stem + "ا", stem + "ت", stem + "و"]  # رماه رمته رموه
        else:
            perf = [v, v + "ت", stem + "وا", v + "ن", v + "ا", v + "تا", v + "نا"]
            obj_bases += [v, v + "ت", stem + "و"]
        istem = stem[1:] if (starts_alef and n >= 4) else stem
        imp = _imperfect(istem, defective=True)
        shared += perf + imp
        imperfect += imp
        obj_bases += [imp[0], imp[1], imp[2], imp[3], imp[4]]
    elif n == 3 and v[1] == "ا":  # hollow form I: مات قاد (imperfect vowel unknown: listed in forms)
        short = v[0] + v[2]
        active += _perfect(v, short)
        passive += _perfect(v[0] + "ي" + v[2])[:6]
        obj_bases += [v, v + "ت", v + "و"]
    elif n >= 4 and starts_alef and v[-2] == "ا":  # hollow derived: اغتال استعاد أصاب اجتاح
        short = v[:-2] + v[-1]
        active += _perfect(v, short)
        p = v[:-2] + "ي" + v[-1]
        passive += _perfect(p, short)[:6]
        obj_bases += [v, v + "ت", v + "و"]
        if v.startswith("است") or (v[0] in _HAMZA_ALEFS and n == 4):  # X and IV: يستعيد يصيب / يُستعاد يُصاب
            a_imp = _imperfect(v[1:-2] + "ي" + v[-1])
            p_imp = _imperfect(v[1:])
            active += a_imp
            passive += p_imp
            imperfect += a_imp + p_imp
            obj_bases += a_imp[:5]
        else:  # VII/VIII: يغتال (active and passive alike)
            imp = _imperfect(v[1:])
            shared += imp
            imperfect += imp
            obj_bases += imp[:5]
    else:
        doubled = n == 2 or (n == 4 and v[0] == "ا")  # شنّ فرّ / احتلّ احتجّ انضمّ
        short = v + v[-1] if doubled else v  # شنّ → شنن-, فرّ → فرر-
        perf = [v, v + "ت", v + "وا", v + "ا", v + "تا", _n(short, "ن"), _n(short, "نا")]
        obj_bases += [v, v + "ت", v + "و"]
        if n == 4 and v[1] == "ا" and v[0] not in _ALEFS and v[0] != "ت":  # form III: هاجم → هوجم
            active += perf
            passive += _perfect(v[0] + "و" + v[2:])
        else:
            shared += perf
        # VII/VIII/X and IV drop their initial alef (يعتقل, يستهدف, يعدم); form I أسر keeps it (يأسر)
        istem = v[1:] if (starts_alef and n >= 4) else v
        imp = _imperfect(istem)
        shared += imp
        imperfect += imp
        obj_bases += imp[:5]
    return Paradigm(tuple(dict.fromkeys(shared)), tuple(dict.fromkeys(active)), tuple(dict.fromkeys(passive)),
                    tuple(dict.fromkeys(_with_objects(obj_bases))), frozenset(imperfect))


def _noun_forms(surface: str, is_lemma: bool) -> list[str]:
    """A single-word noun with the article, possessive suffixes and (for the lemma) the dual and accusative."""
    s = _bare(surface)
    out = [s]
    definite = s.startswith("ال")
    if not definite:
        out.append("ال" + s)
    plural_m = s.endswith(("ون", "ين"))
    if not definite and not plural_m and not s.endswith("ء"):
        stem = s[:-1] + "ت" if s.endswith("ة") else (s[:-1] + "ا" if s.endswith("ى") else s)
        out += [stem + p for p in _POSSESSIVES]
    if is_lemma and not definite and not plural_m and not s.endswith(("ى", "ا", "ء", "ات")):
        if s.endswith("ة"):
            duals = [s[:-1] + "تين", s[:-1] + "تان"]
        else:
            duals = [s + "ين", s + "ان"]
            out.append(s + "ا")  # tanwin alif: قتيلا، هجوما، انتحاريا
        out += duals + ["ال" + d for d in duals]
    return out


def _expand(row: TriggerRow) -> Iterator[tuple[str, str]]:
    """(surface form, voice) pairs of one row; generated forms colliding with stop words are dropped."""
    if row.pos == "phrase":
        for f in (row.lemma, *row.forms):
            yield f, row.voice
        return
    generated: list[tuple[str, str]] = []
    if row.pos == "noun":
        words = row.lemma.split()
        if len(words) == 1:
            generated += [(f, "-") for f in _noun_forms(row.lemma, True)]
        else:
            generated.append((row.lemma, "-"))
        for f in row.forms:
            if len(f.split()) == 1:
                generated += [(g, "-") for g in _noun_forms(f, False) if g != _bare(f)]
            yield f, "-"
    else:
        head, _, tail = row.lemma.partition(" ")
        tail = " " + tail if tail else ""
        p = conjugate(head)
        if row.voice == "passive":
            generated += [(f + tail, "passive") for f in (*p.shared, *p.active)]
        else:
            generated += [(f + tail, "active") for f in (*p.shared, *p.active)]
            if not row.intransitive:
                generated += [(f + tail, "passive") for f in (*p.shared, *p.passive)]
                if not tail:
                    generated += [(f, "active") for f in p.objects]
        for f in row.forms:
            yield f, ("passive" if row.voice == "passive" or _DAMMA in f else row.voice)
    for f, voice in generated:
        k = match_key(f)
        if k in STOP_WORDS or _suppressed(k, row.suppress):
            continue
        yield f, voice


def _suppressed(key: str, suppress: frozenset[str]) -> bool:
    """``!X`` drops X and X with an object or possessive pronoun («!توقف» drops «توقفه» too)."""
    if not suppress:
        return False
    if key in suppress:
        return True
    for o in _OBJECTS:
        if key.endswith(o) and len(key) > len(o) + 1:
            base = key[: -len(o)]
            if base in suppress or base + "ا" in suppress:  # «قتلوه» ← «قتلوا»
                return True
    return False


def load_triggers(path: Path | None = None) -> list[Trigger]:
    """Every surface form of every row (a file, or every ``*.tsv`` of a folder; the bundled lexicon by
    default), verbs inflected. Malformed data raises :class:`~marsad.errors.DataError` with file and line.

    The same form may come back more than once with different readings (active and passive; a noun and
    a verb; two families): :func:`trigger_index` groups them under their key.
    """
    if path is None:
        return list(_bundled())
    return _build(read_rows(path))


def _build(rows: list[TriggerRow]) -> list[Trigger]:
    out: list[Trigger] = []
    seen: set[tuple] = set()
    for row in rows:
        for form, voice in _expand(row):
            key = match_key(form)
            if not key:
                continue
            ident = (key, row.lemma, row.pos, voice, row.family, row.event_type, row.sub_event_type)
            if ident in seen:
                continue
            seen.add(ident)
            out.append(Trigger(row.lemma, row.pos, row.event_type, row.sub_event_type, row.method, row.family,
                               voice, row.strength, form))
    return out


@cache
def _bundled() -> tuple[Trigger, ...]:
    return tuple(_build(read_rows(DATA_DIR)))


@cache
def _bundled_index() -> dict[str, tuple[Trigger, ...]]:
    return {k: tuple(v) for k, v in _index(_bundled()).items()}


def _index(triggers: Iterable[Trigger]) -> dict[str, list[Trigger]]:
    out: dict[str, list[Trigger]] = {}
    for t in triggers:
        out.setdefault(match_key(t.form), []).append(t)
    return out


def trigger_index(triggers: Iterable[Trigger] | None = None) -> dict[str, list[Trigger]]:
    """``match_key(form)`` → the triggers with that key; a multi-word form is keyed by its full key
    (words separated by single spaces). With no argument, the bundled lexicon (loaded once)."""
    if triggers is None:
        return {k: list(v) for k, v in _bundled_index().items()}
    return _index(triggers)


@cache
def _imperfect_keys(lemma: str) -> frozenset[str]:
    head, _, tail = _bare(lemma).partition(" ")
    p = conjugate(head)
    forms = {f + (" " + tail if tail else "") for f in p.imperfect}
    forms |= {f for f in p.objects if any(f.startswith(i) for i in p.imperfect)} if not tail else set()
    return frozenset(match_key(f) for f in forms)


def is_imperfect(t: Trigger) -> bool:
    """Whether a verb trigger's form is an imperfect (present tense: ongoing or habitual, «يقصف»).

    A form V/VI perfect starts with ت too («تظاهرت»), so the first letter alone does not tell.
    """
    if t.pos != "verb":
        return False
    return match_key(t.form) in _imperfect_keys(t.lemma)
