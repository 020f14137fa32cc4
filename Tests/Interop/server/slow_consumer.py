"""A stalled client among healthy ones: the healthy ones get everything, the stalled one is
closed with 4408 once its outbox is full.

usage: slow_consumer.py WS_BASE HTTP_BASE TOKEN BOARD [--readers 4] [--size 32768] [--max 3000]

One client connects and then stops reading. A writer sends updates of SIZE bytes one at a time,
each only after every reader has received the previous one, until the server's /metrics count a
slow consumer (or MAX updates), then 20 more. The stalled client then reads again and reports
how the server closed it. Prints one JSON line:
  {"sent": N, "readers": [received per reader], "readerCloses": [codes or null],
   "slowConsumers": K, "stalledClose": CODE, "stalledReason": TEXT}
"""
import argparse
import asyncio
import json
import re
import urllib.request

import websockets
from pycrdt import Doc, Map
from ywire import UPDATE, sync_message


def slow_consumers(http_base: str) -> int:
    text = urllib.request.urlopen(f"{http_base}/metrics", timeout=10).read().decode()
    match = re.search(r"^atelier_slow_consumers_total (\d+)", text, re.M)
    return int(match.group(1)) if match else 0


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ws_base")
    parser.add_argument("http_base")
    parser.add_argument("token")
    parser.add_argument("board")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--size", type=int, default=32768)
    parser.add_argument("--max", type=int, default=3000)
    args = parser.parse_args()
    url = f"{args.ws_base}/sync/{args.board}?token={args.token}"

    # The stalled client: a tiny receive queue, so the library stops reading the socket at once.
    stalled = await websockets.connect(url, max_size=None, max_queue=1)
    readers = [await websockets.connect(url, max_size=None) for _ in range(args.readers)]
    writer = await websockets.connect(url, max_size=None)
    counts = [0] * args.readers
    closes = [None] * args.readers
    marker = b"slow-consumer-payload"

    async def read(i: int) -> None:
        try:
            async for message in readers[i]:
                if marker in message:
                    counts[i] += 1
        except websockets.ConnectionClosed as closed:
            closes[i] = closed.rcvd.code if closed.rcvd else None

    tasks = [asyncio.create_task(read(i)) for i in range(args.readers)]
    doc = Doc()
    doc["m"] = the_map = Map()
    filler = marker.decode() + "x" * args.size
    sent, extra, seen = 0, None, 0
    while sent < args.max and (extra is None or extra > 0):
        state = doc.get_state()
        the_map[f"k{sent}"] = filler
        await writer.send(sync_message(UPDATE, doc.get_update(state)))
        sent += 1
        for _ in range(3000):
            if all(c >= sent for c in counts) or any(c is not None for c in closes):
                break
            await asyncio.sleep(0.01)
        if extra is None and sent % 10 == 0:
            seen = slow_consumers(args.http_base)
            if seen >= 1:
                extra = 20
        elif extra is not None:
            extra -= 1
    for _ in range(3000):
        if all(c >= sent for c in counts):
            break
        await asyncio.sleep(0.01)

    code, reason = None, "no close"
    try:
        while True:
            await asyncio.wait_for(stalled.recv(), 60)
    except websockets.ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else None
        reason = closed.rcvd.reason if closed.rcvd else ""
    except asyncio.TimeoutError:
        reason = "timeout"
    for r in readers:
        await r.close()
    await writer.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"sent": sent, "readers": counts, "readerCloses": closes,
                      "slowConsumers": slow_consumers(args.http_base), "stalledClose": code,
                      "stalledReason": reason}), flush=True)


asyncio.run(main())
