"""pycrdt peers spread over several Atelier nodes sharing one PostgreSQL.

usage:
  cluster_peers.py converge --urls WS1,WS2,... --token T --board B [--peers N] [--updates K]
      N peers, peer i on node i % len(urls). Each syncs, sets its presence ("peer<i>"), waits
      until it sees every other peer's presence, writes K map keys "p<i>-<n>" one update each,
      then waits until its document holds every peer's keys. Each counts the update frames the
      server sent it after its sync: with every update delivered exactly once that is the
      others' N-1 × K updates. Prints {"event": "done", "peers": [{"node", "frames", "keys",
      "presence"}...], "converged": bool}.
  cluster_peers.py failover --urls WS_A,WS_B --token T --board B --clients 20 --prefix P
                   --stop-file F
      CLIENTS writers, half on each node. Each keeps writing map keys "P-c<i>-<n>"; when its
      connection drops it reconnects to the next node in the list and syncs both ways (so what
      it wrote but the server had not acknowledged arrives), and goes on. Every update any
      writer receives from a server is applied to one mirror document. When F exists every
      writer stops; prints {"event": "done", "sent": S, "received": [keys seen broadcast],
      "reconnects": R}.
"""
import argparse
import asyncio
import json
import os
import random
import time

import websockets
from pycrdt import Doc, Map
from ywire import AWARENESS, STEP1, STEP2, SYNC, UPDATE, read_bytes, read_var_uint, sync_message, var_uint


def say(line: dict) -> None:
    print(json.dumps(line), flush=True)


def awareness_message(client: int, clock: int, state: str) -> bytes:
    """A y-protocols awareness message with one entry."""
    body = var_uint(1) + var_uint(client) + var_uint(clock)
    encoded = state.encode()
    body += var_uint(len(encoded)) + encoded
    return var_uint(AWARENESS) + var_uint(len(body)) + body


def awareness_entries(payload: bytes) -> list[tuple[int, int, str]]:
    """(client, clock, state JSON) of an awareness update."""
    count, pos = read_var_uint(payload, 0)
    entries = []
    for _ in range(count):
        client, pos = read_var_uint(payload, pos)
        clock, pos = read_var_uint(payload, pos)
        state, pos = read_bytes(payload, pos)
        entries.append((client, clock, state.decode()))
    return entries


async def converge_peer(index: int, url: str, args: argparse.Namespace, ready: asyncio.Barrier,
                        wrote: asyncio.Barrier) -> dict:
    doc = Doc()
    doc["m"] = the_map = Map()
    client = doc.client_id
    presence: dict[int, str] = {}
    seen: list[str] = []  # every peer's presence, as first seen all at once
    frames = 0
    synced = asyncio.Event()
    all_present = asyncio.Event()
    expected_keys = {f"p{p}-{n}" for p in range(args.peers) for n in range(args.updates)}
    converged = asyncio.Event()
    async with websockets.connect(url, max_size=None, open_timeout=30) as ws:
        await ws.send(sync_message(STEP1, doc.get_state()))

        async def receive() -> None:
            nonlocal frames
            async for message in ws:
                message = bytes(message)
                kind, pos = read_var_uint(message, 0)
                if kind == SYNC:
                    step, pos = read_var_uint(message, pos)
                    payload, _ = read_bytes(message, pos)
                    if step == STEP1:
                        await ws.send(sync_message(STEP2, doc.get_update(payload)))
                    elif step == STEP2:
                        doc.apply_update(payload)
                        synced.set()
                    elif step == UPDATE:
                        frames += 1
                        doc.apply_update(payload)
                elif kind == AWARENESS:
                    payload, _ = read_bytes(message, pos)
                    for other, _clock, state in awareness_entries(payload):
                        if state == "null":
                            presence.pop(other, None)
                        else:
                            presence[other] = state
                if not all_present.is_set() and sum(1 for s in presence.values() if '"peer' in s) >= args.peers:
                    seen.extend(sorted(s for s in presence.values() if '"peer' in s))
                    all_present.set()
                if expected_keys <= set(the_map.keys()):
                    converged.set()

        reader = asyncio.create_task(receive())
        await asyncio.wait_for(synced.wait(), 30)
        await ws.send(awareness_message(client, 1, json.dumps({"user": {"name": f"peer{index}"}})))
        await asyncio.wait_for(all_present.wait(), 60)
        await ready.wait()
        for n in range(args.updates):
            state = doc.get_state()
            the_map[f"p{index}-{n}"] = n
            await ws.send(sync_message(UPDATE, doc.get_update(state)))
            await asyncio.sleep(random.uniform(0, 0.004))
        await wrote.wait()
        await asyncio.wait_for(converged.wait(), 60)
        # Give duplicates, if any, time to arrive before counting.
        await asyncio.sleep(1.0)
        reader.cancel()
        return {"peer": index, "node": url, "frames": frames, "keys": len(the_map),
                "presence": seen}


async def converge(args: argparse.Namespace) -> None:
    urls = [f"{u}/sync/{args.board}?token={args.token}" for u in args.urls.split(",")]
    ready = asyncio.Barrier(args.peers)
    wrote = asyncio.Barrier(args.peers)
    peers = await asyncio.gather(*(converge_peer(i, urls[i % len(urls)], args, ready, wrote)
                                   for i in range(args.peers)))
    say({"event": "done", "peers": peers,
         "converged": all(p["keys"] == args.peers * args.updates for p in peers),
         "expectedFrames": (args.peers - 1) * args.updates})


async def failover_writer(index: int, urls: list[str], args: argparse.Namespace, mirror: Doc, counters: dict) -> None:
    doc = Doc()
    doc["m"] = the_map = Map()
    node = index % len(urls)
    n = 0
    while not os.path.exists(args.stop_file):
        url = urls[node]
        try:
            async with websockets.connect(url, max_size=None, open_timeout=10) as ws:
                # Sync both ways: the server's state comes in step 2; ours goes as step 2 to its step 1.
                await ws.send(sync_message(STEP1, doc.get_state()))

                async def receive() -> None:
                    async for message in ws:
                        message = bytes(message)
                        kind, pos = read_var_uint(message, 0)
                        if kind != SYNC:
                            continue
                        step, pos = read_var_uint(message, pos)
                        payload, _ = read_bytes(message, pos)
                        if step == STEP1:
                            await ws.send(sync_message(STEP2, doc.get_update(payload)))
                        elif step in (STEP2, UPDATE):
                            doc.apply_update(payload)
                            if step == UPDATE:
                                mirror.apply_update(payload)
                                counters["received"] += 1

                reader = asyncio.create_task(receive())
                while not reader.done() and not os.path.exists(args.stop_file):
                    state = doc.get_state()
                    the_map[f"{args.prefix}-c{index}-{n}"] = n
                    await ws.send(sync_message(UPDATE, doc.get_update(state)))
                    counters["sent"] += 1
                    n += 1
                    await asyncio.sleep(0.01)
                reader.cancel()
        except (websockets.ConnectionClosed, OSError, asyncio.TimeoutError, websockets.InvalidStatus):
            pass
        if os.path.exists(args.stop_file):
            break
        counters["reconnects"] += 1
        node = (node + 1) % len(urls)
        await asyncio.sleep(0.1)


async def failover(args: argparse.Namespace) -> None:
    urls = [f"{u}/sync/{args.board}?token={args.token}" for u in args.urls.split(",")]
    mirror = Doc()
    mirror["m"] = Map()
    counters = {"sent": 0, "received": 0, "reconnects": 0}

    async def progress() -> None:
        while True:
            say({"event": "progress", **counters})
            await asyncio.sleep(0.2)

    ticker = asyncio.create_task(progress())
    deadline = time.monotonic() + args.timeout
    writers = asyncio.gather(*(failover_writer(i, urls, args, mirror, counters) for i in range(args.clients)))
    await asyncio.wait_for(writers, max(1, deadline - time.monotonic()))
    ticker.cancel()
    received = sorted(k for k in mirror["m"].keys() if k.startswith(args.prefix + "-"))
    say({"event": "done", "sent": counters["sent"], "received": received, "reconnects": counters["reconnects"]})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["converge", "failover"])
    parser.add_argument("--urls", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--board", required=True)
    parser.add_argument("--peers", type=int, default=3)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--prefix", default="r0")
    parser.add_argument("--stop-file", default="")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    asyncio.run(converge(args) if args.mode == "converge" else failover(args))


main()
