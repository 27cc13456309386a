"""Event-sentence classifier: does a sentence report a concrete violent event or a protest?

Two logistic-regression heads over marsad's own words — ``assault`` (an attack, bombing, clash, killing)
and ``protest`` (a demonstration, sit-in, march) — trained by ``tools/train_event_classifier.py`` on the
Arabic event GSR (``../shared/data/events/arabic-event-gsr``, train split only). The package needs no
scikit-learn: the weights are a TSV file (``models/data/event_sentence.tsv``), read once, on first use.

>>> clf = EventSentenceClassifier.load()
>>> clf.score("قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة وسط بغداد أمس") > clf.thresholds.decision
True
>>> clf.score("هدد زعيم التنظيم بشن هجمات جديدة على المدن الأوروبية") < clf.thresholds.decision
True

``score`` is the probability (on the GSR's mix of sentences) that the sentence reports a concrete event;
it is the larger of the two heads (:meth:`EventSentenceClassifier.scores` gives both). Thresholds, all
chosen on out-of-fold predictions over the train split (never on test), are in :class:`Thresholds`.

Features of a sentence (:func:`sentence_features`, shared by training and scoring): the stems of its
words, stem bigrams, whole-word keys (with their clitics: «وقتل» is narrative, «سيقتل» is not), character
3- and 4-grams of stems, proclitics and pronoun suffixes, trigger-lexicon hits (family, event type, voice,
perfect/imperfect, strength; a figure within four words of a trigger), scope cues (negation, irrealis,
habitual, hedge, analyst, disaster…: ``data/cues/cues.tsv``) and a length band. The trigger lexicon and
the segmentation lexicon are inputs of the model: the manifest records their sha256, and retraining
after they change is ``make models``.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from marsad.errors import DataError
from marsad.model import Word
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokenize_words

__all__ = ["HEADS", "EventSentenceClassifier", "SentenceScores", "Thresholds", "sentence_features"]

HEADS = ("assault", "protest")
MODEL_FILE = "event_sentence.tsv"
MANIFEST_FILE = "event_sentence.manifest.json"
BIAS = "__bias__"
FORMAT = "marsad-event-sentence/1"
_NGRAMS = (3, 4)
_NUM_WINDOW = 4  # a figure this many words from a trigger: «قتل 5», «5 قتلى»


def model_dir() -> Path:
    return Path(str(resources.files("marsad.models").joinpath("data")))


# --- features ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lexicons:
    triggers: object  # PhraseMatcher[tuple[str, ...]]: trigger form → its feature strings
    cues: object  # PhraseMatcher[str]: scope cue → 'q:role'


@cache
def _lexicons() -> _Lexicons:
    # Imported here: marsad.extract may import this module to veto and flag sentences.
    from marsad.extract.cues import scope_cues
    from marsad.extract.trigger_lexicon import is_imperfect, load_triggers
    from marsad.text.matcher import PhraseMatcher

    triggers: PhraseMatcher[tuple[str, ...]] = PhraseMatcher()
    feats_of: dict[tuple, tuple[str, ...]] = {}
    for t in load_triggers():
        ident = (t.family, t.event_type, t.pos, t.voice, t.strength, t.pos == "verb" and is_imperfect(t))
        f = feats_of.get(ident)
        if f is None:
            fam, et, pos, voice, strength, imperfect = ident
            f = ("t:" + fam, "tt:" + str(et), f"ts:{int(strength * 2)}")
            if pos == "verb":
                f += ("tv:" + voice + (":imp" if imperfect else ":perf"),)
            f = feats_of[ident] = f
        triggers.add(t.form, f)
    cues: PhraseMatcher[str] = PhraseMatcher()
    for key, roles in scope_cues().items():
        for role in sorted(roles):
            cues.add(key, "q:" + role)
    return _Lexicons(triggers, cues)


_WORD_CACHE: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}


def _word_features(kind: str, norm: str, stem: str, key: str, prefixes: tuple[str, ...],
                   suffix: str | None) -> tuple[str, tuple[str, ...]]:
    """(the word's token in bigrams, its own features); the same for every occurrence of one form."""
    if kind == "word":
        tok = stem
        s = "<" + stem + ">"
        f = ["u:" + stem, "w:" + key]
        for n in _NGRAMS:
            f += ["c:" + s[i:i + n] for i in range(len(s) - n + 1)]
        f += ["pre:" + p for p in prefixes]
        if suffix:
            f.append("suf:" + suffix)
        return tok, tuple(f)
    tok = "#N" if kind == "num" else "#L" if kind == "latin" else norm
    return tok, ("u:" + tok,)


def sentence_features(words: Sequence[Word]) -> set[str]:
    """The feature strings of one sentence's words.

    >>> from marsad.text.tokenize import tokenize_words
    >>> sorted(f for f in sentence_features(tokenize_words("قتل 3 جنود")) if f.startswith(("u:", "t:", "tn:")))
    ['t:kill', 'tn:kill', 'u:#N', 'u:جنود', 'u:قتل']
    """
    cache_ = _WORD_CACHE
    if len(cache_) > 50_000:  # bounded (about 1 kB an entry): a long corpus meets new forms forever
        cache_.clear()
    out: set[str] = set()
    toks: list[str] = []
    nums: list[int] = []
    for i, w in enumerate(words):
        ck = (w.kind, w.norm)
        got = cache_.get(ck)
        if got is None:
            got = cache_[ck] = _word_features(w.kind, w.norm, w.stem, w.keys[0] if w.keys else w.norm,
                                              w.prefixes, w.suffix)
        toks.append(got[0])
        out.update(got[1])
        if w.kind == "num":
            nums.append(i)
    out.update(["b:" + a + "|" + b for a, b in pairwise(toks)])
    lex = _lexicons()
    hits = lex.triggers.find(words) if words else []
    for h in hits:
        for f in h.payloads:
            out.update(f)
        if any(h.first - _NUM_WINDOW <= j <= h.last + _NUM_WINDOW for j in nums):
            out.add("tn:" + h.payloads[0][0][2:])
    out.add(f"tc:{min(len(hits), 4)}")
    for h in lex.cues.find(words) if words else []:
        out.update(h.payloads)
    out.add(f"len:{min(len(words) // 10, 8)}")
    return out


# --- the model ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cut-offs on :meth:`EventSentenceClassifier.score`, chosen on out-of-fold predictions over the train split.

    * ``veto`` — below it a sentence is very unlikely to report an event: an extraction whose only
      evidence sits in such a sentence is a trigger false alarm. Chosen so that 95% of the event sentences
      of the train split score at or above it.
    * ``decision`` — the best F1 on the train split's out-of-fold predictions: event sentence or not.
    * ``flag`` — at or above it a sentence very likely reports an event: worth a look when no trigger
      produced an event there. Chosen for a precision of 0.8 on the out-of-fold predictions.
    """

    veto: float
    decision: float
    flag: float


@dataclass(frozen=True, slots=True)
class SentenceScores:
    """The probability of each head; ``event`` is the larger one (what ``score`` returns)."""

    assault: float
    protest: float

    @property
    def event(self) -> float:
        return max(self.assault, self.protest)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class EventSentenceClassifier:
    """Scores sentences; build it with :meth:`load` (cached: the file is read once per process)."""

    def __init__(self, weights: dict[str, tuple[float, float]], bias: tuple[float, float], thresholds: Thresholds,
                 source: str = "") -> None:
        self.weights = weights
        self.bias = bias
        self.thresholds = thresholds
        self.source = source

    # -- loading --------------------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> EventSentenceClassifier:
        """The model in ``path`` (a TSV written by ``tools/train_event_classifier.py``), or the bundled one."""
        return _load(str(Path(path).resolve()) if path is not None else None)

    @classmethod
    def read(cls, path: Path) -> EventSentenceClassifier:
        """Parse a model file (uncached; :meth:`load` is what callers want)."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise DataError(f"{path}: cannot read the event-sentence model ({e.__class__.__name__}); "
                            f"run `make models`") from None
        meta: dict[str, str] = {}
        weights: dict[str, tuple[float, float]] = {}
        bias: tuple[float, float] | None = None
        header_done = False
        for lineno, line in enumerate(lines, 1):
            if not header_done:
                if line.startswith("#@"):  # machine-readable header: «#@ key value»
                    k, _, v = line[2:].strip().partition(" ")
                    meta[k] = v.strip()
                    continue
                if line.startswith("#") or not line:
                    continue
                header_done = True
            cells = line.split("\t")
            try:
                if len(cells) != 3:
                    raise ValueError
                w = (float(cells[1]), float(cells[2]))
            except ValueError:
                raise DataError(f"{path} line {lineno}: expected 'feature<TAB>assault<TAB>protest'") from None
            if cells[0] == BIAS:
                bias = w
            else:
                weights[cells[0]] = w
        if meta.get("format") != FORMAT:
            raise DataError(f"{path}: not an event-sentence model of format {FORMAT!r} (got {meta.get('format')!r})")
        if bias is None:
            raise DataError(f"{path}: no {BIAS} row")
        try:
            th = Thresholds(float(meta["veto"]), float(meta["decision"]), float(meta["flag"]))
        except (KeyError, ValueError):
            raise DataError(f"{path}: the header must give veto, decision and flag thresholds") from None
        return cls(weights, bias, th, str(path))

    # -- scoring --------------------------------------------------------------------------------------------------

    def scores_words(self, words: Sequence[Word]) -> SentenceScores:
        """Both heads' probabilities for one sentence given as marsad words (``Document.words[a:b]``)."""
        a, p = self.bias
        get = self.weights.get
        for f in sentence_features(words):
            w = get(f)
            if w is not None:
                a += w[0]
                p += w[1]
        return SentenceScores(_sigmoid(a), _sigmoid(p))

    def score_words(self, words: Sequence[Word]) -> float:
        """Probability that the sentence made of ``words`` reports a concrete violent event or protest."""
        return self.scores_words(words).event

    def scores(self, sentence: str) -> SentenceScores:
        return self.scores_words(tokenize_words(sentence, normalize(sentence)))

    def score(self, sentence: str) -> float:
        """Probability that ``sentence`` (one sentence of Arabic text) reports a concrete violent event or protest.

        >>> clf = EventSentenceClassifier.load()
        >>> round(clf.score("تظاهر آلاف الطلاب أمس في شوارع الخرطوم احتجاجا على رفع الأسعار"), 1) >= 0.5
        True
        """
        return self.scores(sentence).event

    def is_event(self, sentence: str) -> bool:
        return self.score(sentence) >= self.thresholds.decision


_LOCK = threading.Lock()


@cache
def _load_cached(path: str | None) -> EventSentenceClassifier:
    return EventSentenceClassifier.read(Path(path) if path else model_dir() / MODEL_FILE)


def _load(path: str | None) -> EventSentenceClassifier:
    with _LOCK:  # one read even when several threads ask first
        return _load_cached(path)


def manifest(path: str | Path | None = None) -> dict:
    """The training manifest (sha256 of the training files, settings, scores, date)."""
    p = Path(path) if path else model_dir() / MANIFEST_FILE
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DataError(f"{p}: cannot read the event-sentence manifest ({e.__class__.__name__})") from None
