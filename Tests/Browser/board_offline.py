#!/usr/bin/env python3
"""A network cut: one browser goes offline, both edit, it comes back, both converge.

Usage:
    board_offline.py --url BASE --token-a TOKEN --token-b TOKEN --board BOARD [--screenshots DIR] [--timeout S]

Browser A reaches the server through a loopback TCP proxy that this script runs (asyncio,
in a thread) and controls; browser B connects directly. BOARD must be writable by both
participants now.

 1. Both open the board; A adds a note, B sees it.
 2. The proxy drops every connection and refuses new ones: A's editor shows it is not
    online and counts its unsynced edits.
 3. While cut: A adds two notes and appends " +A" to the shared note; B adds a note and
    appends " +B" to it. A's updates are in its IndexedDB store, keyed by the board and A's
   token (`persisted`: never under the board alone, where another person would replay them).
 4. The proxy comes back: A reconnects by itself; both documents converge, holding every
    edit of both sides (`converged`), and A's unsynced count returns to 0.

Prints ONE JSON line `{"ok", "board", "checks": {…}, "items": [texts…], "error"?}`; exit 0
when every check passed, 1 otherwise.

Example:
    .venv/bin/python Tests/Browser/board_offline.py --url http://127.0.0.1:18600 \
        --token-a A --token-b B --board b_swot
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import traceback
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from board_common import BoardPage, report  # noqa: E402
from browser import Browser  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


class Proxy:
    """A loopback TCP proxy to `host:port` that can drop its connections and refuse new ones."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.up = True
        self.listen_port = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "Proxy":
        self._thread.start()
        self._ready.wait(10)
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def serve() -> None:
            server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.listen_port = server.sockets[0].getsockname()[1]
            self._ready.set()
            async with server:
                await server.serve_forever()

        self._loop.run_until_complete(serve())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update({writer, up_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.transport.abort()
                self._writers.discard(dst)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def drop(self) -> None:
        def cut() -> None:
            self.up = False
            for w in list(self._writers):
                w.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(cut)

    def restore(self) -> None:
        self._loop.call_soon_threadsafe(lambda: setattr(self, "up", True))


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--token-a", required=True)
    p.add_argument("--token-b", required=True)
    p.add_argument("--board", required=True)
    p.add_argument("--screenshots", metavar="DIR")
    p.add_argument("--timeout", type=float, default=30.0)
    return p.parse_args(argv)


def append_text(page: BoardPage, item_id: str, suffix: str) -> None:
    area = page.start_editing(item_id)
    page.b.run("arguments[0].setSelectionRange(arguments[0].value.length, arguments[0].value.length)", area)
    area.send_keys(suffix)
    area.send_keys(Keys.ESCAPE)


def run(args: argparse.Namespace, checks: dict, out: dict) -> None:
    target = urlsplit(args.url)
    proxy = Proxy(target.hostname or "127.0.0.1", target.port or 80).start()
    via_proxy = f"http://127.0.0.1:{proxy.listen_port}"
    with Browser() as ba, Browser() as bb:
        a = BoardPage(ba, via_proxy, args.token_a, args.board, timeout=args.timeout)
        b = BoardPage(bb, args.url, args.token_b, args.board, timeout=args.timeout)
        a.open()
        b.open()
        shared = a.add_note_ui("Shared note")
        b.wait_item(shared, lambda i: i["text"] == "Shared note", "A's note in B")

        proxy.drop()
        a.wait("['reconnecting', 'offline'].includes(document.querySelector('atelier-board-editor').dataset.state)", "A to notice the cut")
        checks["cutShown"] = True

        a1 = a.add_note_ui("Offline A one")
        a2 = a.add_note_ui("Offline A two")
        append_text(a, shared, " +A")
        b1 = b.add_note_ui("Online B")
        append_text(b, shared, " +B")
        a.wait("Number(document.querySelector('atelier-board-editor').dataset.unsynced) > 0", "A's unsynced count")
        checks["unsyncedShown"] = bool(ba.evaluate("document.querySelector('.board-status .unsynced') !== null"))
        stored = ba.run_async(
            """const done = arguments[arguments.length - 1]
            const open = indexedDB.open('atelier-boards')
            open.onsuccess = () => {
              // Kept under the board and the person (a digest of the token), never the board alone.
              const index = open.result.transaction('updates').objectStore('updates').index('board')
              const bare = index.count(arguments[0])
              const mine = index.count(IDBKeyRange.bound(arguments[0] + ' ', arguments[0] + ' \uffff'))
              mine.onsuccess = () => done(bare.result === 0 ? mine.result : -2)
              mine.onerror = () => done(-1)
            }
            open.onerror = () => done(-1)""",
            args.board,
        )
        checks["persisted"] = isinstance(stored, int) and stored > 0
        if args.screenshots:
            ba.screenshot(os.path.join(args.screenshots, "offline-a.png"))

        proxy.restore()
        a.wait("document.querySelector('atelier-board-editor').dataset.state === 'online'", "A back online", timeout=args.timeout * 2)

        expected = {shared, a1, a2, b1}

        def converged() -> list[str] | None:
            ia = {i["id"]: i["text"] for i in a.items()}
            ib = {i["id"]: i["text"] for i in b.items()}
            if ia != ib or not expected <= set(ia):
                return None
            text = ia[shared]
            return sorted(ia.values()) if "+A" in text and "+B" in text and text.startswith("Shared note") else None

        texts = a.b.wait_until(converged, timeout=args.timeout, description="both documents to converge")
        out["items"] = texts
        checks["converged"] = True
        a.wait("document.querySelector('atelier-board-editor').dataset.unsynced === '0'", "A's unsynced count back to 0")
        checks["unsyncedCleared"] = True
        if args.screenshots:
            bb.screenshot(os.path.join(args.screenshots, "offline-b-after.png"))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    checks: dict = {}
    out: dict = {}
    error = None
    try:
        run(args, checks, out)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    ok = error is None and all(v is True for v in checks.values())
    line = {"ok": ok, "board": args.board, "checks": checks, **out}
    if error:
        line["error"] = error.splitlines()[0]
    report(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
