"""One pycrdt client writing many small updates to a board, each acknowledged before the next.

usage: many_updates.py WS_BASE TOKEN BOARD COUNT [--overwrite BYTES]
Sets map "m" keys k0…k{COUNT-1} one update each (with --overwrite, the one key "big" to a new
string of BYTES characters each time: the document keeps only the last); after each, asks for the server's state
(sync step 1) and waits for its step 2, so every update is committed when the script ends.
Prints {"sent": COUNT}.
"""
import asyncio
import json
import sys

import websockets
from pycrdt import Doc, Map
from ywire import sync_message


async def main() -> None:
    base, token, board, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    overwrite = int(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[5] == "--overwrite" else 0
    doc = Doc()
    doc["m"] = the_map = Map()
    async with websockets.connect(f"{base}/sync/{board}?token={token}", max_size=None) as ws:
        for i in range(count):
            state = doc.get_state()
            if overwrite:
                the_map["big"] = str(i % 10) * overwrite
            else:
                the_map[f"k{i}"] = i
            await ws.send(sync_message(2, doc.get_update(state)))
            await ws.send(sync_message(0, b"\x00"))
            while True:
                message = bytes(await asyncio.wait_for(ws.recv(), 30))
                if message[:2] == b"\x00\x01":
                    break
    print(json.dumps({"sent": count}), flush=True)


asyncio.run(main())
