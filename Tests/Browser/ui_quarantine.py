#!/usr/bin/env python3
"""Quarantine a facilitator can use, and nothing a participant typed vanishes.

Usage:
    ui_quarantine.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

A participant of g1 writes on the group's empathy map (open in the first phase); the
facilitator's console is open on the session beside it. The participant opens a note and
types 40 characters while their edits are held back (a slow link); the facilitator moves
the session on (the board locks); the held keystrokes then reach the server, which refuses
them. Checks:
 - `lockedTold`: the participant's editor turns read-only and says the board locked.
 - `oneEntry`: the 40 refused keystrokes are ONE pending quarantine entry (API), with a
   count of at least 2.
 - `listLive`: the console's quarantine list shows that one entry without a reload (live).
 - `preview`: the entry's preview holds the 40 characters, in the API and in the console's
   list (needs the server's quarantine `preview`).
 - `keptShown`: the participant's page shows the 40 characters as "kept for the
   facilitator", with a Copy button.
 - `keptFromServer`: the kept entry comes from `GET /api/v1/boards/{id}/quarantine/mine`
   (needs that route).
 - `applyWhole`: Apply in the console puts the whole 40-character note on the board (the
   board's export and the participant's page), and the row turns applied without a reload.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed. Checks that
need server additions not there yet say "needs-server" (and fail).
"""

from __future__ import annotations

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from board_common import BoardPage  # noqa: E402
from ui_common import Api, ApiError, AtelierServer, arg_parser, board_id, browser, csp_violations, goto_phase, invite, new_session, report  # noqa: E402

TEXT = "Kept while locked: 40 characters typed!!"
assert len(TEXT) == 40

LIST = "document.querySelector('atelier-quarantine-list')"


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
            board = board_id(session, "g1", "empathy-map")
            with browser() as pb, browser() as fb:
                # The facilitator's console on the session.
                fb.open(f"{server.base}/?token={server.token}#/sessions/{sid}")
                fb.wait_for("document.querySelector('atelier-session-view')?.dataset.live === 'online'", timeout=args.timeout)

                page = BoardPage(pb, server.base, participant["token"], board, timeout=args.timeout)
                page.open()
                pb.click(".board-toolbar [data-action='add'][data-type='note']")
                page.wait("document.querySelector('atelier-board-canvas textarea.bc-edit')", "the note editor")
                note = page.b.wait_until(lambda: [i["id"] for i in page.items()], description="the note")[0]
                # Let the new (empty) note reach the server, then hold what follows back.
                page.b.wait_until(lambda: any(i for i in api.get(f"/boards/{board}/export.json").get("items", {})),
                                  description="the note on the server")
                page.hold_outgoing()
                area = pb.driver.find_element(By.CSS_SELECTOR, "atelier-board-canvas textarea.bc-edit")
                area.send_keys(TEXT)
                page.wait(f"window.atelier.model.items()[0]?.text === {TEXT!r}", "the typed text in the page")

                goto_phase(api, sid, "ideate", "the group moves on")
                page.wait("document.querySelector('atelier-board-editor').dataset.writable === 'false'", "the board to lock")
                message = pb.evaluate("document.querySelector('.board-message')?.textContent") or ""
                checks["lockedTold"] = "locked" in message.lower()
                extra["lockedMessage"] = message

                page.release_outgoing()
                page.wait("Number(document.querySelector('atelier-board-editor').dataset.resets) >= 1", "the page to resync after the refusal")

                def pending():
                    return [e for e in api.get(f"/sessions/{sid}/quarantine")["entries"]
                            if e["boardId"] == board and e.get("status", "pending") == "pending"]

                entries = fb.wait_until(lambda: pending() or None, timeout=args.timeout, description="a pending entry")
                # Give a late keystroke the time to make a second entry, if the server were to make one.
                pb.wait_until(lambda: pb.evaluate("document.querySelector('atelier-board-editor').dataset.synced === 'true'"), description="resynced")
                entries = pending()
                entry = entries[0]
                extra["entry"] = {k: entry.get(k) for k in ("id", "count", "reasonCode", "preview", "senderName")}
                # The server's quarantine additions (count, preview, senderName, the live event, /mine).
                additions = "count" in entry
                extra["serverAdditions"] = additions
                checks["oneEntry"] = len(entries) == 1
                checks["count"] = (entry.get("count") or 0) >= 2 if additions else "needs-server"

                row = f"{LIST}.querySelector('tr[data-quarantine-id=\"{entry['id']}\"]')"
                shown_live = fb.wait_for(f"{row}?.dataset.status === 'pending' && {LIST}.dataset.pending === '1'",
                                         timeout=args.timeout if additions else 3) if additions else False
                if not additions:
                    checks["listLive"] = "needs-server"
                    fb.run(f"{LIST}.querySelector('button[data-action=\"refresh\"]').click()")
                    fb.wait_for(f"{row}?.dataset.status === 'pending'", timeout=args.timeout)
                else:
                    checks["listLive"] = bool(shown_live)
                texts = (entry.get("preview") or {}).get("texts")
                if texts is not None:
                    # The entry grows until the last held keystroke is in: read it once whole.
                    grown = fb.wait_until(lambda: next((e for e in pending() if any(TEXT in t for t in (e.get("preview") or {}).get("texts", []))), None),
                                          timeout=args.timeout, description="the whole text in the entry's preview")
                    texts = grown["preview"]["texts"]
                    extra["entry"]["count"] = grown.get("count")
                if texts is None:
                    checks["preview"] = "needs-server"
                else:
                    # The live list follows the entry as it grows: wait for the whole text.
                    shown = fb.wait_for(f"[...{row}.querySelectorAll('.q-text')].some(q => q.textContent.includes(arguments[0]))",
                                        TEXT, timeout=args.timeout)
                    checks["preview"] = any(TEXT in t for t in texts) and bool(shown)

                kept = pb.wait_for(
                    "[...document.querySelectorAll('atelier-board-kept .kept-text')].map(k => k.textContent)"
                    ".some(t => t.includes(arguments[0])) && document.querySelector('atelier-board-kept button[data-action=\"copy\"]') !== null",
                    TEXT, timeout=args.timeout)
                checks["keptShown"] = bool(kept)
                try:
                    mine = api.as_(participant["token"]).get(f"/boards/{board}/quarantine/mine")
                    pb.wait_for(f"document.querySelector('atelier-board-kept li[data-kept-id=\"{entry['id']}\"]')", timeout=args.timeout)
                    ids = pb.evaluate("[...document.querySelectorAll('atelier-board-kept li[data-kept-id]')].map(li => li.dataset.keptId)") or []
                    extra["keptIds"] = ids
                    extra["mine"] = [e["id"] for e in mine.get("entries", [])]
                    checks["keptFromServer"] = any(str(e["id"]) == str(entry["id"]) for e in mine.get("entries", [])) and str(entry["id"]) in ids
                except ApiError as e:
                    checks["keptFromServer"] = "needs-server" if e.status in (404, 405) else False
                if args.screenshots:
                    pb.screenshot(os.path.join(args.screenshots, "quarantine-participant.png"))
                    fb.run(f"{row}?.scrollIntoView({{block: 'center'}})")
                    fb.screenshot(os.path.join(args.screenshots, "quarantine-console.png"))

                fb.run(f"{row}.querySelector('button[data-action=\"apply\"]').click()")
                fb.wait_for(f"{row}?.dataset.status === 'applied'", timeout=args.timeout)
                on_server = api.get(f"/boards/{board}/export.json")["items"].get(note, {}).get("text")
                on_page = page.wait(f"window.atelier.model.items().find(i => i.id === {note!r})?.text === {TEXT!r}", "the applied note in the page")
                extra["appliedText"] = on_server
                checks["applyWhole"] = on_server == TEXT and bool(on_page)
                violations = csp_violations(pb) + csp_violations(fb)
                if violations:
                    checks["csp"] = False
                    extra["csp"] = violations[:3]
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
