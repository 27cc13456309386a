"""Logins, CSRF, API tokens and the review workflow over HTTP: accept, reject, edit, revert, merge, split, the
audit trail, and exports that use the reviewed values."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from urllib.parse import quote

import pytest

from tests.api.seed import PASSWORD, USER
from tests.api.test_api import AIRSTRIKE, err

HOST = "http://127.0.0.1:8000"


def review(client, csrf: str | None, ident: str = AIRSTRIKE, **body):
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    return client.post(f"/api/events/{ident}/review", json={"status": "accepted", **body}, headers=headers)


def test_login_sets_a_strict_httponly_cookie_and_returns_the_csrf_token(client):
    err(client.post("/api/login", json={"username": USER, "password": "wrong password"}), 401, "E-AUTH-LOGIN")
    err(client.post("/api/login", json={"username": "nobody", "password": PASSWORD}), 401, "E-AUTH-LOGIN")
    assert client.get("/api/me").json()["username"] is None
    r = client.post("/api/login", json={"username": USER, "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "marsad_session=" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    me = client.get("/api/me").json()
    assert me == {"username": USER, "csrf_token": r.json()["csrf_token"], "via": "session"}
    # the database keeps only hashes
    accounts = client.app.state.store.accounts
    assert accounts.session_user(client.cookies["marsad_session"])[0].username == USER
    from sqlalchemy import select

    from marsad.store.tables import user_sessions, users

    with client.app.state.store.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar()
        tokens = conn.execute(select(user_sessions.c.token_hash)).scalars().all()
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert client.cookies["marsad_session"] not in tokens


def test_login_is_json_only(client):
    r = client.post("/api/login", data={"username": USER, "password": PASSWORD})  # a cross-site form cannot log in
    err(r, 422, "E-REQUEST")


def test_csrf_is_required_on_every_post_of_a_session(logged_in):
    client, csrf = logged_in
    err(review(client, None), 403, "E-AUTH-CSRF")
    err(review(client, "not-the-token"), 403, "E-AUTH-CSRF")
    err(client.post("/api/articles", json={"text": "نص"}), 403, "E-AUTH-CSRF")
    err(client.post("/api/logout"), 403, "E-AUTH-CSRF")
    assert client.get(f"/api/events/{AIRSTRIKE}").json()["review_status"] == "unreviewed"  # nothing changed
    # a page of another origin is refused even with the token
    err(client.post(f"/api/events/{AIRSTRIKE}/review", json={"status": "accepted"},
                    headers={"X-CSRF-Token": csrf, "Origin": "http://evil.test"}), 403, "E-AUTH-CSRF")
    ok = client.post(f"/api/events/{AIRSTRIKE}/review", json={"status": "accepted"},
                     headers={"X-CSRF-Token": csrf, "Origin": HOST})
    assert ok.status_code == 200, ok.text
    assert client.get(f"/api/events/{AIRSTRIKE}").json()["review_status"] == "accepted"


def test_logout_closes_the_session(logged_in):
    client, csrf = logged_in
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.get("/api/me").json()["username"] is None
    err(review(client, csrf), 401, "E-AUTH-REQUIRED")


def test_api_tokens(client, token, app):
    err(client.post(f"/api/events/{AIRSTRIKE}/review", json={"status": "rejected"}), 401, "E-AUTH-REQUIRED")
    bearer = {"Authorization": f"Bearer {token}"}
    r = client.post(f"/api/events/{AIRSTRIKE}/review", json={"status": "rejected"}, headers=bearer)
    assert r.status_code == 200, r.text  # no CSRF token needed: a browser never sends this header by itself
    assert client.get("/api/me", headers=bearer).json()["via"] == "token"
    err(client.get("/api/events", headers={"Authorization": "Bearer mrs_forged"}), 401, "E-AUTH-REQUIRED")
    err(client.get("/api/events", headers={"Authorization": "Basic YWxhZGRpbjpvcGVu"}), 401, "E-AUTH-REQUIRED")
    accounts = app.state.store.accounts
    assert accounts.list_tokens(USER)[0].last_used_at is not None  # `marsad user list` shows it
    accounts.revoke_token(accounts.list_tokens(USER)[0].id)
    err(client.post(f"/api/events/{AIRSTRIKE}/review", json={"status": "accepted"}, headers=bearer), 401,
        "E-AUTH-REQUIRED")


def test_reading_can_require_a_login(db, pipeline, token):
    from fastapi.testclient import TestClient

    from marsad.api import create_app

    app = create_app(f"sqlite:///{db}", pipeline=pipeline, read_open=False, web=False)
    with TestClient(app, base_url=HOST) as c:
        err(c.get("/api/events"), 401, "E-AUTH-REQUIRED")
        err(c.get("/api/export/acled-csv"), 401, "E-AUTH-REQUIRED")
        assert c.get("/api/events", headers={"Authorization": f"Bearer {token}"}).json()["total"] == 16
        assert c.get("/api/config").json()["read_open"] is False
    app.state.store.close()


def test_edit_accept_reject_and_exports_use_reviewed_values(logged_in):
    client, csrf = logged_in
    h = {"X-CSRF-Token": csrf}
    ev = client.get(f"/api/events/{AIRSTRIKE}").json()
    v0 = ev["version"]
    r = client.post(f"/api/events/{AIRSTRIKE}/edit", headers=h, json={
        "changes": {"fatalities": 6, "actor2": "Civilians (Syria)", "event_date": "2018-12-17"},
        "expected_version": v0, "comment": "the wire report counts six"})
    assert r.status_code == 200, r.text
    v1 = r.json()["version"]
    assert v1 == v0 + 1
    ev = client.get(f"/api/events/{AIRSTRIKE}").json()
    assert ev["review_status"] == "edited" and ev["reviewed_by"] == USER
    assert ev["values"]["fatalities"] == 6 and ev["overrides"] == {"fatalities": 6, "event_date": "2018-12-17"}
    audit = [a for a in ev["audit"] if a["action"] == "edit"]
    assert {(a["field"], a["before"], a["after"], a["user"]) for a in audit} == {
        ("fatalities", 5, 6, USER), ("event_date", "2018-12-18", "2018-12-17", USER)}
    assert all(a["comment"] == "the wire report counts six" for a in audit)
    # a stale version is refused, nothing changes
    err(client.post(f"/api/events/{AIRSTRIKE}/edit", headers=h,
                    json={"changes": {"fatalities": 9}, "expected_version": v0}), 409, "E-STORE-CONFLICT")
    err(client.post(f"/api/events/{AIRSTRIKE}/edit", headers=h, json={"changes": {"event_type": "Picnic"}}), 409,
        "E-STORE-CONFLICT")
    err(client.post(f"/api/events/{AIRSTRIKE}/edit", headers=h, json={"changes": {"fatalities": -1}}), 409,
        "E-STORE-CONFLICT")
    # exports and the list use the reviewed values
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled-csv", params={"q": "الباغوز"}).text)))
    assert [(r["fatalities"], r["event_date"]) for r in rows] == [("6", "2018-12-17")]
    item = client.get("/api/events", params={"since": "2018-12-17", "until": "2018-12-17"}).json()["items"]
    assert [(i["event_id_cnty"], i["fatalities"], i["edited"]) for i in item] == [
        (AIRSTRIKE, 6, ["event_date", "fatalities"])]
    assert client.get("/api/events", params={"min_fatalities": 6, "q": "الباغوز"}).json()["total"] == 1
    # revert one field
    r = client.post(f"/api/events/{AIRSTRIKE}/revert", headers=h, json={"field": "event_date"})
    assert r.status_code == 200
    assert client.get(f"/api/events/{AIRSTRIKE}").json()["values"]["event_date"] == "2018-12-18"
    # reject: out of the list, the map and the exports unless asked for
    assert review(client, csrf, status="rejected").status_code == 200
    assert client.get("/api/events", params={"q": "الباغوز"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "الباغوز", "status": "rejected"}).json()["total"] == 1
    assert len(list(csv.DictReader(io.StringIO(client.get("/api/export/acled-csv").text)))) == 15
    assert len(list(csv.DictReader(io.StringIO(
        client.get("/api/export/acled-csv", params={"include_rejected": True}).text)))) == 16
    reviewed = client.get("/api/export/geojson", params={"reviewed_only": True}).json()["features"]
    assert reviewed == []
    assert review(client, csrf, status="accepted").status_code == 200
    assert client.get("/api/audit", params={"limit": 1}).json()[0]["after"] == "edited"  # accepted with edits


def test_split_and_merge(logged_in):
    client, csrf = logged_in
    h = {"X-CSRF-Token": csrf}
    ev = client.get(f"/api/events/{AIRSTRIKE}").json()
    wire = ev["reports"][1]["event_id"]
    err(client.post(f"/api/events/{AIRSTRIKE}/split", headers=h, json={"event_id": "sha256:nope#1"}), 404,
        "E-STORE-NOT-FOUND")
    r = client.post(f"/api/events/{AIRSTRIKE}/split", headers=h, json={"event_id": wire, "reason": "two strikes"})
    assert r.status_code == 200, r.text
    new = r.json()["id"]
    assert client.get(f"/api/events/{AIRSTRIKE}").json()["n_articles"] == 1
    assert client.get("/api/events/" + quote(new, safe="")).json()["reports"][0]["event_id"] == wire
    assert client.get("/api/stats").json()["totals"]["clusters"] == 17
    # and merged back by a reviewer
    v = client.get(f"/api/events/{AIRSTRIKE}").json()["version"]
    r = client.post(f"/api/events/{AIRSTRIKE}/merge", headers=h,
                    json={"other": wire, "expected_version": v, "reason": "one strike after all"})
    assert r.status_code == 200, r.text
    ev = client.get(f"/api/events/{AIRSTRIKE}").json()
    assert ev["n_articles"] == 2 and ev["reports"][1]["merge_reason"] == f"merged by {USER}: one strike after all"
    # the split-off cluster is gone; its id is the wire report's event id, which now leads to the merged event
    assert client.get("/api/events/" + quote(new, safe="")).json()["event_id_cnty"] == AIRSTRIKE
    actions = [a["action"] for a in ev["audit"]]
    assert "merge" in actions and "split" in actions
    err(client.post(f"/api/events/{AIRSTRIKE}/merge", headers=h, json={"other": AIRSTRIKE}), 409, "E-STORE-CONFLICT")


def test_cli_user_and_serve_errors(db, tmp_path):
    def marsad(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "marsad.cli", *args], input=stdin, capture_output=True,
                              text=True, timeout=120)

    r = marsad("user", "add", "karim", "--db", str(db), stdin="another passphrase\n")
    assert r.returncode == 0 and "karim added" in r.stdout
    r = marsad("user", "add", "karim", "--db", str(db), stdin="another passphrase\n")
    assert r.returncode == 2 and r.stderr.strip() == "marsad: E-USER: user 'karim' exists already"
    r = marsad("user", "add", "nour", "--db", str(db), stdin="short\n")
    assert r.returncode == 2 and "E-USER" in r.stderr and "Traceback" not in r.stderr
    r = marsad("user", "token", "karim", "--label", "bot", "--db", str(db))
    assert r.returncode == 0 and r.stdout.strip().startswith("mrs_")
    listing = marsad("user", "list", "--db", str(db)).stdout
    assert "karim" in listing and "token #" in listing and r.stdout.strip() not in listing
    r = marsad("serve", "--db", str(tmp_path / "missing.db"))
    assert r.returncode == 2 and "E-STORE-CONNECT" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_serve_without_assets_says_how_to_fetch_them(db):
    import os

    env = {**os.environ, "MARSAD_WEB_VENDOR": "/nonexistent/marsad-vendor"}
    r = subprocess.run([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--port", "0"], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "E-WEB-ASSETS" in r.stderr and "make install" in r.stderr


def test_startup_line_says_what_is_open():
    from marsad.api.cli import access_line

    assert access_line("127.0.0.1", True) == "reading is open to this machine; reviewing and ingesting need a login"
    assert "OPEN to anyone who can reach 0.0.0.0" in access_line("0.0.0.0", True)
    assert access_line("0.0.0.0", False) == "reading, reviewing and ingesting need a login"


@pytest.mark.parametrize("password", ["", "x" * 7])
def test_short_passwords_are_refused(app, password):
    from marsad.errors import UserError

    with pytest.raises(UserError, match="too short"):
        app.state.store.accounts.add_user("short", password)
