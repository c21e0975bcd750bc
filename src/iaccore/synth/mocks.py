"""Default mocks for the embedded engine: realistic ids, ARNs, zones, endpoints and kubeconfigs.

Every value is derived deterministically from the resource type and name, so two syntheses of
the same program give byte-identical graphs. Users override per resource type or per invoke:

Example:
    >>> mocks = IaccoreMocks(region="eu-west-1", account_id="111122223333")
    >>> mocks.override_invoke("aws:index/getCallerIdentity:getCallerIdentity",
    ...                       {"accountId": "999999999999"})
    >>> mocks.invoke_result("aws:index/getCallerIdentity:getCallerIdentity", {})["accountId"]
    '999999999999'
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from pulumi.runtime import Mocks
from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs

__all__ = ["AVAILABILITY_ZONES", "IaccoreMocks", "InvokeHandler", "ResourceHandler"]

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

ResourceHandler = Callable[[MockResourceArgs, dict[str, Any]], dict[str, Any]]
InvokeHandler = Callable[[Mapping[str, Any]], Mapping[str, Any]] | Mapping[str, Any]

# Resource-id prefixes AWS uses, so ids in a synth read like the real thing.
_AWS_ID_PREFIX = {
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


# AKS credential invokes; their kubeconfig arrives base64-encoded, as Azure returns it.
_AKS_CREDENTIAL_INVOKES = (
    "azure-native:containerservice:listManagedClusterUserCredentials",
    "azure-native:containerservice:listManagedClusterAdminCredentials",
)


def aks_kubeconfig(cluster: str, location: str) -> str:
    """A base64 AKS kubeconfig for ``cluster`` with an Azure AD exec login (no static token).

    Example:
        >>> text = base64.b64decode(aks_kubeconfig("main", "westeurope")).decode()
        >>> "main-" in text and "kubelogin" in text
        True
    """
    server = f"https://{cluster}-{_digest(cluster, length=8)}.hcp.{location}.azmk8s.io:443"
    ca = base64.b64encode(f"MOCK-CA-{cluster}".encode()).decode()
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": cluster, "cluster": {"server": server, "certificate-authority-data": ca}}
        ],
        "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": "clusterUser"}}],
        "current-context": cluster,
        "users": [
            {
                "name": "clusterUser",
                "user": {
                    "exec": {
                        "apiVersion": "client.authentication.k8s.io/v1beta1",
                        "command": "kubelogin",
                        "args": [
                            "get-token",
                            "--login",
                            "azurecli",
                            "--server-id",
                            "6dae42f8-4368-4678-94ff-3960e28e3630",
                        ],
                    }
                },
            }
        ],
    }
    return base64.b64encode(json.dumps(config, sort_keys=True).encode()).decode()


def _digest(*parts: str, length: int = 17) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:length]


class IaccoreMocks(Mocks):
    """Mocks with realistic AWS, Azure and Kubernetes values, overridable per type and invoke.

    Args:
        region: Region of the default AWS provider (also read from ``aws:region`` config).
        account_id: 12-digit AWS account id returned by ``getCallerIdentity`` and used in ARNs.
        partition: AWS partition for ARNs.

    Example:
        >>> IaccoreMocks().account_id
        '123456789012'
    """

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        account_id: str = "123456789012",
        partition: str = "aws",
        subscription_id: str = "00000000-0000-4000-8000-000000000001",
        tenant_id: str = "00000000-0000-4000-8000-000000000002",
    ) -> None:
        self.region = region
        self.account_id = account_id
        self.partition = partition
        self.subscription_id = subscription_id
        self.tenant_id = tenant_id
        self._resource_overrides: dict[str, ResourceHandler] = {}
        self._invoke_overrides: dict[str, InvokeHandler] = {}
        self._provider_regions: dict[str, str] = {}
        self._lock = threading.Lock()
        self.invoke_counts: dict[str, int] = {}

    # -- user overrides ------------------------------------------------------------------------

    def override_resource(self, type_token: str, handler: ResourceHandler) -> None:
        """Use ``handler(args, default_state) -> state`` for resources of ``type_token``."""
        self._resource_overrides[type_token] = handler

    def override_invoke(self, token: str, result: InvokeHandler) -> None:
        """Answer invoke ``token`` with ``result`` (a mapping, or a function of the arguments)."""
        self._invoke_overrides[token] = result

    # -- pulumi.runtime.Mocks ------------------------------------------------------------------

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        if args.typ.startswith("pulumi:providers:"):
            region = inputs.get("region")
            if isinstance(region, str):
                with self._lock:
                    self._provider_regions[args.name] = region
            return f"{args.name}-provider-id", inputs
        # A resource id names its resource; read the physical name from the state below.
        region = self._region_for(args.provider)
        resource_id = self._resource_id(args)
        state = self._default_state(args, inputs, resource_id, region)
        named_by = _ID_IS_NAME.get(args.typ)
        if named_by and isinstance(state.get(named_by), str):
            resource_id = state[named_by]
        handler = self._resource_overrides.get(args.typ)
        if handler is not None:
            state = handler(args, state)
        return (resource_id if args.custom else None), state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        with self._lock:
            self.invoke_counts[args.token] = self.invoke_counts.get(args.token, 0) + 1
        region = self._region_for(args.provider)
        return dict(self.invoke_result(args.token, dict(args.args), region=region)), []

    # -- defaults ------------------------------------------------------------------------------

    def invoke_result(
        self, token: str, args: Mapping[str, Any], *, region: str | None = None
    ) -> Mapping[str, Any]:
        """The result of invoke ``token``: the user's override, else a realistic default."""
        override = self._invoke_overrides.get(token)
        if override is not None:
            return override(args) if callable(override) else override
        region = region or self.region
        account, partition = self.account_id, self.partition
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
        if token == "aws:ec2/getAmi:getAmi":
            return {
                "id": "ami-" + _digest(json.dumps(args, sort_keys=True, default=str)),
                "architecture": "x86_64",
            }
        if token == "azure-native:authorization:getClientConfig":
            return {
                "clientId": "00000000-0000-4000-8000-0000000000c1",
                "objectId": "00000000-0000-4000-8000-0000000000c2",
                "subscriptionId": self.subscription_id,
                "tenantId": self.tenant_id,
            }
        if token in _AKS_CREDENTIAL_INVOKES:
            cluster = str(args.get("resourceName", "aks"))
            kubeconfig = aks_kubeconfig(cluster, region)
            return {"kubeconfigs": [{"name": "clusterUser", "value": kubeconfig}]}
        return {}

    def _region_for(self, provider_ref: str | None) -> str:
        if provider_ref:
            name = provider_ref.split("::")[-2] if provider_ref.count("::") >= 2 else ""
            with self._lock:
                found = self._provider_regions.get(name)
            if found:
                return found
        return self.region

    def _resource_id(self, args: MockResourceArgs) -> str:
        prefix = _AWS_ID_PREFIX.get(args.typ)
        digest = _digest(args.typ, args.name)
        if prefix:
            return prefix + digest
        return f"{args.name}-{digest[:8]}"

    def _default_state(
        self, args: MockResourceArgs, inputs: dict[str, Any], resource_id: str, region: str
    ) -> dict[str, Any]:
        state = dict(inputs)
        typ = args.typ
        if typ.startswith("aws:"):
            state.update(self._aws_state(typ, args.name, inputs, resource_id, region))
        elif typ.startswith("kubernetes:") and "metadata" in inputs:
            metadata = dict(inputs.get("metadata") or {})
            metadata.setdefault("name", args.name)
            metadata.setdefault("uid", _digest(typ, args.name, length=32))
            state["metadata"] = metadata
        return state

    def _aws_state(
        self, typ: str, name: str, inputs: Mapping[str, Any], resource_id: str, region: str
    ) -> dict[str, Any]:
        acct, part = self.account_id, self.partition
        service = typ.split(":")[1].split("/", maxsplit=1)[0]
        out: dict[str, Any] = {}
        if service == "iam":
            kind = typ.rsplit(":", 1)[1].lower()
            physical = str(inputs.get("name") or f"{name}-{_digest(name, length=7)}")
            out["name"] = physical
            out["arn"] = f"arn:{part}:iam::{acct}:{kind}/{physical}"
            if kind == "role":
                out["uniqueId"] = "AROA" + _digest(name, length=16).upper()
            return out
        if typ == "aws:s3/bucket:Bucket":
            bucket = str(inputs.get("bucket") or f"{name}-{_digest(name, length=7)}")
            out.update(
                bucket=bucket,
                arn=f"arn:{part}:s3:::{bucket}",
                bucketDomainName=f"{bucket}.s3.amazonaws.com",
                bucketRegionalDomainName=f"{bucket}.s3.{region}.amazonaws.com",
                region=region,
            )
            return out
        if typ == "aws:kms/key:Key":
            key_id = "-".join(
                (
                    _digest(name, length=8),
                    _digest(name, "1", length=4),
                    "4" + _digest(name, "2", length=3),
                    "8" + _digest(name, "3", length=3),
                    _digest(name, "4", length=12),
                )
            )
            out.update(keyId=key_id, arn=f"arn:{part}:kms:{region}:{acct}:key/{key_id}")
            return out
        if typ == "aws:eks/cluster:Cluster":
            cluster = str(inputs.get("name") or name)
            oidc_id = _digest(cluster, length=32).upper()
            ca = base64.b64encode(
                f"-----BEGIN CERTIFICATE-----\nMOCK-{cluster}\n-----END CERTIFICATE-----\n".encode()
            ).decode()
            out.update(
                name=cluster,
                arn=f"arn:{part}:eks:{region}:{acct}:cluster/{cluster}",
                endpoint=f"https://{oidc_id}.gr7.{region}.eks.amazonaws.com",
                certificateAuthority={"data": ca},
                identities=[
                    {"oidcs": [{"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{oidc_id}"}]}
                ],
                status="ACTIVE",
                platformVersion="eks.1",
                clusterId=_digest(cluster, length=36),
                vpcConfig={
                    **dict(inputs.get("vpcConfig") or {}),
                    "clusterSecurityGroupId": "sg-" + _digest(cluster, "cluster-sg"),
                    "vpcId": "vpc-" + _digest(cluster, "vpc"),
                },
            )
            return out
        if typ == "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            url = str(inputs.get("url") or f"oidc.example/{name}")
            host_path = url.removeprefix("https://")
            out.update(arn=f"arn:{part}:iam::{acct}:oidc-provider/{host_path}", url=host_path)
            return out
        if typ == "aws:ec2/launchTemplate:LaunchTemplate":
            out.update(
                arn=f"arn:{part}:ec2:{region}:{acct}:launch-template/{resource_id}",
                latestVersion=1,
                defaultVersion=1,
            )
            return out
        if typ == "aws:cloudwatch/logGroup:LogGroup":
            group = str(inputs.get("name") or f"{name}-{_digest(name, length=7)}")
            out.update(name=group, arn=f"arn:{part}:logs:{region}:{acct}:log-group:{group}")
            return out
        if typ == "aws:ec2/vpc:Vpc":
            out.update(
                arn=f"arn:{part}:ec2:{region}:{acct}:vpc/{resource_id}",
                defaultSecurityGroupId="sg-" + _digest(name, "default-sg"),
                defaultNetworkAclId="acl-" + _digest(name, "default-acl"),
                defaultRouteTableId="rtb-" + _digest(name, "default-rtb"),
                mainRouteTableId="rtb-" + _digest(name, "default-rtb"),
                ownerId=acct,
            )
            return out
        if typ == "aws:ec2/eip:Eip":
            octets = bytes.fromhex(_digest(name, length=4))
            out.update(
                publicIp=f"52.{octets[0]}.{octets[1]}.{len(name) % 250 + 1}",
                allocationId=resource_id,
            )
            return out
        if typ == "aws:ec2/instance:Instance":
            out.update(
                arn=f"arn:{part}:ec2:{region}:{acct}:instance/{resource_id}",
                privateIp="10.0.0." + str(int(_digest(name, length=2), 16) % 250 + 2),
            )
            return out
        given_name = inputs.get("name")
        resource_kind = typ.rsplit(":", 1)[1]
        resource_name = given_name if isinstance(given_name, str) else resource_id
        out["arn"] = (
            f"arn:{part}:{service}:{region}:{acct}:{resource_kind[:1].lower()}{resource_kind[1:]}/{resource_name}"
        )
        return out
