"""A participant's board client on pycrdt for the checkpoint tests: edits a board (adds, edits,
moves and deletes notes), online or offline, keeping its document in a file between runs like
a browser keeps it in IndexedDB.

usage: history_peer.py WS_BASE TOKEN BOARD [--state FILE] [--offline]
                       [--add ID=TEXT] [--edit ID=TEXT] [--move ID=X,Y] [--delete ID] ... [--presence NAME]

Online it syncs, applies the edits, sends them, and waits until the server's answers have
arrived (its sync step 2 and a second round trip), then prints {"event":"done","items":{id:
{"text","x","y","author"}}}. With --offline it only loads the state file, edits, and saves it
(what it sends on its next online run, through the sync handshake).
"""
import argparse
import asyncio
import json
import os
import time

import websockets
from pycrdt import Doc, Map, Text
from ywire import AWARENESS, STEP1, STEP2, SYNC, UPDATE, read_bytes, read_var_uint, var_uint


def say(line: dict) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


def edit(doc: Doc, items: Map, args) -> None:
    with doc.transaction():
        for spec in args.add:
            note_id, text = spec.split("=", 1)
            items[note_id] = Map({
                "type": "note", "text": Text(text), "x": 10.0, "y": 20.0, "w": 160.0, "h": 100.0,
                "z": "a0", "color": "#ffd166", "author": "pycrdt", "createdAt": time.time() * 1000,
                "zone": "ideas", "votes": Map(),
            })
        for spec in args.edit:
            note_id, text = spec.split("=", 1)
            body = items[note_id]["text"]
            del body[0:len(str(body))]
            body += text
        for spec in args.move:
            note_id, place = spec.split("=", 1)
            x, y = (float(v) for v in place.split(","))
            items[note_id]["x"] = x
            items[note_id]["y"] = y
        for note_id in args.delete:
            del items[note_id]


def summary(items: Map) -> dict:
    out = {}
    for key in items.keys():
        item = items[key]
        out[key] = {
            "text": str(item["text"]) if "text" in item else None,
            "x": item["x"] if "x" in item else None, "y": item["y"] if "y" in item else None,
            "author": item["author"] if "author" in item else None,
        }
    return out


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("board")
    parser.add_argument("--state")
    parser.add_argument("--offline", action="store_true")
    parser.add_argument("--add", action="append", default=[])
    parser.add_argument("--edit", action="append", default=[])
    parser.add_argument("--move", action="append", default=[])
    parser.add_argument("--delete", action="append", default=[])
    parser.add_argument("--presence", help="a name to announce in its awareness state once synced")
    args = parser.parse_args()
    doc = Doc()
    if args.state and os.path.exists(args.state):
        with open(args.state, "rb") as f:
            doc.apply_update(f.read())
    items = doc.get("items", type=Map)

    def save() -> None:
        if args.state:
            with open(args.state, "wb") as f:
                f.write(doc.get_update())

    if args.offline:
        edit(doc, items, args)
        save()
        say({"event": "done", "items": summary(items)})
        return 0

    url = f"{args.base}/sync/{args.board}?token={args.token}"
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(var_uint(SYNC) + var_uint(STEP1) + var_uint(len(doc.get_state())) + doc.get_state())
        synced = edited = False
        answers = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and answers < 2:
            try:
                message = bytes(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic())))
            except asyncio.TimeoutError:
                break
            kind, pos = read_var_uint(message, 0)
            if kind != SYNC:
                continue
            step, pos = read_var_uint(message, pos)
            payload, _ = read_bytes(message, pos)
            if step == STEP1:
                reply = doc.get_update(payload)
                await ws.send(var_uint(SYNC) + var_uint(STEP2) + var_uint(len(reply)) + reply)
            else:
                doc.apply_update(payload)
            if step == STEP2:
                answers += 1
                if not synced:
                    synced = True
                    if not edited:
                        edited = True
                        state = doc.get_state()
                        edit(doc, items, args)
                        update = doc.get_update(state)
                        if update:
                            await ws.send(var_uint(SYNC) + var_uint(UPDATE) + var_uint(len(update)) + update)
                    if args.presence:
                        state = json.dumps({"user": {"name": args.presence}}).encode()
                        entry = var_uint(1) + var_uint(doc.client_id) + var_uint(1) + var_uint(len(state)) + state
                        await ws.send(var_uint(AWARENESS) + var_uint(len(entry)) + entry)
                    # A second handshake: its answer comes after everything sent before it.
                    await ws.send(var_uint(SYNC) + var_uint(STEP1) + var_uint(len(doc.get_state())) + doc.get_state())
    save()
    say({"event": "done", "items": summary(items)})
    return 0 if synced else 1


raise SystemExit(asyncio.run(main()))
