#!/usr/bin/env python3
"""The facilitator's pitch controls in the console: extra time and reset, in French.

Usage:
    ui_pitch_controls.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

A session from `cdo-sprint` in the pitch phase; the facilitator's console in a French
Chromium (desktop), the "Pitchs" card (components/atelier-pitch-links.js).

Checks:
 - `keyboardOpens`: "Temps supplémentaire…" of group 1, pressed with Enter, opens the form
   with the focus in its first field (minutes).
 - `axe.extraTimeForm`, `axe.resetForm`: no serious or critical axe-core finding in the card
   with each form open.
 - `lostAnswerSaid`: the first grant (3 min 20 s for a candidate picked by name, with a
   reason) reaches the server but its answer is lost (the page's fetch throws after it): the
   form says in French that the server could not be reached, and keeps what was typed while
   the live `pitch` event shows the grant in the row.
 - `retrySameKey`: sending it again carries the same `Idempotency-Key`; the form closes and
   says, in French, to whom and how much was granted and the new limit.
 - `grantedOnce`: the server's pitch (`GET …/pitch`) lists the grant once (seconds,
   candidate, reason) and its limit grew by 200 s; the row shows that limit and total.
 - `alreadyStartedSaid`: a grant for group 2 whose pitch started meanwhile (through the API,
   while the form was open) is refused and the form says why in French; Escape closes it.
 - `resetOfferedOnlyOnceStarted`: "Réinitialiser le pitch…" is offered for group 2 (running),
   not for group 1 (not started).
 - `resetConfirmed`: the reset asks for a reason, then confirms in a French dialog that it
   erases the timing; once confirmed, the server's pitch is back to not started, and the audit
   log has `pitch.reset` and `pitch.extra-time` with their reasons.
 - `phone.extraTimeForm`: at 390 px the card with a form open has no sideways scroll and its
   controls are 44 px targets.
 - `noScriptErrors`.

Screenshots (with --screenshots): pitch-controls-extra-time.png, pitch-controls-reset.png,
pitch-controls-phone.png.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402
from ui_common import (  # noqa: E402
    Api, AtelierServer, arg_parser, axe_serious, browser, goto_phase, new_session, page_errors, report, set_language,
)
from ui_touch import SIDE_SCROLL_JS, SMALL_TARGETS_JS  # noqa: E402

VIEW = "document.querySelector('atelier-session-view')"
CARD = "atelier-pitch-links"

#: The page's fetch loses the answer of the first `…/pitch/extra-time` (the request reaches the
#: server), and every such request's Idempotency-Key is noted in `window.__extraKeys`.
LOSE_FIRST_ANSWER_JS = """
window.__extraKeys = []
const original = window.fetch
let lost = false
window.fetch = async (input, init) => {
  const url = String(input)
  if (!url.endsWith('/pitch/extra-time')) return original(input, init)
  window.__extraKeys.push(init?.headers?.['Idempotency-Key'] ?? null)
  const answer = await original(input, init)
  if (!lost) {
    lost = true
    throw new TypeError('the answer was lost on the way')
  }
  return answer
}
"""


def row(group: str) -> str:
    return f"document.querySelector('{CARD} li[data-group-id=\"{group}\"]')"


def fmt(ms: int) -> str:
    """lib/i18n.js formatDuration: `m:ss` (or `h:mm:ss`)."""
    total = abs(ms) // 1000
    h, m, s = total // 3600, (total % 3600) // 60, total % 60
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    shots = args.screenshots

    def shot(b, name: str) -> None:
        if shots:
            os.makedirs(shots, exist_ok=True)
            b.run(f"document.querySelector('{CARD}')?.scrollIntoView({{ block: 'start' }})")
            b.screenshot(os.path.join(shots, f"pitch-controls-{name}.png"))

    def axe(b, name: str) -> None:
        found = axe_serious(b, context=CARD)
        checks[f"axe.{name}"] = not found
        if found:
            extra[f"axe.{name}"] = found

    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api, title="Certification — pitchs", days_ago=2)
            sid = session["id"]
            goto_phase(api, sid, "pitch", "jury")
            state = api.get(f"/sessions/{sid}")
            g1 = next(g for g in state["groups"] if g["id"] == "g1")
            candidate = g1["candidates"][1]
            base_limit = api.get(f"/sessions/{sid}/groups/g1/pitch")["limitMs"]
            reason = "tiers-temps (aménagement reconnu)"
            console_url = f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}"

            with browser(lang="fr") as fac:
                set_language(fac, server.base, "fr")
                fac.open(console_url)
                fac.wait_for(f"{VIEW}?.dataset.live === 'online' && {row('g1')}?.dataset.state === 'not-started'"
                             f" && {row('g2')}?.dataset.state === 'not-started'", timeout=args.timeout)

                # 1. Extra time for one candidate of group 1, from the keyboard.
                button = fac.driver.find_element(By.CSS_SELECTOR, f'{CARD} li[data-group-id="g1"] button[data-action="extra-time"]')
                fac.run("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].focus()", button)
                button.send_keys(Keys.ENTER)
                form = f"{row('g1')}.querySelector('form[data-form=\"extra-time\"]')"
                fac.wait_for(form, timeout=args.timeout)
                checks["keyboardOpens"] = fac.evaluate("document.activeElement?.name") == "minutes" and \
                    fac.evaluate(f"{row('g1')}.querySelector('button[data-action=\"extra-time\"]').getAttribute('aria-expanded')") == "true"
                active = fac.driver.switch_to.active_element
                active.send_keys("3")
                seconds = fac.driver.find_element(By.CSS_SELECTOR, f'{CARD} form[data-form="extra-time"] input[name="seconds"]')
                seconds.send_keys(Keys.CONTROL, "a")
                seconds.send_keys("20")
                Select(fac.driver.find_element(By.CSS_SELECTOR, f'{CARD} form[data-form="extra-time"] select[name="candidate"]')) \
                    .select_by_visible_text(candidate["name"])
                reason_field = fac.driver.find_element(By.CSS_SELECTOR, f'{CARD} form[data-form="extra-time"] input[name="reason"]')
                reason_field.send_keys(reason)
                axe(fac, "extraTimeForm")
                shot(fac, "extra-time")

                # The first answer is lost; the grant reached the server all the same.
                fac.run(LOSE_FIRST_ANSWER_JS)
                reason_field.send_keys(Keys.ENTER)
                status = f"{form}?.querySelector('.form-status')?.textContent ?? ''"
                fac.wait_for(f"({status}).includes('Le serveur est injoignable')", timeout=args.timeout)
                # The live event shows the grant in the row; the open form keeps what was typed.
                fac.wait_for(f"{row('g1')}.dataset.extraSeconds === '200'", timeout=args.timeout)
                kept = fac.run(f"""const f = {form}
                    return f && {{ minutes: f.elements.minutes.value, seconds: f.elements.seconds.value,
                                  candidate: f.elements.candidate.value, reason: f.elements.reason.value }}""")
                extra["keptAfterLostAnswer"] = kept
                checks["lostAnswerSaid"] = kept == {"minutes": "3", "seconds": "20", "candidate": candidate["id"], "reason": reason}

                fac.run(f"{form}.querySelector('button[type=\"submit\"]').click()")
                fac.wait_for(f"!{form} && ({row('g1')}.querySelector('.pitch-done')?.textContent ?? '').includes('Temps supplémentaire accordé')",
                             timeout=args.timeout)
                keys = fac.evaluate("window.__extraKeys")
                done = fac.evaluate(f"{row('g1')}.querySelector('.pitch-done').textContent")
                extra["keys"] = keys
                extra["grantedText"] = done
                new_limit = base_limit + 200_000
                checks["retrySameKey"] = (len(keys) == 2 and keys[0] and keys[0] == keys[1]
                                          and f"accordé à {candidate['name']} : +3:20" in done and fmt(new_limit) in done)

                pitch = api.get(f"/sessions/{sid}/groups/g1/pitch")
                grants = pitch.get("extraTime", [])
                extra["grants"] = grants
                summary = fac.evaluate(f"{row('g1')}.querySelector('.pitch-summary').textContent")
                listed = fac.evaluate(f"{row('g1')}.querySelector('.pitch-grants').textContent")
                extra["summary"] = summary
                checks["grantedOnce"] = (len(grants) == 1 and grants[0]["seconds"] == 200
                                         and grants[0].get("candidate") == candidate["id"] and grants[0]["reason"] == reason
                                         and pitch["limitMs"] == new_limit and pitch["state"] == "not-started"
                                         and f"limite {fmt(new_limit)}" in summary and "dont 3:20 de temps supplémentaire" in summary
                                         and candidate["name"] in listed and reason in listed)

                # 2. A grant refused in words: group 2's pitch starts while its form is open.
                fac.run(f"{row('g2')}.querySelector('button[data-action=\"extra-time\"]').click()")
                form2 = f"{row('g2')}.querySelector('form[data-form=\"extra-time\"]')"
                fac.wait_for(form2, timeout=args.timeout)
                fac.run(f"""const f = {form2}
                    f.elements.minutes.value = '2'
                    f.elements.reason.value = 'panne de micro'""")
                api.post(f"/sessions/{sid}/groups/g2/pitch/start")
                fac.wait_for(f"{row('g2')}.dataset.state === 'running' && {form2}", timeout=args.timeout)
                fac.run(f"{form2}.querySelector('button[type=\"submit\"]').click()")
                refusal = f"{form2}?.querySelector('.form-status[role=\"alert\"]')?.textContent ?? ''"
                fac.wait_for(f"({refusal}).includes('avant le début du pitch')", timeout=args.timeout)
                extra["alreadyStarted"] = fac.evaluate(refusal)
                fac.driver.find_element(By.CSS_SELECTOR, f'{CARD} li[data-group-id="g2"] form input[name="reason"]').send_keys(Keys.ESCAPE)
                fac.wait_for(f"!{form2}", timeout=args.timeout)
                checks["alreadyStartedSaid"] = api.get(f"/sessions/{sid}/groups/g2/pitch")["extraTime"] == []

                # 3. Reset group 2's pitch (started, say, by mistake), with a reason and a confirmation.
                checks["resetOfferedOnlyOnceStarted"] = fac.evaluate(
                    f"!!{row('g2')}.querySelector('button[data-action=\"reset-pitch\"]')"
                    f" && !{row('g1')}.querySelector('button[data-action=\"reset-pitch\"]')")
                fac.run(f"{row('g2')}.querySelector('button[data-action=\"reset-pitch\"]').click()")
                reset_form = f"{row('g2')}.querySelector('form[data-form=\"reset-pitch\"]')"
                fac.wait_for(reset_form, timeout=args.timeout)
                axe(fac, "resetForm")
                shot(fac, "reset")
                # Without a reason, it says so in French and sends nothing.
                fac.run(f"{reset_form}.querySelector('button[type=\"submit\"]').click()")
                fac.wait_for(f"({reset_form}.querySelector('.form-status').textContent).includes('Donnez un motif')", timeout=args.timeout)
                no_dialog = fac.evaluate("!document.querySelector('dialog[data-dialog=\"reset-pitch\"]')")
                reset_reason = "lancé par erreur avant l’arrivée du jury"
                field = fac.driver.find_element(By.CSS_SELECTOR, f'{CARD} form[data-form="reset-pitch"] input[name="reason"]')
                field.send_keys(reset_reason)
                field.send_keys(Keys.ENTER)
                dialog = "document.querySelector('dialog[data-dialog=\"reset-pitch\"]')"
                fac.wait_for(f"{dialog}?.open", timeout=args.timeout)
                dialog_text = fac.evaluate(f"{dialog}.textContent")
                extra["dialog"] = " ".join(dialog_text.split())
                still_running = api.get(f"/sessions/{sid}/groups/g2/pitch")["state"] == "running"
                fac.run(f"{dialog}.querySelector('[data-action=\"confirm\"]').click()")
                fac.wait_for(f"{row('g2')}.dataset.state === 'not-started' && !{reset_form}", timeout=args.timeout)
                after = api.get(f"/sessions/{sid}/groups/g2/pitch")
                audit = api.get(f"/sessions/{sid}/audit")["entries"]
                resets = [e for e in audit if e["action"] == "pitch.reset"]
                grants_audited = [e for e in audit if e["action"] == "pitch.extra-time"]
                done2 = fac.evaluate(f"{row('g2')}.querySelector('.pitch-done').textContent")
                checks["resetConfirmed"] = (no_dialog and still_running and "Réinitialiser le pitch de Groupe 2" in dialog_text
                                            and "efface le minutage" in dialog_text
                                            and after["state"] == "not-started" and after.get("startedAt") is None
                                            and len(resets) == 1 and resets[0].get("reason") == reset_reason
                                            and len(grants_audited) == 1 and grants_audited[0].get("reason") == reason
                                            and "réinitialisé" in done2)
                if not checks["resetConfirmed"]:
                    extra["reset"] = {"after": after, "resets": resets, "grants": grants_audited, "done": done2}
                errors = page_errors(fac)

            # 4. At 390 px, with a form open.
            with browser(lang="fr", device="phone") as phone:
                set_language(phone, server.base, "fr")
                phone.open(console_url)
                phone.wait_for(f"{VIEW}?.dataset.live === 'online' && {row('g3')}?.dataset.state === 'not-started'",
                               timeout=args.timeout)
                phone.run(f"{row('g3')}.querySelector('button[data-action=\"extra-time\"]').click()")
                phone.wait_for(f"{row('g3')}.querySelector('form[data-form=\"extra-time\"]')", timeout=args.timeout)
                over = phone.run(SIDE_SCROLL_JS)
                everywhere = "'main button, main a[href], main select, main summary, main input[type=checkbox], main input[type=radio], .topbar a, .topbar button'"
                assert everywhere in SMALL_TARGETS_JS, "ui_touch.SMALL_TARGETS_JS changed"
                small = phone.run(SMALL_TARGETS_JS.replace(everywhere, f"'{CARD} button, {CARD} a[href], {CARD} select, {CARD} input'"))
                checks["phone.extraTimeForm"] = over <= 1 and not small
                if over > 1 or small:
                    extra["phone"] = {"sideScroll": over, "small": small[:8]}
                shot(phone, "phone")
                errors += page_errors(phone)
            checks["noScriptErrors"] = not errors
            if errors:
                extra["scriptErrors"] = errors[:5]
    except Exception as e:  # noqa: BLE001
        extra["error"] = f"{type(e).__name__}: {e}"[:2000]
        extra["trace"] = traceback.format_exc()[-1500:]
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
