"""Who is asking: a session cookie (with its CSRF token for every state-changing request) or an API token.

- ``POST /api/login`` (JSON ``{"username", "password"}``) sets the ``marsad_session`` cookie (HttpOnly,
  SameSite=Strict, Secure over HTTPS) and returns the session's CSRF token; ``GET /api/me`` returns it again.
- A POST on a session must send ``X-CSRF-Token``; one with ``Authorization: Bearer mrs_…`` needs none (a
  browser never adds that header by itself).
- Any POST whose ``Origin`` is not this server is refused, login included.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from marsad.errors import AuthCsrf, AuthRequired
from marsad.store.users import User

COOKIE = "marsad_session"
CSRF_HEADER = "x-csrf-token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Caller:
    user: User | None
    via: str | None = None  # "session" | "token"
    csrf: str | None = None  # the session's CSRF token
    token: str | None = None  # the session cookie or API token as sent


def identify(request: Request) -> Caller:
    """The caller of ``request`` (cached on the request): a bearer token wins over a cookie."""
    cached = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    accounts = request.app.state.store.accounts
    caller = Caller(None)
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthRequired("the Authorization header must be 'Bearer TOKEN' (marsad user token NAME)")
        user = accounts.token_user(token.strip())
        if user is None:
            raise AuthRequired("unknown or revoked API token")
        accounts.touch_token(token.strip())  # `marsad user list` shows when each token was last used
        caller = Caller(user, "token", token=token.strip())
    elif request.cookies.get(COOKIE):
        found = accounts.session_user(request.cookies[COOKIE])
        if found is not None:
            caller = Caller(found[0], "session", csrf=found[1], token=request.cookies[COOKIE])
    request.state.caller = caller
    return caller


def check_origin(request: Request) -> None:
    """A state-changing request from a page of another origin is refused (a second line behind CSRF tokens)."""
    if request.method in _SAFE:
        return
    origin = request.headers.get("origin")
    if origin is None:  # not a browser, or a same-origin GET-like request
        return
    host = request.headers.get("host", "")
    if origin.split("://", 1)[-1].rstrip("/") != host:
        raise AuthCsrf(f"request from another origin ({origin}) refused")


def reader(request: Request) -> Caller:
    """Reading: open unless the server was started with a login required for reading."""
    caller = identify(request)
    if not request.app.state.read_open and caller.user is None:
        raise AuthRequired("this server requires a login to read (POST /api/login, or Authorization: Bearer)")
    return caller


def writer(request: Request) -> Caller:
    """Reviewing and ingesting: a logged-in user; on a session, the CSRF token must come back in X-CSRF-Token."""
    caller = identify(request)
    if caller.user is None:
        raise AuthRequired("reviewing and ingesting need a login (POST /api/login) or an API token "
                           "(Authorization: Bearer …, from 'marsad user token NAME')")
    if caller.via == "session":
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not hmac.compare_digest(sent, caller.csrf or ""):
            raise AuthCsrf("missing or wrong X-CSRF-Token for this session (GET /api/me gives it)")
    return caller


Reader = Annotated[Caller, Depends(reader)]
Writer = Annotated[Caller, Depends(writer)]
