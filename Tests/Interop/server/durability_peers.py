"""Writers and a reader for the crash test: what the server broadcast must survive SIGKILL.

usage:
  durability_peers.py write WS_BASE TOKEN BOARD --clients 20 --prefix ROUND
      Opens CLIENTS connections; each has its own pycrdt document and keeps writing map keys
      "ROUND-c<i>-<n>" (one update each, a few ms apart) until its connection drops. Every
      update received from the server is applied to a mirror document. Prints progress lines
      {"event":"progress","received":N} and, when every connection has dropped,
      {"event":"done","sent":S,"received":[keys seen in updates the server sent]}.
      On SIGUSR1 it prints {"event":"mark","received":[keys seen so far]} and goes on writing.
  durability_peers.py read WS_BASE TOKEN BOARD
      Syncs once and prints {"event":"state","keys":[every key of the map "m"]}.
"""
import argparse
import asyncio
import json
import signal

import websockets
from pycrdt import Doc, Map
from ywire import STEP1, STEP2, SYNC, UPDATE, read_var_uint, sync_message


def payload_of(message: bytes) -> tuple[int, bytes] | None:
    """(step, payload) of a sync message, None for other types."""
    kind, pos = read_var_uint(message, 0)
    if kind != SYNC:
        return None
    step, pos = read_var_uint(message, pos)
    length, pos = read_var_uint(message, pos)
    return step, message[pos:pos + length]


def say(line: dict) -> None:
    print(json.dumps(line), flush=True)


async def writer(url: str, index: int, prefix: str, mirror: Doc, counters: dict) -> None:
    doc = Doc()
    doc["m"] = the_map = Map()
    try:
        async with websockets.connect(url, max_size=None, open_timeout=30) as ws:
            await ws.send(sync_message(STEP1, b"\x00"))

            async def receive() -> None:
                async for message in ws:
                    parsed = payload_of(bytes(message))
                    if parsed and parsed[0] in (STEP2, UPDATE) and parsed[1] not in (b"\x00\x00",):
                        mirror.apply_update(parsed[1])
                        counters["received"] += 1

            reader = asyncio.create_task(receive())
            n = 0
            while not reader.done():
                state = doc.get_state()
                the_map[f"{prefix}-c{index}-{n}"] = n
                await ws.send(sync_message(UPDATE, doc.get_update(state)))
                counters["sent"] += 1
                n += 1
                await asyncio.sleep(0.005)
            await reader
    except (websockets.ConnectionClosed, OSError):
        pass


async def write(args: argparse.Namespace) -> None:
    url = f"{args.base}/sync/{args.board}?token={args.token}"
    mirror = Doc()
    mirror["m"] = Map()
    counters = {"sent": 0, "received": 0}

    async def progress() -> None:
        while True:
            say({"event": "progress", "received": counters["received"], "sent": counters["sent"]})
            await asyncio.sleep(0.2)

    def mark() -> None:
        received = sorted(k for k in mirror["m"].keys() if k.startswith(args.prefix + "-"))
        say({"event": "mark", "received": received})

    # A child of the Swift test runner inherits a signal mask that blocks most signals.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, mark)
    ticker = asyncio.create_task(progress())
    await asyncio.wait_for(
        asyncio.gather(*(writer(url, i, args.prefix, mirror, counters) for i in range(args.clients))), args.timeout)
    ticker.cancel()
    received = sorted(k for k in mirror["m"].keys() if k.startswith(args.prefix + "-"))
    say({"event": "done", "sent": counters["sent"], "received": received})


async def read(args: argparse.Namespace) -> None:
    doc = Doc()
    doc["m"] = the_map = Map()
    url = f"{args.base}/sync/{args.board}?token={args.token}"
    async with websockets.connect(url, max_size=None, open_timeout=30) as ws:
        await ws.send(sync_message(STEP1, b"\x00"))
        async for message in ws:
            parsed = payload_of(bytes(message))
            if not parsed:
                continue
            step, payload = parsed
            if step in (STEP2, UPDATE) and payload != b"\x00\x00":
                doc.apply_update(payload)
            if step == STEP2:
                break
    say({"event": "state", "keys": sorted(the_map.keys())})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["write", "read"])
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("board")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--prefix", default="r0")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    asyncio.run(write(args) if args.mode == "write" else read(args))


main()
