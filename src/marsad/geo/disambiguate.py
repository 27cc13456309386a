"""Ranking gazetteer candidates for one toponym with what the article says around it.

Evidence, strongest first (each a score in [0, 1] times a weight chosen so that full evidence of one kind
outweighs all weaker kinds together):

1. an explicitly named parent — «دوما بريف دمشق», «حي الجتف في مدينة البوكمال»: the candidate lies in it
   (same admin1 for a governorate, within its extent for a town or region) — weight 8;
2. the article's country context (other places, actors' countries, the dateline) — weight 4;
3. proximity to places already resolved in the article — weight 2;
4. the kind of place (a city or town before a village before a neighbourhood, unless a cue noun such as
   «قرية» or «حي» hints otherwise) — weight 1;
5. population — weight 0.25 (log scale: it separates places of one kind, seldom overturns the kind).

>>> from marsad.geo.gazetteer import Place
>>> iq = Place("a", "Ramadi", "الرمادي", "city", "IQ", "Al-Anbar", None, 33.42, 43.31, 223500, "geonames")
>>> sy = Place("b", "Ar Ramadi", "الرمادي", "village", "SY", "Deir-ez-Zor", None, 34.64, 40.87, None, "wof")
>>> [r.place.country_code for r in rank([iq, sy], GeoContext(countries={"SY": 0.8, "IQ": 0.2}))]
['SY', 'IQ']
>>> rank([iq, sy], GeoContext(countries={"SY": 0.8, "IQ": 0.2}))[0].reason
'country SY from context (0.8); village'
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from marsad.geo.gazetteer import FEATURES, Gazetteer, Place, data_home, haversine_km
from marsad.text.normalize import match_key

__all__ = ["GeoContext", "Ranked", "country_of_text_hint", "country_weights", "default_extent_km",
           "feature_hint_of", "parent_candidates", "rank"]

W_PARENT, W_COUNTRY, W_NEAR, W_FEATURE, W_POP = 8.0, 4.0, 2.0, 1.0, 0.25

# Prior for an unqualified name: a country or city before a governorate of the same name (news say
# «محافظة الرقة» when they mean the province), towns before villages, villages before neighbourhoods.
FEATURE_PRIOR = {
    "country": 1.0, "city": 0.95, "admin1": 0.85, "town": 0.8, "countryside": 0.75, "region": 0.75,
    "admin2": 0.6, "camp": 0.65, "airport": 0.65, "base": 0.65, "crossing": 0.65, "port": 0.6, "mountain": 0.55,
    "village": 0.5, "admin3": 0.45, "neighbourhood": 0.3, "site": 0.3,
}

# Cue nouns before a name (match keys) → the kinds of place they announce, the likeliest first.
_HINTS: dict[str, tuple[str, ...]] = {}
for _words, _features in (
    (("مدينة", "المدينة", "مدينتي", "مدن"), ("city", "town")),
    (("بلدة", "البلدة", "بلدات", "بلدتي"), ("town", "village")),
    (("قرية", "القرية", "قرى", "قريتي"), ("village", "town")),
    (("حي", "احياء", "حيي", "ضاحية"), ("neighbourhood",)),
    (("محافظة", "ولاية", "اقليم", "شعبية"), ("admin1",)),
    (("منطقة",), ("admin2", "region", "admin3")),
    (("ناحية",), ("admin3",)),
    (("ريف", "ارياف"), ("countryside", "admin1")),
    (("مخيم",), ("camp",)),
    (("مطار",), ("airport", "base")),
    (("قاعدة",), ("base", "airport")),
    (("معبر",), ("crossing",)),
    (("ميناء", "مرفا"), ("port",)),
    (("جبل", "جبال"), ("mountain", "region")),
    (("سهل", "وادي", "صحراء", "بادية"), ("region",)),
    (("دولة", "بلاد"), ("country",)),
):
    for _w in _words:
        _HINTS[match_key(_w)] = _features


@dataclass(slots=True)
class GeoContext:
    """What the article says that helps choose among same-named places.

    ``countries``: country weights (any scale; ranking uses each weight relative to the largest).
    ``near``: places already resolved in the article. ``parent_key``: the match key of a place named as this
    one's container («دوما بريف دمشق» → ``match_key("ريف دمشق")``); proclitics on it («بريف») are tolerated.
    ``parents``: that parent's candidates when the caller already has them (else looked up in ``gazetteer``,
    by default the index in the data directory). ``feature_hint``: a cue noun before the name («قرية», «حي»),
    as a word or its match key.
    """

    countries: dict[str, float] = field(default_factory=dict)
    near: list[Place] = field(default_factory=list)
    parent_key: str | None = None
    parents: list[Place] | None = None
    feature_hint: str | None = None
    gazetteer: Gazetteer | None = None


@dataclass(frozen=True, slots=True)
class Ranked:
    place: Place
    score: float  # 0..1: the weighted evidence over what this context could have given
    reason: str


def default_extent_km(p: Place) -> float:
    """A rough radius: how far from its point a place still contains things."""
    if p.extent_km:
        return p.extent_km
    if p.feature == "city":
        return min(25.0, 3.0 + math.sqrt(p.population or 0) / 100.0)
    return {"country": 500.0, "admin1": 80.0, "countryside": 40.0, "region": 30.0, "admin2": 30.0, "admin3": 12.0,
            "mountain": 10.0, "town": 4.0, "village": 2.0, "neighbourhood": 1.5}.get(p.feature, 2.0)


def feature_hint_of(word: str) -> tuple[str, ...] | None:
    """The kinds of place a cue noun announces, likeliest first («قرية» → village, town), or None."""
    return _HINTS.get(match_key(word)) or _HINTS.get(word)


# ----------------------------------------------------------------------------------------------------- parents

_PROCLITICS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_HEAD_WORDS = frozenset(match_key(w) for w in ("مدينة", "بلدة", "قرية", "حي", "منطقة", "ناحية", "مخيم"))


def _key_variants(key: str) -> list[str]:
    """«بريف دمشق» → «ريف دمشق»; «وبالرقة» → «الرقة»; «للرقة» → «الرقة»; «مدينة الرقة» → «الرقة»."""
    out = [key]
    first, _, rest = key.partition(" ")
    tail = f" {rest}" if rest else ""
    w = first
    if len(w) > 3 and w[0] in _PROCLITICS:
        w = w[1:]
        out.append(w + tail)
    if len(w) > 3 and w.startswith("لل"):
        out.append("ال" + w[2:] + tail)
    if len(w) > 3 and w[0] in _PREPOSITIONS:
        out.append(w[1:] + tail)
    for v in list(out):
        head, _, name = v.partition(" ")
        if name and head in _HEAD_WORDS:
            out.append(name)
    return list(dict.fromkeys(out))


_GAZ_LOCK = threading.Lock()
_GAZ: dict[str, Gazetteer] = {}


def _default_gazetteer() -> Gazetteer:
    home = str(data_home())
    with _GAZ_LOCK:
        gaz = _GAZ.get(home)
        if gaz is None:
            gaz = _GAZ[home] = Gazetteer.open()
    return gaz


def parent_candidates(parent_key: str, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The places a parent key may name, trying it as given and then without proclitics or a head noun."""
    gaz = gazetteer or _default_gazetteer()
    for k in _key_variants(parent_key):
        found = gaz.lookup(k)
        if found:
            return found
    return []


def _containment(c: Place, p: Place) -> tuple[float, str]:
    """How well ``p`` (a named parent) contains candidate ``c``: (score, reason)."""
    label = p.name or p.name_ar
    if p.feature == "country":
        return (1.0, f"in {label} (named parent)") if c.country_code == p.country_code else (0.0, "")
    if c.country_code != p.country_code and p.feature in ("admin1", "admin2", "countryside"):
        return 0.0, ""
    ext = default_extent_km(p)
    if c.admin1 and p.admin1 and c.country_code == p.country_code and (
            p.feature == "admin1" or (p.feature == "countryside" and ext >= 40)):
        if c.admin1 == p.admin1:
            return 1.0, f"in {p.admin1} (named parent)"
        return 0.0, f"not in {p.admin1} (named parent)"
    if p.feature == "admin2" and c.admin2 and c.admin2 == p.name:
        return 1.0, f"in {label} (named parent)"
    d = haversine_km(c.lat, c.lon, p.lat, p.lon)
    if d <= ext:
        return 0.9 + 0.1 * (1 - d / ext), f"{d:.0f} km from {label} (named parent)"
    s = max(0.0, 0.8 * (1 - (d - ext) / (ext + 50)))
    return s, f"{d:.0f} km from {label} (named parent)"


# ----------------------------------------------------------------------------------------------------- ranking


def _pop_label(pop: int | None) -> str:
    if not pop:
        return ""
    if pop >= 1_000_000:
        return f"population {pop / 1e6:.1f}M"
    if pop >= 1000:
        return f"population {pop // 1000}k"
    return f"population {pop}"


def rank(candidates: list[Place], ctx: GeoContext | None = None) -> list[Ranked]:
    """Candidates best first, each with its score and a human-readable reason."""
    ctx = ctx or GeoContext()
    if not candidates:
        return []
    parents: list[Place] = []
    if ctx.parents is not None:
        parents = list(ctx.parents)
    elif ctx.parent_key:
        parents = parent_candidates(ctx.parent_key, ctx.gazetteer)
    countries = {c: w for c, w in ctx.countries.items() if w > 0}
    cmax = max(countries.values(), default=0.0)
    near = [p for p in ctx.near if p.feature != "country"]
    hint: tuple[str, ...] | None = None
    if ctx.feature_hint:
        hint = feature_hint_of(ctx.feature_hint)
    cand_ids = {c.id for c in candidates}
    parents = [p for p in parents if p.id not in cand_ids]
    near = [p for p in near if p.id not in cand_ids]

    possible = W_FEATURE + W_POP + (W_PARENT if parents else 0) + (W_COUNTRY if countries else 0) + (
        W_NEAR if near else 0)
    out: list[Ranked] = []
    for c in candidates:
        parts: list[str] = []
        score = 0.0
        if parents:
            best, why = max((_containment(c, p) for p in parents), key=lambda t: t[0])
            score += W_PARENT * best
            if why:
                parts.append(why)
        if countries:
            w = countries.get(c.country_code, 0.0)
            score += W_COUNTRY * (w / cmax)
            parts.append(f"country {c.country_code} from context ({w:.2g})" if w
                         else f"country {c.country_code} not in context")
        if near:
            s, why = _nearness(c, near)
            score += W_NEAR * s
            if why:
                parts.append(why)
        fs = FEATURE_PRIOR.get(c.feature, 0.3)
        if hint is not None:
            # The announced kind first, the others it may also be next, anything else halved.
            fs = 1.0 if c.feature == hint[0] else 0.7 if c.feature in hint else fs * 0.5
            parts.append(f"{c.feature} ({'fits' if c.feature in hint else 'against'} cue «{ctx.feature_hint}»)")
        else:
            parts.append(c.feature)
        score += W_FEATURE * fs
        score += W_POP * min(1.0, math.log10((c.population or 0) + 1) / 7.0)
        pl = _pop_label(c.population)
        if pl:
            parts.append(pl)
        out.append(Ranked(c, round(score / possible, 4), "; ".join(parts)))
    order = {f: i for i, f in enumerate(FEATURES)}
    out.sort(key=lambda r: (-r.score, order.get(r.place.feature, 99), -(r.place.population or 0), r.place.id))
    return out


def _nearness(c: Place, near: list[Place]) -> tuple[float, str]:
    best, why = 0.0, ""
    for p in near:
        label = p.name or p.name_ar
        if p.feature == "admin1" and c.admin1 and c.admin1 == p.admin1 and c.country_code == p.country_code:
            s, w = 1.0, f"in {p.admin1}, named earlier"
        else:
            d = haversine_km(c.lat, c.lon, p.lat, p.lon)
            s = math.exp(-max(0.0, d - default_extent_km(p)) / 150.0)
            w = f"{d:.0f} km from {label}, named earlier"
        if s > best:
            best, why = s, w
    return best, why


# ----------------------------------------------------------------------------------------------------- country hints


def country_weights(codes: Iterable[str | None], *, extra: dict[str, float] | None = None) -> dict[str, float]:
    """Country counts → weights summing to 1 (``extra`` adds fixed amounts first, e.g. the dateline's country)."""
    acc: dict[str, float] = dict(extra or {})
    for c in codes:
        if c:
            acc[c] = acc.get(c, 0.0) + 1.0
    total = sum(acc.values())
    return {c: v / total for c, v in acc.items()} if total else {}


@functools.lru_cache(maxsize=1)
def _country_words() -> dict[str, str]:
    """match key → country code, from demonyms.tsv (with inflections) and the curated countries' Arabic names."""
    from marsad.geo.gazetteer import _data_text, _read_tsv_text

    out: dict[str, str] = {}
    for _, row in _read_tsv_text(_data_text("demonyms.tsv"), "demonyms.tsv", required=("country", "stems")):
        for stem in row["stems"].split("|"):
            stem = stem.strip()
            if not stem:
                continue
            base = stem[:-1] if stem.endswith("ة") else stem  # «سورية» is also the adjective's feminine
            forms = {stem, base, base + "ة", base + "ين", base + "ون"}
            forms.update(w.strip() for w in row.get("other", "").split("|") if w.strip())
            for f in forms:
                out[match_key(f)] = row["country"]
                if " " not in f:
                    out[match_key("ال" + f)] = row["country"]
    for _, row in _read_tsv_text(_data_text("curated.tsv"), "curated.tsv", required=("feature", "names_ar")):
        if row["feature"] == "country":
            for n in row["names_ar"].split("|"):
                if n.strip():
                    out.setdefault(match_key(n), row["country"])
    return out


def country_of_text_hint(key: str) -> str | None:
    """The country a word or phrase points to: «السوري», «العراقية», «الروس»… or a country's name.

    >>> country_of_text_hint("العراقية"), country_of_text_hint("الأمريكيين"), country_of_text_hint("سوريا")
    ('IQ', 'US', 'SY')
    """
    return _country_words().get(match_key(key))
