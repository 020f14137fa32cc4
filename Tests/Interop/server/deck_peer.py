"""A participant adding slides to a group's deck with pycrdt, one update per slide.

usage: deck_peer.py WS_BASE TOKEN BOARD --add N
Each slide is a Y.Map {title: Y.Text, body: Y.Text, notes: Y.Text} pushed to the `slides` array
(docs/PROTOCOL.md). Stops at the first refusal (auth "permission denied"). Prints one JSON line:
{"added": accepted count (as far as the client knows), "denied": reason or null, "slides": local count}
"""
import argparse
import asyncio
import json

import websockets
from pycrdt import Array, Doc, Map, Text
from ywire import AUTH, SYNC, read_var_uint, sync_message


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("board")
    parser.add_argument("--add", type=int, required=True)
    args = parser.parse_args()
    doc = Doc()
    doc["slides"] = slides = Array()
    denied = None
    added = 0
    async with websockets.connect(f"{args.base}/sync/{args.board}?token={args.token}", max_size=None) as ws:
        await ws.send(sync_message(0, doc.get_state()))

        async def receive_until(predicate, timeout: float) -> None:
            nonlocal denied
            while True:
                message = bytes(await asyncio.wait_for(ws.recv(), timeout))
                kind, pos = read_var_uint(message, 0)
                if kind == SYNC:
                    step, pos = read_var_uint(message, pos)
                    length, pos = read_var_uint(message, pos)
                    payload = message[pos:pos + length]
                    if step == 0:
                        await ws.send(sync_message(1, doc.get_update(payload)))
                    else:
                        doc.apply_update(payload)
                    if predicate(kind, step):
                        return
                elif kind == AUTH:
                    _, pos = read_var_uint(message, pos)
                    length, pos = read_var_uint(message, pos)
                    denied = message[pos:pos + length].decode()
                    return

        await receive_until(lambda kind, step: step == 1, 30)
        for i in range(args.add):
            state = doc.get_state()
            slides.append(Map({"title": Text(f"Slide {len(slides) + 1}"), "body": Text("…"), "notes": Text("")}))
            await ws.send(sync_message(2, doc.get_update(state)))
            # Ask for the server's state after each slide: its step 2 proves the update was handled.
            await ws.send(sync_message(0, doc.get_state()))
            await receive_until(lambda kind, step: step == 1, 30)
            if denied:
                break
            added += 1
    print(json.dumps({"added": added, "denied": denied, "slides": len(slides)}), flush=True)


asyncio.run(main())
