"""docs/components/instance.md embeds the config table generated from InstanceConfig."""

from __future__ import annotations

import re
from pathlib import Path

from iaccore._docs import config_table
from iaccore.aws._resource_config import InstanceConfig

PAGE = Path(__file__).resolve().parents[2] / "docs" / "components" / "instance.md"


def test_instance_page_table_is_current() -> None:
    """The page's table equals config_table(InstanceConfig); regenerate it on model changes."""
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(
        r"<!-- config-table: InstanceConfig -->\n(.*?)<!-- /config-table -->", text, re.S
    )
    assert match, "instance.md has no config-table markers"
    assert match.group(1) == config_table(InstanceConfig)
