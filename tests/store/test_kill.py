"""Crash safety with real process kills: ``marsad ingest`` is SIGKILLed at 20+ random moments (during start-up
and migration, and in the middle of ingesting), resumed each time, then run to the end. The store must then hold
every input article exactly once, no orphan rows, consistent clusters — and exactly what one uninterrupted
ingest of the same folder stores."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.store import Store
from marsad.store.engine import connect
from marsad.store.tables import articles, clusters, events
from tests.store.texts import generated, published_for

N_ARTICLES = 360
MIN_KILLS = 20
ROOT = Path(__file__).resolve().parents[2]


def _write_folder(folder: Path) -> None:
    folder.mkdir()
    for i, (stem, text) in enumerate(generated(N_ARTICLES)):
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        meta = {"published": published_for(i).isoformat(), "publisher": ["Okaz", "Al Riyadh", "Sabq"][i % 3]}
        (folder / f"{stem}.json").write_text(json.dumps(meta), encoding="utf-8")


def _count(store: Store) -> int:
    from sqlalchemy import exc, func, select

    try:
        with connect(store.engine) as conn, conn.begin():
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())
    except exc.DBAPIError:  # the schema is not there yet
        return 0


def _state(store: Store):
    from sqlalchemy import select

    with connect(store.engine) as conn, conn.begin():
        arts = {r[0]: (r[1], r[2]) for r in conn.execute(select(articles.c.id, articles.c.status,
                                                                articles.c.duplicate_of))}
        evs = {r[0]: r[1] for r in conn.execute(select(events.c.id, events.c.cluster_id))}
        cls = {r[0]: r[1] for r in conn.execute(select(clusters.c.id, clusters.c.event_id_cnty))}
    return arts, evs, cls


def test_kill_nine_during_ingest_then_resume(db_url, pipeline, tmp_path):
    folder = tmp_path / "in"
    _write_folder(folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(folder), "--db", db_url, "--quiet"]
    rng = random.Random(20261202)
    store = Store(db_url, pipeline=pipeline)
    kills = runs = 0
    deadline = time.monotonic() + 150
    while kills < MIN_KILLS and time.monotonic() < deadline:
        runs += 1
        before = _count(store) if runs > 1 else 0
        with (tmp_path / "stderr.txt").open("ab") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        if runs <= 3:  # the first kills land in start-up: imports, the migration, the first transaction
            time.sleep(rng.uniform(0.2, 2.5))
        else:  # the others once this run has stored something, a few articles later
            while proc.poll() is None and _count(store) <= before:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 0.12))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
        else:
            assert proc.returncode == 0, (tmp_path / "stderr.txt").read_text()
            break
    assert kills >= MIN_KILLS, f"only {kills} kills in {runs} runs: the folder ingested too fast"
    assert 0 < _count(store) < N_ARTICLES
    done = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in (tmp_path / "stderr.txt").read_bytes()

    assert store.check() == []
    got = _state(store)
    assert len(got[0]) == N_ARTICLES  # every input article, once (ids are primary keys)

    reference = Store(f"sqlite:///{tmp_path / 'reference.db'}", pipeline=pipeline)
    stats = reference.ingest_paths([folder])
    assert stats.failed == 0 and stats.articles == N_ARTICLES
    assert got == _state(reference)  # same articles, copies, events, clusters and event_id_cnty
    store.close()
    reference.close()


@pytest.fixture(autouse=True)
def _gazetteer_built(pipeline):
    """The killed processes must not be the ones building the gazetteer index (the pipeline fixture did)."""
