"""Every fenced code block of every page under docs/ is collected and checked, so no snippet rots.

How a block is checked depends on its language and on marker comments written on the line(s)
right before its fence (blank lines between marker and fence are allowed):

``python``
    A *program* (the default) runs on the embedded engine inside
    ``iaccore.synth.synth(lambda: exec(block), project="payments", config=DEFAULT_CONFIG)``, so a
    top-level ``SecureVpc("core", {...})`` or ``iaccore.load_stack()`` runs as in ``pulumi up``.
    A *driver*, a block that calls ``synth(...)`` itself (the testing kit, the extending guide),
    runs as plain Python; afterwards its zero-argument ``test_*`` functions are called.
    ``<!-- continue -->`` runs a block after the previous Python block of the page, in the same
    namespace and the same synthesis. ``<!-- pytest -->`` runs the block as a pytest test module
    (fixtures such as ``iaccore_synth`` available).
``yaml``
    A stack file (a top-level ``config:`` key) is validated as ``iaccore validate`` does; a
    mapping of section names (``project:``, ``aws:``, ``requires:`` ...) is validated as an org or
    project file (``iaccore.yaml``) beside a minimal stack file. A fragment says where it goes:
    ``<!-- config-at: aws.iam_roles.ci -->`` validates it as that key of a stack file built on
    :data:`DEFAULT_CONFIG`.
``json`` / ``toml``
    Parsed.
``console`` / ``bash`` / ``shell`` / ``sh`` / ``text``
    Not executed, listed; every ``iaccore ...`` command line in them is parsed by the real
    argument parser (``iaccore.cli.build_parser``), so a renamed option fails here.

``<!-- file: NAME -->`` writes the block to file NAME of the page's example project (a temporary
directory, one per page): ``Pulumi.yaml``, ``Pulumi.<stack>.yaml``, ``iaccore.yaml``,
``__main__.py``. Each stack file of that project is validated, the project is synthesized from
its directory once per stack file (``synth(dir, stack=...)``) when it has a ``__main__.py``, and
the page's other Python blocks run with that directory as the working directory.

``<!-- not-run: reason -->`` skips a block on purpose; the reason is required and the block is
counted in :func:`test_inventory`. Run ``python tests/docs/test_code_blocks.py`` for the list of
every block and how it is checked.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

#: The stack config a program block runs with: project metadata, an enabled AWS section and the
#: region of the default provider (as ``Pulumi.dev.yaml`` of a new project would have).
DEFAULT_CONFIG: dict[str, Any] = {
    "iaccore:project": {"name": "payments", "environment": "dev", "owner": "team-payments"},
    "iaccore:aws": {"enabled": True, "region": "eu-west-1"},
    "aws:region": "eu-west-1",
}

MARKERS = ("not-run", "continue", "file", "config-at", "pytest")
LISTED = {"console", "bash", "shell", "sh", "text"}
KINDS = {"python", "yaml", "json", "toml"} | LISTED

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKER = re.compile(r"^\s*<!--\s*(?P<key>[a-z-]+)\s*(?::\s*(?P<value>.*?))?\s*-->\s*$")
_DRIVER = re.compile(r"\bsynth\(")
_SHELL_OPERATORS = {"|", "||", "&&", ";", "&"}


@dataclass
class Block:
    """One fenced code block: its page, the line of its opening fence, language and text."""

    page: Path
    line: int
    lang: str
    code: str
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        page = self.page.relative_to(DOCS) if self.page.is_relative_to(DOCS) else self.page
        return f"{page.as_posix()}:{self.line}"

    @property
    def how(self) -> str:
        """How the block is checked, in a few words (for the inventory)."""
        if "not-run" in self.markers:
            return f"not run: {self.markers['not-run']}"
        if "file" in self.markers:
            return f"file {self.markers['file']} of the page's project"
        if self.lang == "python":
            if "pytest" in self.markers:
                return "pytest module"
            return "driver" if _DRIVER.search(self.code) else "program on the engine"
        if self.lang == "yaml":
            if "config-at" in self.markers:
                return f"config at {self.markers['config-at']}"
            return "validated as config"
        if self.lang in {"json", "toml"}:
            return f"parsed as {self.lang}"
        return "listed (iaccore commands parsed)"


def _markers(lines: list[str], fence_index: int) -> dict[str, str]:
    found: dict[str, str] = {}
    index = fence_index - 1
    while index >= 0:
        text = lines[index]
        match = _MARKER.match(text)
        if match:
            found.setdefault(match["key"], match["value"] or "")
        elif text.strip():
            break
        index -= 1
    return found


def collect(page: Path) -> list[Block]:
    """The fenced blocks of ``page`` (markdown), in order, with their markers."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = match["indent"], match["fence"]
        info = match["info"].strip()
        lang = info.split()[0].lstrip("{.").rstrip("}") if info else ""
        body: list[str] = []
        end = index + 1
        while end < len(lines):
            closing = _FENCE.match(lines[end])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            body.append(lines[end].removeprefix(indent))
            end += 1
        code = "\n".join(body) + "\n"
        blocks.append(Block(page, index + 1, lang, code, _markers(lines, index)))
        index = end + 1
    return blocks


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


ALL_BLOCKS: list[Block] = [block for page in pages() for block in collect(page)]


def _runnable(block: Block) -> bool:
    return "not-run" not in block.markers


# --- structure --------------------------------------------------------------------------------


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=lambda b: b.id)
def test_block_is_classified(block: Block) -> None:
    """Every fence names a known language, every marker is known, ``not-run`` gives a reason."""
    unknown = set(block.markers) - set(MARKERS)
    assert not unknown, f"{block.id}: unknown marker(s) {sorted(unknown)}; known: {MARKERS}"
    assert block.lang in KINDS, (
        f"{block.id}: fence language {block.lang!r}; use one of {sorted(KINDS)}"
    )
    if "not-run" in block.markers:
        assert block.markers["not-run"].strip(), f"{block.id}: <!-- not-run: --> needs a reason"
    if "continue" in block.markers:
        assert block.lang == "python", f"{block.id}: only Python blocks continue"
        before = [b for b in ALL_BLOCKS if b.page == block.page and b.line < block.line]
        assert any(b.lang == "python" for b in before), f"{block.id}: nothing to continue"


def test_inventory() -> None:
    """The site has code blocks of each kind, and the deliberately skipped ones are few."""
    kinds = {block.lang for block in ALL_BLOCKS}
    assert {"python", "yaml", "console"} <= kinds
    skipped = [block for block in ALL_BLOCKS if not _runnable(block)]
    assert len(skipped) <= len(ALL_BLOCKS) // 10, "\n".join(
        f"{b.id}: {b.markers['not-run']}" for b in skipped
    )


# --- isolation --------------------------------------------------------------------------------


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory and no ``IACCORE_*`` variables of this machine."""
    for name in list(os.environ):
        if name.startswith(("IACCORE_", "PULUMI_CONFIG")):
            monkeypatch.delenv(name)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _compile(block: Block) -> Any:
    # Leading newlines keep the line numbers of tracebacks those of the markdown page.
    return compile("\n" * block.line + block.code, str(block.page), "exec")


# --- Python -----------------------------------------------------------------------------------


def _chains() -> list[list[Block]]:
    """Runnable Python blocks grouped: a ``continue`` block joins the chain before it."""
    chains: list[list[Block]] = []
    last: dict[Path, list[Block]] = {}
    for block in ALL_BLOCKS:
        if block.lang != "python" or not _runnable(block) or "file" in block.markers:
            continue
        if "continue" in block.markers and block.page in last:
            last[block.page].append(block)
            continue
        chain = [block]
        chains.append(chain)
        last[block.page] = chain
    return chains


def _page_files(page: Path) -> dict[str, str]:
    """The page's example project: ``<!-- file: NAME -->`` blocks, ``continue`` appended."""
    files: dict[str, str] = {}
    current: str | None = None
    for block in ALL_BLOCKS:
        if block.page != page or not _runnable(block):
            continue
        if "file" in block.markers:
            current = block.markers["file"]
            files[current] = files.get(current, "") + block.code
        elif "continue" in block.markers and current and current.endswith(".py"):
            files[current] += block.code
        elif block.lang == "python":
            current = None
    return files


def _write_project(page: Path, directory: Path) -> dict[str, str]:
    files = _page_files(page)
    for name, text in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if files and "__main__.py" in files and "Pulumi.yaml" not in files:
        (directory / "Pulumi.yaml").write_text("name: payments\nruntime: python\n")
    return files


@pytest.mark.parametrize("chain", _chains(), ids=lambda chain: chain[0].id)
def test_python_block_runs(chain: list[Block], isolated: Path) -> None:
    """The block (with its continuations) runs as the page says it does."""
    run_chain(chain, isolated)


def run_chain(chain: list[Block], isolated: Path) -> None:
    """Run a chain of Python blocks: pytest module, driver, or program on the engine."""
    head = chain[0]
    _write_project(head.page, isolated)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    if "pytest" in head.markers:
        _run_pytest(chain, isolated)
        return
    if any(_DRIVER.search(block.code) for block in chain):
        with _cwd(ROOT if not _page_files(head.page) else isolated):
            for block in chain:
                exec(_compile(block), namespace)
            for name, value in list(namespace.items()):
                if name.startswith("test_") and callable(value):
                    value()
        return

    from iaccore.synth import synth

    def program() -> None:
        for block in chain:
            exec(_compile(block), namespace)

    synth(program, project="payments", config=copy.deepcopy(DEFAULT_CONFIG))


def _run_pytest(chain: list[Block], directory: Path) -> None:
    tests = directory / "tests"
    tests.mkdir(exist_ok=True)
    module = tests / f"test_{chain[0].page.stem.replace('-', '_')}.py"
    module.write_text("".join(block.code for block in chain), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@contextlib.contextmanager
def _cwd(directory: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(before)


# --- example projects (file: markers) ---------------------------------------------------------

PROJECT_PAGES = sorted({block.page for block in ALL_BLOCKS if "file" in block.markers})


@pytest.mark.parametrize("page", PROJECT_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_project(page: Path, isolated: Path) -> None:
    """The page's project files validate, and its program synthesizes for each stack file."""
    from iaccore.core.config import validate_stack_file
    from iaccore.synth import synth

    files = _write_project(page, isolated)
    stacks = sorted(name for name in files if re.fullmatch(r"Pulumi\.[^.]+\.yaml", name))
    if not stacks and "iaccore.yaml" in files:
        (isolated / "Pulumi.dev.yaml").write_text("config: {}\n")
        stacks = ["Pulumi.dev.yaml"]
    for name in stacks:
        validate_stack_file(isolated / name, environ={})
    if "__main__.py" in files:
        for name in stacks or ["Pulumi.dev.yaml"]:
            stack = name.split(".")[1]
            synth(isolated, stack=stack)


# --- YAML -------------------------------------------------------------------------------------

YAML_BLOCKS = [
    block
    for block in ALL_BLOCKS
    if block.lang == "yaml" and _runnable(block) and "file" not in block.markers
]


def _load_yaml(block: Block) -> Any:
    return YAML(typ="safe", pure=True).load(block.code)


def _nest(path: str, value: Any) -> dict[str, Any]:
    section, *keys = path.split(".")
    for key in reversed(keys):
        value = {key: value}
    return {f"iaccore:{section}": value}


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return extra


def _dump(data: Any, path: Path) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda b: b.id)
def test_yaml_block_is_valid_config(block: Block, isolated: Path) -> None:
    """Stack files and config sections on the site load and validate (``iaccore validate``)."""
    from iaccore.core.config import validate_stack_file

    data = _load_yaml(block)
    stack_file = isolated / "Pulumi.dev.yaml"
    if "config-at" in block.markers:
        config = _merge(copy.deepcopy(DEFAULT_CONFIG), _nest(block.markers["config-at"], data))
        _dump({"config": config}, stack_file)
    elif isinstance(data, dict) and "config" in data:
        stack_file.write_text(block.code, encoding="utf-8")
    else:
        assert isinstance(data, dict), f"{block.id}: a YAML block must be a mapping"
        (isolated / "iaccore.yaml").write_text(block.code, encoding="utf-8")
        stack_file.write_text("config: {}\n")
    try:
        validate_stack_file(stack_file, environ={})
    except Exception as error:
        hint = (
            ""
            if "config-at" in block.markers or "config" in (data or {})
            else "\n(a fragment of a section? mark it <!-- config-at: aws.iam_roles.NAME -->; "
            "a block deliberately not valid: <!-- not-run: reason -->)"
        )
        pytest.fail(f"{block.id}: {error}{hint}")


# --- JSON, TOML, shell ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [b for b in ALL_BLOCKS if b.lang in {"json", "toml"} and _runnable(b)],
    ids=lambda b: b.id,
)
def test_data_block_parses(block: Block) -> None:
    if block.lang == "json":
        json.loads(block.code)
    else:
        tomllib.loads(block.code)


def _iaccore_commands(block: Block) -> list[list[str]]:
    commands = []
    for raw in block.code.splitlines():
        text = raw.strip().removeprefix("$ ").strip()
        if not text.startswith("iaccore "):
            continue
        words = shlex.split(text, comments=True)[1:]
        ends = [i for i, word in enumerate(words) if word in _SHELL_OPERATORS or ">" in word]
        commands.append(words[: ends[0]] if ends else words)
    return commands


@pytest.mark.parametrize(
    "block", [b for b in ALL_BLOCKS if b.lang in LISTED and _runnable(b)], ids=lambda b: b.id
)
def test_shell_block_uses_real_options(block: Block) -> None:
    """Shell blocks are not run, but their ``iaccore`` command lines parse."""
    from iaccore.cli import build_parser

    for words in _iaccore_commands(block):
        try:
            build_parser().parse_args(words)
        except SystemExit as exit_:
            pytest.fail(f"{block.id}: `iaccore {' '.join(words)}` does not parse ({exit_})")


# --- the harness itself -----------------------------------------------------------------------

BROKEN_PAGE = """\
<!-- not-run: shows a mistake -->
```python
SecureVpc("core", {"nat": "bogus"})
```

```python
from iaccore.aws import SecureVpc

vpc = SecureVpc("core", {"cidr": "10.20.0.0/16", "nat": "bogus"})
```

<!-- continue -->
```python
assert vpc is not None
```

```yaml
config:
  iaccore:aws: {enabled: true, vpc: {natt: single}}
```

```console
$ iaccore synth . --stak dev
```
"""


def test_harness_fails_on_broken_snippets(isolated: Path) -> None:
    """A bad program, a bad stack file and a bad option are caught; markers are read."""
    from iaccore.core.errors import ConfigurationError, ProgramError

    page = isolated / "broken.md"
    page.write_text(BROKEN_PAGE, encoding="utf-8")
    skipped, program, continued, stack_file, shell = collect(page)
    assert skipped.markers == {"not-run": "shows a mistake"}
    assert continued.markers == {"continue": ""}
    assert (program.line, program.how) == (6, "program on the engine")
    with pytest.raises((ConfigurationError, ProgramError), match="nat"):
        run_chain([program, continued], isolated)
    from iaccore.core.config import validate_stack_file

    (isolated / "Pulumi.dev.yaml").write_text(stack_file.code, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="natt"):
        validate_stack_file(isolated / "Pulumi.dev.yaml", environ={})
    assert _iaccore_commands(shell) == [["synth", ".", "--stak", "dev"]]
    with pytest.raises(pytest.fail.Exception, match="does not parse"):
        test_shell_block_uses_real_options(shell)


if __name__ == "__main__":
    width = max(len(block.id) for block in ALL_BLOCKS)
    for block in ALL_BLOCKS:
        print(f"{block.id:<{width}}  {block.lang:<8} {block.how}")  # noqa: T201
    skipped = sum(not _runnable(block) for block in ALL_BLOCKS)
    print(f"{len(ALL_BLOCKS)} blocks, {skipped} not run")  # noqa: T201
