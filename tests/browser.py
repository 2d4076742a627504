"""Headless Chromium (Debian's package) driven by Playwright, with every network request blocked.

Only the page's own file:// URL is let through; every other request is
aborted and recorded, so a test can assert that a map page asked for nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Visit:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(browser: Any, path: Path, *, width: int = 1100, height: int = 750) -> Visit:
    page = browser.new_page(viewport={"width": width, "height": height})
    visit = Visit(page)
    url = path.resolve().as_uri()

    def route(r: Any) -> None:
        visit.requests.append(r.request.url)
        if r.request.url == url:
            r.continue_()
        else:
            visit.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_function("window.vmgeo !== undefined", timeout=15_000)
    page.wait_for_timeout(300)
    return visit
