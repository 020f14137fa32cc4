#!/usr/bin/env python3
"""Phones and tablets with touch: targets, pinch and pan, the deck editor, tables that reflow.

Usage:
    ui_touch.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Each page at phone size (390 × 844) and tablet size (820 × 1180), with touch emulated
(`pointer: coarse`, touch events from DevTools' input, as a finger makes them):
 - `targets.<page>.<device>`: every control a finger uses (buttons, links outside running
   text, selects, summaries, the labels of radios and checkboxes) is at least 44 × 44 px.
 - `noSideScroll.<page>.<device>`: nothing scrolls sideways (tables reflow).
 - `pinchZoom` / `twoFingerPan` (phone): two fingers spreading on the board zoom in about
   their midpoint; two fingers moving together pan without zooming.
 - `zoneLabels` (phone): zone titles are at least 12 px on screen once the board fits.
 - `deckWhole.<device>`: the deck editor shows the whole slide (inside the viewport) and its
   tools (Image…, Move up/down, Delete) and the slide list, all in view, at 390 px too.
Pages: the participant's home, a SWOT board, the deck (in the prototype phase), the
facilitator's session page, the juror console.

Prints ONE JSON line `{"ok", "checks", "small": {…}}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ui_common import Api, AtelierServer, arg_parser, board_id, browser, goto_phase, invite, new_session, report  # noqa: E402

SMALL_TARGETS_JS = """
const out = []
const seen = new Set()
const controls = document.querySelectorAll('main button, main a[href], main select, main summary, main input[type=checkbox], main input[type=radio], .topbar a, .topbar button')
for (const el of controls) {
  let target = el
  if (el.matches('input[type=radio], input[type=checkbox]')) target = el.closest('label') ?? el
  if (el.matches('a') && el.closest('p, li.qa-entry, td p')) continue   // a link in running text (WCAG 2.5.8 exception)
  if (el.closest('[hidden], .visually-hidden, .print-only') || seen.has(target)) continue
  seen.add(target)
  const r = target.getBoundingClientRect()
  const style = getComputedStyle(target)
  if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue
  if (r.width < 43.5 || r.height < 43.5) out.push(`${target.tagName.toLowerCase()}${target.dataset.action ? '[' + target.dataset.action + ']' : ''} "${(target.textContent || target.getAttribute('aria-label') || '').trim().slice(0, 24)}" ${Math.round(r.width)}×${Math.round(r.height)}`)
}
return out
"""

#: How far the page scrolls sideways, in CSS px. Measured against the document's client width:
#: under mobile emulation `innerWidth` grows to fit a page wider than the screen (the layout
#: viewport zooms out), which would hide the very overflow this looks for.
SIDE_SCROLL_JS = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"


def touch(b, kind: str, points: list[tuple[float, float]]) -> None:
    b.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {
        "type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
    })


def gesture(b, start: list[tuple[float, float]], end: list[tuple[float, float]], steps: int = 8) -> None:
    touch(b, "touchStart", start[:1])
    touch(b, "touchStart", start)
    for s in range(1, steps + 1):
        f = s / steps
        touch(b, "touchMove", [(a[0] + (z[0] - a[0]) * f, a[1] + (z[1] - a[1]) * f) for a, z in zip(start, end)])
    touch(b, "touchEnd", [])


def view(b) -> dict:
    return b.run("""const c = document.querySelector('atelier-board-canvas')
      const m = c.querySelector('.bc-world').style.transform.match(/translate\\(([-\\d.]+)px, ([-\\d.]+)px\\) scale\\(([\\d.]+)\\)/)
      return { x: Number(m[1]), y: Number(m[2]), scale: Number(m[3]) }""")


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    small: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            sid = session["id"]
            participant = invite(session, "participant", "g1")
            juror = invite(session, "juror")
            deck_session = new_session(api)
            goto_phase(api, deck_session["id"], "prototype", "deck on a phone")
            deck_participant = invite(deck_session, "participant", "g1")

            def audit(b, name: str, device: str) -> None:
                found = b.run(SMALL_TARGETS_JS)
                small[f"{name}.{device}"] = found[:8]
                checks[f"targets.{name}.{device}"] = not found
                over = b.run(SIDE_SCROLL_JS)
                checks[f"noSideScroll.{name}.{device}"] = over <= 1
                if over > 1:
                    extra[f"sideScroll.{name}.{device}"] = over
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, f"touch-{name}-{device}.png"))

            for device in ("phone", "tablet"):
                with browser(device=device) as b:
                    b.open(f"{server.base}/?token={participant['token']}")
                    b.wait_for("document.querySelector('atelier-participant-home')?.dataset.live === 'online' && document.querySelector('.board-list li')", timeout=args.timeout)
                    audit(b, "home", device)

                    b.open(f"{server.base}/boards/{board_id(session, 'g1', 'swot')}")
                    b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true'", timeout=args.timeout)
                    b.run("document.querySelector('.board-toolbar [data-action=\"add\"][data-type=\"note\"]').click()")
                    b.wait_for("document.querySelector('textarea.bc-edit')", timeout=args.timeout)
                    b.run("document.activeElement.blur(); document.querySelector('atelier-board-canvas').fit()")
                    audit(b, "board", device)
                    if device == "phone":
                        zone_px = b.run("""const c = document.querySelector('atelier-board-canvas'); const s = Number(c.dataset.scale)
                          return Math.min(...[...c.querySelectorAll('.bc-zone h3')].map(h => parseFloat(getComputedStyle(h).fontSize) * s))""")
                        extra["zoneLabelPx"] = round(zone_px, 1)
                        checks["zoneLabels"] = zone_px >= 12
                        rect = b.run("const r = document.querySelector('.bc-viewport').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }")
                        cx, cy = rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] * 0.75
                        before = view(b)
                        gesture(b, [(cx - 30, cy), (cx + 30, cy)], [(cx - 110, cy), (cx + 110, cy)])
                        after = view(b)
                        extra["pinch"] = {"before": before, "after": after}
                        checks["pinchZoom"] = after["scale"] > before["scale"] * 1.8
                        gesture(b, [(cx - 40, cy), (cx + 40, cy)], [(cx - 40, cy - 120), (cx + 40, cy - 120)])
                        panned = view(b)
                        extra["pan"] = panned
                        checks["twoFingerPan"] = abs(panned["scale"] - after["scale"]) < 0.05 * after["scale"] and panned["y"] < after["y"] - 80

                with browser(device=device) as b:
                    b.open(f"{server.base}/?token={server.token}#/sessions/{sid}")
                    b.wait_for("document.querySelector('atelier-session-view')?.dataset.live === 'online' && document.querySelector('atelier-invite-list tr[data-invite-id]')", timeout=args.timeout)
                    audit(b, "console", device)

                with browser(device=device) as b:
                    b.open(f"{server.base}/?token={juror['token']}#/groups/g1")
                    b.wait_for("document.querySelectorAll('atelier-score-sheet li.criterion').length > 0", timeout=args.timeout)
                    audit(b, "juror", device)

                with browser(device=device) as b:
                    b.open(f"{server.base}/boards/{board_id(deck_session, 'g1', 'deck')}?token={deck_participant['token']}")
                    b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true' && document.querySelector('atelier-board-deck [data-action=\"add-slide\"]')", timeout=args.timeout)
                    b.run("document.querySelector('atelier-board-deck [data-action=\"add-slide\"]').click()")
                    b.wait_for("document.querySelector('atelier-board-deck .deck-paper')", timeout=args.timeout)
                    layout = b.run("""const vw = innerWidth, vh = innerHeight
                      const box = (el) => { const r = el.getBoundingClientRect(); return { l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width } }
                      const inView = (b) => b.l >= -0.5 && b.t >= -0.5 && b.r <= vw + 0.5 && b.b <= vh + 0.5
                      const paper = box(document.querySelector('.deck-paper'))
                      const tools = [...document.querySelectorAll('.deck-tools button, .deck-list [data-action="add-slide"], .deck-list [data-action="go"]')].map(box)
                      const title = box(document.querySelector('.deck-title'))
                      return { paper, paperIn: inView(paper), toolsIn: tools.length >= 5 && tools.every(inView), title: title.w }""")
                    extra[f"deck.{device}"] = {k: layout[k] for k in ("paperIn", "toolsIn", "title")}
                    checks[f"deckWhole.{device}"] = layout["paperIn"] and layout["toolsIn"] and layout["title"] >= 200
                    audit(b, "deck", device)
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, small={k: v for k, v in small.items() if v}, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
