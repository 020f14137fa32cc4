#!/usr/bin/env python3
"""What a French facilitator found in the web app (explore4-fac), fixed: the details of the console and the participant's home.

Usage:
    ui_facilitator_details.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Browsers in French (the facilitator at a desktop, participants on phones).

Checks:
 - `problemPhaseField`: a definition whose `problemPhase` is "cadrer" (no "define" phase): in
   "cadrer", the participant's home offers the problem statement's text field (and saving it
   works); in the first phase it does not.
 - `problemPhaseNamed`: the console's problem statements card names the phase by its label
   ("« Cadrer »"), not "la phase de définition".
 - `definitionRefusedDetail`: a definition file with an unknown field is refused with the
   French sentence naming the field AND the server's own message (the rule: `unknown field
   "participant"`) on a second line.
 - `pasteLinkSignIn`, `pasteQueryLinkSignIn`, `tokenAloneSignIn`: the sign-in card takes a
   whole invite link (`…/join/TOKEN`, `…/?token=TOKEN`) as well as the token alone (spaces
   around it dropped): the person lands on their home.
 - `erasedNoReissue`: an erased person's row (the pseudonym "— xxxxxx") offers no "Nouveau
   lien" and says "effacée"; a revoked (not erased) person's row still offers it.
 - `eraseDialogInclusive`: the erase dialog says "les images déposées par cette personne",
   not "qu'elle a déposées".
 - `deletedSessionHome`: a participant's home open when the session is deleted says it in
   French ("supprimée"), without the raw 4404, a "Réessayer" button, the countdown or boards.
 - `auditInWords`: after a checkpoint (saved, restored), a vote setting, private mode and a
   problem statement, the audit log shows no "Autre modification", no raw board id (`b_…`),
   no "end of"/"before restoring" and no "anonymous: false".
 - `phaseWarningOnBoard`: a participant on a board page (not their home) sees the phase's
   warning ("Plus que …"), once the facilitator restarted a one-minute time box.
 - `archivedConsole`: once archived, the console offers no "Passer à …", no activity timer
   form and no countdown; `archivedHome`: the participant's home says it is archived.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ui_common import (  # noqa: E402
    Api, AtelierServer, arg_parser, board_id, browser, goto_phase, invite, new_session, report, set_language,
)

HOME = "document.querySelector('atelier-participant-home')"
VIEW = "document.querySelector('atelier-session-view')"
DIALOG = "document.querySelector('dialog.confirm-dialog[data-dialog=\"{}\"]')"


def custom_definition(api: Api) -> dict:
    """The cdo-sprint example with its "define" phase renamed "cadrer" and `problemPhase` "cadrer"."""
    definition = api.get("/examples/cdo-sprint")
    definition = definition.get("definition", definition)
    for phase in definition["phases"]:
        if phase["id"] == "define":
            phase["id"] = "cadrer"
            phase["label"] = {"fr": "Cadrer", "en": "Frame"}
    definition["boards"] = {
        kind: ([("cadrer" if p == "define" else p) for p in phases] if isinstance(phases, list) else phases)
        for kind, phases in definition["boards"].items()
    }
    definition["problemPhase"] = "cadrer"
    definition["title"] = "Sprint « Cadrer »"
    return definition


def sign_in_with(b, base: str, text: str, timeout: float) -> str | None:
    """Types `text` into a fresh browser's sign-in card; the view it lands on."""
    b.open(f"{base}/healthz")
    b.run("localStorage.clear(); sessionStorage.clear(); localStorage.setItem('atelier.language', 'fr')")
    b.open(f"{base}/")
    b.wait_for("document.querySelector('atelier-home')?.dataset.view === 'sign-in'", timeout=timeout)
    b.run("""const input = document.querySelector('atelier-sign-in form[data-form="sign-in"] input[name="token"]')
        input.value = arguments[0]
        input.form.requestSubmit()""", text)
    # Signed in (a home other than the card), or refused (the card again, with its error).
    return b.wait_for("(v => (v && v !== 'sign-in' && v !== 'loading') ? v"
                      " : v === 'sign-in' && document.querySelector('atelier-sign-in .notice.error') ? 'refused' : null)"
                      "(document.querySelector('atelier-home')?.dataset.view)", timeout=timeout)


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            custom = api.post("/sessions", custom_definition(api))
            csid = custom["id"]
            amelie = invite(custom, "participant", "g1")
            with browser(lang="fr", device="desktop") as f, browser(lang="fr", device="phone") as p:
                # 1. The problem statement in the definition's problemPhase ("cadrer").
                p.open(f"{server.base}/?token={quote(amelie['token'], safe='')}")
                p.wait_for(f"{HOME}?.dataset.live === 'online'", timeout=args.timeout)
                before = p.evaluate(f"{HOME}.querySelectorAll('atelier-problem-statement textarea').length")
                goto_phase(api, csid, "cadrer")
                p.wait_for(f"{HOME}.dataset.phase === 'cadrer'", timeout=args.timeout)
                field = p.wait_for(f"{HOME}.querySelector('atelier-problem-statement textarea[name=\"text\"]')", timeout=args.timeout)
                p.run("""const area = document.querySelector('atelier-problem-statement textarea[name="text"]')
                    area.value = 'Comment aider les usagers à cadrer ?'
                    area.dispatchEvent(new Event('input', { bubbles: true }))
                    area.form.requestSubmit()""")
                import time
                deadline = time.monotonic() + args.timeout
                saved = None
                while time.monotonic() < deadline:
                    group = next(g for g in api.get(f"/sessions/{csid}")["groups"] if g["id"] == "g1")
                    saved = (group.get("problem") or {}).get("text")
                    if saved:
                        break
                    time.sleep(0.2)
                checks["problemPhaseField"] = before == 0 and bool(field) and saved == "Comment aider les usagers à cadrer ?"
                extra["problemSaved"] = saved

                set_language(f, server.base, "fr")
                f.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{csid}")
                f.wait_for(f"{VIEW}?.dataset.live === 'online'", timeout=args.timeout)
                help_text = f.wait_for("document.querySelector('atelier-problem-list .help')?.textContent || null", timeout=args.timeout)
                extra["problemHelp"] = help_text
                checks["problemPhaseNamed"] = "« Cadrer »" in help_text and "définition" not in help_text

                # 3. The session deleted while the participant's home is open.
                deleted = new_session(api, title="À supprimer")
                dsid = deleted["id"]
                dp = invite(deleted, "participant", "g1")
                p.run("localStorage.clear(); sessionStorage.clear(); localStorage.setItem('atelier.language', 'fr')")
                p.open(f"{server.base}/?token={quote(dp['token'], safe='')}")
                p.wait_for(f"{HOME}?.dataset.live === 'online' && {HOME}.querySelector('li[data-board-id]')", timeout=args.timeout)
                api.call("DELETE", f"/sessions/{dsid}")
                p.wait_for(f"{HOME}.dataset.deleted === 'true'", timeout=args.timeout)
                shown = p.evaluate(f"{HOME}.innerText.replace(/\\s+/g, ' ')")
                extra["deletedHome"] = shown[:300]
                retry = p.evaluate(f"Array.from({HOME}.querySelectorAll('[data-action=retry]')).some(b => b.checkVisibility())")
                countdown = p.evaluate(f"{HOME}.querySelector('atelier-countdown')?.checkVisibility() ?? false")
                boards = p.evaluate(f"{HOME}.querySelectorAll('li[data-board-id]').length")
                checks["deletedSessionHome"] = ("supprimée" in shown and "4404" not in shown and "deleted" not in shown
                                                and not retry and not countdown and boards == 0)

                # 7. The audit log in words.
                empathy = board_id(custom, "g1", "empathy-map")
                ideas = board_id(custom, "g1", "ideas")
                api.post(f"/sessions/{csid}/groups/g1/problem/approve")
                cp = api.post(f"/boards/{empathy}/checkpoints", {"label": "Avant nettoyage"})
                api.post(f"/boards/{empathy}/checkpoints/{cp['id']}/restore", {})
                auto = [c for c in api.get(f"/boards/{empathy}/checkpoints")["checkpoints"] if not c.get("by")]
                if auto:
                    api.post(f"/boards/{empathy}/checkpoints/{auto[0]['id']}/restore", {})
                api.post(f"/boards/{ideas}/vote", {"budget": 5})
                api.post(f"/boards/{empathy}/mode", {"mode": "private"})
                api.post(f"/boards/{empathy}/mode", {"mode": "shared"})
                f.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{csid}")
                f.wait_for(f"{VIEW}?.dataset.live === 'online' && document.querySelector('atelier-audit-log tr[data-action=\"board.shared\"]')",
                           timeout=args.timeout)
                audit = f.evaluate("document.querySelector('atelier-audit-log table').innerText")
                extra["audit"] = audit[:1500]
                checks["auditInWords"] = (
                    "Autre modification" not in audit and "b_" not in audit and "end of" not in audit
                    and "before restoring" not in audit and "anonymous" not in audit and "avant de restaurer" in audit
                    and "5 gommettes par personne" in audit and "Problématique approuvée" in audit)

                # 2. A refused definition: the field in French and the server's reason.
                f.open(f"{server.base}/?token={quote(server.token, safe='')}")
                f.wait_for("document.querySelector('atelier-home')?.dataset.view === 'console'"
                           " && document.querySelector('atelier-session-create input[type=file]')", timeout=args.timeout)
                bad = custom_definition(api)
                bad["groups"][0]["participant"] = bad["groups"][0].pop("participants")
                with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
                    json.dump(bad, handle)
                    bad_path = handle.name
                from selenium.webdriver.common.by import By
                f.driver.find_element(By.CSS_SELECTOR, "atelier-session-create input[type=file]").send_keys(bad_path)
                f.run("document.querySelector('atelier-session-create button[data-action=\"create-file\"]').click()")
                notice = f.wait_for("document.querySelector('atelier-session-create [data-error=create]')?.innerText || null", timeout=args.timeout)
                os.unlink(bad_path)
                extra["definitionRefused"] = notice
                detail = f.evaluate("document.querySelector('atelier-session-create .error-detail code')?.textContent || ''")
                checks["definitionRefusedDetail"] = (
                    "La définition de session est refusée" in notice and "groupe 1" in notice
                    and 'unknown field "participant"' in detail and "Motif donné par le serveur" in notice)

                # 6. An erased person: no new link; the dialog's wording.
                session = new_session(api, title="Effacement")
                sid = session["id"]
                zoe = invite(session, "participant", "g2")
                revoked = invite(session, "participant", "g2", 1)
                api.post(f"/sessions/{sid}/people/{zoe['id']}/erase", {})
                api.post(f"/sessions/{sid}/invites/{revoked['id']}/revoke")
                f.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}")
                row = "document.querySelector('atelier-invite-list tr[data-invite-id=\"{}\"]')"
                f.wait_for(f"{VIEW}?.dataset.live === 'online' && {row.format(zoe['id'])}", timeout=args.timeout)
                erased_row = f.evaluate(f"{row.format(zoe['id'])}.innerText")
                extra["erasedRow"] = erased_row
                checks["erasedNoReissue"] = (
                    f.evaluate(f"{row.format(zoe['id'])}.dataset.erased") == "true"
                    and not f.evaluate(f"!!{row.format(zoe['id'])}.querySelector('[data-action=reissue]')")
                    and "effacée" in erased_row
                    and f.evaluate(f"!!{row.format(revoked['id'])}.querySelector('[data-action=reissue]')")
                    and f.evaluate(f"{row.format(revoked['id'])}.dataset.erased") == "false")
                other = invite(session, "participant", "g1")
                f.run("""const select = document.querySelector('atelier-people-editor form[data-form="edit"] select[name="invite"]')
                    select.value = arguments[0]
                    select.dispatchEvent(new Event('change', { bubbles: true }))
                    document.querySelector('atelier-people-editor form[data-form="edit"] button[data-action="erase"]').click()""", other["id"])
                body = f.wait_for(f"{DIALOG.format('erase-person')}?.innerText || null", timeout=args.timeout)
                extra["eraseDialog"] = body
                checks["eraseDialogInclusive"] = "les images déposées par cette personne" in body and "qu’elle a" not in body
                f.run(f"{DIALOG.format('erase-person')}.close()")

                # Archived: no command the server refuses; the participant told.
                ap = invite(session, "participant", "g1")
                api.post(f"/sessions/{sid}/timers", {"label": "Crazy 8", "seconds": 600})
                api.post(f"/sessions/{sid}/archive")
                f.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}")
                f.wait_for(f"{VIEW}?.dataset.live === 'online' && {VIEW}.dataset.archived === 'true'", timeout=args.timeout)
                checks["archivedConsole"] = (
                    not f.evaluate("document.querySelector('atelier-phase-controls [data-action=advance]')?.checkVisibility() ?? false")
                    and not f.evaluate("!!document.querySelector('atelier-activity-timers form[data-form=timer]')")
                    and not f.evaluate("document.querySelector('atelier-activity-timers')?.checkVisibility() ?? false")
                    and not f.evaluate("document.querySelector('atelier-session-view atelier-countdown')?.checkVisibility() ?? false"))
                p.run("localStorage.clear(); sessionStorage.clear(); localStorage.setItem('atelier.language', 'fr')")
                p.open(f"{server.base}/?token={quote(ap['token'], safe='')}")
                p.wait_for(f"{HOME}?.dataset.live === 'online'", timeout=args.timeout)
                archived = p.wait_for(f"{HOME}.querySelector('.session-archived')?.textContent || null", timeout=args.timeout)
                extra["archivedHome"] = archived
                checks["archivedHome"] = "archivée" in archived and not p.evaluate(
                    f"{HOME}.querySelector('atelier-activity-timers')?.checkVisibility() ?? false")
                if args.screenshots:
                    p.screenshot(os.path.join(args.screenshots, "facilitator-details-archived-home.png"))

                # 5. The whole invite link pasted into the sign-in card.
                link = amelie["url"]
                token = amelie["token"]
                checks["pasteLinkSignIn"] = sign_in_with(p, server.base, f" {link} ", args.timeout) == "participant"
                query_link = f"{server.base}/?token={quote(token, safe='')}"
                checks["pasteQueryLinkSignIn"] = sign_in_with(p, server.base, query_link, args.timeout) == "participant"
                checks["tokenAloneSignIn"] = sign_in_with(p, server.base, f"  {token} ", args.timeout) == "participant"

                # The phase's warning on a board page: a one-minute time box, warned at 58 s left,
                # restarted by the facilitator (goto on the current phase with an override).
                short = api.get("/examples/cdo-sprint")
                short = short.get("definition", short)
                short["phases"][0]["timeBoxMinutes"] = 1
                short["phaseWarningsSeconds"] = [58]
                short.pop("startDate", None)
                timed = api.post("/sessions", short)
                zoe = invite(timed, "participant", "g1")
                p.run("localStorage.clear(); sessionStorage.clear()")
                p.open(f"{server.base}/?token={quote(zoe['token'], safe='')}")
                p.wait_for(f"{HOME}?.dataset.live === 'online'", timeout=args.timeout)
                p.open(f"{server.base}/boards/{board_id(timed, 'g1', 'empathy-map')}")
                p.wait_for("document.querySelector('atelier-board-editor')?.dataset.state === 'online' || null",
                           timeout=args.timeout)
                api.post(f"/sessions/{timed['id']}/phase",
                         {"action": "goto", "phase": timed["phase"], "override": True, "reason": "on commence"})
                warned = p.wait_for(
                    "(document.querySelector('.board-message')?.textContent ?? '').includes('Plus que') || null",
                    timeout=args.timeout)
                checks["phaseWarningOnBoard"] = bool(warned)
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(error).__name__}: {error}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
