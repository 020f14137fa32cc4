#!/usr/bin/env python3
"""The board editor in Chromium and a pycrdt client on one board (the schema of PROTOCOL.md).

usage: board_pycrdt_mix.py --url BASE --token T --board B --wait-note ID [--note-text TEXT]

Opens the editor, waits until the pycrdt client's note ID shows with its text, adds a note
through the UI, and prints one JSON line {"browserNote": id, "items": [{id, type, text, …}]}
as the page sees them. Exit 1 on a timeout.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from board_common import BoardPage, report  # noqa: E402
from browser import Browser, WaitTimeout  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--board", required=True)
    parser.add_argument("--wait-note", required=True)
    parser.add_argument("--note-text", default="from chromium")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    with Browser(width=1280, height=800) as browser:
        page = BoardPage(browser, args.url, args.token, args.board, timeout=args.timeout)
        try:
            page.open(writable=True)
            page.wait_item(args.wait_note, lambda item: bool(item.get("text")), "the pycrdt note with its text")
            note = page.add_note_ui(args.note_text)
        except WaitTimeout as timeout:
            print(str(timeout), file=sys.stderr)
            report({"error": str(timeout), "items": page.items()})
            return 1
        report({"browserNote": note, "items": page.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
