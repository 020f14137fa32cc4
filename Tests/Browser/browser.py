"""Headless Chromium for Atelier's test drivers, through Selenium.

A small wrapper so a test reads as "open, wait until, run, screenshot" and never sleeps
for a fixed time: every wait polls a JavaScript condition until it holds or a generous
timeout passes, then fails with the last value seen and the page's console log.

For example:

    from browser import Browser

    with Browser() as b:
        b.open("http://127.0.0.1:8080/boards/demo?token=T")
        b.wait_for("window.atelier && window.atelier.provider.synced")
        b.run("window.atelier.doc.getArray('list').push([arguments[0]])", "hello")
        print(b.evaluate("window.atelier.doc.getArray('list').toJSON()"))
        b.screenshot("/tmp/board.png")

Uses Debian's chromium and chromedriver (`/usr/bin/chromium`, `/usr/bin/chromedriver`;
override with $CHROMIUM / $CHROMEDRIVER) and runs as root (hence `--no-sandbox`). Each
`Browser` is its own Chromium process and profile, so two of them are two people.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Callable, Iterable

from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

#: Flags every Atelier browser test runs with. The last two keep timers (y-websocket's
#: reconnect and awareness renewal) running at full speed in background windows.
DEFAULT_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--no-first-run",
    "--no-default-browser-check",
)

#: Default time to wait for a condition, in seconds; generous for slow CI machines.
DEFAULT_TIMEOUT = 30.0


class WaitTimeout(AssertionError):
    """A condition did not hold in time; carries the last value seen and the console log."""

    def __init__(self, description: str, timeout: float, last: Any, console: list[str]):
        self.description = description
        self.timeout = timeout
        self.last = last
        self.console = console
        tail = "\n".join(console[-20:]) or "(empty)"
        super().__init__(
            f"timed out after {timeout:.1f}s waiting for: {description}\n"
            f"last value: {last!r}\nbrowser console (last 20):\n{tail}"
        )


class Browser:
    """One headless Chromium window driven by Selenium.

    `width` x `height` is the window size (screenshots have that size). `args` adds
    Chromium flags to `DEFAULT_ARGS`. `touch` emulates a touch screen (a phone or a tablet:
    `pointer: coarse`, touch events); `lang` sets `navigator.language` (e.g. `fr-FR`);
    `performance_log` keeps DevTools' Network events for `performance_log()`. Use as a
    context manager, or call `close()`.
    """

    def __init__(
        self,
        *,
        width: int = 1280,
        height: int = 800,
        args: Iterable[str] = (),
        chromium: str = CHROMIUM,
        chromedriver: str = CHROMEDRIVER,
        page_load_timeout: float = 60.0,
        touch: bool = False,
        lang: str | None = None,
        performance_log: bool = False,
    ) -> None:
        options = Options()
        options.binary_location = chromium
        lang_args = (f"--lang={lang}", f"--accept-lang={lang}") if lang else ()
        for arg in (*DEFAULT_ARGS, f"--window-size={width},{height}", *lang_args, *args):
            options.add_argument(arg)
        if lang:
            options.add_experimental_option("prefs", {"intl.accept_languages": lang})
        if touch:
            options.add_experimental_option(
                "mobileEmulation",
                {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True}},
            )
        prefs = {"browser": "ALL"}
        if performance_log:
            prefs["performance"] = "ALL"
        options.set_capability("goog:loggingPrefs", prefs)
        self._console: list[str] = []
        self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        # Headless "window size" includes browser chrome; pin the viewport itself so
        # screenshots are exactly width x height CSS pixels.
        if not touch:
            self.driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
        if lang:
            # The flag sets the UI language; navigator.language follows the override.
            self.driver.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": lang})
        self.driver.set_page_load_timeout(page_load_timeout)
        self.driver.set_script_timeout(page_load_timeout)

    # Lifecycle

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Quits Chromium; safe to call twice."""
        driver, self.driver = getattr(self, "driver", None), None
        if driver is not None:
            try:
                driver.quit()
            except WebDriverException:
                pass

    # Pages and scripts

    def open(self, url: str) -> None:
        """Loads `url` and returns once the document has loaded (modules may still run)."""
        self.driver.get(url)

    def run(self, script: str, *args: Any) -> Any:
        """Runs `script` as a function body in the page (`arguments[i]` are `args`).

        Write `return …` to get a value back; JSON-able values come back as Python values.
        A script that throws raises `JavascriptException`.
        """
        return self.driver.execute_script(script, *args)

    def run_async(self, script: str, *args: Any) -> Any:
        """Runs `script` with a completion callback as its last argument.

        For example: `b.run_async("const done = arguments[arguments.length - 1];
        fetch('/healthz').then(r => r.json()).then(done)")`.
        """
        return self.driver.execute_async_script(script, *args)

    def evaluate(self, expression: str, *args: Any) -> Any:
        """The value of a JavaScript expression, or None if evaluating it throws.

        For example: `b.evaluate("window.atelier.doc.getText('text').toString()")`.
        """
        try:
            return self.driver.execute_script(
                f"try {{ return ({expression}); }} catch (e) {{ return null; }}", *args
            )
        except JavascriptException:
            return None

    def wait_for(
        self,
        expression: str,
        *args: Any,
        timeout: float = DEFAULT_TIMEOUT,
        interval: float = 0.1,
        description: str | None = None,
    ) -> Any:
        """Polls a JavaScript expression until it is truthy and returns its value.

        An expression that throws (e.g. `window.atelier` not defined yet) counts as false.
        Raises `WaitTimeout` after `timeout` seconds.
        """
        return self.wait_until(
            lambda: self.evaluate(expression, *args),
            timeout=timeout,
            interval=interval,
            description=description or expression,
        )

    def wait_until(
        self,
        probe: Callable[[], Any],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        interval: float = 0.1,
        description: str = "condition",
    ) -> Any:
        """Polls a Python callable (which may query the page) until it returns a truthy value."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while True:
            last = probe()
            if last:
                return last
            if time.monotonic() >= deadline:
                raise WaitTimeout(description, timeout, last, self.console())
            time.sleep(interval)

    def click(self, selector: str, *, timeout: float = DEFAULT_TIMEOUT, description: str = "") -> None:
        """Clicks the element `selector` (CSS) names, once it is there. An element the app
        renders again between finding and clicking (a toolbar redrawn when the board's rules
        arrive) is found again rather than failing with a stale reference."""
        def attempt() -> bool:
            try:
                self.driver.find_element(By.CSS_SELECTOR, selector).click()
                return True
            except (NoSuchElementException, StaleElementReferenceException):
                return False
        self.wait_until(attempt, timeout=timeout, description=description or f"a click on {selector}")

    # Evidence

    def screenshot(self, path: str) -> str:
        """Saves a PNG of the window to `path` (parent folders created) and returns the path."""
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        if not self.driver.save_screenshot(path):
            raise RuntimeError(f"could not write screenshot to {path}")
        return path

    def console(self) -> list[str]:
        """Every browser console line so far (`LEVEL message`), accumulated across calls."""
        try:
            for entry in self.driver.get_log("browser"):
                self._console.append(f"{entry.get('level')} {entry.get('message')}")
        except WebDriverException:
            pass
        return list(self._console)

    def performance_log(self) -> list[dict]:
        """DevTools events since the last call (needs `performance_log=True`): `{method, params}`."""
        out = []
        for entry in self.driver.get_log("performance"):
            try:
                out.append(json.loads(entry["message"])["message"])
            except (KeyError, ValueError):
                continue
        return out

    def dump(self, value: Any) -> str:
        """Compact JSON, for one-line reports."""
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)

