"""A participant's board client on pycrdt: syncs a board, optionally adds a sticky note, and
reports what the server said.

usage: board_peer.py WS_BASE TOKEN BOARD [--note ID=TEXT] [--wait-note ID] [--expect accepted|denied]

The note follows the board schema (docs/PROTOCOL.md): items[ID] = {type: "note", text: Y.Text,
x, y, w, h, z, color, author, createdAt, votes: {}}.
Prints JSON lines: {"event":"synced","items":[ids]}, {"event":"sent"}, {"event":"denied","reason"}
(an auth "permission denied" message), {"event":"seen","note":ID}, then {"event":"done","items":[ids]}.
With --expect denied it waits (30 s at most) for the refusal and exits 1 without it.
"""
import argparse
import asyncio
import json
import time

import websockets
from pycrdt import Doc, Map, Text
from ywire import AUTH, STEP1, STEP2, SYNC, UPDATE, read_bytes, read_var_uint, var_uint


def say(line: dict) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("board")
    parser.add_argument("--note")
    parser.add_argument("--wait-note")
    parser.add_argument("--expect", choices=["accepted", "denied"], default="accepted")
    args = parser.parse_args()
    doc = Doc()
    doc["items"] = items = Map()
    url = f"{args.base}/sync/{args.board}?token={args.token}"
    denied = None
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(var_uint(SYNC) + var_uint(STEP1) + var_uint(len(doc.get_state())) + doc.get_state())
        synced = False
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                message = bytes(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic())))
            except asyncio.TimeoutError:
                break
            kind, pos = read_var_uint(message, 0)
            if kind == SYNC:
                step, pos = read_var_uint(message, pos)
                payload, _ = read_bytes(message, pos)
                if step == STEP1:
                    reply = doc.get_update(payload)
                    await ws.send(var_uint(SYNC) + var_uint(STEP2) + var_uint(len(reply)) + reply)
                else:
                    doc.apply_update(payload)
                if step == STEP2 and not synced:
                    synced = True
                    say({"event": "synced", "items": sorted(items.keys())})
                    if args.note:
                        note_id, text = args.note.split("=", 1)
                        state = doc.get_state()
                        with doc.transaction():
                            items[note_id] = Map({
                                "type": "note", "text": Text(text), "x": 10.0, "y": 20.0, "w": 160.0, "h": 100.0,
                                "z": "a0", "color": "#ffd166", "author": "pycrdt", "createdAt": time.time() * 1000,
                                "votes": Map(),
                            })
                        update = doc.get_update(state)
                        await ws.send(var_uint(SYNC) + var_uint(UPDATE) + var_uint(len(update)) + update)
                        say({"event": "sent"})
                        if args.expect == "accepted" and not args.wait_note:
                            break
            elif kind == AUTH:
                _, pos = read_var_uint(message, pos)
                reason, _ = read_bytes(message, pos)
                denied = reason.decode()
                say({"event": "denied", "reason": denied})
                break
            if args.wait_note and args.wait_note in items.keys():
                say({"event": "seen", "note": args.wait_note})
                break
    say({"event": "done", "items": sorted(items.keys())})
    if args.expect == "denied":
        return 0 if denied else 1
    if args.wait_note:
        return 0 if args.wait_note in items.keys() else 1
    return 0 if synced and denied is None else 1


raise SystemExit(asyncio.run(main()))
