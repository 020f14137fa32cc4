#!/usr/bin/env python3
"""Drive the web-static board demo page in headless Chromium, for interop tests.

Usage:
    demo_board_check.py --url BASE --token TOKEN --board BOARD [options]

What it does, in order:
 1. Opens BASE/boards/BOARD?demo=1&token=TOKEN (the sync demo page; or, with --join, BASE/join/TOKEN first, then the
    board page without a token in the URL) and waits until the page's y-websocket provider
    has synced (`window.atelier.provider.synced`).
 2. Unless --no-edit: sets the display name (if --name), adds a list item (--item), sets a
    map key (--map-key/--map-value) and appends text to the shared text (--text), all by
    typing into the page like a person would, then waits until the local document shows
    those edits.
 3. Waits, each with --timeout seconds: for the document to equal the JSON in a file
    (--wait-for-json FILE; the file may appear later, it is re-read on every poll), for
    awareness to hold a `user.name` (--wait-for-awareness-name NAME, repeatable; each one
    seen prints a report line with "event": "present" and "name"), and for a name to be
    gone (--wait-no-awareness-name NAME, repeatable).
 4. Prints ONE JSON line on standard output (the report below), then takes --screenshot
    PATH if asked, and exits 0.
 5. With --hold, stays connected after the report until standard input reaches EOF (the
    orchestrator closes it), then prints a second report line and exits 0.

With --expect-close CODE it does not wait for sync: it waits until the server has closed
the connection with that close code, prints the report (and the screenshot) and exits 0
(steps 2 and 3 skipped).

Report line (keys sorted, compact):
    {"awareness": [{"clientId": 123, "state": {"user": {"color": "#1f77b4", "name": "Ada"}}}, ...],
     "board": "BOARD", "clientId": 456, "close": {"code": 4401, "reason": "..."} | null,
     "doc": {"list": [...], "map": {...}, "text": "..."},
     "event": "ready" | "final" | "timeout" | "closed", "state": "online", "synced": true}
`doc` is `JSON.stringify` of the roots `map` (Y.Map), `list` (Y.Array) and `text` (Y.Text)
as the page's Yjs sees them; `awareness` lists every state the page sees, its own included.

Exit status: 0 success; 1 a wait timed out (a report with "event": "timeout" and a
"waitingFor" field is still printed, details and the browser console on standard error);
2 bad usage; 3 the browser or page failed.

Example (two people; the second waits for the first and takes a screenshot):
    python demo_board_check.py --url http://127.0.0.1:8080 --token T --board demo \
        --name Ada --hold < some-pipe &
    python demo_board_check.py --url http://127.0.0.1:8080 --token T --board demo \
        --name Grace --wait-for-awareness-name Ada --screenshot /tmp/demo.png
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from browser import Browser, WaitTimeout  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

SNAPSHOT_JS = """
const a = window.atelier
const page = document.querySelector('atelier-board-demo')
if (!a || !page) return null
const d = a.doc
const code = page.dataset.closeCode
return JSON.stringify({
  doc: { map: d.getMap('map').toJSON(), list: d.getArray('list').toJSON(), text: d.getText('text').toJSON() },
  awareness: Array.from(a.provider.awareness.getStates(), ([clientId, state]) => ({ clientId, state }))
    .sort((x, y) => x.clientId - y.clientId),
  clientId: d.clientID,
  synced: a.provider.synced,
  state: page.dataset.state ?? null,
  close: code === undefined ? null : { code: Number(code), reason: page.dataset.closeReason ?? '' },
})
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Drive the Atelier board demo page in headless Chromium and report its state as one JSON line.",
    )
    parser.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="access token for the board")
    parser.add_argument("--board", required=True, help="board id (the y-websocket room)")
    parser.add_argument("--join", action="store_true", help="sign in through /join/TOKEN instead of ?token=")
    parser.add_argument("--name", help="display name to type into the 'Your name' field")
    parser.add_argument("--no-edit", action="store_true", help="make no edits to the document")
    parser.add_argument("--item", default="from chromium", help="list item to add (default: %(default)r)")
    parser.add_argument("--map-key", default="chromium", help="map key to set (default: %(default)r)")
    parser.add_argument("--map-value", default="hello", help="value for --map-key (default: %(default)r)")
    parser.add_argument("--text", default="chromium ", help="text appended to the shared text (default: %(default)r)")
    parser.add_argument("--wait-for-json", metavar="FILE", help="wait until the doc JSON equals this file's JSON")
    parser.add_argument("--wait-for-awareness-name", metavar="NAME", action="append", default=[])
    parser.add_argument("--wait-no-awareness-name", metavar="NAME", action="append", default=[])
    parser.add_argument("--expect-close", metavar="CODE", type=int, help="wait for the server to close with CODE instead of syncing")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for each wait (default: %(default)s)")
    parser.add_argument("--screenshot", metavar="PATH", help="save a PNG of the page after the waits")
    parser.add_argument("--hold", action="store_true", help="after the report, stay connected until stdin reaches EOF")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    return parser.parse_args(argv)


class Check:
    def __init__(self, browser: Browser, args: argparse.Namespace) -> None:
        self.b = browser
        self.args = args

    def snapshot(self) -> dict | None:
        raw = self.b.evaluate(f"(() => {{ {SNAPSHOT_JS} }})()")
        return json.loads(raw) if isinstance(raw, str) else None

    def report(self, event: str, **extra: object) -> None:
        snap = self.snapshot() or {}
        line = {"event": event, "board": self.args.board, **snap, **extra}
        print(json.dumps(line, separators=(",", ":"), ensure_ascii=False, sort_keys=True), flush=True)

    def wait(self, probe, description: str):
        return self.b.wait_until(probe, timeout=self.args.timeout, description=description)

    def open(self) -> None:
        base = self.args.url.rstrip("/")
        board_url = f"{base}/boards/{quote(self.args.board, safe='')}"
        if self.args.join:
            self.b.open(f"{base}/join/{quote(self.args.token, safe='')}")
            self.wait(lambda: self.b.evaluate("location.pathname === '/' && !!document.querySelector('atelier-home')"), "the /join redirect to home")
            self.b.open(f"{board_url}?demo=1")
        else:
            self.b.open(f"{board_url}?demo=1&token={quote(self.args.token, safe='')}")

    def names(self) -> list[str]:
        snap = self.snapshot() or {}
        names = []
        for entry in snap.get("awareness", []):
            user = (entry.get("state") or {}).get("user")
            if isinstance(user, dict) and isinstance(user.get("name"), str):
                names.append(user["name"])
        return names

    def type_into(self, selector: str, text: str, *, replace: bool = False, submit: bool = False) -> None:
        field = self.b.driver.find_element(By.CSS_SELECTOR, selector)
        field.click()
        if replace:
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(Keys.DELETE)
        else:
            self.b.run("const f = arguments[0]; f.setSelectionRange(f.value.length, f.value.length)", field)
        field.send_keys(text + (Keys.ENTER if submit else ""))

    def edit(self) -> None:
        a = self.args
        if a.name:
            self.type_into("atelier-presence-list input[name='display-name']", a.name, replace=True)
            self.wait(lambda: self.b.evaluate(
                "window.atelier.provider.awareness.getLocalState().user.name === arguments[0]", a.name),
                f"own awareness name {a.name!r}")
        if a.no_edit:
            return
        if a.item:
            self.type_into("#list-item-text", a.item, submit=True)
        if a.map_key:
            self.type_into("#map-key", a.map_key, replace=True)
            self.type_into("#map-value", a.map_value, replace=True, submit=True)
        if a.text:
            self.type_into("#shared-text", a.text)

        def applied() -> bool:
            doc = (self.snapshot() or {}).get("doc") or {}
            return (
                (not a.item or a.item in doc.get("list", []))
                and (not a.map_key or doc.get("map", {}).get(a.map_key) == a.map_value)
                and (not a.text or a.text in doc.get("text", ""))
            )

        self.wait(applied, "own edits in the local document")

    def take_screenshot(self) -> None:
        if self.args.screenshot:
            self.b.run("document.activeElement?.blur()")
            self.b.screenshot(self.args.screenshot)

    def run(self) -> int:
        a = self.args
        self.open()
        if a.expect_close is not None:
            self.wait(lambda: self.b.evaluate(
                "document.querySelector('atelier-board-demo')?.dataset.closeCode === String(arguments[0])",
                a.expect_close), f"close code {a.expect_close}")
            self.report("closed")
            self.take_screenshot()
            return 0
        self.wait(lambda: self.b.evaluate("window.atelier && window.atelier.provider.synced === true"), "sync with the server")
        self.edit()
        if a.wait_for_json:
            self.wait(lambda: (expected := load_json(a.wait_for_json)) is not None
                      and (self.snapshot() or {}).get("doc") == expected,
                      f"doc JSON equal to {a.wait_for_json}")
        for name in a.wait_for_awareness_name:
            self.wait(lambda: name in self.names(), f"awareness name {name!r} present")
            # Tells an orchestrator it may now make that peer leave.
            self.report("present", name=name)
        for name in a.wait_no_awareness_name:
            self.wait(lambda: name not in self.names(), f"awareness name {name!r} gone")
        self.report("ready")
        self.take_screenshot()
        if a.hold:
            sys.stdin.read()
            self.report("final")
        return 0


def load_json(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        browser = Browser(width=args.width, height=args.height)
    except Exception:
        traceback.print_exc()
        return 3
    check = Check(browser, args)
    try:
        return check.run()
    except WaitTimeout as timeout:
        check.report("timeout", waitingFor=timeout.description)
        print(str(timeout), file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print("\n".join(browser.console()[-20:]), file=sys.stderr)
        return 3
    finally:
        browser.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
