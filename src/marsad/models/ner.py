"""Named-entity tagger (PERS, ORG, LOC, MISC): a CRF over marsad's own words, trained by ``tools/train_ner.py``.

Items are orthographic words from :func:`marsad.text.tokenize.tokenize_words`; their features come from the
clitic analysis (stem, article, proclitics, pronoun suffix), so «وبغداد» is seen as و + بغداد. Entity spans
start at the first piece after the proclitics: in «وصل إلى وبغداد» the LOC span is «بغداد».

>>> tagger = NerTagger.load()                                           # doctest: +SKIP
>>> [(e.label, e.text) for e in tagger.tag_text("وقال الرئيس حسني مبارك في القاهرة")]   # doctest: +SKIP
[('PERS', 'حسني مبارك'), ('LOC', 'القاهرة')]

Features per word (computed once per word form and cached): the word, its stem and base, proclitics and suffix,
stem prefixes and suffixes, a frequency band in news prose, shape, distributional clusters learnt from the
SaudiNewsNet corpus (``tools/build_clusters.py``) and gazetteer membership; per position: the same for two words
either side, word bigrams, and the actor-dictionary and gazetteer phrases the word is part of.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from marsad.errors import DataError
from marsad.model import Word
from marsad.text.lexicon import folded_counts
from marsad.text.normalize import normalize
from marsad.text.segment import analyse
from marsad.text.tokenize import tokenize_words

MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "clusters.tsv"
MANIFEST_FILE = "ner.manifest.json"
CACHE_FORMS = 60_000  # word forms whose features (and, in a tagger, summed weights: ~1 kB each) are kept


def model_dir() -> Path:
    return Path(str(resources.files("marsad.models").joinpath("data")))


# --- word clusters -----------------------------------------------------------------------------------------------


@cache
def load_clusters(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """Word key → cluster ids, coarse to fine (``tools/build_clusters.py`` writes the file)."""
    p = Path(path) if path else model_dir() / CLUSTERS_FILE
    if not p.exists():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    with p.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 2:
                raise DataError(f"models/data/{CLUSTERS_FILE} line {lineno}: expected 'word<TAB>cluster…'")
            out[cells[0]] = tuple(cells[1:])
    return out


# --- features ------------------------------------------------------------------------------------------------------


# What a word tells the positions around it: offset → the fields of it they see («-1s=قال» at the next word).
_NEIGHBOUR: tuple[tuple[int, tuple[str, ...]], ...] = (
    (-1, ("w", "s", "c")), (-2, ("s", "c")), (-3, ("s",)), (1, ("w", "s", "c")), (2, ("s", "c")), (3, ("s",)))
OFFSETS = tuple(d for d, _ in _NEIGHBOUR)


@dataclass(slots=True)
class _WordInfo:
    own: list[str]  # features of the word itself
    key: str  # the word's match key
    stem: str
    cluster: str  # mid-level cluster id
    shape: str
    band: str = "-"  # how common the word is in news prose (log2 band; 0 = never seen)
    # features this word gives a position when it stands ``d`` words from it, in OFFSETS order: the word
    # just before a position shows up there as «-1w=…»
    around: tuple[tuple[str, ...], ...] = ()
    vectors: object = None  # the compiled model's weights of own + around, filled by CompiledCrf


def _band(count: int) -> str:
    return "0" if count == 0 else str(min(int(math.log2(count)), 16))


def _with_around(info: _WordInfo) -> _WordInfo:
    fields = {"w": info.key, "s": info.stem, "c": info.cluster}
    info.around = tuple(tuple(f"{d:+d}{f}={fields[f]}" for f in fs) for d, fs in _NEIGHBOUR)
    return info


_PAD = _with_around(_WordInfo([], "<s>", "<s>", "<s>", "<s>"))
_END = _with_around(_WordInfo([], "</s>", "</s>", "</s>", "</s>"))


@dataclass(slots=True)
class Units:
    """A sentence's CRF items: ``infos`` (proclitics and words) and, per word, the index of its own item."""

    infos: list[_WordInfo]
    main: list[int]
    skip: list[int]  # per word: normalised letters of its split proclitics, which a name's span leaves out

    def phrases(self, phrases: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Word-index phrases as item indices (a phrase starts at its first word's own item)."""
        return [(self.main[a], self.main[b], tag) for a, b, tag in phrases]

    def word_labels(self, labels: Sequence[str]) -> list[str]:
        """Item labels back on the words: a word takes its own item's label, and an I-X right after a
        proclitic outside any name opens a name (B-X): ريد/B و/O موساوي/I → two names."""
        out = []
        for i in self.main:
            lab = labels[i]
            if lab[0] == "I" and i > 0 and labels[i - 1] == "O":
                lab = "B" + lab[1:]
            out.append(lab)
        return out

    def item_labels(self, word_labels: Sequence[str]) -> list[str]:
        """Word labels spread over the items (training): a proclitic inside a name continues it, else O."""
        out = ["O"] * len(self.infos)
        prev_main = -1
        for w, i in enumerate(self.main):
            lab = word_labels[w]
            out[i] = lab
            if lab[0] == "I":
                for k in range(prev_main + 1, i):
                    out[k] = lab
            prev_main = i
        return out


class NerFeatures:
    """Feature strings for CRFsuite, per word; the same code serves training and tagging.

    A position's features are its word's own features, what its neighbours up to three words away show it
    (:data:`_NEIGHBOUR`), and :meth:`extras`: pairs of neighbours, the sentence start and dictionary phrases.
    The first two depend on word forms only, so the tagger sums their weights once per form.
    """

    def __init__(self, clusters: dict[str, tuple[str, ...]], places: frozenset[str]):
        self.clusters = clusters
        self.places = places
        self._place_first = frozenset(k.split(" ", 1)[0] for k in places if " " in k)
        self.counts = folded_counts()
        self._cache: dict[str, _WordInfo] = {}
        self._clitics: dict[str, _WordInfo] = {}
        self._lock = threading.Lock()

    def info(self, w: Word) -> _WordInfo:
        hit = self._cache.get(w.norm)
        if hit is not None:
            return hit
        if w.kind != "word":
            shape = {"num": "NUM", "latin": "LAT", "punct": "P"}[w.kind]
            key = w.norm.lower() if w.kind == "latin" else w.norm
            if w.kind == "num":
                key = "0" * min(len(w.norm), 5)
            info = _WordInfo([f"w={key}", f"shape={shape}"], key, key, shape, shape)
        else:
            key = w.keys[0]
            stem = w.stem
            base = w.base
            cl = self.clusters.get(stem) or self.clusters.get(key) or ()
            own = [f"w={key}", f"s={stem}", f"b={base}", f"f={_band(self.counts.get(key, 0))}",
                   f"fs={_band(self.counts.get(stem, 0))}", f"len={min(len(stem), 9)}"]
            if w.prefixes:
                own.append("pre=" + "".join(w.prefixes))
            if base.startswith("ال"):
                own.append("det")
            if w.suffix:
                own.append("suf=" + w.suffix)
            for n in (1, 2, 3):
                if len(stem) > n:
                    own.append(f"p{n}={stem[:n]}")
                    own.append(f"x{n}={stem[-n:]}")
            if len(stem) > 4:
                own.append(f"x4={stem[-4:]}")
            for level, c in enumerate(cl):
                own.append(f"c{level}={c}")
            if not cl:
                own.append("c=none")
            if base in self.places or stem in self.places or ("ال" + stem) in self.places:
                own.append("gz")
            info = _WordInfo(own, key, stem, cl[1] if len(cl) > 1 else (cl[0] if cl else "-"), "A",
                             _band(self.counts.get(key, 0)))
        _with_around(info)
        with self._lock:
            if len(self._cache) >= CACHE_FORMS:
                self._cache.clear()  # a news stream's forms are Zipfian: the frequent ones are back at once
            self._cache[w.norm] = info
        return info

    def clitic(self, piece: str) -> _WordInfo:
        """The item of a proclitic split off its word: «و» of «وموساوي»."""
        hit = self._clitics.get(piece)
        if hit is None:
            hit = self._clitics[piece] = _with_around(_WordInfo([f"cl={piece}"], piece + "+", piece + "+", "CL", "C"))
        return hit

    def units(self, words: Sequence[Word]) -> Units:
        """The items the CRF labels: each word's proclitics (و، ف، ب، ل، ك) as items of their own, then the
        word itself (article and pronoun suffix attached). «ريد وموساوي» is ريد | و | موساوي: two names, not one.

        The segmenter splits a clitic only off a known word; a name is often unknown, so here a و or ف is also
        split off a word of five letters or more that news prose never uses whole («وموساوي»)."""
        infos: list[_WordInfo] = []
        main: list[int] = []
        skip: list[int] = []
        for w in words:
            own = None
            if w.prefixes and len(w.pieces) > len(w.prefixes) and len(w.norm) - len(w.prefixes) > 2:
                pre = [p for p, role in w.pieces if role == "pre"]  # (not «بان» = ب + ان: too short a rest)
            elif w.kind == "word" and len(w.norm) >= 5 and w.norm[0] in "وف" and not self.counts.get(w.keys[0]):
                pre = [w.norm[0]]
                own = self._form(w.norm[1:])
            else:
                pre = []
            for piece in pre:
                infos.append(self.clitic(piece))
            main.append(len(infos))
            skip.append(len("".join(pre)))
            infos.append(own or self.info(w))
        return Units(infos, main, skip)

    def _form(self, norm: str) -> _WordInfo:
        """The features of a bare word form (a word with a clitic split off here, not by the segmenter)."""
        hit = self._cache.get(norm)
        if hit is None:
            a = analyse(norm)
            hit = self.info(Word(0, len(norm), norm, norm, a.base, a.stem, a.prefixes, a.suffix, "word", a.pieces,
                                 a.lengths, 0, a.keys))
        return hit

    def extras(self, infos: Sequence[_WordInfo], phrases: Iterable[tuple[int, int, str]] = ()) -> list[list[str]]:
        """Per position: neighbour pairs, the sentence start, and the phrase marks of it and its neighbours.
        ``phrases`` are dictionary matches, (first, last, tag) with item indices into ``infos``: an actor
        «قوات سوريا الديمقراطية» gives (i, i+2, 'A:rebel_group')."""
        flat, starts = self.extras_flat(infos, phrases)
        ends = [*starts[1:], len(flat)]
        return [flat[a:b] for a, b in zip(starts, ends, strict=True)]

    def extras_flat(self, infos: Sequence[_WordInfo], phrases: Iterable[tuple[int, int, str]] = ()
                    ) -> tuple[list[str], list[int]]:
        """:meth:`extras` as one flat list and the index where each position's strings start (one dictionary
        pass per sentence when tagging)."""
        n = len(infos)
        marks: list[list[str]] = [[] for _ in range(n)]
        for first, last, tag in phrases:
            marks[first].append(f"B-{tag}")
            for k in range(first + 1, last + 1):
                marks[k].append(f"I-{tag}")
        self._place_phrases(infos, marks)
        flat: list[str] = []
        starts: list[int] = []
        ext = [_PAD, *infos, _END]
        for i in range(n):
            p1, me, n1 = ext[i:i + 3]
            starts.append(len(flat))
            flat += ("-1s|s=" + p1.stem + "|" + me.stem, "s|+1s=" + me.stem + "|" + n1.stem,
                     "-1c|c=" + p1.cluster + "|" + me.cluster, "c|+1c=" + me.cluster + "|" + n1.cluster)
            if i == 0:
                flat.append("BOS")
            if marks[i]:
                flat += marks[i]
            if i >= 1 and marks[i - 1]:
                flat += ["-1" + m for m in marks[i - 1]]
            if i + 1 < n and marks[i + 1]:
                flat += ["+1" + m for m in marks[i + 1]]
        return flat, starts

    def sequence(self, units: Units, phrases: Iterable[tuple[int, int, str]] = ()) -> list[list[str]]:
        """Every feature string of every item (what CRFsuite trains on); ``phrases`` in word indices."""
        infos = units.infos
        if any(i.vectors is not None for i in infos):
            raise ValueError("these features belong to a tagger, which keeps weight sums, not strings: "
                             "build a NerFeatures of your own to train")
        ext = [_PAD] * 3 + infos + [_END] * 3
        out = []
        for i, extra in enumerate(self.extras(infos, units.phrases(phrases))):
            f = infos[i].own.copy()
            for k, d in enumerate(OFFSETS):
                f += ext[i + 3 + d].around[k]
            f += extra
            out.append(f)
        return out

    def _place_phrases(self, infos: Sequence[_WordInfo], marks: list[list[str]]) -> None:
        """Two- and three-word gazetteer names («تل أبيب», «ريف حلب الشمالي») mark their words."""
        places = self.places
        first = self._place_first
        n = len(infos)
        for i in range(n - 1):
            if infos[i].key not in first:
                continue
            two = infos[i].key + " " + infos[i + 1].key
            if i + 2 < n and two + " " + infos[i + 2].key in places:
                marks[i].append("B-G")
                marks[i + 1].append("I-G")
                marks[i + 2].append("I-G")
            elif two in places:
                marks[i].append("B-G")
                marks[i + 1].append("I-G")


# --- the tagger ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A tagged name: ``start``/``end`` index the original text; ``first_word``/``last_word`` the words given."""

    label: str
    start: int
    end: int
    text: str
    first_word: int
    last_word: int


def entity_start(w: Word, skip: int | None = None) -> int:
    """Where a name starts inside its first word: after ``skip`` normalised letters of proclitics (by default
    the segmenter's), the article kept. «وبغداد» → the offset of «بغداد»; «للجيش» (ل + ال, the alef elided)
    → the offset of the second ل."""
    if skip is None:
        skip = sum(n for n, (_, role) in zip(w.lengths, w.pieces, strict=False) if role == "pre")
    if not skip or skip >= len(w.norm):
        return w.start
    return w.start + normalize(w.text).alignment.to_original(skip, skip + 1)[0]


class NerTagger:
    """The trained CRF with its features; :meth:`load` is lazy and cached per process.

    Tagging sums, once per word form, the weights of the form's own features and of what it shows its
    neighbours; per sentence only the pair and phrase features are looked up, then Viterbi runs in NumPy.
    """

    _lock = threading.Lock()
    _loaded: NerTagger | None = None

    def __init__(self, model_path: Path, features: NerFeatures):
        from marsad.models.crf import CompiledCrf

        self.model_path = model_path
        # The features' per-form cache holds this model's weight sums: one NerFeatures per tagger.
        self.features = features
        self.crf = CompiledCrf(model_path)
        self._pad_vectors = (self._sum(_PAD), self._sum(_END))  # (shared by every NerFeatures: not cached)

    @classmethod
    def available(cls) -> bool:
        return (model_dir() / MODEL_FILE).exists()

    @classmethod
    def load(cls) -> NerTagger:
        if cls._loaded is None:
            with cls._lock:
                if cls._loaded is None:
                    path = model_dir() / MODEL_FILE
                    if not path.exists():
                        raise DataError(f"no NER model at {path}; run `make models`")
                    cls._loaded = cls(path, NerFeatures(load_clusters(), default_place_keys()))
        return cls._loaded

    def _sum(self, info: _WordInfo) -> np.ndarray:
        """[1 + offsets, labels]: the weights of the form's own features, then of what it shows each neighbour."""
        starts, rows = [], []
        for g in (info.own, *info.around):
            starts.append(len(rows))
            rows += self.crf.rows(g)
        # (every group is non-empty: own has the word, around has its fields)
        return np.add.reduceat(self.crf.weights[rows], starts, axis=0)

    def _vectors(self, info: _WordInfo) -> np.ndarray:
        v = info.vectors
        if v is None:
            v = info.vectors = self._sum(info)
            info.own, info.around = (), ()  # summed: the strings are not needed again (a quarter of the memory)
        return v

    def scores(self, units: Units, phrases: Iterable[tuple[int, int, str]] = ()) -> np.ndarray:
        """Per-item label scores ``[n, labels]`` before transitions; ``phrases`` in word indices."""
        infos = units.infos
        n = len(infos)
        pad, end = self._pad_vectors
        m = np.stack([pad] * 3 + [self._vectors(i) for i in infos] + [end] * 3)  # [n + 6, 1 + offsets, labels]
        out = m[3:3 + n, 0].copy()
        for k, d in enumerate(OFFSETS, 1):
            out += m[3 + d:3 + d + n, k]
        flat, starts = self.features.extras_flat(infos, units.phrases(phrases))
        rows = self.crf.rows(flat)
        out += np.add.reduceat(self.crf.weights[rows], starts, axis=0)
        return out

    def labels(self, words: Sequence[Word], phrases: Iterable[tuple[int, int, str]] = ()) -> list[str]:
        """IOB2 labels for one sentence's words."""
        return self.decode_many([(words, phrases)])[0][1]

    def decode_many(self, sentences: Sequence[tuple[Sequence[Word], Iterable[tuple[int, int, str]]]]
                    ) -> list[tuple[Units, list[str]]]:
        """Items and word labels for several sentences (words, phrases), decoded together: faster than one by
        one."""
        units = [self.features.units(w) for w, _ in sentences]
        decoded = self.crf.decode_many([self.scores(u, p) for u, (_, p) in zip(units, sentences, strict=True)])
        return [(u, u.word_labels(d)) for u, d in zip(units, decoded, strict=True)]

    def tag_words(self, text: str, words: Sequence[Word], offset: int = 0,
                  phrases: Iterable[tuple[int, int, str]] = ()) -> list[Entity]:
        """Entities in one sentence's ``words``; word indices in the result are ``offset`` + position."""
        units, labels = self.decode_many([(words, phrases)])[0]
        return list(spans_of(text, words, labels, offset, units.skip))

    def tag_text(self, text: str) -> list[Entity]:
        """Entities in a short text, tagged as one sentence (for tests and quick looks)."""
        words = tokenize_words(text, normalize(text))
        return self.tag_words(text, words)


def spans_of(text: str, words: Sequence[Word], labels: Sequence[str], offset: int = 0,
             skip: Sequence[int] | None = None) -> Iterable[Entity]:
    from marsad.models.conll import entities

    for label, first, last in entities(labels):
        # a name ends at its last letter piece: «حسني مبارك،» → without the comma
        while last > first and words[last].kind == "punct":
            last -= 1
        s, e = entity_start(words[first], skip[first] if skip else None), words[last].end
        yield Entity(label, s, e, text[s:e], offset + first, offset + last)


def evaluate_conll(path: str | Path):
    """Entity-level scores of the committed model on a CoNLL file (what ``marsad eval-ner`` prints)."""
    from marsad.extract.actors import ActorStage
    from marsad.models.conll import read_conll, score_entities

    sentences = read_conll(path)
    tagger = NerTagger.load()
    matcher = ActorStage().matcher
    gold, pred = [], []
    batch: list = []
    owners: list = []
    for s in sentences:
        _, words, owner = words_of_tokens(s.tokens)
        batch.append((words, actor_phrases(matcher.find(words))))
        owners.append(owner)
    for s, owner, (_, labels) in zip(sentences, owners, tagger.decode_many(batch), strict=True):
        gold.append(s.tags)
        pred.append(token_labels(labels, owner, len(s.tokens)))
    return score_entities(gold, pred)


def phrase_tag(entry) -> str:
    """The phrase feature of an actor-dictionary entry: its kind («قوات سوريا الديمقراطية» → ``A:rebel_group``),
    ``A:source`` for agencies and monitors."""
    return "A:source" if entry.role == "source" else f"A:{entry.kind}"


def actor_phrases(hits: Iterable) -> list[tuple[int, int, str]]:
    """Actor-dictionary matches (:class:`marsad.text.matcher.Hit` of ``ActorEntry``) as phrase features, each
    with the entry the actor stage would choose among those sharing the alias."""
    from marsad.extract.actors import prefer

    return [(h.first, h.last, phrase_tag(prefer(h.payloads))) for h in hits]


def words_of_tokens(tokens: Sequence[str]) -> tuple[str, list[Word], list[int]]:
    """A CoNLL sentence as marsad sees it: the text (tokens joined by spaces), its words, and for each word the
    index of the CoNLL token it lies in (a token such as «(د» or «وإسرائيل،» may hold several words)."""
    text = " ".join(tokens)
    words = tokenize_words(text, normalize(text))
    owner: list[int] = []
    t, token_end = 0, len(tokens[0]) if tokens else 0
    for w in words:
        while w.start >= token_end:
            t += 1
            token_end += 1 + len(tokens[t])
        owner.append(t)
    return text, words, owner


def word_labels(tags: Sequence[str], owner: Sequence[int]) -> list[str]:
    """Token tags spread over the words: the first word of a B-X token is B-X, the others I-X."""
    out: list[str] = []
    prev = -1
    for t in owner:
        tag = tags[t]
        out.append(tag if t != prev or tag == "O" else "I-" + tag[2:])
        prev = t
    return out


def token_labels(labels: Sequence[str], owner: Sequence[int], n_tokens: int) -> list[str]:
    """Word labels back onto the tokens: each token takes its first word's label (O for a token with no word)."""
    out = ["O"] * n_tokens
    seen: set[int] = set()
    for label, t in zip(labels, owner, strict=True):
        if t not in seen:
            seen.add(t)
            out[t] = label
    return out


@cache
def default_place_keys() -> frozenset[str]:
    """Arabic name keys of the places of the embedded default gazetteer (GeoNames cities + marsad's curated
    places): the gazetteer feature the model was trained with, whatever richer index the user built since."""
    from marsad.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    return gaz.arabic_default_keys()


__all__ = ["Entity", "NerFeatures", "NerTagger", "default_place_keys", "entity_start", "load_clusters",
           "spans_of"]
