"""The PostgreSQL that the benchmarks' Atelier nodes share.

Either a throwaway server that `script/pg start` creates in a temporary folder (stopped and
removed at the end), or one given as a URL (`--database`), which is used as it is. Queries go
through `psql`; the server's CPU is read from /proc when it runs on this machine.

For example:

    pg = Postgres(database=None, workdir="/tmp/x")
    pg.start()                         # script/pg start /tmp/x/pg
    url = pg.fresh_database("a")       # a new, empty database per measurement
    t0 = pg.cpu_ticks()
    ...
    pg.stop()
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def _stat_fields(pid: int) -> list[bytes]:
    with open(f"/proc/{pid}/stat", "rb") as f:
        s = f.read()
    return s[s.rindex(b")") + 2:].split()  # fields[0] is field 3 (state)


class Postgres:
    """A PostgreSQL server for a benchmark run (see the module's comment)."""

    def __init__(self, database: str | None, workdir: str, log=print):
        self.given = database
        self.url = database
        self.workdir = workdir
        self.dir = os.path.join(workdir, "pg") if not database else None
        self.log = log
        self.psql = self._find_psql()
        self.postmaster: int | None = None
        self.children: list[int] = []
        self.databases: list[str] = []
        self.version = None

    @staticmethod
    def _find_psql() -> str:
        for p in sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), reverse=True) + ["/usr/bin/psql"]:
            if os.access(p, os.X_OK):
                return p
        return "psql"

    def start(self) -> str:
        """Starts the throwaway server (unless a URL was given); returns the URL."""
        if self.dir:
            t0 = time.monotonic()
            # PostgreSQL runs as its own user when we are root: it must reach its folder
            os.chmod(self.workdir, os.stat(self.workdir).st_mode | 0o711)
            out = subprocess.run([os.path.join(REPO, "script", "pg"), "start", self.dir],
                                 capture_output=True, text=True, timeout=300)
            if out.returncode != 0:
                raise RuntimeError(f"script/pg start failed: {out.stderr.strip()[-2000:]}")
            self.url = out.stdout.strip().splitlines()[-1]
            self.psql = self._find_psql()  # script/pg may just have installed it
            self.log(f"postgresql: {self.url} (script/pg, {time.monotonic() - t0:.1f}s)")
        else:
            self.log(f"postgresql: {self._redacted(self.url)} (given)")
        self.version = self.query("SHOW server_version")
        self.postmaster = self._find_postmaster()
        if self.postmaster is None:
            self.log("postgresql: not on this machine (or not visible): its CPU is not measured")
        return self.url

    def stop(self):
        if self.dir:  # a given server is left as it is
            subprocess.run([os.path.join(REPO, "script", "pg"), "stop", self.dir],
                           capture_output=True, timeout=120)

    @staticmethod
    def _redacted(url: str) -> str:
        return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url or "")

    def _with_db(self, name: str) -> str:
        base, _, query = self.url.partition("?")
        return base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")

    def fresh_database(self, tag: str) -> str:
        """A new empty database on the throwaway server (a clean baseline for each
        measurement); the given URL as it is otherwise (its tables are reused)."""
        if self.given:
            return self.url
        name = "bench_" + re.sub(r"[^a-z0-9_]", "_", tag.lower())
        self.query(f'DROP DATABASE IF EXISTS "{name}"')
        self.query(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self._with_db(name)

    def query(self, sql: str, url: str | None = None) -> str:
        """Runs one statement with psql; returns its output (unaligned, tuples only)."""
        out = subprocess.run([self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                              "-d", url or self.url, "-c", sql],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"psql: {sql[:80]}: {out.stderr.strip()}")
        return out.stdout.strip()

    # ---- CPU of the server's processes

    def _find_postmaster(self) -> int | None:
        """The postmaster's pid: the parent of a backend of ours, read while it is connected,
        if the server runs on this machine."""
        p = subprocess.Popen([self.psql, "-X", "-q", "-A", "-t", "-d", self.url],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        try:
            p.stdin.write("SELECT pg_backend_pid();\n")
            p.stdin.flush()
            backend = int(p.stdout.readline())
            parent = int(_stat_fields(backend)[1])
            with open(f"/proc/{parent}/comm") as f:
                comm = f.read().strip()
        except (OSError, ValueError):
            return None
        finally:
            p.stdin.close()
            p.wait(30)
        return parent if comm in ("postgres", "postmaster") else None

    def refresh_processes(self):
        """Lists the postmaster's children now (backends, writers, autovacuum); call it
        once the nodes' connection pools are open, outside a measurement (scans /proc)."""
        if self.postmaster is None:
            return
        kids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if int(_stat_fields(int(entry))[1]) == self.postmaster:
                    kids.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
        self.children = kids

    def cpu_ticks(self) -> int:
        """utime+stime of the postmaster, of the children listed by refresh_processes, and
        of the children that exited (the postmaster's cutime+cstime: a backend that ends is
        counted there). A process started after the last refresh counts once it exits."""
        if self.postmaster is None:
            return 0
        try:
            f = _stat_fields(self.postmaster)
        except OSError:
            return 0
        total = int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
        for pid in self.children:
            try:
                f = _stat_fields(pid)
            except OSError:
                continue
            total += int(f[11]) + int(f[12])
        return total
