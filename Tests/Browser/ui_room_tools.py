#!/usr/bin/env python3
"""Private mode and checkpoints in the browser, with an offline browser client (issue 15).

Usage:
    ui_room_tools.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

The sprint is in ideate; group 1 has participants A, B, C (and D).

Private mode, on group 1's ideas board (a facilitator and A and B on desktop, English; C
on a phone, French, opened late):
 - `privateOn`: the facilitator's "Private brainstorm: …" makes the board private: every
   page shows the banner ("Private mode: others can’t see your notes …" for participants),
   live, without a reload.
 - `privateWithheld`: A adds a note through the toolbar and appends to a shared note; the
   facilitator's page shows both; B's page (open the whole time) shows neither, in its DOM
   and in its Yjs document (`window.atelier.doc`), once it has the facilitator's later note
   (so everything sent before that reached it).
 - `privateLateJoiner`: C opens the board late: the same.
 - `privateReload`: A reloads the page: their note and their edit are still there.
 - `privateRevealed`: "Reveal": B and C show A's note and edit, the banners go, B is told.
 - `axe.*` on B's and the facilitator's private board, `phone.private` for C at 390 px.

Checkpoints, on group 1's SWOT board (the facilitator on desktop, English; A through a
loopback proxy the script cuts, as in board_offline.py):
 - `checkpointSaved`: "Save checkpoint" with a name: it is listed.
 - `checkpointView`: "View" shows the board as it was, read-only, headed "As it was at …",
   with that moment's items.
 - `checkpointCompare`: after edits (one added by A, one changed, one removed), "Compare with
   now" lists them under the SWOT's zone labels (Strengths, Weaknesses, Opportunities) with
   the items' texts; `checkpointCompareTwo`: two checkpoints compared (the phase move's and
   the named one).
 - `offlineEdit`: A's connection is cut; A adds a note (kept in the browser, unsynced).
 - `restoreConfirm`: "Restore" asks first, saying the board as it is stays in the history
   and offline edits merge; `restored`: confirmed, the facilitator's page shows the board as
   it was, and a checkpoint "Before restoring …" is listed.
 - `offlineMerged`: A comes back: A's offline note is on the board with the checkpoint's
   items, on both pages and in the server's `export.json`.
 - `axe.*` on the comparison and the view; `phone.checkpoints` (the facilitator's panel in
   French at 390 px), `checkpointFrench` (a comparison there: French title and zone labels)
   and `phone.compare` (no sideways scroll with it open).

Screenshots (with --screenshots): facilitation-private-facilitator.png,
facilitation-private-before.png, facilitation-private-after.png,
facilitation-private-phone-fr.png, facilitation-checkpoint-compare.png,
facilitation-checkpoint-view.png, facilitation-checkpoint-restore.png,
facilitation-checkpoint-phone-fr.png.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback
from urllib.parse import quote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from board_common import BoardPage  # noqa: E402
from board_offline import Proxy, append_text  # noqa: E402
from ui_common import (  # noqa: E402
    Api, AtelierServer, arg_parser, axe_serious, board_id, browser, goto_phase, invite, new_session, page_errors,
    report, set_language,
)
from ui_touch import SIDE_SCROLL_JS, SMALL_TARGETS_JS  # noqa: E402

EDITOR = "document.querySelector('atelier-board-editor')"
TOOLS = "document.querySelector('atelier-board-facilitation')"
PANEL = "document.querySelector('atelier-board-checkpoints')"
BANNER = "document.querySelector('.private-banner')"
COMPARE = "document.querySelector('dialog[data-dialog=\"checkpoint-compare\"]')"
VIEW = "document.querySelector('dialog[data-dialog=\"checkpoint-view\"]')"
CONFIRM = "document.querySelector('dialog[data-dialog=\"restore-checkpoint\"]')"

#: The texts of the items a page's own document holds.
TEXTS_JS = "return window.atelier.model.items().map((i) => i.text)"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    shots = args.screenshots

    def shot(b, name: str) -> None:
        if shots:
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
            session = new_session(api, title="Sprint privé", days_ago=2)
            sid = session["id"]
            goto_phase(api, sid, "ideate", "room tools")
            people = [invite(session, "participant", "g1", i) for i in range(3)]
            ideas, swot = board_id(session, "g1", "ideas"), board_id(session, "g1", "swot")
            private_mode(server, api, sid, ideas, people, args, checks, extra, shot, axe, phone)
            checkpoints(server, api, sid, swot, people[0], args, checks, extra, shot, axe, phone)
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


def open_facilitator(b, server, sid: str, board: str, timeout: float, lang: str = "en") -> BoardPage:
    """The facilitator's board page (the console first, so the page finds the board's session at once)."""
    if lang != "en":
        set_language(b, server.base, lang)
    b.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}")
    b.wait_for("document.querySelector('atelier-session-view')?.dataset.live === 'online'", timeout=timeout)
    page = BoardPage(b, server.base, server.token, board, timeout=timeout)
    b.open(f"{server.base}/boards/{quote(board, safe='')}")
    page.wait(f"{EDITOR}?.dataset.synced === 'true' && {EDITOR}.dataset.live === 'online'", "the facilitator's board")
    return page


def private_mode(server, api, sid, ideas, people, args, checks, extra, shot, axe, phone) -> None:
    a_inv, b_inv, c_inv = people
    with browser() as fb, browser() as ab, browser() as bb:
        fac = open_facilitator(fb, server, sid, ideas, args.timeout)
        a = BoardPage(ab, server.base, a_inv["token"], ideas, timeout=args.timeout)
        b = BoardPage(bb, server.base, b_inv["token"], ideas, timeout=args.timeout)
        a.open()
        b.open()
        for page in (a, b):
            page.wait(f"{EDITOR}?.dataset.live === 'online'", "the live channel")
        shared = b.add_note_ui("Shared idea")
        a.wait_item(shared, lambda i: i["text"] == "Shared idea", "B's shared note in A")
        fac.wait_item(shared, lambda i: i["text"] == "Shared idea", "B's shared note in the facilitator's page")

        # The facilitator makes the board private: every page says so, live.
        fb.run(f"{TOOLS}.querySelector('button[data-action=\"mode\"][data-mode=\"private\"]').click()")
        for page in (fac, a, b):
            page.wait(f"{EDITOR}?.dataset.private === 'true' && !{BANNER}.hidden", "the private banner")
        fac.wait(f"{TOOLS}.querySelector('button[data-action=\"mode\"][data-mode=\"shared\"]')", "the Reveal button")
        participant_banner = bb.evaluate(f"{BANNER}.textContent")
        checks["privateOn"] = ("others can’t see your notes" in participant_banner
                               and "you see everyone’s" in fb.evaluate(f"{BANNER}.textContent"))
        extra["bannerB"] = participant_banner

        # A adds a note and edits the shared one; the facilitator sees both.
        secret = a.add_note_ui("Secret idea from A")
        append_text(a, shared, " +A")
        fac.wait_item(secret, lambda i: i["text"] == "Secret idea from A", "A's note in the facilitator's page")
        fac.wait_item(shared, lambda i: i["text"] == "Shared idea +A", "A's edit in the facilitator's page")
        # A later note of the facilitator's: a page that has it has everything sent before.
        marker = fb.run("return window.atelier.model.addItem({ type: 'note', x: 900, y: 120, text: 'Facilitator marker' })")

        def withheld(page: BoardPage) -> dict:
            page.wait_item(marker, lambda i: i["text"] == "Facilitator marker", "the facilitator's later note")
            return page.b.run(
                """const items = window.atelier.doc.getMap('items')
                const shared = items.get(arguments[1])
                return { inDoc: items.has(arguments[0]), inDom: document.querySelector(`.bc-item[data-id="${arguments[0]}"]`) !== null,
                         shared: shared ? shared.get('text').toString() : null,
                         sharedDom: document.querySelector(`.bc-item[data-id="${arguments[1]}"]`)?.textContent ?? null }""",
                secret, shared)

        seen_b = withheld(b)
        extra["withheldB"] = seen_b
        checks["privateWithheld"] = (not seen_b["inDoc"] and not seen_b["inDom"] and seen_b["shared"] == "Shared idea"
                                     and "+A" not in (seen_b["sharedDom"] or ""))
        bb.run("window.atelier.editor.querySelector('atelier-board-canvas').fit()")
        shot(bb, "private-before")
        axe(bb, "private-participant")
        fb.run("window.atelier.editor.querySelector('atelier-board-canvas').fit()")
        shot(fb, "private-facilitator")
        axe(fb, "private-facilitator")

        with browser(lang="fr", device="phone") as cb:
            c = BoardPage(cb, server.base, c_inv["token"], ideas, timeout=args.timeout)
            c.open(lang="fr")
            c.wait(f"{EDITOR}?.dataset.private === 'true' && !{BANNER}.hidden", "C's private banner")
            seen_c = withheld(c)
            extra["withheldC"] = seen_c
            checks["privateLateJoiner"] = (not seen_c["inDoc"] and not seen_c["inDom"] and seen_c["shared"] == "Shared idea"
                                           and "Mode privé" in cb.evaluate(f"{BANNER}.textContent"))
            # Items scale with the canvas's zoom: the dots' 44 px hold at 100 %.
            cb.run("window.atelier.editor.querySelector('atelier-board-canvas').boardView = { x: 0, y: 0, zoom: 1 }")
            phone(cb, "private")
            shot(cb, "private-phone-fr")

            # A reloads: their note and their edit are still theirs to see.
            a.open()
            a.wait(f"{EDITOR}?.dataset.live === 'online' && {EDITOR}.dataset.unsynced === '0'", "A back, nothing unsent")
            a.wait_item(secret, lambda i: i["text"] == "Secret idea from A", "A's note after the reload")
            a.wait_item(shared, lambda i: i["text"] == "Shared idea +A", "A's edit after the reload")
            checks["privateReload"] = ab.evaluate(f"document.querySelector('.bc-item[data-id=\"{secret}\"]') !== null") is True

            # The reveal: B and C get A's work, the banners go.
            fb.run(f"{TOOLS}.querySelector('button[data-action=\"mode\"][data-mode=\"shared\"]').click()")
            for page in (b, c):
                page.wait_item(secret, lambda i: i["text"] == "Secret idea from A", "A's note after the reveal")
                page.wait_item(shared, lambda i: i["text"] == "Shared idea +A", "A's edit after the reveal")
                page.wait(f"{EDITOR}?.dataset.private === 'false' && {BANNER}.hidden", "the banner gone")
            told = bb.evaluate("document.querySelector('.board-message:not([hidden])')?.textContent ?? ''")
            checks["privateRevealed"] = ("revealed everyone’s notes" in told
                                         and cb.evaluate(f"document.querySelector('.bc-item[data-id=\"{secret}\"]') !== null") is True)
            bb.run("window.atelier.editor.querySelector('atelier-board-canvas').fit()")
            shot(bb, "private-after")
            errors = [line for page in (fb, ab, bb, cb) for line in page_errors(page)]
            checks["privateNoScriptErrors"] = not errors
            if errors:
                extra["privateScriptErrors"] = errors[:5]


def checkpoints(server, api, sid, swot, a_inv, args, checks, extra, shot, axe, phone) -> None:
    target = urlsplit(server.base)
    proxy = Proxy(target.hostname or "127.0.0.1", target.port or 80).start()
    via_proxy = f"http://127.0.0.1:{proxy.listen_port}"
    timeout = args.timeout
    with browser() as fb, browser() as ab:
        fac = open_facilitator(fb, server, sid, swot, timeout)
        a = BoardPage(ab, via_proxy, a_inv["token"], swot, timeout=timeout)
        a.open()
        strong = fb.run("return window.atelier.model.addItem({ type: 'note', x: 120, y: 120, text: 'Strong team' })")
        little = fb.run("return window.atelier.model.addItem({ type: 'note', x: 920, y: 120, text: 'Little time' })")
        a.wait_item(little, lambda i: i["text"] == "Little time", "the facilitator's notes in A")

        # Save a checkpoint from the panel.
        fac.wait(f"{PANEL} && !{PANEL}.hidden && {PANEL}.dataset.state === 'ready'", "the checkpoints panel")
        fb.run(f"{PANEL}.querySelector('summary').click()")
        fb.run(f"""const form = {PANEL}.querySelector('form[data-form="save"]')
            form.elements.label.value = 'Before lunch'
            form.requestSubmit()""")
        listed = fac.wait(f"[...{PANEL}.querySelectorAll('li[data-checkpoint-id]')].find((li) => li.querySelector('.checkpoint-name').textContent === 'Before lunch')?.dataset.checkpointId",
                          "the saved checkpoint listed")
        checks["checkpointSaved"] = ("Before lunch" in fb.evaluate(f"{PANEL}.querySelector('.form-status').textContent")
                                     and fb.evaluate(f"{PANEL}.querySelector('input[name=\"label\"]').value") == "")
        fb.run("window.atelier.editor.querySelector('atelier-board-canvas').fit()")

        # View it as it was.
        fb.run(f"{PANEL}.querySelector('button[data-action=\"view\"][data-id=\"{listed}\"]').click()")
        fac.wait(f"{VIEW}?.open && {VIEW}.querySelectorAll('atelier-board-canvas .bc-item').length === 2", "the checkpoint's view")
        view = fb.run(f"""const d = {VIEW}
            return {{ title: d.querySelector('h2').textContent, note: d.querySelector('.checkpoint-read-only').textContent,
                      readOnly: d.querySelector('atelier-board-canvas').dataset.readOnly,
                      texts: [...d.querySelectorAll('.bc-item')].map((el) => el.textContent.trim()) }}""")
        extra["view"] = view
        checks["checkpointView"] = (view["title"] == "As it was at “Before lunch”" and view["readOnly"] == "true"
                                    and "Read-only" in view["note"]
                                    and any("Strong team" in t for t in view["texts"]) and any("Little time" in t for t in view["texts"]))
        axe(fb, "checkpoint-view")
        shot(fb, "checkpoint-view")
        fb.run(f"{VIEW}.querySelector('button[data-action=\"close\"]').click()")
        fac.wait(f"!{VIEW}", "the view closed")

        # The board changes: A adds a note, the facilitator changes one and removes one.
        ask = ab.run("return window.atelier.model.addItem({ type: 'note', x: 120, y: 600, text: 'Ask users' })")
        fac.wait_item(ask, lambda i: i["text"] == "Ask users", "A's note in the facilitator's page")
        fb.run("""const m = window.atelier.model
            const text = m.itemsMap.get(arguments[0]).get('text')
            m.transact(() => text.insert(text.length, ', tired'))
            m.remove([arguments[1]])""", strong, little)
        a.wait(f"!window.atelier.doc.getMap('items').has('{little}')", "the removal in A")

        fb.run(f"{PANEL}.querySelector('button[data-action=\"compare-now\"][data-id=\"{listed}\"]').click()")
        fac.wait(f"{COMPARE}?.open", "the comparison")
        compared = fb.run(f"""const d = {COMPARE}
            const zones = {{}}
            for (const s of d.querySelectorAll('section[data-zone]')) zones[s.querySelector('h3').textContent] = {{
              added: [...s.querySelectorAll('ul.added li')].map((li) => li.textContent.trim()),
              removed: [...s.querySelectorAll('ul.removed li')].map((li) => li.textContent.trim()),
              changed: [...s.querySelectorAll('ul.changed li')].map((li) => li.textContent.trim()) }}
            return {{ title: d.querySelector('h2').textContent, summary: d.querySelector('.checkpoint-summary').textContent, zones,
                      added: d.dataset.added, removed: d.dataset.removed, changed: d.dataset.changed }}""")
        extra["compared"] = compared
        zones = compared["zones"]
        checks["checkpointCompare"] = (
            compared["title"] == "From “Before lunch” to now"
            and zones.get("Opportunities", {}).get("added") == ["Ask users"]
            and zones.get("Weaknesses", {}).get("removed") == ["Little time"]
            and zones.get("Strengths", {}).get("changed") == ["Strong team → Strong team, tired (text)"]
            and (compared["added"], compared["removed"], compared["changed"]) == ("1", "1", "1"))
        axe(fb, "checkpoint-compare")
        shot(fb, "checkpoint-compare")
        fb.run(f"{COMPARE}.querySelector('button[data-action=\"close\"]').click()")
        fac.wait(f"!{COMPARE}", "the comparison closed")

        # Two checkpoints: the phase move's (empty SWOT) to the named one.
        phase_cp = next((c for c in api.get(f"/boards/{swot}/checkpoints")["checkpoints"] if not c.get("by")), None)
        if phase_cp:
            fb.run(f"""const form = {PANEL}.querySelector('form[data-form="compare"]')
                form.elements.from.value = arguments[0]
                form.elements.to.value = arguments[1]
                form.requestSubmit()""", phase_cp["id"], listed)
            fac.wait(f"{COMPARE}?.open && {COMPARE}.dataset.to === '{listed}'", "two checkpoints compared")
            two = fb.run(f"return {{ title: {COMPARE}.querySelector('h2').textContent, added: {COMPARE}.dataset.added, restore: {COMPARE}.querySelector('[data-action=\"restore-from-compare\"]') !== null }}")
            extra["comparedTwo"] = two
            checks["checkpointCompareTwo"] = (two["title"].startswith("From “End of ") and two["title"].endswith("” to “Before lunch”")
                                              and two["added"] == "2" and not two["restore"])
            fb.run(f"{COMPARE}.querySelector('button[data-action=\"close\"]').click()")
            fac.wait(f"!{COMPARE}", "the comparison closed")
        else:
            checks["checkpointCompareTwo"] = "skipped"

        # A goes offline and adds a note.
        proxy.drop()
        a.wait(f"['reconnecting', 'offline'].includes({EDITOR}.dataset.state)", "A to notice the cut")
        offline = a.add_note_ui("Offline idea from A")
        a.wait(f"Number({EDITOR}.dataset.unsynced) > 0", "A's unsynced count")
        checks["offlineEdit"] = True

        # Meanwhile the facilitator restores the checkpoint, after a confirmation.
        fb.run(f"{PANEL}.querySelector('button[data-action=\"restore\"][data-id=\"{listed}\"]').click()")
        fac.wait(f"{CONFIRM}?.open", "the confirmation")
        body = fb.evaluate(f"{CONFIRM}.querySelector('p').textContent")
        extra["restoreBody"] = body
        checks["restoreConfirm"] = "stays in its history" in body and "offline" in body and "Before restoring ‘Before lunch’" in body
        shot(fb, "checkpoint-restore")
        fb.run(f"{CONFIRM}.querySelector('button[data-action=\"confirm\"]').click()")
        fac.wait(f"{PANEL}.dataset.restored === '{listed}'", "the restore answered")

        def texts(page: BoardPage) -> list[str]:
            return sorted(page.b.run(TEXTS_JS))

        fac.b.wait_until(lambda: texts(fac) == ["Little time", "Strong team"], timeout=timeout,
                         description="the facilitator's board as it was")
        names = fb.run(f"return [...{PANEL}.querySelectorAll('.checkpoint-name')].map((el) => el.textContent)")
        status = fb.evaluate(f"{PANEL}.querySelector('.form-status').textContent")
        extra["restoreStatus"] = status
        checks["restored"] = "Before restoring ‘Before lunch’" in names and status.startswith("Restored “Before lunch”")

        # A comes back: the offline note joins the board as restored.
        proxy.restore()
        a.wait(f"{EDITOR}.dataset.state === 'online'", "A back online", timeout=timeout * 2)
        want = ["Little time", "Offline idea from A", "Strong team"]
        a.b.wait_until(lambda: texts(a) == want, timeout=timeout, description="A's board merged")
        fac.b.wait_until(lambda: texts(fac) == want, timeout=timeout, description="the facilitator's board merged")
        a.wait(f"{EDITOR}.dataset.unsynced === '0'", "A's unsynced count back to 0")

        def exported() -> list[str] | None:
            items = api.get(f"/boards/{swot}/export.json").get("items", {})
            found = sorted(i.get("text", "") for i in items.values())
            return found if found == want else None

        server_texts = fb.wait_until(exported, timeout=timeout, description="the server's export.json")
        extra["merged"] = server_texts
        checks["offlineMerged"] = offline in api.get(f"/boards/{swot}/export.json")["items"]
        errors = [line for page in (fb, ab) for line in page_errors(page)]
        checks["checkpointNoScriptErrors"] = not errors
        if errors:
            extra["checkpointScriptErrors"] = errors[:5]

    # The facilitator's panel in French, on a phone.
    with browser(lang="fr", device="phone") as pb:
        page = open_facilitator(pb, server, sid, swot, timeout, lang="fr")
        page.wait(f"{PANEL} && !{PANEL}.hidden && {PANEL}.dataset.state === 'ready'", "the checkpoints panel")
        pb.run(f"{PANEL}.querySelector('summary').click()")
        page.wait(f"{PANEL}.querySelector('details').open && {PANEL}.querySelector('li[data-checkpoint-id]')", "the list")
        phone(pb, "checkpoints")
        listed = pb.evaluate(f"[...{PANEL}.querySelectorAll('li[data-checkpoint-id]')].find((li) => li.querySelector('.checkpoint-name').textContent === 'Before lunch')?.dataset.checkpointId")
        pb.run(f"{PANEL}.querySelector('button[data-action=\"compare-now\"][data-id=\"{listed}\"]').click()")
        page.wait(f"{COMPARE}?.open", "the comparison")
        fr = pb.run(f"return {{ title: {COMPARE}.querySelector('h2').textContent, zones: [...{COMPARE}.querySelectorAll('section[data-zone] h3')].map((h) => h.textContent) }}")
        extra["comparedFr"] = fr
        french_zones = {"Forces", "Faiblesses", "Opportunités", "Menaces", "Hors des zones"}
        checks["checkpointFrench"] = (fr["title"] == "De « Before lunch » à maintenant"
                                      and bool(fr["zones"]) and set(fr["zones"]) <= french_zones)
        over = pb.run(SIDE_SCROLL_JS)
        checks["phone.compare"] = over <= 1
        shot(pb, "checkpoint-phone-fr")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
