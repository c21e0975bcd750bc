"""docs/reference/config.md: generated from the stack model, current, and covering every key."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from iaccore._docs import KEY_CODE, REFERENCE_MARKER, config_reference, render_tables
from iaccore.aws.config import AwsProviderSettings, AwsSection
from iaccore.core.config.base import ProviderSection
from iaccore.core.config.schema import json_schema
from iaccore.core.config.stack import build_stack_model
from iaccore.core.modules import discover_modules

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = DOCS / "reference" / "config.md"


def page_text() -> str:
    """The reference page as committed."""
    return PAGE.read_text("utf-8")


def generated() -> str:
    """The generated block of the page."""
    match = REFERENCE_MARKER.search(page_text())
    assert match, "docs/reference/config.md has no config-reference block"
    return plain(match.group("body"))


def plain(text: str) -> str:
    """Generated key cells as plain `<code>`, with no break opportunity after underscores."""
    return text.replace(KEY_CODE, "<code>").replace("_<wbr>", "_")


def test_page_is_current() -> None:
    """The page equals itself regenerated (`python -m iaccore._docs docs/reference/config.md`)."""
    assert render_tables(page_text(), PAGE) == page_text()


def test_every_stack_file_section_has_a_heading() -> None:
    """Each `iaccore:<name>` key of the stack-file JSON Schema has its own section."""
    sections = json_schema(target="stack-file")["properties"]["config"]["properties"]
    assert sections
    for name in sections:
        assert f"\n## `{name}`\n" in "\n" + generated(), name


@pytest.mark.parametrize("model", [AwsSection, AwsProviderSettings])
def test_every_aws_key_is_listed(model: type[BaseModel]) -> None:
    """Every field of the AWS section and of a named provider has a row."""
    prefix = "" if model is AwsSection else "providers.<wbr>&lt;name&gt;.<wbr>"
    for name in model.model_fields:
        assert f"| <code>{prefix}{name}</code> |" in generated(), name


def test_component_keys_link_to_their_pages() -> None:
    """Component configs are not flattened here: their rows link to the component pages."""
    text = generated()
    for page in ("secure-vpc", "eks-cluster", "secure-bucket", "instance", "iam"):
        assert f"(../components/{page}.md#configuration)" in text, page
    assert "vpc.<wbr>cidr" not in text


def test_enabled_is_explained() -> None:
    """The page says what `enabled` does: without it the provider settings are ignored."""
    text = page_text()
    assert "## What `enabled` does" in text
    assert "**silently ignored**" in text
    assert "aws is not enabled" in text


def test_required_keys_are_named_per_section() -> None:
    """Each model section states its required keys, and required rows come first."""

    class Demo(ProviderSection):
        """A section with one required key."""

        zone: str

    stack = build_stack_model({**discover_modules()})
    assert generated().count("Required keys: none.") == sum(
        1
        for field in stack.model_fields.values()
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
    )

    from iaccore.core.modules import ProviderModule

    spec = ProviderModule(name="demo", config_model=Demo, sdk_module="json", extra="demo")
    text = plain(config_reference(build_stack_model({"demo": spec})))
    demo = text.split("## `iaccore:demo`", 1)[1]
    assert "Required keys: `zone`." in demo
    rows = [line for line in demo.splitlines() if line.startswith("| <code>")]
    assert rows[0].startswith("| <code>zone</code> | str | required |")
