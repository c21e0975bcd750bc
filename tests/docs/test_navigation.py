"""The site's frame: version, changelog, prev/next links, site_url, docs host and screenshots."""

from __future__ import annotations

import importlib.util
import struct
import subprocess
import sys
import tomllib
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruamel.yaml import YAML

import iaccore

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOKS = _module(DOCS / "hooks.py")
SCREENSHOTS = _module(DOCS / "screenshots.py")


@pytest.fixture(scope="module")
def config() -> Any:
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)],
        cwd=ROOT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return target


def _nav_files(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    return [f for item in nav or [] for f in _nav_files(item)]


def test_nav_has_changelog_and_cli_reference(config: Any) -> None:
    files = _nav_files(config["nav"])
    assert "changelog.md" in files
    assert "reference/cli.md" in files
    assert "navigation.footer" in config["theme"]["features"]  # prev/next links


def test_version_comes_from_the_package(config: Any) -> None:
    """The hook shows ``iaccore.__version__`` in the site name and ``extra.version``."""
    assert HOOKS.version() == iaccore.__version__
    shown = HOOKS.on_config({"site_name": config["site_name"], "extra": {}})
    assert shown == {
        "site_name": f"iaccore {iaccore.__version__}",
        "extra": {"version": iaccore.__version__},
    }


def test_changelog_page_is_the_changelog() -> None:
    page = (DOCS / "changelog.md").read_text(encoding="utf-8")
    assert HOOKS.CHANGELOG_MARKER in page
    rendered = HOOKS.on_page_markdown(page, page=None, config={}, files=[])
    assert rendered.strip() == (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").strip()


def test_built_site_shows_version_changelog_and_prev_next(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"iaccore {iaccore.__version__}" in home
    assert 'aria-label="Next: Concepts"' in home
    component = (site / "components" / "secure-vpc" / "index.html").read_text(encoding="utf-8")
    assert "md-footer__link--prev" in component
    assert "md-footer__link--next" in component
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Unreleased" in changelog
    assert not list(site.rglob("*.py")), "scripts under docs/ must not be published"


def test_404_page_works_under_the_sub_path(config: Any, site: Path) -> None:
    """With site_url set, the 404 page links its assets by absolute path under the sub-path."""
    url = config["site_url"]
    assert url.startswith("https://")
    assert url.endswith("/")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    assert path != "/"
    page = (site / "404.html").read_text(encoding="utf-8")
    assert f'href="{path}assets/' in page or f'src="{path}assets/' in page


def test_docs_host_is_configured(config: Any) -> None:
    """pyproject's Documentation URL is the site_url, on a host this repository configures."""
    urls = PYPROJECT["project"]["urls"]
    assert urls["Documentation"] == config["site_url"]
    assert urls["Changelog"] == config["site_url"] + "changelog/"
    assert urls["Source"] == config["repo_url"]
    assert ".readthedocs.io" in urls["Documentation"]
    rtd = YAML(typ="safe", pure=True).load((ROOT / ".readthedocs.yaml").read_text("utf-8"))
    assert rtd["version"] == 2
    assert (ROOT / rtd["mkdocs"]["configuration"]).is_file()
    extras = PYPROJECT["project"]["optional-dependencies"]
    for step in rtd["python"]["install"]:
        assert (ROOT / step["path"]).resolve() == ROOT
        assert set(step["extra_requirements"]) <= set(extras)
    assert "docs" in rtd["python"]["install"][0]["extra_requirements"]


def _png(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    index, idat = 8, b""
    while index < len(data):
        (length,) = struct.unpack(">I", data[index : index + 4])
        kind = data[index + 4 : index + 8]
        if kind == b"IDAT":
            idat += data[index + 8 : index + 8 + length]
        index += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.mark.parametrize("name", sorted(SCREENSHOTS.PAGES))
def test_screenshot_is_a_rendered_page(name: str) -> None:
    """Each screenshot of docs/screenshots.py exists, has its size and is not a blank page."""
    path = DOCS / "screenshots" / name
    width, height, pixels = _png(path)
    assert (width, height) == (SCREENSHOTS.WIDTH, SCREENSHOTS.HEIGHT)
    assert len(pixels) == height * (1 + width * 4) or len(pixels) == height * (1 + width * 3)
    # A blank page or Chromium's "file not found" page compresses to a few KB; a rendered page
    # of text, code and navigation to a few hundred.
    assert path.stat().st_size > 100_000, f"{name} looks blank: refresh with docs/screenshots.py"
