#!/usr/bin/env python3
"""Play a pitch on the stage and a juror's Q&A and scoring, in headless Chromium.

Usage:
    pitch_stage.py --url BASE --facilitator-token T --screenshots DIR
                   [--limit-seconds 20] [--warnings 15,10] [--timeout S]

What it does, in order:
 1. API: creates a session from sessions/examples/cdo-sprint.json with a short pitch
    (`--limit-seconds`, warnings `--warnings` seconds left), goes to the `prototype`
    phase (override) so the deck is writable, and writes four slides into group g1's deck
    as a participant of g1 (pycrdt over /sync, like Tests/Interop/server/deck_peer.py).
 2. Stage (Chromium 1, 1280x800, signed in as the facilitator, who may present and keep
    time): opens /stage/{session}/g1, waits for the first slide and the live channel,
    clicks "Start the pitch", presses → → ← → (the server's currentSlide must follow,
    and the stage must show each slide's title). Saves DIR/stage-warning.png once the
    countdown is amber (first warning), notes the red tier at the last warning, then saves
    DIR/stage-overtime.png with the overtime counting in red; clicks "Stop the pitch".
 3. Juror (Chromium 2, its own profile): opens the juror's invite link (/join/{token}), which
    shows the juror console; picks g1; starts the Q&A; logs a question, an objection and a
    remark with one keystroke each (q / o / r, type, Enter); marks the question answered
    and edits its answer summary; scores all criteria but one and submits, confirming in the
    dialog (the server's refusal naming the unscored criterion must show), scores the last
    with a comment, submits and confirms (the sheet locks). Saves DIR/juror.png (top of the console) and
    DIR/juror-sheet.png (the submitted sheet).
 4. Facilitator: opens /results/{session} and saves DIR/results.png.
 Prints one JSON line with what it saw. Exit 0 when every check held, else 1 (a JSON line
 with "error", details and the browser console on standard error).

Example:
    .venv/bin/python Tests/Browser/pitch_stage.py --url http://127.0.0.1:18700 \\
        --facilitator-token t --screenshots /tmp/pitch
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Interop", "server"))

from browser import Browser, WaitTimeout  # noqa: E402
from ywire import read_var_uint, sync_message  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

SLIDES = [
    ("Covoit’Campus", "Carpooling for a campus of 12,000 students\nGroupe 1 — Design Thinking sprint"),
    ("The problem we observed", "62 % of students drive alone\nParking is full by 8:40\nEvening buses stop at 21:00"),
    ("Our solution", "Match rides by timetable, not by address\nPay with the student card\nA seat is guaranteed back home"),
    ("What we ask of you", "A six-week pilot with two faculties\nAccess to the timetable API"),
]

STAGE = "document.querySelector('atelier-stage')"
TIMER = "document.querySelector('atelier-stage atelier-pitch-timer')"
JUROR = "document.querySelector('atelier-juror-console')"


# --- API --------------------------------------------------------------------------------


def call(base: str, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else {})
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"raw": text}


def must(base: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    status, data = call(base, token, method, path, body)
    if status >= 300:
        raise AssertionError(f"{method} {path} → {status}: {data}")
    return data


def create_session(base: str, token: str, limit: int, warnings: list[int]) -> dict:
    with open(os.path.join(REPO, "sessions", "examples", "cdo-sprint.json")) as f:
        definition = json.load(f)
    definition["title"] = "Pitch day — stage test"
    definition["startDate"] = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    definition["pitch"] = {"limitSeconds": limit, "qaLimitSeconds": 120, "warningsSeconds": warnings}
    created = must(base, token, "POST", "/api/v1/sessions", definition)
    must(base, token, "POST", f"/api/v1/sessions/{created['id']}/phase",
         {"action": "goto", "phase": "prototype", "override": True, "reason": "pitch stage test"})
    return created


# --- the deck, written by a participant (y-websocket over pycrdt) ----------------------


async def write_deck(ws_base: str, token: str, board: str) -> int:
    import websockets
    from pycrdt import Array, Doc, Map, Text

    doc = Doc()
    doc["slides"] = slides = Array()
    async with websockets.connect(f"{ws_base}/sync/{board}?token={token}", max_size=None) as ws:
        await ws.send(sync_message(0, doc.get_state()))

        async def until_step2() -> None:
            while True:
                message = bytes(await asyncio.wait_for(ws.recv(), 30))
                kind, pos = read_var_uint(message, 0)
                if kind == 2:
                    raise AssertionError(f"deck update refused: {message!r}")
                if kind != 0:
                    continue
                step, pos = read_var_uint(message, pos)
                length, pos = read_var_uint(message, pos)
                payload = message[pos:pos + length]
                if step == 0:
                    await ws.send(sync_message(1, doc.get_update(payload)))
                else:
                    doc.apply_update(payload)
                if step == 1:
                    return

        await until_step2()
        state = doc.get_state()
        for title, body in SLIDES:
            slides.append(Map({"title": Text(title), "body": Text(body), "notes": Text("")}))
        await ws.send(sync_message(2, doc.get_update(state)))
        await ws.send(sync_message(0, doc.get_state()))
        await until_step2()
    return len(slides)


# --- the walk ----------------------------------------------------------------------------


def click(b: Browser, css: str) -> None:
    b.wait_for(f"document.querySelector({json.dumps(css)})", description=css)
    b.click(css)


def keys(b: Browser, *sequence: str) -> None:
    b.driver.switch_to.active_element.send_keys(*sequence)


def confirm(b: Browser, name: str) -> None:
    """Answers the confirmation dialog `name` (components/confirm-step.js) with its confirming button."""
    click(b, f"dialog[data-dialog='{name}'][open] button[data-action='confirm']")
    b.wait_for(f"!document.querySelector(\"dialog[data-dialog='{name}']\")")


def walk(args) -> dict:
    base = args.url.rstrip("/")
    ws_base = "ws" + base[len("http"):]
    token = args.facilitator_token
    warnings = [int(w) for w in args.warnings.split(",") if w]
    created = create_session(base, token, args.limit_seconds, warnings)
    session = created["id"]
    group = created["groups"][0]
    deck = next(b["id"] for b in group["boards"] if b["kind"] == "deck")
    presenter = next(i for i in created["invites"] if i["role"] == "participant" and i["group"] == group["id"])
    juror = next(i for i in created["invites"] if i["role"] == "juror")
    slides = asyncio.run(write_deck(ws_base, presenter["token"], deck))
    must(base, token, "POST", f"/api/v1/sessions/{session}/phase",
         {"action": "goto", "phase": "pitch", "override": True, "reason": "pitch stage test"})
    seen: dict = {"session": session, "group": group["id"], "deckSlides": slides}
    os.makedirs(args.screenshots, exist_ok=True)
    shot = lambda b, name: b.screenshot(os.path.join(args.screenshots, name))  # noqa: E731

    with Browser() as stage:
        # The stage, as the facilitator (may present and keep time).
        stage.open(f"{base}/?token={token}#/stage/{session}/{group['id']}")
        stage.wait_for(f"{STAGE}.dataset.live === 'online'", timeout=args.timeout)
        stage.wait_for(f"{STAGE}.querySelector('.slide-title')?.textContent === {json.dumps(SLIDES[0][0])}",
                       timeout=args.timeout)
        click(stage, "atelier-stage button[data-action='pitch/start']")
        stage.wait_for(f"{STAGE}.dataset.state === 'running' && {TIMER}.dataset.tier === 'running'",
                       timeout=args.timeout)
        titles = [stage.evaluate(f"{STAGE}.querySelector('.slide-title').textContent")]
        for key, expected in ((Keys.ARROW_RIGHT, 1), (Keys.ARROW_RIGHT, 2), (Keys.ARROW_LEFT, 1), (Keys.ARROW_RIGHT, 2)):
            stage.driver.find_element(By.TAG_NAME, "body").send_keys(key)
            stage.wait_for(f"{STAGE}.dataset.slide === '{expected}' && "
                           f"{STAGE}.querySelector('.slide-title')?.textContent === {json.dumps(SLIDES[expected][0])}",
                           timeout=args.timeout)
            titles.append(stage.evaluate(f"{STAGE}.querySelector('.slide-title').textContent"))
        # The stage shows a move at once; once it has no move left to confirm, the server must be
        # on the slide shown (moves pressed in quick succession reach it in order).
        stage.wait_for(f"{STAGE}.dataset.moving === 'false'", timeout=args.timeout)
        pitch = must(base, token, "GET", f"/api/v1/sessions/{session}/groups/{group['id']}/pitch")
        assert pitch["currentSlide"] == 2, f"server's currentSlide is {pitch['currentSlide']}, not 2"
        seen["slidesShown"] = titles
        seen["serverSlide"] = pitch["currentSlide"]

        stage.wait_for(f"{TIMER}.dataset.tier === 'warning'", timeout=args.limit_seconds + args.timeout)
        seen["warningAt"] = int(stage.evaluate(f"{TIMER}.dataset.remaining"))
        seen["warningColor"] = stage.evaluate(
            f"getComputedStyle({TIMER}.querySelector('.pitch-timer-time')).color")
        shot(stage, "stage-warning.png")
        stage.wait_for(f"{TIMER}.dataset.tier === 'critical'", timeout=args.limit_seconds + args.timeout)
        seen["criticalAt"] = int(stage.evaluate(f"{TIMER}.dataset.remaining"))
        stage.wait_for(f"{TIMER}.dataset.tier === 'over' && Number({TIMER}.dataset.remaining) <= -3",
                       timeout=args.limit_seconds + args.timeout)
        seen["overtimeShown"] = stage.evaluate(f"{TIMER}.querySelector('.pitch-timer-time').textContent")
        seen["overtimeColor"] = stage.evaluate(
            f"getComputedStyle({TIMER}.querySelector('.pitch-timer-time')).color")
        shot(stage, "stage-overtime.png")
        click(stage, "atelier-stage button[data-action='pitch/stop']")
        stage.wait_for(f"{STAGE}.dataset.state === 'stopped'", timeout=args.timeout)
        pitch = must(base, token, "GET", f"/api/v1/sessions/{session}/groups/{group['id']}/pitch")
        assert pitch["overtimeMs"] >= 3000, f"recorded overtime {pitch['overtimeMs']} ms"
        seen["recordedOvertimeMs"] = pitch["overtimeMs"]
        seen["slideTimings"] = pitch["slideTimings"]

        with Browser() as jb:
            jb.open(f"{base}/join/{juror['token']}")
            jb.wait_for(f"{JUROR} && {JUROR}.dataset.live === 'online'", timeout=args.timeout)
            click(jb, f"atelier-juror-console a.group-tab[data-group-id='{group['id']}']")
            jb.wait_for(f"{JUROR}.dataset.group === {json.dumps(group['id'])}")
            jb.wait_for("document.querySelector('atelier-juror-console atelier-pitch-timer.pitch-main')"
                        ".dataset.tier === 'stopped'", timeout=args.timeout)
            click(jb, "atelier-juror-console button[data-command='qa/start']")
            jb.wait_for("document.querySelector('atelier-juror-console atelier-pitch-timer.qa-main')"
                        ".dataset.tier === 'running'", timeout=args.timeout)
            lines = [("q", "question", "How do you keep drivers once the novelty fades?"),
                     ("o", "objection", "Insurance for student drivers is not addressed."),
                     ("r", "remark", "Clear slides, good use of the empathy map.")]
            for n, (key, kind, text) in enumerate(lines, start=1):
                jb.driver.find_element(By.TAG_NAME, "body").click()  # focus outside any field
                jb.driver.find_element(By.TAG_NAME, "body").send_keys(key)
                jb.wait_for(f"document.activeElement?.name === 'text' && {JUROR}.querySelector('atelier-qa-log')"
                            f".dataset.kind === '{kind}'")
                keys(jb, text, Keys.ENTER)
                jb.wait_for(f"{JUROR}.querySelector('atelier-qa-log').dataset.count === '{n}'", timeout=args.timeout)
            # An answer lost on the way (the juror's Wi-Fi): the server logs the line, the page
            # hears nothing and gives the line back; sent again, the server logs it once.
            jb.run("""const real = window.fetch; window.qaPostsAnswered = 0
                window.fetch = async (input, init) => {
                  const response = await real(input, init)
                  if (init?.method !== 'POST' || !String(input).endsWith('/qa')) return response
                  window.qaPostsAnswered += 1
                  if (window.qaPostsAnswered === 1) throw new TypeError('connection lost')
                  return response
                }""")
            lost = "What does one ride cost a student?"
            compose = "atelier-qa-log .qa-compose input[name='text']"
            jb.driver.find_element(By.CSS_SELECTOR, compose).click()
            keys(jb, lost, Keys.ENTER)
            jb.wait_for(f"document.querySelector('atelier-qa-log .qa-error .notice.error') && "
                        f"document.querySelector(\"{compose}\").value === {json.dumps(lost)}", timeout=args.timeout)
            jb.driver.find_element(By.CSS_SELECTOR, compose).click()
            keys(jb, Keys.ENTER)
            jb.wait_for("window.qaPostsAnswered === 2", timeout=args.timeout)
            jb.wait_for(f"document.querySelector(\"{compose}\").value === '' && "
                        "!document.querySelector('atelier-qa-log .qa-error .notice.error')", timeout=args.timeout)
            logged = must(base, juror["token"], "GET", f"/api/v1/sessions/{session}/groups/{group['id']}/pitch")
            texts = [entry["text"] for entry in logged["qa"]["entries"]]
            assert texts.count(lost) == 1 and len(texts) == 4, f"the retried line is logged {texts.count(lost)}×: {texts}"
            jb.wait_for(f"{JUROR}.querySelector('atelier-qa-log').dataset.count === '4'", timeout=args.timeout)
            seen["retriedLineLoggedOnce"] = True
            first = "atelier-qa-log li[data-entry-id='qa-1']"
            click(jb, f"{first} button[data-action='answered']")
            jb.wait_for(f"document.querySelector(\"{first}\")?.dataset.answered === 'true'", timeout=args.timeout)
            click(jb, f"{first} button[data-action='edit']")
            answer = jb.driver.find_element(By.CSS_SELECTOR, f"{first} .qa-edit input[name='answer']")
            answer.send_keys("Loyalty points and a campus parking discount", Keys.ENTER)
            jb.wait_for(f"document.querySelector(\"{first} .qa-answer\")?.textContent.includes('Loyalty points')",
                        timeout=args.timeout)

            sheet = "atelier-juror-console atelier-score-sheet"
            jb.wait_for(f"document.querySelectorAll('{sheet} li.criterion').length > 0", timeout=args.timeout)
            criteria = jb.evaluate(f"[...document.querySelectorAll('{sheet} li.criterion')].map(li => li.dataset.criterionId)")
            scores = [4, 3.5, 4.5, 3, 4, 5, 2.5, 4]
            for cid, score in list(zip(criteria, scores))[:-1]:
                label = jb.driver.find_element(
                    By.CSS_SELECTOR, f"{sheet} li[data-criterion-id='{cid}'] input[value='{score:g}'] + span")
                jb.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
                label.click()
            # The picks are saved as a draft on their own: a reload (or a closed tab) keeps them.
            jb.wait_for(f"document.querySelector('{sheet}').dataset.dirty === 'false'", timeout=args.timeout)
            jb.driver.refresh()
            jb.wait_for(f"{JUROR} && {JUROR}.dataset.group === {json.dumps(group['id'])} && "
                        f"document.querySelectorAll(\"{sheet} li.criterion input:checked\").length === {len(criteria) - 1}",
                        timeout=args.timeout)
            seen["picksKeptOverReload"] = True
            jb.wait_for(f"{JUROR}.dataset.live === 'online'", timeout=args.timeout)
            # The console may still draw the sheet again as the reloaded page settles: find the field anew then.
            for attempt in range(5):
                try:
                    comment = jb.driver.find_element(By.CSS_SELECTOR, f"{sheet} li[data-criterion-id='{criteria[0]}'] textarea")
                    comment.send_keys("Observed users on campus; strong interviews.")
                    break
                except StaleElementReferenceException:
                    if attempt == 4:
                        raise
                    jb.wait_for(f"document.querySelector(\"{sheet} li[data-criterion-id='{criteria[0]}'] textarea\")",
                                timeout=args.timeout)
            click(jb, f"{sheet} button[type='submit']")
            confirm(jb, "submit-sheet")
            jb.wait_for(f"document.querySelector('{sheet} .sheet-feedback .notice.error')", timeout=args.timeout)
            refusal = jb.evaluate(f"document.querySelector('{sheet} .sheet-feedback .notice.error').textContent")
            # The refusal names the criterion by its label, never by its id (issue 12).
            label = jb.evaluate(f"document.querySelector(\"{sheet} li[data-criterion-id='{criteria[-1]}'] .criterion-label\")?.textContent.trim()")
            assert label and label in refusal, f"the refusal does not name {criteria[-1]} ({label!r}): {refusal}"
            assert criteria[-1] not in refusal, f"the refusal shows the id {criteria[-1]}: {refusal}"
            seen["refusal"] = refusal
            last = jb.driver.find_element(
                By.CSS_SELECTOR, f"{sheet} li[data-criterion-id='{criteria[-1]}'] input[value='{scores[-1]:g}'] + span")
            jb.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", last)
            last.click()
            click(jb, f"{sheet} button[type='submit']")
            confirm(jb, "submit-sheet")
            jb.wait_for(f"document.querySelector('{sheet}').dataset.submitted === 'true'", timeout=args.timeout)
            seen["sheetSubmitted"] = True
            seen["qaEntries"] = jb.evaluate("[...document.querySelectorAll('atelier-qa-log li.qa-entry')]"
                                            ".map(li => li.dataset.kind)")
            own = must(base, juror["token"], "GET", f"/api/v1/sessions/{session}/groups/{group['id']}/scores")
            assert own["submittedAt"], "the server does not have the sheet submitted"
            seen["serverScores"] = {k: v.get("score") for k, v in own["entries"].items()}
            jb.driver.execute_script(f"document.querySelector('{sheet}').scrollIntoView({{block: 'end'}})")
            shot(jb, "juror-sheet.png")
            jb.driver.execute_script("window.scrollTo(0, 0)")
            shot(jb, "juror.png")

        stage.open(f"{base}/?token={token}#/results/{session}")
        stage.wait_for("document.querySelector('atelier-results section.result-group')", timeout=args.timeout)
        seen["resultsGroups"] = stage.evaluate(
            "[...document.querySelectorAll('atelier-results section.result-group')].length")
        shot(stage, "results.png")
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--facilitator-token", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--limit-seconds", type=int, default=20)
    parser.add_argument("--warnings", default="15,10", help="seconds left, comma-separated")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    try:
        seen = walk(args)
    except (AssertionError, WaitTimeout, Exception) as error:  # noqa: BLE001 - report any failure as JSON
        print(json.dumps({"error": str(error).splitlines()[0] if str(error) else type(error).__name__}), flush=True)
        traceback.print_exc()
        return 1
    print(json.dumps(seen, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
