"""The seed article's required events are placed within their gold tolerance, with the embedded default index
and with Who's On First + OCHA imported.

Each index lives in its own temporary MARSAD_HOME; extraction runs in a subprocess with that MARSAD_HOME, so
the session's index (tests/conftest.py, tests/geo/conftest.py) is never touched. Predicted events are matched to
gold events by evidence overlap with ../shared/eval/score.py itself; everything here is skipped without ../shared.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from marsad.geo.gazetteer import build_index, haversine_km

REQUIRED = ("E1", "E4", "E5", "E6", "E7", "E8")
Run = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]  # gold, prediction, score() result


def _load_score(shared: Path) -> ModuleType:
    path = shared / "eval" / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval/score.py is absent")
    spec = importlib.util.spec_from_file_location("marsad_shared_eval_score", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _extract_and_score(shared: Path, home: Path) -> Run:
    seed = shared / "examples" / "seed"
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))
    article = seed / gold.get("article", "article.txt")
    cmd = [sys.executable, "-m", "marsad.cli", "extract", str(article), "--published", gold["published"],
           "--format", "json"]
    if gold.get("publisher"):
        cmd += ["--publisher", gold["publisher"]]
    p = subprocess.run(cmd, env={**os.environ, "MARSAD_HOME": str(home)}, capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    pred = json.loads(p.stdout)
    text = article.read_text(encoding="utf-8")
    return gold, pred, _load_score(shared).score(gold, pred, text)


@pytest.fixture(scope="module")
def default_run(shared: Path, default_home: Path) -> Run:
    """The embedded default index: the session's own (tests/geo/conftest.py), read-only here."""
    return _extract_and_score(shared, default_home)


@pytest.fixture(scope="module")
def wof_ocha_run(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    gaz = shared / "data" / "gazetteer"
    wof, ocha = gaz / "wof_mena", gaz / "ocha_syria"
    if not (wof.exists() and ocha.exists()):
        pytest.skip("../shared/data/gazetteer (WOF, OCHA) not present")
    home = tmp_path_factory.mktemp("marsad_seed_wof_ocha")
    build_index(home=home, wof=wof, ocha=ocha)  # the full import: about 20 s, once per module
    return _extract_and_score(shared, home)


def test_required_events_are_the_expected_ones(shared: Path) -> None:
    gold = json.loads((shared / "examples" / "seed" / "gold.json").read_text(encoding="utf-8"))
    assert tuple(e["id"] for e in gold["events"] if e["required"]) == REQUIRED


@pytest.mark.parametrize(("index", "gold_id"), [
    *[("default", g) for g in REQUIRED],
    *[("wof_ocha", g) for g in REQUIRED],
])
def test_required_event_within_gold_tolerance(request: pytest.FixtureRequest, index: str, gold_id: str) -> None:
    gold, pred, res = request.getfixturevalue(f"{index}_run")
    row = next(r for r in res["rows"] if r["id"] == gold_id)
    assert row["matched"], f"{gold_id} has no predicted event ({index} index)"
    g = next(e for e in gold["events"] if e["id"] == gold_id)["location"]
    ev = pred["events"][row["pred_index"]]
    loc = ev.get("location")
    assert loc and loc.get("latitude") is not None and loc.get("longitude") is not None, (gold_id, ev)
    d = haversine_km(g["lat"], g["lon"], loc["latitude"], loc["longitude"])
    assert d <= g["within_km"], (f"{gold_id}: {loc['name']} ({loc.get('name_ar')}, p{loc['geo_precision']}) is "
                                 f"{d:.0f} km from {g['name']}, tolerance {g['within_km']} km ({index} index)")
    assert row["detail"]["location"] is True  # score.py agrees
