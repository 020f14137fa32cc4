"""A board peer on pycrdt (Rust yrs), connected to Atelier's /sync through `websockets`.

usage: pycrdt_peer.py WS_BASE TOKEN BOARD NAME EXPECTED_NAMES

Once synced it adds its mark to the roots the web page shows, in one transaction:
map[NAME] = "from NAME", list.append("from NAME"), text.insert(0, "NAME "). Prints JSON lines:
  {"event":"edited"}
  {"event":"converged","doc":{map,list,text}}  once every expected name's mark is in all three roots
then disconnects and exits 0 (1 after 90 s without convergence).
"""
import asyncio
import json
import sys

import websockets
from pycrdt import Array, Doc, Map, Provider, Text


class Channel:
    """pycrdt's channel interface around a `websockets` connection."""

    def __init__(self, ws, path: str) -> None:
        self._ws = ws
        self.path = path

    async def send(self, message: bytes) -> None:
        await self._ws.send(message)

    async def recv(self) -> bytes:
        return bytes(await self._ws.recv())

    def __aiter__(self):
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except websockets.ConnectionClosed:
            raise StopAsyncIteration


def say(line: dict) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


async def main() -> int:
    base, token, board, name, expected = sys.argv[1:6]
    names = expected.split(",")
    doc = Doc()
    doc["map"] = the_map = Map()
    doc["list"] = the_list = Array()
    doc["text"] = the_text = Text()

    def snapshot() -> dict:
        return {"map": the_map.to_py(), "list": the_list.to_py(), "text": str(the_text)}

    def converged() -> bool:
        s = snapshot()
        return all(s["map"].get(n) == f"from {n}" and f"from {n}" in s["list"] and f"{n} " in s["text"] for n in names)

    async with websockets.connect(f"{base}/sync/{board}?token={token}", max_size=None) as ws:
        async with Provider(doc, Channel(ws, board)) as provider:
            await asyncio.wait_for(provider.synced.wait(), 60)
            with doc.transaction():
                the_map[name] = f"from {name}"
                the_list.append(f"from {name}")
                the_text.insert(0, f"{name} ")
            say({"event": "edited"})
            for _ in range(1800):
                if converged():
                    say({"event": "converged", "doc": snapshot()})
                    return 0
                await asyncio.sleep(0.05)
            say({"event": "timeout", "doc": snapshot()})
            return 1


sys.exit(asyncio.run(main()))
