"""Cross-section checks of the ``iaccore:aws`` section: refuse at validate time what synth would.

``AwsSection.check_in_stack`` runs these once
the whole stack config is valid, so ``iaccore validate`` (and ``load_stack`` in a program)
refuse, naming the key and its file and line, what a component would refuse later with no
position at all:

* tags: the tags every resource of a component carries (metadata, compliance, section,
  component and ``Name`` tags, plus the subnet tags of a VPC) must stay within AWS's 50 per
  resource, and no two keys may become the same once sanitized (``a#b`` and ``a_b``);
* availability zones: explicit AZ names must belong to the region of the VPC's provider;
  a VPC that holds EKS clusters needs its private tier in at least two AZs;
* numbers: node group sizes must fit the EKS API's 32-bit integers (``max: 10**23`` is a typo,
  not a quota).

Pure logic (no ``pulumi_aws`` import). Each check raises ``ValueError("aws.<key>: ...")``.

Examples:
    >>> from iaccore.aws.config import AwsSection
    >>> from iaccore.core.config.stack import StackConfig
    >>> aws = AwsSection(region="eu-west-1", vpc={"azs": ["us-east-1a", "eu-west-1b"]})
    >>> check_aws_stack(aws, StackConfig())
    Traceback (most recent call last):
    ...
    ValueError: aws.vpc.azs: availability zone 'us-east-1a' is not in region eu-west-1 ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from iaccore.aws.tags import AWS_TAG_RULES
from iaccore.core.errors import ConfigurationError, MetadataError
from iaccore.core.metadata.build import MANAGED_BY, TAG_PREFIX
from iaccore.core.metadata.compliance import compliance_tags
from iaccore.core.metadata.tags import sanitize_tags

if TYPE_CHECKING:
    from iaccore.aws.config import AwsSection
    from iaccore.aws.network.config import VpcConfig

__all__ = [
    "EKS_API_MAX_INT",
    "check_availability_zones",
    "check_aws_stack",
    "check_node_group_sizes",
    "check_tags",
]

#: Largest integer the EKS API takes for a node group size (a 32-bit signed integer).
EKS_API_MAX_INT = 2**31 - 1
#: Subnet tags every VPC adds besides the component's: the load-balancer role tag.
_SUBNET_ROLE_TAG = "kubernetes.io/role/elb"
_CLUSTER_TAG = "kubernetes.io/cluster/{}"


def _base_tags(aws: AwsSection, stack: Any) -> dict[str, str]:
    """The tags every AWS resource of the stack gets before its component's own."""
    project = getattr(stack, "project", None)
    tags = {
        f"{TAG_PREFIX}project": str(getattr(project, "name", None) or "project"),
        f"{TAG_PREFIX}environment": str(getattr(project, "environment", None) or "stack"),
        f"{TAG_PREFIX}stack": str(getattr(project, "environment", None) or "stack"),
    }
    owner, cost_center = getattr(project, "owner", None), getattr(project, "cost_center", None)
    if owner:
        tags[f"{TAG_PREFIX}owner"] = str(owner)
    if cost_center:
        tags[f"{TAG_PREFIX}cost-center"] = str(cost_center)
    tags[f"{TAG_PREFIX}managed-by"] = MANAGED_BY
    compliance = getattr(stack, "compliance", None)
    if compliance is not None:
        # an unknown framework is refused by the compliance section itself
        with contextlib.suppress(ConfigurationError):
            tags.update(compliance_tags(compliance))
    tags.update(aws.tags)
    return tags


def _components(aws: AwsSection) -> Iterator[tuple[str, Mapping[str, str], Mapping[str, str]]]:
    """``(key path, component tags, extra per-child tags)`` of every configured component."""
    vpcs: list[tuple[str, VpcConfig]] = [("aws.vpc", aws.vpc)] if aws.vpc is not None else []
    vpcs += [(f"aws.vpcs.{name}", vpc) for name, vpc in aws.vpcs.items()]
    for where, vpc in vpcs:
        extra = {_CLUSTER_TAG.format(name): "shared" for name in vpc.eks_cluster_names}
        extra[_SUBNET_ROLE_TAG] = "1"
        yield where, vpc.tags, extra
    for name, bucket in aws.buckets.items():
        yield f"aws.buckets.{name}", bucket.tags, {}
    for name, instance in aws.instances.items():
        yield f"aws.instances.{name}", instance.tags, {}
    for name, role in aws.iam_roles.items():
        yield f"aws.iam_roles.{name}", role.tags, {}
    for name, cluster in aws.eks.clusters.items():
        where = f"aws.eks.clusters.{name}"
        yield where, cluster.tags, {}
        for group_name, group in cluster.node_groups.items():
            yield f"{where}.node_groups.{group_name}", {**cluster.tags, **group.tags}, {}


def check_tags(aws: AwsSection, stack: Any) -> None:
    """Refuse tag sets AWS would refuse on some resource: too many, or keys that collide.

    The key path is the component's ``tags`` when it has its own, else ``aws.tags``.
    """
    base = _base_tags(aws, stack)
    candidates: list[tuple[str, Mapping[str, str], Mapping[str, str]]] = [("aws", {}, {})]
    candidates += list(_components(aws))
    for where, own, extra in candidates:
        tags = {**base, **own, AWS_TAG_RULES.name_key or "Name": "name"}
        tags.update(extra)
        try:
            sanitize_tags(tags, AWS_TAG_RULES)
        except MetadataError as err:
            path = f"{where}.tags" if own else "aws.tags"
            raise ValueError(
                f"{path}: {err.message}: a resource of {where} would carry these tags "
                f"(metadata, compliance, aws.tags and its own; at most "
                f"{AWS_TAG_RULES.max_tags})"
            ) from None


def _region_of(aws: AwsSection, provider: str | None) -> str | None:
    if provider is not None and provider != "default":
        settings = aws.providers.get(provider)
        if settings is not None and settings.region:
            return settings.region
    return aws.region


def check_availability_zones(aws: AwsSection) -> None:
    """Refuse AZ names outside the VPC's region and EKS VPCs with fewer than two private AZs."""
    vpcs: list[tuple[str, VpcConfig]] = [("aws.vpc", aws.vpc)] if aws.vpc is not None else []
    vpcs += [(f"aws.vpcs.{name}", vpc) for name, vpc in aws.vpcs.items()]
    for where, vpc in vpcs:
        if not isinstance(vpc.azs, int):
            region = _region_of(aws, vpc.provider)
            regions = {az[:-1] for az in vpc.azs}
            for az in vpc.azs:
                if region is not None and az[:-1] != region:
                    raise ValueError(
                        f"{where}.azs: availability zone {az!r} is not in region {region} "
                        f"(the region of provider {vpc.provider or 'default'}); expected "
                        f"names such as {region}a"
                    )
            if region is None and len(regions) > 1:
                raise ValueError(
                    f"{where}.azs: availability zones of several regions "
                    f"({', '.join(sorted(regions))}); a VPC lives in one region"
                )
        if vpc.eks_cluster_names:
            private = vpc.tiers.private.enabled
            if not private or vpc.az_count < 2:
                raise ValueError(
                    f"{where}.azs: the VPC holds EKS clusters "
                    f"({', '.join(vpc.eks_cluster_names)}) but has private subnets in fewer "
                    "than two availability zones; EKS needs two (expected the private tier "
                    "enabled and azs of 2 or more)"
                )


def check_node_group_sizes(aws: AwsSection) -> None:
    """Refuse node group sizes beyond what the EKS API can take (a 32-bit integer)."""
    for name, cluster in aws.eks.clusters.items():
        for group_name, group in cluster.node_groups.items():
            for field in ("min", "desired", "max"):
                value = getattr(group, field)
                if value is not None and value > EKS_API_MAX_INT:
                    raise ValueError(
                        f"aws.eks.clusters.{name}.node_groups.{group_name}.{field}: {value} is "
                        f"more than the EKS API takes (at most {EKS_API_MAX_INT}; the default "
                        "quota is 450 nodes per managed node group)"
                    )


def check_cluster_admins(aws: AwsSection) -> None:
    """Refuse a configured cluster nobody could administer, as ``EksCluster`` would."""
    for name, cluster in aws.eks.clusters.items():
        if not cluster.has_admin:
            raise ValueError(
                f"aws.eks.clusters.{name}.deployer_role_arn: nobody could administer this "
                "cluster: it has no deployer access and no admin principal; set "
                "deployer_role_arn (the role that runs Pulumi), admin_principals, or "
                "bootstrap_cluster_creator_admin_permissions: true"
            )


def check_aws_stack(aws: AwsSection, stack: Any) -> None:
    """Every cross-section check of the ``aws`` section against the whole ``stack``.

    Raises:
        ValueError: ``"aws.<key path>: <what is wrong>"`` for the first problem.
    """
    check_node_group_sizes(aws)
    check_cluster_admins(aws)
    check_availability_zones(aws)
    check_tags(aws, stack)
