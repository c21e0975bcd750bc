"""Layering rules checked on the source: core and the engine name no cloud; helpers never import
their component.

Core (``src/iaccore/core``) and the embedded engine (``src/iaccore/synth``) learn everything
cloud-specific from the provider modules' hooks, so no identifier, string, docstring or comment
there may name a cloud. Private helper modules of a component package take a child factory and
plain values: importing the component module that calls them (even under ``TYPE_CHECKING``)
would tie them to a half-built component.
"""

from __future__ import annotations

import ast
import functools
import io
import re
import tokenize
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "iaccore"
CLOUD_FREE = ("core", "synth")

#: Matched as whole words of identifiers and text (``pulumi_aws``, ``"aws:region"``, ``AwsX``).
CLOUD_WORDS = frozenset({"aws", "eks", "aks"})
#: Matched anywhere inside a word (``k8s``, ``azmk8s``, ``KubernetesProvider``).
CLOUD_PARTS = ("azure", "kubernetes", "k8s")

_CHUNK = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_CHECKED = (tokenize.NAME, tokenize.STRING, tokenize.COMMENT)


def cloud_words(text: str) -> list[str]:
    """The cloud names in ``text``: whole words after splitting on non-alphanumerics,
    underscores and camelCase, plus the unambiguous names anywhere in a word."""
    found: list[str] = []
    for chunk in _CHUNK.findall(text):
        lower = chunk.lower()
        found.extend(part for part in CLOUD_PARTS if part in lower)
        found.extend(w.lower() for w in _CAMEL.findall(chunk) if w.lower() in CLOUD_WORDS)
    return found


def cloud_mentions(source: str) -> Iterator[tuple[int, str, str]]:
    """``(line, word, token text)`` for every cloud name in the identifiers, strings,
    docstrings and comments of ``source``."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _CHECKED:
            continue
        for offset, line in enumerate(token.string.splitlines()):
            for word in cloud_words(line):
                yield token.start[0] + offset, word, line.strip()[:80]


def _cloud_free_files() -> list[Path]:
    return sorted(p for folder in CLOUD_FREE for p in (SRC / folder).rglob("*.py"))


class TestCloudWords:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("import pulumi_aws as aws", ["aws", "aws"]),
            ('flat.get("aws:region")', ["aws"]),
            ('CLOUD == "AWS"', ["aws"]),
            ("class AwsSection: ...", ["aws"]),
            ("EKSCluster eksNodes", ["eks", "eks"]),
            ("# an AKS cluster", ["aks"]),
            ("pulumi_azure_native", ["azure"]),
            ("KubernetesProvider, k8s, azmk8s.io", ["kubernetes", "k8s", "k8s"]),
            ("weeks of breaks and laws; tasks, seeks, leaks, draws", []),
            ("demo.network.cidr", []),
        ],
    )
    def test_detector(self, text: str, expected: list[str]) -> None:
        """Cloud names are found in identifiers and text; ordinary words are not."""
        assert cloud_words(text) == expected

    def test_tokens_checked(self) -> None:
        """Identifiers, strings, docstrings and comments are checked; line numbers are kept."""
        source = '"""Doc on eks."""\nx = 1  # aws\ny = "azure"\npulumi_aws = 2\n'
        assert [(line, word) for line, word, _ in cloud_mentions(source)] == [
            (1, "eks"),
            (2, "aws"),
            (3, "azure"),
            (4, "aws"),
        ]

    @pytest.mark.parametrize("path", _cloud_free_files(), ids=lambda p: str(p.relative_to(SRC)))
    def test_core_and_engine_name_no_cloud(self, path: Path) -> None:
        """No file of core or the engine mentions a cloud (use a neutral `demo` module)."""
        found = [
            f"{path.relative_to(SRC)}:{line}: {word!r} in {text}"
            for line, word, text in cloud_mentions(path.read_text("utf-8"))
        ]
        assert not found, "cloud names in a cloud-free layer:\n" + "\n".join(found)


# -- private helpers never import their own component module ------------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _trees() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text("utf-8")) for p in SRC.rglob("*.py")}


def _component_classes(trees: Mapping[str, ast.Module]) -> set[str]:
    """Names of every class that derives, directly or not, from BaseComponent."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = set()
                for base in node.bases:
                    target = base.value if isinstance(base, ast.Subscript) else base
                    if isinstance(target, ast.Name):
                        names.add(target.id)
                    elif isinstance(target, ast.Attribute):
                        names.add(target.attr)
                bases.setdefault(node.name, set()).update(names)
    found = {"BaseComponent"}
    changed = True
    while changed:
        grown = {name for name, parents in bases.items() if parents & found}
        changed = not grown <= found
        found |= grown
    return found


def _component_modules(trees: Mapping[str, ast.Module], classes: set[str]) -> set[str]:
    return {
        name
        for name, tree in trees.items()
        if not name.rsplit(".", 1)[-1].startswith("_")
        and any(isinstance(n, ast.ClassDef) and n.name in classes for n in tree.body)
    }


def imported_modules(tree: ast.Module, module: str, *, is_package: bool = False) -> set[str]:
    """Every module name ``tree`` imports, anywhere (``TYPE_CHECKING`` blocks, functions), with
    ``from package import name`` giving both ``package`` and ``package.name``."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def own_component_imports(module: str, trees: Mapping[str, ast.Module]) -> list[str]:
    """What helper ``module`` imports of its own package's components: component modules, and
    component classes imported from the package itself."""
    classes = _component_classes(trees)
    package = module.rpartition(".")[0]
    components = {m for m in _component_modules(trees, classes) if m.rpartition(".")[0] == package}
    imported = imported_modules(trees[module], module)
    offending = sorted(imported & components)
    offending += sorted(
        name
        for name in imported
        if name.rpartition(".")[0] == package and name.rpartition(".")[2] in classes
    )
    return offending


def _helper_files() -> list[Path]:
    return sorted(
        p for p in SRC.glob("*/*/_*.py") if p.name != "__init__.py" and p.parent.parent != SRC
    )


class TestHelperImports:
    def test_import_resolution(self) -> None:
        """Absolute, relative, `from package import module` and type-only imports are seen."""
        source = (
            "from typing import TYPE_CHECKING\n"
            "from . import cluster\n"
            "from .plan import x\n"
            "if TYPE_CHECKING:\n"
            "    from iaccore.demo.pkg.thing import Thing\n"
            "def f():\n"
            "    import iaccore.demo.other\n"
        )
        names = imported_modules(ast.parse(source), "iaccore.demo.pkg._helper")
        assert {
            "iaccore.demo.pkg.cluster",
            "iaccore.demo.pkg.plan",
            "iaccore.demo.pkg.thing",
            "iaccore.demo.other",
        } <= names

    def test_component_modules_found(self) -> None:
        """Component classes are found through intermediate bases (the check is not vacuous)."""
        trees = _trees()
        classes = _component_classes(trees)
        assert {"BaseComponent"} < classes
        assert _component_modules(trees, classes)

    def test_violations_are_found(self) -> None:
        """Type-only, relative and package-level imports of the own component are caught;
        importing the package's config is fine."""
        trees = {
            "iaccore.demo.pkg.thing": ast.parse(
                "class Base(BaseComponent): ...\nclass Thing(Base): ...\n"
            ),
            "iaccore.demo.pkg.config": ast.parse("class ThingConfig: ...\n"),
            "iaccore.demo.pkg._typed": ast.parse(
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from iaccore.demo.pkg.thing import Thing\n"
            ),
            "iaccore.demo.pkg._relative": ast.parse("from . import thing\n"),
            "iaccore.demo.pkg._package": ast.parse("from iaccore.demo.pkg import Thing\n"),
            "iaccore.demo.pkg._fine": ast.parse("from .config import ThingConfig\n"),
        }
        assert own_component_imports("iaccore.demo.pkg._typed", trees) == ["iaccore.demo.pkg.thing"]
        assert own_component_imports("iaccore.demo.pkg._relative", trees) == [
            "iaccore.demo.pkg.thing"
        ]
        assert own_component_imports("iaccore.demo.pkg._package", trees) == [
            "iaccore.demo.pkg.Thing"
        ]
        assert own_component_imports("iaccore.demo.pkg._fine", trees) == []

    @pytest.mark.parametrize("path", _helper_files(), ids=lambda p: str(p.relative_to(SRC)))
    def test_helper_does_not_import_its_component(self, path: Path) -> None:
        """A private helper of a package imports no component module of that package, nor a
        component class through the package itself."""
        module = _module_name(path)
        offending = own_component_imports(module, _trees())
        assert not offending, f"{module} imports its own component: {', '.join(offending)}"
