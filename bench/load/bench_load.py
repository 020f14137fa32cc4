#!/usr/bin/env python3
"""Load benchmark for board rooms: Atelier vs Debian's y-websocket server, same run.

Run it through `script/bench-load` (it raises `ulimit -n`, checks the venv and the
servers). Everything is on loopback; every phase is bounded in count and time.
Method and figures: docs/BENCHMARKS.md ("Load").

Configurations (each on a freshly started server, so baselines are clean):
  A  one room, --clients connections; one writer sends --updates Yjs updates one at a
     time and waits until every reader has it before sending the next.
  B  --clients connections across --rooms rooms; one writer per room at --rate
     updates/s for --duration s (phases spread evenly), latency to the room's readers.
     Memory per loaded room is measured at the start of B: idle RSS, then 1/2 and all
     of the rooms, each with one connection and a small board.
  C  --rooms rooms, one writer and one reader each; the writers step through --c-rates
     updates/s per room; how many updates per second the store commits (config_c).

Servers: `node` (Debian's y-websocket), `atelier` (one node, SQLite) and `cluster`
(--nodes Atelier nodes on one PostgreSQL: a throwaway one from script/pg, or --database;
each configuration gets a fresh database). On the cluster, A's and B's writers are on node
A and the readers alternate over the nodes, so a node-B reader gets each update through
PostgreSQL (NOTIFY, then a read); latency is also given per reader's node, and CPU is
summed over the nodes, with PostgreSQL's processes beside it. `--two-node` runs atelier
and cluster, A, B and C, and prints the cluster against the single node as ratios.

Fan-out latency = the kernel's receive timestamp of the reader's socket data
(SO_TIMESTAMPNS; on loopback, the moment the server's write handed it over) minus the
time the writer handed its frame to its socket; the time this client processed the data
is reported as "client-observed". Updates are real Yjs v1 updates made with pycrdt (a
Y.Map set of key "bench-<seq:08d>"); readers find the key bytes in the update instead of
decoding it. A few "verify" readers decode everything into a pycrdt doc and check it.
"""


from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import secrets
import shutil
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from array import array

import pycrdt
from websockets.client import ClientProtocol
from websockets.http11 import Response
from websockets.protocol import State
from websockets.uri import parse_uri

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from postgres import Postgres  # noqa: E402  (bench/postgres.py)

perf_ns = time.perf_counter_ns
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux; SCM_TIMESTAMPNS == it
TIMESPEC = struct.Struct("@qq")
RECV_SIZE = 1 << 18
ANC_SIZE = socket.CMSG_SPACE(TIMESPEC.size)
CLK_TCK = os.sysconf("SC_CLK_TCK")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- lib0 / y-protocols

def varuint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    out.append(n)
    return bytes(out)


def read_varuint(buf, pos: int):
    n = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, pos
        shift += 7


def sync_msg(sub: int, payload: bytes) -> bytes:
    # message type 0 (sync), sub type, lib0 varUint8Array(payload)
    return b"\x00" + varuint(sub) + varuint(len(payload)) + payload


STEP1_EMPTY_SV = sync_msg(0, b"\x00")  # state vector with 0 clients
STEP2_EMPTY = sync_msg(1, b"\x00\x00")  # update with 0 structs, empty delete set


# --------------------------------------------------------------------------- /proc helpers

def proc_cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as f:
        s = f.read()
    fields = s[s.rindex(b")") + 2:].split()
    # fields[0] is field 3 (state); utime = field 14, stime = field 15
    return int(fields[11]) + int(fields[12])


def proc_status_kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def system_ticks() -> tuple:
    """(busy, steal) jiffies of the whole machine from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...
    busy = v[0] + v[1] + v[2] + v[5] + v[6]
    steal = v[7] if len(v) > 7 else 0
    return busy, steal


def self_cpu_s() -> float:
    return time.process_time()


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def lat_summary(ns_values) -> dict:
    v = sorted(ns_values)
    if not v:
        return {"count": 0}
    ms = lambda x: round(x / 1e6, 3)  # noqa: E731
    return {
        "count": len(v),
        "p50_ms": ms(pct(v, 50)),
        "p90_ms": ms(pct(v, 90)),
        "p99_ms": ms(pct(v, 99)),
        "p999_ms": ms(pct(v, 99.9)),
        "max_ms": ms(v[-1]),
        "mean_ms": ms(sum(v) / len(v)),
    }


# --------------------------------------------------------------------------- servers

def free_port() -> int:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """One server process: Node's y-websocket server, or `atelier serve` on SQLite (or, as a
    node of a Cluster, on the PostgreSQL given as `database`)."""

    node_count = 1

    def __init__(self, kind: str, args, workdir: str, database: str | None = None,
                 label: str | None = None):
        self.kind = kind
        self.label = label or kind
        self.args = args
        self.workdir = workdir
        self.database = database
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.token = secrets.token_hex(16)
        self.data_dir = None
        self.log_path = None
        self.rss_peak = 0
        self._sampler = None
        self.samples = []  # (t_s, rss_kib), every ~0.5 s

    def url(self, room: str, node: int = 0) -> str:
        if self.kind == "node":
            return f"ws://127.0.0.1:{self.port}/{room}"
        return f"ws://127.0.0.1:{self.port}/sync/{room}?token={self.token}"

    def address(self, node: int = 0) -> tuple:
        return "127.0.0.1", self.port

    def db_ticks(self) -> int:
        """CPU of a database outside the server process (none: SQLite runs inside it)."""
        return 0

    def refresh_db_processes(self):
        pass

    def committed(self, prefix: str):
        """Updates committed to boards whose id starts with prefix (None: not readable from
        outside; SQLite's file belongs to the server while it runs)."""
        return None

    def db_transactions(self):
        """Transactions the database committed so far (None: SQLite)."""
        return None

    @property
    def health_path(self):
        return "/" if self.kind == "node" else "/healthz"

    async def start(self, tag: str):
        self.port = free_port()
        self.log_path = os.path.join(self.workdir, f"{self.label}-{tag}.log")
        env = dict(os.environ)
        if self.kind == "node":
            env["NODE_PATH"] = "/usr/share/nodejs"
            env["HOST"] = "127.0.0.1"
            env["PORT"] = str(self.port)
            cmd = [self.args.node_bin, self.args.node_server]
        else:
            self.data_dir = tempfile.mkdtemp(prefix=f"atelier-{tag}-", dir=self.workdir)
            env["ATELIER_ADMIN_TOKEN"] = self.token
            exe = [sys.executable] if self.args.atelier_bin.endswith(".py") else []
            cmd = exe + [self.args.atelier_bin, "serve", "--host", "127.0.0.1", "--port",
                   str(self.port), "--data-dir", self.data_dir] + self.args.atelier_arg
            if self.database:
                cmd += ["--database", self.database] + cluster_loop_args(self.args) + self.args.cluster_arg
        cpus = self.args.server_cpus
        preexec = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, preexec_fn=preexec,
                                     cwd=self.workdir)
        t0 = time.monotonic()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.proc.returncode} at start; "
                                   f"log:\n{self.log_tail()}")
            if await self._healthy():
                break
            if time.monotonic() - t0 > self.args.start_timeout:
                raise RuntimeError(f"{self.label} not healthy after {self.args.start_timeout}s; "
                                   f"log:\n{self.log_tail()}")
            await asyncio.sleep(0.05)
        self.start_s = time.monotonic() - t0
        self.rss_peak = self.rss()
        self._sampler = asyncio.ensure_future(self._sample())
        log(f"{self.label}: pid {self.proc.pid} healthy on 127.0.0.1:{self.port} "
            f"after {self.start_s:.2f}s")

    async def _healthy(self) -> bool:
        answer = await http_get("127.0.0.1", self.port, self.health_path, timeout=2)
        return answer is not None and answer.split(b"\r\n", 1)[0].split()[1:2] == [b"200"]

    async def _sample(self):
        t0 = time.monotonic()
        last = -1.0
        while self.alive():
            try:
                r = self.rss()
            except OSError:
                return
            if r > self.rss_peak:
                self.rss_peak = r
            now = time.monotonic() - t0
            if now - last >= 0.5:
                self.samples.append((round(now, 2), r))
                last = now
            await asyncio.sleep(0.1)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def check_alive(self):
        if not self.alive():
            raise RuntimeError(f"{self.label} died (exit {self.proc.returncode}); "
                               f"log:\n{self.log_tail()}")

    def cpu_ticks(self) -> int:
        return proc_cpu_ticks(self.proc.pid)

    def rss(self) -> int:
        return proc_status_kib(self.proc.pid, "VmRSS")

    def hwm(self) -> int:
        return proc_status_kib(self.proc.pid, "VmHWM")

    def threads(self) -> int:
        return proc_status_kib(self.proc.pid, "Threads")

    async def settled_rss(self, seconds: float) -> int:
        """Wait, then return the smallest of a few RSS samples (GC noise down)."""
        await asyncio.sleep(seconds)
        vals = []
        for _ in range(5):
            vals.append(self.rss())
            await asyncio.sleep(0.1)
        return min(vals)

    def log_tail(self, n=4000) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(0, size - n))
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    async def stop(self) -> dict:
        out = {}
        if self._sampler:
            self._sampler.cancel()
        if self.proc is None:
            return out
        if self.proc.poll() is None:
            t0 = time.monotonic()
            self.proc.send_signal(signal.SIGTERM)
            while self.proc.poll() is None and time.monotonic() - t0 < self.args.stop_timeout:
                await asyncio.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                out["killed"] = True
            out["stop_s"] = round(time.monotonic() - t0, 3)
        out["exit_code"] = self.proc.returncode
        self.logf.close()
        if self.data_dir and not self.args.keep:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return out

    def kill_now(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()



def cluster_loop_args(args) -> list:
    """`--event-loops` for the cluster's nodes: none by default or with 0 (the server's own, a
    loop per core); --cluster-loops N gives each node N, --cluster-loops split this machine's cores
    divided by the nodes (at least 1), as for nodes that share a host (docs/DEPLOY.md)."""
    loops = args.cluster_loops
    if loops == "split":
        return ["--event-loops", str(max(1, len(os.sched_getaffinity(0)) // max(1, args.nodes)))]
    return ["--event-loops", loops] if loops and int(loops) > 0 else []


class Cluster:
    """--nodes Atelier nodes on one PostgreSQL, measured as one server: a client picks its
    node; CPU, RSS and threads are summed over the nodes; PostgreSQL's CPU is read apart
    (db_ticks). Each configuration gets a fresh database on the throwaway server."""

    kind = "cluster"
    label = "cluster"

    def __init__(self, args, workdir: str, pg):
        self.args = args
        self.pg = pg
        self.nodes = [Server("atelier", args, workdir, label=f"cluster-{chr(65 + i)}")
                      for i in range(args.nodes)]
        for n in self.nodes[1:]:
            n.token = self.nodes[0].token  # one admin token for every node
        self.database = None
        self.start_s = 0.0

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    def url(self, room: str, node: int = 0) -> str:
        return self.nodes[node % len(self.nodes)].url(room)

    def address(self, node: int = 0) -> tuple:
        return self.nodes[node % len(self.nodes)].address()

    async def start(self, tag: str):
        self.database = await asyncio.to_thread(
            self.pg.fresh_database, f"{tag}_{secrets.token_hex(3)}")
        for i, n in enumerate(self.nodes):  # one after the other: the first one migrates
            n.database = self.database
            await n.start(tag)
        self.start_s = sum(n.start_s for n in self.nodes)
        await asyncio.to_thread(self.pg.refresh_processes)

    def refresh_db_processes(self):
        """Lists PostgreSQL's processes again (the nodes' pools open connections lazily);
        scans /proc: call it outside a measurement."""
        self.pg.refresh_processes()

    def committed(self, prefix: str) -> int:
        """Updates committed to boards whose id starts with prefix: their positions."""
        out = self.pg.query("SELECT coalesce(sum(head), 0) FROM board_heads "
                            f"WHERE board_id LIKE '{prefix}%'", url=self.database)
        return int(out)

    def db_transactions(self) -> int:
        """Transactions committed in the database (pg_stat_database; a busy backend reports
        its own at most once a second, an idle one within 10 s)."""
        out = self.pg.query("SELECT xact_commit FROM pg_stat_database "
                            "WHERE datname = current_database()", url=self.database)
        return int(out)

    def alive(self) -> bool:
        return all(n.alive() for n in self.nodes)

    def check_alive(self):
        for n in self.nodes:
            n.check_alive()

    def cpu_ticks(self) -> int:
        return sum(n.cpu_ticks() for n in self.nodes)

    def db_ticks(self) -> int:
        return self.pg.cpu_ticks()

    def rss(self) -> int:
        return sum(n.rss() for n in self.nodes)

    def hwm(self) -> int:
        return sum(n.hwm() for n in self.nodes)

    def threads(self) -> int:
        return sum(n.threads() for n in self.nodes)

    @property
    def rss_peak(self) -> int:
        return sum(n.rss_peak for n in self.nodes)  # an upper bound of the sum's peak

    @property
    def samples(self) -> list:
        return [n.samples for n in self.nodes]

    async def settled_rss(self, seconds: float) -> int:
        vals = await asyncio.gather(*(n.settled_rss(seconds) for n in self.nodes))
        return sum(vals)

    def log_tail(self, n=4000) -> str:
        return "\n".join(f"--- {x.label}\n{x.log_tail(n // len(self.nodes))}" for x in self.nodes)

    async def stop(self) -> dict:
        return {x.label: await x.stop() for x in self.nodes}

    def kill_now(self):
        for n in self.nodes:
            n.kill_now()


# --------------------------------------------------------------------------- client

def _fail(fut: asyncio.Future, exc: BaseException):
    if not fut.done():
        fut.set_exception(exc)
        fut.exception()  # retrieved: no "never retrieved" noise for abandoned clients


class Client:
    """One y-websocket client on a raw non-blocking socket driven by the event loop's
    add_reader (no task, no transport per connection). websockets' sans-I/O protocol
    writes and checks the opening handshake and builds (masks) outgoing frames; incoming
    frames are parsed here, and readers decode only enough to find update markers.

    Each read takes the kernel's receive timestamp (SO_TIMESTAMPNS): on loopback the
    kernel stamps a segment when the server's write hands it over, so fan-out latency
    measured with it does not include the time this client takes to get to the socket.
    The time the client processed the data is kept as well ("client-observed")."""

    def __init__(self, run: "Phase", url: str, room: int, doc: pycrdt.Doc | None = None,
                 node: int = 0):
        self.run = run
        self.url = url
        self.room = room
        self.node = node  # which node of a cluster it is connected to
        self.doc = doc  # writers and verify readers keep a real Yjs doc
        self.loop = asyncio.get_running_loop()
        self.opened = self.loop.create_future()
        self.synced = self.loop.create_future()
        self.lost = self.loop.create_future()
        self.proto: ClientProtocol | None = None
        self.sock: socket.socket | None = None
        self.fd = -1
        self.closed = False
        self.wbuf: bytearray | None = None
        self.frag: bytearray | None = None
        self.buf: bytearray | None = bytearray()  # handshake bytes, then partial frames
        self.seen: set[int] = set()
        self.sync_bytes = 0  # sync messages up to and including the first step 2
        self.msgs = 0
        self.awareness_msgs = 0
        self.close_code = None
        self.close_reason = None
        self.protocol_errors = 0
        self.abandoned = False

    async def open(self, host: str, port: int):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock = sock
        try:
            await self.loop.sock_connect(sock, (host, port))
        except BaseException:
            sock.close()
            self.closed = True
            raise
        self.fd = sock.fileno()
        self.loop.add_reader(self.fd, self._readable)
        self.proto = ClientProtocol(parse_uri(self.url), max_size=None)
        self.proto.send_request(self.proto.connect())
        self._flush()
        await asyncio.shield(self.opened)

    # ---- socket I/O
    def _readable(self):
        try:
            data, anc, _flags, _addr = self.sock.recvmsg(RECV_SIZE, ANC_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            self._lost(e)
            return
        t = perf_ns()
        if not data:
            self._lost(None)
            return
        kt = 0
        for lvl, typ, d in anc:
            if typ == SO_TIMESTAMPNS and lvl == socket.SOL_SOCKET:
                sec, nsec = TIMESPEC.unpack_from(d)
                kt = sec * 1_000_000_000 + nsec
        self.data_received(data, t, kt)

    def _write(self, data):
        if self.closed:
            return
        if self.wbuf:
            self.wbuf += data
            return
        try:
            n = self.sock.send(data)
        except (BlockingIOError, InterruptedError):
            n = 0
        except OSError as e:
            self._lost(e)
            return
        if n < len(data):
            self.wbuf = bytearray(data[n:])
            self.loop.add_writer(self.fd, self._writable)

    def _writable(self):
        try:
            n = self.sock.send(self.wbuf)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            self._lost(e)
            return
        del self.wbuf[:n]
        if not self.wbuf:
            self.wbuf = None
            self.loop.remove_writer(self.fd)

    def _flush(self):
        for chunk in self.proto.data_to_send():
            if chunk:
                self._write(chunk)

    def _lost(self, exc):
        if self.closed:
            return
        self.closed = True
        if self.fd >= 0:
            self.loop.remove_reader(self.fd)
            if self.wbuf is not None:
                self.loop.remove_writer(self.fd)
        self.sock.close()
        _fail(self.opened, ConnectionError(f"connection lost: {exc}"))
        _fail(self.synced, ConnectionError(f"connection lost before sync: {exc}"))
        if not self.lost.done():
            self.lost.set_result(exc)
        self.run.on_lost(self)

    def abort(self):
        self._lost(None)

    def send(self, msg: bytes) -> tuple:
        """Send one binary message; returns (monotonic ns, realtime ns) taken just
        before the write."""
        self.proto.send_binary(msg)
        chunks = self.proto.data_to_send()
        t = perf_ns()
        rt = time.time_ns()
        for c in chunks:
            self._write(c)
        return t, rt

    # ---- framing
    def data_received(self, data, t: int, kt: int):
        if self.buf is None:
            # hot path: the chunk starts on a frame boundary (nearly always)
            n = len(data)
            if n >= 2 and data[0] == 0x82 and data[1] < 126 and n == 2 + data[1]:
                self.on_message(data[2:], t, kt)  # exactly one small final binary frame
                return
            self._frames(data, t, kt)
        elif self.opened.done():
            self.buf += data
            data, self.buf = self.buf, None
            self._frames(bytes(data), t, kt)
        else:
            self._handshake(data, t, kt)

    def _handshake(self, data, t, kt):
        # websockets parses and checks the HTTP response; frames that follow it are ours
        self.buf += data
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buf) > 65536:
                _fail(self.opened, ConnectionError("handshake response too long"))
                self.abort()
            return
        head, rest = bytes(self.buf[:end + 4]), bytes(self.buf[end + 4:])
        self.buf = None
        p = self.proto
        p.receive_data(head)
        for ev in p.events_received():
            if isinstance(ev, Response):
                if p.state is State.OPEN:
                    self.opened.set_result(t)
                else:
                    _fail(self.opened, ConnectionError(
                        f"handshake failed: {ev.status_code} {p.handshake_exc!r}"))
                    self.abort()
                    return
        self._flush()
        if not self.opened.done():
            _fail(self.opened, ConnectionError("no handshake response"))
            self.abort()
            return
        if rest:
            self._frames(rest, t, kt)

    def _frames(self, data, t, kt):
        """Parse server frames (unmasked, RFC 6455) from data; keep a partial tail."""
        n = len(data)
        i = 0
        while n - i >= 2:
            b0 = data[i]
            ln = data[i + 1]
            if ln & 0x80:
                self._protocol_error("masked frame from server")
                return
            h = 2
            if ln == 126:
                if n - i < 4:
                    break
                ln = int.from_bytes(data[i + 2:i + 4], "big")
                h = 4
            elif ln == 127:
                if n - i < 10:
                    break
                ln = int.from_bytes(data[i + 2:i + 10], "big")
                h = 10
            if n - i < h + ln:
                break
            payload = data[i + h:i + h + ln]
            i += h + ln
            op = b0 & 0x0F
            fin = b0 & 0x80
            if op == 2:
                if fin:
                    self.on_message(payload, t, kt)
                else:
                    self.frag = bytearray(payload)
            elif op == 0:
                if self.frag is None:
                    self._protocol_error("continuation without start")
                    return
                self.frag += payload
                if fin:
                    m, self.frag = bytes(self.frag), None
                    self.on_message(m, t, kt)
            elif op == 9:  # ping
                self.proto.send_pong(payload)
                self._flush()
            elif op == 10:  # pong
                pass
            elif op == 8:  # close: answer it and drop the connection
                if len(payload) >= 2:
                    self.close_code = int.from_bytes(payload[:2], "big")
                    self.close_reason = payload[2:].decode(errors="replace")
                else:
                    self.close_code = 1005
                try:
                    if self.proto.state is State.OPEN:
                        self.proto.send_close()
                        self._flush()
                except Exception:  # noqa: BLE001
                    pass
                self.abort()
                return
            else:  # text frames and anything else do not belong on a sync socket
                self.protocol_errors += 1
        if i < n:
            self.buf = bytearray(data[i:])

    def _protocol_error(self, what):
        self.protocol_errors += 1
        log(f"client: protocol error from server: {what}")
        self.abort()

    # ---- y-websocket
    def on_message(self, data, t: int, kt: int):
        self.msgs += 1
        if len(data) < 2:
            return
        if data[0] == 0:
            sub = data[1]
            if sub == 2:
                if self.doc is not None:
                    self._apply(data)
                if not self.synced.done():
                    # a server may send stored updates before its step 2
                    self.sync_bytes += len(data)
                self.run.on_update(self, data, t, kt)
            elif sub == 1:
                if self.doc is not None:
                    self._apply(data)
                if not self.synced.done():
                    self.sync_bytes += len(data)
                    self.synced.set_result(t)
            elif sub == 0:
                # the server's step 1: answer with what we have that it lacks
                if self.doc is not None:
                    n, pos = read_varuint(data, 2)
                    sv = bytes(data[pos:pos + n])
                    self.send(sync_msg(1, self.doc.get_update(sv)))
                else:
                    self.send(STEP2_EMPTY)
        elif data[0] == 1:
            self.awareness_msgs += 1

    def _apply(self, data):
        n, pos = read_varuint(data, 2)
        try:
            self.doc.apply_update(bytes(data[pos:pos + n]))
        except Exception as e:  # noqa: BLE001 - counted and reported
            self.protocol_errors += 1
            log(f"verify client: bad update from server: {e!r}")

    def close(self):
        """Start a clean close (close frame); the server's answer or abort() ends it."""
        if self.closed:
            return
        try:
            if self.proto is not None and self.proto.state is State.OPEN:
                self.proto.send_close(1000, "bench done")
                self._flush()
        except Exception:  # noqa: BLE001
            pass


# --------------------------------------------------------------------------- phases

class Phase:
    """Bookkeeping for one configuration on one server."""

    def __init__(self, server: Server, args, name: str):
        self.server = server
        self.args = args
        self.name = name
        self.clients: list[Client] = []
        self.send_ns: list[int] = []  # perf_counter_ns at send, by seq
        self.send_rt: list[int] = []  # time_ns (realtime, the kernel timestamps' clock)
        self.writer_of: list[Client] = []
        self.expected: list[int] = []
        self.got: list[int] = []
        self.last_ns: list[int] = []
        self.klast_ns: list[int] = []
        self.lat = array("q")  # client-observed latency, ns
        self.klat = array("q")  # kernel-arrival latency, ns
        self.klat_node = [array("q") for _ in range(server.node_count)]  # by reader's node
        self.no_kts = 0
        self.echoes = 0
        self.dups = 0
        self.unknown = 0
        self.waiting_seq = -1
        self.round_fut: asyncio.Future | None = None
        self.unexpected_close = 0
        self.closing = False
        self.close_codes: dict = {}

    # callbacks from clients
    def on_update(self, cl: Client, data, t: int, kt: int):
        # markers are the map keys "bench-<8 digits>" (a Yjs update keeps key strings
        # verbatim); a server may merge several updates into one message
        j = data.find(b"bench-")
        while j >= 0:
            digits = data[j + 6:j + 14]
            j = data.find(b"bench-", j + 14)
            try:
                seq = int(digits)
            except ValueError:
                self.unknown += 1
                continue
            if seq >= len(self.send_ns) or self.send_ns[seq] == 0:
                self.unknown += 1
                continue
            if self.writer_of[seq] is cl:
                self.echoes += 1
                continue
            if seq in cl.seen:
                self.dups += 1
                continue
            cl.seen.add(seq)
            self.lat.append(t - self.send_ns[seq])
            if kt:
                k = kt - self.send_rt[seq]
                self.klat.append(k)
                self.klat_node[cl.node].append(k)
                if k > self.klast_ns[seq]:
                    self.klast_ns[seq] = k
            else:
                self.no_kts += 1
            g = self.got[seq] + 1
            self.got[seq] = g
            if t > self.last_ns[seq]:
                self.last_ns[seq] = t
            if g >= self.expected[seq] and seq == self.waiting_seq:
                f = self.round_fut
                if f is not None and not f.done():
                    f.set_result(t)

    def on_lost(self, cl: Client):
        if not self.closing and not cl.abandoned:
            self.unexpected_close += 1
            key = str(cl.close_code)
            self.close_codes[key] = self.close_codes.get(key, 0) + 1

    def new_seq(self, writer: Client, expected: int) -> int:
        self.send_ns.append(0)
        self.send_rt.append(0)
        self.klast_ns.append(0)
        self.writer_of.append(writer)
        self.expected.append(expected)
        self.got.append(0)
        self.last_ns.append(0)
        return len(self.send_ns) - 1

    async def connect(self, specs, label: str) -> dict:
        """specs: list of (room_index, room_name, doc|None[, node]). Opens them with at most
        --concurrency handshakes in flight (on the given node of a cluster); each sends
        sync step 1 (empty state vector) and waits for step 2."""
        loop = asyncio.get_running_loop()
        sem = asyncio.Semaphore(self.args.concurrency)
        errors: list[str] = []
        hs_ns = array("q")
        made: list[Client] = []

        async def one(room_idx, room_name, doc, node=0):
            async with sem:
                cl = None
                for attempt in range(3):
                    try:
                        t0 = perf_ns()
                        cl = Client(self, self.server.url(room_name, node), room_idx, doc, node)
                        await asyncio.wait_for(cl.open(*self.server.address(node)),
                                               self.args.op_timeout)
                        cl.send(STEP1_EMPTY_SV)
                        t1 = await asyncio.wait_for(asyncio.shield(cl.synced), self.args.op_timeout)
                        hs_ns.append(t1 - t0)
                        made.append(cl)
                        return cl
                    except (OSError, ConnectionError, asyncio.TimeoutError) as e:
                        if cl is not None:
                            cl.abandoned = True
                            cl.abort()
                        cl = None
                        errors.append(f"{type(e).__name__}: {e}")
                        await asyncio.sleep(0.2 * (attempt + 1))
                return None

        cpu0, tk0, t0 = self_cpu_s(), self.server.cpu_ticks(), time.monotonic()
        res = await asyncio.gather(*(one(*s) for s in specs))
        wall = time.monotonic() - t0
        cpu1, tk1 = self_cpu_s(), self.server.cpu_ticks()
        self.server.check_alive()
        failed = sum(1 for r in res if r is None)
        if errors:
            log(f"  {label}: {len(errors)} connect errors, e.g. {errors[0]}")
        hs = lat_summary(hs_ns)
        info = {
            "clients": len(specs), "failed": failed, "retried_errors": len(errors),
            "wall_s": round(wall, 3),
            "per_s": round(len(specs) / wall, 1) if wall > 0 else None,
            "handshake_sync_p50_ms": hs.get("p50_ms"), "handshake_sync_p99_ms": hs.get("p99_ms"),
            "server_cpu_s": round((tk1 - tk0) / CLK_TCK, 3),
            "client_cpu_s": round(cpu1 - cpu0, 3),
        }
        if errors:
            info["first_errors"] = errors[:5]
        log(f"  {label}: {len(specs) - failed}/{len(specs)} synced in {wall:.2f}s "
            f"(server cpu {info['server_cpu_s']}s, client cpu {info['client_cpu_s']}s)")
        if failed > max(0, self.args.max_failed_connects):
            raise RuntimeError(f"{label}: {failed} of {len(specs)} clients failed to connect")
        return {"info": info, "clients": res}

    async def close_all(self):
        self.closing = True
        for cl in self.clients:
            cl.close()
        pend = [cl.lost for cl in self.clients if not cl.lost.done()]
        if pend:
            await asyncio.wait(pend, timeout=3)
        for cl in self.clients:
            cl.abort()
        await asyncio.sleep(0.05)


def seed_doc(items: int):
    """A small board: `items` map entries, each a nested map with a short text."""
    doc = pycrdt.Doc()
    m = doc.get("m", type=pycrdt.Map)
    with doc.transaction():
        for i in range(items):
            m[f"item-{i:04d}"] = pycrdt.Map({
                "x": float(i * 10), "y": float(i * 7), "w": 120.0, "h": 80.0,
                "kind": "sticky", "text": pycrdt.Text(f"note {i}: an idea for the pitch"),
            })
    return doc, m, doc.get_update()


def make_update(doc, m, seq: int) -> bytes:
    sv = doc.get_state()
    m[f"bench-{seq:08d}"] = time.time()
    return doc.get_update(sv)


async def http_get(host: str, port: int, path: str, timeout: float) -> bytes | None:
    """The whole answer (status line, headers, body) to a GET with `Connection: close`, or None
    when the server cannot be reached or does not answer within `timeout` seconds."""
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, asyncio.TimeoutError):
        return None
    try:
        w.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        return await asyncio.wait_for(r.read(), timeout)
    except (OSError, asyncio.TimeoutError):
        return None
    finally:
        w.close()


async def persist_buckets(server) -> dict | None:
    """Atelier's `atelier_persist_seconds` histogram (receipt of an update to its durable
    commit), summed over the server's nodes: cumulative counts by upper bound in seconds, and
    "count". None for Node's server, which stores nothing."""
    nodes = getattr(server, "nodes", None) or ([server] if server.kind == "atelier" else [])
    if not nodes:
        return None
    total: dict = {}
    for node in nodes:
        answer = await http_get(*node.address(), "/metrics", timeout=5)
        if answer is None:
            return None
        for line in answer.decode(errors="replace").splitlines():
            if line.startswith('atelier_persist_seconds_bucket{le="'):
                bound = line.split('"')[1]
                key = float("inf") if bound == "+Inf" else float(bound)
            elif line.startswith("atelier_persist_seconds_count "):
                key = "count"
            else:
                continue
            total[key] = total.get(key, 0) + int(float(line.split()[-1]))
    return total


def busy(server: Server | None) -> tuple:
    """(wall ns, client CPU s, server ticks, (machine busy, steal) ticks, client system
    CPU s, database ticks): the server's ticks are summed over a cluster's nodes, the
    database's are PostgreSQL's processes (0 for SQLite, which runs inside the server)."""
    return (perf_ns(), self_cpu_s(), server.cpu_ticks() if server else 0, system_ticks(),
            os.times()[1], server.db_ticks() if server else 0)


BUSY_ZERO = (0, 0.0, 0, (0, 0), 0.0, 0)


def busy_add(acc: list, a, b):
    """Adds the window between two busy() readings to acc (a list of 7 numbers)."""
    acc[0] += b[0] - a[0]
    acc[1] += b[1] - a[1]
    acc[2] += b[2] - a[2]
    acc[3] += b[3][0] - a[3][0]
    acc[4] += b[3][1] - a[3][1]
    acc[5] += b[4] - a[4]
    acc[6] += b[5] - a[5]


def busy_sum(acc: list) -> tuple:
    """A busy() reading of the windows summed in acc (to pass to busy_delta with BUSY_ZERO)."""
    return (acc[0], acc[1], acc[2], (acc[3], acc[4]), acc[5], acc[6])


def busy_delta(a, b) -> dict:
    """CPU use between two busy() readings, in % of one core: the server, this client,
    the database server when it is a process of its own, and everything else on the
    machine (other processes disturb the figures)."""
    wall = (b[0] - a[0]) / 1e9
    if wall <= 0:
        return {}
    client = b[1] - a[1]
    server = (b[2] - a[2]) / CLK_TCK
    db = (b[5] - a[5]) / CLK_TCK
    machine = (b[3][0] - a[3][0]) / CLK_TCK
    out = {"wall_s": round(wall, 3),
           "client_cpu_pct": round(100 * client / wall, 1),
           "server_cpu_pct": round(100 * server / wall, 1),
           "other_cpu_pct": round(100 * max(0.0, machine - client - server - db) / wall, 1),
           "steal_pct": round(100 * (b[3][1] - a[3][1]) / CLK_TCK / wall, 1),
           "client_sys_cpu_pct": round(100 * (b[4] - a[4]) / wall, 1)}
    if b[5] or a[5]:
        out["db_cpu_pct"] = round(100 * db / wall, 1)
    return out


def per_receipt(res: dict, pb: dict):
    """CPU per delivered message (µs) from a phase's busy_delta: server (all nodes), client,
    and with a separate database, the database and server + database."""
    n = res.get("receipts")
    if not n:
        return
    us = lambda key: round(pb.get(key, 0) / 100 * pb["wall_s"] / n * 1e6, 2)  # noqa: E731
    res["client_cpu_us_per_receipt"] = us("client_cpu_pct")
    res["server_cpu_us_per_receipt"] = us("server_cpu_pct")
    if "db_cpu_pct" in pb:
        res["db_cpu_us_per_receipt"] = us("db_cpu_pct")
        res["server_db_cpu_us_per_receipt"] = round(
            res["server_cpu_us_per_receipt"] + res["db_cpu_us_per_receipt"], 2)


def verify_clients(phase: Phase, clients, seqs_by_room: dict, seed_items: int) -> dict:
    ok = bad = 0
    details = []
    for cl in clients:
        if cl is None or cl.doc is None:
            continue
        keys = set(cl.doc.get("m", type=pycrdt.Map).keys())
        want_b = {f"bench-{s:08d}" for s in seqs_by_room.get(cl.room, [])}
        want_i = {f"item-{i:04d}" for i in range(seed_items)}
        missing = (want_b | want_i) - keys
        if missing or cl.protocol_errors:
            bad += 1
            details.append({"room": cl.room, "missing": len(missing),
                            "protocol_errors": cl.protocol_errors})
        else:
            ok += 1
    return {"ok": ok, "bad": bad, "details": details[:5]}


async def config_a(server: Server, args) -> dict:
    ph = Phase(server, args, "A")
    res: dict = {"config": "A", "clients": args.clients, "updates": args.updates}
    res["rss_idle_kib"] = await server.settled_rss(args.settle)
    room = f"bench-a-{secrets.token_hex(3)}"

    # the writer joins first with a small board in its doc, which it hands over in its
    # answer to the server's sync step 1, as a client with offline content does
    wdoc, wmap, seed = seed_doc(args.seed_items)
    c = await ph.connect([(0, room, wdoc)], "A writer")
    writer = c["clients"][0]
    ph.clients.append(writer)
    # (its answer to the server's sync step 1 carried the seed: nothing more to send)
    await asyncio.sleep(0.3)

    readers_n = args.clients - 1
    nverify = min(args.verify, readers_n)
    # on a cluster the writer is on node A and the readers alternate over the nodes
    specs = [(0, room, pycrdt.Doc() if i < nverify else None, i % server.node_count)
             for i in range(readers_n)]
    c = await ph.connect(specs, f"A {readers_n} readers")
    res["connect"] = c["info"]
    readers = [r for r in c["clients"] if r is not None]
    ph.clients.extend(readers)
    res["rss_loaded_kib"] = await server.settled_rss(args.settle)
    res["initial_sync_bytes_reader"] = readers[0].sync_bytes if readers else 0
    server.check_alive()

    # pre-generate the updates (real Yjs updates from the writer's doc)
    updates = [make_update(wdoc, wmap, s) for s in range(args.updates)]
    msgs = [sync_msg(2, u) for u in updates]
    res["update_bytes"] = [min(map(len, msgs)), max(map(len, msgs))]
    nreaders = len(readers)
    timeouts = 0
    win = [0, 0.0, 0, 0, 0, 0.0, 0]  # wall ns, client cpu s, server ticks, machine busy,
    #                                  steal, client system cpu s, database ticks
    fanout_ns = array("q")
    quiet = [0, 0.0, 0, 0, 0, 0.0, 0]  # like win, from send until all readers' sockets had data
    pl = None
    if args.fanout_read == "after":
        # a second epoll set over the readers' sockets, edge-triggered: a socket is reported
        # once when its update arrives, so each check costs O(sockets that became readable
        # since the last one), not O(readable sockets). (Level-triggered, each check handed
        # back every reader that had data: ~1.3 ms of a core every 5 ms while the server
        # fanned out, taken from a server that uses both cores.)
        pl = select.epoll(sizehint=len(readers))
        for r in readers:
            pl.register(r.fd, select.EPOLLIN | select.EPOLLET)
    server.refresh_db_processes()
    gc.collect()
    gc.freeze()
    gc.disable()
    loop = asyncio.get_running_loop()
    b0 = busy(server)
    deadline = time.monotonic() + args.phase_timeout
    try:
        for i in range(args.updates):
            seq = ph.new_seq(writer, nreaders)
            assert seq == i
            ph.waiting_seq = seq
            ph.round_fut = loop.create_future()
            w0 = busy(server)
            t_send, ph.send_rt[seq] = writer.send(msgs[i])
            ph.send_ns[seq] = t_send
            if pl is not None:
                # stay off the CPU while the server fans out: block (no reads) until every
                # reader's socket has data, checking every --fanout-poll s; the kernel
                # timestamps the data on arrival, so reading later changes nothing
                t_end = time.monotonic() + args.round_timeout
                arrived = set()
                while True:
                    time.sleep(args.fanout_poll)
                    arrived.update(fd for fd, _ in pl.poll(0, nreaders))
                    if len(arrived) >= nreaders or time.monotonic() > t_end:
                        break
                wm = busy(server)
                busy_add(quiet, w0, wm)
            try:
                await asyncio.wait_for(ph.round_fut, args.round_timeout)
            except asyncio.TimeoutError:
                timeouts += 1
                log(f"  A: update {seq}: only {ph.got[seq]}/{nreaders} readers after "
                    f"{args.round_timeout}s")
                server.check_alive()
                if timeouts >= 3:
                    raise RuntimeError("A: 3 rounds timed out; giving up")
            w1 = busy(server)
            busy_add(win, w0, w1)
            if ph.last_ns[seq]:
                fanout_ns.append(ph.last_ns[seq] - t_send)
            if time.monotonic() > deadline:
                log("  A: phase time limit reached; stopping early")
                break
            if args.gap > 0:
                await asyncio.sleep(args.gap)
        await asyncio.sleep(0.2)  # late duplicates, echoes
    finally:
        gc.enable()
        gc.unfreeze()
    b1 = busy(server)
    server.check_alive()
    sent = len(ph.send_ns)
    res["sent"] = sent
    res["expected_receipts"] = sent * nreaders
    res["receipts"] = len(ph.lat)
    res["missing"] = sent * nreaders - len(ph.lat)
    res["round_timeouts"] = timeouts
    res["dups"], res["echoes_to_writer"], res["unknown_markers"] = ph.dups, ph.echoes, ph.unknown
    # primary: kernel arrival at the reader's socket; secondary: when this client got to it
    res["latency"] = lat_summary(ph.klat)
    if server.node_count > 1:
        res["latency_by_node"] = {chr(65 + i): lat_summary(v) for i, v in enumerate(ph.klat_node)}
        res["readers_by_node"] = {chr(65 + i): sum(1 for r in readers if r.node == i)
                                  for i in range(server.node_count)}
    res["latency_client_observed"] = lat_summary(ph.lat)
    res["no_kernel_timestamp"] = ph.no_kts
    res["all_readers_reached"] = lat_summary(
        array("q", (k for k in ph.klast_ns if k > 0)))
    res["all_readers_processed"] = lat_summary(fanout_ns)
    res["phase_busy"] = busy_delta(b0, b1)
    res["fanout_read"] = args.fanout_read
    if pl is not None:
        pl.close()
        # CPU use from each send until every reader's socket had the update (client idle)
        res["fanout_busy"] = busy_delta(BUSY_ZERO, busy_sum(quiet))
    per_receipt(res, res["phase_busy"])
    # CPU use summed over the windows from each send to its last receipt only
    res["fanout_window_busy"] = busy_delta(BUSY_ZERO, busy_sum(win))
    res["rss_end_kib"] = server.rss()
    res["rss_peak_kib"] = max(server.rss_peak, server.rss())
    res["vm_hwm_kib"] = server.hwm()
    res["server_threads"] = server.threads()
    res["verify"] = verify_clients(ph, ph.clients[1:], {0: list(range(sent))}, args.seed_items)
    res["unexpected_closes"] = ph.unexpected_close
    res["close_codes"] = ph.close_codes
    await ph.close_all()
    return res


async def config_b(server: Server, args) -> dict:
    ph = Phase(server, args, "B")
    rooms = args.rooms
    per_room = args.clients // rooms
    res: dict = {"config": "B", "clients": per_room * rooms, "rooms": rooms,
                 "per_room": per_room, "rate_per_room": args.rate, "duration_s": args.duration}
    tag = secrets.token_hex(3)
    names = [f"bench-b-{tag}-{r:03d}" for r in range(rooms)]
    # warm up code paths (JIT, lazy init, first database use) with one throwaway room,
    # so that the per-room figure is the cost of one more room
    wd = seed_doc(args.seed_items)
    c = await ph.connect([(-1, f"bench-b-{tag}-warmup", wd[0])], "B warm-up room")
    warm = c["clients"][0]
    await asyncio.sleep(0.3)
    ph.closing = True
    warm.close()
    await asyncio.wait([warm.lost], timeout=3)
    ph.closing = False
    res["rss_idle_kib"] = await server.settled_rss(args.settle)

    # 1. one writer per room, each brings a small board (in its answer to the server's
    # sync step 1) -> memory per loaded room.
    # Rooms open in two halves: the average over all rooms includes one-time growth
    # (heaps, caches); the second half alone gives the marginal cost of one more room.
    docs = [seed_doc(args.seed_items) for _ in range(rooms)]
    half = rooms // 2
    writers = []
    rss_steps = []
    infos = []
    for lo, hi in ((0, half), (half, rooms)):
        if hi <= lo:
            continue
        c = await ph.connect([(r, names[r], docs[r][0]) for r in range(lo, hi)],
                             f"B writers of rooms {lo}..{hi - 1}")
        if any(w is None for w in c["clients"]):
            raise RuntimeError("B: a writer failed to connect")
        ph.clients.extend(c["clients"])
        writers.extend(c["clients"])
        rss_steps.append((hi, await server.settled_rss(max(args.settle, 1.5))))
        infos.append(c["info"])
    res["seed_update_bytes"] = len(docs[0][2])
    res["rss_rooms_loaded_kib"] = rss_steps[-1][1]
    res["rss_rooms_steps_kib"] = rss_steps
    res["mem_per_room_avg_kib"] = round(
        (res["rss_rooms_loaded_kib"] - res["rss_idle_kib"]) / rooms, 2)
    if len(rss_steps) == 2:
        res["mem_per_room_kib"] = round(
            (rss_steps[1][1] - rss_steps[0][1]) / (rss_steps[1][0] - rss_steps[0][0]), 2)
    else:
        res["mem_per_room_kib"] = res["mem_per_room_avg_kib"]
    res["connect_writers"] = infos

    # 2. the other clients of every room
    nverify_rooms = min(args.verify, rooms)
    # on a cluster the writers are on node A and each room's readers alternate over the
    # nodes, starting with node B (the verifying reader of a room is on node B)
    specs = [(r, names[r], pycrdt.Doc() if (r < nverify_rooms and k == 0) else None,
              (k + 1) % server.node_count)
             for k in range(per_room - 1) for r in range(rooms)]
    c = await ph.connect(specs, f"B {len(specs)} readers")
    readers = [x for x in c["clients"] if x is not None]
    ph.clients.extend(readers)
    res["connect_readers"] = c["info"]
    res["rss_all_clients_kib"] = await server.settled_rss(args.settle)
    res["mem_per_connection_kib"] = round(
        (res["rss_all_clients_kib"] - res["rss_rooms_loaded_kib"]) / max(1, len(specs)), 2)
    seeded = sum(1 for x in readers if x.sync_bytes >= len(docs[0][2]) // 2)
    res["readers_synced_with_seed"] = seeded
    readers_per_room = [0] * rooms
    for x in readers:
        readers_per_room[x.room] += 1
    server.check_alive()

    # 3. steady rate: room r sends at T0 + r*period/rooms + k*period
    period = 1.0 / args.rate
    n_per_room = max(1, int(args.duration * args.rate))
    sched = sorted(((r * period / rooms + k * period, r) for k in range(n_per_room)
                    for r in range(rooms)))
    msgs = []
    for (due, r) in sched:
        seq = ph.new_seq(writers[r], readers_per_room[r])
        msgs.append(sync_msg(2, make_update(docs[r][0], docs[r][1], seq)))
    res["update_bytes"] = [min(map(len, msgs)), max(map(len, msgs))]
    lag = array("q")
    server.refresh_db_processes()
    gc.collect()
    gc.freeze()
    gc.disable()
    loop = asyncio.get_running_loop()
    persisted0 = await persist_buckets(server)
    b0 = busy(server)
    t0 = perf_ns() + 50_000_000
    try:
        i = 0
        n = len(sched)
        while i < n:
            now = perf_ns()
            due_ns = t0 + int(sched[i][0] * 1e9)
            if due_ns > now:
                await asyncio.sleep((due_ns - now) / 1e9)
                continue
            while i < n and t0 + int(sched[i][0] * 1e9) <= now:
                r = sched[i][1]
                ts, ph.send_rt[i] = writers[r].send(msgs[i])
                ph.send_ns[i] = ts
                lag.append(ts - (t0 + int(sched[i][0] * 1e9)))
                i += 1
            if not server.alive():
                break
        b1 = busy(server)
        # drain: wait for late receipts, bounded
        expected_total = sum(ph.expected)
        dl = time.monotonic() + args.drain_timeout
        while len(ph.lat) < expected_total and time.monotonic() < dl:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
    finally:
        gc.enable()
        gc.unfreeze()
    server.check_alive()
    persisted1 = await persist_buckets(server)
    if persisted0 is not None and persisted1 is not None:
        # Commits of the steady phase slower than 10 and 50 ms: the disk's fsync stalls (a
        # commit is durable before its broadcast), which Node, storing nothing, never waits for.
        grew = {k: persisted1.get(k, 0) - persisted0.get(k, 0) for k in persisted1}
        res["commits"] = grew.get("count", 0)
        res["commits_by_bound_s"] = {str(k): v for k, v in grew.items() if k != "count"}
        res["commits_over_10ms"] = grew.get("count", 0) - grew.get(0.01, 0)
        res["commits_over_50ms"] = grew.get("count", 0) - grew.get(0.05, 0)
    res["sent"] = len(sched)
    res["expected_receipts"] = sum(ph.expected)
    res["receipts"] = len(ph.lat)
    res["missing"] = res["expected_receipts"] - res["receipts"]
    res["dups"], res["echoes_to_writer"], res["unknown_markers"] = ph.dups, ph.echoes, ph.unknown
    res["latency"] = lat_summary(ph.klat)
    if server.node_count > 1:
        res["latency_by_node"] = {chr(65 + i): lat_summary(v) for i, v in enumerate(ph.klat_node)}
    res["latency_client_observed"] = lat_summary(ph.lat)
    res["no_kernel_timestamp"] = ph.no_kts
    res["send_lag"] = lat_summary(lag)
    res["phase_busy"] = pb = busy_delta(b0, b1)
    per_receipt(res, pb)
    res["rss_end_kib"] = server.rss()
    res["rss_peak_kib"] = max(server.rss_peak, server.rss())
    res["vm_hwm_kib"] = server.hwm()
    res["server_threads"] = server.threads()
    by_room: dict = {}
    for seq, (_, r) in enumerate(sched):
        by_room.setdefault(r, []).append(seq)
    res["verify"] = verify_clients(ph, readers, by_room, args.seed_items)
    res["unexpected_closes"] = ph.unexpected_close
    res["close_codes"] = ph.close_codes
    await ph.close_all()
    return res


async def config_c(server, args) -> dict:
    """Configuration C: the updates per second the store commits for --rooms rooms.

    Room r's writer is on node r mod N and its one reader on the next node, so on a cluster
    every delivery crosses nodes (a delivered update was committed in PostgreSQL and read
    back by the other node). The writers send at each rate of --c-rates (updates/s per
    room, phases spread evenly) for --c-step seconds. Committed = the growth of the rooms'
    positions in PostgreSQL (board_heads) over the step; for SQLite, the deliveries (a
    server broadcasts an update only once committed). A step is sustained when at least
    98 % of what was sent was committed by the end of the step and its p99 latency stayed
    under --c-max-p99-ms; stepping stops after the first step that is not (unless
    --c-all-steps). Each step drains (bounded by --drain-timeout) before the next."""
    ph = Phase(server, args, "C")
    rooms = args.rooms
    nodes = server.node_count
    prefix = f"bench-c-{secrets.token_hex(3)}-"
    names = [f"{prefix}{r:03d}" for r in range(rooms)]
    res: dict = {"config": "C", "rooms": rooms, "nodes": nodes, "step_s": args.c_step,
                 "rates_per_room": args.c_rates}
    docs = [seed_doc(args.seed_items) for _ in range(rooms)]
    c = await ph.connect([(r, names[r], docs[r][0], r % nodes) for r in range(rooms)],
                         f"C writers of {rooms} rooms")
    writers = c["clients"]
    if any(w is None for w in writers):
        raise RuntimeError("C: a writer failed to connect")
    ph.clients.extend(writers)
    nverify = min(args.verify, rooms)
    c = await ph.connect([(r, names[r], pycrdt.Doc() if r < nverify else None, (r + 1) % nodes)
                          for r in range(rooms)], f"C readers of {rooms} rooms")
    readers = [x for x in c["clients"] if x is not None]
    if len(readers) < rooms:
        raise RuntimeError("C: a reader failed to connect")
    ph.clients.extend(readers)
    server.check_alive()

    async def committed_now() -> tuple:
        """(updates committed in the rooms so far, monotonic time of the reading)."""
        n = await asyncio.to_thread(server.committed, prefix)
        t = time.monotonic()
        return (len(ph.lat) if n is None else n), t

    steps = []
    seqs_by_room: dict = {}
    loop_deadline = time.monotonic() + args.phase_timeout
    x0 = await asyncio.to_thread(server.db_transactions)
    n0, _ = await committed_now()
    for rate in args.c_rates:
        period = 1.0 / rate
        n_per_room = max(1, int(args.c_step * rate))
        sched = sorted(((r * period / rooms + k * period, r) for k in range(n_per_room)
                        for r in range(rooms)))
        first = len(ph.send_ns)
        msgs = []
        for (_, r) in sched:
            seq = ph.new_seq(writers[r], 1)
            seqs_by_room.setdefault(r, []).append(seq)
            msgs.append(sync_msg(2, make_update(docs[r][0], docs[r][1], seq)))
        k0, r0 = len(ph.klat), len(ph.lat)
        await asyncio.to_thread(server.refresh_db_processes)
        c0, tc0 = await committed_now()
        lag = array("q")
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            b0 = busy(server)
            t0 = perf_ns() + 20_000_000
            i, n = 0, len(sched)
            while i < n:
                now = perf_ns()
                due_ns = t0 + int(sched[i][0] * 1e9)
                if due_ns > now:
                    await asyncio.sleep((due_ns - now) / 1e9)
                    continue
                while i < n and t0 + int(sched[i][0] * 1e9) <= now:
                    r = sched[i][1]
                    ts, ph.send_rt[first + i] = writers[r].send(msgs[i])
                    ph.send_ns[first + i] = ts
                    lag.append(ts - (t0 + int(sched[i][0] * 1e9)))
                    i += 1
                if not server.alive():
                    break
            b1 = busy(server)
            delivered_in_step = len(ph.lat) - r0
        finally:
            gc.enable()
            gc.unfreeze()
        c1, tc1 = await committed_now()
        td = time.monotonic()
        dl = td + args.drain_timeout
        while len(ph.lat) - r0 < n and time.monotonic() < dl:
            await asyncio.sleep(0.02)
        drain_s = time.monotonic() - td
        c2, _ = await committed_now()
        server.check_alive()
        pb = busy_delta(b0, b1)
        wall = pb["wall_s"]
        committed = c1 - c0
        ticks = (b1[2] - b0[2]) + (b1[5] - b0[5])
        st = {
            "rate_per_room": rate, "sent": n,
            "offered_per_s": round(n / wall, 1),
            "committed_in_step": committed,
            "committed_per_s": round(committed / max(1e-9, tc1 - tc0), 1),
            "committed_fraction": round(committed / n, 4) if n else None,
            "committed_after_drain": c2 - c0,
            "delivered_per_s": round(delivered_in_step / wall, 1),
            "drain_s": round(drain_s, 3),
            "missing_after_drain": n - (len(ph.lat) - r0),
            "latency": lat_summary(ph.klat[k0:]),
            "send_lag": lat_summary(lag),
            "busy": pb,
            "server_db_cpu_us_per_update": round(ticks / CLK_TCK / committed * 1e6, 1)
            if committed > 0 else None,
        }
        p99 = st["latency"].get("p99_ms")
        st["sustained"] = bool(st["committed_fraction"] is not None
                               and st["committed_fraction"] >= 0.98
                               and st["missing_after_drain"] == 0
                               and p99 is not None and p99 <= args.c_max_p99_ms)
        steps.append(st)
        log(f"  C {rate:g}/s/room: offered {st['offered_per_s']}/s, committed "
            f"{st['committed_per_s']}/s ({100 * (st['committed_fraction'] or 0):.1f} %), p99 "
            f"{p99} ms, nodes {pb.get('server_cpu_pct')} % + db {pb.get('db_cpu_pct', 0)} % "
            f"of a core, {'sustained' if st['sustained'] else 'NOT sustained'}")
        if (not st["sustained"] and not args.c_all_steps) or time.monotonic() > loop_deadline:
            break
        await asyncio.sleep(0.5)
    res["steps"] = steps
    if x0 is not None:
        # what a committed update costs in transactions (the nodes' appends and reads);
        # after the idle backends' statistics are in
        await asyncio.sleep(11)
        x1 = await asyncio.to_thread(server.db_transactions)
        n1, _ = await committed_now()
        res["db_transactions"] = x1 - x0
        res["db_transactions_per_update"] = round((x1 - x0) / max(1, n1 - n0), 2)
    ok = [st for st in steps if st["sustained"]]
    res["sustained_per_s"] = max((st["committed_per_s"] for st in ok), default=None)
    res["sustained_offered_per_s"] = max((st["offered_per_s"] for st in ok), default=None)
    res["ceiling_committed_per_s"] = max((st["committed_per_s"] for st in steps), default=None)
    res["sent"] = len(ph.send_ns)
    res["expected_receipts"] = sum(ph.expected)
    res["receipts"] = len(ph.lat)
    res["missing"] = res["expected_receipts"] - res["receipts"]
    res["dups"], res["echoes_to_writer"], res["unknown_markers"] = ph.dups, ph.echoes, ph.unknown
    res["verify"] = verify_clients(ph, readers, seqs_by_room, args.seed_items)
    res["unexpected_closes"] = ph.unexpected_close
    res["close_codes"] = ph.close_codes
    res["rss_end_kib"] = server.rss()
    await ph.close_all()
    return res


# --------------------------------------------------------------------------- report

def fmt(v, nd=1):
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}"


def get(d, path):
    for p in path.split("."):
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


ROWS = [
    # (label, config, path, scale, decimals)
    ("A connect+sync all clients (s)", "A", "connect.wall_s", 1, 2),
    ("A handshake+sync p99 (ms)", "A", "connect.handshake_sync_p99_ms", 1, 1),
    ("A fan-out latency p50 (ms)", "A", "latency.p50_ms", 1, 2),
    ("A fan-out latency p99 (ms)", "A", "latency.p99_ms", 1, 2),
    ("A fan-out latency max (ms)", "A", "latency.max_ms", 1, 2),
    ("A fan-out p99, readers on node A (ms)", "A", "latency_by_node.A.p99_ms", 1, 2),
    ("A fan-out p99, readers on node B (ms)", "A", "latency_by_node.B.p99_ms", 1, 2),
    ("A client-observed p50 (ms)", "A", "latency_client_observed.p50_ms", 1, 2),
    ("A client-observed p99 (ms)", "A", "latency_client_observed.p99_ms", 1, 2),
    ("A last reader reached p50 (ms)", "A", "all_readers_reached.p50_ms", 1, 2),
    ("A last reader reached p99 (ms)", "A", "all_readers_reached.p99_ms", 1, 2),
    ("A missing receipts", "A", "missing", 1, 0),
    ("A server CPU, update phase (% core)", "A", "phase_busy.server_cpu_pct", 1, 1),
    ("A PostgreSQL CPU, update phase (% core)", "A", "phase_busy.db_cpu_pct", 1, 1),
    ("A server CPU per receipt (µs)", "A", "server_cpu_us_per_receipt", 1, 2),
    ("A PostgreSQL CPU per receipt (µs)", "A", "db_cpu_us_per_receipt", 1, 2),
    ("A server + PostgreSQL CPU per receipt (µs)", "A", "server_db_cpu_us_per_receipt", 1, 2),
    ("A client CPU per receipt (µs)", "A", "client_cpu_us_per_receipt", 1, 2),
    ("A server CPU while fanning out (%)", "A", "fanout_busy.server_cpu_pct", 1, 1),
    ("A client CPU while fanning out (%)", "A", "fanout_busy.client_cpu_pct", 1, 1),
    ("A other processes, fanning out (%)", "A", "fanout_busy.other_cpu_pct", 1, 1),
    ("A server CPU, send to last read (%)", "A", "fanout_window_busy.server_cpu_pct", 1, 1),
    ("A client CPU, send to last read (%)", "A", "fanout_window_busy.client_cpu_pct", 1, 1),
    ("A other processes, send to last read (%)", "A", "fanout_window_busy.other_cpu_pct", 1, 1),
    ("A RSS idle (MiB)", "A", "rss_idle_kib", 1 / 1024, 1),
    ("A RSS with all clients (MiB)", "A", "rss_loaded_kib", 1 / 1024, 1),
    ("A RSS peak (MiB)", "A", "rss_peak_kib", 1 / 1024, 1),
    ("B connect+sync the readers (s)", "B", "connect_readers.wall_s", 1, 2),
    ("B latency p50 (ms)", "B", "latency.p50_ms", 1, 2),
    ("B latency p99 (ms)", "B", "latency.p99_ms", 1, 2),
    ("B latency max (ms)", "B", "latency.max_ms", 1, 2),
    ("B commits over 10 ms (of the steady phase's)", "B", "commits_over_10ms", 1, 0),
    ("B commits over 50 ms", "B", "commits_over_50ms", 1, 0),
    ("B latency p99, readers on node A (ms)", "B", "latency_by_node.A.p99_ms", 1, 2),
    ("B latency p99, readers on node B (ms)", "B", "latency_by_node.B.p99_ms", 1, 2),
    ("B client-observed p99 (ms)", "B", "latency_client_observed.p99_ms", 1, 2),
    ("B missing receipts", "B", "missing", 1, 0),
    ("B writer send lag p99 (ms)", "B", "send_lag.p99_ms", 1, 2),
    ("B server CPU, steady phase (% core)", "B", "phase_busy.server_cpu_pct", 1, 1),
    ("B client CPU, steady phase (% core)", "B", "phase_busy.client_cpu_pct", 1, 1),
    ("B server CPU per receipt (µs)", "B", "server_cpu_us_per_receipt", 1, 2),
    ("B PostgreSQL CPU, steady phase (% core)", "B", "phase_busy.db_cpu_pct", 1, 1),
    ("B server + PostgreSQL CPU per receipt (µs)", "B", "server_db_cpu_us_per_receipt", 1, 2),
    ("B client CPU per receipt (µs)", "B", "client_cpu_us_per_receipt", 1, 2),
    ("B other processes, steady (% core)", "B", "phase_busy.other_cpu_pct", 1, 1),
    ("B RSS idle (MiB)", "B", "rss_idle_kib", 1 / 1024, 1),
    ("B RSS rooms loaded, 1 conn each (MiB)", "B", "rss_rooms_loaded_kib", 1 / 1024, 1),
    ("B memory per room, average (KiB)", "B", "mem_per_room_avg_kib", 1, 1),
    ("B memory per room, marginal (KiB)", "B", "mem_per_room_kib", 1, 1),
    ("B RSS with all clients (MiB)", "B", "rss_all_clients_kib", 1 / 1024, 1),
    ("B memory per extra connection (KiB)", "B", "mem_per_connection_kib", 1, 1),
    ("B RSS peak (MiB)", "B", "rss_peak_kib", 1 / 1024, 1),
]


RATIOS = [("atelier", "node"), ("cluster", "atelier")]  # columns "a/b" when both ran


def render(head: list, rows: list) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    lines = ["  ".join(h.ljust(widths[0]) if i == 0 else h.rjust(widths[i])
                       for i, h in enumerate(head)),
             "  ".join("-" * w for w in widths)]
    for r in rows:
        lines.append("  ".join(str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i])
                               for i, c in enumerate(r)))
    return "\n".join(lines)


def ratio(a, b) -> str:
    ok = isinstance(a, (int, float)) and isinstance(b, (int, float)) and b
    return f"{a / b:.2f}" if ok else "—"


def table(results: dict, servers: list) -> str:
    pairs = [(a, b) for a, b in RATIOS if a in servers and b in servers]
    head = ["metric"] + list(servers) + [f"{a}/{b}" for a, b in pairs]
    rows = []
    for label, cfg, path, scale, nd in ROWS:
        vals = []
        present = False
        for s in servers:
            v = get(results.get(s, {}).get(cfg), path)
            if v is not None:
                present = True
                v = v * scale if scale != 1 else v
            vals.append(v)
        if not present:
            continue
        row = [label] + [fmt(float(v) if isinstance(v, (int, float)) and nd else v, nd)
                         if v is not None else "—" for v in vals]
        for a, b in pairs:
            row.append(ratio(vals[servers.index(a)], vals[servers.index(b)]))
        rows.append(row)
    return render(head, rows) if rows else ""


# (label, config, path in the cluster's results, path in the single node's results)
TWO_NODE = [
    ("A fan-out p50, all readers (ms)", "A", "latency.p50_ms", "latency.p50_ms"),
    ("A fan-out p99, all readers (ms)", "A", "latency.p99_ms", "latency.p99_ms"),
    ("A fan-out p99, readers on node B: cross-node (ms)", "A", "latency_by_node.B.p99_ms",
     "latency.p99_ms"),
    ("A last reader reached p50 (ms)", "A", "all_readers_reached.p50_ms",
     "all_readers_reached.p50_ms"),
    ("A server CPU per delivered message, nodes (µs)", "A", "server_cpu_us_per_receipt",
     "server_cpu_us_per_receipt"),
    ("A same, nodes + PostgreSQL (µs)", "A", "server_db_cpu_us_per_receipt",
     "server_cpu_us_per_receipt"),
    ("B latency p50, all readers (ms)", "B", "latency.p50_ms", "latency.p50_ms"),
    ("B latency p99, all readers (ms)", "B", "latency.p99_ms", "latency.p99_ms"),
    ("B latency p99, readers on node B: cross-node (ms)", "B", "latency_by_node.B.p99_ms",
     "latency.p99_ms"),
    ("B server CPU per delivered message, nodes (µs)", "B", "server_cpu_us_per_receipt",
     "server_cpu_us_per_receipt"),
    ("B same, nodes + PostgreSQL (µs)", "B", "server_db_cpu_us_per_receipt",
     "server_cpu_us_per_receipt"),
    ("C updates/s sustained for the rooms", "C", "sustained_per_s", "sustained_per_s"),
    ("C highest committed rate seen (/s)", "C", "ceiling_committed_per_s",
     "ceiling_committed_per_s"),
]


def two_node_table(results: dict, nodes: int) -> str:
    """Two nodes on PostgreSQL against one node on SQLite, same run, as ratios."""
    if "atelier" not in results or "cluster" not in results:
        return ""
    one, two = results["atelier"], results["cluster"]
    rows = []
    for label, cfg, p_two, p_one in TWO_NODE:
        a, b = get(one.get(cfg), p_one), get(two.get(cfg), p_two)
        if a is None and b is None:
            continue
        rows.append([label, fmt(a, 2) if a is not None else "—",
                     fmt(b, 2) if b is not None else "—", ratio(b, a)])
    if not rows:
        return ""
    return render(["metric", "1 node, SQLite", f"{nodes} nodes, PostgreSQL", "ratio"], rows)


def c_table(results: dict) -> str:
    """Configuration C, one row per step and server."""
    rows = []
    for s, per in results.items():
        for st in (per.get("C") or {}).get("steps", []):
            b = st["busy"]
            rows.append([s, f"{st['rate_per_room']:g}", fmt(st["offered_per_s"]),
                         fmt(st["committed_per_s"]),
                         f"{100 * (st['committed_fraction'] or 0):.1f}",
                         fmt(st["latency"].get("p50_ms"), 2), fmt(st["latency"].get("p99_ms"), 2),
                         fmt(b.get("server_cpu_pct")), fmt(b.get("db_cpu_pct")),
                         fmt(b.get("client_cpu_pct")), fmt(b.get("other_cpu_pct")),
                         fmt(st["server_db_cpu_us_per_update"]),
                         "yes" if st["sustained"] else "NO"])
    if not rows:
        return ""
    return render(["server", "/s/room", "offered/s", "committed/s", "% in step", "p50 ms",
                   "p99 ms", "nodes %", "PG %", "client %", "other %", "µs/update",
                   "sustained"], rows)


def targets(results: dict) -> list:
    out = []
    a_n = get(results.get("node", {}).get("A"), "latency.p99_ms")
    a_a = get(results.get("atelier", {}).get("A"), "latency.p99_ms")
    if a_n is not None and a_a is not None:
        ok = a_a <= a_n / 2
        out.append({"target": "A p99 fan-out latency <= half of node's",
                    "values": {"node": a_n, "atelier": a_a}, "met": ok})
    m_n = get(results.get("node", {}).get("B"), "mem_per_room_kib")
    m_a = get(results.get("atelier", {}).get("B"), "mem_per_room_kib")
    v_n = get(results.get("node", {}).get("B"), "mem_per_room_avg_kib")
    v_a = get(results.get("atelier", {}).get("B"), "mem_per_room_avg_kib")
    if v_n is not None and v_a is not None:
        out.append({"target": "memory per loaded room (average) <= node's",
                    "values": {"node": v_n, "atelier": v_a}, "met": v_a <= v_n})
    if m_n is not None and m_a is not None:
        out.append({"target": "memory per loaded room (marginal) <= node's",
                    "values": {"node": m_n, "atelier": m_a}, "met": m_a <= m_n})
    x_b = get(results.get("cluster", {}).get("A"), "latency_by_node.B.p99_ms")
    if a_a is not None and x_b is not None:
        out.append({"target": "A cross-node p99 (readers on node B) <= 2x one SQLite node's",
                    "values": {"atelier": a_a, "cluster node B": x_b}, "met": x_b <= 2 * a_a})
    return out


def versions(args) -> dict:
    v = {"python": platform.python_version()}
    try:
        import websockets
        v["websockets"] = websockets.__version__
    except Exception:  # noqa: BLE001
        pass
    try:
        from importlib.metadata import version
        v["pycrdt"] = version("pycrdt")
    except Exception:  # noqa: BLE001
        pass
    try:
        v["node"] = subprocess.run([args.node_bin, "--version"], capture_output=True,
                                   text=True, timeout=10).stdout.strip()
    except Exception:  # noqa: BLE001
        pass
    for pkg in ("y-websocket", "yjs", "ws"):
        try:
            with open(f"/usr/share/nodejs/{pkg}/package.json") as f:
                v[pkg] = json.load(f).get("version")
        except Exception:  # noqa: BLE001
            pass
    try:
        v["atelier_git"] = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                          capture_output=True, text=True,
                                          timeout=10).stdout.strip()
        if os.path.exists(args.atelier_bin):
            v["atelier_bin_mtime"] = time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(os.path.getmtime(args.atelier_bin)))
    except Exception:  # noqa: BLE001
        pass
    return v


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


# --------------------------------------------------------------------------- main

async def wait_quiet(args, what: str) -> dict:
    """Measure what other processes use for 1 s; with --wait-idle, wait (bounded) until
    they use less than --idle-threshold % of a core."""
    deadline = time.monotonic() + args.wait_idle
    waited = False
    while True:
        b0 = busy(None)
        await asyncio.sleep(1.0)
        d = busy_delta(b0, busy(None))
        if d["other_cpu_pct"] <= args.idle_threshold:
            if waited:
                log(f"machine quiet ({d['other_cpu_pct']}% of a core used by others)")
            return d
        if time.monotonic() >= deadline:
            log(f"WARNING: other processes use {d['other_cpu_pct']}% of a core before {what}; "
                f"figures will be disturbed (run on an otherwise idle machine, "
                f"or pass --wait-idle SECONDS)")
            return d
        if not waited:
            log(f"waiting up to {args.wait_idle:.0f}s for the machine to be quiet "
                f"(others use {d['other_cpu_pct']}% of a core)")
            waited = True


async def run_all(args, servers_alive: list) -> dict:
    results: dict = {s: {} for s in args.servers}
    args.meta["machine_before_run"] = await wait_quiet(args, "the run")
    workdir = tempfile.mkdtemp(prefix="bench-load-")
    args.workdir = workdir
    pg = None
    try:
        if "cluster" in args.servers:
            pg = args.pg = Postgres(args.database, workdir, log=log)
            try:
                await asyncio.to_thread(pg.start)
            except RuntimeError as e:
                raise SystemExit(f"bench-load: PostgreSQL: {e}")
            args.meta["postgresql"] = {
                "version": pg.version, "throwaway": pg.given is None,
                "cpu_measured": pg.postmaster is not None}
        for cfg in args.configs:
            for kind in args.servers:
                if cfg == "C" and kind == "node":
                    continue  # nothing is committed there: C measures a store
                srv = Cluster(args, workdir, pg) if kind == "cluster" else Server(kind, args, workdir)
                servers_alive.append(srv)
                log(f"== config {cfg} on {kind}")
                quiet = await wait_quiet(args, f"config {cfg} on {kind}") if args.wait_idle else None
                try:
                    await srv.start(cfg)
                    fn = {"A": config_a, "B": config_b, "C": config_c}[cfg]
                    r = await asyncio.wait_for(fn(srv, args), args.phase_timeout + 120)
                    r["server_start_s"] = round(srv.start_s, 3)
                    if quiet is not None:
                        r["machine_before"] = quiet
                    r["rss_samples"] = srv.samples[:: max(1, len(srv.samples) // 120)]
                except Exception as e:  # noqa: BLE001 - reported, next one runs
                    log(f"!! config {cfg} on {kind} failed: {e}")
                    r = {"config": cfg, "error": str(e), "server_log_tail": srv.log_tail()}
                r["server_stop"] = await srv.stop()
                servers_alive.remove(srv)
                results[kind][cfg] = r
                summ = r.get("latency", {})
                if summ:
                    log(f"   {kind} {cfg}: p50 {summ.get('p50_ms')} ms, p99 "
                        f"{summ.get('p99_ms')} ms, missing {r.get('missing')}")
                await asyncio.sleep(0.5)
    finally:
        if pg is not None:
            await asyncio.to_thread(pg.stop)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"server logs kept in {workdir}")
    return results


def parse_args(argv=None):
    """The command line, checked (counts bounded, names known, binaries present)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--rooms", type=int, default=200, help="rooms in configurations B and C")
    ap.add_argument("--servers", default=None,
                    help="of node (Debian's y-websocket), atelier (one node, SQLite), cluster "
                         "(--nodes Atelier nodes on one PostgreSQL) [default: node,atelier; "
                         "with --two-node: atelier,cluster]")
    ap.add_argument("--configs", default=None,
                    help="of A, B, C (see the module's comment) [default: A,B; with "
                         "--two-node: A,B,C]")
    ap.add_argument("--two-node", action="store_true",
                    help="two Atelier nodes on one PostgreSQL against one node on SQLite, "
                         "same run: --servers atelier,cluster --configs A,B,C")
    ap.add_argument("--nodes", type=int, default=2, help="nodes of the cluster")
    ap.add_argument("--database", default=None, metavar="URL",
                    help="PostgreSQL for the cluster (default: a throwaway one, script/pg); "
                         "its tables are reused as they are")
    ap.add_argument("--c-rates", default="1,2,4,8,16,32",
                    help="C: rates to step through, updates/s per room")
    ap.add_argument("--c-step", type=float, default=10.0, help="C: seconds per rate")
    ap.add_argument("--c-max-p99-ms", type=float, default=250.0,
                    help="C: a step whose p99 latency exceeds this is not sustained")
    ap.add_argument("--c-all-steps", action="store_true",
                    help="C: run every rate, even after one was not sustained")
    ap.add_argument("--updates", type=int, default=300, help="A: updates, one at a time")
    ap.add_argument("--gap", type=float, default=0.02, help="A: pause between updates (s)")
    ap.add_argument("--fanout-read", choices=["after", "during"], default="after",
                    help="A: 'after' keeps the client off the CPU (no reads) until every "
                         "reader's socket has the update, so the server has the machine to "
                         "itself; 'during' reads concurrently (client and server compete)")
    ap.add_argument("--fanout-poll", type=float, default=0.005,
                    help="A with --fanout-read after: how often the idle client checks "
                         "whether every reader's socket has the update (s)")
    ap.add_argument("--rate", type=float, default=2.0, help="B: updates/s per room")
    ap.add_argument("--duration", type=float, default=30.0, help="B: seconds of steady load")
    ap.add_argument("--seed-items", type=int, default=20, help="items in each room's seed doc")
    ap.add_argument("--verify", type=int, default=3,
                    help="readers (A) / rooms (B) whose reader decodes every update with pycrdt")
    ap.add_argument("--concurrency", type=int, default=100, help="handshakes in flight")
    ap.add_argument("--settle", type=float, default=1.0, help="wait before an RSS reading (s)")
    ap.add_argument("--round-timeout", type=float, default=10.0)
    ap.add_argument("--drain-timeout", type=float, default=10.0)
    ap.add_argument("--op-timeout", type=float, default=15.0, help="per connect/sync step")
    ap.add_argument("--phase-timeout", type=float, default=300.0)
    ap.add_argument("--max-seconds", type=float, default=1800.0, help="whole run")
    ap.add_argument("--max-failed-connects", type=int, default=0)
    ap.add_argument("--start-timeout", type=float, default=60.0)
    ap.add_argument("--stop-timeout", type=float, default=15.0)
    ap.add_argument("--atelier-bin", default=os.path.join(REPO, ".build/release/atelier"))
    ap.add_argument("--atelier-arg", action="append", default=[],
                    help="one more argument for `atelier serve` (repeatable), e.g. "
                         "--atelier-arg=--no-pin-event-loops")
    ap.add_argument("--cluster-arg", action="append", default=[],
                    help="one more argument for the cluster's nodes only (repeatable), e.g. "
                         "--cluster-arg=--no-pin-event-loops")
    ap.add_argument("--cluster-loops", default="",
                    help="event loops per cluster node: a number, or 'split' (this machine's "
                         "cores divided by --nodes, at least 1); default (or 0): the server's "
                         "own, one per core")
    ap.add_argument("--node-bin", default=shutil.which("node") or "/usr/bin/node")
    ap.add_argument("--node-server", default="/usr/share/nodejs/y-websocket/bin/server.js")
    ap.add_argument("--server-cpus", default="", help="pin servers to these CPUs, e.g. 0")
    ap.add_argument("--client-cpus", default="", help="pin this client to these CPUs, e.g. 1")
    ap.add_argument("--wait-idle", type=float, default=0.0,
                    help="before each configuration, wait up to this many seconds until "
                         "other processes use less than --idle-threshold %% of a core")
    ap.add_argument("--idle-threshold", type=float, default=15.0)
    ap.add_argument("--loop", choices=["auto", "uvloop", "asyncio"], default="auto")
    ap.add_argument("--out", default=os.path.join(REPO, "reports", "bench-load.json"))
    ap.add_argument("--keep", action="store_true", help="keep server logs and data dirs")
    args = ap.parse_args(argv)

    args.atelier_bin = os.path.abspath(args.atelier_bin)
    args.out = os.path.abspath(args.out)
    if args.servers is None:
        args.servers = "atelier,cluster" if args.two_node else "node,atelier"
    if args.configs is None:
        args.configs = "A,B,C" if args.two_node else "A,B"
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    args.configs = [c.strip().upper() for c in args.configs.split(",") if c.strip()]
    for s in args.servers:
        if s not in ("node", "atelier", "cluster"):
            ap.error(f"unknown server {s!r}")
    for c in args.configs:
        if c not in ("A", "B", "C"):
            ap.error(f"unknown configuration {c!r}")
    if args.cluster_loops not in ("", "split") and not args.cluster_loops.isdigit():
        ap.error(f"--cluster-loops takes a number or 'split', not {args.cluster_loops!r}")
    if not 2 <= args.nodes <= 8:
        ap.error("--nodes: 2 to 8")
    try:
        args.c_rates = [float(x) for x in args.c_rates.split(",") if x.strip()]
    except ValueError:
        ap.error("--c-rates: numbers, e.g. 1,2,4,8")
    if not args.c_rates or min(args.c_rates) <= 0 or max(args.c_rates) > 1000 or args.c_step > 120:
        ap.error("--c-rates: 0 < rate <= 1000 per room; --c-step <= 120 s")
    if args.database and not args.database.startswith(("postgres://", "postgresql://")):
        ap.error("--database: postgresql://USER[:PASS]@HOST:PORT/DB")
    if args.clients < 2 or args.rooms < 1 or args.clients // args.rooms < 2:
        ap.error("need at least 2 clients per room")
    if args.clients > 10000 or args.rooms > 2000 or args.updates > 10000 or args.duration > 600:
        ap.error("counts are bounded: clients <= 10000, rooms <= 2000, updates <= 10000, "
                 "duration <= 600 s")
    parse_cpus = lambda s: {int(x) for x in s.split(",") if x != ""}  # noqa: E731
    args.server_cpus = parse_cpus(args.server_cpus)
    args.client_cpus = parse_cpus(args.client_cpus)
    if {"atelier", "cluster"} & set(args.servers) and not os.access(args.atelier_bin, os.X_OK):
        ap.error(f"no Atelier binary at {args.atelier_bin}: build it with "
                 f"`swift build -c release --product atelier`, pass --atelier-bin, "
                 f"or run --servers node")
    if "node" in args.servers and not os.path.exists(args.node_server):
        ap.error(f"no y-websocket server at {args.node_server} "
                 f"(apt-get install nodejs node-y-websocket node-ws node-yjs ...)")
    args.pg = None
    return args


def main():
    args = parse_args()
    if args.client_cpus:
        os.sched_setaffinity(0, args.client_cpus)
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.clients + 200
    if soft < need:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(need, 20000)), hard))
        except (ValueError, OSError):
            pass
        if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < need:
            sys.exit(f"open files limit {soft} < {need}: raise `ulimit -n`")

    loop_name = "asyncio"
    if args.loop in ("auto", "uvloop"):
        try:
            import uvloop
            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
            loop_name = f"uvloop {uvloop.__version__}"
        except ImportError:
            if args.loop == "uvloop":
                sys.exit("uvloop is not installed")

    meta = {
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": {"cpus": os.cpu_count(), "cpu_model": cpu_model(),
                 "kernel": platform.release(),
                 "mem_total_kib": int(open("/proc/meminfo").readline().split()[1])},
        "client": {"loop": loop_name, "cpus": sorted(args.client_cpus) or "any"},
        "server_cpus": sorted(args.server_cpus) or "any",
        "params": {k: getattr(args, k) for k in (
            "clients", "rooms", "servers", "configs", "updates", "gap", "fanout_read",
            "fanout_poll", "atelier_arg", "cluster_arg", "cluster_loops", "rate",
            "duration",
            "seed_items", "verify", "concurrency", "settle", "nodes", "c_rates", "c_step",
            "c_max_p99_ms")},
        "versions": versions(args),
        "command": " ".join(["script/bench-load"] + sys.argv[1:]),
    }
    log(f"bench-load: servers {args.servers}, configs {args.configs}, {args.clients} clients, "
        f"{args.rooms} rooms (B), client loop {loop_name}")

    servers_alive: list = []
    args.meta = meta

    async def guarded():
        # Ctrl-C / SIGTERM: cancel the run; the servers are killed below
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, task.cancel)
        return await asyncio.wait_for(run_all(args, servers_alive), args.max_seconds)

    t0 = time.monotonic()
    try:
        results = asyncio.run(guarded())
    except (KeyboardInterrupt, asyncio.CancelledError, asyncio.TimeoutError) as e:
        for s in servers_alive:
            s.kill_now()
        why = "time limit (--max-seconds)" if isinstance(e, asyncio.TimeoutError) else "interrupted"
        sys.exit(f"bench-load stopped: {why}; no results written")
    finally:
        for s in servers_alive:
            s.kill_now()
        if args.pg is not None:
            args.pg.stop()  # again, in case the run was cut short (a no-op otherwise)
    meta["wall_s"] = round(time.monotonic() - t0, 1)
    out = {"meta": meta, "results": results, "targets": targets(results)}
    out["table"] = table(results, args.servers)
    out["two_node_table"] = two_node_table(results, args.nodes)
    out["c_table"] = c_table(results)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    print()
    print(f"bench-load  {meta['started_utc']}  {meta['host']['cpus']} CPUs "
          f"({meta['host']['cpu_model']}), client {loop_name}, "
          f"server cpus {meta['server_cpus']}, client cpus {meta['client']['cpus']}")
    print(f"A: 1 room x {args.clients} clients, {args.updates} updates one at a time;  "
          f"B: {args.rooms} rooms x {args.clients // args.rooms} clients, "
          f"{args.rate:g} updates/s/room for {args.duration:g}s"
          + (f";  C: {args.rooms} rooms, 1 writer + 1 reader each, rates "
             f"{','.join(f'{r:g}' for r in args.c_rates)}/s/room, {args.c_step:g}s each"
             if "C" in args.configs else ""))
    if "cluster" in args.servers:
        pgm = meta.get("postgresql", {})
        print(f"cluster: {args.nodes} Atelier nodes on PostgreSQL {pgm.get('version')} "
              f"({'throwaway, script/pg' if pgm.get('throwaway') else 'given by --database'}); "
              f"writers on node A (C: on every node), readers spread over the nodes; each node "
              f"`atelier serve {' '.join(cluster_loop_args(args) + args.cluster_arg) or '(defaults)'}`")
    if out["table"]:
        print(out["table"])
    if out["two_node_table"]:
        print()
        print(f"{args.nodes} nodes on one PostgreSQL vs one node on SQLite, same run:")
        print(out["two_node_table"])
    if out["c_table"]:
        print()
        print("C: committed updates per second, one step per rate (PG % = PostgreSQL's "
              "processes; µs/update = nodes + PostgreSQL CPU per committed update):")
        print(out["c_table"])
        for srv, per in results.items():
            c = per.get("C") or {}
            if "steps" in c:
                xs = c.get("db_transactions_per_update")
                print(f"C {srv}: sustained {fmt(c.get('sustained_per_s'))} updates/s "
                      f"(offered {fmt(c.get('sustained_offered_per_s'))}/s) for {c['rooms']} "
                      f"rooms; highest committed {fmt(c.get('ceiling_committed_per_s'))}/s"
                      + (f"; {xs} PostgreSQL transactions per committed update" if xs else ""))
    for t in out["targets"]:
        vals = ", ".join(f"{k} {v}" for k, v in t["values"].items())
        print(f"target: {t['target']}: {vals} -> {'MET' if t['met'] else 'NOT MET'}")
    errs = [(s, c) for s in results for c, r in results[s].items() if "error" in r]
    for s, c in errs:
        print(f"ERROR {s} {c}: {results[s][c]['error'].splitlines()[0]}")
    for s in results:
        for c, r in results[s].items():
            v = r.get("verify")
            if v and v.get("bad"):
                print(f"VERIFY FAILED {s} {c}: {v}")
            if r.get("missing"):
                last = " (C: counted after the last, unsustained step's drain)" if c == "C" else ""
                print(f"WARNING {s} {c}: {r['missing']} receipts missing{last}")
            if r.get("unexpected_closes"):
                print(f"WARNING {s} {c}: {r['unexpected_closes']} connections closed by the "
                      f"server, codes {r.get('close_codes')}")
            if r.get("fanout_read") == "during" and \
                    (get(r, "fanout_window_busy.client_cpu_pct") or 0) >= 90:
                print(f"NOTE {s} {c}: the client was >= 90% busy during fan-out; kernel-arrival "
                      f"latency stays valid, the client-observed one does not")
            if (get(r, "fanout_busy.other_cpu_pct") or get(r, "phase_busy.other_cpu_pct")
                    or 0) >= args.idle_threshold:
                print(f"WARNING {s} {c}: other processes used CPU during the measurement "
                      f"(see other_cpu_pct); figures are disturbed")
            if r.get("commits_over_10ms"):
                print(f"NOTE {s} {c}: {r['commits_over_10ms']} of {r.get('commits')} commits took over "
                      f"10 ms ({r.get('commits_over_50ms')} over 50 ms): every update arriving during "
                      f"a slow fsync waits for it (docs/BENCHMARKS.md, \"Where B's tail comes from\"; "
                      f"bench/disk/fsync_probe.py tests the disk alone)")
    print(f"raw results: {os.path.relpath(args.out, os.getcwd())}  ({meta['wall_s']} s)")
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
