"""A throw-away PostgreSQL server for the tests: found (or installed with apt-get), initdb'd in a temporary
directory, started on a free port, stopped and deleted at the end.

As root the server runs as the ``postgres`` user (PostgreSQL refuses to run as root). ``PgServer.start()``
raises :class:`PgUnavailable` with the reason when no server can run here; the fixture turns that into a skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PgUnavailable(Exception):
    pass


def find_bin() -> Path | None:
    """The directory holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin (newest)."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found and Path(found).resolve().parent.joinpath("pg_ctl").exists():
            return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
                      if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def install() -> str | None:
    """``apt-get install -y postgresql`` when we are root on Debian; the reason it failed, or None."""
    if os.geteuid() != 0:
        return "PostgreSQL is not installed and installing it needs root"
    if shutil.which("apt-get") is None:
        return "PostgreSQL is not installed and there is no apt-get to install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "install", "-y", "-q", "postgresql"], ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "postgresql"]):
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if p.returncode == 0 and cmd[1] == "install":
            return None
    return f"apt-get install postgresql failed: {(p.stderr or p.stdout).strip().splitlines()[-1:]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self) -> None:
        self.base: Path | None = None
        self.port = 0
        self.bin: Path | None = None
        self.user_kw: dict = {}

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        assert self.bin is not None
        return subprocess.run([str(self.bin / args[0]), *args[1:]], capture_output=True, text=True, timeout=timeout,
                              **self.user_kw)

    def start(self) -> None:
        self.bin = find_bin()
        if self.bin is None:
            reason = install()
            self.bin = find_bin()
            if self.bin is None:
                raise PgUnavailable(reason or "PostgreSQL binaries not found after installing")
        self.base = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
        self.base.chmod(0o755)
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise PgUnavailable("running as root and there is no 'postgres' user to run the server") from None
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
            self.user_kw = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
        data = self.base / "data"
        p = self._run("initdb", "-D", str(data), "-U", "marsad", "--auth=trust", "-E", "UTF8", "--no-locale")
        if p.returncode != 0:
            raise PgUnavailable(f"initdb failed: {p.stderr.strip()[-300:]}")
        for _ in range(5):  # a port taken between choosing and binding: try another
            self.port = free_port()
            opts = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
            p = self._run("pg_ctl", "-D", str(data), "-l", str(self.base / "server.log"), "-o", opts, "-w",
                          "-t", "60", "start")
            if p.returncode == 0:
                return
            time.sleep(0.2)
        log = (self.base / "server.log").read_text(errors="replace")[-400:] if (self.base / "server.log").exists() \
            else p.stderr
        raise PgUnavailable(f"pg_ctl start failed: {log.strip()}")

    def url(self, database: str) -> str:
        return f"postgresql://marsad@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import pg8000.native

        con = pg8000.native.Connection("marsad", host="127.0.0.1", port=self.port, database="postgres")
        try:
            con.run(f'CREATE DATABASE "{name}"')
        finally:
            con.close()
        return self.url(name)

    def stop(self) -> None:
        if self.base is None:
            return
        if self.bin is not None and (self.base / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)
        self.base = None
