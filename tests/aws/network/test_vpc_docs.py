"""docs/components/secure-vpc.md documents every child role (its table: tests/docs)."""

from __future__ import annotations

from pathlib import Path

from iaccore.aws.network.vpc import ROLES

PAGE = Path(__file__).resolve().parents[3] / "docs" / "components" / "secure-vpc.md"


def test_secure_vpc_page_lists_every_role() -> None:
    """Every child role is documented on the page."""
    text = PAGE.read_text(encoding="utf-8")
    assert [role for role in ROLES if f"`{role}`" not in text] == []
