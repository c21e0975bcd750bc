"""JSON Schema (draft 2020-12) of the stack config model or of a ``Pulumi.<stack>.yaml`` file.

Examples:
    >>> schema = json_schema({}, target="stack-file")
    >>> sorted(schema["properties"]["config"]["properties"])
    ['iaccore:compliance', 'iaccore:logging', 'iaccore:project', 'iaccore:requires']
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from iaccore.core.config.stack import build_stack_model
from iaccore.core.modules import ProviderModule, discover_modules

__all__ = ["SCHEMA_DIALECT", "SCHEMA_ID_BASE", "json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID_BASE = "https://iaccore.readthedocs.io/schema"

_SECURE = {
    "type": "object",
    "properties": {"secure": {"type": "string", "description": "Pulumi-encrypted ciphertext."}},
    "required": ["secure"],
    "additionalProperties": False,
}


class _StackFileSchema(GenerateJsonSchema):
    """Secret fields accept a plain string or a Pulumi ``{secure: <ciphertext>}`` value."""

    def function_plain_schema(
        self, schema: core_schema.PlainValidatorFunctionSchema
    ) -> JsonSchemaValue:
        function = schema.get("function", {}).get("function")
        if getattr(function, "__qualname__", "").startswith("Secret."):
            return {
                "anyOf": [{"type": "string"}, dict(_SECURE)],
                "description": "A secret: a string, or a Pulumi encrypted value.",
                "writeOnly": True,
            }
        return dict(super().function_plain_schema(schema))


def _sorted(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def json_schema(
    modules: Mapping[str, ProviderModule] | None = None,
    *,
    target: Literal["stack-file", "model"] = "stack-file",
) -> dict[str, Any]:
    """Return the JSON Schema of the stack config (``model``) or of a stack file (``stack-file``).

    Keys are sorted recursively, so dumping the result is deterministic.
    """
    model = build_stack_model(discover_modules() if modules is None else modules)
    if target == "model":
        body = model.model_json_schema(mode="validation")
        body.update(
            {
                "$schema": SCHEMA_DIALECT,
                "$id": f"{SCHEMA_ID_BASE}/stack-config.json",
                "title": "iaccore stack config",
                "description": "The iaccore config of one stack, after all layers are merged.",
            }
        )
        return dict(_sorted(body))
    full = model.model_json_schema(mode="validation", schema_generator=_StackFileSchema)
    sections = {f"iaccore:{name}": prop for name, prop in full.get("properties", {}).items()}
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{SCHEMA_ID_BASE}/pulumi-stack-file.json",
        "title": "Pulumi stack file with iaccore config",
        "description": "A Pulumi.<stack>.yaml file; iaccore sections live under "
        "`config` as `iaccore:<section>`.",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "description": "Stack config: `namespace:key` to value.",
                "properties": sections,
                "additionalProperties": True,
            },
            "secretsprovider": {"type": "string", "description": "Secrets provider URL."},
            "encryptedkey": {"type": "string", "description": "Encrypted data key."},
            "environment": {
                "description": "Pulumi ESC environments imported by the stack.",
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "object"},
                    {"type": "string"},
                ],
            },
        },
        "additionalProperties": True,
    }
    if "$defs" in full:
        schema["$defs"] = full["$defs"]
    return dict(_sorted(schema))
