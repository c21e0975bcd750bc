"""Tests of iaccore.core.config.schema."""

from __future__ import annotations

import json
from typing import Any

from iaccore.core.config import json_schema

from .conftest import MODULES


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in refs(v)]
    return []


class TestStackFileSchema:
    def test_shape(self) -> None:
        """Config holds iaccore:<section> properties and allows other keys."""
        schema = json_schema(MODULES)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(".json")
        assert schema["title"]
        assert schema["description"]
        config = schema["properties"]["config"]
        assert config["additionalProperties"] is True
        assert set(config["properties"]) == {
            "iaccore:compliance",
            "iaccore:demo",
            "iaccore:logging",
            "iaccore:project",
            "iaccore:requires",
        }
        assert {"secretsprovider", "encryptedkey", "environment"} <= set(schema["properties"])

    def test_secret_accepts_secure(self) -> None:
        """Secret fields accept a string or {secure: string}."""
        text = json.dumps(json_schema(MODULES))
        assert '"secure"' in text
        demo_def = json_schema(MODULES)["$defs"]["DemoSection"]
        variants = demo_def["properties"]["admin_password"]["anyOf"]
        assert any("anyOf" in v and {"type": "string"} in v["anyOf"] for v in variants)

    def test_refs_resolve(self) -> None:
        """Every $ref points at an existing $defs entry."""
        schema = json_schema(MODULES)
        for ref in refs(schema):
            assert ref.startswith("#/$defs/")
            assert ref.removeprefix("#/$defs/") in schema["$defs"]

    def test_deterministic_and_sorted(self) -> None:
        """Two builds dump identically, with sorted keys."""
        first = json.dumps(json_schema(MODULES))
        assert first == json.dumps(json_schema(MODULES))
        assert first == json.dumps(json_schema(MODULES), sort_keys=True)


class TestModelSchema:
    def test_model_target(self) -> None:
        """The model target is the StackConfig schema with draft 2020-12 metadata."""
        schema = json_schema(MODULES, target="model")
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert set(schema["properties"]) == {"compliance", "demo", "logging", "project", "requires"}
        assert "secure" not in json.dumps(schema)
