"""Shared helpers for the UI tests of issue 12 (ui_*.py) and script/bench-page.

- `AtelierServer`: starts the real binary on a free loopback port with a throwaway data
  directory (or uses a running server given by --url and --facilitator-token).
- `Api`: the JSON API with a token (urllib only), e.g. `Api(base, token).post('/sessions', d)`.
- `new_session(api, **changes)`: a session from the `cdo-sprint` example, with changes
  applied to the definition (e.g. `startDate` three days back, so every day has begun).
- `browser(lang=..., device=...)`: a `Browser` in French or English, at desktop, tablet or
  phone size (touch emulated for the last two).
- `axe_serious(b)`: axe-core's serious and critical violations on the page shown.
- `csp_violations(b)`: Content-Security-Policy refusals seen in the browser console.
- `report(checks, **extra)`: prints the one JSON line every test prints and returns the exit status.

For example:

    with AtelierServer.from_args(args) as server:
        api = Api(server.base, server.token)
        session = new_session(api)
        with browser(lang="fr", device="phone") as b:
            b.open(f"{server.base}/?token={session['invites'][0]['token']}")
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from browser import Browser  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

#: Viewports the tests use: (width, height, touch).
DEVICES = {
    "desktop": (1280, 800, False),
    "tablet": (820, 1180, True),
    "phone": (390, 844, True),
}

#: Findings of the axe build bundled with axe-selenium-python 2.1.6 (axe-core 3.x) that current
#: axe no longer makes (../shared/TOOLING.md): rule → (why it is wrong, the text that marks the
#: wrong finding in a node's HTML or summary). Only nodes matching are set aside; the rules
#: stay on for everything else.
AXE_KNOWN_WRONG = {
    "aria-valid-attr": ("aria-roledescription is a valid ARIA 1.1 attribute; this axe build predates it",
                        "aria-roledescription"),
    "aria-allowed-attr": ("aria-roledescription is global in ARIA 1.1; this axe build predates it",
                          "aria-roledescription"),
    "autocomplete-valid": ('autocomplete="off" is valid on any input (HTML); this axe build refuses it on passwords',
                           'autocomplete="off"'),
}

#: Kept for the report: the rules with findings set aside and why.
AXE_DISABLED = {rule: why for rule, (why, _) in AXE_KNOWN_WRONG.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AtelierServer:
    """The real server, started for one test run (or an already running one)."""

    def __init__(self, binary: str | None = None, *, base: str | None = None, token: str | None = None,
                 web_root: str | None = None, log_path: str | None = None) -> None:
        self.binary = binary
        self.base = base.rstrip("/") if base else None
        self.token = token or secrets.token_hex(24)
        self.web_root = web_root or os.path.join(REPO, "web-static")
        self.proc: subprocess.Popen | None = None
        self.data_dir: str | None = None
        self.log_path = log_path
        self._log = None

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--url", help="a running server (with --facilitator-token); default: start one")
        parser.add_argument("--facilitator-token", help="the running server's facilitator token")
        parser.add_argument("--atelier", default=os.path.join(REPO, ".build", "debug", "atelier"),
                            help="the binary to start when no --url is given")
        parser.add_argument("--web-root", default=os.path.join(REPO, "web-static"))
        parser.add_argument("--screenshots", metavar="DIR", help="save screenshots here")
        parser.add_argument("--timeout", type=float, default=30.0)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "AtelierServer":
        if args.url:
            if not args.facilitator_token:
                raise SystemExit("--url needs --facilitator-token")
            return cls(base=args.url, token=args.facilitator_token)
        return cls(args.atelier, web_root=args.web_root)

    def __enter__(self) -> "AtelierServer":
        if self.base:
            return self
        port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix="atelier-ui-")
        env = dict(os.environ, ATELIER_ADMIN_TOKEN=self.token)
        self._log = open(self.log_path or os.path.join(self.data_dir, "server.log"), "w")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--port", str(port), "--data-dir", self.data_dir, "--web-root", self.web_root,
             "--log-level", "warning"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO,
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}; log in {self._log.name}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not answer /healthz in 30 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self._log:
            self._log.close()
        if self.data_dir and not os.environ.get("ATELIER_KEEP_DATA"):
            shutil.rmtree(self.data_dir, ignore_errors=True)


class ApiError(Exception):
    def __init__(self, status: int, body: Any):
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body

    @property
    def code(self) -> str | None:
        return (self.body or {}).get("error", {}).get("code") if isinstance(self.body, dict) else None


class Api:
    """The JSON API under /api/v1 with one token."""

    def __init__(self, base: str, token: str | None) -> None:
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + "/api/v1" + path, data=data, method=method)
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = text
            raise ApiError(e.code, parsed) from None

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def as_(self, token: str) -> "Api":
        return Api(self.base, token)


def new_session(api: Api, *, days_ago: int = 0, **changes: Any) -> dict:
    """Creates a session from the `cdo-sprint` example; `days_ago=2` starts it two days back
    (so all three days have begun); `changes` replace top-level fields of the definition."""
    definition = api.get("/examples/cdo-sprint")
    definition = definition.get("definition", definition) if isinstance(definition, dict) else definition
    if days_ago:
        definition["startDate"] = (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()
    definition.update(changes)
    return api.post("/sessions", definition)


def invite(session: dict, role: str, group: str | None = None, index: int = 0) -> dict:
    found = [i for i in session["invites"] if i["role"] == role and (group is None or i.get("group") == group)]
    return found[index]


def board_id(session: dict, group: str, kind: str) -> str:
    for g in session["groups"]:
        if g["id"] == group:
            for b in g["boards"]:
                if b["kind"] == kind:
                    return b["id"]
    raise KeyError(f"{group}/{kind}")


def goto_phase(api: Api, session_id: str, phase: str, reason: str = "test") -> Any:
    return api.post(f"/sessions/{session_id}/phase", {"action": "goto", "phase": phase, "override": True, "reason": reason})


def browser(*, lang: str = "en", device: str = "desktop", extra_args: tuple[str, ...] = ()) -> Browser:
    """A Chromium whose `navigator.language` is `lang`, at a device size (touch on tablet and phone)."""
    width, height, touch = DEVICES[device]
    return Browser(width=width, height=height, touch=touch, lang=lang, args=extra_args)


def set_language(b: Browser, base: str, lang: str) -> None:
    b.open(f"{base}/healthz")
    b.run("localStorage.setItem('atelier.language', arguments[0])", lang)


def axe_serious(b: Browser, *, context: Any = None) -> list[dict]:
    """Serious and critical axe-core violations on the current page, as short dicts (the
    findings this axe build makes wrongly, `AXE_KNOWN_WRONG`, set aside)."""
    from axe_selenium_python import Axe

    Axe(b.driver).inject()
    # Axe.run formats options with Python's repr (False, not false): call axe.run directly.
    result = b.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(arguments[0] || document, { resultTypes: ['violations'] }).then(done, (e) => done({ violations: [], error: String(e) }))",
        context)
    if result.get("error"):
        return [{"id": "axe-error", "impact": "critical", "nodes": [result["error"]]}]
    out = []
    for v in result.get("violations", []):
        if v.get("impact") not in ("serious", "critical"):
            continue
        wrong = AXE_KNOWN_WRONG.get(v["id"])
        nodes = [n for n in v.get("nodes", [])
                 if not (wrong and (wrong[1] in (n.get("html") or "") or wrong[1] in (n.get("failureSummary") or "")))]
        if nodes:
            out.append({
                "id": v["id"], "impact": v["impact"],
                "nodes": [" ".join(map(str, n.get("target", []))) + " — " + (n.get("failureSummary") or "")[:200] for n in nodes[:5]],
            })
    return out


def csp_violations(b: Browser) -> list[str]:
    return [line for line in b.console() if "Content Security Policy" in line or "Content-Security-Policy" in line]


def page_errors(b: Browser) -> list[str]:
    """SEVERE console lines that are script errors (not failed requests the test provoked)."""
    return [line for line in b.console() if line.startswith("SEVERE") and "Uncaught" in line]


def report(checks: dict, **extra: Any) -> int:
    ok = all(v is True or v == "skipped" for v in checks.values()) and "error" not in extra
    print(json.dumps({"ok": ok, "checks": checks, **extra}, ensure_ascii=False, separators=(",", ":")), flush=True)
    return 0 if ok else 1


def arg_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    AtelierServer.add_arguments(parser)
    return parser
