#!/usr/bin/env python3
"""A new token in a link asks before replacing a stored one (issue 10).

Usage:
    ui_token_switch.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Checks:
 - `firstLinkSilent`: a browser with no token takes an invite link (`/join/{token}`) at once.
 - `sameTokenSilent`: the same link again asks nothing.
 - `asksWho`: a browser holding the facilitator's token, opening a participant's link, is
   asked first; the question names who each token is (the facilitator, and the participant
   with their group), from `GET /api/v1/me`.
 - `facilitatorWarned`: it warns that the facilitator's token would leave this browser and
   offers to copy it; nothing is stored before the choice.
 - `keep`: "Keep" leaves the facilitator's token in place (the console shows).
 - `switchByQuery`: a `?token=` link asks the same; "Switch" stores the participant's token
   and the page goes on (the board opens for the participant).
 - `refusedReplacedSilently`: a stored token the server refuses (revoked) is replaced without
   a question: nothing of value is lost.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ui_common import Api, AtelierServer, arg_parser, board_id, browser, csp_violations, invite, new_session, report  # noqa: E402

CARD = "document.querySelector('atelier-token-switch')"
STORED = "localStorage.getItem('atelier.token')"


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            alice = invite(session, "participant", "g1")
            bruno = invite(session, "participant", "g1", 1)
            with browser() as b:
                b.open(f"{server.base}/join/{alice['token']}")
                b.wait_for("document.querySelector('atelier-participant-home')", timeout=args.timeout)
                checks["firstLinkSilent"] = b.evaluate(STORED) == alice["token"] and not b.evaluate(f"!!{CARD}")
                b.open(f"{server.base}/join/{alice['token']}")
                b.wait_for("document.querySelector('atelier-participant-home')", timeout=args.timeout)
                checks["sameTokenSilent"] = b.evaluate(STORED) == alice["token"]

            with browser() as b:
                b.open(f"{server.base}/?token={server.token}")
                b.wait_for("document.querySelector('atelier-console')", timeout=args.timeout)
                b.open(f"{server.base}/join/{alice['token']}")
                b.wait_for(f"{CARD}?.dataset.state === 'ask'", timeout=args.timeout)
                now = b.evaluate(f"{CARD}.querySelector('.token-current').textContent")
                incoming = b.evaluate(f"{CARD}.querySelector('.token-incoming').textContent")
                extra["asked"] = {"now": now, "incoming": incoming}
                checks["asksWho"] = "facilitator" in now.lower() and alice["name"] in incoming and "Groupe 1" in incoming
                checks["facilitatorWarned"] = (b.evaluate(f"{CARD}.dataset.currentRole") == "facilitator"
                                              and bool(b.evaluate(f"{CARD}.querySelector('.notice.warning') && {CARD}.querySelector('button[data-action=\"copy\"]')"))
                                              and b.evaluate(STORED) == server.token)
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "token-switch.png"))
                b.run(f"{CARD}.querySelector('button[data-action=\"keep\"]').click()")
                b.wait_for("document.querySelector('atelier-console')", timeout=args.timeout)
                checks["keep"] = b.evaluate(STORED) == server.token

                board = board_id(session, "g1", "swot")
                b.open(f"{server.base}/boards/{board}?token={alice['token']}")
                b.wait_for(f"{CARD}?.dataset.state === 'ask'", timeout=args.timeout)
                address = b.evaluate("location.href")
                b.run(f"{CARD}.querySelector('button[data-action=\"switch\"]').click()")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true'", timeout=args.timeout)
                checks["switchByQuery"] = b.evaluate(STORED) == alice["token"] and "token=" not in address

                # A refused stored token is replaced without a question.
                api.post(f"/sessions/{session['id']}/invites/{alice['id']}/revoke")
                b.open(f"{server.base}/join/{bruno['token']}")
                b.wait_for("document.querySelector('atelier-participant-home')", timeout=args.timeout)
                checks["refusedReplacedSilently"] = b.evaluate(STORED) == bruno["token"]
                violations = csp_violations(b)
                if violations:
                    checks["csp"] = False
                    extra["csp"] = violations[:3]
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
