"""MkDocs hooks of the iaccore site (``hooks:`` in mkdocs.yml): version and changelog.

- The site name carries the version (``iaccore 0.1.0``, from ``iaccore.__version__``), and
  ``extra.version`` holds it for templates.
- ``docs/changelog.md`` shows the repository's CHANGELOG.md: the page's marker comment is
  replaced by the file's text, so the changelog has one source and is never stale.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG_MARKER = "<!-- include: CHANGELOG.md -->"


def version() -> str:
    """``iaccore.__version__``, read from src/iaccore/_version.py (no install needed)."""
    text = (ROOT / "src" / "iaccore" / "_version.py").read_text(encoding="utf-8")
    found = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", text)
    if not found:
        raise ValueError("no __version__ in src/iaccore/_version.py")
    return found.group(1)


def on_config(config: Any) -> Any:
    """Put the version into the site name and ``extra.version``."""
    number = version()
    config["extra"]["version"] = number
    if not config["site_name"].endswith(number):
        config["site_name"] = f"{config['site_name']} {number}"
    return config


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Replace the changelog page's marker with CHANGELOG.md."""
    if CHANGELOG_MARKER not in markdown:
        return markdown
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return markdown.replace(CHANGELOG_MARKER, changelog)
