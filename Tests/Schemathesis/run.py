"""Schemathesis over the whole OpenAPI document, against a live server, as three people.

usage: run.py --binary BIN [--examples N] [--seed S] [--report DIR]

Starts `atelier serve` on a free port with its own data directory, creates the example
session (so path parameters name real ids: a session, a group, a candidate, a board and
one of its checkpoints, an invite, a Q&A entry, a quarantine entry, an image), then runs schemathesis with a juror's, a participant's
and the facilitator's token in turn (the facilitator last: it may revoke invites). Checks: no
5xx, responses of a documented status and content type that match the document's schemas.
After each run the server must still answer /healthz. Prints one JSON line per person and a
summary; exits 1 on any failure.
"""
import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pycrdt
from websockets.sync.client import connect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Interop", "server"))
from ywire import UPDATE, sync_message  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, token, body=None, content_type="application/json"):
    data = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, method=method, data=data,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.load(reply)


def quarantine_entry(base, session, board, token, facilitator):
    """A participant's note on a board its phase keeps locked: the server refuses it into the
    quarantine (a y-protocols sync update). Returns the entry's id."""
    doc = pycrdt.Doc()
    items = doc.get("items", type=pycrdt.Map)
    items["schemathesis-note"] = pycrdt.Map({"type": "note", "text": "refused on a locked board"})
    update = doc.get_update()
    url = base.replace("http://", "ws://") + f"/sync/{board}?token={token}"
    with connect(url) as socket:
        socket.send(sync_message(UPDATE, update))
        for _ in range(600):
            entries = call(base, "GET", f"/api/v1/sessions/{session}/quarantine", facilitator)["entries"]
            if entries:
                return entries[0]["id"]
            time.sleep(0.05)
    raise RuntimeError("the refused note never reached the quarantine")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/atelier"))
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--report", default=None)
    args = parser.parse_args()
    print(f"schemathesis seed={args.seed} examples={args.examples}", flush=True)
    data = tempfile.mkdtemp(prefix="atelier-schemathesis-")
    port = free_port()
    token = "schemathesis-facilitator-token-0123456789"
    log = open(os.path.join(data, "server.log"), "w")
    server = subprocess.Popen(
        [args.binary, "serve", "--port", str(port), "--data-dir", os.path.join(data, "d"), "--log-level", "notice",
         "--bad-token-limit", "1000000"],
        cwd=ROOT, env=dict(os.environ, ATELIER_ADMIN_TOKEN=token), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    failed = False
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        definition = json.load(open(os.path.join(ROOT, "sessions/examples/cdo-sprint.json")))
        start = datetime.date.today() - datetime.timedelta(days=2)
        definition["startDate"] = start.isoformat()
        created = call(base, "POST", "/api/v1/sessions", token, definition)
        session = created["id"]
        g1 = next(g for g in created["groups"] if g["id"] == "g1")
        board = next(b["id"] for b in g1["boards"] if b["kind"] == "swot")
        invites = created["invites"]
        participant = next(i for i in invites if i["role"] == "participant" and i["group"] == "g1")
        juror = next(i for i in invites if i["role"] == "juror")
        entry = call(base, "POST", f"/api/v1/sessions/{session}/groups/g1/qa", juror["token"],
                     {"kind": "question", "text": "Pourquoi ?"})
        # A 1×1 PNG (uploads are walked chunk by chunk: the lengths and CRCs must be right).
        png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
                            "78da63fccfc0f01f00050502005fc8f1d20000000049454e44ae426082")
        image = call(base, "POST", f"/api/v1/boards/{board}/assets", participant["token"], png, "image/png")
        # A checkpoint of the board to read: the phase moves on and back.
        call(base, "POST", f"/api/v1/sessions/{session}/phase", token, {"action": "advance"})
        call(base, "POST", f"/api/v1/sessions/{session}/phase", token,
             {"action": "goto", "phase": "empathize", "override": True, "reason": "schemathesis fixture"})
        checkpoint = call(base, "GET", f"/api/v1/boards/{board}/checkpoints", token)["checkpoints"][0]["id"]
        # The ideas board opens with its phase (ideate): today a participant's note on it is refused.
        locked = next(b["id"] for b in g1["boards"] if b["kind"] == "ideas")
        qid = quarantine_entry(base, session, locked, participant["token"], token)
        parameters = {
            "path.id": session, "path.gid": "g1", "path.boardId": board, "path.inviteId": participant["id"],
            "path.entryId": entry["id"], "path.qid": str(qid), "path.name": "cdo-sprint", "path.hash": image["hash"],
            "path.token": participant["token"], "path.sessionId": session, "path.groupId": "g1",
            "path.cid": g1["candidates"][0]["id"], "path.cpId": checkpoint,
        }
        config = os.path.join(data, "schemathesis.toml")
        with open(config, "w") as out:
            out.write("[parameters]\n")
            for key, value in parameters.items():
                out.write(f'"{key}" = "{value}"\n')
        results = []
        # Archiving or deleting the fixture session would leave the other operations nothing to
        # test: those two run last, on their own.
        lifecycle = ["archiveSession", "deleteSession"]
        runs = [("juror", juror["token"], "exclude"), ("participant", participant["token"], "exclude"),
                ("facilitator", token, "exclude"), ("facilitator-lifecycle", token, "include")]
        for name, who, selection in runs:
            command = [
                os.path.join(os.path.dirname(sys.executable), "schemathesis"), "--config-file", config, "run",
                os.path.join(ROOT, "docs/openapi.json"), "--url", base, "-H", f"Authorization: Bearer {who}",
                "-n", str(args.examples), "--seed", str(args.seed), "--generation-database", "none",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--no-color", "--workers", "1", "--phases", "examples,coverage,fuzzing",
            ]
            for operation in lifecycle:
                command += [f"--{selection}-operation-id", operation]
            if args.report:
                command += ["--report", "junit", "--report-junit-path", os.path.join(os.path.abspath(args.report), f"{name}.xml")]
            started = time.time()
            run = subprocess.run(command, cwd=data, capture_output=True, text=True)
            alive = server.poll() is None
            try:
                healthy = urllib.request.urlopen(base + "/healthz", timeout=5).status == 200
            except Exception:
                healthy = False
            ok = run.returncode == 0 and alive and healthy
            lines = run.stdout.splitlines()
            # The counts follow their headings ("Test cases:" then "N generated, N passed…").
            summary = [line.strip() for i, line in enumerate(lines)
                       if any(w in line.lower() for w in ("operations", "failures", "generated", "passed"))
                       or (i > 0 and "test cases" in lines[i - 1].lower())]
            results.append({"as": name, "ok": ok, "exit": run.returncode, "alive": alive, "healthy": healthy,
                            "seconds": round(time.time() - started, 1), "summary": summary[-6:]})
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
            if not ok:
                failed = True
                print(run.stdout[-12000:], flush=True)
                print(run.stderr[-4000:], flush=True)
        print(json.dumps({"ok": not failed, "seed": args.seed, "examples": args.examples}), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if failed:
            log.flush()
            print(open(os.path.join(data, "server.log")).read()[-6000:], flush=True)
        shutil.rmtree(data, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
