"""Default mocks of the ``aws`` module: zones, caller identity, AWS-style ids, ARNs and states.

Published through the module's ``mocks`` hook and loaded by the embedded engine only; nothing
here imports ``pulumi_aws``. Every value is derived from the resource type and name. Settings
(keywords of [`IaccoreMocks`][iaccore.synth.IaccoreMocks]): ``account_id`` (12 digits, default
``123456789012``) and ``partition`` (default ``aws``); the region comes from the resource's
provider, else ``aws:region`` in the stack config, else ``us-east-1``.

Examples:
    >>> from iaccore.synth.mocks import IaccoreMocks
    >>> mocks = IaccoreMocks(region="eu-west-1", account_id="111122223333",
    ...                      contributors=[AWS_MOCKS])
    >>> mocks.invoke_result("aws:index/getCallerIdentity:getCallerIdentity", {})["accountId"]
    '111122223333'
    >>> mocks.invoke_result("aws:index/getAvailabilityZones:getAvailabilityZones", {})["names"]
    ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from iaccore.synth.mocks import MockContext, MockContributor, stable_digest

__all__ = ["ADDON_VERSIONS", "AVAILABILITY_ZONES", "AWS_MOCKS", "AwsMocks"]

#: Zones per region used by the default mocks (letters as AWS names them in most accounts).
AVAILABILITY_ZONES: dict[str, tuple[str, ...]] = {
    "us-east-1": ("a", "b", "c", "d", "e", "f"),
    "us-east-2": ("a", "b", "c"),
    "us-west-1": ("a", "c"),
    "us-west-2": ("a", "b", "c", "d"),
    "eu-west-1": ("a", "b", "c"),
    "eu-west-2": ("a", "b", "c"),
    "eu-west-3": ("a", "b", "c"),
    "eu-central-1": ("a", "b", "c"),
    "eu-north-1": ("a", "b", "c"),
    "ap-southeast-1": ("a", "b", "c"),
    "ap-southeast-2": ("a", "b", "c"),
    "ap-northeast-1": ("a", "c", "d"),
    "ca-central-1": ("a", "b", "d"),
    "sa-east-1": ("a", "b", "c"),
}

# Resource-id prefixes AWS uses, so ids in a synth read like the real thing.
_ID_PREFIX = {
    "aws:ec2/vpc:Vpc": "vpc-",
    "aws:ec2/subnet:Subnet": "subnet-",
    "aws:ec2/internetGateway:InternetGateway": "igw-",
    "aws:ec2/natGateway:NatGateway": "nat-",
    "aws:ec2/eip:Eip": "eipalloc-",
    "aws:ec2/routeTable:RouteTable": "rtb-",
    "aws:ec2/securityGroup:SecurityGroup": "sg-",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg-",
    "aws:ec2/instance:Instance": "i-",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
    "aws:ec2/flowLog:FlowLog": "fl-",
    "aws:ec2/networkAcl:NetworkAcl": "acl-",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "acl-",
}

# Resources whose AWS id is their physical name, and the state key holding that name.
_ID_IS_NAME = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:iam/role:Role": "name",
    "aws:iam/instanceProfile:InstanceProfile": "name",
    "aws:eks/cluster:Cluster": "name",
    "aws:cloudwatch/logGroup:LogGroup": "name",
}

_digest = stable_digest


class AwsMocks(MockContributor):
    """Realistic AWS answers: three or more AZs, a 12-digit account, ARNs, prefixed ids.

    Examples:
        >>> AWS_MOCKS.resource_id("aws:ec2/vpc:Vpc", "core")[:4]
        'vpc-'
    """

    packages: ClassVar[tuple[str, ...]] = ("aws",)
    region_key: ClassVar[str | None] = "region"
    fallback_region: ClassVar[str | None] = "us-east-1"
    settings: ClassVar[Mapping[str, str]] = {"account_id": "123456789012", "partition": "aws"}
    physical_ids: ClassVar[Mapping[str, str]] = _ID_IS_NAME

    def invoke(
        self, token: str, args: Mapping[str, Any], context: MockContext
    ) -> Mapping[str, Any] | None:
        """Zones, caller identity, partition, region, SSM parameters, AMIs, add-on versions."""
        region = context.region or "us-east-1"
        account, partition = context.setting("account_id"), context.setting("partition")
        if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            letters = AVAILABILITY_ZONES.get(region, ("a", "b", "c"))
            return {
                "id": region,
                "names": [f"{region}{letter}" for letter in letters],
                "zoneIds": [
                    f"{region[:3]}{region[-1]}-az{index + 1}" for index in range(len(letters))
                ],
                "groupNames": [region] * len(letters),
            }
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "id": account,
                "accountId": account,
                "arn": f"arn:{partition}:iam::{account}:user/iaccore-synth",
                "userId": "AIDAIACCORESYNTH0000",
            }
        if token == "aws:index/getPartition:getPartition":
            return {
                "id": partition,
                "partition": partition,
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
            }
        if token == "aws:index/getRegion:getRegion":
            return {
                "id": region,
                "name": region,
                "region": region,
                "endpoint": f"ec2.{region}.amazonaws.com",
                "description": region,
            }
        if token == "aws:ssm/getParameter:getParameter":
            name = str(args.get("name", ""))
            return {
                "id": name,
                "name": name,
                "type": "String",
                "value": "ami-" + _digest(name),
                "arn": f"arn:{partition}:ssm:{region}::parameter{name}",
                "version": 1,
                "insecureValue": "ami-" + _digest(name),
            }
        if token == "aws:eks/getAddonVersion:getAddonVersion":
            return _addon_version(args, region)
        if token == "aws:ec2/getAmi:getAmi":
            return {
                "id": "ami-" + _digest(json.dumps(args, sort_keys=True, default=str)),
                "architecture": "x86_64",
            }
        return None

    def resource_id(self, type_: str, name: str) -> str | None:
        """``vpc-``, ``subnet-``, ``sg-`` ... ids for the EC2 types that have them."""
        prefix = _ID_PREFIX.get(type_)
        return prefix + _digest(type_, name) if prefix else None

    def state(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        resource_id: str,
        context: MockContext,
    ) -> dict[str, Any]:
        """ARNs, physical names, endpoints and the outputs AWS computes, per resource type."""
        region = context.region or "us-east-1"
        acct, part = context.setting("account_id"), context.setting("partition")
        service = type_.split(":")[1].split("/", maxsplit=1)[0]
        if service == "iam":  # every IAM type, the OIDC provider included
            return _iam_state(type_, name, inputs, acct, part)
        special = _STATES.get(type_)
        if special is not None:
            return special(name, inputs, resource_id, region, acct, part)
        given_name = inputs.get("name")
        kind = type_.rsplit(":", 1)[1]
        resource_name = given_name if isinstance(given_name, str) else resource_id
        return {
            "arn": f"arn:{part}:{service}:{region}:{acct}:{kind[:1].lower()}{kind[1:]}/"
            f"{resource_name}"
        }


#: Add-on versions the mocks answer ``aws.eks.get_addon_version`` with, before the build
#: suffix (EKS's own look as of late 2026); ``kube-proxy`` follows the Kubernetes version.
ADDON_VERSIONS: dict[str, str] = {
    "vpc-cni": "v1.20.4",
    "coredns": "v1.12.4",
    "eks-pod-identity-agent": "v1.3.10",
    "aws-ebs-csi-driver": "v1.53.0",
}


def _addon_version(args: Mapping[str, Any], region: str) -> dict[str, Any]:
    """A realistic answer: the default version is ``eksbuild.1``, the most recent ``eksbuild.2``."""
    name = str(args.get("addonName", ""))
    kubernetes = str(args.get("kubernetesVersion", ""))
    most_recent = bool(args.get("mostRecent", False))
    base = f"v{kubernetes}.0" if name == "kube-proxy" else ADDON_VERSIONS.get(name, "v1.0.0")
    return {
        "id": name,
        "addonName": name,
        "kubernetesVersion": kubernetes,
        "mostRecent": most_recent,
        "region": region,
        "version": f"{base}-eksbuild.{2 if most_recent else 1}",
    }


def _iam_state(
    type_: str, name: str, inputs: Mapping[str, Any], acct: str, part: str
) -> dict[str, Any]:
    kind = type_.rsplit(":", 1)[1].lower()
    physical = str(inputs.get("name") or f"{name}-{_digest(name, length=7)}")
    out: dict[str, Any] = {"name": physical, "arn": f"arn:{part}:iam::{acct}:{kind}/{physical}"}
    if kind == "role":
        out["uniqueId"] = "AROA" + _digest(name, length=16).upper()
    return out


#: State of one resource type: ``(name, inputs, resource_id, region, account, partition)``.
_State = Callable[[str, Mapping[str, Any], str, str, str, str], dict[str, Any]]


def _bucket(
    name: str, inputs: Mapping[str, Any], _id: str, region: str, _acct: str, part: str
) -> dict[str, Any]:
    bucket = str(inputs.get("bucket") or f"{name}-{_digest(name, length=7)}")
    return {
        "bucket": bucket,
        "arn": f"arn:{part}:s3:::{bucket}",
        "bucketDomainName": f"{bucket}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{bucket}.s3.{region}.amazonaws.com",
        "region": region,
    }


def _kms_key(
    name: str, _inputs: Mapping[str, Any], _id: str, region: str, acct: str, part: str
) -> dict[str, Any]:
    key_id = "-".join(
        (
            _digest(name, length=8),
            _digest(name, "1", length=4),
            "4" + _digest(name, "2", length=3),
            "8" + _digest(name, "3", length=3),
            _digest(name, "4", length=12),
        )
    )
    return {"keyId": key_id, "arn": f"arn:{part}:kms:{region}:{acct}:key/{key_id}"}


def _eks_cluster(
    name: str, inputs: Mapping[str, Any], _id: str, region: str, acct: str, part: str
) -> dict[str, Any]:
    cluster = str(inputs.get("name") or name)
    oidc_id = _digest(cluster, length=32).upper()
    ca = base64.b64encode(
        f"-----BEGIN CERTIFICATE-----\nMOCK-{cluster}\n-----END CERTIFICATE-----\n".encode()
    ).decode()
    return {
        "name": cluster,
        "arn": f"arn:{part}:eks:{region}:{acct}:cluster/{cluster}",
        "endpoint": f"https://{oidc_id}.gr7.{region}.eks.amazonaws.com",
        "certificateAuthority": {"data": ca},
        "identities": [
            {"oidcs": [{"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{oidc_id}"}]}
        ],
        "status": "ACTIVE",
        "platformVersion": "eks.1",
        "clusterId": _digest(cluster, length=36),
        "vpcConfig": {
            **dict(inputs.get("vpcConfig") or {}),
            "clusterSecurityGroupId": "sg-" + _digest(cluster, "cluster-sg"),
            "vpcId": "vpc-" + _digest(cluster, "vpc"),
        },
        # EKS picks 172.20.0.0/16 (or 10.100.0.0/16) when no service CIDR is given.
        "kubernetesNetworkConfig": {
            "ipFamily": "ipv4",
            "serviceIpv4Cidr": "172.20.0.0/16",
            **dict(inputs.get("kubernetesNetworkConfig") or {}),
        },
    }


def _launch_template(
    _name: str, _inputs: Mapping[str, Any], resource_id: str, region: str, acct: str, part: str
) -> dict[str, Any]:
    return {
        "arn": f"arn:{part}:ec2:{region}:{acct}:launch-template/{resource_id}",
        "latestVersion": 1,
        "defaultVersion": 1,
    }


def _log_group(
    name: str, inputs: Mapping[str, Any], _id: str, region: str, acct: str, part: str
) -> dict[str, Any]:
    group = str(inputs.get("name") or f"{name}-{_digest(name, length=7)}")
    return {"name": group, "arn": f"arn:{part}:logs:{region}:{acct}:log-group:{group}"}


def _vpc(
    name: str, _inputs: Mapping[str, Any], resource_id: str, region: str, acct: str, part: str
) -> dict[str, Any]:
    return {
        "arn": f"arn:{part}:ec2:{region}:{acct}:vpc/{resource_id}",
        "defaultSecurityGroupId": "sg-" + _digest(name, "default-sg"),
        "defaultNetworkAclId": "acl-" + _digest(name, "default-acl"),
        "defaultRouteTableId": "rtb-" + _digest(name, "default-rtb"),
        "mainRouteTableId": "rtb-" + _digest(name, "default-rtb"),
        "ownerId": acct,
    }


def _eip(
    name: str, _inputs: Mapping[str, Any], resource_id: str, _region: str, _acct: str, _part: str
) -> dict[str, Any]:
    octets = bytes.fromhex(_digest(name, length=4))
    return {
        "publicIp": f"52.{octets[0]}.{octets[1]}.{len(name) % 250 + 1}",
        "allocationId": resource_id,
    }


def _instance(
    name: str, _inputs: Mapping[str, Any], resource_id: str, region: str, acct: str, part: str
) -> dict[str, Any]:
    return {
        "arn": f"arn:{part}:ec2:{region}:{acct}:instance/{resource_id}",
        "privateIp": "10.0.0." + str(int(_digest(name, length=2), 16) % 250 + 2),
    }


_STATES: dict[str, _State] = {
    "aws:s3/bucket:Bucket": _bucket,
    "aws:kms/key:Key": _kms_key,
    "aws:eks/cluster:Cluster": _eks_cluster,
    "aws:ec2/launchTemplate:LaunchTemplate": _launch_template,
    "aws:cloudwatch/logGroup:LogGroup": _log_group,
    "aws:ec2/vpc:Vpc": _vpc,
    "aws:ec2/eip:Eip": _eip,
    "aws:ec2/instance:Instance": _instance,
}

#: The ``aws`` module's mock contributor (its ``mocks`` hook).
AWS_MOCKS = AwsMocks()
