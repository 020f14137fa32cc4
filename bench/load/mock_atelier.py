#!/usr/bin/env python3
"""A stand-in for `atelier serve` with the same command line and URLs, to test the
load benchmark's Atelier path before the real binary exists:

  script/bench-load --atelier-bin bench/load/mock_atelier.py --clients 100 --rooms 10

`mock_atelier.py serve --host H --port P --data-dir DIR` with ATELIER_ADMIN_TOKEN:
GET /healthz -> 200; board rooms at /sync/{boardId}?token=T speak y-websocket through
pycrdt-websocket's server (in memory; the data dir is only created). Not a benchmark
subject: its figures mean nothing about Atelier.
"""

import argparse
import asyncio
import os
import signal
import sys
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from pycrdt.websocket import WebsocketServer
from websockets.asyncio.server import serve


class Channel:
    def __init__(self, ws, path):
        self.ws = ws
        self.path = path

    async def send(self, message: bytes):
        await self.ws.send(message)

    async def recv(self) -> bytes:
        return await self.ws.recv()

    def __aiter__(self):
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.ws.recv()
        except Exception:  # noqa: BLE001 - closed
            raise StopAsyncIteration


async def main(args):
    token = os.environ.get("ATELIER_ADMIN_TOKEN", "")
    os.makedirs(args.data_dir, exist_ok=True)
    ysrv = WebsocketServer(auto_clean_rooms=False)

    def process_request(conn, request):
        u = urlsplit(request.path)
        if u.path == "/healthz":
            return conn.respond(HTTPStatus.OK, "ok\n")
        if not u.path.startswith("/sync/"):
            return conn.respond(HTTPStatus.NOT_FOUND, "not found\n")
        return None

    async def handler(ws):
        u = urlsplit(ws.request.path)
        if parse_qs(u.query).get("token", [""])[0] != token:
            await ws.close(4401, "bad token")
            return
        await ysrv.serve(Channel(ws, u.path[len("/sync/"):]))

    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with ysrv:
        async with serve(handler, args.host, args.port, process_request=process_request,
                         max_size=8 << 20, compression=None):
            print(f"mock atelier on {args.host}:{args.port}", flush=True)
            await stop


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["serve"])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--data-dir", required=True)
    asyncio.run(main(ap.parse_args()))
    sys.exit(0)
