#!/usr/bin/env python3
"""Two people on one board in two headless Chromiums, through the board editor's UI.

Usage:
    board_two_browsers.py --url BASE --token-a TOKEN --token-b TOKEN --board BOARD
                          [--locked-board BOARD] [--screenshots DIR] [--timeout S]

TOKEN-A and TOKEN-B are two participants of the group that owns BOARD, which must be
writable now (an `ideas` board in ideate/synthesize exercises the dot votes; other kinds
take none). --locked-board is a board of the same group that
the current phase locks.

Checks, in order (each a key of "checks" in the report):
 - `note`: A adds a note with the toolbar and types its text; it appears in B.
 - `concurrentText`: both hold their outgoing sync messages, type into the same note at
   once, release; both converge on one text holding both insertions.
 - `moveColor`: A moves the note with the arrow keys and recolours it from the palette; B
   sees the new position and colour.
 - `votes` (an ideas board; skipped on others): A and B vote for the note through the vote
   API (2 votes, written into the board by the server); A's second click withdraws A's vote
   (a participant counts once); A cannot cast more than the budget (3).
 - `image`: A uploads a PNG with the file picker; B shows the image from `/assets/{hash}`.
   Skipped (reported "skipped") if the server has no assets route (404/405).
 - `undo`: A's Ctrl+Z takes back A's new note (in both browsers) and leaves B's alone.
 - `export`: the board exports as SVG (holding the note's text) and PNG, in the browser.
 - `locked`: on --locked-board the editor is read-only, its tools are disabled, and the
   keyboard shortcut for a new note adds nothing.

Prints ONE JSON line `{"ok", "board", "checks": {name: true | false | "skipped"}, "error"?}`
and exits 0 when every check passed (or was skipped), 1 otherwise.

Example:
    .venv/bin/python Tests/Browser/board_two_browsers.py --url http://127.0.0.1:18600 \
        --token-a A --token-b B --board b_ideas --locked-board b_testgrid
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from board_common import BoardPage, png_bytes, report  # noqa: E402
from browser import Browser  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--token-a", required=True)
    p.add_argument("--token-b", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--locked-board")
    p.add_argument("--screenshots", metavar="DIR")
    p.add_argument("--timeout", type=float, default=30.0)
    return p.parse_args(argv)


def run(args: argparse.Namespace, checks: dict) -> None:
    with Browser() as ba, Browser() as bb:
        a = BoardPage(ba, args.url, args.token_a, args.board, timeout=args.timeout)
        b = BoardPage(bb, args.url, args.token_b, args.board, timeout=args.timeout)
        a.open()
        b.open()
        kind = a.editor("kind")

        # 1. A note made in A appears in B.
        note = a.add_note_ui("Hello from A")
        b.wait_item(note, lambda i: i["text"] == "Hello from A", "A's note in B")
        checks["note"] = True

        # 2. Concurrent edits of the same text merge.
        area_a = a.start_editing(note)
        area_b = b.start_editing(note)
        a.hold_outgoing()
        b.hold_outgoing()
        ba.run("arguments[0].setSelectionRange(0, 0)", area_a)
        area_a.send_keys("alpha ")
        area_b.send_keys(" beta")
        a.wait_item(note, lambda i: i["text"] == "alpha Hello from A", "A's own edit")
        b.wait_item(note, lambda i: i["text"] == "Hello from A beta", "B's own edit")
        a.release_outgoing()
        b.release_outgoing()
        merged = "alpha Hello from A beta"
        a.wait_item(note, lambda i: i["text"] == merged, "merged text in A")
        b.wait_item(note, lambda i: i["text"] == merged, "merged text in B")
        area_a.send_keys(Keys.ESCAPE)
        area_b.send_keys(Keys.ESCAPE)
        checks["concurrentText"] = True

        # 3. Move with the keyboard and recolour from the palette.
        start = a.item(note)
        a.click_item(note)
        a.wait("document.querySelector('atelier-board-canvas')?.dataset.selected === '1'", "the note selected")
        focused = a.item_element(note)
        for _ in range(3):
            focused.send_keys(Keys.ARROW_RIGHT)
        focused.send_keys(Keys.SHIFT, Keys.ARROW_DOWN)
        ba.click(".board-toolbar [data-action='color'][data-color='#b3e5fc']")
        b.wait_item(
            note,
            lambda i: i["x"] == start["x"] + 30 and i["y"] == start["y"] + 50 and i["color"] == "#b3e5fc",
            "the move and colour in B",
        )
        checks["moveColor"] = True

        # 4. Dot voting, counted by the server (POST /api/v1/boards/{id}/votes): once per
        # participant, within the budget; the server writes who voted into the board.
        if kind == "ideas":
            def vote(page: BoardPage, item_id: str) -> None:
                page.wait(f"!document.querySelector('.bc-item[data-id=\"{item_id}\"] [data-action=\"vote\"]')?.disabled", "a vote button")
                button = page.item_element(item_id).find_element(By.CSS_SELECTOR, "[data-action='vote']")
                page.b.run("arguments[0].click()", button)

            withdraw = ("const done = arguments[arguments.length - 1]; const v = window.atelier.votes;"
                        "v.load().then(async () => { for (const id of v.mine) await v.toggle(id); done(v.used) })")
            ba.run_async(withdraw)  # a board reused from an earlier run starts with a full budget
            bb.run_async(withdraw)
            vote(a, note)
            a.wait(f"window.atelier.votes.mine.has({note!r})", "A's dot")
            vote(b, note)
            a.wait_item(note, lambda i: len(i["voters"]) == 2, "two votes in A")
            b.wait_item(note, lambda i: len(i["voters"]) == 2, "two votes in B")
            vote(a, note)  # the same participant again: withdraws
            b.wait_item(note, lambda i: len(i["voters"]) == 1, "A's vote withdrawn in B")
            others = [a.b.run("return window.atelier.model.addItem({type: 'note', x: 1000 + arguments[0] * 200, y: 80, text: 'Idea ' + arguments[0]})", n) for n in range(4)]
            for n, other in enumerate(others[:3]):
                vote(a, other)
                a.wait(f"window.atelier.votes.used === {n + 1}", f"A's dot {n + 1}")
            used = ba.run("return window.atelier.votes.used")
            over = ba.run_async("const done = arguments[arguments.length - 1]; window.atelier.votes.toggle(arguments[0]).then(done)", note)
            b.wait_item(others[2], lambda i: len(i["voters"]) == 1, "A's third vote in B")
            shown = ba.evaluate("document.querySelector('.votes')?.dataset.used") == "3"
            checks["votes"] = used == 3 and over == "over-budget" and bool(shown) and len(a.item(others[3])["voters"]) == 0
        else:
            checks["votes"] = "skipped"  # only an ideas board takes votes

        # 5. An image upload appears on both.
        status = ba.run_async(
            "const done = arguments[arguments.length - 1];"
            "fetch('/api/v1/boards/' + encodeURIComponent(arguments[0]) + '/assets', {method: 'OPTIONS'})"
            ".then(r => done(r.status)).catch(() => done(0))",
            args.board,
        )
        with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
            f.write(png_bytes())
            png_path = f.name
        before = {i["id"] for i in a.items()}
        a.upload_image(png_path)
        try:
            new = a.b.wait_until(
                lambda: [i for i in a.items() if i["id"] not in before and i["type"] == "image" and i["asset"]],
                timeout=args.timeout, description="the uploaded image item",
            )
            image = new[0]
            b.wait(
                "Array.from(document.querySelectorAll(`.bc-item[data-id='${arguments[0]}'] img`)).some(i => i.complete && i.naturalWidth > 0)",
                "the image shown in B", image["id"],
            )
            checks["image"] = True
        except AssertionError:
            message = ba.evaluate("document.querySelector('.board-message')?.textContent") or ""
            checks["image"] = "skipped" if status in (404, 405) and "404" in message else False
            checks["imageMessage"] = message
        finally:
            os.unlink(png_path)

        # 6. Undo takes back one's own changes only.
        mine = a.add_note_ui("Undo me")
        theirs = b.add_note_ui("Keep me")
        a.wait_item(theirs, lambda i: i["text"] == "Keep me", "B's note in A")
        viewport = ba.driver.find_element(By.CSS_SELECTOR, ".bc-viewport")
        ba.run("arguments[0].focus()", viewport)
        for _ in range(10):
            if a.item(mine) is None:
                break
            viewport.send_keys(Keys.CONTROL, "z")
            ba.run("return new Promise(r => requestAnimationFrame(() => r()))")
        b.wait(f"!window.atelier.model.itemsMap.has({mine!r})", "A's note undone in B")
        checks["undo"] = a.item(mine) is None and (a.item(theirs) or {}).get("text") == "Keep me"

        # 7. Export as SVG and PNG in the browser.
        sizes = ba.run_async(
            "const done = arguments[arguments.length - 1];"
            "(async () => { const e = window.atelier.editor; const svg = await e.export('svg'); const png = await e.export('png');"
            " const head = new Uint8Array(await png.arrayBuffer()).slice(0, 4);"
            " return { svg: svg.size, png: png.size, svgText: (await svg.text()).includes('Hello from A') || (await svg.text()).includes('alpha'), magic: Array.from(head) } })()"
            ".then(done, (e) => done({ error: String(e) }))"
        )
        checks["export"] = bool(sizes.get("svg")) and sizes.get("svgText") is True and sizes.get("magic") == [0x89, 0x50, 0x4E, 0x47]

        if args.screenshots:
            ba.run("document.activeElement?.blur()")
            ba.screenshot(os.path.join(args.screenshots, "two-browsers-a.png"))
            bb.screenshot(os.path.join(args.screenshots, "two-browsers-b.png"))

        # 8. A locked board refuses edits in the UI.
        if args.locked_board:
            locked = BoardPage(ba, args.url, args.token_a, args.locked_board, timeout=args.timeout)
            locked.open(writable=False)
            count = len(locked.items())
            disabled = ba.run(
                "return Array.from(document.querySelectorAll(\".board-toolbar [data-action='add'], .board-toolbar [data-action='image']\")).every(b => b.disabled)"
            )
            ba.driver.find_element(By.CSS_SELECTOR, ".bc-viewport").send_keys("n")
            added = ba.run("return window.atelier.editor.addItem('note')")
            banner = ba.evaluate("document.querySelector('.board-sub .read-only') !== null")
            checks["locked"] = bool(disabled) and added is None and banner and len(locked.items()) == count
            if args.screenshots:
                ba.screenshot(os.path.join(args.screenshots, "locked.png"))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    checks: dict = {}
    error = None
    try:
        run(args, checks)
    except Exception as exc:  # report, then fail
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    ok = error is None and all(v is True or v == "skipped" for k, v in checks.items() if k != "imageMessage")
    line = {"ok": ok, "board": args.board, "checks": checks}
    if error:
        line["error"] = error.splitlines()[0]
    report(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
