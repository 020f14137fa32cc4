#!/usr/bin/env python3
"""A session's people edited, then the session archived, opened again and deleted, from the facilitator's console (issue 16).

Usage:
    ui_lifecycle.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

The facilitator uses a French phone (390 px); a participant follows on a desktop browser.

Checks:
 - `movedBoardStops`: a participant whose board is open is moved to another group: the page
   says so in words with a link home, and the board turns read-only (nothing is queued).
 - `personAdded`: the "Add a person" form adds a participant to Groupe 2; their invite link
   shows in the invite list.
 - `participantMoved`: "Rename or move a person" moves the participant (her page open) to
   Groupe 2: her page reloads by itself and lists Groupe 2's boards.
 - `renameShown`: Alice renamed (API): her home's "Signed in as" says the new name, live.
 - `withdrawnShown`: Zoé's home is open when she is erased: it says her access was withdrawn,
   without a Retry button or boards.
 - `groupRenamed`: "Rename a group" renames Groupe 2, on the server too; `groupRenameShown`:
   Alice's open home (she is in Groupe 2) shows the new name without a reload.
 - `exported`: "Export their data" downloads the added participant's data (the page says so;
   the export is in the audit log).
 - `erased`: "Erase this person…" asks first (a modal dialog), then her name is gone from the
   invite list and the server's state.
 - `datesMoved`: the sprint's first day moved a week later from the card; the server agrees.
 - `retentionShown`: the card says when the retention rules delete the session's data.
 - `archiveAsks`: "Archiver la session" asks first (a modal dialog); confirming archives it:
   the card says since when, and the server's state has `archivedAt`.
 - `participantTold`: the participant's home shows the notice that the session is archived.
 - `writesRefused`: the participant's board is read-only (its group may not write it now).
 - `archivedBoardSays`: the participant's board, opened while archived, says the session is
   archived (not a phase lock, no opening time).
 - `unarchived`: "Rouvrir la session" opens it again, in the card and on the server.
 - `unarchivedBoardClear`: the open board is writable again, without a lock or stale banner.
 - `archivedLiveSays`: archived again while the board is open: the banner says archived, not
   "just locked" by a phase, and nothing is "kept for the facilitator".
 - `deletedBoardStops`: the session deleted while the board is open: "This session was
   deleted", read-only.
 - `deleteGuarded`: "Supprimer la session…" opens a dialog whose button stays disabled until
   the session's exact title is typed (a wrong title leaves it disabled).
 - `deleted`: confirming deletes it: the console is back on the list, without the session,
   and the server answers 404 for it.
 - `phoneFits`: no sideways scroll on the phone (`clientWidth`, not `innerWidth`).
 - `axe.session`, `axe.dialog`: no serious or critical axe-core finding on the session page
   and with the delete dialog open.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.by import By  # noqa: E402

from ui_common import (  # noqa: E402
    Api, ApiError, AtelierServer, arg_parser, axe_serious, board_id, browser, invite, new_session, report, set_language,
)

VIEW = "document.querySelector('atelier-session-view')"
CARD = "document.querySelector('atelier-session-lifecycle')"
EDITOR = "document.querySelector('atelier-board-editor')"
MESSAGE = "document.querySelector('atelier-board-editor .board-message')"
DIALOG = "document.querySelector('dialog.confirm-dialog[data-dialog=\"{}\"]')"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api, title="Sprint « Gare du Nord »")
            sid = session["id"]
            alice = invite(session, "participant", "g1")
            empathy = board_id(session, "g1", "empathy-map")
            with browser(lang="fr", device="phone") as f, browser() as p:
                set_language(f, server.base, "fr")
                # Bruno's board is open when he is moved to Groupe 2.
                bruno = invite(session, "participant", "g1", 1)
                p.open(f"{server.base}/boards/{quote(empathy, safe='')}?token={quote(bruno['token'], safe='')}")
                p.wait_for(f"{EDITOR}?.dataset.writable === 'true'", timeout=args.timeout)
                api.call("PATCH", f"/sessions/{sid}/people/{bruno['id']}", {"group": "g2"})
                p.wait_for(f"{EDITOR}.dataset.stopped === '4403' && {EDITOR}.dataset.writable === 'false' && {MESSAGE}.querySelector('a[data-link=home]')",
                           timeout=args.timeout)
                extra["movedMessage"] = p.evaluate(f"{MESSAGE}.textContent")
                checks["movedBoardStops"] = "moved to another group" in extra["movedMessage"] and "role" not in extra["movedMessage"]
                p.run("localStorage.clear(); sessionStorage.clear()")  # Alice's browser from now on
                p.open(f"{server.base}/?token={quote(alice['token'], safe='')}")
                p.wait_for("document.querySelector('atelier-participant-home')?.dataset.live === 'online'", timeout=args.timeout)
                f.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}")
                f.wait_for(f"{VIEW}?.dataset.live === 'online' && {CARD}?.dataset.archived === 'false'", timeout=args.timeout)
                f.run(f"{CARD}.scrollIntoView()")
                checks["retentionShown"] = "Conservation" in f.evaluate(f"{CARD}.querySelector('.retention').textContent")
                checks["axe.session"] = not (found := axe_serious(f))
                if found:
                    extra["axe.session"] = found

                # People: a participant added, Alice moved to Groupe 2, Groupe 2 renamed.
                people = 'atelier-people-editor'
                f.run(f"document.querySelector('{people}').scrollIntoView()")
                # Each form is filled and submitted in one step (the editor re-renders when the
                # session's people change, which would leave a found element stale).
                fill = """const form = document.querySelector(`atelier-people-editor form[data-form="${arguments[0]}"]`)
                    for (const [name, value] of Object.entries(arguments[1])) {
                      form.elements[name].value = value
                      form.elements[name].dispatchEvent(new Event('change', { bubbles: true }))
                    }
                    form.requestSubmit()"""
                f.run(fill, "add", {"name": "Zoé Tardive", "role": "participant", "group": "g2"})
                row = f.wait_for(
                    "Array.from(document.querySelectorAll('atelier-invite-list tr.has-link'))"
                    ".some(r => r.textContent.includes('Zoé Tardive')) || null", timeout=args.timeout)
                checks["personAdded"] = bool(row)
                f.run(fill, "edit", {"invite": alice["id"], "group": "g2"})
                g2_board = board_id(session, "g2", "empathy-map")
                moved = p.wait_for(f"document.querySelector('atelier-participant-home li[data-board-id=\"{g2_board}\"]')",
                                   timeout=args.timeout)
                checks["participantMoved"] = bool(moved) and api.as_(alice["token"]).get("/me")["group"]["id"] == "g2"
                p.wait_for("document.querySelector('atelier-participant-home')?.dataset.live === 'online'", timeout=args.timeout)
                api.call("PATCH", f"/sessions/{sid}/people/{alice['id']}", {"name": "Alice Martin-Roy"})
                renamed = p.wait_for("document.querySelector('atelier-participant-home .who')?.textContent.includes('Martin-Roy') || null",
                                     timeout=args.timeout)
                checks["renameShown"] = bool(renamed)
                api.call("PATCH", f"/sessions/{sid}/people/{alice['id']}", {"name": "Alice Martin"})
                f.run(fill, "group", {"group": "g2", "name": "Les Zèbres"})
                f.wait_for(f"document.querySelector('{people} form[data-form=\"group\"] .form-status')?.textContent.includes('Zèbres')",
                           timeout=args.timeout)
                checks["groupRenamed"] = any(g["name"] == "Les Zèbres" for g in api.get(f"/sessions/{sid}")["groups"])
                # Alice's home (she is in Groupe 2 now) names her group by its new name, live.
                checks["groupRenameShown"] = bool(p.wait_for(
                    "document.querySelector('atelier-participant-home')?.textContent.includes('Les Zèbres') || null",
                    timeout=args.timeout))
                zoe = next(i for i in api.get(f"/sessions/{sid}")["invites"] if i["name"] == "Zoé Tardive")
                choose = """const select = document.querySelector('atelier-people-editor form[data-form="edit"] select[name="invite"]')
                    select.value = arguments[0]
                    select.dispatchEvent(new Event('change', { bubbles: true }))
                    document.querySelector(`atelier-people-editor form[data-form="edit"] button[data-action="${arguments[1]}"]`).click()"""
                f.run(choose, zoe["id"], "export")
                f.wait_for(f"document.querySelector('{people} form[data-form=\"edit\"] .form-status')?.textContent.includes('Zoé')",
                           timeout=args.timeout)
                checks["exported"] = any(e["action"] == "person.export" for e in api.get(f"/sessions/{sid}/audit")["entries"])
                p.run("localStorage.clear(); sessionStorage.clear()")
                zoe_token = api.post(f"/sessions/{sid}/invites/{zoe['id']}/reissue")["invite"]["token"]
                p.open(f"{server.base}/?token={quote(zoe_token, safe='')}")
                p.wait_for("document.querySelector('atelier-participant-home')?.dataset.live === 'online'", timeout=args.timeout)
                f.run(choose, zoe["id"], "erase")
                f.wait_for(DIALOG.format("erase-person"), timeout=args.timeout)
                extra["eraseConfirm"] = f.evaluate(f"{DIALOG.format('erase-person')}.querySelector('[data-action=\"confirm\"]').textContent.trim()")
                checks["eraseConfirmPlain"] = extra["eraseConfirm"] == "Effacer cette personne"
                f.run(f"{DIALOG.format('erase-person')}.querySelector('[data-action=\"confirm\"]').click()")
                f.wait_for("!Array.from(document.querySelectorAll('atelier-invite-list td.name'))"
                           ".some(c => c.textContent.includes('Zoé Tardive'))", timeout=args.timeout)
                checks["erased"] = all(i["name"] != "Zoé Tardive" for i in api.get(f"/sessions/{sid}")["invites"])
                home = "document.querySelector('atelier-participant-home')"
                p.wait_for(f"{home}.dataset.withdrawn === 'true'", timeout=args.timeout)
                extra["withdrawn"] = p.evaluate(f"{home}.innerText.replace(/\\s+/g, ' ')")
                checks["withdrawnShown"] = (
                    "access was withdrawn" in extra["withdrawn"] and "4401" not in extra["withdrawn"]
                    and p.evaluate(f"!{home}.querySelector('[data-action=retry]') || !{home}.querySelector('[data-action=retry]').checkVisibility()")
                    and p.evaluate(f"{home}.querySelectorAll('li[data-board-id]').length") == 0)
                p.run("localStorage.clear(); sessionStorage.clear()")
                p.open(f"{server.base}/?token={quote(alice['token'], safe='')}")
                p.wait_for(f"{home}?.dataset.live === 'online'", timeout=args.timeout)
                if args.screenshots:
                    f.screenshot(os.path.join(args.screenshots, "session-people.png"))
                checks["axe.people"] = not (found := axe_serious(f))
                if found:
                    extra["axe.people"] = found

                # Dates: the sprint postponed by a week.
                import datetime as dt
                start = dt.date.fromisoformat(api.get(f"/sessions/{sid}")["startDate"])
                later = (start + dt.timedelta(days=7)).isoformat()
                f.run(f"{CARD}.querySelector('form[data-form=\"dates\"] input').value = arguments[0]", later)
                f.run(f"{CARD}.querySelector('form[data-form=\"dates\"] button[type=\"submit\"]').click()")
                import time
                deadline = time.monotonic() + args.timeout
                while api.get(f"/sessions/{sid}")["startDate"] != later and time.monotonic() < deadline:
                    time.sleep(0.1)
                checks["datesMoved"] = api.get(f"/sessions/{sid}")["startDate"] == later

                # Archive: asked first, then read-only everywhere.
                f.run(f"{CARD}.querySelector('button[data-action=\"archive\"]').click()")
                f.wait_for(DIALOG.format("archive-session"), timeout=args.timeout)
                f.run(f"{DIALOG.format('archive-session')}.querySelector('[data-action=\"confirm\"]').click()")
                f.wait_for(f"{CARD}.dataset.archived === 'true'", timeout=args.timeout)
                card = f.evaluate(f"{CARD}.textContent")
                state = api.get(f"/sessions/{sid}")
                checks["archiveAsks"] = "Archivée depuis" in card and isinstance(state.get("archivedAt"), int)
                told = p.wait_for(
                    "Array.from(document.querySelectorAll('atelier-live-notices li, atelier-live-notices p'))"
                    ".map(n => n.textContent).find(t => t.includes('archived')) || null",
                    timeout=args.timeout)
                checks["participantTold"] = bool(told)
                board = next(b for g in state["groups"] for b in g["boards"] if b["id"] == empathy)
                checks["writesRefused"] = board.get("writable") is False
                g2_empathy = board_id(session, "g2", "empathy-map")
                p.open(f"{server.base}/boards/{quote(g2_empathy, safe='')}?token={quote(alice['token'], safe='')}")
                p.wait_for(f"{EDITOR}?.dataset.synced === 'true' && {EDITOR}.dataset.lock === 'archived'", timeout=args.timeout)
                lock = p.evaluate("document.querySelector('atelier-board-header').textContent")
                extra["archivedLock"] = lock
                checks["archivedBoardSays"] = "archived" in lock and "opens" not in lock and p.evaluate(f"{EDITOR}.dataset.writable") == "false"

                f.run(f"{CARD}.querySelector('button[data-action=\"unarchive\"]').click()")
                f.wait_for(f"{CARD}.dataset.archived === 'false'", timeout=args.timeout)
                checks["unarchived"] = "archivedAt" not in api.get(f"/sessions/{sid}")
                p.wait_for(f"{EDITOR}.dataset.writable === 'true' && {EDITOR}.dataset.lock === 'none'", timeout=args.timeout)
                checks["unarchivedBoardClear"] = "archived" not in p.evaluate("document.querySelector('atelier-board-header').textContent")
                # Archived again while the board is open, then opened again (by the API).
                api.post(f"/sessions/{sid}/archive")
                p.wait_for(f"{EDITOR}.dataset.lock === 'archived' && !{MESSAGE}.hidden && {MESSAGE}.textContent.includes('archived')", timeout=args.timeout)
                extra["archivedLive"] = p.evaluate(f"{MESSAGE}.textContent")
                checks["archivedLiveSays"] = "just locked" not in extra["archivedLive"] and p.evaluate(f"{EDITOR}.dataset.kept") == "0"
                api.post(f"/sessions/{sid}/unarchive")
                p.wait_for(f"{EDITOR}.dataset.writable === 'true' && {MESSAGE}.hidden", timeout=args.timeout)

                # Delete: only once the title is typed.
                f.run(f"{CARD}.querySelector('button[data-action=\"delete\"]').click()")
                dialog = DIALOG.format("delete-session")
                f.wait_for(dialog, timeout=args.timeout)
                field = f.driver.find_element(By.CSS_SELECTOR, 'dialog[data-dialog="delete-session"] input')
                disabled = f"{dialog}.querySelector('[data-action=\"confirm\"]').disabled"
                at_first = f.evaluate(disabled)
                field.send_keys("Sprint Gare du Nord")
                after_wrong = f.evaluate(disabled)
                checks["axe.dialog"] = not (found := axe_serious(f))
                if found:
                    extra["axe.dialog"] = found
                field.clear()
                field.send_keys(session["title"])
                after_right = f.evaluate(disabled)
                checks["deleteGuarded"] = at_first is True and after_wrong is True and after_right is False
                width = f.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                checks["phoneFits"] = width <= 1
                extra["overflow"] = width
                if args.screenshots:
                    f.screenshot(os.path.join(args.screenshots, "session-delete.png"))
                f.run(f"{dialog}.querySelector('[data-action=\"confirm\"]').click()")
                f.wait_for("document.querySelector('atelier-console')?.dataset.view === 'list'"
                           " && document.querySelector('atelier-session-list')?.dataset.count !== undefined", timeout=args.timeout)
                listed = f.evaluate(f"!!document.querySelector('atelier-session-list tr[data-session-id=\"{sid}\"]')")
                try:
                    api.get(f"/sessions/{sid}")
                    gone = False
                except ApiError as error:
                    gone = error.status == 404
                checks["deleted"] = not listed and gone
                p.wait_for(f"{EDITOR}.dataset.stopped === '4404' && {EDITOR}.dataset.writable === 'false'", timeout=args.timeout)
                extra["deletedMessage"] = p.evaluate(f"{MESSAGE}.textContent")
                checks["deletedBoardStops"] = "deleted" in extra["deletedMessage"]
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(error).__name__}: {error}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
