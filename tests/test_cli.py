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
