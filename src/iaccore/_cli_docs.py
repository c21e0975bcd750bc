"""The CLI reference page (docs/reference/cli.md), generated from the ``iaccore`` argument parser.

Regenerate with ``python -m iaccore._cli_docs docs/reference/cli.md``;
``tests/docs/test_cli_reference.py`` fails when the page differs from what the parser says.

Examples:
    >>> page = cli_reference()
    >>> page.splitlines()[0]
    '# CLI reference'
    >>> "## iaccore synth" in page and "`--stack`" in page
    True
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from iaccore.cli import build_parser

__all__ = ["cli_reference", "main"]

#: Width of the usage lines on the page (argparse wraps to the terminal's otherwise).
WIDTH = 100

_HEADER = """\
# CLI reference

<!-- Generated from iaccore.cli.build_parser by `python -m iaccore._cli_docs docs/reference/cli.md`;
     tests/docs/test_cli_reference.py keeps it current. Do not edit by hand. -->

The `iaccore` command runs and inspects programs offline: no cloud account, no Pulumi CLI.
Deploying is the Pulumi CLI's job (`pulumi preview`, `pulumi up`): see
[Getting started](../index.md).
"""


@contextmanager
def _columns(width: int) -> Iterator[None]:
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width + 2)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def _cell(text: str) -> str:
    """One line of Markdown text: whitespace folded, ``|``, ``<`` and ``>`` escaped."""
    text = " ".join(text.split()).replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _cli_notes() -> list[str]:
    """The paragraphs of ``iaccore.cli``'s module docstring (exit codes, output, logging)."""
    from iaccore import cli

    paragraphs = (cli.__doc__ or "").split("\n\n")[1:]
    notes = [p for p in paragraphs if not p.lstrip().startswith("Example")]
    return [_cell(p.replace("``", "`").replace(":func:", "")) + "\n" for p in notes]


def _names(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    metavar = action.metavar or (action.dest.upper() if action.nargs != 0 else None)
    names = ", ".join(f"`{name}`" for name in action.option_strings)
    return f"{names} `{metavar}`" if metavar else names


def _default(action: argparse.Action) -> str:
    if action.required or not action.option_strings:
        return "required"
    if action.nargs == 0 or action.default in (None, argparse.SUPPRESS):
        return ""
    return f"`{action.default}`"


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| Argument | Default | Description |", "| --- | --- | --- |"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        rows.append(f"| {_names(action)} | {_default(action)} | {_cell(action.help or '')} |")
    return rows


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def _summaries(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: choice.help or "" for choice in action._choices_actions}
    return {}


def cli_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The Markdown of the CLI reference page for ``parser`` (default: ``iaccore``'s).

    Examples:
        >>> "| `-o`, `--output` `OUTPUT` |" in cli_reference()
        True
    """
    parser = parser or build_parser()
    summaries = _summaries(parser)
    lines = [
        _HEADER,
        *_cli_notes(),
        "## Commands",
        "",
        "| Command | What it does |",
        "| --- | --- |",
    ]
    commands = _subcommands(parser)
    lines += [f"| [`{name}`](#iaccore-{name}) | {_cell(summaries[name])} |" for name, _ in commands]
    with _columns(WIDTH):
        for name, sub in commands:
            lines += ["", f"## iaccore {name}", "", _cell(sub.description or summaries[name]), ""]
            lines += ["```text", sub.format_usage().strip(), "```", ""]
            lines += _arguments(sub)
            if sub.epilog:
                lines += ["", "```text", sub.epilog.strip(), "```"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the page to each path given, or print it.

    Examples:
        >>> main([])  # doctest: +ELLIPSIS
        # CLI reference
        ...
        0
    """
    paths = list(sys.argv[1:] if argv is None else argv)
    page = cli_reference()
    if not paths:
        sys.stdout.write(page)
    for path in paths:
        Path(path).write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
