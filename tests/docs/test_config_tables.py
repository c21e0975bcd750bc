"""Every config table in docs/ is the one generated from its model (no stale docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaccore._docs import TABLE_MARKER, config_table, find_model, render_tables

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if TABLE_MARKER.search(p.read_text("utf-8")))


#: The config table each component page must embed.
COMPONENT_TABLES = [
    ("secure-vpc.md", "VpcConfig"),
    ("eks-cluster.md", "EksClusterConfig"),
    ("iam.md", "IamRoleConfig"),
    ("secure-bucket.md", "BucketConfig"),
    ("instance.md", "InstanceConfig"),
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


def test_table_lists_nested_fields() -> None:
    """Nested models are flattened with dotted keys and documented defaults."""
    table = config_table(find_model("VpcConfig"))
    assert "| `flow_logs.retention_days` |" in table
    assert "| `resource_options.<name>.ignore_changes` |" in table


def test_unknown_model_named() -> None:
    """A marker naming no model fails with the model's name."""
    with pytest.raises(LookupError, match="NoSuchConfig"):
        find_model("NoSuchConfig")
