"""docs/components/secure-vpc.md embeds the config table generated from VpcConfig."""

from __future__ import annotations

import re
from pathlib import Path

from iaccore._docs import config_table
from iaccore.aws.config import VpcConfig
from iaccore.aws.network.vpc import ROLES

PAGE = Path(__file__).resolve().parents[3] / "docs" / "components" / "secure-vpc.md"


def test_secure_vpc_page_table_is_current() -> None:
    """The page's table equals config_table(VpcConfig); regenerate it when the model changes."""
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(r"<!-- config-table: VpcConfig -->\n(.*?)<!-- /config-table -->", text, re.S)
    assert match, "secure-vpc.md has no config-table markers for VpcConfig"
    assert match.group(1) == config_table(VpcConfig)


def test_secure_vpc_page_lists_every_role() -> None:
    """Every child role is documented on the page."""
    text = PAGE.read_text(encoding="utf-8")
    assert [role for role in ROLES if f"`{role}`" not in text] == []
