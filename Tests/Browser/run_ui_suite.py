#!/usr/bin/env python3
"""Runs every browser test of Tests/Browser against one server of this checkout.

Usage:
    .venv/bin/python Tests/Browser/run_ui_suite.py [--atelier .build/debug/atelier] [--only NAME…]
                                                   [--screenshots DIR] [--list]

Starts the binary (a throwaway data directory, a random facilitator token), prepares what
each script needs (sessions, phases, tokens) through the API, and runs the scripts one by
one, each in its own process: the older ones (board_two_browsers, board_offline,
console_walk, pitch_stage) with the arguments the Swift suite gives them, and the issue 12
ones (ui_*.py), which create their own sessions. Each script prints one JSON line; this
prints a summary table and exits 1 when one failed. The node tests (clock, pitch,
placement) run first.

The Swift suite (Tests/AtelierServerTests/BrowserTests.swift and BoardEditorTests.swift)
runs the older scripts the same way; this runner is for running them all in a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from ui_common import REPO, Api, AtelierServer, board_id, goto_phase, invite, new_session  # noqa: E402

PY = sys.executable

#: The UI tests (issue 12, issue 11's jury_record, issue 16's ui_images and ui_lifecycle, issue 15's ui_cofacilitator, ui_facilitation and ui_room_tools, ui_honest_notices): each takes --url and --facilitator-token (and --screenshots).
UI_TESTS = [
    "ui_static_cache.py",
    "ui_placement.py",
    "ui_quarantine.py",
    "ui_phases.py",
    "ui_french.py",
    "ui_touch.py",
    "ui_accessibility.py",
    "ui_token_switch.py",
    "jury_record.py",
    "ui_images.py",
    "ui_lifecycle.py",
    "ui_cofacilitator.py",
    "ui_facilitation.py",
    "ui_room_tools.py",
    "ui_honest_notices.py",
    "ui_pitch_controls.py",
    "ui_facilitator_details.py",
]

NODE_TESTS = ["clock_test.mjs", "pitch_test.mjs", "placement_test.mjs"]


def run(cmd: list[str], timeout: float = 600) -> tuple[bool, str, float]:
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return False, "timed out", time.monotonic() - start
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    ok = proc.returncode == 0
    try:
        parsed = json.loads(last)
        ok = ok and parsed.get("ok", True) is not False
    except ValueError:
        pass
    if not ok:
        sys.stderr.write(f"--- {' '.join(cmd[:2])}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}\n")
    return ok, last[:300], time.monotonic() - start


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--atelier", default=os.path.join(REPO, ".build", "debug", "atelier"))
    p.add_argument("--screenshots", default=os.path.join(REPO, "test-output", "screenshots"))
    p.add_argument("--only", nargs="*", help="names of scripts to run (default: all)")
    p.add_argument("--list", action="store_true")
    args = p.parse_args(argv)
    if args.list:
        print("\n".join(NODE_TESTS + ["board_two_browsers.py", "board_offline.py", "console_walk.py", "pitch_stage.py"] + UI_TESTS))
        return 0
    wanted = set(args.only or [])
    chosen = lambda name: not wanted or name in wanted  # noqa: E731
    results: list[tuple[str, bool, str, float]] = []

    for name in NODE_TESTS:
        if chosen(name):
            ok, last, took = run(["node", "--test", os.path.join(HERE, name)])
            results.append((name, ok, "", took))

    with AtelierServer(args.atelier) as server:
        api = Api(server.base, server.token)
        common = ["--url", server.base, "--facilitator-token", server.token, "--screenshots", args.screenshots]

        if chosen("board_two_browsers.py") or chosen("board_offline.py"):
            session = new_session(api)
            goto_phase(api, session["id"], "ideate", "browser test")
            tokens = [i["token"] for i in session["invites"] if i["role"] == "participant" and i.get("group") == "g1"]
            ideas, grid = board_id(session, "g1", "ideas"), board_id(session, "g1", "test-grid")
            if chosen("board_two_browsers.py"):
                ok, last, took = run([PY, os.path.join(HERE, "board_two_browsers.py"), "--url", server.base,
                                      "--token-a", tokens[0], "--token-b", tokens[1], "--board", ideas,
                                      "--locked-board", grid, "--screenshots", args.screenshots])
                results.append(("board_two_browsers.py", ok, last, took))
            if chosen("board_offline.py"):
                session = new_session(api)
                goto_phase(api, session["id"], "ideate", "browser test")
                tokens = [i["token"] for i in session["invites"] if i["role"] == "participant" and i.get("group") == "g1"]
                ok, last, took = run([PY, os.path.join(HERE, "board_offline.py"), "--url", server.base,
                                      "--token-a", tokens[0], "--token-b", tokens[1],
                                      "--board", board_id(session, "g1", "ideas"), "--screenshots", args.screenshots])
                results.append(("board_offline.py", ok, last, took))
        for name in ("console_walk.py", "pitch_stage.py"):
            if chosen(name):
                ok, last, took = run([PY, os.path.join(HERE, name), *common])
                results.append((name, ok, last, took))
        for name in UI_TESTS:
            if chosen(name) and os.path.exists(os.path.join(HERE, name)):
                ok, last, took = run([PY, os.path.join(HERE, name), *common])
                results.append((name, ok, last, took))

    width = max(len(r[0]) for r in results) if results else 10
    for name, ok, last, took in results:
        print(f"{name:{width}}  {'ok  ' if ok else 'FAIL'}  {took:6.1f} s  {last}")
    failed = [r[0] for r in results if not r[1]]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
