"""Refresh the screenshots in docs/screenshots/ from a fresh build of the site.

Run from the repository root (or ``nox -s screenshots``)::

    python docs/screenshots.py

It builds the site with ``mkdocs build --strict`` into a temporary directory and opens the home
page, a component page and the Python API reference in headless Chromium
(``chromium --headless --screenshot=... --window-size=1280,1600 file://...``), writing one PNG
per page. Chromium is the Debian package ``chromium`` (``apt-get install -y chromium``); set
``CHROMIUM`` to use another binary. tests/docs/test_navigation.py checks the PNGs exist, have
that size and are not blank.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 1600

#: Screenshot file name -> page of the built site.
PAGES = {
    "home.png": "index.html",
    "component-secure-vpc.png": "components/secure-vpc/index.html",
    "api-reference.png": "reference/api/iaccore/index.html",
}


def chromium() -> str:
    """The Chromium binary: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return str(shutil.which(name))
    raise SystemExit("chromium not found: apt-get install -y chromium (or set CHROMIUM)")


def build(site: Path) -> None:
    """Build the site into ``site`` (strict, as CI does)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    subprocess.run([*command, "--site-dir", str(site)], cwd=ROOT, env=env, check=True)  # noqa: S603


def shoot(browser: str, page: Path, target: Path) -> None:
    """Render ``page`` in headless Chromium and save a WIDTH x HEIGHT PNG at ``target``."""
    with tempfile.TemporaryDirectory(prefix="iaccore-chromium-") as profile:
        subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [
                browser,
                "--headless",
                "--no-sandbox",  # root in containers; the page is our own static site
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=5000",  # let the theme's scripts settle
                f"--window-size={WIDTH},{HEIGHT}",
                f"--screenshot={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not target.is_file():
        raise SystemExit(f"chromium wrote no screenshot for {page}")


def main() -> int:
    """Build the site and write every screenshot of :data:`PAGES`."""
    browser = chromium()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iaccore-site-") as tmp:
        site = Path(tmp) / "site"
        build(site)
        for name, page in PAGES.items():
            if not (site / page).is_file():
                raise SystemExit(f"the site has no {page}: update PAGES in docs/screenshots.py")
            shoot(browser, site / page, OUT / name)
            print(f"wrote {(OUT / name).relative_to(ROOT)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
