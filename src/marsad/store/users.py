"""Reviewers' accounts: users with scrypt password hashes, login sessions with a CSRF token, and API tokens.

Nothing secret is stored in the clear: a password becomes ``scrypt$16384$8$1$SALT$HASH`` (stdlib
:func:`hashlib.scrypt`, base64), a session cookie or an API token only its SHA-256.

Usage::

    accounts = Accounts(Store("out/demo.db").engine)
    accounts.add_user("amal", "a long passphrase")
    user = accounts.check_password("amal", "a long passphrase")    # a User, or None
    token, csrf = accounts.open_session(user)                      # the cookie value and its CSRF token
    accounts.session_user(token)                                    # (User, csrf) while the session is valid
    secret = accounts.new_token("amal", label="ingest bot")        # "mrs_…", shown once
    accounts.token_user(secret)                                     # the User, or None
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, exc, func, or_, select, update

from marsad.errors import UserError
from marsad.store.engine import aware, connect
from marsad.store.tables import api_tokens, user_sessions, users

# scrypt at N=2^14, r=8, p=1: 16 MiB and ~50 ms a check (OWASP's minimum for scrypt is N=2^17 at r=8 for
# interactive logins on a server; a reviewer tool on a laptop takes the stdlib's memory cap of 32 MiB instead)
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32
SESSION_HOURS = 12
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[\w.@-]{1,100}$")
# hashed for an unknown user name, so a login takes the same time whether the name exists or not
_DUMMY_HASH = None


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    created_at: datetime
    last_login: datetime | None
    disabled: bool


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    username: str
    label: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash``; a fresh random salt unless one is given."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(r) -> User:
    return User(r.id, r.username, aware(r.created_at), aware(r.last_login), bool(r.disabled))


class Accounts:
    """Users, sessions and tokens in a store's database (each method is one short transaction)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # --- users --------------------------------------------------------------------------------------------------

    def add_user(self, username: str, password: str) -> User:
        if not _USERNAME.match(username or ""):
            raise UserError(f"invalid user name {username!r}: 1-100 letters, digits, '.', '_', '-' or '@'")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"the password is too short: at least {MIN_PASSWORD} characters")
        now = datetime.now(UTC)
        try:
            with connect(self.engine, write=True) as conn, conn.begin():
                if conn.execute(select(users.c.id).where(users.c.username == username)).first():
                    raise UserError(f"user {username!r} exists already")
                conn.execute(users.insert().values(username=username, password_hash=hash_password(password),
                                                   created_at=now, disabled=False))
        except exc.IntegrityError:
            raise UserError(f"user {username!r} exists already") from None
        return self.user(username)

    def set_password(self, username: str, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise UserError(f"the password is too short: at least {MIN_PASSWORD} characters")
        with connect(self.engine, write=True) as conn, conn.begin():
            uid = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
            if uid is None:
                raise UserError(f"no user {username!r}")
            conn.execute(update(users).where(users.c.id == uid).values(password_hash=hash_password(password)))
            conn.execute(delete(user_sessions).where(user_sessions.c.user_id == uid))  # log out everywhere

    def user(self, username: str) -> User:
        with connect(self.engine) as conn, conn.begin():
            r = conn.execute(select(users).where(users.c.username == username)).first()
        if r is None:
            raise UserError(f"no user {username!r}")
        return _user(r)

    def list_users(self) -> list[User]:
        with connect(self.engine) as conn, conn.begin():
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.username))]

    def check_password(self, username: str, password: str) -> User | None:
        """The user when the name and password match an enabled account, else None (same cost either way)."""
        global _DUMMY_HASH
        with connect(self.engine) as conn, conn.begin():
            r = conn.execute(select(users).where(users.c.username == username)).first()
        if r is None:
            _DUMMY_HASH = _DUMMY_HASH or hash_password("not a password", salt=b"0" * 16)
            verify_password(password, _DUMMY_HASH)
            return None
        if not verify_password(password, r.password_hash) or r.disabled:
            return None
        return _user(r)

    # --- sessions -----------------------------------------------------------------------------------------------

    def open_session(self, user: User, *, hours: int = SESSION_HOURS) -> tuple[str, str]:
        """A new session: (cookie token, CSRF token). Expired sessions are swept on the way."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with connect(self.engine, write=True) as conn, conn.begin():
            conn.execute(delete(user_sessions).where(user_sessions.c.expires_at < now))
            conn.execute(user_sessions.insert().values(token_hash=_sha256(token), user_id=user.id, csrf=csrf,
                                                       created_at=now, expires_at=now + timedelta(hours=hours)))
            conn.execute(update(users).where(users.c.id == user.id).values(last_login=now))
        return token, csrf

    def session_user(self, token: str) -> tuple[User, str] | None:
        """(user, CSRF token) of a valid session, else None."""
        if not token:
            return None
        with connect(self.engine) as conn, conn.begin():
            r = conn.execute(select(users, user_sessions.c.csrf, user_sessions.c.expires_at)
                             .join(user_sessions, user_sessions.c.user_id == users.c.id)
                             .where(user_sessions.c.token_hash == _sha256(token))).first()
        if r is None or r.disabled or aware(r.expires_at) <= datetime.now(UTC):
            return None
        return _user(r), r.csrf

    def close_session(self, token: str) -> None:
        with connect(self.engine, write=True) as conn, conn.begin():
            conn.execute(delete(user_sessions).where(user_sessions.c.token_hash == _sha256(token)))

    # --- API tokens ---------------------------------------------------------------------------------------------

    def new_token(self, username: str, *, label: str | None = None) -> str:
        """A new API token for ``username`` (``mrs_`` + 43 characters); only its hash is kept."""
        token = "mrs_" + secrets.token_urlsafe(32)
        with connect(self.engine, write=True) as conn, conn.begin():
            uid = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
            if uid is None:
                raise UserError(f"no user {username!r}")
            conn.execute(api_tokens.insert().values(token_hash=_sha256(token), user_id=uid, label=label,
                                                    created_at=datetime.now(UTC)))
        return token

    def token_user(self, token: str) -> User | None:
        if not token:
            return None
        with connect(self.engine) as conn, conn.begin():
            r = conn.execute(select(users, api_tokens.c.id.label("token_id"))
                             .join(api_tokens, api_tokens.c.user_id == users.c.id)
                             .where(api_tokens.c.token_hash == _sha256(token), api_tokens.c.revoked_at.is_(None))
                             ).first()
        if r is None or r.disabled:
            return None
        return _user(r)

    def touch_token(self, token: str) -> None:
        """Record the token's use, at most once a minute (a busy client does not write on every request)."""
        now = datetime.now(UTC)
        with connect(self.engine, write=True) as conn, conn.begin():
            conn.execute(update(api_tokens).where(
                api_tokens.c.token_hash == _sha256(token),
                or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at < now - timedelta(minutes=1)))
                .values(last_used_at=now))

    def list_tokens(self, username: str | None = None) -> list[TokenInfo]:
        q = (select(api_tokens, users.c.username).join(users, api_tokens.c.user_id == users.c.id)
             .order_by(api_tokens.c.id))
        if username is not None:
            q = q.where(users.c.username == username)
        with connect(self.engine) as conn, conn.begin():
            return [TokenInfo(r.id, r.username, r.label, aware(r.created_at), aware(r.last_used_at),
                              r.revoked_at is not None) for r in conn.execute(q)]

    def revoke_token(self, token_id: int) -> None:
        with connect(self.engine, write=True) as conn, conn.begin():
            n = conn.execute(update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                             .values(revoked_at=datetime.now(UTC))).rowcount
        if not n:
            raise UserError(f"no active token #{token_id}")

    def count(self) -> int:
        with connect(self.engine) as conn, conn.begin():
            return int(conn.execute(select(func.count()).select_from(users)).scalar_one())
