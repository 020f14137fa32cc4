#!/usr/bin/env python3
"""Board images reach only the people who may read the board, in a real browser (issue 16).

Usage:
    ui_images.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Images are `<img src="/assets/{hash}">`: they send the `atelier_token` cookie, not a header.

Checks:
 - `joinSetsCookie`: opening an invite link (`/join/{token}`) leaves the browser the
   `atelier_token` cookie of that token, HttpOnly (no script reads it) and SameSite=Strict.
 - `uploaderSees`: the participant uploads a picture on their group's board; it shows.
 - `otherBrowserSees`: a juror who signed in with `?token=` sees it on the same board.
 - `strangerRefused`: in a participant's browser of another group, the image's URL answers
   403; in a browser that never signed in, 401.
 - `cookieLostRecovered`: with the browser's cookies and cache cleared, the board's image still
   shows after a reload (the page asks for the cookie again and loads the image once more).
 - `signOutAsks`: "Sign out" on the participant's home asks first (nothing cleared yet);
   `signOutClears`: confirmed, it removes the cookie.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from board_common import BoardPage, png_bytes  # noqa: E402
from ui_common import Api, AtelierServer, arg_parser, board_id, browser, invite, new_session, report  # noqa: E402

SHOWN = "Array.from(document.querySelectorAll('.bc-item img')).some(i => i.complete && i.naturalWidth > 0)"
STATUS = ("const done = arguments[arguments.length - 1];"
          "fetch(arguments[0]).then(r => done(r.status)).catch(() => done(0))")


def cookie(b, name: str = "atelier_token") -> dict | None:
    return next((c for c in b.driver.get_cookies() if c["name"] == name), None)


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            alice = invite(session, "participant", "g1")
            other = invite(session, "participant", "g2")
            juror = invite(session, "juror")
            board = board_id(session, "g1", "swot")  # writable in every phase
            with browser() as a, browser() as j, browser() as s:
                a.open(f"{server.base}/join/{quote(alice['token'], safe='')}")
                a.wait_for("document.querySelector('atelier-participant-home')", timeout=args.timeout)
                got = cookie(a)
                checks["joinSetsCookie"] = bool(got) and got["value"] == alice["token"] and got.get("httpOnly") is True \
                    and got.get("sameSite") == "Strict"

                page = BoardPage(a, server.base, alice["token"], board, timeout=args.timeout)
                page.open()
                with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
                    f.write(png_bytes())
                page.upload_image(f.name)
                items = a.wait_until(lambda: [i for i in page.items() if i["type"] == "image" and i["asset"]],
                                     timeout=args.timeout, description="the uploaded image item")
                os.unlink(f.name)
                url = f"/assets/{items[0]['asset']}"
                a.wait_for(SHOWN, timeout=args.timeout)
                checks["uploaderSees"] = True

                BoardPage(j, server.base, juror["token"], board, timeout=args.timeout).open(writable=False)
                j.wait_for(SHOWN, timeout=args.timeout)
                checks["otherBrowserSees"] = True

                s.open(f"{server.base}/join/{quote(other['token'], safe='')}")
                s.wait_for("document.querySelector('atelier-participant-home')", timeout=args.timeout)
                other_status = s.driver.execute_async_script(STATUS, url)
                s.driver.delete_all_cookies()
                anonymous_status = s.driver.execute_async_script(STATUS, url)
                extra["strangerStatuses"] = [other_status, anonymous_status]
                checks["strangerRefused"] = other_status == 403 and anonymous_status == 401

                a.driver.delete_all_cookies()
                a.driver.execute_cdp_cmd("Network.clearBrowserCache", {})  # else the image comes from the cache
                a.driver.refresh()
                a.wait_for("document.querySelector('atelier-board-editor')?.dataset.synced === 'true'",
                           timeout=args.timeout)
                a.wait_for(SHOWN, timeout=args.timeout)
                checks["cookieLostRecovered"] = cookie(a) is not None
                if args.screenshots:
                    os.makedirs(args.screenshots, exist_ok=True)
                    a.screenshot(os.path.join(args.screenshots, "ui-images-board.png"))

                a.open(f"{server.base}/")
                a.wait_for("document.querySelector('atelier-participant-home [data-action=\"sign-out\"]')",
                           timeout=args.timeout)
                a.run("document.querySelector('atelier-participant-home [data-action=\"sign-out\"]').click()")
                # It asks first (one tap on a phone must not leave someone without their link).
                confirm = "document.querySelector('dialog.confirm-dialog[data-dialog=\"sign-out\"] [data-action=\"confirm\"]')"
                a.wait_for(confirm, timeout=args.timeout)
                checks["signOutAsks"] = cookie(a) is not None
                a.run(f"{confirm}.click()")
                a.wait_until(lambda: cookie(a) is None, timeout=args.timeout, description="the cookie cleared")
                checks["signOutClears"] = True
    except Exception as error:  # noqa: BLE001
        extra["error"] = f"{type(error).__name__}: {error}"
        extra["trace"] = traceback.format_exc()[-1500:]
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
