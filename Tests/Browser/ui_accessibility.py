#!/usr/bin/env python3
"""Accessibility: axe-core on every page, a visible focus ring on the canvas, the shortcuts
sheet, stable avatar colours.

Usage:
    ui_accessibility.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

axe-core (the build bundled with axe-selenium-python) runs on: the sign-in card, the
facilitator's session list and session page, the participant's home, every board kind (as a
participant: open or locked as the phase says), the stage, the juror console, the results,
a group's printable report (`…/report.html`), the token question, and the board with its
shortcuts sheet open. Each `axe.<page>` check passes with 0 serious or critical violations.
Rules disabled, each with the reason: see `AXE_DISABLED` in ui_common.py.

Other checks:
 - `focusRing`: Tab reaches the board canvas, which then shows a focus ring (an outline of at
   least 2 px, not `none`).
 - `shortcutsSheet`: `?` opens the shortcuts sheet (a modal dialog listing the shortcuts),
   Escape closes it and the focus comes back.
 - `stableAvatars`: a person's avatar has the same colour after a reload and in another
   person's browser.
 - `canvasContrast`: on every board kind, the zone titles and hints, the notes' texts and
   placeholders (a note of each colour), vote buttons, avatars and the header reach 4.5:1
   against what lies under them (axe leaves text over translucent layers undecided).

Prints ONE JSON line `{"ok", "checks", "violations": {page: […]}}`; exit 0 when every check
passed.
"""

from __future__ import annotations

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from ui_common import AXE_DISABLED, Api, AtelierServer, arg_parser, board_id, browser, goto_phase, invite, new_session, report, axe_serious  # noqa: E402

KINDS = ["empathy-map", "hmw", "mood-board", "ideas", "prototype", "test-grid", "deck", "swot", "business-model-canvas", "mind-map"]

#: Contrast of the canvas's own texts (axe leaves text over translucent layers undecided):
#: each text's colour against its background, the layers under it composited.
CANVAS_CONTRAST_JS = """
const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1] }
const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1) }
const background = (el) => {
  const layers = []
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor)
    if (c[3] > 0) layers.push(c)
    if (c[3] >= 1) break
  }
  return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1])
}
const lum = (rgb) => { const [r, g, b] = rgb.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * b }
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
const worst = []
const check = (el, pseudo) => {
  const style = getComputedStyle(el, pseudo)
  if (pseudo && (style.content === 'none' || style.content === 'normal')) return
  const bg = background(el)
  const r = ratio(over(rgba(style.color), bg), bg)
  if (r < 4.5) worst.push(`${el.className || el.tagName}${pseudo ?? ''} ${r.toFixed(2)}`)
}
document.querySelectorAll('.bc-zone h3, .bc-zone p, .bc-item .bc-text, .bc-vote, .board-people .avatar, .board-sub, .board-status .status-pill').forEach(el => check(el))
document.querySelectorAll('.bc-text.placeholder').forEach(el => check(el, '::before'))
return worst
"""

EDITOR_READY = "document.querySelector('atelier-board-editor')?.dataset.synced === 'true' && document.querySelector('atelier-board-editor').dataset.writable !== undefined && document.querySelector('.board-heading h1')?.textContent"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    violations: dict = {}
    extra: dict = {"disabledRules": AXE_DISABLED}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            sid = session["id"]
            participant = invite(session, "participant", "g1")
            other = invite(session, "participant", "g1", 1)
            juror = invite(session, "juror")

            def axe(b, name: str) -> None:
                found = axe_serious(b)
                violations[name] = found
                checks[f"axe.{name}"] = not found
                if args.screenshots and found:
                    b.screenshot(os.path.join(args.screenshots, f"axe-{name}.png"))

            with browser() as b:
                b.open(f"{server.base}/")
                b.wait_for("document.querySelector('atelier-sign-in form')", timeout=args.timeout)
                axe(b, "sign-in")

                b.open(f"{server.base}/?token={server.token}")
                b.wait_for("document.querySelector('atelier-session-list')?.dataset.count > 0", timeout=args.timeout)
                axe(b, "console")

                b.open(f"{server.base}/#/sessions/{sid}")
                b.wait_for("document.querySelector('atelier-session-view')?.dataset.live === 'online' && document.querySelector('atelier-invite-list tr')", timeout=args.timeout)
                axe(b, "session")

                b.open(f"{server.base}/stage/{sid}/g1")
                b.wait_for("document.querySelector('atelier-stage')?.dataset.state", timeout=args.timeout)
                axe(b, "stage")

                b.open(f"{server.base}/#/results/{sid}")
                b.wait_for("document.querySelector('atelier-results section.result-group')", timeout=args.timeout)
                axe(b, "results")

                b.open(f"{server.base}/api/v1/sessions/{sid}/groups/g1/report.html?token={server.token}")
                b.wait_for("document.body && document.body.innerText.length > 0", timeout=args.timeout)
                axe(b, "report")

                # The question a link with another token asks.
                b.open(f"{server.base}/join/{participant['token']}")
                b.wait_for("document.querySelector('atelier-token-switch')?.dataset.state === 'ask'", timeout=args.timeout)
                axe(b, "token-switch")

            with browser() as b:
                b.open(f"{server.base}/?token={juror['token']}#/groups/g1")
                b.wait_for("document.querySelectorAll('atelier-score-sheet li.criterion').length > 0", timeout=args.timeout)
                axe(b, "juror")

            with browser() as b:
                b.open(f"{server.base}/?token={participant['token']}")
                b.wait_for("document.querySelector('atelier-participant-home')?.dataset.live === 'online' && document.querySelector('.board-list li')", timeout=args.timeout)
                axe(b, "participant-home")
                low: list[str] = []
                for kind in KINDS:
                    b.open(f"{server.base}/boards/{board_id(session, 'g1', kind)}")
                    b.wait_for(EDITOR_READY, timeout=args.timeout)
                    if b.evaluate("document.querySelector('atelier-board-editor').dataset.writable === 'true' && !!document.querySelector('atelier-board-canvas')"):
                        # A note of each colour, so their texts and placeholders are checked too.
                        b.run("""const m = window.atelier.model
                          for (const color of ['#fff176', '#ffcc80', '#f8bbd0', '#c5e1a5', '#b3e5fc', '#d1c4e9', '#ffffff'])
                            m.addItem({ type: 'note', x: 40 + 200 * m.items().length, y: 1000, color, text: m.items().length % 2 ? 'Texte' : '' })""")
                    b.run("return new Promise(r => setTimeout(r, 300))")
                    axe(b, f"board.{kind}")
                    low += [f"{kind}: {x}" for x in b.run(CANVAS_CONTRAST_JS)]
                extra["canvasContrastLow"] = low[:10]
                checks["canvasContrast"] = not low

                # The focus ring on the canvas, reached with Tab.
                b.open(f"{server.base}/boards/{board_id(session, 'g1', 'swot')}")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true'", timeout=args.timeout)
                b.run("document.body.focus()")
                reached = False
                for _ in range(80):
                    ActionChains(b.driver).send_keys(Keys.TAB).perform()
                    if b.evaluate("document.activeElement?.classList.contains('bc-viewport')"):
                        reached = True
                        break
                ring = b.run("const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor }")
                extra["focusRing"] = ring
                checks["focusRing"] = reached and ring["style"] != "none" and ring["width"] >= 2
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "a11y-focus-ring.png"))

                # The shortcuts sheet.
                ActionChains(b.driver).send_keys("?").perform()
                opened = b.wait_for("document.querySelector('atelier-shortcuts-sheet dialog[open]') && document.querySelectorAll('atelier-shortcuts-sheet tr').length", timeout=args.timeout)
                axe(b, "board.shortcuts-sheet")
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "a11y-shortcuts.png"))
                ActionChains(b.driver).send_keys(Keys.ESCAPE).perform()
                closed = b.wait_for("!document.querySelector('atelier-shortcuts-sheet dialog[open]') && document.activeElement?.classList.contains('bc-viewport')", timeout=args.timeout)
                checks["shortcutsSheet"] = bool(opened) and opened >= 10 and bool(closed)

                # Avatar colours: the same after a reload, and for the other person.
                colour_js = "return [...document.querySelectorAll('.board-people li')].map(li => [li.dataset.name, getComputedStyle(li.querySelector('.avatar')).backgroundColor])"
                first = dict(b.run(colour_js))
                b.open(f"{server.base}/boards/{board_id(session, 'g1', 'swot')}")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.people === '1'", timeout=args.timeout)
                again = dict(b.run(colour_js))
                with browser() as ob:
                    ob.open(f"{server.base}/boards/{board_id(session, 'g1', 'swot')}?token={other['token']}")
                    ob.wait_for("document.querySelector('atelier-board-editor')?.dataset.people === '2'", timeout=args.timeout)
                    seen = dict(ob.run(colour_js))
                name = participant["name"]
                extra["avatars"] = {"first": first.get(name), "reload": again.get(name), "other": seen.get(name)}
                checks["stableAvatars"] = first.get(name) is not None and first.get(name) == again.get(name) == seen.get(name)

            # Locked kinds in a later phase too (their read-only look).
            goto_phase(api, sid, "test", "accessibility of locked boards")
            with browser() as b:
                b.open(f"{server.base}/boards/{board_id(session, 'g1', 'ideas')}?token={participant['token']}")
                b.wait_for(EDITOR_READY, timeout=args.timeout)
                b.wait_for("document.querySelector('.board-sub .read-only')", timeout=args.timeout)
                axe(b, "board.ideas-locked")
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, violations={k: v for k, v in violations.items() if v}, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
