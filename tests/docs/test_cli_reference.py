"""docs/reference/cli.md is the page generated from the ``iaccore`` argument parser (no stale docs).

Regenerate it with ``python -m iaccore._cli_docs docs/reference/cli.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from iaccore._cli_docs import cli_reference
from iaccore.cli import build_parser

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "cli.md"


def test_page_is_current() -> None:
    """The committed page equals a fresh rendering (run the command above when this fails)."""
    assert PAGE.read_text(encoding="utf-8") == cli_reference(), (
        "docs/reference/cli.md is stale: python -m iaccore._cli_docs docs/reference/cli.md"
    )


def test_every_command_and_option_is_on_the_page() -> None:
    """Each subcommand has a section, and each of its options appears in it."""
    text = PAGE.read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {"synth", "snapshot", "validate", "schema", "version"}
    for name, sub in commands.choices.items():
        section = text.split(f"## iaccore {name}\n", 1)[1].split("\n## ", 1)[0]
        for action in sub._actions:
            for option in action.option_strings:
                if option not in {"-h", "--help"}:
                    assert f"`{option}`" in section, (name, option)


def test_a_new_option_changes_the_page() -> None:
    """The page follows the parser: an option added to a subcommand shows up in its table."""
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands.choices["validate"].add_argument("--strictest", help="a <new> option")
    page = cli_reference(parser)
    assert "| `--strictest` `STRICTEST` |  | a &lt;new&gt; option |" in page
    assert page != PAGE.read_text(encoding="utf-8")
