"""Physical names of a Linux VM (pure logic, no Pulumi import).

The VM resource is ``vm-<name>`` (Cloud Adoption Framework abbreviation) and its host name is
``<name>``, both squeezed to what Azure accepts: letters, digits and hyphens, at most 64
characters, shortened with a hash when longer; the same input always gives the same name.

Examples:
    >>> vm_resource_name("web"), computer_name("Web_01")
    ('vm-web', 'web-01')
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["MAX_NAME_LENGTH", "computer_name", "vm_resource_name"]

#: Longest Linux VM name and host name Azure accepts.
MAX_NAME_LENGTH = 64
_HASH = 6


def _squeeze(text: str) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", text.lower())
    name = re.sub(r"-{2,}", "-", name).strip("-")
    if len(name) > MAX_NAME_LENGTH:
        digest = hashlib.sha256(text.encode()).hexdigest()[:_HASH]
        name = f"{name[: MAX_NAME_LENGTH - _HASH - 1].rstrip('-')}-{digest}"
    return name


def vm_resource_name(name: str) -> str:
    """The VM's Azure resource name: ``vm-<name>``.

    Examples:
        >>> len(vm_resource_name("x" * 100))
        64
    """
    return _squeeze(f"vm-{name}")


def computer_name(name: str) -> str:
    """The VM's host name: ``<name>`` in letters, digits and hyphens, not all digits.

    Examples:
        >>> computer_name("42")
        'vm-42'
    """
    squeezed = _squeeze(name)
    if not squeezed or squeezed.replace("-", "").isdigit():
        return _squeeze(f"vm-{name}")
    return squeezed
