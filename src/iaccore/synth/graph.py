"""The resource graph a synthesis produces, with the queries tests and renderers need.

Every resource the SDK registered is recorded with its URN, type, name, parent, provider,
inputs (secrets masked), mocked outputs, dependencies and options. Resources are ordered by URN,
so the graph, and everything rendered from it, is the same on every run.

Examples:
    >>> node = Resource(urn="urn:pulumi:dev::p::demo:storage/bucket:Bucket::logs",
    ...                 type="demo:storage/bucket:Bucket", name="logs", parent=None, custom=True)
    >>> graph = Graph([node], outputs={})
    >>> graph.one("demo:storage/bucket:Bucket", "logs").name
    'logs'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from iaccore.core.errors import IaccoreError

__all__ = ["STACK_TYPE", "Graph", "Resource"]

STACK_TYPE = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class Resource:
    """One registered resource (custom, component, provider or the stack itself).

    Examples:
        >>> Resource(urn="u", type="t:m:R", name="r", parent=None, custom=False).is_component
        True
    """

    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    id: str | None = None
    provider: str | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    outputs: Mapping[str, Any] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    secret_inputs: tuple[tuple[str, ...], ...] = ()
    protect: bool = False
    retain_on_delete: bool = False
    delete_before_replace: bool = False
    ignore_changes: tuple[str, ...] = ()
    custom_timeouts: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    providers: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_component(self) -> bool:
        """A component resource (not custom, not the stack)."""
        return not self.custom and self.type != STACK_TYPE

    @property
    def is_provider(self) -> bool:
        """A provider resource (``pulumi:providers:<pkg>``)."""
        return self.type.startswith("pulumi:providers:")

    @property
    def package(self) -> str:
        """The package of the type token (``demo``, ``iaccore`` ...)."""
        if self.is_provider:
            return self.type.rsplit(":", 1)[1]
        return self.type.split(":", 1)[0]

    @property
    def provider_urn(self) -> str | None:
        """URN of the explicit provider (None for the default provider)."""
        if not self.provider:
            return None
        return self.provider.rsplit("::", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (see docs/reference/graph-json.md for the shape)."""
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "custom": self.custom,
            "id": self.id,
            "provider": self.provider_urn,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "dependencies": list(self.dependencies),
            "propertyDependencies": {
                k: list(v) for k, v in sorted(self.property_dependencies.items())
            },
            "secretInputs": [".".join(path) for path in self.secret_inputs],
            "options": {
                "protect": self.protect,
                "retainOnDelete": self.retain_on_delete,
                "deleteBeforeReplace": self.delete_before_replace,
                "ignoreChanges": list(self.ignore_changes),
                "customTimeouts": dict(self.custom_timeouts),
                "aliases": list(self.aliases),
            },
        }


class Graph:
    """The resources and stack outputs of one synthesis, with queries.

    Args:
        resources: Every registered resource (any order; kept sorted by URN).
        outputs: Stack outputs, secrets masked.

    Examples:
        >>> Graph([], outputs={"vpc_id": "vpc-1"}).outputs["vpc_id"]
        'vpc-1'
    """

    def __init__(self, resources: Iterable[Resource], *, outputs: Mapping[str, Any]) -> None:
        self._by_urn: dict[str, Resource] = {
            r.urn: r for r in sorted(resources, key=lambda r: r.urn)
        }
        self.outputs: dict[str, Any] = dict(sorted(outputs.items()))
        # The graph never changes after synthesis: index children once, so subtree walks
        # (descendants, per-component summaries) cost the subtree, not the whole graph each step.
        self._children: dict[str, list[Resource]] = {}
        for res in self._by_urn.values():
            if res.parent is not None:
                self._children.setdefault(res.parent, []).append(res)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._by_urn.values())

    def __len__(self) -> int:
        return len(self._by_urn)

    @property
    def stack(self) -> Resource | None:
        """The root stack resource."""
        return next((r for r in self if r.type == STACK_TYPE), None)

    def get(self, urn: str) -> Resource:
        """The resource with ``urn``."""
        try:
            return self._by_urn[urn]
        except KeyError:
            raise IaccoreError(f"no resource with URN {urn!r}", urn=urn) from None

    def resources(
        self,
        type: str | None = None,
        *,
        name: str | None = None,
        parent: Resource | str | None = None,
        custom: bool | None = None,
    ) -> list[Resource]:
        """Resources matching every given filter; ``type`` may end in ``*`` as a prefix match."""
        parent_urn = parent.urn if isinstance(parent, Resource) else parent
        found = []
        for res in self:
            if type is not None:
                if type.endswith("*"):
                    if not res.type.startswith(type[:-1]):
                        continue
                elif res.type != type:
                    continue
            if name is not None and res.name != name:
                continue
            if parent_urn is not None and res.parent != parent_urn:
                continue
            if custom is not None and res.custom != custom:
                continue
            found.append(res)
        return found

    def one(self, type: str, name: str | None = None) -> Resource:
        """The single resource of ``type`` (and ``name``); raises naming what was found."""
        found = self.resources(type, name=name)
        if len(found) != 1:
            names = sorted(r.name for r in self.resources(type))
            raise IaccoreError(
                f"expected exactly one {type}"
                + (f" named {name!r}" if name else "")
                + f", found {len(found)}; resources of that type: {names}",
                type=type,
                name=name,
            )
        return found[0]

    def children(self, parent: Resource | str) -> list[Resource]:
        """Direct children of ``parent`` (a resource or URN)."""
        urn = parent.urn if isinstance(parent, Resource) else parent
        return list(self._children.get(urn, ()))

    def descendants(self, parent: Resource | str) -> list[Resource]:
        """Children, grandchildren and so on of ``parent``."""
        urn = parent.urn if isinstance(parent, Resource) else parent
        out: list[Resource] = []
        frontier = [urn]
        while frontier:
            current = frontier.pop()
            for child in self.children(current):
                out.append(child)
                frontier.append(child.urn)
        return sorted(out, key=lambda r: r.urn)

    def ancestors(self, resource: Resource) -> list[Resource]:
        """Parent, grandparent ... up to the stack."""
        out = []
        current = resource.parent
        while current and current in self._by_urn:
            node = self._by_urn[current]
            out.append(node)
            current = node.parent
        return out

    def custom_resources(self) -> list[Resource]:
        """Every custom resource that is not a provider."""
        return [r for r in self if r.custom and not r.is_provider]

    def counts_by_type(self) -> dict[str, int]:
        """How many resources of each type (custom and component), sorted by type."""
        counts: dict[str, int] = {}
        for res in self:
            if res.type == STACK_TYPE:
                continue
            counts[res.type] = counts.get(res.type, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form of the whole graph."""
        return {
            "version": 1,
            "resources": [r.to_dict() for r in self],
            "outputs": self.outputs,
        }
