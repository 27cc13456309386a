"""The command line: bad input gives one line on stderr and exit 2; json validates against the contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], capture_output=True, input=stdin, timeout=300)


@pytest.mark.parametrize(("content", "code"), [
    (None, "E-INPUT-MISSING"),
    (b"", "E-INPUT-EMPTY"),
    (b"   \n\n  ", "E-INPUT-EMPTY"),
    (b"\xff\xfe\x00b\x00a\x00d", "E-INPUT-NOT-TEXT"),
    (b"caf\xe9 au lait", "E-INPUT-NOT-TEXT"),
    (b"This is an English sentence about a protest.", "E-INPUT-NOT-ARABIC"),
])
def test_bad_input_one_line_exit_2(tmp_path, content, code):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    p = run("extract", str(path), "--published", "2017-04-25")
    assert p.returncode == 2
    err = p.stderr.decode()
    assert err.count("\n") == 1 and code in err
    assert "Traceback" not in err and p.stdout == b""


def test_directory_is_an_error(tmp_path):
    p = run("extract", str(tmp_path), "--published", "2017-04-25")
    assert p.returncode == 2 and b"E-INPUT-NOT-TEXT" in p.stderr and p.stderr.count(b"\n") == 1


def test_stdin_and_default_date_warning():
    p = run("extract", "-", "--format", "json", stdin="قتل ثلاثة مدنيين في قصف على حلب أمس".encode())
    assert p.returncode == 0, p.stderr
    first = p.stderr.decode().splitlines()[0]
    assert first.startswith("marsad: warning: no --published") and b"Traceback" not in p.stderr
    assert json.loads(p.stdout)["schema_version"] == "1"


def test_bad_published_date():
    p = run("extract", "-", "--published", "25/04/2017", stdin="قتل ثلاثة".encode())
    assert p.returncode == 2 and b"Traceback" not in p.stderr


def _schema():
    path = ROOT.parent / "shared" / "contract" / "event.schema.json"
    if not path.exists():
        pytest.skip("../shared is absent: no contract schema to validate against")
    return json.loads(path.read_text())


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_validate_against_contract(path):
    import jsonschema

    meta = json.loads(path.with_suffix(".json").read_text())
    p = run("extract", str(path), "--published", meta["published"], "--format", "json")
    assert p.returncode == 0, p.stderr.decode()
    out = json.loads(p.stdout)
    jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker()).validate(out)
    text = path.read_text(encoding="utf-8")
    assert out["article"]["title"] == text.split("\n", 1)[0]
    for ev in out["events"]:
        for sp in ev["evidence"] + [s["evidence"] for s in ev["sources"] if s.get("evidence")]:
            assert text[sp["start"]:sp["end"]] == sp["text"]


def test_examples_find_events():
    """Every bundled example reports at least one concrete event, and the set covers the main types."""
    import marsad

    pipeline = marsad.Pipeline()
    types = set()
    for path in EXAMPLES:
        meta = json.loads(path.with_suffix(".json").read_text())
        res = pipeline.extract(path.read_text(encoding="utf-8"), published=meta["published"])
        assert res.events, path.name
        types |= {e.event_type for e in res.events}
    assert {"Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
            "Protests"} <= types


def test_table_format_and_version():
    p = run("extract", str(EXAMPLES[0]), "--published", "2018-11-12")
    assert p.returncode == 0 and "evidence:" in p.stdout.decode()
    assert run("--version").stdout.strip()


# --- the store commands: ingest, export, summary, cluster (issue 7) ------------------------------------------------


def test_ingest_export_summary_and_cluster(tmp_path):
    import csv

    db = tmp_path / "demo.db"
    p = run("ingest", str(ROOT / "examples"), "--db", str(db))
    assert p.returncode == 0, p.stderr.decode()
    out = p.stdout.decode()
    assert f"{len(EXAMPLES)} articles stored" in out and "0 failed" in out and "merged" in out
    again = run("ingest", str(ROOT / "examples"), "--db", str(db))
    assert again.returncode == 0 and f"{len(EXAMPLES)} already stored" in again.stdout.decode()
    summary = run("summary", "--db", str(db)).stdout.decode()
    assert f"articles {len(EXAMPLES)}" in summary and "merged SYR" in summary and "same type family" in summary
    p = run("export", "--format", "acled-csv", "--db", str(db), "--country", "SY")
    assert p.returncode == 0 and p.stdout.startswith(b"event_id_cnty,event_date,year,")
    rows = list(csv.DictReader(p.stdout.decode().splitlines()))
    assert rows and all(r["country"] == "Syria" for r in rows)
    merged = run("export", "--format", "jsonl", "--db", str(db)).stdout.decode().splitlines()
    record = next(json.loads(x) for x in merged if json.loads(x)["n_articles"] > 1)
    for fmt in ("geojson", "parquet"):
        target = tmp_path / f"e.{fmt}"
        assert run("export", "--format", fmt, "--db", str(db), "--out", str(target)).returncode == 0
        assert target.stat().st_size > 0
    shown = run("cluster", "show", record["event_id_cnty"], "--db", str(db))
    assert shown.returncode == 0 and "same type family" in shown.stdout.decode()
    joined = record["reports"][1]["event_id"]
    split = run("cluster", "split", joined, "--db", str(db), "--user", "amal", "--reason", "two strikes")
    assert split.returncode == 0 and f"to {joined} (" in split.stdout.decode()
    assert run("cluster", "recluster", "--db", str(db)).stdout.decode().split(";")[1].strip().startswith("0 moved")


@pytest.mark.parametrize(("args", "code"), [
    (["ingest", "examples", "--db", "mysql://localhost/marsad"], "E-STORE-URL"),
    (["ingest", "examples", "--db", "postgresql://nobody@127.0.0.1:1/marsad"], "E-STORE-CONNECT"),
    (["ingest", "examples", "--db", "/no/such/dir/marsad.db"], "E-STORE-CONNECT"),
    (["ingest", "no-such-folder", "--db", "{tmp}/x.db"], "E-INPUT-MISSING"),
    (["export", "--format", "jsonl", "--db", "{tmp}/none.db"], "E-STORE-CONNECT"),
    (["export", "--format", "parquet", "--db", "{tmp}/none.db"], "E-OPTION"),
    (["export", "--format", "jsonl", "--db", "{tmp}/none.db", "--country", "Atlantis"], "E-OPTION"),
    (["cluster", "split", "sha256:0#1", "--db", "{tmp}/none.db"], "E-STORE-CONNECT"),
])
def test_store_command_errors_are_one_line(tmp_path, args, code):
    p = subprocess.run([sys.executable, "-m", "marsad.cli", *[a.format(tmp=tmp_path) for a in args]],
                       capture_output=True, timeout=300, cwd=ROOT)
    assert p.returncode == 2, p.stderr
    err = p.stderr.decode()
    assert err.count("\n") == 1 and code in err and "Traceback" not in err


def test_unreadable_records_are_reported_and_skipped(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02\xff binary \x00")
    p = run("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.db"))
    assert p.returncode == 1  # some records failed; the others are stored
    lines = p.stderr.decode().splitlines()
    assert len(lines) == 1 and "bad.txt" in lines[0] and lines[0].startswith("marsad: ") and "E-" in lines[0]
    assert "1 articles stored" in p.stdout.decode() and "1 failed" in p.stdout.decode()
    log = tmp_path / "failed.log"
    p = run("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.db"), "--log", str(log))
    assert p.returncode == 1 and "bad.txt" in log.read_text() and "listed in" in p.stderr.decode()
