"""Read the shape of a pulumi_aws resource from the SDK's own classes.

Each pulumi_aws resource class declares its properties with typed getters: a nested block is an
output type (``BucketVersioningVersioningConfiguration``), a list of blocks a ``Sequence`` of
one, a map a ``Mapping``. The bridge generates those types from the Terraform schema, so they
tell which Pulumi objects are Terraform blocks limited to one item (Terraform keeps those as
lists) without a hand-written list. The result is a tree of
``Attribute`` per type, cached for the process.

Examples:
    >>> fields = resource_schema("aws:s3/bucketVersioning:BucketVersioning")
    >>> fields["versioningConfiguration"].kind.value
    'block'
    >>> resource_schema("aws:nosuch/thing:Thing") is None
    True
"""

from __future__ import annotations

import collections.abc
import functools
import importlib
import keyword
import typing
from collections.abc import Mapping
from typing import Any

from iaccore.aws.tfplan.attributes import MAP, VALUE, VALUES, Attribute, Kind

__all__ = ["resource_class", "resource_schema"]

_SEQUENCES = (list, tuple, collections.abc.Sequence)
_MAPPINGS = (dict, collections.abc.Mapping)
# Output types can refer to themselves (recursive WAF statements): stop well before that.
_MAX_DEPTH = 12


def resource_class(token: str) -> type | None:
    """The pulumi_aws class of the type ``token`` (``aws:<module>/<name>:<Class>``), else None.

    Examples:
        >>> resource_class("aws:ec2/instance:Instance").__name__
        'Instance'
    """
    package, _, rest = token.partition(":")
    module_path, _, class_name = rest.partition(":")
    module_name = module_path.split("/", 1)[0]
    if package != "aws" or not module_name or not class_name:
        return None
    if keyword.iskeyword(module_name):
        module_name += "_"
    try:
        module = importlib.import_module(
            "pulumi_aws" if module_name == "index" else f"pulumi_aws.{module_name}"
        )
    except ImportError:
        return None
    found = getattr(module, class_name, None)
    return found if isinstance(found, type) else None


@functools.cache
def resource_schema(token: str) -> Mapping[str, Attribute] | None:
    """The attributes of the resource type ``token`` by Pulumi name, or None if the SDK has no
    class for it (or cannot be imported).

    Examples:
        >>> resource_schema("aws:ec2/vpc:Vpc")["tags"].kind.value
        'map'
    """
    cls = resource_class(token)
    if cls is None:
        return None
    from pulumi import _types

    try:
        types = _types.resource_types(cls)
    except Exception:  # an SDK class that cannot be read is reported by the caller, not fatal
        return None
    return {name: _attribute(hint, 0) for name, hint in sorted(types.items())}


def _attribute(hint: Any, depth: int) -> Attribute:
    from pulumi import _types

    origin = typing.get_origin(hint)
    if origin in _SEQUENCES:
        args = typing.get_args(hint)
        item = _types.unwrap_type(args[0]) if args else Any
        if _is_block(item):
            return Attribute(Kind.BLOCKS, _fields(item, depth))
        return VALUES
    if origin in _MAPPINGS:
        return MAP
    if _is_block(hint):
        return Attribute(Kind.BLOCK, _fields(hint, depth))
    return VALUE


def _is_block(hint: Any) -> bool:
    from pulumi import _types

    return isinstance(hint, type) and _types.is_output_type(hint)


def _fields(cls: type, depth: int) -> Mapping[str, Attribute]:
    if depth >= _MAX_DEPTH:
        return {}
    from pulumi import _types

    return {
        name: _attribute(hint, depth + 1)
        for name, hint in sorted(_types.output_type_types(cls).items())
    }
