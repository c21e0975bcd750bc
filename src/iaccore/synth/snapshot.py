"""URN snapshots: catch renames that would make Pulumi replace (delete and recreate) resources.

A snapshot is the sorted list of URNs (with types) one synthesis produced. Comparing a later
synthesis against it lists URNs that disappeared and URNs that are new. A disappeared URN is
acceptable only when a current resource carries an alias that resolves to it: Pulumi then moves
the resource instead of replacing it. Aliases are taken as recorded by the engine: a full URN,
or a spec ``name=...,type=...,parent=<urn>|noParent`` whose missing parts default to the
resource's own name, type and parent. Children inherit their parent's aliases, as the Pulumi
engine does.

Files ending in ``.json`` hold ``{"version": 1, "resources": [{"urn", "type"}]}``; any other
suffix holds one ``<urn> <type>`` line per resource.

Examples:
    >>> import pulumi, tempfile, pathlib
    >>> from iaccore.synth import synth
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "urns.json"
    >>> graph = synth(lambda: pulumi.export("x", 1))
    >>> write_snapshot(graph, path)
    >>> compare_snapshot(graph, path).ok
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from iaccore.core.errors import ConfigurationError, IaccoreError
from iaccore.synth.graph import STACK_TYPE, Graph, Resource

__all__ = [
    "SnapshotDiff",
    "compare_snapshot",
    "diff_urns",
    "make_urn",
    "read_snapshot",
    "resolve_aliases",
    "snapshot_text",
    "write_snapshot",
]


def _urn_parts(urn: str) -> tuple[str, str, str, str]:
    """``(stack, project, qualified type, name)`` of ``urn``."""
    head, project, qualified, name = urn.split("::", 3)
    return head.rsplit(":", 1)[1], project, qualified, name


def make_urn(*, stack: str, project: str, type_: str, name: str, parent_urn: str | None) -> str:
    """The URN Pulumi gives a resource: ``urn:pulumi:<stack>::<project>::<chain$type>::<name>``.

    Examples:
        >>> make_urn(stack="dev", project="p", type_="demo:storage/bucket:Bucket", name="b",
        ...          parent_urn="urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev")
        'urn:pulumi:dev::p::demo:storage/bucket:Bucket::b'
    """
    qualified = type_
    if parent_urn:
        parent_type = _urn_parts(parent_urn)[2]
        if parent_type != STACK_TYPE:
            qualified = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def _alias_urn(alias: str, resource: Resource, default_parent: str | None) -> str:
    if alias.startswith("urn:pulumi:"):
        return alias
    stack, project, _, _ = _urn_parts(resource.urn)
    fields: dict[str, str] = {}
    no_parent = False
    for part in alias.split(","):
        key, sep, value = part.partition("=")
        if key == "noParent" and not sep:
            no_parent = True
        elif sep:
            fields[key] = value
    parent = None if no_parent else (fields.get("parent") or default_parent)
    return make_urn(
        stack=stack,
        project=project,
        type_=fields.get("type") or resource.type,
        name=fields.get("name") or resource.name,
        parent_urn=parent,
    )


def resolve_aliases(graph: Graph) -> dict[str, set[str]]:
    """Every URN each resource of ``graph`` may previously have had (its aliases, resolved).

    A child of an aliased parent also answers to its URN under each of the parent's old URNs;
    when the child's name starts with the parent's name, the old parent name is substituted too.
    """
    resolved: dict[str, set[str]] = {}

    def old_urns(resource: Resource) -> set[str]:
        if resource.urn in resolved:
            return resolved[resource.urn]
        resolved[resource.urn] = set()  # guards against cycles
        found = {_alias_urn(a, resource, resource.parent) for a in resource.aliases}
        if resource.parent:
            try:
                parent: Resource | None = graph.get(resource.parent)
            except IaccoreError:
                parent = None
            if parent is not None:
                for old_parent in old_urns(parent):
                    names = {resource.name}
                    old_parent_name = _urn_parts(old_parent)[3]
                    if resource.name.startswith(parent.name):
                        names.add(old_parent_name + resource.name[len(parent.name) :])
                    stack, project, _, _ = _urn_parts(resource.urn)
                    found.update(
                        make_urn(
                            stack=stack,
                            project=project,
                            type_=resource.type,
                            name=name,
                            parent_urn=old_parent,
                        )
                        for name in names
                    )
        found.discard(resource.urn)
        resolved[resource.urn] = found
        return found

    for res in graph:
        old_urns(res)
    return resolved


def _entries(graph: Graph) -> list[tuple[str, str]]:
    return [(res.urn, res.type) for res in graph]


def snapshot_text(graph: Graph, *, fmt: str = "json") -> str:
    """The snapshot file content for ``graph`` (``fmt`` is ``json`` or ``text``)."""
    entries = _entries(graph)
    if fmt == "json":
        body = {"version": 1, "resources": [{"urn": u, "type": t} for u, t in entries]}
        return json.dumps(body, indent=2, sort_keys=True) + "\n"
    return "".join(f"{urn} {type_}\n" for urn, type_ in entries)


def write_snapshot(graph: Graph, path: str | Path) -> None:
    """Write the URN snapshot of ``graph`` to ``path`` (JSON when it ends in ``.json``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fmt = "json" if target.suffix == ".json" else "text"
    target.write_text(snapshot_text(graph, fmt=fmt), encoding="utf-8")


def read_snapshot(path: str | Path) -> dict[str, str]:
    """``{urn: type}`` from a snapshot file written by ``write_snapshot``.

    Raises:
        ConfigurationError: the file is missing or not a snapshot.
    """
    source = Path(path)
    if not source.is_file():
        raise ConfigurationError(
            "snapshot file not found", file=str(source), hint="write it with --update"
        )
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".json":
        try:
            data = json.loads(text)
            return {str(e["urn"]): str(e["type"]) for e in data["resources"]}
        except (ValueError, KeyError, TypeError) as err:
            raise ConfigurationError(
                f"not an iaccore URN snapshot: {err}", file=str(source)
            ) from None
    out: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        urn, _, type_ = line.strip().partition(" ")
        if not urn.startswith("urn:pulumi:"):
            raise ConfigurationError(
                "not an iaccore URN snapshot line",
                file=str(source),
                line=number,
                expected="<urn> <type>",
            )
        out[urn] = type_
    return out


@dataclass(frozen=True)
class SnapshotDiff:
    """Differences between a snapshot and a synthesis.

    Attributes:
        removed: Old URNs no current resource answers to (Pulumi would delete them).
        added: Current URNs that are not in the snapshot and alias no old URN.
        moved: ``{old urn: new urn}`` for renames covered by an alias.

    Examples:
        >>> diff = SnapshotDiff(removed=("urn:a",), added=("urn:b",))
        >>> diff.ok
        False
        >>> print(diff.render().splitlines()[0])
        URN snapshot: 1 removed (would be replaced), 1 added, 0 moved by alias
    """

    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    moved: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No URN disappeared without an alias (new resources are fine)."""
        return not self.removed

    @property
    def unchanged(self) -> bool:
        """The synthesis has exactly the snapshot's URNs."""
        return not (self.removed or self.added or self.moved)

    def render(self) -> str:
        """A human-readable report of the differences."""
        lines = [
            f"URN snapshot: {len(self.removed)} removed (would be replaced), "
            f"{len(self.added)} added, {len(self.moved)} moved by alias"
        ]
        lines.extend(f"- {urn}" for urn in self.removed)
        lines.extend(f"+ {urn}" for urn in self.added)
        lines.extend(f"~ {old}\n  -> {new}" for old, new in sorted(self.moved.items()))
        if self.removed:
            lines.append(
                "Resources that disappeared would be deleted and recreated; if they were "
                "renamed or moved, add `aliases=[...]` to their ResourceOptions."
            )
        return "\n".join(lines)


def diff_urns(graph: Graph, old: Iterable[str]) -> SnapshotDiff:
    """Compare ``graph`` with the URNs ``old``."""
    previous = set(old)
    current = {res.urn for res in graph}
    aliases = resolve_aliases(graph)
    moved: dict[str, str] = {}
    explained: set[str] = set()
    for urn in sorted(current - previous):
        for old_urn in sorted(aliases.get(urn, set()) & previous):
            if old_urn not in current:
                moved.setdefault(old_urn, urn)
                explained.add(urn)
    removed = tuple(sorted(previous - current - set(moved)))
    added = tuple(sorted(current - previous - explained))
    return SnapshotDiff(removed=removed, added=added, moved=dict(sorted(moved.items())))


def compare_snapshot(graph: Graph, path: str | Path) -> SnapshotDiff:
    """Compare ``graph`` with the snapshot at ``path``."""
    return diff_urns(graph, read_snapshot(path))
