"""Toponym recognition and resolution: gazetteer longest match, context cues, spatial expressions.

«بريف الرقة الشمالي» → Raqqa countryside (precision 2); «حي الجتف في البوكمال» → an unknown
neighbourhood anchored at al-Bukamal (precision 1); «على بعد 50 كيلومترا غرب مدينة الرقة» → anchored
at Raqqa with precision 2; «دوما بريف دمشق» → the Douma whose parent is Rif Dimashq.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from marsad.geo.disambiguate import GeoContext, default_extent_km, rank
from marsad.geo.gazetteer import Gazetteer, Place, haversine_km
from marsad.model import Document, Location, Mention, Word
from marsad.text.lexicon import folded_counts
from marsad.text.normalize import match_key

# All word sets below hold match keys (ى→ي, ة→ه folded), as ``Word.base`` does.
# Head nouns that introduce a place name, with the precision their referent has on its own.
HEADS = {"مدينه": 1, "بلده": 1, "قريه": 1, "حي": 1, "احياء": 1, "ساحه": 1, "دوار": 1, "مستديره": 1,
         "مطار": 1, "قاعده": 1, "معبر": 1, "مخيم": 1, "سجن": 1, "مستشفي": 1, "جامعه": 1, "شارع": 1,
         "منطقه": 2, "ريف": 2, "جبل": 2, "سهل": 2, "وادي": 2, "محافظه": 3, "ولايه": 3, "اقليم": 3,
         "بلدات": 1, "مدينتي": 1}
POINT_HEADS = frozenset({"حي", "احياء", "ساحه", "دوار", "مستديره", "شارع", "مستشفي", "جامعه", "سجن"})
OUTSKIRTS = frozenset({"اطراف", "محيط", "ضواحي", "تخوم", "مشارف", "قرب", "بالقرب", "مقربه", "جوار"})
DIRECTIONS = frozenset({"شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "جنوب شرق",
                        "شمال شرق", "جنوب غرب", "شمال غرب"})
POST_DIRECTION = frozenset({"الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالي الشرقي", "الشمالي الغربي",
                            "الجنوبي الشرقي", "الجنوبي الغربي", "الشماليه", "الجنوبيه", "الشرقيه", "الغربيه"})
ANAPHORS = {"المدينه": ("city", "town"), "البلده": ("town", "village", "city"), "القريه": ("village", "town"),
            "المحافظه": ("admin1",), "المنطقه": ("region", "admin2", "countryside", "city", "town")}
# Heads whose unknown name is still worth anchoring (districts and sub-districts give precision 2).
_UNKNOWN_HEADS = frozenset({"قريه", "بلده", "مطار", "معبر", "مخيم", "قاعده", "منطقه", "مديريه", "ناحيه", "قضاء"})
LOCATIVE = frozenset({"في", "داخل", "وسط", "عند", "علي", "قرب", "بالقرب", "اطراف", "محيط", "ضواحي"})
DIRECTIONAL = frozenset({"باتجاه", "نحو", "الي", "من", "عن", "صوب", "مع"})
# Feature → precision of the place itself.
FEATURE_PRECISION = {"country": 3, "admin1": 3, "region": 3, "admin2": 2, "countryside": 2, "district": 2}


@dataclass(slots=True)
class PlaceRef:
    """A place mention's payload."""

    candidates: list[Place]
    place: Place | None = None
    reason: str = ""
    head: str | None = None  # «حي», «مدينة»… the cue noun before the name
    modifier: str | None = None  # 'countryside' | 'outskirts' | 'near' | 'direction'
    prep: str | None = None  # the governing preposition: في, ب, من, باتجاه…
    unknown_name: str | None = None  # a cue-introduced name the gazetteer lacks («ساحة الفيحاء»)
    precision: int = 1
    anchor: Mention | None = None  # for unknown names: the known place they lie in
    anaphor: tuple[str, ...] | None = None  # «المدينة»: the features of the place it refers back to

    @property
    def locative(self) -> bool:
        return self.prep is None or self.prep not in DIRECTIONAL


class PlaceStage:
    def __init__(self) -> None:
        self.gaz = Gazetteer.open()
        self.first_words = self.gaz.first_words
        self.max_words = min(self.gaz.max_words, 5)

    def _keys(self, w: Word) -> tuple[str, ...]:
        if w.kind != "word":
            return ()
        k = w.keys
        return (k[1], k[0]) if len(k) > 1 else k

    def __call__(self, doc: Document) -> Document:
        words = doc.words
        covered = _covered_by_actors(doc)
        for m in doc.mentions:
            if m.label == "TIME":  # «الأحد» is a weekday here, not a village
                for j in range(m.first_word, m.last_word + 1):
                    covered[j] = (m.first_word, m.last_word + 99)
        mentions: list[Mention] = []
        fw = self.first_words
        for si, sent in enumerate(doc.sentences):
            i = sent.first_word
            while i <= sent.last_word:
                k = words[i].keys
                if k[0] not in fw and (len(k) == 1 or k[1] not in fw):
                    i += 1
                    continue
                hit = self._match(words, i, sent.last_word, covered)
                if hit is None:
                    i += 1
                    continue
                last, cands = hit
                ref = PlaceRef(cands)
                self._context(words, i, last, ref)
                s, e = words[i].start, words[last].end
                mentions.append(Mention("PLACE", s, e, doc.text[s:e], si, i, last, ref))
                i = last + 1
        mentions = _plausible(doc, mentions)
        for si in range(len(doc.sentences)):
            mentions.extend(self._unknown(doc, si, mentions))
        mentions.extend(_named(doc, mentions))
        mentions.sort(key=lambda m: m.start)
        self._resolve(doc, mentions)
        doc.mentions.extend(mentions)
        return doc

    def _match(self, words: list[Word], i: int, last: int,
               covered: dict[int, tuple[int, int]]) -> tuple[int, list[Place]] | None:
        """Longest gazetteer name starting at word ``i``, grown word by word while some name still starts
        with the words so far (in-memory sets; SQLite is read only for a name that exists)."""
        w = words[i]
        k0s = [k for k in self._keys(w) if k in self.first_words]
        if not k0s:
            return None
        has, prefixes = self.gaz.has, self.gaz.prefix_set
        limit = min(self.max_words, last - i + 1)
        found: list[tuple[int, str]] = []  # (last word, key) of every full name seen while growing
        for k0 in k0s:
            if has(k0):
                found.append((i, k0))
            key = k0
            for j in range(i + 1, i + limit):
                ks = self._keys(words[j])
                if not ks:
                    break
                grown = [f"{key} {k}" for k in reversed(ks)]  # whole word first, then its base
                full = [g for g in grown if has(g)]
                if full:
                    found.append((j, full[0]))
                nxt = next((g for g in grown if g in prefixes), None)
                if nxt is None:
                    break
                key = nxt
        for span_end, key in sorted(found, key=lambda t: -t[0]):
            if span_end == i and (w.base in HEADS or w.base in ANAPHORS or w.stem in HEADS):
                continue  # «مدينة», «المدينة», «حي» alone are cue words, not names
            a, b = covered.get(i, (i, i))
            governed = i > 0 and (words[i - 1].base == "في" or "ب" in w.prefixes)
            if a <= i and span_end <= b and b - a > span_end - i and not governed:
                continue  # inside a longer actor name («قوات سوريا الديمقراطية»), unless «… في تعز»
            cands = self.gaz.lookup(key)
            if cands:
                return span_end, cands
        return None

    def _context(self, words: list[Word], first: int, last: int, ref: PlaceRef) -> None:
        """Head noun, spatial modifier and governing preposition around a matched name."""
        j = first - 1
        w0 = words[first]
        prep = _prep_of(w0)
        # look back over «مدينة», «ريف», «أطراف», «قرب», «غرب»… (at most three words)
        steps = 0
        while j >= 0 and steps < 3 and words[j].kind == "word":
            b = words[j].base
            if b in HEADS and ref.head is None and ref.modifier is None:
                ref.head = b
                if b == "ريف":
                    ref.modifier = "countryside"
            elif b in OUTSKIRTS:
                ref.modifier = ref.modifier or ("near" if b in ("قرب", "بالقرب", "مقربه", "جوار") else "outskirts")
            elif b in DIRECTIONS:
                ref.modifier = ref.modifier or "direction"
            elif b in ("من",) and j > 0 and words[j - 1].base in ("بالقرب", "مقربه"):
                ref.modifier = "near"
            else:
                break
            prep = _prep_of(words[j]) or prep
            j -= 1
            steps += 1
        if j >= 0 and words[j].kind == "word":
            b = words[j].base
            if b in LOCATIVE or b in DIRECTIONAL:
                prep = prep or b
        if last + 1 < len(words) and words[last + 1].base in POST_DIRECTION:
            ref.modifier = ref.modifier or "countryside"
        ref.prep = prep

    def _unknown(self, doc: Document, si: int, known: list[Mention]) -> list[Mention]:
        """«ساحة الفيحاء», «حي الجتف», «دوار النعيم»: cue noun + a name the gazetteer lacks."""
        words = doc.words
        sent = doc.sentences[si]
        taken = {j for m in known if m.sentence == si for j in range(m.first_word, m.last_word + 1)}
        out = []
        for i in range(sent.first_word, sent.last_word + 1):
            b = words[i].base
            if b in ANAPHORS and i not in taken:
                prev = words[i - 1].base if i > 0 else ""
                prep = _prep_of(words[i]) or (prev if prev in LOCATIVE or prev in DIRECTIONAL else None)
                if prep is not None or prev in OUTSKIRTS or prev in DIRECTIONS:
                    ref = PlaceRef([], head=b, prep=prep, anaphor=ANAPHORS[b],
                                   modifier="outskirts" if prev in OUTSKIRTS else ("direction" if prev in DIRECTIONS
                                                                                  else None))
                    out.append(Mention("PLACE", words[i].start, words[i].end, words[i].text, si, i, i, ref))
                continue
            if i == sent.last_word:
                break
            if b not in POINT_HEADS and b not in _UNKNOWN_HEADS:
                continue
            nxt = i + 1
            if nxt in taken or words[nxt].kind != "word" or (not words[nxt].norm.startswith("ال") and \
                    b in POINT_HEADS and len(words[nxt].norm) < 3):
                continue
            if words[nxt].base in HEADS or words[nxt].base in LOCATIVE or words[nxt].base in DIRECTIONAL:
                continue
            if words[nxt].prefixes or folded_counts().get(words[nxt].base, 0) > 500:
                continue  # «مستديرة ونقاط عدة»: a common word, not a name
            last = nxt
            # two-word names: «منطقة سلطان بايلي», «قرية أبو صخيرة» (a rare second word, no clitics)
            if last + 1 <= sent.last_word and last + 1 not in taken and words[last + 1].kind == "word" \
                    and not words[last + 1].prefixes and folded_counts().get(words[last + 1].base, 0) < 200 \
                    and words[last + 1].base not in HEADS and words[last + 1].base not in POST_DIRECTION:
                last += 1
            ref = PlaceRef([], head=b, prep=_prep_of(words[i]) or (words[i - 1].base if i > 0 else None),
                           unknown_name=doc.text[words[nxt].start:words[last].end])
            s, e = words[i].start, words[last].end
            out.append(Mention("PLACE", s, e, doc.text[s:e], si, i, last, ref))
        return out

    def _resolve(self, doc: Document, mentions: list[Mention]) -> None:
        """Rank candidates with the article's country context and explicit parents; anchor unknown names."""
        countries: Counter[str] = Counter()
        for m in mentions:
            cc = {p.country_code for p in m.value.candidates}
            if len(cc) == 1:
                countries[next(iter(cc))] += 1.0
        for m in doc.mentions_of("ACTOR"):
            c = m.value.actor.country
            if c:
                countries[c] += 0.5
        total = sum(countries.values()) or 1.0
        weights = {c: v / total for c, v in countries.items()}
        mentions.sort(key=lambda m: m.start)
        resolved: list[Place] = []
        for idx, m in enumerate(mentions):
            ref: PlaceRef = m.value
            if not ref.candidates:
                continue
            parent = _next_known(mentions, idx)
            ctx = GeoContext(countries=weights, near=list(resolved[-5:]), gazetteer=self.gaz,
                             parent_key=parent and match_key(parent.text),
                             parents=parent.value.candidates if parent is not None else None,
                             feature_hint=ref.head)
            ranked = rank(ref.candidates, ctx)
            top_share = max(weights.values(), default=0.0)
            if ranked and m.first_word == m.last_word and ref.head is None and top_share >= 0.5 \
                    and weights.get(ranked[0].place.country_code, 0) == 0 and ranked[0].place.feature != "country":
                ref.candidates = []  # «بحجة» in an Iraqi report is a pretext, not Hajjah in Yemen
                continue
            if ranked and ref.head in POINT_HEADS and weights and weights.get(ranked[0].place.country_code, 0) < 0.1:
                # «حي الإسكندرية» in a Syrian report is a neighbourhood, not Alexandria: anchor it instead
                ref.candidates, ref.unknown_name = [], m.text.split(maxsplit=1)[-1]
                continue
            if ranked and parent is not None and ref.head is not None and parent.value.candidates:
                # «قرية دوما في ريف حماة», «حي الجورة في مدينة دير الزور»: the named parent decides; a
                # candidate far from every reading of the parent is another place of the same name
                near_parent = [r for r in ranked if any(_inside(r.place, q) for q in parent.value.candidates)]
                if not near_parent:
                    ref.candidates, ref.unknown_name = [], m.text
                    continue
                ranked = near_parent
            if ranked and ref.head in ("ولايه", "محافظه", "اقليم") and not any(
                    r.place.feature in ("admin1", "admin2", "region") for r in ranked):
                ref.candidates = []  # «ولاية الفرات» is an IS "province", not a Baghdad neighbourhood
                continue
            if ranked:
                ref.place, ref.reason = ranked[0].place, ranked[0].reason
                resolved.append(ref.place)
                ref.precision = _precision(ref)
                doc.debug.append(f"place {m.text!r} -> {ref.place.name} ({ref.place.country_code}): {ref.reason}")
        for idx, m in enumerate(mentions):
            ref = m.value
            if ref.anaphor is not None:
                for prev in reversed(mentions[:idx]):
                    p = prev.value.place
                    if p is not None and p.feature in ref.anaphor and m.sentence - prev.sentence <= 6:
                        ref.place, ref.anchor = p, prev
                        ref.precision = max(_precision(prev.value), 2 if ref.modifier else 1)
                        doc.debug.append(f"place {m.text!r} refers back to {prev.text!r}")
                        break
                continue
            if ref.place is None and ref.unknown_name:
                anchor = _next_known(mentions, idx, window_words=6) or _prev_known(mentions, idx)
                if anchor is not None:
                    ref.anchor = anchor
                    ref.place = anchor.value.place
                    ref.precision = 1 if ref.head in POINT_HEADS else 2  # a village or district: near its anchor
                    doc.debug.append(f"place {m.text!r} (not in gazetteer) anchored at {anchor.text!r}")


_CUE_NOUNS = frozenset(HEADS) | OUTSKIRTS | DIRECTIONS | frozenset(
    {"جبهات", "جبهه", "احياء", "جبهتي", "مناطق", "اطراف", "ابناء", "اهالي", "سكان", "مدن", "بلدات", "قرى"})
STRONG_POPULATION = 100_000
PARENT_KM = 60.0  # how far a place may lie from the parent named beside it («… في ريف حماة»)


def _named(doc: Document, known: list[Mention]) -> list[Mention]:
    """Places the NER tagger names that the gazetteer lacks, where a locative preposition governs them
    («اشتباكات في ماير», «قصف على بلدة…» is already a head-noun case): candidates anchored like «حي X»."""
    words = doc.words
    taken = {j for m in known for j in range(m.first_word, m.last_word + 1)}
    out = []
    for m in doc.mentions_of("NAME"):
        if m.value.label != "LOC" or any(j in taken for j in range(m.first_word, m.last_word + 1)):
            continue
        w = words[m.first_word]
        prev = words[m.first_word - 1].base if m.first_word > 0 else ""
        prep = _prep_of(w) or (prev if prev in LOCATIVE else None)
        if prep is None or prep in DIRECTIONAL:
            continue
        ref = PlaceRef([], prep=prep, unknown_name=m.text)
        out.append(Mention("PLACE", m.start, m.end, m.text, m.sentence, m.first_word, m.last_word, ref))
    return out


def _plausible(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Drop one-word matches that are more likely common words («المدينة», «عند», «غرب»).

    A one-word name stays when its place is major (a country, province, region or a city of 100k+),
    when the word is rare in news prose, or when a cue marks it as a place (a head noun such as
    «مدينة», «حي», «ريف», a locative preposition, «جبهات»/«أحياء»…) — and then every other mention
    of the same name in the article stays too.
    """
    counts = folded_counts()
    words = doc.words
    keep: list[Mention] = []
    pending: list[Mention] = []
    trusted: set[str] = set()
    # what the NER tagger calls the word: a place, or part of a person's or an organisation's name
    named = {j: n.value.label for n in doc.mentions_of("NAME") for j in range(n.first_word, n.last_word + 1)}
    for m in mentions:
        ref: PlaceRef = m.value
        key = words[m.first_word].base
        freq = counts.get(key, 0)
        tag = named.get(m.first_word) if m.last_word == m.first_word else None
        if tag in ("PERS", "ORG") and not any(c.feature in ("country", "admin1") for c in ref.candidates):
            continue  # «حسن نصر الله», «نادي الوحدة»: a name's word, not a place
        if tag == "LOC":
            keep.append(m)
            trusted.add(key)
            continue
        if m.last_word == m.first_word and key in POST_DIRECTION:
            continue  # «أطرافها الغربية» is a bearing, not Egypt's Gharbia
        if m.last_word > m.first_word or any(c.feature == "country" for c in ref.candidates) or (freq < 1500 and any(
                c.feature in ("admin1", "region", "countryside") or (c.population or 0) >= STRONG_POPULATION
                for c in ref.candidates)):
            keep.append(m)
            trusted.add(key)
            continue
        prev = words[m.first_word - 1].base if m.first_word > 0 else ""
        w = words[m.first_word]
        nxt = words[m.first_word + 1] if m.first_word + 1 < len(words) else None
        idiom = (w.prefixes == ("ب",) and not w.base.startswith("ال") and nxt is not None
                 and nxt.norm.startswith("ال") and ref.head is None and freq >= 300)
        if idiom:
            continue  # «بحجة التخابر» is "on the pretext of", not Hajjah
        strong_cue = ref.head is not None or ref.modifier is not None or prev in _CUE_NOUNS
        weak_cue = ref.prep is not None and ref.prep not in DIRECTIONAL
        freq = counts.get(key, 0)
        if freq < 30 or (strong_cue and freq < 3000) or (weak_cue and freq < 300):
            keep.append(m)
            trusted.add(key)
        else:
            pending.append(m)
    keep += [m for m in pending if words[m.first_word].base in trusted]
    keep.sort(key=lambda m: m.start)
    return keep


def _inside(p: Place, parent: Place) -> bool:
    """Whether ``p`` can lie in ``parent``: same country for a country, else within the parent's extent."""
    if parent.feature == "country":
        return p.country_code == parent.country_code
    reach = PARENT_KM + default_extent_km(parent)
    return p.country_code == parent.country_code and haversine_km(p.lat, p.lon, parent.lat, parent.lon) <= reach


def _precision(ref: PlaceRef) -> int:
    p = ref.place
    base = FEATURE_PRECISION.get(p.feature, 1) if p is not None else 3
    if ref.modifier in ("countryside", "outskirts", "near", "direction"):
        base = max(base, 2)
    return base


def _prep_of(w: Word) -> str | None:
    if "ب" in w.prefixes:
        return "ب"
    if "ل" in w.prefixes:
        return "ل"
    return None


def _next_known(mentions: list[Mention], idx: int, window_words: int = 3) -> Mention | None:
    m = mentions[idx]
    for n in mentions[idx + 1:]:
        if n.sentence != m.sentence or n.first_word - m.last_word > window_words:
            return None
        if n.value.candidates:
            return n
    return None


def _prev_known(mentions: list[Mention], idx: int) -> Mention | None:
    m = mentions[idx]
    for n in reversed(mentions[:idx]):
        if n.value.place is not None and n.value.place.feature not in ("country", "admin1", "region"):
            return n if m.sentence - n.sentence <= 3 else None
    return None


def _covered_by_actors(doc: Document) -> dict[int, tuple[int, int]]:
    """word index → (first, last) word of the multi-word actor name covering it."""
    out: dict[int, tuple[int, int]] = {}
    for m in doc.mentions_of("ACTOR"):
        if m.last_word > m.first_word:
            for j in range(m.first_word, m.last_word + 1):
                out[j] = (m.first_word, m.last_word)
    return out


class GeocodeStage:
    """Turns each event's chosen place mention into a contract ``Location`` with an honest precision."""

    def __call__(self, doc: Document) -> Document:
        for ev in doc.events:
            m = ev.detail.place if ev.detail is not None else None
            if m is None or m.value.place is None:
                continue
            ref: PlaceRef = m.value
            p = ref.place
            name = p.name
            if ref.unknown_name:
                name = f"{ref.unknown_name}, {p.name}"
            elif ref.modifier == "countryside" and p.feature not in ("countryside", "admin1", "admin2"):
                name = f"{p.name} countryside"
            elif ref.modifier in ("outskirts", "near"):
                name = f"near {p.name}"
            ev.location = Location(name=name, name_ar=_toponym_text(doc, m), country_code=p.country_code,
                                   latitude=round(p.lat, 5), longitude=round(p.lon, 5), geo_precision=ref.precision,
                                   admin1=p.admin1, admin2=p.admin2, gazetteer_id=p.id)
        return doc


def _toponym_text(doc: Document, m: Mention) -> str:
    """The toponym as written, without its proclitics («بريف الرقة» → «ريف الرقة»)."""
    w = doc.words[m.first_word]
    pre = sum(ln for (_, role), ln in zip(w.pieces, w.lengths, strict=False) if role == "pre")
    start = doc.norm.alignment.to_original(w.nstart + pre, w.nstart + len(w.norm))[0] if pre else w.start
    return doc.text[start:m.end]
