#!/usr/bin/env python3
"""Phases: where the session is, the way forward after a refusal, when locked boards open.

Usage:
    ui_phases.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

A session that starts today (so days 2 and 3 have not begun). Checks:
 - `hintBefore`: in "define" (the last phase of day 1), the console says before anything is
   pressed that day 2 has not begun and that "Go to…" with an override is the way.
 - `problemWayForward`: leaving "define" with the groups' problem statements not approved is
   refused, in words, with the way forward (approve them, or Go to… with an override).
 - `refusalWayForward`: once approved, "Advance" is refused (day-not-begun); the refusal says
   so in words and names the way forward, and "Go to…" opens with the override ticked.
 - `overrideMoves`: with a reason, "Go to…" moves the session to "ideate".
 - `timelineAfterOverride`: the timeline shows day 2 as the session's day, "opened early"
   (not "not begun"), ideate current (`aria-current`), day 1 done.
 - `currentContrast`: the current tile's texts are readable on it (contrast ≥ 4.5:1).
 - `opensSameDay`: in empathize, the participant's home says the HMW board opens in Define
   around a time of day.
 - `opensLaterDay`: in ideate, the test grid says it opens in Test, day 3, with its date.
 - `boardSaysWhen`: the locked test grid's own page says when it opens.
 - `lockUnderTyping`: a participant typing in a note when the board locks is told it is
   read-only now; what they typed had reached the board, so it is there and nothing is shown as
   refused or "kept" (ui_quarantine.py covers edits the server refuses).
 - `pitchOverride`: on the stage outside the pitch phase, Start is refused with the reason in
   words; the facilitator is then offered to start anyway with a reason, which starts it.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.by import By  # noqa: E402

from board_common import BoardPage  # noqa: E402
from ui_common import Api, AtelierServer, arg_parser, board_id, browser, csp_violations, goto_phase, invite, new_session, report  # noqa: E402

VIEW = "document.querySelector('atelier-session-view')"
CONTROLS = "document.querySelector('atelier-phase-controls')"
BAR = "document.querySelector('atelier-phase-bar')"

CONTRAST_JS = """
const parse = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number)
const lum = (rgb) => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * b }
const ratio = (a, b) => { const [x, y] = [lum(parse(a)), lum(parse(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
const tile = document.querySelector('atelier-phase-bar li.phase-step[aria-current="step"]')
const bg = getComputedStyle(tile).backgroundColor
return Math.min(...[...tile.querySelectorAll('span')].map(s => ratio(getComputedStyle(s).color, bg)))
"""


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            sid = session["id"]
            participant = invite(session, "participant", "g1")
            with browser() as fb, browser() as pb:
                # The participant's home in empathize: HMW opens in Define, the same day, around a time.
                pb.open(f"{server.base}/?token={participant['token']}")
                hmw = board_id(session, "g1", "hmw")
                text = pb.wait_for(f"document.querySelector('li[data-board-id=\"{hmw}\"] .board-opens')?.textContent", timeout=args.timeout)
                extra["hmwOpens"] = text
                checks["opensSameDay"] = "Define" in text and "around" in text

                fb.open(f"{server.base}/?token={server.token}#/sessions/{sid}")
                fb.wait_for(f"{VIEW}?.dataset.live === 'online'", timeout=args.timeout)
                goto_phase(api, sid, "define", "to the last phase of day 1")
                fb.wait_for(f"{VIEW}.dataset.phase === 'define'", timeout=args.timeout)
                hint = fb.wait_for(f"{CONTROLS}.querySelector('.phase-hint')?.textContent", timeout=args.timeout)
                extra["hint"] = hint
                checks["hintBefore"] = "Day 2" in hint and "Go to" in hint

                # Leaving "define" with problem statements not approved: refused, with the way forward.
                fb.run(f"{CONTROLS}.querySelector('button[data-action=\"advance\"]').click()")
                fb.wait_for(f"{CONTROLS}.dataset.feedback === 'error'", timeout=args.timeout)
                problems = fb.evaluate(f"{CONTROLS}.querySelector('.phase-feedback').textContent")
                extra["problemRefusal"] = problems
                checks["problemWayForward"] = "problem statements" in problems and "Go to" in problems
                for group in session["groups"]:
                    api.put(f"/sessions/{sid}/groups/{group['id']}/problem", {"text": "How might we help students share rides?"})
                    api.post(f"/sessions/{sid}/groups/{group['id']}/problem/approve")
                fb.run(f"{CONTROLS}.feedback = null")
                fb.run(f"{CONTROLS}.querySelector('button[data-action=\"advance\"]').click()")
                fb.wait_for(f"{CONTROLS}.dataset.feedback === 'error'", timeout=args.timeout)
                refusal = fb.evaluate(f"{CONTROLS}.querySelector('.phase-feedback').textContent")
                opened = fb.evaluate(f"{CONTROLS}.querySelector('details.goto').open && {CONTROLS}.querySelector('input[name=\"override\"]').checked")
                extra["refusal"] = refusal
                checks["refusalWayForward"] = ("Ideate" in refusal and "day 2" in refusal and "Go to" in refusal
                                               and "override" in refusal.lower() and bool(opened))

                reason = fb.driver.find_element(By.CSS_SELECTOR, "atelier-phase-controls textarea[name='reason']")
                reason.send_keys("the groups are ahead of time")
                fb.run(f"{CONTROLS}.querySelector('select[name=\"phase\"]').value = 'ideate'")
                fb.run(f"{CONTROLS}.querySelector('button[data-action=\"goto\"]').click()")
                checks["overrideMoves"] = bool(fb.wait_for(f"{VIEW}.dataset.phase === 'ideate'", timeout=args.timeout))

                days = fb.evaluate(f"[...{BAR}.querySelectorAll('li.phase-day')].map(d => ({{ day: d.dataset.day, where: d.dataset.where, label: d.querySelector('.day-label').textContent }}))")
                current = fb.evaluate(f"{BAR}.querySelector('li.phase-step[aria-current=\"step\"]')?.dataset.phaseId")
                extra["days"] = days
                checks["timelineAfterOverride"] = (current == "ideate" and days[0]["where"] == "done" and days[1]["where"] == "early"
                                                   and "opened early" in days[1]["label"] and "not begun" not in days[1]["label"])
                contrast = fb.run(CONTRAST_JS)
                extra["currentContrast"] = round(contrast, 2)
                checks["currentContrast"] = contrast >= 4.5
                if args.screenshots:
                    fb.run(f"{BAR}.scrollIntoView()")
                    fb.screenshot(os.path.join(args.screenshots, "phases-console.png"))

                grid = board_id(session, "g1", "test-grid")
                text = pb.wait_for(f"document.querySelector('li[data-board-id=\"{grid}\"] .board-opens')?.textContent", timeout=args.timeout)
                extra["gridOpens"] = text
                checks["opensLaterDay"] = "Test" in text and "day 3" in text
                if args.screenshots:
                    pb.screenshot(os.path.join(args.screenshots, "phases-participant.png"))

                page = BoardPage(pb, server.base, participant["token"], grid, timeout=args.timeout)
                page.open(writable=False)
                said = page.wait("document.querySelector('.board-sub .read-only')?.textContent.includes('opens') && document.querySelector('.board-sub .read-only').textContent", "when the board opens")
                extra["boardSays"] = said
                checks["boardSaysWhen"] = "Test" in said and "day 3" in said

                # A board locking under someone typing: ideas is open in ideate, locked in prototype.
                ideas = BoardPage(pb, server.base, participant["token"], board_id(session, "g1", "ideas"), timeout=args.timeout)
                ideas.open()
                pb.click(".board-toolbar [data-action='add'][data-type='note']")
                area = ideas.wait("document.querySelector('atelier-board-canvas textarea.bc-edit')", "the note editor")
                area.send_keys("An idea half typed")
                ideas_id = board_id(session, "g1", "ideas")
                ideas.b.wait_until(lambda: any(i.get("text") == "An idea half typed" for i in api.get(f"/boards/{ideas_id}/export.json")["items"].values()),
                                   timeout=args.timeout, description="the typed text on the server")
                goto_phase(api, sid, "prototype", "moving on while someone types")
                ideas.wait("document.querySelector('atelier-board-editor').dataset.writable === 'false'", "the lock")
                message = ideas.wait("document.querySelector('.board-message')?.textContent", "the lock's message") or ""
                kept = pb.evaluate("document.querySelector('atelier-board-editor').dataset.kept")
                extra["lockMessage"] = message
                checks["lockUnderTyping"] = "just locked" in message and "read-only" in message and "kept" not in message and kept == "0"
                if args.screenshots:
                    pb.screenshot(os.path.join(args.screenshots, "phases-locked-under.png"))
                # A pitch outside the pitch phase: refused, then started with an override.
                fb.open(f"{server.base}/stage/{sid}/g2")
                fb.wait_for("document.querySelector('atelier-stage button[data-action=\"pitch/start\"]')", timeout=args.timeout)
                fb.run("document.querySelector('atelier-stage button[data-action=\"pitch/start\"]').click()")
                said = fb.wait_for("document.querySelector('atelier-stage .stage-error')?.textContent", timeout=args.timeout)
                form = fb.wait_for("document.querySelector('atelier-stage form.stage-override input[name=\"reason\"]')", timeout=args.timeout)
                form.send_keys("rehearsal before the jury arrives")
                fb.run("document.querySelector('atelier-stage form.stage-override button[type=\"submit\"]').click()")
                started = fb.wait_until(lambda: api.get(f"/sessions/{sid}/groups/g2/pitch").get("state") == "running", timeout=args.timeout, description="the pitch to start")
                extra["pitchRefusal"] = said
                checks["pitchOverride"] = "pitch phase" in said and bool(started)

                violations = csp_violations(fb) + csp_violations(pb)
                if violations:
                    checks["csp"] = False
                    extra["csp"] = violations[:3]
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
