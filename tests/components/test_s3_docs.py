"""docs/components/secure-bucket.md embeds the config table generated from BucketConfig."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from iaccore._docs import config_table
from iaccore.aws._resource_config import BucketConfig

DOCS = Path(__file__).resolve().parents[2] / "docs" / "components"


def embedded_table(page: Path, model: type[BaseModel]) -> str:
    """The text between the page's config-table markers for ``model``."""
    text = page.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- config-table: {model.__name__} -->\n(.*?)<!-- /config-table -->", text, re.S
    )
    assert match, f"{page.name} has no config-table markers for {model.__name__}"
    return match.group(1)


def test_secure_bucket_page_table_is_current() -> None:
    """The page's table equals config_table(BucketConfig); regenerate it when the model changes."""
    assert embedded_table(DOCS / "secure-bucket.md", BucketConfig) == config_table(BucketConfig)
