"""Reference tables the exports need: countries (ISO codes, ACLED names and regions) and news outlets.

>>> load_countries()["SY"].iso3, load_countries()["SY"].region
('SYR', 'Middle East')
>>> find_country("syr").name, find_country("Palestine").iso2
('Syria', 'PS')
>>> find_publisher("aawsat").name, find_publisher("الشرق الأوسط").reach
('Asharq Al-Awsat', 'regional')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from marsad.errors import DataError
from marsad.text.normalize import match_key

REACHES = ("national", "regional", "international", "new media")


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    iso_numeric: int
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class Publisher:
    id: str
    name: str
    country: str | None
    reach: str


def _rows(*parts: str, columns: int):
    path = resources.files("marsad").joinpath("data", *parts)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise DataError(f"{'/'.join(parts)}:{n}: expected {columns} tab-separated columns, got {len(cells)}")
        yield n, [c.strip() for c in cells]


@functools.cache
def load_countries() -> dict[str, Country]:
    """``data/countries/countries.tsv`` by ISO alpha-2 code."""
    out: dict[str, Country] = {}
    for n, (iso2, iso3, num, name, region) in _rows("countries", "countries.tsv", columns=5):
        if len(iso2) != 2 or len(iso3) != 3 or not num.isdigit():
            raise DataError(f"countries/countries.tsv:{n}: malformed codes {iso2!r} {iso3!r} {num!r}")
        out[iso2] = Country(iso2, iso3, int(num), name, region)
    return out


@functools.cache
def _country_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for c in load_countries().values():
        for key in (c.iso2, c.iso3, c.name):
            index.setdefault(key.casefold(), c)
    return index


def find_country(value: str | None) -> Country | None:
    """A country by ISO alpha-2, alpha-3 or ACLED name, case-insensitively; None when unknown."""
    if not value:
        return None
    return _country_index().get(value.strip().casefold())


@functools.cache
def load_publishers() -> dict[str, Publisher]:
    """``data/publishers/publishers.tsv`` by match key of every name and alias."""
    out: dict[str, Publisher] = {}
    for n, (id_, name, country, reach, aliases) in _rows("publishers", "publishers.tsv", columns=5):
        if reach not in REACHES:
            raise DataError(f"publishers/publishers.tsv:{n}: reach must be one of {', '.join(REACHES)}, got {reach!r}")
        pub = Publisher(id_, name, country or None, reach)
        for alias in (name, id_, *aliases.split("|")):
            if alias.strip():
                out.setdefault(_key(alias), pub)
    return out


def _key(name: str) -> str:
    return match_key(name.strip().casefold())


def find_publisher(name: str | None) -> Publisher | None:
    if not name:
        return None
    return load_publishers().get(_key(name))
