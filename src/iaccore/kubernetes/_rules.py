"""Pure rules of Kubernetes objects: DNS-1123 names, quantities, pinned images, standard labels.

No Pulumi import; the Namespace and Application components and their config models use these.

Examples:
    >>> is_dns1123_label("api"), is_dns1123_label("API")
    (True, False)
    >>> parse_quantity("250m") < parse_quantity("1")
    True
    >>> image_problem("ghcr.io/acme/api:latest")
    "the tag 'latest' is not pinned; use a version tag or a digest (@sha256:...)"
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator

from iaccore.core.errors import ConfigurationError

__all__ = [
    "MANAGED_BY",
    "DnsLabel",
    "dns1123_label_problem",
    "image_problem",
    "is_dns1123_label",
    "parse_quantity",
    "quantity_problem",
    "require_dns_label",
    "standard_labels",
]

#: Value of ``app.kubernetes.io/managed-by`` on every object iaccore creates.
MANAGED_BY = "iaccore"

# Kubernetes: "Object Names and IDs", RFC 1123 label names (at most 63 characters).
_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1123_MAX = 63
# Kubernetes: "Resource Management for Pods and Containers", quantity format.
_QUANTITY = re.compile(
    r"^(?P<num>(\d+(\.\d*)?|\.\d+))(?P<suffix>[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$"
)
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def dns1123_label_problem(name: str) -> str | None:
    """Why ``name`` is not a DNS-1123 label (a valid object name), or None.

    Examples:
        >>> dns1123_label_problem("payments-api") is None
        True
        >>> "not a DNS-1123 label" in dns1123_label_problem("Payments_API")
        True
    """
    if len(name) > _DNS1123_MAX:
        return f"{name!r} is longer than {_DNS1123_MAX} characters"
    if not _DNS1123_LABEL.match(name):
        return (
            f"{name!r} is not a DNS-1123 label: lowercase letters, digits and '-', "
            "starting and ending with a letter or digit"
        )
    return None


def require_dns_label(value: str, *, what: str, key_path: str, hint: str = "") -> None:
    """Raise a ``ConfigurationError`` at ``key_path`` unless ``value`` is a DNS-1123 label.

    Examples:
        >>> require_dns_label("apps", what="namespace", key_path="Namespace(apps).name")
    """
    problem = dns1123_label_problem(value)
    if problem:
        raise ConfigurationError(
            f"{what} {problem}{hint}", key_path=key_path, expected="a DNS-1123 label"
        )


def _check_dns_label(value: str) -> str:
    problem = dns1123_label_problem(value)
    if problem:
        raise ValueError(problem)
    return value


#: A config string that must be a DNS-1123 label (an object or namespace name).
DnsLabel = Annotated[str, AfterValidator(_check_dns_label)]


def is_dns1123_label(name: str) -> bool:
    """``name`` is a valid DNS-1123 label.

    Examples:
        >>> is_dns1123_label("a" * 64)
        False
    """
    return dns1123_label_problem(name) is None


def parse_quantity(text: str) -> Decimal:
    """The value of a Kubernetes quantity (``250m``, ``1``, ``512Mi``, ``1e3``).

    Raises:
        ValueError: ``text`` is not a non-negative quantity.

    Examples:
        >>> parse_quantity("512Mi") == 512 * 1024**2
        True
    """
    match = _QUANTITY.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a Kubernetes quantity (such as 250m, 1, 512Mi)")
    number = Decimal(match["num"])
    suffix = match["suffix"] or ""
    if suffix in _BINARY:
        return number * (Decimal(1024) ** _BINARY[suffix])
    if suffix in _DECIMAL:
        return number.scaleb(_DECIMAL[suffix])
    return number.scaleb(int(suffix[1:]))


def quantity_problem(text: str) -> str | None:
    """Why ``text`` is not a quantity, or None.

    Examples:
        >>> quantity_problem("1Gb")
        "'1Gb' is not a Kubernetes quantity (such as 250m, 1, 512Mi)"
    """
    try:
        parse_quantity(text)
    except ValueError as err:
        return str(err)
    return None


def image_problem(image: str) -> str | None:
    """Why ``image`` is not pinned by a tag or digest, or None.

    Examples:
        >>> image_problem("ghcr.io/acme/api:1.4.2") is None
        True
        >>> image_problem("ghcr.io/acme/api")
        'the image has no tag; pin it with a version tag or a digest (@sha256:...)'
    """
    if not image or image != image.strip():
        return "the image reference is empty or has surrounding spaces"
    if "@" in image:
        if _DIGEST.search(image):
            return None
        return "the digest must be @sha256: followed by 64 lowercase hex digits"
    last = image.rsplit("/", 1)[-1]
    _, colon, tag = last.partition(":")
    if not colon or not tag:
        return "the image has no tag; pin it with a version tag or a digest (@sha256:...)"
    if tag == "latest":
        return "the tag 'latest' is not pinned; use a version tag or a digest (@sha256:...)"
    return None


def standard_labels(name: str, component: str, part_of: str | None = None) -> dict[str, str]:
    """The recommended ``app.kubernetes.io/*`` labels of an object.

    Examples:
        >>> standard_labels("api", "application")["app.kubernetes.io/managed-by"]
        'iaccore'
    """
    labels = {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }
    if part_of:
        labels["app.kubernetes.io/part-of"] = part_of
    return labels
