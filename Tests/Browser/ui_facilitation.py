#!/usr/bin/env python3
"""Running the room in three browsers: activity timers, follow me, an anonymous vote (issue 15).

Usage:
    ui_facilitation.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

A facilitator (desktop, English), participant A of group 1 (a phone, English) on their home
page, participant B of group 1 (desktop, French) on the group's SWOT board; the sprint is in
ideate, so the group's ideas board takes votes.

Checks:
 - `timerShown`: the facilitator starts a 1-minute timer for group 1 from the console's form;
   both participants' pages count it down (just under a minute left).
 - `timerPaused`, `timerExtended`, `timerResumed`, `timerStopped`: pause, +1 min, resume and
   stop in the console show on both pages (frozen, over a minute, running, gone).
 - `timeUp`: a 2-second timer ends: both pages show "Time's up" / "Temps écoulé" and flash it.
 - `soundToggle`: the beep's checkbox is off by default and is remembered once ticked.
 - `followNavigates`: on the ideas board the facilitator sets a view and brings the group
   there: A's home and B's SWOT board both go to the ideas board, at that view (top-left
   point and zoom), with the banner "Following Hélène Facilitatrice" / "Vous suivez Hélène Facilitatrice"
   (the definition's name for the facilitator).
 - `followLeave`: Esc on B's page leaves (the banner goes, the view stays B's), A still follows;
   "Stop leading" ends A's.
 - `followPerson`: the facilitator follows A from the people in the bar; A pans; the
   facilitator's canvas shows A's view.
 - `anonymousVote`: the facilitator makes the vote anonymous; A puts a dot on a note: A sees
   their own dot and "1 of 3", B sees neither a count nor A's dot (and the document holds
   none), the facilitator's panel counts 1 dot.
 - `revealed`: the facilitator reveals: the note shows 1 dot on both participants' pages.
 - `axe.*`: no serious or critical axe-core finding on the console with a timer, A's home
   with a timer, B's board following (French), the facilitator's board tools.
 - `phone.*`: A's pages at 390 px: no sideways scroll, touch targets of 44 px.

Screenshots (with --screenshots): facilitation-console.png, facilitation-timer-phone.png,
facilitation-following-fr.png, facilitation-vote-facilitator.png, facilitation-vote-phone.png.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from ui_common import (  # noqa: E402
    Api, AtelierServer, arg_parser, axe_serious, board_id, browser, goto_phase, invite, new_session, page_errors,
    report, set_language,
)
from ui_touch import SIDE_SCROLL_JS, SMALL_TARGETS_JS  # noqa: E402

VIEW = "document.querySelector('atelier-session-view')"
HOME = "document.querySelector('atelier-participant-home')"
EDITOR = "document.querySelector('atelier-board-editor')"
CANVAS = "document.querySelector('atelier-board-canvas')"


def timer_row(timer_id: str) -> str:
    return f"document.querySelector('atelier-activity-timers li[data-timer-id=\"{timer_id}\"]')"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    shots = args.screenshots

    def shot(b, name: str, show: str | None = None) -> None:
        if shots:
            if show:
                b.run(f"document.querySelector({show!r})?.scrollIntoView({{ block: 'start' }})")
            b.screenshot(os.path.join(shots, f"facilitation-{name}.png"))

    def axe(b, name: str) -> None:
        found = axe_serious(b)
        checks[f"axe.{name}"] = not found
        if found:
            extra[f"axe.{name}"] = found

    def phone(b, name: str) -> None:
        over = b.run(SIDE_SCROLL_JS)
        small = b.run(SMALL_TARGETS_JS)
        checks[f"phone.{name}"] = over <= 1 and not small
        if over > 1 or small:
            extra[f"phone.{name}"] = {"sideScroll": over, "small": small[:8]}

    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api, title="Sprint animé", days_ago=2)
            sid = session["id"]
            goto_phase(api, sid, "ideate", "running the room")
            a, b = invite(session, "participant", "g1", 0), invite(session, "participant", "g1", 1)
            ideas, swot = board_id(session, "g1", "ideas"), board_id(session, "g1", "swot")
            with browser() as fac, browser(device="phone") as pa, browser(lang="fr") as pb:
                fac.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}")
                fac.wait_for(f"{VIEW}?.dataset.live === 'online' && document.querySelector('atelier-activity-timers form')",
                             timeout=args.timeout)
                pa.open(f"{server.base}/?token={a['token']}")
                pa.wait_for(f"{HOME}?.dataset.live === 'online'", timeout=args.timeout)
                set_language(pb, server.base, "fr")
                pb.open(f"{server.base}/boards/{swot}?token={b['token']}")
                pb.wait_for(f"{EDITOR}?.dataset.live === 'online' && {EDITOR}.dataset.writable === 'true'",
                            timeout=args.timeout)

                # 1. An activity timer for group 1, from the console.
                fac.run("""const form = document.querySelector('atelier-activity-timers form[data-form="timer"]')
                    form.elements.label.value = 'Crazy 8s'
                    form.elements.minutes.value = '1'
                    form.elements.group.value = 'g1'
                    form.requestSubmit()""")
                timer_id = fac.wait_for("document.querySelector('atelier-activity-timers li[data-timer-id]')?.dataset.timerId",
                                        timeout=args.timeout)
                row = timer_row(timer_id)
                running = f"{row}?.dataset.state === 'running' && Number({row}.dataset.remaining) > 45 && Number({row}.dataset.remaining) <= 60"
                pa.wait_for(running, timeout=args.timeout)
                pb.wait_for(running, timeout=args.timeout)
                checks["timerShown"] = "Crazy 8s" in pa.evaluate(f"{row}.textContent") and "Groupe 1" in pb.evaluate(f"{row}.textContent")

                def press(action: str) -> None:
                    fac.run(f"{row}.querySelector('button[data-action=\"{action}\"]').click()")

                press("pause")
                paused = f"{row}?.dataset.state === 'paused'"
                pa.wait_for(paused, timeout=args.timeout)
                pb.wait_for(paused, timeout=args.timeout)
                checks["timerPaused"] = "paused" in pa.evaluate(f"{row}.textContent") and "en pause" in pb.evaluate(f"{row}.textContent")
                fac.wait_for(f"{row}?.querySelector('button[data-action=\"resume\"]')", timeout=args.timeout)
                press("add")
                extended = f"{row}?.dataset.state === 'paused' && Number({row}.dataset.remaining) > 100"
                pa.wait_for(extended, timeout=args.timeout)
                pb.wait_for(extended, timeout=args.timeout)
                checks["timerExtended"] = True
                press("resume")
                resumed = f"{row}?.dataset.state === 'running' && Number({row}.dataset.remaining) > 100"
                pa.wait_for(resumed, timeout=args.timeout)
                pb.wait_for(resumed, timeout=args.timeout)
                checks["timerResumed"] = True
                axe(fac, "console")
                shot(fac, "console", ".phase-card")
                axe(pa, "home")
                phone(pa, "home")
                shot(pa, "timer-phone", ".participant-phase")
                press("stop")
                gone = "document.querySelector('atelier-activity-timers')?.dataset.count === '0' && document.querySelector('atelier-activity-timers').hidden"
                pa.wait_for(gone, timeout=args.timeout)
                pb.wait_for(gone, timeout=args.timeout)
                checks["timerStopped"] = True

                # 2. Time's up, and the beep's switch.
                checks["soundToggle"] = pa.evaluate("localStorage.getItem('atelier.timerSound')") is None
                short = api.post(f"/sessions/{sid}/timers", {"label": "Pause café", "seconds": 2, "group": "g1"})
                over = f"{timer_row(short['id'])}?.dataset.state === 'over' && {timer_row(short['id'])}.classList.contains('timeup')"
                pa.wait_for(over, timeout=args.timeout)
                pb.wait_for(over, timeout=args.timeout)
                checks["timeUp"] = ("Time's up" in pa.evaluate(f"{timer_row(short['id'])}.textContent")
                                    and "Temps écoulé" in pb.evaluate(f"{timer_row(short['id'])}.textContent"))
                pa.run("document.querySelector('atelier-activity-timers input[data-action=\"sound\"]').click()")
                checks["soundToggle"] = checks["soundToggle"] and pa.evaluate("localStorage.getItem('atelier.timerSound')") == "on"
                api.post(f"/sessions/{sid}/timers/{short['id']}/stop")
                pa.wait_for(gone, timeout=args.timeout)

                # 3. Follow me: the facilitator brings group 1 to the ideas board at a view.
                fac.open(f"{server.base}/boards/{ideas}")
                lead_button = "document.querySelector('atelier-board-facilitation:not([hidden]) button[data-action=\"lead\"][data-scope=\"group\"]')"
                fac.wait_for(f"{EDITOR}?.dataset.live === 'online' && {lead_button}", timeout=args.timeout)
                fac.run(f"{CANVAS}.boardView = {{ x: 120, y: 80, zoom: 1.25 }}")
                fac.run(f"{lead_button}.click()")
                following = (f"location.pathname === '/boards/{ideas}' && {EDITOR}?.dataset.following === 'lead'"
                             f" && {CANVAS}?.dataset.scale === '1.250'")
                pa.wait_for(following, timeout=args.timeout)
                pb.wait_for(following, timeout=args.timeout)
                views = [b_.evaluate(f"{CANVAS}.boardView") for b_ in (pa, pb)]
                extra["followedViews"] = views
                banner = "document.querySelector('.follow-banner:not([hidden])')?.textContent ?? ''"
                checks["followNavigates"] = (all(abs(v["x"] - 120) < 0.5 and abs(v["y"] - 80) < 0.5 for v in views)
                                             and "Following Hélène Facilitatrice" in pa.evaluate(banner) and "Vous suivez Hélène Facilitatrice" in pb.evaluate(banner))
                pb.wait_for(f"{EDITOR}?.dataset.writable === 'true'", timeout=args.timeout)
                axe(pb, "board-following")
                shot(pb, "following-fr")
                phone(pa, "board")

                ActionChains(pb.driver).send_keys(Keys.ESCAPE).perform()
                pb.wait_for(f"{EDITOR}?.dataset.following === 'none' && document.querySelector('.follow-banner').hidden",
                            timeout=args.timeout)
                still = pa.evaluate(f"{EDITOR}.dataset.following") == "lead"
                fac.run("document.querySelector('atelier-board-facilitation button[data-action=\"stop-lead\"][data-scope=\"group\"]').click()")
                pa.wait_for(f"{EDITOR}?.dataset.following === 'none'", timeout=args.timeout)
                checks["followLeave"] = still and pb.evaluate(f"{CANVAS}.dataset.scale") == "1.250"

                # The facilitator follows A's view from the people in the bar.
                person = "document.querySelector('atelier-board-people button.person-follow')"
                fac.wait_for(person, timeout=args.timeout)
                fac.run(f"{person}.click()")
                fac.wait_for(f"{EDITOR}.dataset.following === 'person'", timeout=args.timeout)
                pa.run(f"{CANVAS}.boardView = {{ x: 300, y: 40, zoom: 0.8 }}")
                fac.wait_for(f"Math.abs({CANVAS}.boardView.x - 300) < 1 && {CANVAS}.dataset.scale === '0.800'", timeout=args.timeout)
                ActionChains(fac.driver).send_keys(Keys.ESCAPE).perform()
                fac.wait_for(f"{EDITOR}.dataset.following === 'none'", timeout=args.timeout)
                checks["followPerson"] = True

                # 4. An anonymous vote, then revealed.
                anonymous = "document.querySelector('atelier-board-facilitation input[name=\"anonymous\"]')"
                fac.wait_for(anonymous, timeout=args.timeout)
                fac.run(f"{anonymous}.click()")
                fac.wait_for(f"{anonymous}?.checked && document.querySelector('atelier-board-facilitation [data-action=\"reveal\"]')",
                             timeout=args.timeout)
                for page in (pa, pb):
                    page.wait_for("window.atelier?.votes?.state?.anonymous === true", timeout=args.timeout)
                note = pa.run("return window.atelier.model.addItem({ type: 'note', x: 200, y: 160, text: 'Idée A' })")
                item = f"document.querySelector('.bc-item[data-id=\"{note}\"]')"
                pb.wait_for(f"{item}?.querySelector('.bc-vote')", timeout=args.timeout)
                pa.wait_for(f"{item}?.querySelector('.bc-vote') && !{item}.querySelector('.bc-vote').disabled", timeout=args.timeout)
                pa.run(f"{item}.querySelector('.bc-vote').click()")
                pa.wait_for(f"{item}?.dataset.mine === 'true' && document.querySelector('.board-toolbar .votes')?.dataset.used === '1'",
                            timeout=args.timeout)
                fac.wait_for("document.querySelector('atelier-board-facilitation .vote-cast')?.dataset.cast === '1'", timeout=args.timeout)
                pb.wait_for("window.atelier?.votes?.state && document.querySelector('.board-toolbar .votes')?.dataset.used === '0'",
                            timeout=args.timeout)
                b_note = pb.run(f"""const el = {item}
                    const votes = window.atelier.doc.getMap('items').get(arguments[0]).get('votes')
                    return {{ votes: el.dataset.votes ?? null, mine: el.dataset.mine, text: el.querySelector('.bc-vote').textContent,
                              keys: votes ? [...votes.keys()] : [] }}""", note)
                a_text = pa.evaluate(f"{item}.querySelector('.bc-vote').textContent")
                extra["hidden"] = {"a": a_text, "b": b_note}
                checks["anonymousVote"] = (a_text == "●" and b_note["votes"] is None and b_note["mine"] == "false"
                                           and b_note["text"] == "○" and b_note["keys"] == []
                                           and "1" in pa.evaluate("document.querySelector('.board-toolbar .votes').textContent"))
                axe(fac, "board-tools")
                fac.run(f"{CANVAS}.boardView = {{ x: 100, y: 60, zoom: 1.2 }}")
                shot(fac, "vote-facilitator")
                fac.run("document.querySelector('atelier-board-facilitation [data-action=\"reveal\"]').click()")
                shown = f"{item}?.dataset.votes === '1'"
                pa.wait_for(shown, timeout=args.timeout)
                pb.wait_for(shown, timeout=args.timeout)
                checks["revealed"] = pb.evaluate(f"{item}.querySelector('.bc-vote').textContent") == "● 1"
                # Items scale with the canvas's zoom: the dot's 44 px hold at 100 %.
                pa.run(f"{CANVAS}.boardView = {{ x: 150, y: 120, zoom: 1 }}")
                phone(pa, "vote")
                shot(pa, "vote-phone")
                errors = [line for page in (fac, pa, pb) for line in page_errors(page)]
                checks["noScriptErrors"] = not errors
                if errors:
                    extra["scriptErrors"] = errors[:5]
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
