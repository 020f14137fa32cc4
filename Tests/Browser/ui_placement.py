#!/usr/bin/env python3
"""Where new notes land: free space, in the zone aimed at, never on top of another.

Usage:
    ui_placement.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

A participant of g1 on boards writable in every phase (SWOT, business model canvas, mind map),
through the editor's own controls:
 - `tenInARowToolbar`: ten "+ Note" clicks in a row on the SWOT board: no note overlaps
   another, each lies inside one zone (below its title).
 - `tenInARowPointer`: ten N presses with the pointer over the "Threats" zone: all ten in
   Threats (until it is full), none overlapping, none overlapping the earlier ten.
 - `keptInZone`: a note dragged so it straddles a zone border ends inside the zone holding
   its centre.
 - `freeBoard`: ten nodes on the mind map (no zones) overlap none.
 - `inView`: the first notes added land in the visible part of the board.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from board_common import BoardPage  # noqa: E402
from ui_common import Api, AtelierServer, arg_parser, board_id, browser, invite, new_session, page_errors, report  # noqa: E402

ZONES_JS = "return JSON.stringify(window.atelier.model.zones())"


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and a["x"] + a["w"] > b["x"] and a["y"] < b["y"] + b["h"] and a["y"] + a["h"] > b["y"]


def no_overlap(items: list[dict]) -> bool:
    return all(not overlaps(a, b) for i, a in enumerate(items) for b in items[i + 1:])


def inside(item: dict, zone: dict) -> bool:
    return (item["x"] >= zone["x"] and item["y"] >= zone["y"]
            and item["x"] + item["w"] <= zone["x"] + zone["w"] and item["y"] + item["h"] <= zone["y"] + zone["h"])


def add_by_toolbar(page: BoardPage, count: int, tool: str = "note") -> list[dict]:
    ids = []
    for n in range(count):
        before = {i["id"] for i in page.items()}
        page.b.click(f".board-toolbar [data-action='add'][data-type='{tool}']")
        area = page.wait("document.querySelector('atelier-board-canvas textarea.bc-edit')", "the new item's editor")
        area.send_keys(f"{tool} {n + 1}")
        area.send_keys(Keys.ESCAPE)
        new = page.b.wait_until(lambda: [i for i in page.items() if i["id"] not in before], description="the new item")
        ids.append(new[0]["id"])
    return [i for i in page.items() if i["id"] in ids]


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            token = invite(session, "participant", "g1")["token"]
            with browser() as b:
                page = BoardPage(b, server.base, token, board_id(session, "g1", "swot"), timeout=args.timeout)
                page.open()
                b.run("document.querySelector('atelier-board-canvas').fit()")
                zones = json.loads(b.run(ZONES_JS))
                first = add_by_toolbar(page, 10)
                view = b.run("return document.querySelector('atelier-board-canvas').visibleRect()")
                checks["tenInARowToolbar"] = len(first) == 10 and no_overlap(first) and all(
                    any(z["id"] == i["zone"] and inside(i, z) for z in zones) for i in first)
                checks["inView"] = all(
                    i["x"] >= view["x"] and i["y"] >= view["y"] and i["x"] + i["w"] <= view["x"] + view["w"] + 1
                    and i["y"] + i["h"] <= view["y"] + view["h"] + 1 for i in first[:4])

                # The pointer over "Threats": N ten times.
                threats = next(z for z in zones if z["id"] == "threats")
                viewport = b.driver.find_element(By.CSS_SELECTOR, ".bc-viewport")
                screen = b.run(
                    "const c = document.querySelector('atelier-board-canvas'); const r = c.querySelector('.bc-viewport').getBoundingClientRect();"
                    "const v = c.visibleRect(); const s = r.width / v.w;"
                    "return { x: (arguments[0] - v.x) * s, y: (arguments[1] - v.y) * s, w: r.width, h: r.height }",
                    threats["x"] + threats["w"] / 2, threats["y"] + threats["h"] / 2)
                ids_before = {i["id"] for i in page.items()}
                for n in range(10):
                    ActionChains(b.driver).move_to_element_with_offset(
                        viewport, int(screen["x"] - screen["w"] / 2), int(screen["y"] - screen["h"] / 2)).perform()
                    b.run("document.activeElement?.blur?.()")
                    count = len(page.items())
                    ActionChains(b.driver).send_keys("n").perform()
                    area = page.wait("document.querySelector('atelier-board-canvas textarea.bc-edit')", "the note's editor")
                    area.send_keys(f"threat {n + 1}")
                    area.send_keys(Keys.ESCAPE)
                    page.b.wait_until(lambda: len(page.items()) > count, description="the new note")
                all_items = page.items()
                second = [i for i in all_items if i["id"] not in ids_before]
                in_threats = [i for i in second if i["zone"] == "threats" and inside(i, threats)]
                extra["inThreats"] = len(in_threats)
                checks["tenInARowPointer"] = len(second) == 10 and no_overlap(all_items) and len(in_threats) >= 6 and all(
                    any(z["id"] == i["zone"] and inside(i, z) for z in zones) for i in second)

                # A note dragged across a border stays inside the zone holding its centre.
                note = first[0]
                zone = next(z for z in zones if z["id"] == note["zone"])
                # Move it so its right edge passes the zone's right border by 60 units, centre still inside.
                dx = zone["x"] + zone["w"] - (note["x"] + note["w"]) + 60
                b.run("window.atelier.model.move([arguments[0]], arguments[1], 0)", note["id"], dx)
                moved = page.wait_item(note["id"], lambda i: i["x"] != note["x"], "the moved note")
                checks["keptInZone"] = inside(moved, zone) and moved["zone"] == zone["id"]
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "placement-swot.png"))

                mind = BoardPage(b, server.base, token, board_id(session, "g1", "mind-map"), timeout=args.timeout)
                mind.open()
                nodes = add_by_toolbar(mind, 10, "shape")
                checks["freeBoard"] = len(nodes) == 10 and no_overlap(nodes)
                extra["errors"] = page_errors(b)[:3]
                if extra["errors"]:
                    checks["noScriptErrors"] = False
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
