"""Config of EKS managed node groups: ``NodeGroupConfig`` and ``Taint`` (no Pulumi import).

Re-exported by ``iaccore.aws.eks.config``. Defaults: IMDSv2 only with a hop limit of 1 (pods
cannot reach the node role's credentials; they use IRSA or EKS Pod Identity), encrypted gp3 disks
for every AMI family, Amazon Linux 2023 nodes.

Examples:
    >>> NodeGroupConfig().metadata_hop_limit
    1
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator, model_validator

from iaccore.aws.limits import EKS_MAX_TAINTS_PER_NODE_GROUP
from iaccore.aws.types import AmiId, InstanceType
from iaccore.core.config.base import Field, IaccoreModel

__all__ = ["AMI_TYPES", "CUSTOM_AMI_TYPE", "NodeGroupConfig", "Taint"]

#: The AMI type of a node group whose launch template names its own AMI (``ami_id``).
CUSTOM_AMI_TYPE = "CUSTOM"

#: Managed node group AMI types (EKS API ``amiType``). Amazon Linux 2 types are left out: EKS
#: publishes no AL2 AMIs from Kubernetes 1.33 on.
AMI_TYPES: tuple[str, ...] = (
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
    "AL2023_x86_64_NVIDIA",
    "AL2023_ARM_64_NVIDIA",
    "AL2023_x86_64_NEURON",
    "BOTTLEROCKET_x86_64",
    "BOTTLEROCKET_ARM_64",
    "BOTTLEROCKET_x86_64_NVIDIA",
    "BOTTLEROCKET_ARM_64_NVIDIA",
    "BOTTLEROCKET_x86_64_FIPS",
    "BOTTLEROCKET_ARM_64_FIPS",
    "WINDOWS_CORE_2019_x86_64",
    "WINDOWS_FULL_2019_x86_64",
    "WINDOWS_CORE_2022_x86_64",
    "WINDOWS_FULL_2022_x86_64",
    CUSTOM_AMI_TYPE,
)


class Taint(IaccoreModel):
    """A Kubernetes taint on every node of a node group.

    Examples:
        >>> Taint(key="dedicated", value="gpu", effect="NO_SCHEDULE").effect
        'NO_SCHEDULE'
    """

    key: str = Field(min_length=1, max_length=63, description="Taint key.")
    value: str | None = Field(None, max_length=63, description="Taint value; none when unset.")
    effect: Literal["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] = Field(
        description="NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
    )


class NodeGroupConfig(IaccoreModel):
    """An EKS managed node group.

    Examples:
        >>> NodeGroupConfig(min=1, max=3).desired_size
        1
        >>> NodeGroupConfig(ami_type="CUSTOM", ami_id="ami-0123456789abcdef0").is_custom_ami
        True
    """

    instance_types: tuple[InstanceType, ...] = Field(
        ("m6i.large",), min_length=1, description="Instance types; default m6i.large."
    )
    capacity_type: Literal["ON_DEMAND", "SPOT"] = Field(
        "ON_DEMAND", description="ON_DEMAND (default) or SPOT capacity."
    )
    min: int = Field(2, ge=0, description="Minimum node count; default 2.")
    desired: int | None = Field(
        None, ge=0, description="Initial node count; unset starts at `min`."
    )
    max: int = Field(4, ge=1, description="Maximum node count; default 4.")
    disk_size_gib: int = Field(
        50,
        ge=1,
        le=16384,
        description="Size in GiB of the volume that holds images and pods (the root volume; "
        "Bottlerocket's data volume /dev/xvdb).",
    )
    labels: dict[str, str] = Field(default_factory=dict, description="Kubernetes node labels.")
    taints: tuple[Taint, ...] = Field(
        (),
        max_length=EKS_MAX_TAINTS_PER_NODE_GROUP,
        description="Kubernetes taints on every node; none by default.",
    )
    ami_type: str = Field(
        "AL2023_x86_64_STANDARD", description=f"AMI type, one of {', '.join(AMI_TYPES)}."
    )
    ami_id: AmiId | None = Field(
        None,
        description="With `ami_type: CUSTOM` (and only then): an Amazon Linux 2023 based EKS "
        "node AMI, bootstrapped with a nodeadm NodeConfig; its Kubernetes version is the AMI's.",
    )
    max_unavailable: int | None = Field(
        None, ge=1, le=100, description="Nodes replaced at once on update; unset means 1."
    )
    max_unavailable_percentage: int | None = Field(
        None, ge=1, le=100, description="Nodes replaced at once, as a percentage; unset."
    )
    tags: dict[str, str] = Field(default_factory=dict, description="Extra tags on the group.")
    metadata_hop_limit: int = Field(
        1,
        ge=1,
        le=64,
        description="IMDSv2 PUT response hop limit; 1 (default) keeps instance metadata and the "
        "node role's credentials on the host (pods use IRSA or EKS Pod Identity); 2 lets pods "
        "reach it.",
    )

    @field_validator("ami_type")
    @classmethod
    def _check_ami_type(cls, value: str) -> str:
        if value not in AMI_TYPES:
            raise ValueError(
                f"ami_type {value!r} is not supported; allowed: {', '.join(AMI_TYPES)}"
            )
        return value

    @model_validator(mode="after")
    def _check_sizes(self) -> NodeGroupConfig:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be ≤ max ({self.max})")
        if self.desired is not None and not self.min <= self.desired <= self.max:
            raise ValueError(
                f"desired ({self.desired}) must be between min ({self.min}) and max ({self.max})"
            )
        if self.max_unavailable is not None and self.max_unavailable_percentage is not None:
            raise ValueError("set max_unavailable or max_unavailable_percentage, not both")
        return self

    @model_validator(mode="after")
    def _check_custom_ami(self) -> NodeGroupConfig:
        # EKS needs an image in the launch template for CUSTOM, and refuses one otherwise.
        if self.is_custom_ami and self.ami_id is None:
            raise ValueError(
                "ami_id: ami_type CUSTOM needs the AMI to launch; set ami_id to an Amazon "
                "Linux 2023 based EKS node AMI (ami-…), or choose an EKS AMI type"
            )
        if not self.is_custom_ami and self.ami_id is not None:
            raise ValueError(
                f"ami_id: an AMI id is only used with ami_type CUSTOM (this group has "
                f"{self.ami_type}); set ami_type: CUSTOM or remove ami_id"
            )
        return self

    @property
    def desired_size(self) -> int:
        """The initial node count: ``desired``, or ``min`` when unset."""
        return self.min if self.desired is None else self.desired

    @property
    def is_custom_ami(self) -> bool:
        """Whether the launch template names the AMI (``ami_type: CUSTOM``)."""
        return self.ami_type == CUSTOM_AMI_TYPE
