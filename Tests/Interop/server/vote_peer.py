"""A board client on pycrdt for the vote tests: syncs a board, optionally forges a vote by
writing into an item's `votes` map (which only the server may write) or by creating an item
whose `votes` is a plain JSON object instead of a map, and watches everything the server sends.

usage: vote_peer.py WS_BASE TOKEN BOARD [--forge ITEM=VOTER] [--forge-plain ITEM=VOTER] [--watch]
                   [--needle TEXT ...] [--wait-count ITEM=N] [--wait-item ID]

Prints JSON lines: {"event":"synced"}, {"event":"denied","reason"} (an auth "permission
denied" message), and, when it ends, {"event":"done","votes":{item: votes as JSON},
"needles":{TEXT: true when any received frame, or the decoded board, contains it},
"texts":{item: its text}}.
With --forge (or --forge-plain) it ends 5 s after the refusal (or 30 s without one); with --watch
it syncs, says "synced", and ends when its standard input closes, or once --wait-count or
--wait-item holds.
"""
import argparse
import asyncio
import json
import sys
import threading
import time

import websockets
from pycrdt import Doc, Map, Text
from ywire import AUTH, STEP1, STEP2, SYNC, UPDATE, read_bytes, read_var_uint, var_uint


def say(line: dict) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


async def stdin_closed() -> None:
    """Returns once standard input closes (read on a daemon thread, which never holds up the exit)."""
    loop = asyncio.get_running_loop()
    closed = asyncio.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(closed.set)), daemon=True).start()
    await closed.wait()


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("board")
    parser.add_argument("--forge")
    parser.add_argument("--forge-plain", help="ITEM=VOTER: a new item whose votes is {count: 42, VOTER: true}")
    parser.add_argument("--watch", action="store_true")
    parser.add_argument("--needle", action="append", default=[])
    parser.add_argument("--wait-count", help="ITEM=N: end once the item's votes hold count N")
    parser.add_argument("--wait-item", help="ID: end once the board has this item")
    args = parser.parse_args()
    doc = Doc()
    doc["items"] = items = Map()
    frames: list[bytes] = []
    denied = None
    url = f"{args.base}/sync/{args.board}?token={args.token}"
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(var_uint(SYNC) + var_uint(STEP1) + var_uint(len(doc.get_state())) + doc.get_state())
        ended = asyncio.ensure_future(stdin_closed()) if args.watch else None
        deadline = time.monotonic() + (3600 if args.watch else 30)
        synced = False
        while time.monotonic() < deadline:
            receive = asyncio.ensure_future(ws.recv())
            waiting = [receive] + ([ended] if ended else [])
            done, _ = await asyncio.wait(waiting, timeout=max(0.1, deadline - time.monotonic()),
                                         return_when=asyncio.FIRST_COMPLETED)
            if receive not in done:
                receive.cancel()
                if ended is not None and ended in done:
                    break
                continue
            message = bytes(receive.result())
            frames.append(message)
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
                    if args.forge or args.forge_plain:
                        state = doc.get_state()
                        if args.forge:
                            item, voter = args.forge.split("=", 1)
                            items[item]["votes"][voter] = True
                        else:
                            item, voter = args.forge_plain.split("=", 1)
                            items[item] = Map({"type": "note", "text": Text("vote me"),
                                               "votes": {"count": 42, voter: True}})
                        update = doc.get_update(state)
                        await ws.send(var_uint(SYNC) + var_uint(UPDATE) + var_uint(len(update)) + update)
                        say({"event": "sent"})
                if args.wait_item and args.wait_item in items:
                    break
                if args.wait_count:
                    item, count = args.wait_count.split("=", 1)
                    if item in items and "votes" in items[item] and items[item]["votes"].get("count") == float(count):
                        break
            elif kind == AUTH:
                _, pos = read_var_uint(message, pos)
                reason, _ = read_bytes(message, pos)
                denied = reason.decode()
                say({"event": "denied", "reason": denied})
                if args.forge or args.forge_plain:
                    deadline = min(deadline, time.monotonic() + 5)
    board = json.dumps({key: items[key].to_py() for key in items.keys()}, default=str)
    votes = {key: items[key]["votes"] if "votes" in items[key] else None for key in items.keys()}
    votes = {key: value.to_py() if isinstance(value, Map) else value for key, value in votes.items()}
    needles = {
        needle: any(needle.encode() in frame for frame in frames) or needle in board for needle in args.needle
    }
    texts = {key: (str(items[key]["text"]) if "text" in items[key] else None) for key in items.keys()}
    say({"event": "done", "votes": votes, "needles": needles, "frames": len(frames), "texts": texts})
    return 0


raise SystemExit(asyncio.run(main()))
