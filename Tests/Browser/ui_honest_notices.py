#!/usr/bin/env python3
"""What the pages say matches what happened: going offline, a lock under a synced caret, a
problem statement saved by a teammate meanwhile.

Usage:
    ui_honest_notices.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Checks:
 - `boardOfflinePromptly`: a participant typing on a board whose browser goes offline (DevTools
   network emulation) sees the connection badge say "Offline" within 5 s (the socket alone
   would take up to 30 s to close), not "Online".
 - `boardPendingShown`: what they type while offline is counted as not yet sent.
 - `boardBackOnline`: back online, the badge says "Online" again, and what they typed offline
   reaches the server.
 - `homeOfflinePromptly`: the participant's home (in French) says "Hors ligne" within 5 s of
   going offline, and "En direct" again once back online (`homeBackOnline`).
 - `deckLockPlain`: a deck locking (the pitch phase begins) under someone whose caret is still
   in a slide's text box, but whose text had reached the server, says the board is locked and
   read-only, and nothing about refused or kept edits (the kept panel stays empty).
 - `problemTheirsShown`: on the participant's home in the define phase, when a teammate saves
   the group's problem statement while this person has an unsaved draft, the teammate's text
   shows beside the draft, with who saved it, and the draft stays.
 - `problemTakeTheirs`: "Take this version" drops the draft: the field shows the saved text.
 - `problemReplace`: with a new draft and another teammate's save, "Replace it with my draft"
   saves the draft (the server has it).

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from board_common import BoardPage  # noqa: E402
from browser import Browser, WaitTimeout  # noqa: E402
from ui_common import Api, AtelierServer, arg_parser, board_id, browser, goto_phase, invite, new_session, report, set_language  # noqa: E402

#: "Promptly": well under y-websocket's 30 s and the live channel's 15 s of silence.
PROMPT = 5.0

PILL = "document.querySelector('.board-status .status-pill')"
STATUS = "document.querySelector('atelier-connection-status')"
EDITOR = "document.querySelector('atelier-board-editor')"
PROBLEM = "document.querySelector('atelier-problem-statement')"


def set_offline(b: Browser, offline: bool) -> None:
    b.driver.execute_cdp_cmd("Network.enable", {})
    b.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def waited(b: Browser, expression: str, timeout: float, *args) -> object:
    """The expression's value once truthy, or False after `timeout` seconds."""
    try:
        return b.wait_for(expression, *args, timeout=timeout)
    except WaitTimeout:
        return False


def type_in_problem(b: Browser, text: str, timeout: float) -> None:
    """Replaces the problem field's text by typing, as a person would. The card renders again
    when the live state arrives (its field is a new element, focus and draft kept), so the keys
    go to the focused field rather than to an element found once."""
    b.wait_for(f"{PROBLEM}?.querySelector('textarea[name=\"text\"]')", timeout=timeout)
    b.run(f"const f = {PROBLEM}.querySelector('textarea[name=\"text\"]'); f.focus(); f.select()")
    ActionChains(b.driver).send_keys(text).perform()
    b.wait_for(f"{PROBLEM}.dataset.dirty === 'true' && {PROBLEM}.querySelector('textarea[name=\"text\"]').value === arguments[0]",
               text, timeout=timeout)


def offline_status(server: AtelierServer, api: Api, args, checks: dict, extra: dict) -> None:
    session = new_session(api)
    participant = invite(session, "participant", "g1")
    board = board_id(session, "g1", "empathy-map")
    with browser() as b:
        page = BoardPage(b, server.base, participant["token"], board, timeout=args.timeout)
        page.open()
        b.click(".board-toolbar [data-action='add'][data-type='note']")
        area = page.wait("document.querySelector('atelier-board-canvas textarea.bc-edit')", "the note editor")
        area.send_keys("before ")
        b.wait_until(lambda: any("before" in (i.get("text") or "") for i in api.get(f"/boards/{board}/export.json")["items"].values()),
                     timeout=args.timeout, description="the note on the server")
        page.wait(f"{PILL}?.dataset.state === 'online'", "online")
        set_offline(b, True)
        try:
            said = waited(b, f"{PILL}?.dataset.state === 'offline' && {PILL}.textContent", PROMPT)
            extra["boardOffline"] = said or b.evaluate(f"{PILL}?.textContent")
            checks["boardOfflinePromptly"] = bool(said) and "Offline" in str(said)
            area.send_keys("during the outage")
            pending = waited(b, "document.querySelector('.board-status .unsynced')?.textContent", PROMPT)
            extra["boardPending"] = pending
            checks["boardPendingShown"] = bool(pending)
            if args.screenshots:
                b.screenshot(os.path.join(args.screenshots, "honest-board-offline.png"))
        finally:
            set_offline(b, False)
        back = waited(b, f"{PILL}?.dataset.state === 'online' && !document.querySelector('.board-status .unsynced')", args.timeout)
        try:
            arrived = b.wait_until(lambda: any("before during the outage" in (i.get("text") or "")
                                               for i in api.get(f"/boards/{board}/export.json")["items"].values()),
                                   timeout=args.timeout, description="the offline text on the server")
        except WaitTimeout:
            arrived = False
        checks["boardBackOnline"] = bool(back) and bool(arrived)

        set_language(b, server.base, "fr")
        b.open(f"{server.base}/?token={participant['token']}")
        b.wait_for(f"{STATUS}?.dataset.state === 'online'", timeout=args.timeout)
        set_offline(b, True)
        try:
            said = waited(b, f"{STATUS}?.dataset.state === 'offline' && {STATUS}.textContent.trim()", PROMPT)
            extra["homeOffline"] = said or b.evaluate(f"{STATUS}?.textContent.trim()")
            checks["homeOfflinePromptly"] = bool(said) and "Hors ligne" in str(said)
            if args.screenshots:
                b.screenshot(os.path.join(args.screenshots, "honest-home-offline.png"))
        finally:
            set_offline(b, False)
        back = waited(b, f"{STATUS}?.dataset.state === 'online' && {STATUS}.textContent.trim()", args.timeout)
        extra["homeBack"] = back
        checks["homeBackOnline"] = bool(back) and "En direct" in str(back)


def deck_lock(server: AtelierServer, api: Api, args, checks: dict, extra: dict) -> None:
    session = new_session(api, days_ago=2)
    sid = session["id"]
    goto_phase(api, sid, "prototype", "the decks open")
    participant = invite(session, "participant", "g2")
    deck = board_id(session, "g2", "deck")
    text = "A weekly 3-number digest."
    with browser() as b:
        page = BoardPage(b, server.base, participant["token"], deck, timeout=args.timeout)
        page.open()
        b.click("atelier-board-deck button[data-action='add-slide']")
        field = b.wait_until(lambda: next((x for x in b.driver.find_elements(By.CSS_SELECTOR, "atelier-board-deck textarea") if x.is_displayed()), None),
                             timeout=args.timeout, description="a slide's text box")
        field.send_keys(text)
        b.wait_until(lambda: text in str(api.get(f"/boards/{deck}/export.json").get("slides")), timeout=args.timeout,
                     description="the slide's text on the server")
        page.wait(f"{EDITOR}.dataset.state === 'online' && {EDITOR}.dataset.unsynced === '0'", "everything sent")
        focused = b.evaluate("document.activeElement?.tagName === 'TEXTAREA' && document.activeElement.closest('atelier-board-deck') !== null")
        goto_phase(api, sid, "pitch", "the pitches begin")
        page.wait(f"{EDITOR}.dataset.writable === 'false'", "the deck to lock")
        message = page.wait("document.querySelector('.board-message')?.textContent.trim()", "the lock's message")
        kept = b.evaluate(f"{EDITOR}.dataset.kept") or "0"
        page_text = b.evaluate("document.querySelector('main')?.innerText") or ""
        extra["deckLock"] = {"focused": focused, "message": message, "kept": kept}
        if args.screenshots:
            b.screenshot(os.path.join(args.screenshots, "honest-deck-lock.png"))
        quarantine = api.get(f"/sessions/{sid}/quarantine")["entries"]
        checks["deckLockPlain"] = (bool(focused) and "just locked" in message and "read-only" in message
                                   and kept == "0" and "refused" not in page_text and "kept below" not in page_text
                                   and not quarantine)


def problem_conflict(server: AtelierServer, api: Api, args, checks: dict, extra: dict) -> None:
    session = new_session(api)
    sid = session["id"]
    goto_phase(api, sid, "define", "the groups define their problem")
    alice = next(i for i in session["invites"] if i["name"] == "Alice Martin")
    bruno = next(i for i in session["invites"] if i["name"] == "Bruno Petit")
    problem_path = f"/sessions/{sid}/groups/{alice['group']}/problem"

    def problem_text():
        return next(((g.get("problem") or {}).get("text") for g in api.get(f"/sessions/{sid}")["groups"] if g["id"] == alice["group"]), None)

    with browser() as b:
        b.open(f"{server.base}/?token={alice['token']}")
        b.wait_for("document.querySelector('atelier-connection-status')?.dataset.state === 'online'", timeout=args.timeout)
        type_in_problem(b, "Alice draft", args.timeout)
        api.as_(bruno["token"]).put(problem_path, {"text": "Texte de Bruno"})
        shown = waited(b, f"{PROBLEM}.dataset.conflict === 'true' && {PROBLEM}.querySelector('.problem-theirs')?.textContent", args.timeout)
        card = b.evaluate(f"{PROBLEM}.innerText") or ""
        draft = b.evaluate(f"{PROBLEM}.querySelector('textarea[name=\"text\"]')?.value")
        extra["problemCard"] = card.replace("\n", " | ")[:400]
        if args.screenshots:
            b.screenshot(os.path.join(args.screenshots, "honest-problem-conflict.png"))
        checks["problemTheirsShown"] = (shown == "Texte de Bruno" and draft == "Alice draft"
                                        and "Bruno Petit" in card  # the teammate, by name
                                        and bool(b.evaluate(f"{PROBLEM}.querySelector('button[data-action=\"take-theirs\"]')")))
        if not shown:
            return

        b.run(f"{PROBLEM}.querySelector('button[data-action=\"take-theirs\"]').click()")
        took = waited(b, f"{PROBLEM}.dataset.conflict === 'false' && {PROBLEM}.dataset.dirty === 'false'"
                         f" && {PROBLEM}.querySelector('textarea[name=\"text\"]').value", args.timeout)
        checks["problemTakeTheirs"] = took == "Texte de Bruno" and problem_text() == "Texte de Bruno"

        type_in_problem(b, "Alice second draft", args.timeout)
        api.as_(bruno["token"]).put(problem_path, {"text": "Bruno encore"})
        b.wait_for(f"{PROBLEM}.dataset.conflict === 'true' && {PROBLEM}.querySelector('.problem-theirs')?.textContent === 'Bruno encore'", timeout=args.timeout)
        b.run(f"{PROBLEM}.querySelector('form.problem-form button[type=\"submit\"]').click()")
        try:
            saved = b.wait_until(lambda: problem_text() == "Alice second draft" and problem_text(),
                                 timeout=args.timeout, description="the draft saved")
        except WaitTimeout:
            saved = None
        checks["problemReplace"] = saved == "Alice second draft" and bool(waited(b, f"{PROBLEM}.dataset.conflict === 'false'", args.timeout))


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            for part in (offline_status, deck_lock, problem_conflict):
                try:
                    part(server, api, args, checks, extra)
                except Exception as e:  # noqa: BLE001
                    traceback.print_exc()
                    checks[part.__name__] = False
                    extra[f"{part.__name__}Error"] = f"{type(e).__name__}: {str(e)[:400]}"
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
