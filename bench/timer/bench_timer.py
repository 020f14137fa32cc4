#!/usr/bin/env python3
"""Timer agreement: do live clients show the same remaining pitch time?

Run it through `script/bench-timer` (it checks the venv). Method and figures:
docs/BENCHMARKS.md ("Timer agreement").

It starts the real server (`--atelier-bin`, default `.build/release/atelier`) on a fresh
data directory, creates a session from `sessions/examples/cdo-sprint.json`, connects
`--clients` live clients (`/live/{session}?token=…`, one invite each), then starts a pitch
as the facilitator. Each client:

- keeps its own clock: the machine's clock shifted by a skew (client 0 is skewed by
  `--skew-ms`, the others by a few ms), so its pings carry a wrong time, as a device
  whose clock is wrong would;
- sits behind a simulated network: each ping waits a one-way delay before it is sent and
  each message from the server waits one before the client sees it, with per-client
  asymmetric delays and seeded random jitter (the skewed client gets the slowest, most
  asymmetric link);
- estimates its offset to the server clock with the algorithm of web-static/lib/clock.js
  (ping `{"type":"ping","t"}` on open and every `--ping-interval-ms`; one sample's offset is
  `at − (t + receivedAt) / 2`; trust the smallest round trip among the last 8 samples);
- learns the pitch's deadline from the `pitch` event on the live channel.

At `--samples` common instants (one reading of the real clock, `--interval-ms` apart,
from when every client knows the deadline), each client computes the remaining time it
would display, `deadline − (its clock + its offset)`; the spread is max − min across
clients. The baseline beside it is the same clients counting down on their own clocks
with no offset estimate. Prints a table; `--json` adds one JSON line. Exit 0 when the
95th percentile of the spread meets `--goal-ms` (default 100), else 1. The seed is printed; `--seed`
replays the same delays.

`--two-node` runs the same measurement twice in one run, with the same seed: on one node
(SQLite), then on two nodes sharing one PostgreSQL (a throwaway one from script/pg, or
`--database URL`), where the session is created and the pitch started through node A and
the clients alternate over nodes A and B (client 0, the skewed one, on node B). Each node
takes its deadlines and its pongs from its own clock corrected against PostgreSQL's, so the
spread across the nodes' clients is the agreement of the two nodes' clocks plus that of
the clients' estimates. It also reports how far node B's clients are from node A's (the
difference of their mean displayed times at each instant).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import websockets

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bench"))
from postgres import Postgres  # noqa: E402  (bench/postgres.py)


def real_ms() -> float:
    """The machine's clock (the server runs on it too), epoch ms."""
    return time.time() * 1000.0


# --- lib/clock.js, ported line for line ---------------------------------------------


def sample_offset(s: dict) -> float:
    return s["at"] - (s["t"] + s["receivedAt"]) / 2


def sample_round_trip(s: dict) -> float:
    return s["receivedAt"] - s["t"]


def best_sample(samples: list[dict]) -> dict | None:
    best = None
    for s in samples:
        if best is None or sample_round_trip(s) < sample_round_trip(best):
            best = s
    return best


class ServerClock:
    """The offset estimator of web-static/lib/clock.js, with an injected client clock."""

    def __init__(self, now, window: int = 8):
        self.now = now
        self.window = max(1, int(window))
        self.samples: list[dict] = []

    def ping(self) -> dict:
        return {"type": "ping", "t": self.now()}

    def pong(self, message: dict) -> bool:
        t, at = message.get("t"), message.get("at")
        sample = {"t": t, "at": at, "receivedAt": self.now()}
        if not isinstance(t, (int, float)) or not isinstance(at, (int, float)) or sample_round_trip(sample) < 0:
            return False
        self.samples.append(sample)
        del self.samples[: max(0, len(self.samples) - self.window)]
        return True

    @property
    def offset(self) -> float:
        best = best_sample(self.samples)
        return sample_offset(best) if best else 0.0

    @property
    def round_trip(self) -> float | None:
        best = best_sample(self.samples)
        return sample_round_trip(best) if best else None

    def server_now(self) -> float:
        return self.now() + self.offset

    def remaining(self, deadline: float) -> float:
        return deadline - self.server_now()


# --- one simulated client ------------------------------------------------------------


class Client:
    """A live client with a skewed clock behind a simulated, asymmetric, jittery link."""

    def __init__(self, index: int, url: str, skew_ms: float, out_ms: float, back_ms: float, jitter_ms: float,
                 ping_interval_ms: float, rng: random.Random, node: int = 0):
        self.index = index
        self.url = url
        self.node = node
        self.skew_ms = skew_ms
        self.out_ms = out_ms
        self.back_ms = back_ms
        self.jitter_ms = jitter_ms
        self.ping_interval = ping_interval_ms / 1000
        self.rng = rng
        self.clock = ServerClock(self.local_now)
        self.deadline: float | None = None
        self.pongs = 0
        self.tasks: list[asyncio.Task] = []
        self.ws = None

    def local_now(self) -> float:
        return real_ms() + self.skew_ms

    def local_at(self, real: float) -> float:
        return real + self.skew_ms

    def delay(self, base: float) -> float:
        return max(0.0, base + self.rng.uniform(-self.jitter_ms, self.jitter_ms)) / 1000

    async def run(self, ready: asyncio.Event) -> None:
        # a node that has not yet heard of a session just created on another one answers 404
        # for a moment: retry for up to 10 s
        for attempt in range(50):
            try:
                connection = await websockets.connect(self.url, max_size=None, ping_interval=None)
                break
            except (websockets.InvalidStatus, OSError):
                if attempt == 49:
                    raise
                await asyncio.sleep(0.2)
        async with connection as ws:
            self.ws = ws
            self.tasks.append(asyncio.create_task(self.pinger()))
            async for raw in ws:
                # The way back: the client sees the message only after the simulated delay.
                self.tasks.append(asyncio.create_task(self.deliver(raw, ready)))

    async def deliver(self, raw, ready: asyncio.Event) -> None:
        await asyncio.sleep(self.delay(self.back_ms))
        try:
            message = json.loads(raw)
        except ValueError:
            return
        kind = message.get("type")
        if kind == "pong":
            if self.clock.pong(message):
                self.pongs += 1
                ready.set()
        elif kind == "pitch" and isinstance(message.get("pitch"), dict):
            deadline = message["pitch"].get("deadline")
            if isinstance(deadline, (int, float)):
                self.deadline = float(deadline)

    async def pinger(self) -> None:
        while True:
            ping = self.clock.ping()  # stamped now, on the client's clock
            await asyncio.sleep(self.delay(self.out_ms))  # the way out
            try:
                await self.ws.send(json.dumps(ping))
            except websockets.ConnectionClosed:
                return
            await asyncio.sleep(self.ping_interval)

    def displayed_remaining(self, real: float, corrected: bool = True) -> float:
        assert self.deadline is not None
        local = self.local_at(real)
        return self.deadline - (local + (self.clock.offset if corrected else 0.0))

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        if self.ws is not None:
            await self.ws.close()


# --- server and session --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, token: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"bench-timer: {method} {url} → {error.code}: {error.read().decode()[:300]}")
    return json.loads(text) if text else {}


def build_skew_clock(folder: str) -> str:
    """Compiles bench/timer/skew_clock.c (an LD_PRELOAD wall-clock shift) into folder."""
    out = os.path.join(folder, "skew_clock.so")
    source = os.path.join(REPO, "bench", "timer", "skew_clock.c")
    done = subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", out, source, "-ldl"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench-timer: could not build {source}: {done.stderr.strip()}")
    return out


def start_server(binary: str, port: int, data_dir: str, token: str, log_path: str,
                 database: str | None = None, skew_ms: float = 0) -> subprocess.Popen:
    """Starts `atelier serve`; with skew_ms, its wall clock is shifted by that much
    (bench/timer/skew_clock.c; the monotonic clocks are left alone), as a node whose
    clock is wrong."""
    env = dict(os.environ, ATELIER_ADMIN_TOKEN=token)
    if skew_ms:
        env.update(LD_PRELOAD=build_skew_clock(data_dir), BENCH_SKEW_MS=f"{skew_ms:.3f}")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--data-dir", data_dir, "--log-level", "warning"]
        + (["--database", database] if database else []),
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench-timer: the server exited ({process.returncode}); see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("bench-timer: the server did not answer /healthz within 60 s")


def session_definition(pitch_seconds: int) -> dict:
    with open(os.path.join(REPO, "sessions", "examples", "cdo-sprint.json")) as f:
        definition = json.load(f)
    definition["startDate"] = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    definition["pitch"] = {"limitSeconds": pitch_seconds, "qaLimitSeconds": 600, "warningsSeconds": [120, 60]}
    return definition


# --- the run --------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def run(args, database: str | None = None) -> dict:
    """One measurement: on one node (SQLite), or with database on two nodes sharing it (the
    session and the pitch go through node A; client i is on node B when i is even)."""
    rng = random.Random(args.seed)
    token = secrets.token_urlsafe(24)
    nodes = 2 if database else 1
    ports = [args.port or free_port()] + [free_port() for _ in range(nodes - 1)]
    base = f"http://127.0.0.1:{ports[0]}"
    data_dir = tempfile.mkdtemp(prefix="atelier-bench-timer-")
    servers = []
    try:
        for n, port in enumerate(ports):  # one after the other: the first one migrates
            os.makedirs(os.path.join(data_dir, f"node-{n}"))
            servers.append(start_server(
                args.atelier_bin, port, os.path.join(data_dir, f"node-{n}"), token,
                os.path.join(data_dir, f"server-{n}.log"), database, args.node_b_skew_ms if n == 1 else 0))
    except BaseException:
        for server in servers:  # a node that did not start: stop the others (its log stays)
            server.kill()
            server.wait()
        raise
    clients: list[Client] = []
    runners: list[asyncio.Task] = []
    try:
        created = http("POST", f"{base}/api/v1/sessions", token, session_definition(args.pitch_seconds))
        session = created["id"]
        group = created["groups"][0]["id"]
        invites = [i for i in created["invites"] if i["role"] in ("juror", "participant", "observer")]
        ready_events = []
        for i in range(args.clients):
            invite = invites[i % len(invites)]
            if i == 0:
                skew, out_ms, back_ms = args.skew_ms, args.delay_ms * 1.6, args.delay_ms * 0.2
            else:
                skew = rng.uniform(-25, 25)
                out_ms, back_ms = args.delay_ms * rng.uniform(0.2, 1.0), args.delay_ms * rng.uniform(0.2, 1.0)
            node = (i + 1) % nodes
            client = Client(
                i, f"ws://127.0.0.1:{ports[node]}/live/{session}?token={invite['token']}", skew, out_ms, back_ms,
                args.jitter_ms, args.ping_interval_ms, random.Random(rng.random()), node,
            )
            clients.append(client)
            ready = asyncio.Event()
            ready_events.append(ready)
            runners.append(asyncio.create_task(client.run(ready)))
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ready_events)), 30)

        started_at = real_ms()
        pitch = await asyncio.to_thread(
            http, "POST", f"{base}/api/v1/sessions/{session}/groups/{group}/pitch/start", token,
            # the session is in its first phase: start anyway, as a facilitator may, with a reason
            {"override": True, "reason": "timer benchmark"})
        deadline = float(pitch["deadline"])
        limit = time.monotonic() + 30
        while any(c.deadline is None for c in clients):
            if time.monotonic() > limit:
                raise SystemExit("bench-timer: a client never received the pitch event")
            await asyncio.sleep(0.01)

        spreads, baseline_spreads, errors = [], [], {c.index: [] for c in clients}
        between_nodes = []  # mean shown on node B − mean shown on node A, per instant
        display_disagree = 0
        for _ in range(args.samples):
            await asyncio.sleep(args.interval_ms / 1000)
            instant = real_ms()  # one reading of the real clock: a common instant
            shown = [c.displayed_remaining(instant) for c in clients]
            naive = [c.displayed_remaining(instant, corrected=False) for c in clients]
            truth = deadline - instant  # the server runs on this machine's clock
            spreads.append(max(shown) - min(shown))
            baseline_spreads.append(max(naive) - min(naive))
            if nodes > 1:
                on = [[v for c, v in zip(clients, shown) if c.node == n] for n in range(nodes)]
                between_nodes.append(statistics.fmean(on[1]) - statistics.fmean(on[0]))
            for c, value in zip(clients, shown):
                errors[c.index].append(value - truth)
            seconds = {(-(-v // 1000) if v > 0 else -((-v) // 1000)) for v in shown}
            display_disagree += len(seconds) > 1
        await asyncio.to_thread(http, "POST", f"{base}/api/v1/sessions/{session}/groups/{group}/pitch/stop", token)
        return {
            "seed": args.seed,
            "nodes": nodes,
            "betweenNodesMs": {
                "median": round(statistics.median(between_nodes), 1),
                "maxAbs": round(max(abs(v) for v in between_nodes), 1),
            } if between_nodes else None,
            "clients": [
                {
                    "client": c.index, "node": "AB"[c.node], "skewMs": round(c.skew_ms, 1), "outMs": round(c.out_ms, 1),
                    "backMs": round(c.back_ms, 1), "pongs": c.pongs, "trustedRttMs": round(c.clock.round_trip or 0, 1),
                    "offsetMs": round(c.clock.offset, 1),
                    "offsetErrorMs": round(c.clock.offset + c.skew_ms, 1),
                    "meanErrorMs": round(statistics.fmean(errors[c.index]), 1),
                    "maxAbsErrorMs": round(max(abs(e) for e in errors[c.index]), 1),
                }
                for c in clients
            ],
            "samples": len(spreads),
            "spreadMs": {
                "min": round(min(spreads), 1), "median": round(statistics.median(spreads), 1),
                "p95": round(percentile(spreads, 0.95), 1), "max": round(max(spreads), 1),
            },
            "baselineSpreadMs": {
                "min": round(min(baseline_spreads), 1), "median": round(statistics.median(baseline_spreads), 1),
                "p95": round(percentile(baseline_spreads, 0.95), 1), "max": round(max(baseline_spreads), 1),
            },
            "displayDisagreement": round(display_disagree / len(spreads), 4),
            "pitchStartToSamplesMs": round(real_ms() - started_at),
        }
    finally:
        for c in clients:
            await c.close()
        for r in runners:
            r.cancel()
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep_data:
            print(f"bench-timer: data kept in {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def print_report(results: list[tuple[str, dict]], args) -> None:
    """results: (label, result) for each measurement of the run, same seed."""
    first = results[0][1]
    print(f"Timer agreement — {args.clients} live clients, client 0 skewed by {args.skew_ms:.0f} ms, "
          f"simulated delay ~{args.delay_ms:.0f} ms ±{args.jitter_ms:.0f} ms, seed {first['seed']}")
    for label, result in results:
        two = result["nodes"] > 1
        print()
        print(f"{label}:")
        print()
        print("| client |" + (" node |" if two else "") + " clock skew ms | delay out/back ms | pongs | "
              "trusted RTT ms | offset error ms | mean error vs server ms | max abs error ms |")
        print("| ---: |" + (" :---: |" if two else "") + " ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for c in result["clients"]:
            print(f"| {c['client']} |" + (f" {c['node']} |" if two else "")
                  + f" {c['skewMs']:+.1f} | {c['outMs']:.1f} / {c['backMs']:.1f} | {c['pongs']} | "
                  f"{c['trustedRttMs']:.1f} | {c['offsetErrorMs']:+.1f} | {c['meanErrorMs']:+.1f} | "
                  f"{c['maxAbsErrorMs']:.1f} |")
    print()
    print(f"Spread of the displayed remaining time (max − min across clients), {first['samples']} common instants "
          f"{args.interval_ms:.0f} ms apart:")
    print()
    print("| countdown | min ms | median ms | p95 ms | max ms | whole seconds differ | goal |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, result in results:
        s = result["spreadMs"]
        verdict = "met (p95)" if s["p95"] <= args.goal_ms else "MISSED (p95)"
        where = f"{label}: " if len(results) > 1 else ""
        print(f"| {where}server deadline + lib/clock.js offset | {s['min']:.1f} | {s['median']:.1f} | "
              f"{s['p95']:.1f} | {s['max']:.1f} | {result['displayDisagreement'] * 100:.1f} % | "
              f"≤ {args.goal_ms:.0f} ms: {verdict} |")
    for label, result in results:
        b = result["baselineSpreadMs"]
        where = f"{label}: " if len(results) > 1 else ""
        print(f"| {where}baseline, server deadline on local clocks only | {b['min']:.1f} | {b['median']:.1f} | "
              f"{b['p95']:.1f} | {b['max']:.1f} | | |")
    for label, result in results:
        between = result.get("betweenNodesMs")
        if between:
            print()
            print(f"{label}: node B's clients minus node A's (mean displayed remaining time at each instant): "
                  f"median {between['median']:+.1f} ms, largest {between['maxAbs']:.1f} ms")
    if len(results) == 1:
        print()
        print(f"Instants where the clients' whole-second displays differ: {first['displayDisagreement'] * 100:.1f} %")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--atelier-bin", default=os.path.join(REPO, ".build", "release", "atelier"))
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--skew-ms", type=float, default=4000, help="client 0's clock skew")
    parser.add_argument("--delay-ms", type=float, default=40, help="typical one-way simulated delay")
    parser.add_argument("--jitter-ms", type=float, default=10, help="± uniform jitter on each delay")
    parser.add_argument("--ping-interval-ms", type=float, default=5000, help="as lib/live.js (5 s)")
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--interval-ms", type=float, default=50)
    parser.add_argument("--pitch-seconds", type=int, default=600)
    parser.add_argument("--goal-ms", type=float, default=100)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--two-node", action="store_true",
                        help="also measure two nodes on one PostgreSQL (pitch through node A, "
                             "clients on A and B), same run, same seed")
    parser.add_argument("--database", default=None, metavar="URL",
                        help="with --two-node: this PostgreSQL (default: a throwaway one, script/pg)")
    parser.add_argument("--node-b-skew-ms", type=float, default=0,
                        help="with --two-node: shift node B's wall clock by this much (an LD_PRELOAD "
                             "shim built with gcc), as a second machine whose clock is wrong")
    parser.add_argument("--keep-data", action="store_true")
    parser.add_argument("--json", action="store_true", help="also print the result as one JSON line")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1 << 31)
    if args.clients < 2 or (args.two_node and args.clients < 4):
        parser.error("--clients must be at least 2 (4 with --two-node)")
    if (args.database or args.node_b_skew_ms) and not args.two_node:
        parser.error("--database and --node-b-skew-ms go with --two-node")
    if args.node_b_skew_ms and not shutil.which("gcc"):
        parser.error("--node-b-skew-ms needs gcc (to build bench/timer/skew_clock.c)")
    if not os.access(args.atelier_bin, os.X_OK):
        print(f"bench-timer: no server binary at {args.atelier_bin}; build it "
              "(swift build -c release --product atelier) or pass --atelier-bin", file=sys.stderr)
        return 2
    results = [("one node (SQLite)" if args.two_node else "one node", asyncio.run(run(args)))]
    if args.two_node:
        workdir = tempfile.mkdtemp(prefix="bench-timer-pg-")
        pg = Postgres(args.database, workdir, log=lambda *a: print("bench-timer:", *a, file=sys.stderr))
        try:
            try:
                pg.start()
                database = pg.fresh_database(f"timer_{secrets.token_hex(3)}")
            except RuntimeError as error:
                raise SystemExit(f"bench-timer: PostgreSQL: {error}")
            label = "two nodes on PostgreSQL (pitch via A" + (
                f", node B's clock {args.node_b_skew_ms:+.0f} ms)" if args.node_b_skew_ms else ")")
            results.append((label, asyncio.run(run(args, database))))
        finally:
            pg.stop()
            shutil.rmtree(workdir, ignore_errors=True)
    print_report(results, args)
    if args.json:
        out = results[0][1] if len(results) == 1 else {label: r for label, r in results}
        print(json.dumps(out, separators=(",", ":")))
    return 0 if all(r["spreadMs"]["p95"] <= args.goal_ms for _, r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
