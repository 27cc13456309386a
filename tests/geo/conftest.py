"""Gazetteer fixtures: one default index and (when ../shared is present) one richer index per session.

Every index is built into a temporary data directory; ``MARSAD_HOME`` points at the default one for the whole
session so nothing here ever writes to the user's real data directory.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.geo.gazetteer import Gazetteer, build_index

REPO = Path(__file__).resolve().parents[2]
SHARED_GAZ = REPO.parent / "shared" / "data" / "gazetteer"
WOF_FILE = SHARED_GAZ / "wof_mena" / "wof_mena_places.tsv.gz"
OCHA_DIR = SHARED_GAZ / "ocha_syria"


@pytest.fixture(scope="session")
def default_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("marsad_home")
    build_index(home=home)
    old = os.environ.get("MARSAD_HOME")
    os.environ["MARSAD_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("MARSAD_HOME", None)
    else:
        os.environ["MARSAD_HOME"] = old


@pytest.fixture(scope="session")
def gaz(default_home: Path) -> Iterator[Gazetteer]:
    g = Gazetteer.open(default_home, build_if_missing=False)
    yield g
    g.close()


def wof_sample(dest: Path) -> Path:
    """Syria's and Lebanon's WOF rows plus every row named الرمادي or دوما: enough for the import and the
    ambiguity tests, a twentieth of the build time."""
    keep_names = ("الرمادي", "دوما")
    with gzip.open(WOF_FILE, "rt", encoding="utf-8", newline="") as f, \
            gzip.open(dest, "wt", encoding="utf-8", newline="") as out:
        out.write(f.readline())
        for line in f:
            cells = line.split("\t", 6)
            if cells[1] in ("SY", "LB") or any(n in cells[5] for n in keep_names):
                out.write(line)
    return dest


@pytest.fixture(scope="session")
def rich_home(tmp_path_factory: pytest.TempPathFactory, default_home: Path) -> Path:
    if not (WOF_FILE.exists() and OCHA_DIR.exists()):
        pytest.skip("../shared/data/gazetteer (WOF, OCHA) not present")
    home = tmp_path_factory.mktemp("marsad_rich")
    build_index(home=home, wof=wof_sample(home / "wof_sample.tsv.gz"), ocha=OCHA_DIR)
    return home


@pytest.fixture(scope="session")
def rich(rich_home: Path) -> Iterator[Gazetteer]:
    g = Gazetteer.open(rich_home, build_if_missing=False)
    yield g
    g.close()
