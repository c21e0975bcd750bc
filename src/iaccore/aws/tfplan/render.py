"""The ``tfplan`` format: a graph's AWS resources as the JSON of a first ``terraform plan``.

pulumi-aws is generated from the Terraform AWS provider, so each AWS resource of the graph is a
Terraform resource: its type comes from ``types``, its inputs are renamed
and re-nested by ``attributes`` (with the shape read from the SDK), and
references between resources are rebuilt by ``references``. The result
is what ``terraform show -json`` prints for a plan that creates everything, so checkov
(``--framework terraform_plan``), trivy and other scanners of Terraform plans scan a Pulumi
program as it is. ``docs/reference/tfplan.md`` lists what the mapping leaves out.

Every AWS type the table does not map gets one warning (logger ``iaccore.tfplan``) and is listed
under the document's ``iaccore.unmapped_types``; resources of other packages (Kubernetes ...) are
listed under ``iaccore.other_types``. Secrets are already masked in the graph (``[secret]``) and
are marked in ``sensitive_values``. Pure apart from the injected schema reader: no Pulumi import.

Examples:
    >>> from iaccore.synth.graph import Graph, Resource
    >>> bucket = Resource(urn="urn:pulumi:dev::p::aws:s3/bucket:Bucket::logs", id="logs-1",
    ...                   type="aws:s3/bucket:Bucket", name="logs", parent=None, custom=True,
    ...                   inputs={"bucket": "logs-1"})
    >>> doc = build_plan(Graph([bucket], outputs={}), schema_of=lambda token: {})
    >>> doc["planned_values"]["root_module"]["resources"][0]["address"]
    'aws_s3_bucket.logs'
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iaccore.aws.tfplan.attributes import Attribute, terraform_name, to_terraform
from iaccore.aws.tfplan.references import Target, resolve_block
from iaccore.aws.tfplan.types import terraform_type
from iaccore.core.redaction import REDACTED

if TYPE_CHECKING:
    from iaccore.synth.graph import Graph, Resource

__all__ = ["FORMAT_VERSION", "PROVIDER_NAME", "TERRAFORM_VERSION", "build_plan", "render_tfplan"]

#: Version of Terraform's JSON plan format written.
FORMAT_VERSION = "1.2"
#: The Terraform version the document claims (the format's producer); no Terraform runs.
TERRAFORM_VERSION = "1.9.8"
#: Registry name of the Terraform AWS provider, which pulumi-aws bridges.
PROVIDER_NAME = "registry.terraform.io/hashicorp/aws"

SchemaReader = Callable[[str], Mapping[str, Attribute] | None]

_LOG = logging.getLogger("iaccore.tfplan")
_NAME = re.compile(r"[^A-Za-z0-9_]")
_FIRST_ATTRIBUTES = ("id", "arn", "name")


@dataclass(frozen=True)
class _Mapped:
    resource: Resource
    tf_type: str
    name: str
    provider_key: str

    @property
    def address(self) -> str:
        return f"{self.tf_type}.{self.name}"


def _tf_name(name: str) -> str:
    cleaned = _NAME.sub("_", name)
    return cleaned if cleaned[:1].isalpha() or cleaned[:1] == "_" else f"_{cleaned}"


def _provider_key(urn: str | None, keys: Mapping[str, str]) -> str:
    return keys.get(urn, "aws") if urn else "aws"


def _providers(graph: Graph) -> tuple[dict[str, str], dict[str, Any]]:
    """Provider URN to configuration key, and the ``provider_config`` section."""
    keys: dict[str, str] = {}
    config: dict[str, Any] = {"aws": {"name": "aws", "full_name": PROVIDER_NAME}}
    for res in graph.resources("pulumi:providers:aws"):
        key = "aws" if res.name.startswith("default") else f"aws.{_tf_name(res.name)}"
        keys[res.urn] = key
        entry: dict[str, Any] = {"name": "aws", "full_name": PROVIDER_NAME}
        if key != "aws":
            entry["alias"] = key.split(".", 1)[1]
        region = res.inputs.get("region")
        if isinstance(region, str):
            entry["expressions"] = {"region": {"constant_value": region}}
        config[key] = entry
    return keys, config


def _select(
    graph: Graph, provider_keys: Mapping[str, str]
) -> tuple[list[_Mapped], Counter[str], Counter[str]]:
    """The mapped resources (unique addresses), and the counts of unmapped and other types."""
    mapped: list[_Mapped] = []
    unmapped: Counter[str] = Counter()
    other: Counter[str] = Counter()
    used: set[str] = set()
    for res in graph.custom_resources():
        tf_type = terraform_type(res.type)
        if tf_type is None:
            (unmapped if res.package == "aws" else other)[res.type] += 1
            continue
        base = _tf_name(res.name)
        name, suffix = base, 2
        while f"{tf_type}.{name}" in used:
            name, suffix = f"{base}_{suffix}", suffix + 1
        used.add(f"{tf_type}.{name}")
        key = _provider_key(res.provider_urn, provider_keys)
        mapped.append(_Mapped(res, tf_type, name, key))
    return mapped, unmapped, other


def _target(item: _Mapped, schema: Mapping[str, Attribute]) -> Target:
    attributes: dict[str, str] = {}
    if item.resource.id:
        attributes["id"] = item.resource.id
    outputs = {
        terraform_name(key, schema.get(key), item.tf_type, key): value
        for key, value in sorted(item.resource.outputs.items())
        if isinstance(value, str) and value and value != REDACTED
    }
    for name in _FIRST_ATTRIBUTES:
        if name in outputs:
            attributes.setdefault(name, outputs.pop(name))
    attributes.update((key, value) for key, value in outputs.items() if key not in attributes)
    return Target(item.address, attributes)


def _fallback(targets: Mapping[str, Target]) -> dict[str, str]:
    """Each ``id``/ARN value that belongs to exactly one resource, to its reference."""
    seen: dict[str, set[str]] = {}
    for target in targets.values():
        for name in ("id", "arn"):
            value = target.attributes.get(name)
            if value and len(value) >= 6:
                seen.setdefault(value, set()).add(f"{target.address}.{name}")
    return {value: next(iter(refs)) for value, refs in seen.items() if len(refs) == 1}


def _sensitive(res: Resource, schema: Mapping[str, Attribute], tf_type: str) -> dict[str, bool]:
    return {
        terraform_name(path[0], schema.get(path[0]), tf_type, path[0]): True
        for path in res.secret_inputs
        if path
    }


@dataclass(frozen=True)
class _Entries:
    """The three plan entries of one resource."""

    planned: dict[str, Any]
    change: dict[str, Any]
    configured: dict[str, Any]


def _entries(
    item: _Mapped,
    schema: Mapping[str, Attribute],
    targets: Mapping[str, Target],
    fallback: Mapping[str, str],
) -> _Entries:
    res = item.resource
    values = to_terraform(_without_resource_refs(res.inputs), schema, item.tf_type)
    deps = {
        terraform_name(key, schema.get(key), item.tf_type, key): tuple(
            targets[urn]
            for urn in res.property_dependencies.get(key, ())
            if urn in targets and urn != res.urn
        )
        for key in res.inputs
    }
    known, unknown, expressions = resolve_block(values, deps, fallback, own=item.address)
    sensitive = _sensitive(res, schema, item.tf_type)
    head = {
        "address": item.address,
        "mode": "managed",
        "type": item.tf_type,
        "name": item.name,
        "provider_name": PROVIDER_NAME,
    }
    change = {
        "actions": ["create"],
        "before": None,
        "after": known,
        "after_unknown": unknown,
        "before_sensitive": False,
        "after_sensitive": sensitive,
    }
    configured: dict[str, Any] = {
        **{key: head[key] for key in ("address", "mode", "type", "name")},
        "provider_config_key": item.provider_key,
        "expressions": expressions,
        "schema_version": 0,
    }
    referenced = {target.address for group in deps.values() for target in group}
    depends_on = {targets[urn].address for urn in res.dependencies if urn in targets}
    depends_on -= referenced | {item.address}
    if depends_on:
        configured["depends_on"] = sorted(depends_on)
    return _Entries(
        planned={**head, "schema_version": 0, "values": known, "sensitive_values": sensitive},
        change={**head, "change": change},
        configured=configured,
    )


def _without_resource_refs(value: Any) -> Any:
    """Resource-typed inputs (``{"$ref": urn, "id": id}`` in the graph) as the id they pass."""
    if isinstance(value, Mapping):
        if set(value) == {"$ref", "id"}:
            return value["id"]
        return {key: _without_resource_refs(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_resource_refs(item) for item in value]
    return value


def _by_address(entry: Mapping[str, Any]) -> str:
    return str(entry["address"])


def build_plan(graph: Graph, *, schema_of: SchemaReader) -> dict[str, Any]:
    """The Terraform plan document (a dict) of ``graph``'s AWS resources.

    Args:
        graph: A synthesized graph.
        schema_of: Reads the attribute shape of a Pulumi type token (None when unknown; see
            ``iaccore.aws.tfplan.schema.resource_schema``).

    Examples:
        >>> from iaccore.synth.graph import Graph
        >>> build_plan(Graph([], outputs={}), schema_of=lambda token: None)["format_version"]
        '1.2'
    """
    provider_keys, provider_config = _providers(graph)
    mapped, unmapped, other = _select(graph, provider_keys)
    schemas = {item.resource.type: schema_of(item.resource.type) for item in mapped}
    targets = {
        item.resource.urn: _target(item, schemas[item.resource.type] or {}) for item in mapped
    }
    fallback = _fallback(targets)
    warnings = [
        f"{token}: no Terraform type is known for it; its {count} resource(s) are left out"
        for token, count in sorted(unmapped.items())
    ]
    warnings += [
        f"{token}: the pulumi_aws SDK does not describe it; nested blocks are not re-nested"
        for token, schema in sorted(schemas.items())
        if schema is None
    ]
    for message in warnings:
        _LOG.warning("tfplan: %s", message)
    entries = [
        _entries(item, schemas[item.resource.type] or {}, targets, fallback) for item in mapped
    ]
    return {
        "format_version": FORMAT_VERSION,
        "terraform_version": TERRAFORM_VERSION,
        "planned_values": {
            "root_module": {"resources": sorted((e.planned for e in entries), key=_by_address)}
        },
        "resource_changes": sorted((e.change for e in entries), key=_by_address),
        "configuration": {
            "provider_config": provider_config,
            "root_module": {"resources": sorted((e.configured for e in entries), key=_by_address)},
        },
        "applyable": True,
        "complete": True,
        "errored": False,
        "iaccore": {
            "generator": "iaccore synth --format tfplan",
            "resources": {
                item.address: {"urn": item.resource.urn, "type": item.resource.type}
                for item in sorted(mapped, key=lambda item: item.address)
            },
            "unmapped_types": dict(sorted(unmapped.items())),
            "other_types": dict(sorted(other.items())),
            "warnings": warnings,
        },
    }


def render_tfplan(graph: Graph) -> str:
    """``graph``'s AWS resources as Terraform plan JSON (sorted keys, final newline).

    Examples:
        >>> from iaccore.synth.graph import Graph
        >>> import json
        >>> json.loads(render_tfplan(Graph([], outputs={})))["resource_changes"]
        []
    """
    from iaccore.aws.tfplan.schema import resource_schema

    document = build_plan(graph, schema_of=resource_schema)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
