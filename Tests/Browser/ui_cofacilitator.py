#!/usr/bin/env python3
"""A co-facilitator added from the console opens their link and runs that session only (issue 15).

Usage:
    ui_cofacilitator.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

The administrator's console adds a co-facilitator; the co-facilitator opens their link in
another browser (French).

Checks:
 - `added`: the people editor's "Add a person" form offers the co-facilitator role; the new
   person's invite link shows in the invite list, their role named "co-facilitator".
 - `lands`: their link (`/join/{token}`) opens the facilitator's console on their session.
 - `noList`: they see no list of sessions, no form to create one and no way back to them,
   even with another session's id in the address.
 - `signedIn`: the header names them as a co-facilitator.
 - `noAdminActions`: no "Delete the session…" and no person's data export or erasure (the
   administrator's); archiving is offered.
 - `advanced`: "Next phase" moves the sprint, on the server too.
 - `auditNamesThem`: the server's audit line is theirs (their invite id, their name), and the
   administrator's console shows their name in the audit log.
 - `axe.console`: no serious or critical axe-core finding on their console.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ui_common import Api, AtelierServer, arg_parser, axe_serious, browser, new_session, report, set_language  # noqa: E402

VIEW = "document.querySelector('atelier-session-view')"
CONSOLE = "document.querySelector('atelier-console')"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api, title="Sprint co-animé")
            other = new_session(api, title="Une autre session")
            sid = session["id"]
            with browser() as admin, browser(lang="fr") as co:
                admin.open(f"{server.base}/?token={quote(server.token, safe='')}#/sessions/{sid}")
                admin.wait_for(f"{VIEW}?.dataset.live === 'online'", timeout=args.timeout)
                admin.run("document.querySelector('atelier-people-editor').scrollIntoView()")
                admin.run("""const form = document.querySelector('atelier-people-editor form[data-form="add"]')
                    form.elements.name.value = 'Marc Hôte'
                    form.elements.role.value = 'facilitator'
                    form.elements.role.dispatchEvent(new Event('change', { bubbles: true }))
                    form.requestSubmit()""")
                row = "Array.from(document.querySelectorAll('atelier-invite-list tr.has-link')).find(r => r.textContent.includes('Marc Hôte'))"
                admin.wait_for(f"{row} || null", timeout=args.timeout)
                url = admin.evaluate(f"{row}.querySelector('input.invite-url').value")
                role = admin.evaluate(f"{row}.children[1].textContent")
                marc = next(i for i in api.get(f"/sessions/{sid}")["invites"] if i["name"] == "Marc Hôte")
                checks["added"] = "/join/" in url and role.strip() == "co-facilitator" and marc["role"] == "facilitator"

                set_language(co, server.base, "fr")
                co.open(url)
                co.wait_for(f"{CONSOLE}?.dataset.view === 'session' && {VIEW}?.dataset.live === 'online'",
                            timeout=args.timeout)
                checks["lands"] = co.evaluate(f"{VIEW}.sessionId") == sid and co.evaluate("location.pathname") == "/"
                co.run(f"location.hash = '#/sessions/{other['id']}'")
                co.wait_for(f"{VIEW}?.dataset.live === 'online'", timeout=args.timeout)
                checks["noList"] = (co.evaluate(f"{VIEW}.sessionId") == sid
                                    and not co.evaluate("!!document.querySelector('atelier-session-list, atelier-session-create, a.back')"))
                who = co.evaluate(f"{CONSOLE}.querySelector('.who').textContent")
                extra["who"] = " ".join(who.split())
                checks["signedIn"] = "Marc Hôte" in who and "co-animateur" in who
                checks["noAdminActions"] = (
                    not co.evaluate("!!document.querySelector('atelier-session-lifecycle [data-action=\"delete\"]')")
                    and not co.evaluate("!!document.querySelector('atelier-people-editor [data-action=\"export\"], atelier-people-editor [data-action=\"erase\"]')")
                    and co.evaluate("!!document.querySelector('atelier-session-lifecycle [data-action=\"archive\"]')")
                    and co.evaluate("!!document.querySelector('atelier-people-editor option[value=\"facilitator\"]')"))
                checks["axe.console"] = not (found := axe_serious(co))
                if found:
                    extra["axe.console"] = found

                co.run("document.querySelector('atelier-phase-controls button[data-action=\"advance\"]').click()")
                co.wait_for(f"{VIEW}?.dataset.phase === 'define'", timeout=args.timeout)
                checks["advanced"] = api.get(f"/sessions/{sid}")["phase"]["id"] == "define"
                line = next((e for e in api.get(f"/sessions/{sid}/audit")["entries"] if e["action"] == "phase.advance"), {})
                shown = admin.wait_for(
                    "Array.from(document.querySelectorAll('atelier-audit-log tr'))"
                    ".some(r => r.textContent.includes('Marc Hôte')) || null", timeout=args.timeout)
                checks["auditNamesThem"] = line.get("actor") == marc["id"] and line.get("actorName") == "Marc Hôte" and bool(shown)
                if args.screenshots:
                    co.screenshot(os.path.join(args.screenshots, "cofacilitator-console.png"))
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
