"""Config of EKS managed add-ons: ``AddonConfig`` and the version policy (no Pulumi import).

Re-exported by ``iaccore.aws.eks.config``. An add-on's ``version`` is a policy or a pin:

- ``default`` (the default): the version EKS marks as default for the cluster's Kubernetes
  version, looked up at every deploy (``aws.eks.get_addon_version``), so raising the cluster's
  ``version`` moves the add-ons along in the same update;
- ``latest``: the newest version compatible with the cluster's Kubernetes version;
- a pinned version such as ``v1.19.0-eksbuild.1``: exactly that one (you upgrade it).

``preserve`` (default true) keeps the add-on's software in the cluster when the add-on resource
is deleted, so ``enabled: false`` on ``vpc-cni`` does not remove ``aws-node`` from running nodes.

Examples:
    >>> AddonConfig().version, AddonConfig().preserve
    ('default', True)
    >>> AddonConfig(version="latest").most_recent
    True
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import field_validator

from iaccore.core.config.base import Field, IaccoreModel

__all__ = ["ADDON_VERSION_POLICIES", "DEFAULT_ADDONS", "AddonConfig", "default_addons"]

#: Add-ons every cluster gets unless disabled (``enabled: false``).
DEFAULT_ADDONS: tuple[str, ...] = (
    "vpc-cni",
    "coredns",
    "kube-proxy",
    "eks-pod-identity-agent",
    "aws-ebs-csi-driver",
)

#: ``version`` values that are resolved at deploy time rather than pinned.
ADDON_VERSION_POLICIES: tuple[str, ...] = ("default", "latest")

# EKS add-on versions look like v1.19.0-eksbuild.1 (marketplace add-ons may omit the build).
_PINNED = re.compile(r"^v\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


class AddonConfig(IaccoreModel):
    """An EKS add-on.

    Examples:
        >>> AddonConfig(version="v1.19.0-eksbuild.1").pinned_version
        'v1.19.0-eksbuild.1'
    """

    enabled: bool = Field(True, description="Install the add-on.")
    version: str = Field(
        "default",
        description="`default` (the default: EKS's default version for the cluster's Kubernetes "
        "version, resolved at each deploy so cluster upgrades carry the add-on along), `latest` "
        "(newest compatible version) or a pinned version such as `v1.19.0-eksbuild.1`.",
    )
    preserve: bool = Field(
        True,
        description="Keep the add-on's software in the cluster when the add-on resource is "
        "deleted (default), so disabling it does not remove running components.",
    )
    resolve_conflicts_on_create: Literal["NONE", "OVERWRITE"] = Field(
        "OVERWRITE", description="Conflict handling on create: NONE or OVERWRITE."
    )
    resolve_conflicts_on_update: Literal["NONE", "OVERWRITE", "PRESERVE"] = Field(
        "OVERWRITE", description="Conflict handling on update: NONE, OVERWRITE or PRESERVE."
    )
    configuration_values: dict[str, Any] | None = Field(
        None, description="Add-on configuration (the JSON schema EKS publishes); default none."
    )

    @field_validator("version")
    @classmethod
    def _check_version(cls, value: str) -> str:
        if value in ADDON_VERSION_POLICIES or _PINNED.match(value):
            return value
        raise ValueError(
            f"add-on version {value!r} is neither a policy nor a version; use default, latest "
            "or a version such as v1.19.0-eksbuild.1 (aws eks describe-addon-versions)"
        )

    @property
    def pinned_version(self) -> str | None:
        """The pinned version, or None when ``version`` is a policy resolved at deploy time."""
        return None if self.version in ADDON_VERSION_POLICIES else self.version

    @property
    def most_recent(self) -> bool:
        """Whether the policy asks for the newest compatible version (``latest``)."""
        return self.version == "latest"


def default_addons() -> dict[str, AddonConfig]:
    """A fresh ``{name: AddonConfig()}`` for every ``DEFAULT_ADDONS`` entry.

    Examples:
        >>> sorted(default_addons())[:2]
        ['aws-ebs-csi-driver', 'coredns']
    """
    return {name: AddonConfig() for name in DEFAULT_ADDONS}
