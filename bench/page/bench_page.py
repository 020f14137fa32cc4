#!/usr/bin/env python3
"""Page-weight benchmark of the board page on a slow link, cold and warm cache.

Run it through `script/bench-page` (it checks the venv and the binary). Method and figures:
docs/BENCHMARKS.md ("Page weight").

What it does: starts the server (a throwaway data directory), creates a `cdo-sprint`
session, and opens a participant's empathy map (writable in the first phase) in headless
Chromium with DevTools' network throttling (default 150 ms latency, 1.6 Mbit/s each way):
- cold: a new browser profile (empty cache), `/boards/{id}?token=…`;
- warm: the same board again in the same browser (after `about:blank`, so a plain
  navigation, not a reload);
- warm, another board: the group's SWOT board, never opened before in that browser.

For each load: the time from navigation start until the editor is synced and editable
(`atelier-board-editor[data-synced=true][data-writable=true]`, watched by a
MutationObserver that DevTools injects before any page script), the bytes transferred
(HTTP responses as received on the wire, headers included, plus WebSocket frames in
both directions) and the number of HTTP requests (and how many the cache answered).
Each figure is the median of --runs runs. A baseline JSON (--baseline, written by
--save) is printed beside the figures.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "Tests", "Browser"))

from browser import Browser  # noqa: E402
from ui_common import Api, AtelierServer, board_id, invite, new_session  # noqa: E402

#: Goals of issue 12, "Fast on poor networks".
GOALS = {"cold_ms": 2500, "cold_bytes": 250_000, "warm_bytes": 20_000}

WATCH_READY = """
(() => {
  const check = () => {
    const e = document.querySelector('atelier-board-editor')
    if (e && e.dataset.synced === 'true' && e.dataset.writable === 'true' && !window.__benchReady) {
      window.__benchReady = performance.now()
    }
  }
  new MutationObserver(check).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-synced', 'data-writable'] })
})()
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Page-weight benchmark of the board page (cold and warm cache).")
    p.add_argument("--atelier", default=os.path.join(REPO, ".build", "debug", "atelier"), help="server binary")
    p.add_argument("--url", help="a running server instead (needs --facilitator-token)")
    p.add_argument("--facilitator-token")
    p.add_argument("--web-root", default=os.path.join(REPO, "web-static"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--latency", type=float, default=150.0, help="added round-trip latency, ms (default 150)")
    p.add_argument("--mbps", type=float, default=1.6, help="throughput each way, Mbit/s (default 1.6)")
    p.add_argument("--baseline", default=os.path.join(HERE, "baseline.json"), help="figures to print beside (JSON)")
    p.add_argument("--save", metavar="FILE", help="write this run's medians as JSON (e.g. a new baseline)")
    p.add_argument("--label", default="now", help="column title of this run")
    p.add_argument("--verbose", action="store_true", help="list every request of the first run")
    p.add_argument("--screenshots", help=argparse.SUPPRESS)
    p.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def frame_bytes(params: dict) -> int:
    response = params.get("response", {})
    data = response.get("payloadData", "")
    if response.get("opcode") == 2:
        return len(base64.b64decode(data + "=" * (-len(data) % 4))) if data else 0
    return len(data.encode())


def measure(b: Browser, url: str, timeout: float, verbose: bool) -> dict:
    b.open("about:blank")
    b.performance_log()  # drop what came before
    start = time.monotonic()
    b.open(url)
    ready = b.wait_for("window.__benchReady", timeout=timeout, interval=0.05, description="the board synced and editable")
    wall = (time.monotonic() - start) * 1000
    time.sleep(0.5)  # let trailing requests (awareness, live channel) land in the log
    events = b.performance_log()
    requests: dict[str, dict] = {}
    ws_bytes = 0
    cached = 0
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Network.requestWillBeSent":
            requests.setdefault(p["requestId"], {"url": p["request"]["url"], "bytes": 0, "status": None})
            requests[p["requestId"]]["url"] = p["request"]["url"]
        elif m == "Network.responseReceived" and p["requestId"] in requests:
            r = p["response"]
            requests[p["requestId"]]["status"] = r.get("status")
            if r.get("fromDiskCache") or r.get("fromMemoryCache") or r.get("fromPrefetchCache"):
                requests[p["requestId"]]["cache"] = True
        elif m == "Network.requestServedFromCache" and p["requestId"] in requests:
            requests[p["requestId"]]["cache"] = True
        elif m == "Network.loadingFinished" and p["requestId"] in requests:
            requests[p["requestId"]]["bytes"] = int(p.get("encodedDataLength", 0))
        elif m in ("Network.webSocketFrameReceived", "Network.webSocketFrameSent"):
            ws_bytes += frame_bytes(p)
    http = [r for r in requests.values() if r["url"].startswith("http")]
    cached = sum(1 for r in http if r.get("cache"))
    on_wire = [r for r in http if not r.get("cache")]
    if verbose:
        for r in sorted(http, key=lambda r: -r["bytes"]):
            print(f"  {r['bytes']:>8}  {r['status']}  {'cache' if r.get('cache') else '     '}  {r['url']}", file=sys.stderr)
    return {
        "ready_ms": round(float(ready)),
        "wall_ms": round(wall),
        "bytes": sum(r["bytes"] for r in on_wire) + ws_bytes,
        "http_bytes": sum(r["bytes"] for r in on_wire),
        "ws_bytes": ws_bytes,
        "requests": len(http),
        "from_cache": cached,
        "not_modified": sum(1 for r in http if r["status"] == 304),
    }


def one_run(base: str, token: str, boards: tuple[str, str], args: argparse.Namespace, verbose: bool) -> dict:
    with Browser(performance_log=True, args=("--disable-features=OptimizationHints",)) as b:
        b.driver.execute_cdp_cmd("Network.enable", {})
        b.driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        throughput = args.mbps * 1_000_000 / 8
        b.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": args.latency,
            "downloadThroughput": throughput, "uploadThroughput": throughput,
        })
        b.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_READY})
        first, other = boards
        cold = measure(b, f"{base}/boards/{first}?token={token}", args.timeout, verbose)
        warm = measure(b, f"{base}/boards/{first}", args.timeout, verbose)
        warm_other = measure(b, f"{base}/boards/{other}", args.timeout, verbose)
        return {"cold": cold, "warm": warm, "warm_other": warm_other}


def median_of(runs: list[dict]) -> dict:
    out: dict = {}
    for load in runs[0]:
        out[load] = {k: round(statistics.median(r[load][k] for r in runs)) for k in runs[0][load]}
    return out


ROWS = [
    ("cold: synced and editable", "cold", "ready_ms", "s", GOALS["cold_ms"]),
    ("cold: transferred", "cold", "bytes", "kB", GOALS["cold_bytes"]),
    ("cold: requests (HTTP)", "cold", "requests", "", None),
    ("warm: transferred", "warm", "bytes", "kB", GOALS["warm_bytes"]),
    ("warm: requests (HTTP, cache-served)", "warm", "requests", "", None),
    ("warm: synced and editable", "warm", "ready_ms", "s", None),
    ("warm, another board: transferred", "warm_other", "bytes", "kB", GOALS["warm_bytes"]),
    ("warm, another board: requests", "warm_other", "requests", "", None),
    ("warm, another board: synced and editable", "warm_other", "ready_ms", "s", None),
]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value / 1000:.2f} s"
    if unit == "kB":
        return f"{value / 1000:.1f} kB"
    return f"{value:.0f}"


def cell(figures: dict | None, load: str, key: str, unit: str) -> str:
    if not figures or load not in figures:
        return "—"
    text = fmt(figures[load].get(key), unit)
    if key == "requests" and "from_cache" in figures[load]:
        text += f" ({figures[load]['from_cache']})"
    return text


def print_table(now: dict, baseline: dict | None, args: argparse.Namespace, label: str) -> bool:
    title = f"Board page, {args.latency:.0f} ms latency, {args.mbps:g} Mbit/s, median of {args.runs} run(s)"
    before = (baseline or {}).get("figures")
    before_label = (baseline or {}).get("label", "baseline")
    print(title)
    print(f"{'':44} {'goal':>10} {before_label:>14} {label:>14}  met")
    ok = True
    for name, load, key, unit, goal in ROWS:
        goal_text = f"≤ {fmt(goal, unit)}" if goal is not None else ""
        met = ""
        if goal is not None:
            good = now[load][key] <= goal
            ok = ok and good
            met = "yes" if good else "NO"
        print(f"{name:44} {goal_text:>10} {cell(before, load, key, unit):>14} {cell(now, load, key, unit):>14}  {met}")
    return ok


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    server = AtelierServer(base=args.url, token=args.facilitator_token) if args.url else AtelierServer(
        args.atelier, web_root=args.web_root)
    with server:
        api = Api(server.base, server.token)
        session = new_session(api)
        participant = invite(session, "participant", "g1")
        boards = (board_id(session, "g1", "empathy-map"), board_id(session, "g1", "swot"))
        runs = []
        for i in range(args.runs):
            runs.append(one_run(server.base, participant["token"], boards, args, args.verbose and i == 0))
            print(f"run {i + 1}: {json.dumps(runs[-1])}", file=sys.stderr)
    now = median_of(runs)
    baseline = None
    if args.baseline and os.path.exists(args.baseline):
        with open(args.baseline) as f:
            baseline = json.load(f)
    ok = print_table(now, baseline, args, args.label)
    if args.save:
        with open(args.save, "w") as f:
            json.dump({"label": args.label, "latencyMs": args.latency, "mbps": args.mbps, "runs": args.runs,
                       "figures": now}, f, indent=2)
            f.write("\n")
    print("goals met" if ok else "goals NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
