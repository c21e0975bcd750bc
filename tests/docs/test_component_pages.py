"""Component pages follow one template; the outputs table lists every registered output.

Template (docs/guides/extending.md, "Component page template"): intro and example, then the
sections "What it creates", "Security defaults", "Outputs", "Methods" and "Configuration", in
that order, each once.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from iaccore.aws import EksCluster, IamRole, Instance, SecureBucket, SecureVpc
from iaccore.azure import (
    AksCluster,
    LinuxVirtualMachine,
    RoleAssignment,
    SecureStorageAccount,
    SecureVnet,
)
from iaccore.kubernetes import Application, Namespace, ServiceMesh

DOCS = Path(__file__).resolve().parents[2] / "docs"
COMPONENTS = {
    "secure-vpc.md": SecureVpc,
    "eks-cluster.md": EksCluster,
    "secure-bucket.md": SecureBucket,
    "instance.md": Instance,
    "iam.md": IamRole,
    "namespace.md": Namespace,
    "application.md": Application,
    "service-mesh.md": ServiceMesh,
    "secure-vnet.md": SecureVnet,
    "rbac.md": RoleAssignment,
    "aks-cluster.md": AksCluster,
    "storage-account.md": SecureStorageAccount,
    "linux-vm.md": LinuxVirtualMachine,
}
SECTIONS = ("What it creates", "Security defaults", "Outputs", "Methods", "Configuration")
NAME_CELL = re.compile(r"^\| `(?P<name>\w+)` \|", re.MULTILINE)


def headings(text: str) -> list[str]:
    """The level-2 headings of a page, in order."""
    return re.findall(r"^## (.+)$", text, re.MULTILINE)


def registered_outputs(component: type) -> set[str]:
    """Keyword names of the component's `self.register(...)` call, read from its source."""
    tree = ast.parse(inspect.getsource(inspect.getmodule(component)))  # type: ignore[arg-type]
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "register"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        ):
            names.update(kw.arg for kw in node.keywords if kw.arg)
    return names


def outputs_table(text: str) -> set[str]:
    """Names in the first table of the "Outputs" section (the registered outputs)."""
    body = text.split("\n## Outputs\n", 1)[1].split("\n## ", 1)[0]
    first = body.split("\n\n|", 1)[1].split("\n\n", 1)[0]
    return set(NAME_CELL.findall("|" + first))


@pytest.mark.parametrize("page", COMPONENTS)
def test_sections_in_template_order(page: str) -> None:
    """The template's sections appear once each, in order, after the intro and example."""
    text = (DOCS / "components" / page).read_text("utf-8")
    found = [h for h in headings(text) if h in SECTIONS]
    assert found == list(SECTIONS), f"{page}: {headings(text)}"
    intro = text.split("\n## ", 1)[0]
    assert "```python" in intro, f"{page}: no example before the first section"


@pytest.mark.parametrize(("page", "component"), COMPONENTS.items())
def test_outputs_table_lists_every_registered_output(page: str, component: type) -> None:
    """The Outputs table has one row per output the component registers, and no other."""
    registered = registered_outputs(component)
    assert registered, f"{component.__name__}: no self.register(...) call found"
    text = (DOCS / "components" / page).read_text("utf-8")
    assert outputs_table(text) == registered


@pytest.mark.parametrize(("page", "component"), COMPONENTS.items())
def test_public_methods_are_documented(page: str, component: type) -> None:
    """Every public method or property the class defines has a heading under Methods."""
    text = (DOCS / "components" / page).read_text("utf-8")
    methods = text.split("\n## Methods\n", 1)[1].split("\n## ", 1)[0]
    public = [
        name
        for name, value in vars(component).items()
        if not name.startswith("_")
        and (callable(value) or isinstance(value, (property, classmethod, staticmethod)))
        and not (isinstance(value, type))
    ]
    for name in public:
        assert re.search(rf"^### `(\w+\.)?{name}\b", methods, re.MULTILINE), f"{page}: {name}"
