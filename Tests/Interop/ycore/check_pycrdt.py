#!/usr/bin/env python3
"""Applies updates to fresh pycrdt (yrs) documents and prints what yrs makes of them.

    python check_pycrdt.py --states IN.jsonl [--out OUT.jsonl]
        IN: one {id, update: base64 v1 update, rootKinds?, gc?} a line (e.g. YCore's
        encodeStateAsUpdate() of each scenario). OUT: one {id, ok, json, view, sv, state} or
        {id, ok: false, error} a line, in input order.

    python check_pycrdt.py --replay SCENARIOS.jsonl
        Replays the schedules of a scenario file (e.g. from gen_yjs.cjs) through yrs and
        reports every scenario where yrs reaches a different JSON, text view or state vector
        than the file expects. Exit status 1 if any differ.
"""

from __future__ import annotations

import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pycrdt_common import (  # noqa: E402
    ROOT_KINDS, b64, doc_json, doc_view, dumps, get_root, parse_args, sv_object,
)
from pycrdt import Doc  # noqa: E402


def fresh(root_kinds: dict, gc: bool) -> Doc:
    doc = Doc(client_id=434343, skip_gc=not gc)
    for name, kind in root_kinds.items():
        get_root(doc, name, kind)
    return doc


def _floats(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, list):
        return [_floats(x) for x in v]
    return {k: _floats(x) for k, x in v.items()}


def canon(v) -> str:
    """Key-order- and int/float-insensitive form of JSON data."""
    return json.dumps(_floats(v), sort_keys=True, ensure_ascii=False)


def states(path: str, out_path: str | None) -> None:
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            kinds = item.get("rootKinds") or ROOT_KINDS
            try:
                doc = fresh(kinds, item.get("gc", True) is not False)
                doc.apply_update(base64.b64decode(item["update"]))
                r = {"id": item["id"], "ok": True, "json": doc_json(doc, kinds),
                     "view": doc_view(doc, kinds), "sv": sv_object(doc), "state": b64(doc.get_update())}
            except BaseException as e:  # pyo3 panics surface as BaseException subclasses
                if isinstance(e, (KeyboardInterrupt, SystemExit)):
                    raise
                r = {"id": item["id"], "ok": False, "error": f"{type(e).__name__}: {e}"}
            out.write(dumps(r) + "\n")
    if out is not sys.stdout:
        out.close()


def replay(path: str) -> None:
    n = bad = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            s = json.loads(line)
            n += 1
            doc = fresh(s["rootKinds"], s["gc"])
            for u in s["schedule"]:
                doc.apply_update(base64.b64decode(u))
            diffs = []
            for name, got, want in (("json", doc_json(doc, s["rootKinds"]), s["json"]),
                                    ("view", doc_view(doc, s["rootKinds"]), s["view"]),
                                    ("sv", sv_object(doc), s["sv"])):
                if canon(got) != canon(want):
                    diffs.append([name, canon(got), canon(want)])
            if diffs:
                bad += 1
                print(dumps({"gen": s["gen"], "seed": s["seed"], "index": s["index"], "diffs": diffs}))
    print(dumps({"replayed": n, "differ": bad}))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    args = parse_args(sys.argv, {})
    if "states" in args:
        states(args["states"], args.get("out"))
    elif "replay" in args:
        replay(args["replay"])
    else:
        print("usage: check_pycrdt.py --states IN [--out OUT] | --replay SCENARIOS", file=sys.stderr)
        sys.exit(2)
