"""Every config table in docs/ is the one generated from its model (no stale docs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from iaccore._docs import KEY_CODE, TABLE_MARKER, find_model, render_tables
from iaccore._docs import config_table as generated_table
from iaccore.core.config.base import ComponentConfig, ResourceOptionsConfig
from iaccore.core.config.models import LoggingConfig

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if TABLE_MARKER.search(p.read_text("utf-8")))


#: The config table each component page must embed, by the model's qualified name.
COMPONENT_TABLES = [
    ("secure-vpc.md", "iaccore.aws.network.config:VpcConfig"),
    ("eks-cluster.md", "iaccore.aws.eks.config:EksClusterConfig"),
    ("iam.md", "iaccore.aws.iam.config:IamRoleConfig"),
    ("secure-bucket.md", "iaccore.aws.s3.config:BucketConfig"),
    ("instance.md", "iaccore.aws.ec2.config:InstanceConfig"),
    ("namespace.md", "iaccore.kubernetes.namespace.config:NamespaceConfig"),
    ("application.md", "iaccore.kubernetes.application.config:ApplicationConfig"),
    ("service-mesh.md", "iaccore.kubernetes.mesh.config:ServiceMeshConfig"),
    ("secure-vnet.md", "iaccore.azure.network.config:VnetConfig"),
    ("aks-cluster.md", "iaccore.azure.aks.config:AksClusterConfig"),
    ("storage-account.md", "iaccore.azure.storage.config:StorageAccountConfig"),
    ("linux-vm.md", "iaccore.azure.compute.config:LinuxVmConfig"),
]


@pytest.mark.parametrize(("page", "model"), COMPONENT_TABLES)
def test_component_page_embeds_its_table(page: str, model: str) -> None:
    """Each component page has the config-table markers of its model."""
    text = (DOCS / "components" / page).read_text("utf-8")
    assert model in {m.group("model") for m in TABLE_MARKER.finditer(text)}, page


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_tables_are_current(page: Path) -> None:
    """The page equals itself with tables regenerated (`python -m iaccore._docs PAGE`)."""
    text = page.read_text("utf-8")
    assert render_tables(text, page) == text


def config_table(model: type[BaseModel], **options: Any) -> str:
    """The generated table with plain `<code>` key cells, for readable assertions."""
    return plain(generated_table(model, **options))


def plain(text: str) -> str:
    """Generated key cells as plain `<code>`, with no break opportunity after underscores."""
    return text.replace(KEY_CODE, "<code>").replace("_<wbr>", "_")


class Rule(BaseModel):
    """A list item model."""

    port: int = Field(443, description="Port.")


class Options(BaseModel):
    """A map value model."""

    ignore_changes: list[str] = Field(default_factory=list, description="Ignored | inputs.")


class Demo(BaseModel):
    """A model with every kind of nesting."""

    name: str = Field(description="Required name.")
    logging: LoggingConfig = Field(default_factory=LoggingConfig, description="Nested.")
    rules: tuple[Rule, ...] = Field((), description="Rules.")
    options: dict[str, Options] = Field(default_factory=dict, description="Per role.")


def test_table_lists_nested_fields() -> None:
    """Nested models are flattened with dotted keys and documented defaults."""
    table = config_table(Demo)
    assert "| <code>name</code> | str | required | Required name. |" in table
    assert "| <code>logging</code> | LoggingConfig | see below | Nested. |" in table
    assert "| <code>logging.<wbr>level</code> |" in table
    assert "| <code>rules[].<wbr>port</code> | int | `443` | Port. |" in table
    assert (
        "| <code>options.<wbr>&lt;name&gt;.<wbr>ignore_changes</code> | list[str] | `[]` | "
        "Ignored \\| inputs. |" in table
    )


class Component(ComponentConfig):
    """A component model: inherited keys, a required key declared last, a long default."""

    size: int = Field(3, description="Size.")
    addons: dict[str, Rule] = Field(
        default_factory=lambda: {f"addon-{n}": Rule(port=n) for n in range(10)},
        description="Add-ons.",
    )
    zone: str = Field(description="Required zone.")


def keys(table: str) -> list[str]:
    """The key column of a generated table."""
    return [row.split(" | ")[0][2:] for row in table.splitlines()[2:]]


def test_required_first_inherited_last() -> None:
    """Required keys lead, the keys every component inherits close the table."""
    assert keys(config_table(Component)) == [
        "<code>zone</code>",
        "<code>size</code>",
        "<code>addons</code>",
        "<code>addons.<wbr>&lt;name&gt;.<wbr>port</code>",
        "<code>tags</code>",
        "<code>resource_options</code>",
    ]


def test_resource_options_summarised_in_one_row() -> None:
    """`resource_options` is one row naming its keys and linking to their table, when linked."""
    table = config_table(Component, links={ResourceOptionsConfig: "../reference/config.md#ro"})
    row = next(line for line in table.splitlines() if "<code>resource_options</code>" in line)
    for key in ResourceOptionsConfig.model_fields:
        assert f"`{key}`" in row
    assert "([resource options](../reference/config.md#ro))" in row
    assert "resource_options.<wbr>" not in table


def test_long_default_summarised() -> None:
    """A default longer than a line is summarised by its keys, not dumped as JSON."""
    row = next(line for line in config_table(Component).splitlines() if "Add-ons." in line)
    assert "10 entries: `addon-0`, `addon-1`" in row
    assert '"port"' not in row


def test_component_pages_tables_are_compact() -> None:
    """No component page table has a default over two lines or a flattened resource_options."""
    for page, _ in COMPONENT_TABLES:
        text = (DOCS / "components" / page).read_text("utf-8")
        for match in TABLE_MARKER.finditer(text):
            body = match.group("body")
            assert "resource_options.<wbr>" not in body, page
            assert "<code>" not in body.replace(KEY_CODE, ""), page
            for row in body.splitlines():
                default = row.split(" | ")[2] if row.count(" | ") >= 3 else ""
                assert len(default) <= 200, (page, row[:80])


def test_marker_resolves_qualified_name() -> None:
    """A marker names its model as `package.module:ClassName`."""
    assert find_model("iaccore.core.config.models:LoggingConfig") is LoggingConfig
    text = (
        "<!-- config-table: iaccore.core.config.models:LoggingConfig -->\n"
        "old\n<!-- /config-table -->"
    )
    assert render_tables(text) == text.replace("old\n", generated_table(LoggingConfig))


@pytest.mark.parametrize(
    ("marker", "says"),
    [
        ("NoSuchConfig", "is not a qualified name"),
        ("iaccore.no_such_module:NoSuchConfig", "names nothing"),
        ("iaccore.core.config.models:NoSuchConfig", "names nothing"),
        ("iaccore.core.config.models:__name__", "does not name a pydantic model"),
    ],
)
def test_bad_marker_named(marker: str, says: str) -> None:
    """A marker naming no model fails with the marker in the message."""
    with pytest.raises(LookupError, match=says) as info:
        find_model(marker)
    assert repr(marker) in str(info.value)


def test_unqualified_marker_in_a_page_fails() -> None:
    """An old-style marker is not silently skipped: rendering the page fails, naming it."""
    with pytest.raises(LookupError, match="'VpcConfig'"):
        render_tables("<!-- config-table: VpcConfig -->\n<!-- /config-table -->")


def test_key_cells_break_between_words_only() -> None:
    """A key cell offers line breaks after dots and underscores, and keeps words whole."""
    row = generated_table(Demo).splitlines()[-1]
    assert row.startswith(
        f"| {KEY_CODE}options.<wbr>&lt;name&gt;.<wbr>ignore_<wbr>changes</code> |"
    )
