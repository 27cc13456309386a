"""``marsad serve`` and ``marsad user`` (parsers in :mod:`marsad.cli`)."""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import socket
import sys

from marsad.errors import BadOption, UserError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def access_line(host: str, read_open: bool) -> str:
    """What the startup line says is open to whom."""
    if not read_open:
        return "reading, reviewing and ingesting need a login"
    if _is_loopback(host):
        return "reading is open to this machine; reviewing and ingesting need a login"
    return (f"reading (events, articles, evidence, exports) is OPEN to anyone who can reach {host}; reviewing and "
            "ingesting need a login (--read-login closes reading too)")


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    from sqlalchemy.engine import make_url

    from marsad.api.app import create_app
    from marsad.store import Store

    if not 0 <= args.port <= 65535:
        raise BadOption(f"--port must be 0-65535, got {args.port}")
    if args.tiles and not args.tiles.startswith(("https://", "http://")):
        raise BadOption("--tiles must be an http(s) URL with {z}, {x} and {y}")
    store = Store(args.db, create=False)
    app = create_app(store=store, read_open=not args.read_login, tiles=args.tiles,
                     tiles_attribution=args.tiles_attribution, web=not args.api_only)
    port = args.port or _free_port(args.host)
    host_in_url = f"[{args.host}]" if ":" in args.host else args.host
    users = store.accounts.count()
    where = make_url(store.url).render_as_string(hide_password=True)
    print(f"marsad: serving http://{host_in_url}:{port}/ on {where}; "
          f"{access_line(args.host, not args.read_login)}"
          + ("" if users else " (no reviewer yet: 'marsad user add NAME')"), flush=True)
    try:
        uvicorn.run(app, host=args.host, port=port, log_level="warning")
    finally:
        store.close()
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise UserError("the two passwords differ")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from marsad.store import Store

    if args.user_command is None:
        raise BadOption("user needs an action: add, passwd, list or token")
    store = Store(args.db, create=args.user_command == "add")
    try:
        accounts = store.accounts
        if args.user_command == "add":
            user = accounts.add_user(args.name, _read_password(args))
            print(f"user {user.username} added")
        elif args.user_command == "passwd":
            accounts.user(args.name)
            accounts.set_password(args.name, _read_password(args))
            print(f"password of {args.name} changed; their sessions are closed")
        elif args.user_command == "list":
            tokens = accounts.list_tokens()
            for u in accounts.list_users():
                last = u.last_login.isoformat(timespec="seconds") if u.last_login else "never"
                print(f"{u.username}\tadded {u.created_at.date()}\tlast login {last}"
                      + ("\tDISABLED" if u.disabled else ""))
                for t in tokens:
                    if t.username == u.username:
                        print(f"  token #{t.id}\t{t.label or '-'}\tcreated {t.created_at.date()}\t"
                              + ("revoked" if t.revoked else "last used "
                                 + (t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "never")))
        else:
            if args.revoke is not None:
                accounts.revoke_token(args.revoke)
                print(f"token #{args.revoke} revoked")
            else:
                if not args.name:
                    raise BadOption("token needs the reviewer's name (or --revoke ID)")
                print(accounts.new_token(args.name, label=args.label))
                print("marsad: shown once; send it as 'Authorization: Bearer TOKEN'", file=sys.stderr)
        return 0
    finally:
        store.close()
