"""Every config table in docs/ is the one generated from its model (no stale docs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from iaccore._docs import TABLE_MARKER, config_table, find_model, render_tables
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
    assert render_tables(text) == text


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
    assert "| `name` | str | required | Required name. |" in table
    assert "| `logging` | LoggingConfig | see below | Nested. |" in table
    assert "| `logging.level` |" in table
    assert "| `rules[].port` | int | `443` | Port. |" in table
    assert "| `options.<name>.ignore_changes` | list[str] | `[]` | Ignored \\| inputs. |" in table


def test_marker_resolves_qualified_name() -> None:
    """A marker names its model as `package.module:ClassName`."""
    assert find_model("iaccore.core.config.models:LoggingConfig") is LoggingConfig
    text = (
        "<!-- config-table: iaccore.core.config.models:LoggingConfig -->\n"
        "old\n<!-- /config-table -->"
    )
    assert render_tables(text) == text.replace("old\n", config_table(LoggingConfig))


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
