"""The built documentation site: rendered docstrings, API coverage, component outputs, links.

The site is built once per session with ``mkdocs build --strict`` into a temporary directory;
each check reads the HTML. The checkers are plain functions, also run on small hand-written pages
so every check is shown to fail on the breakage it looks for.
"""

from __future__ import annotations

import importlib
import os
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
API_DIR = "reference/api"
PUBLIC_PACKAGES = ("iaccore", "iaccore.aws", "iaccore.azure", "iaccore.synth", "iaccore.testing")
SPHINX_ROLE = re.compile(r":(?:py:)?(?:class|meth|attr|func|data|mod|exc|obj|ref):`?")
CODE_TAGS = {"code", "pre"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}  # fmt: skip


@dataclass
class Page:
    """What the checks need from one HTML page."""

    ids: set[str] = field(default_factory=set)
    hrefs: list[str] = field(default_factory=list)
    #: Text outside ``<code>``/``<pre>``.
    prose: list[str] = field(default_factory=list)
    #: Text inside ``<pre>`` blocks.
    code: list[str] = field(default_factory=list)
    #: ``<blockquote>`` directly inside another one (how ``>>>`` lines render as Markdown).
    nested_quotes: int = 0
    #: (h1-h3 heading text, header cells of each table between it and the next such heading).
    sections: list[tuple[str, list[list[str]]]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[str] = []
        self._code_depth = 0
        self._pre_depth = 0
        self._heading: list[str] | None = None
        self._in_th: list[str] | None = None
        self._header_row: list[str] | None = None
        self._in_thead = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(str(values["id"]))
        if values.get("name") and tag == "a":
            self.page.ids.add(str(values["name"]))
        if values.get("href") is not None and tag in {"a", "link"}:
            self.page.hrefs.append(str(values["href"]))
        if tag in VOID_TAGS:
            return
        if tag == "blockquote" and self._stack and self._stack[-1] == "blockquote":
            self.page.nested_quotes += 1
        self._stack.append(tag)
        if tag in CODE_TAGS:
            self._code_depth += 1
        if tag == "pre":
            self._pre_depth += 1
            self.page.code.append("")
        if tag in {"h1", "h2", "h3"}:
            self._heading = []
        if tag == "thead":
            self._in_thead = True
            self._header_row = []
        if tag == "th" and self._in_thead:
            self._in_th = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or tag not in self._stack:
            return
        while self._stack and self._stack.pop() != tag:
            pass
        if tag in CODE_TAGS:
            self._code_depth -= 1
        if tag == "pre":
            self._pre_depth -= 1
        if tag in {"h1", "h2", "h3"} and self._heading is not None:
            text = "".join(self._heading).replace("¶", "").strip()
            self.page.sections.append((text, []))
            self._heading = None
        if tag == "th" and self._in_th is not None and self._header_row is not None:
            self._header_row.append("".join(self._in_th).strip())
            self._in_th = None
        if tag == "thead":
            self._in_thead = False
            if self.page.sections and self._header_row is not None:
                self.page.sections[-1][1].append(self._header_row)
            self._header_row = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._in_th is not None:
            self._in_th.append(data)
        if self._pre_depth:
            self.page.code[-1] += data
        elif not self._code_depth:
            self.page.prose.append(data)


def parse(html: str) -> Page:
    """Parse one HTML page."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def site_pages(site: Path) -> dict[str, Page]:
    """Every HTML page of a built site, keyed by its path relative to the site root."""
    return {
        path.relative_to(site).as_posix(): parse(path.read_text("utf-8"))
        for path in sorted(site.rglob("*.html"))
    }


def raw_sphinx_roles(pages: dict[str, Page]) -> list[str]:
    """Pages whose prose shows a Sphinx role (``:class:`` ...) as text."""
    return [
        f"{name}: {match.group(0)!r} in {text.strip()[:80]!r}"
        for name, page in pages.items()
        for text in page.prose
        if (match := SPHINX_ROLE.search(text))
    ]


def unrendered_examples(pages: dict[str, Page]) -> list[str]:
    """Examples not rendered as code: ``>>>`` in prose, or quote blocks inside quote blocks."""
    problems = [
        f"{name}: '>>>' outside code in {text.strip()[:80]!r}"
        for name, page in pages.items()
        for text in page.prose
        if ">>>" in text
    ]
    problems += [
        f"{name}: {page.nested_quotes} nested <blockquote> (a '>>>' example read as Markdown)"
        for name, page in pages.items()
        if page.nested_quotes
    ]
    return problems


def api_pages(pages: dict[str, Page]) -> dict[str, Page]:
    """The pages of the Python API reference."""
    return {name: page for name, page in pages.items() if name.startswith(f"{API_DIR}/")}


def api_pages_without_examples(pages: dict[str, Page]) -> list[str]:
    """API pages documenting objects (not the index) with no ``>>>`` example inside ``<pre>``."""
    return [
        name
        for name, page in api_pages(pages).items()
        if name != f"{API_DIR}/index.html" and not any(">>>" in block for block in page.code)
    ]


def public_names() -> list[str]:
    """Every ``package.name`` in the ``__all__`` of the public packages."""
    names = []
    for package in PUBLIC_PACKAGES:
        module = importlib.import_module(package)
        names += [f"{package}.{name}" for name in module.__all__]
    return names


def missing_from_reference(pages: dict[str, Page], names: list[str]) -> list[str]:
    """Public names with no heading or anchor (HTML id) in the API reference."""
    ids = set().union(*(page.ids for page in api_pages(pages).values()))
    return [name for name in names if name not in ids]


def is_outputs_table(header: list[str]) -> bool:
    """A table header with a name column (Name or Output) and a Type column."""
    cells = {cell.strip().lower() for cell in header}
    return bool(cells & {"name", "output"}) and "type" in cells


def pages_without_outputs_table(pages: dict[str, Page], component_pages: list[str]) -> list[str]:
    """Component pages with no "Outputs" section holding a Name | Type | ... table."""
    missing = []
    for name in component_pages:
        page = pages.get(name)
        ok = page is not None and any(
            "outputs" in heading.lower() and any(is_outputs_table(h) for h in headers)
            for heading, headers in page.sections
        )
        if not ok:
            missing.append(name)
    return missing


def broken_links(
    pages: dict[str, Page], files: frozenset[str] = frozenset(), base_path: str = "/"
) -> list[str]:
    """Internal hrefs whose page, file or anchor does not exist in the site.

    ``files`` are the site's other files (CSS, images ...); ``base_path`` is the path of
    ``site_url`` (absolute hrefs such as the 404 page's start with it).
    """
    broken = []
    for name, page in pages.items():
        directory = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(f"{name}: {href} (outside the site's base path {base_path})")
                    continue
                target = posixpath.normpath(path)[len(base_path) :]
                if path.endswith(("/", "/.")) and target:
                    target += "/"
            elif path:
                target = posixpath.normpath(directory + path)
                if target == ".":
                    target = ""
                elif path.endswith("/"):
                    target += "/"
            else:
                target = name
            if target == "" or target.endswith("/"):
                target += "index.html"
            if target.startswith("../"):
                broken.append(f"{name}: {href} (leaves the site)")
                continue
            if target.endswith(".html") or "." not in target.rsplit("/", 1)[-1]:
                if target not in pages:
                    broken.append(f"{name}: {href} (no page {target})")
                    continue
                fragment = unquote(parts.fragment)
                if fragment and fragment not in pages[target].ids:
                    broken.append(f"{name}: {href} (no anchor #{fragment} in {target})")
            elif target not in files:
                broken.append(f"{name}: {href} (no file {target})")
    return broken


def site_base_path() -> str:
    """The path of the configured ``site_url`` (``/`` when unset), as mkdocs resolves it."""
    from mkdocs.config import load_config

    site_url = load_config(str(ROOT / "mkdocs.yml"))["site_url"] or "/"
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Site:
    """A built site: its parsed HTML pages and the paths of every file."""

    pages: dict[str, Page]
    files: frozenset[str]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Build the site once (``mkdocs build --strict``) and parse every page."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    files = frozenset(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return Site(site_pages(site), files)


COMPONENT_PAGES = sorted(
    f"components/{path.stem}/index.html" for path in (ROOT / "docs" / "components").glob("*.md")
)


@pytest.mark.slow
class TestBuiltSite:
    """Checks on the site as ``mkdocs build --strict`` renders it."""

    def test_no_raw_sphinx_roles(self, built_site: Site) -> None:
        """No page shows ``:class:``, ``:meth:``, ``:attr:`` ... as text."""
        problems = raw_sphinx_roles(built_site.pages)
        assert not problems, "\n".join(problems)

    def test_docstring_examples_render_as_code(self, built_site: Site) -> None:
        """No ``>>>`` outside code and no nested quote blocks, on any page."""
        problems = unrendered_examples(built_site.pages)
        assert not problems, "\n".join(problems)

    def test_api_pages_show_examples_as_code(self, built_site: Site) -> None:
        """Each API page shows its docstring examples inside code blocks."""
        assert len(api_pages(built_site.pages)) >= 5
        problems = api_pages_without_examples(built_site.pages)
        assert not problems, "\n".join(problems)

    def test_every_public_name_in_reference(self, built_site: Site) -> None:
        """Every name of the public ``__all__`` lists has an anchor in the API reference."""
        problems = missing_from_reference(built_site.pages, public_names())
        assert not problems, "\n".join(problems)

    def test_component_pages_have_outputs_table(self, built_site: Site) -> None:
        """Every component page has an Outputs section with a Name | Type | Description table."""
        assert COMPONENT_PAGES
        problems = pages_without_outputs_table(built_site.pages, COMPONENT_PAGES)
        assert not problems, "\n".join(problems)

    def test_no_broken_internal_links(self, built_site: Site) -> None:
        """Every internal href points at an existing page, file and anchor."""
        problems = broken_links(built_site.pages, built_site.files, site_base_path())
        assert not problems, "\n".join(problems)


class TestCheckersFail:
    """Each checker reports the breakage it exists for (hand-written pages, no build)."""

    def test_raw_role_is_reported(self) -> None:
        """A ``:class:`` left in a rendered docstring is found; one inside code is not."""
        pages = {
            "a.html": parse("<p>See :class:<code>X</code>.</p>"),
            "b.html": parse("<p><code>:class:`X`</code></p>"),
        }
        assert [p.split(":")[0] for p in raw_sphinx_roles(pages)] == ["a.html"]

    def test_quoted_example_is_reported(self) -> None:
        """An example shown as nested quotes or ``>>>`` in prose is found; one in code is not."""
        nested = "<blockquote><blockquote><p>import x</p></blockquote></blockquote>"
        pages = {
            "a.html": parse(nested),
            "b.html": parse("<p>&gt;&gt;&gt; import x</p>"),
            "c.html": parse("<pre><code>&gt;&gt;&gt; import x</code></pre>"),
        }
        assert [p.split(":")[0] for p in unrendered_examples(pages)] == ["b.html", "a.html"]
        assert api_pages_without_examples({f"{API_DIR}/x.html": pages["a.html"]}) == [
            f"{API_DIR}/x.html"
        ]
        problems = api_pages_without_examples({f"{API_DIR}/x.html": pages["c.html"]})
        assert not problems, "\n".join(problems)

    def test_missing_public_name_is_reported(self) -> None:
        """A public name without an anchor in the reference is found."""
        pages = {f"{API_DIR}/a.html": parse('<h2 id="iaccore.load_stack">load_stack</h2>')}
        names = ["iaccore.load_stack", "iaccore.export_metadata"]
        assert missing_from_reference(pages, names) == ["iaccore.export_metadata"]

    def test_page_without_outputs_table_is_reported(self) -> None:
        """Outputs as prose, or a table under another heading, does not count."""
        table = (
            "<table><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead></table>"
        )
        pages = {
            "ok.html": parse(f"<h2>Outputs</h2>{table}"),
            "prose.html": parse("<h2>Outputs</h2><p>Outputs: <code>arn</code></p>"),
            "elsewhere.html": parse(f"<h2>Configuration</h2>{table}"),
        }
        assert pages_without_outputs_table(pages, sorted(pages)) == ["elsewhere.html", "prose.html"]

    def test_broken_link_is_reported(self) -> None:
        """A link to a missing page or anchor is found; good relative links are not."""
        pages = {
            "index.html": parse(
                '<h1 id="top">x</h1><a href="guide/#intro">a</a><a href="#top">b</a>'
            ),
            "guide/index.html": parse(
                '<h2 id="intro">i</h2><a href="../">home</a><a href="../missing/">m</a>'
                '<a href="../#nowhere">n</a><a href="https://example.com/x">e</a>'
            ),
        }
        assert [b.split(" ")[1] for b in broken_links(pages)] == ["../missing/", "../#nowhere"]
