"""Print the commands of README.md's "Quick start" section, one per line, exactly as written.

CI runs them verbatim (``.ci/run``), so the README cannot drift from what is tested.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = re.compile(r"^## Quick start\n(?P<body>.*?)(?=^## )", re.MULTILINE | re.DOTALL)
CONSOLE = re.compile(r"^```console\n(?P<command>.*?)\n```", re.MULTILINE | re.DOTALL)


def quick_start_commands(text: str) -> list[str]:
    """The console commands of the Quick start section, in order."""
    section = SECTION.search(text)
    if section is None:
        raise SystemExit("README.md has no '## Quick start' section")
    return [match["command"].strip() for match in CONSOLE.finditer(section["body"])]


if __name__ == "__main__":
    commands = quick_start_commands(README.read_text("utf-8"))
    if len(commands) != 2 or any("\n" in command for command in commands):
        sys.exit(f"README.md's Quick start should hold two one-line commands: {commands!r}")
    print("\n".join(commands))  # noqa: T201 - the script's output
