#!/usr/bin/env python3
"""Static and vendor files: compressed once, strong validators, versioned URLs, preloading.

Usage:
    ui_static_cache.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Checks (each a key of "checks"):
 - `gzip`: app and vendor modules come gzip-encoded to a client that accepts it, and decode
   to the bytes on disk (web-static/app.js, Debian's yjs.mjs); identity for one that does not.
 - `etag304`: every answer has a strong ETag; `If-None-Match` with it answers 304 with no body.
 - `versioned`: the page links its stylesheets, entry script and every import-map URL under
   `/v/{version}/…`, served `immutable` for a year; unversioned files are `no-cache`.
 - `preload`: the board page carries `<link rel="modulepreload">` for the editor's module graph
   (board-editor.js, yjs, y-websocket among them), all under versioned URLs.
 - `warmLoad`: a second visit of the board page fetches no module or stylesheet again (all
   from the browser's cache), and the page is synced.
 - `csp`: no Content-Security-Policy violation in the console, and the page carries the policy
   whose script hash matches its import map.
 - `noFilesystem`: a path trick (`/v/x/../../etc/passwd`, an encoded one) is 404.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import sys
import traceback
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ui_common import REPO, Api, AtelierServer, arg_parser, board_id, browser, csp_violations, invite, new_session, report  # noqa: E402


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            base = server.base
            api = Api(base, server.token)
            session = new_session(api)
            token = invite(session, "participant", "g1")["token"]
            board = board_id(session, "g1", "empathy-map")

            status, headers, page = fetch(f"{base}/boards/{board}", {"Accept-Encoding": "gzip"})
            html = gzip.decompress(page).decode() if headers.get("content-encoding") == "gzip" else page.decode()
            links = re.findall(r'(?:href|src)="(/v/[0-9a-f]+/[^"]+)"', html)
            preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)
            importmap = re.search(r'<script type="importmap">(.*?)</script>', html, re.S)
            extra["preloads"] = len(preloads)

            # gzip: an app module and a vendor module, decoded equal to the file on disk.
            app_url = next(u for u in links if u.endswith("/app.js"))
            yjs_url = next(u for u in preloads if u.endswith("/yjs/dist/yjs.mjs"))
            ok = True
            for url, disk in ((app_url, os.path.join(REPO, "web-static", "app.js")), (yjs_url, "/usr/share/nodejs/yjs/dist/yjs.mjs")):
                st, h, body = fetch(base + url, {"Accept-Encoding": "gzip, deflate, br"})
                with open(disk, "rb") as f:
                    on_disk = f.read()
                ok = ok and st == 200 and h.get("content-encoding") == "gzip" and gzip.decompress(body) == on_disk
                ok = ok and "accept-encoding" in h.get("vary", "").lower()
                st, h, body = fetch(base + url, {"Accept-Encoding": "identity"})
                ok = ok and st == 200 and "content-encoding" not in h and body == on_disk
            checks["gzip"] = ok

            # Strong validators and 304.
            ok = True
            for url in (app_url, yjs_url, f"/boards/{board}", "/app.js", "/vendor/yjs/dist/yjs.mjs"):
                for enc in ("gzip", "identity"):
                    st, h, _ = fetch(base + url, {"Accept-Encoding": enc})
                    tag = h.get("etag", "")
                    ok = ok and st == 200 and tag.startswith('"') and not tag.startswith("W/")
                    st2, h2, body2 = fetch(base + url, {"Accept-Encoding": enc, "If-None-Match": tag})
                    ok = ok and st2 == 304 and body2 == b"" and h2.get("etag") == tag
            checks["etag304"] = ok

            # Versioned URLs: immutable; plain ones revalidated.
            mapped = re.findall(r'"(/v/[0-9a-f]+/vendor/[^"]+)"', importmap.group(1)) if importmap else []
            ok = bool(links) and bool(mapped) and all(u.startswith("/v/") for u in preloads)
            for url in [app_url, yjs_url, next(u for u in links if u.endswith(".css"))]:
                _, h, _ = fetch(base + url)
                ok = ok and "immutable" in h.get("cache-control", "") and "max-age=31536000" in h.get("cache-control", "")
            _, h, _ = fetch(base + "/app.js")
            ok = ok and h.get("cache-control") == "no-cache"
            _, h, _ = fetch(f"{base}/boards/{board}")
            ok = ok and h.get("cache-control") == "no-cache"
            checks["versioned"] = ok

            # Preloads: the editor's graph.
            names = [u.split("/", 3)[3] for u in preloads]
            checks["preload"] = all(any(n.endswith(x) for n in names) for x in (
                "components/board-editor.js", "components/board-canvas.js", "board/board-connection.js",
                "vendor/yjs/dist/yjs.mjs", "vendor/y-websocket/src/y-websocket.js", "app.js"))

            # CSP hash of the import map.
            st, h, _ = fetch(f"{base}/boards/{board}")
            policy = h.get("content-security-policy", "")
            digest = base64.b64encode(hashlib.sha256(importmap.group(1).encode()).digest()).decode() if importmap else ""
            csp_ok = f"'sha256-{digest}'" in policy and "frame-ancestors 'none'" in policy

            # Warm load in a real browser: nothing fetched again but the page itself.
            with browser(extra_args=()) as b:
                b.open(f"{base}/boards/{board}?token={token}")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true'", timeout=args.timeout)
                # The modules the page loads once it is up (shortcuts, refusal texts) land in the cache too.
                b.wait_for("performance.getEntriesByType('resource').some(e => e.name.includes('/board/shortcuts.js'))", timeout=args.timeout)
                b.run("return new Promise(r => setTimeout(r, 300))")
                b.open("about:blank")
                b.open(f"{base}/boards/{board}")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true'", timeout=args.timeout)
                entries = b.evaluate(
                    "performance.getEntriesByType('resource').filter(e => /\\.(m?js|css)(\\?|$)/.test(e.name))"
                    ".map(e => ({ name: e.name, size: e.transferSize }))") or []
                refetched = [e["name"] for e in entries if e["size"] > 0]
                extra["warmModules"] = len(entries)
                extra["warmRefetched"] = refetched[:5]
                checks["warmLoad"] = len(entries) > 20 and not refetched
                violations = csp_violations(b)
                extra["cspViolations"] = violations[:3]
                checks["csp"] = csp_ok and not violations

            ok = True
            for trick in ("/v/x/../../etc/passwd", "/v/x/%2e%2e/%2e%2e/etc/passwd", "/vendor/yjs/..%2F..%2Fetc%2Fpasswd", "/.git/config"):
                st, _, _ = fetch(base + trick)
                ok = ok and st == 404
            checks["noFilesystem"] = ok
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
