"""Opens one WebSocket, sends what it is told, and prints how the server closed it.

usage: ws_probe.py URL [--send-hex HEX]... [--send-text TEXT]... [--timeout SECONDS]
prints one JSON line: {"code": <close code or null>, "reason": <text>, "received": <binary messages>}

A peer independent of the Swift WebSocket client, used where the server closes right after
the upgrade (bad token, unknown board).
"""
import argparse
import asyncio
import json

import websockets


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--send-hex", action="append", default=[])
    parser.add_argument("--send-text", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    received = 0
    async with websockets.connect(args.url, max_size=None) as ws:
        for payload in args.send_hex:
            await ws.send(bytes.fromhex(payload))
        for text in args.send_text:
            await ws.send(text)
        try:
            while True:
                await asyncio.wait_for(ws.recv(), args.timeout)
                received += 1
        except websockets.ConnectionClosed as closed:
            frame = closed.rcvd
            print(json.dumps({"code": frame.code if frame else None, "reason": frame.reason if frame else "",
                              "received": received}))
        except asyncio.TimeoutError:
            print(json.dumps({"code": None, "reason": "timeout", "received": received}))


asyncio.run(main())
