#!/usr/bin/env python3
"""Walk the facilitator console and a participant's home in headless Chromium.

Usage:
    console_walk.py --url BASE --facilitator-token T --screenshots DIR [--timeout S]

What it does, in order, like a person would (typing and clicking, no API calls of its own):
 1. Facilitator (one Chromium): opens BASE/, pastes the facilitator token into the sign-in
    card, picks the `cdo-sprint` example under "New session" and creates the session; waits
    for the session page with its invite links and its live channel online.
 2. Reads the first participant's invite link from the invite list on the page.
 3. Participant (a second Chromium, its own profile): opens that link (`/join/{token}`),
    which signs it in and shows the participant home; waits until it shows the current
    phase and its live channel is online.
 4. Facilitator: clicks "Advance". If the server refuses (e.g. the next phase is on a day
    that has not begun), uses "Go to…" on the next phase with the override box ticked and
    a reason. Waits until the console shows the new phase.
 5. Participant: waits until its page shows the new phase, live: the page is the same
    document as before (a marker set on `window` before the change is still there).
 6. Saves DIR/console.png and DIR/participant.png (1280x800) and prints one JSON line:
        {"session": ID, "phaseBefore": ..., "phaseAfter": ..., "participantSaw": ...}

Exit status: 0 when the participant saw the new phase; 1 otherwise (a JSON line with an
"error" field is printed instead, details and the browser console on standard error).

Example:
    .venv/bin/python Tests/Browser/console_walk.py --url http://127.0.0.1:8080 \\
        --facilitator-token "$ATELIER_ADMIN_TOKEN" --screenshots /tmp/walk
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from browser import Browser, WaitTimeout  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

EXAMPLE = "cdo-sprint"

SESSION_VIEW = "document.querySelector('atelier-session-view')"
PARTICIPANT_HOME = "document.querySelector('atelier-participant-home')"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Walk the facilitator console and a participant's home.")
    parser.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--facilitator-token", required=True, help="the facilitator's access token")
    parser.add_argument("--screenshots", required=True, help="folder for console.png and participant.png")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each step (default 30)")
    return parser.parse_args(argv)


def sign_in_and_create(console: Browser, base: str, token: str, timeout: float) -> str:
    """Signs in as the facilitator and creates a session from the example; returns its id."""
    console.open(f"{base}/")
    console.wait_for(
        "document.querySelector('atelier-sign-in form[data-form=\"sign-in\"] input[name=\"token\"]')",
        timeout=timeout,
        description="the sign-in card",
    )
    field = console.driver.find_element(By.CSS_SELECTOR, 'atelier-sign-in form[data-form="sign-in"] input[name="token"]')
    field.send_keys(token)
    console.click('atelier-sign-in form[data-form="sign-in"] button[type="submit"]')

    signed_in = console.wait_for(
        """(() => {
            const refused = document.querySelector('atelier-sign-in .notice.error')
            if (refused) return { refused: refused.textContent.trim() }
            const option = document.querySelector(`atelier-session-create select[name="example"] option[value="${arguments[0]}"]`)
            return option ? { ok: true } : null
        })()""",
        EXAMPLE,
        timeout=timeout,
        description=f"the console's example list offering {EXAMPLE}",
    )
    if "refused" in signed_in:
        raise AssertionError(f"signing in as the facilitator failed: {signed_in['refused']}")
    Select(console.driver.find_element(By.CSS_SELECTOR, 'atelier-session-create select[name="example"]')).select_by_value(EXAMPLE)
    console.click('atelier-session-create button[data-action="create-example"]')

    outcome = console.wait_for(
        f"""(() => {{
            const refused = document.querySelector('atelier-session-create [data-error]')
            if (refused) return {{ refused: refused.textContent.trim() }}
            return {SESSION_VIEW}?.dataset.phase ? {{ phase: {SESSION_VIEW}.dataset.phase }} : null
        }})()""",
        timeout=timeout,
        description="the new session's page",
    )
    if "refused" in outcome:
        raise AssertionError(f"creating the session from {EXAMPLE} failed: {outcome['refused']}")
    session_id = console.evaluate(
        "decodeURIComponent((location.hash.match(/^#\\/sessions\\/([^/]+)$/) || [])[1] || '')"
    )
    if not session_id:
        raise AssertionError(f"no session id in the address: {console.evaluate('location.href')}")
    return session_id


def participant_invite(console: Browser, timeout: float) -> dict:
    """The first participant's invite as the page shows it: name, group and link."""
    return console.wait_for(
        """(() => {
            const row = document.querySelector('atelier-invite-list tr[data-role="participant"].has-link')
            const url = row?.querySelector('input.invite-url')?.value
            return url ? { name: row.querySelector('.name').textContent.trim(), group: row.dataset.group, url } : null
        })()""",
        timeout=timeout,
        description="a participant's invite link in the invite list",
    )


def advance(console: Browser, before: str, timeout: float) -> str:
    """Advances the phase through the UI (override + reason if refused); returns the new phase."""
    console.run("arguments[0].scrollIntoView({block: 'center'})", console.driver.find_element(By.CSS_SELECTOR, "atelier-phase-controls"))
    console.click('atelier-phase-controls button[data-action="advance"]')
    outcome = console.wait_for(
        f"""(() => {{
            const view = {SESSION_VIEW}
            const controls = document.querySelector('atelier-phase-controls')
            if (view.dataset.phase !== arguments[0]) return 'moved'
            if (controls.dataset.busy === 'false' && controls.dataset.feedback === 'error') return 'refused'
            return null
        }})()""",
        before,
        timeout=timeout,
        description="the outcome of Advance",
    )
    if outcome == "refused":
        refusal = console.evaluate("document.querySelector('.phase-feedback').textContent.trim()")
        print(f"plain advance refused ({refusal}); going to the next phase with an override", file=sys.stderr)
        console.click("atelier-phase-controls details.goto summary")
        # The select defaults to the next phase.
        console.click('atelier-phase-controls input[name="override"]')
        console.driver.find_element(By.CSS_SELECTOR, 'atelier-phase-controls textarea[name="reason"]').send_keys(
            "Browser walk: moving on before the day begins"
        )
        console.click('atelier-phase-controls button[data-action="goto"]')
        console.wait_for(
            f"{SESSION_VIEW}.dataset.phase !== arguments[0]",
            before,
            timeout=timeout,
            description="the phase to change after Go to with override",
        )
    return console.evaluate(f"{SESSION_VIEW}.dataset.phase")


def walk(args: argparse.Namespace) -> dict:
    base = args.url.rstrip("/")
    timeout = args.timeout
    os.makedirs(args.screenshots, exist_ok=True)
    with Browser() as console, Browser() as participant:
        try:
            session_id = sign_in_and_create(console, base, args.facilitator_token, timeout)
            invite = participant_invite(console, timeout)
            console.wait_for(f"{SESSION_VIEW}.dataset.live === 'online'", timeout=timeout, description="the console's live channel")

            participant.open(invite["url"])
            participant.wait_for(
                f"{PARTICIPANT_HOME}?.dataset.live === 'online' && {PARTICIPANT_HOME}.dataset.phase",
                timeout=timeout,
                description="the participant home, live",
            )
            participant.run("window.__consoleWalkMarker = true")

            before = console.evaluate(f"{SESSION_VIEW}.dataset.phase")
            shown_before = participant.evaluate(f"{PARTICIPANT_HOME}.dataset.phase")
            if shown_before != before:
                raise AssertionError(f"participant shows {shown_before!r}, console {before!r}")

            after = advance(console, before, timeout)
            saw = participant.wait_for(
                f"""(() => {{
                    const home = {PARTICIPANT_HOME}
                    const shown = home?.querySelector('.phase-now [data-phase-id]')?.dataset.phaseId
                    return home?.dataset.phase === arguments[0] && shown === arguments[0] ? shown : null
                }})()""",
                after,
                timeout=timeout,
                description=f"the participant page showing {after!r}",
            )
            if not participant.evaluate("window.__consoleWalkMarker === true"):
                raise AssertionError("the participant page reloaded instead of updating live")

            console.run("window.scrollTo(0, 0)")
            participant.run("window.scrollTo(0, 0)")
            console.screenshot(os.path.join(args.screenshots, "console.png"))
            participant.screenshot(os.path.join(args.screenshots, "participant.png"))
            return {"session": session_id, "phaseBefore": before, "phaseAfter": after, "participantSaw": saw}
        except Exception:
            for name, browser in (("console", console), ("participant", participant)):
                try:
                    browser.screenshot(os.path.join(args.screenshots, f"{name}-failure.png"))
                except Exception:  # noqa: BLE001 - best effort evidence
                    pass
                print(f"--- {name} browser console:\n" + "\n".join(browser.console()[-30:]), file=sys.stderr)
            raise


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        report = walk(args)
    except (WaitTimeout, AssertionError) as error:
        print(json.dumps({"error": str(error).splitlines()[0]}, ensure_ascii=False))
        print(str(error), file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the browser or page failed
        print(json.dumps({"error": f"{type(error).__name__}: {error}".splitlines()[0]}, ensure_ascii=False))
        traceback.print_exc()
        return 1
    ok = report["participantSaw"] == report["phaseAfter"] and report["phaseAfter"] != report["phaseBefore"]
    print(json.dumps(report, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
