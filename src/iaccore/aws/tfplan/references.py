"""References between resources, rebuilt as a Terraform plan records them.

In a first ``terraform plan`` an attribute set from another resource's ``id`` or ``arn`` is
unknown (the other resource does not exist yet): Terraform leaves it out of the planned values,
marks it in ``after_unknown``, and records ``references`` in the configuration's expressions.
Scanners connect resources through exactly those references (checkov's "bucket has a public
access block" is an edge from the access block's ``bucket`` to the bucket).

``resolve_block`` does the same for one resource's Terraform values: a value equal to an
attribute of a resource it depends on (its Pulumi ``propertyDependencies``), or, for attributes
without dependencies, equal to the ``id`` or ARN of another resource, becomes a reference.
A value that merely contains such an attribute (a policy document quoting an ARN) keeps its
value and records the reference too: more than a real plan shows, so that policy checks still
see the document. Pure: no Pulumi import.

Examples:
    >>> bucket = Target("aws_s3_bucket.logs", {"id": "logs-1", "arn": "arn:aws:s3:::logs-1"})
    >>> known, unknown, expressions = resolve_block({"bucket": "logs-1", "block": True},
    ...                                             {"bucket": (bucket,)}, {})
    >>> known, unknown
    ({'block': True}, {'bucket': True})
    >>> expressions["bucket"]
    {'references': ['aws_s3_bucket.logs.id', 'aws_s3_bucket.logs']}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["UNKNOWN_TEXT", "Target", "resolve_block"]

#: How the graph shows a value unknown at synthesis time.
UNKNOWN_TEXT = "[unknown]"
# Shorter values are too likely to appear inside unrelated text to count as references.
_MIN_CONTAINED = 12
_MISSING = object()


@dataclass(frozen=True)
class Target:
    """A resource other resources may refer to: its address and referable attribute values.

    ``attributes`` maps Terraform attribute names to values, most specific first (``id``,
    ``arn``, ``name``, then the rest).

    Examples:
        >>> Target("aws_vpc.core", {"id": "vpc-1"}).reference("vpc-1")
        'aws_vpc.core.id'
    """

    address: str
    attributes: Mapping[str, str]

    def reference(self, value: str) -> str | None:
        """``<address>.<attribute>`` of the first attribute equal to ``value``, else None."""
        for name, candidate in self.attributes.items():
            if candidate == value:
                return f"{self.address}.{name}"
        return None

    def contained_in(self, text: str) -> str | None:
        """``<address>.<attribute>`` of the first id or ARN quoted inside ``text``, else None."""
        for name in ("id", "arn"):
            candidate = self.attributes.get(name)
            if candidate and len(candidate) >= _MIN_CONTAINED and candidate in text:
                return f"{self.address}.{name}"
        return None


def _references(found: Sequence[str]) -> dict[str, list[str]]:
    # Terraform lists each attribute reference followed by the resource it belongs to.
    out: list[str] = []
    for reference in found:
        for item in (reference, reference.rsplit(".", 1)[0]):
            if item not in out:
                out.append(item)
    return {"references": out}


@dataclass(frozen=True)
class _Fallback:
    """References by ``id``/ARN value, for attributes without dependencies, except ``own``."""

    by_value: Mapping[str, str]
    own: str

    def get(self, value: str) -> str | None:
        found = self.by_value.get(value)
        return None if found is None or found.startswith(self.own + ".") else found


def _reference(value: str, targets: Sequence[Target], fallback: _Fallback) -> str | None:
    for target in targets:
        found = target.reference(value)
        if found:
            return found
    return None if targets else fallback.get(value)


def _resolve(value: Any, targets: Sequence[Target], fallback: _Fallback) -> tuple[Any, Any, Any]:
    """``(known value or _MISSING, after_unknown shape or False, expression)`` of one value."""
    if isinstance(value, str):
        if value == UNKNOWN_TEXT:
            return _MISSING, True, {}
        found = _reference(value, targets, fallback)
        if found:
            return _MISSING, True, _references([found])
        inside = [hit for target in targets if (hit := target.contained_in(value))]
        if inside:
            return value, False, _references(inside)
        return value, False, {"constant_value": value}
    if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
        parts = [_block(item, dict.fromkeys(item, targets), fallback) for item in value]
        unknown = [part[1] for part in parts]
        return (
            [part[0] for part in parts],
            unknown if any(unknown) else False,
            [part[2] for part in parts],
        )
    if isinstance(value, list):
        found_all = [
            hit
            for item in value
            if isinstance(item, str) and (hit := _reference(item, targets, fallback))
        ]
        if found_all or UNKNOWN_TEXT in value:
            return _MISSING, True, _references(found_all) if found_all else {}
    return value, False, {"constant_value": value}


def resolve_block(
    values: Mapping[str, Any],
    targets: Mapping[str, Sequence[Target]],
    fallback: Mapping[str, str],
    own: str = "",
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Split Terraform ``values`` into known values, ``after_unknown`` and expressions.

    Args:
        values: Terraform attribute values of one resource (or nested block).
        targets: For each attribute, the resources it depends on.
        fallback: ``id``/ARN value to reference, for attributes with no dependency.
        own: The resource's own address, never referenced from its own values.

    Returns:
        The values without unknown ones, the ``after_unknown`` map and the configuration
        ``expressions`` (``constant_value`` or ``references`` per attribute).

    Examples:
        >>> known, unknown, expressions = resolve_block(
        ...     {"subnet_id": "subnet-1"}, {}, {"subnet-1": "aws_subnet.a.id"})
        >>> known, unknown, expressions["subnet_id"]["references"]
        ({}, {'subnet_id': True}, ['aws_subnet.a.id', 'aws_subnet.a'])
    """
    return _block(values, targets, _Fallback(fallback, own))


def _block(
    values: Mapping[str, Any], targets: Mapping[str, Sequence[Target]], fallback: _Fallback
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    known: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    expressions: dict[str, Any] = {}
    for key, value in values.items():
        value_known, value_unknown, expression = _resolve(value, targets.get(key, ()), fallback)
        if value_known is not _MISSING:
            known[key] = value_known
        if value_unknown:
            unknown[key] = value_unknown
        expressions[key] = expression
    return known, unknown, expressions
