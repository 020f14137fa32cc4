"""Shared helpers for the board editor's browser tests (board_*.py).

A `BoardPage` is one person (one Chromium) on `/boards/{id}`: it opens the page with a
token, waits for the editor to sync, and reads the board through the page's own Yjs
document (`window.atelier`, see web-static/components/board-editor.js). For example:

    with Browser() as b:
        page = BoardPage(b, "http://127.0.0.1:8080", TOKEN, BOARD)
        page.open()
        note = page.add_note_ui("Hello")
        print(page.items())
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from typing import Any
from urllib.parse import quote

from browser import Browser
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

#: Items as plain JSON, read from the page's Yjs document.
ITEMS_JS = """
const a = window.atelier
if (!a || !a.model) return null
return JSON.stringify(a.model.items())
"""


class BoardPage:
    """One browser on one board."""

    def __init__(self, browser: Browser, base: str, token: str, board: str, *, timeout: float = 30.0) -> None:
        self.b = browser
        self.base = base.rstrip("/")
        self.token = token
        self.board = board
        self.timeout = timeout

    # Opening

    def open(self, *, writable: bool | None = True, lang: str | None = None) -> None:
        if lang:
            self.b.open(f"{self.base}/healthz")
            self.b.run("localStorage.setItem('atelier.language', arguments[0])", lang)
        self.b.open(f"{self.base}/boards/{quote(self.board, safe='')}?token={quote(self.token, safe='')}")
        self.wait("document.querySelector('atelier-board-editor')?.dataset.synced === 'true'", "the board to sync")
        if writable is not None:
            self.wait(
                f"document.querySelector('atelier-board-editor')?.dataset.writable === '{str(writable).lower()}'",
                f"writable={writable}",
            )

    def wait(self, expression: str, description: str, *args: Any, timeout: float | None = None) -> Any:
        return self.b.wait_for(expression, *args, timeout=timeout or self.timeout, description=f"[{self.board}] {description}")

    def editor(self, key: str) -> str | None:
        return self.b.evaluate(f"document.querySelector('atelier-board-editor')?.dataset[{json.dumps(key)}] ?? null")

    # Reading

    def items(self) -> list[dict]:
        raw = self.b.evaluate(f"(() => {{ {ITEMS_JS} }})()")
        return json.loads(raw) if isinstance(raw, str) else []

    def item(self, item_id: str) -> dict | None:
        return next((i for i in self.items() if i["id"] == item_id), None)

    def wait_item(self, item_id: str, predicate, description: str) -> dict:
        def probe():
            found = self.item(item_id)
            return found if found and predicate(found) else None

        return self.b.wait_until(probe, timeout=self.timeout, description=f"[{self.board}] {description}")

    # Acting through the UI

    def add_note_ui(self, text: str) -> str:
        """Clicks "+ Note" (the editor opens the note for typing), types, leaves with Escape."""
        before = {i["id"] for i in self.items()}
        self.b.click(".board-toolbar [data-action='add'][data-type='note']")
        area = self.wait("document.querySelector('atelier-board-canvas textarea.bc-edit')", "the new note's editor")
        area.send_keys(text)
        area.send_keys(Keys.ESCAPE)
        new = self.b.wait_until(
            lambda: [i for i in self.items() if i["id"] not in before and i["text"] == text],
            timeout=self.timeout,
            description=f"own note {text!r}",
        )
        return new[0]["id"]

    def item_element(self, item_id: str):
        return self.b.driver.find_element(By.CSS_SELECTOR, f".bc-item[data-id='{item_id}']")

    def click_item(self, item_id: str) -> None:
        self.b.run("arguments[0].scrollIntoView({block: 'nearest'})", self.item_element(item_id))
        el = self.item_element(item_id)
        ActionChains(self.b.driver).move_to_element_with_offset(el, 0, -10).click().perform()

    def start_editing(self, item_id: str):
        """Opens an item's text editor from the keyboard (focus the item, Enter), as items may overlap."""
        el = self.item_element(item_id)
        self.b.run("arguments[0].focus()", el)
        el.send_keys(Keys.ENTER)
        return self.wait(
            "document.querySelector(`.bc-item[data-id='${arguments[0]}'] textarea.bc-edit`)", "the note editor", item_id
        )

    def upload_image(self, path: str) -> None:
        self.b.driver.find_element(By.CSS_SELECTOR, "input.board-file").send_keys(path)

    # Network control inside the page

    def hold_outgoing(self) -> None:
        """Queues the sync socket's outgoing messages (to make edits truly concurrent)."""
        self.b.run(
            """const ws = window.atelier.provider.ws
            window.__held = []
            ws.__send = ws.send
            ws.send = (m) => window.__held.push(m)"""
        )

    def release_outgoing(self) -> None:
        self.b.run(
            """const ws = window.atelier.provider.ws
            ws.send = ws.__send
            for (const m of window.__held) ws.send(m)
            window.__held = []"""
        )


def png_bytes(width: int = 64, height: int = 48, rgb: tuple[int, int, int] = (36, 84, 197)) -> bytes:
    """A small solid-colour PNG, made without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def report(line: dict) -> None:
    print(json.dumps(line, separators=(",", ":"), ensure_ascii=False, sort_keys=True), flush=True)
