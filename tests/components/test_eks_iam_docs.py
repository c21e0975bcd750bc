"""docs/components/eks-cluster.md and iam.md embed the config tables generated from the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from iaccore._docs import config_table
from iaccore.aws._eks_config import EksClusterConfig
from iaccore.aws._iam_config import IamRoleConfig

DOCS = Path(__file__).resolve().parents[2] / "docs" / "components"


def embedded_table(page: Path, model: type[BaseModel]) -> str:
    """The text between the page's config-table markers for ``model``."""
    text = page.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- config-table: {model.__name__} -->\n(.*?)<!-- /config-table -->", text, re.S
    )
    assert match, f"{page.name} has no config-table markers for {model.__name__}"
    return match.group(1)


@pytest.mark.parametrize(
    ("page", "model"), [("eks-cluster.md", EksClusterConfig), ("iam.md", IamRoleConfig)]
)
def test_page_table_is_current(page: str, model: type[BaseModel]) -> None:
    """The page's table equals config_table(model); regenerate it when the model changes."""
    assert embedded_table(DOCS / page, model) == config_table(model)
