"""YAML rendering: each Kubernetes resource as the manifest it would apply.

Every custom ``kubernetes:<group>/<version>:<Kind>`` resource becomes one document: ``apiVersion``
from the type token (``core/v1`` → ``v1``, ``apps/v1`` → ``apps/v1``), ``kind`` (``...Patch``
types give the patched kind), ``metadata``, then the remaining inputs (``spec``, ``data``,
``stringData`` ...). The provider, Helm charts and releases, and ``yaml``/``kustomize``
components are left out. Documents are sorted by URN and separated by ``---``.

Pure (no Pulumi import): the ``kubernetes`` module contributes ``render_yaml`` to
``iaccore synth --format yaml`` through its ``renderers`` hook (``RENDERERS``).

Examples:
    >>> from iaccore.synth.graph import Graph, Resource
    >>> ns = Resource(urn="urn:pulumi:dev::p::kubernetes:core/v1:Namespace::apps",
    ...               type="kubernetes:core/v1:Namespace", name="apps", parent=None,
    ...               custom=True, inputs={"metadata": {"name": "apps"}})
    >>> print(render_yaml(Graph([ns], outputs={})), end="")
    ---
    apiVersion: v1
    kind: Namespace
    metadata:
      name: apps
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML

if TYPE_CHECKING:
    from iaccore.synth.graph import Graph, Resource

__all__ = ["RENDERERS", "api_version_and_kind", "is_manifest_resource", "manifest", "render_yaml"]

_TOKEN = re.compile(r"kubernetes:(?P<group>[^:/]+)/(?P<version>[^:/]+):(?P<kind>[A-Za-z0-9]+)")
_NOT_MANIFESTS = {"helm.sh", "yaml", "kustomize"}
_HEAD = ("apiVersion", "kind", "metadata")


def api_version_and_kind(type_: str) -> tuple[str, str] | None:
    """``(apiVersion, kind)`` for a Kubernetes resource type token, else None.

    Examples:
        >>> api_version_and_kind("kubernetes:apps/v1:Deployment")
        ('apps/v1', 'Deployment')
        >>> api_version_and_kind("kubernetes:core/v1:ConfigMapPatch")
        ('v1', 'ConfigMap')
    """
    found = _TOKEN.fullmatch(type_)
    if not found or found.group("group") in _NOT_MANIFESTS:
        return None
    group, version, kind = found.group("group", "version", "kind")
    if kind.endswith("Patch"):
        kind = kind[: -len("Patch")]
    return (version if group == "core" else f"{group}/{version}"), kind


def is_manifest_resource(resource: Resource) -> bool:
    """A custom Kubernetes resource that applies a manifest (not a provider or component)."""
    return resource.custom and api_version_and_kind(resource.type) is not None


def manifest(resource: Resource) -> dict[str, Any]:
    """The manifest ``resource`` would apply: apiVersion, kind, metadata, then other inputs."""
    found = api_version_and_kind(resource.type)
    if found is None:
        raise ValueError(f"{resource.type} is not a Kubernetes manifest resource")
    api_version, kind = found
    inputs = dict(resource.inputs)
    metadata = inputs.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, Mapping) else {}
    if "name" not in metadata:
        out_meta = resource.outputs.get("metadata")
        if isinstance(out_meta, Mapping) and isinstance(out_meta.get("name"), str):
            metadata["name"] = out_meta["name"]
    doc: dict[str, Any] = {"apiVersion": api_version, "kind": kind, "metadata": metadata}
    for key in sorted(inputs):
        if key not in _HEAD:
            doc[key] = inputs[key]
    ordered: dict[str, Any] = _sorted(doc, top=True)
    return ordered


def _sorted(value: Any, *, top: bool = False) -> Any:
    if isinstance(value, Mapping):
        keys = list(value) if top else sorted(value)
        return {str(key): _sorted(value[key]) for key in keys}
    if isinstance(value, list | tuple):
        return [_sorted(item) for item in value]
    return value


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.explicit_start = True
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    return yaml


def render_yaml(graph: Graph) -> str:
    """Every Kubernetes manifest in ``graph`` as multi-document YAML (empty string if none)."""
    docs = [manifest(res) for res in graph if is_manifest_resource(res)]
    if not docs:
        return ""
    buffer = io.StringIO()
    _yaml().dump_all(docs, buffer)
    return buffer.getvalue()


#: The ``kubernetes`` module's renderers (its ``renderers`` hook): ``--format`` name to function.
RENDERERS: Mapping[str, Callable[[Graph], str]] = {"yaml": render_yaml}
