"""EksCluster on the mock engine: roles, encryption, endpoint, nodes, access, add-ons, IRSA, k8s."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from iaccore.aws.eks.cluster import EksCluster
from iaccore.core import context
from iaccore.synth import Graph, IaccoreMocks, synth
from iaccore.synth.render import render
from iaccore.testing import assert_no_public_ingress, assert_tagged, assert_urns_match
from tests.helpers import METADATA_TAGS, PROJECT, provider_name, stack_config

TOKEN = "iaccore:aws:EksCluster"
IAM_TOKEN = "iaccore:aws:IamRole"
CLUSTER = "aws:eks/cluster:Cluster"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ROLE = "aws:iam/role:Role"
KEY = "aws:kms/key:Key"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
ADDON = "aws:eks/addon:Addon"
K8S_PROVIDER = "pulumi:providers:kubernetes"
SNAPSHOTS = Path(__file__).parent / "snapshots"
SUBNETS = ["subnet-0a1b2c3d", "subnet-1a2b3c4d", "subnet-2a3b4c5d"]
ADMIN = "arn:aws:iam::123456789012:role/platform-admins"
DEPLOYER = "arn:aws:iam::123456789012:role/ci-deployer"
RUNNER_SG = "sg-0123456789abcdef0"
CANARY = "https://CANARY0ENDPOINT0DO0NOT0LEAK.gr7.eu-west-1.eks.amazonaws.com"

BASE: dict[str, Any] = {
    "subnet_ids": SUBNETS,
    "admin_principals": [ADMIN],
    "deployer_role_arn": DEPLOYER,
    "api_access": {"cidrs": ["10.20.0.0/16"], "security_group_ids": [RUNNER_SG]},
    "node_groups": {
        "general": {
            "instance_types": ["m6i.large", "m6a.large"],
            "min": 2,
            "max": 6,
            "desired": 3,
            "disk_size_gib": 80,
            "labels": {"workload": "general"},
            "taints": [{"key": "dedicated", "value": "general", "effect": "NO_SCHEDULE"}],
        }
    },
}


def mocks() -> IaccoreMocks:
    found = IaccoreMocks(region="eu-west-1")
    found.override_resource(LAUNCH_TEMPLATE, lambda args, state: {**state, "latestVersion": 1})
    return found


def run(
    program: Callable[[], Any],
    mock: IaccoreMocks | None = None,
    *,
    config: dict[str, Any] | None = None,
) -> Graph:
    """Synthesize ``program`` with the test stack config (plus ``config``) and the mocks."""
    stack = stack_config(**(config or {}))
    return synth(program, project=PROJECT, config=stack, mocks=mock or mocks())


def cluster_graph(**overrides: Any) -> Graph:
    return run(lambda: EksCluster("main", {**BASE, **overrides}))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return cluster_graph()


def policy_arns(graph: Graph, role_component: str) -> set[str]:
    comp = graph.one(IAM_TOKEN, role_component)
    return {r.inputs["policyArn"] for r in graph.resources(ATTACHMENT, parent=comp)}


def strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, str(index)))
    elif isinstance(value, str):
        yield path, value


class TestIamRoles:
    def test_cluster_role_has_exactly_cluster_policy(self, graph: Graph) -> None:
        """The cluster role gets AmazonEKSClusterPolicy and nothing else managed."""
        assert policy_arns(graph, "main-cluster-role") == {
            "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
        }
        trust = json.loads(graph.one(ROLE, "main-cluster-role-role").inputs["assumeRolePolicy"])
        assert trust["Statement"][0]["Principal"] == {"Service": ["eks.amazonaws.com"]}

    def test_node_role_policies(self, graph: Graph) -> None:
        """The node role gets exactly the worker, CNI and ECR read-only policies."""
        assert policy_arns(graph, "main-node-role") == {
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        }

    def test_ssm_only_when_enabled(self) -> None:
        """enable_ssm adds AmazonSSMManagedInstanceCore to the node role."""
        graph = cluster_graph(enable_ssm=True)
        assert "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" in policy_arns(
            graph, "main-node-role"
        )
        assert len(policy_arns(graph, "main-node-role")) == 4


class TestControlPlane:
    def test_secrets_encrypted_with_rotating_key(self, graph: Graph) -> None:
        """A rotating KMS key encrypts secrets; the cluster references the key ARN."""
        key = graph.one(KEY, "main-kms-key")
        assert key.inputs["enableKeyRotation"] is True
        encryption = graph.one(CLUSTER).inputs["encryptionConfig"]
        assert encryption["resources"] == ["secrets"]
        assert encryption["provider"]["keyArn"] == key.outputs["arn"]
        alias = graph.one("aws:kms/alias:Alias")
        assert alias.inputs["name"] == "alias/eks/payments-dev-main"

    def test_cluster_role_may_use_the_key(self, graph: Graph) -> None:
        """The cluster role's inline policy grants the KMS actions on that key only."""
        key_arn = graph.one(KEY).outputs["arn"]
        inline = graph.one(
            "aws:iam/rolePolicy:RolePolicy", "main-cluster-role-inline-secrets-encryption"
        )
        statement = json.loads(inline.inputs["policy"])["Statement"][0]
        assert statement["Resource"] == [key_arn]

    def test_private_endpoint_by_default(self, graph: Graph) -> None:
        """Private endpoint on, public off, no public CIDRs."""
        vpc = graph.one(CLUSTER).inputs["vpcConfig"]
        assert vpc["endpointPrivateAccess"] is True
        assert vpc["endpointPublicAccess"] is False
        assert "publicAccessCidrs" not in vpc
        assert vpc["subnetIds"] == SUBNETS

    def test_public_endpoint_with_cidrs(self) -> None:
        """Public access, when asked, is limited to the listed networks."""
        graph = cluster_graph(endpoint_public_access=True, public_access_cidrs=["203.0.113.0/24"])
        vpc = graph.one(CLUSTER).inputs["vpcConfig"]
        assert vpc["endpointPublicAccess"] is True
        assert vpc["publicAccessCidrs"] == ["203.0.113.0/24"]

    def test_logs_and_log_group(self, graph: Graph) -> None:
        """api/audit/authenticator logs go to a pre-created, retained, KMS-encrypted group."""
        cluster = graph.one(CLUSTER)
        assert cluster.inputs["enabledClusterLogTypes"] == ["api", "audit", "authenticator"]
        group = graph.one("aws:cloudwatch/logGroup:LogGroup")
        assert group.inputs["name"] == "/aws/eks/payments-dev-main/cluster"
        assert group.inputs["retentionInDays"] == 365
        assert group.inputs["kmsKeyId"] == graph.one(KEY).outputs["arn"]
        assert group.urn in cluster.dependencies
        assert group.retain_on_delete
        assert graph.one(KEY).retain_on_delete

    def test_data_not_retained_when_switched_off(self) -> None:
        """iaccore:aws.retain_data_on_delete: false lets a throw-away stack delete logs and key."""
        graph = run(
            lambda: EksCluster("main", BASE),
            config={"iaccore:aws": {"retain_data_on_delete": False}},
        )
        assert not graph.one("aws:cloudwatch/logGroup:LogGroup").retain_on_delete
        assert not graph.one(KEY).retain_on_delete

    def test_version_and_access_config(self, graph: Graph) -> None:
        """Version from config; API authentication; creator is not made admin by default."""
        cluster = graph.one(CLUSTER)
        assert cluster.inputs["version"] == "1.35"
        assert cluster.inputs["name"] == "payments-dev-main"
        assert cluster.inputs["accessConfig"] == {
            "authenticationMode": "API",
            "bootstrapClusterCreatorAdminPermissions": False,
        }


class TestNodes:
    def test_launch_template_imdsv2_and_encrypted_gp3(self, graph: Graph) -> None:
        """The node launch template requires IMDSv2, hop limit 1, and encrypts a gp3 root."""
        template = graph.one(LAUNCH_TEMPLATE, "main-launch-template-general")
        assert template.inputs["metadataOptions"] == {
            "httpEndpoint": "enabled",
            "httpTokens": "required",
            "httpPutResponseHopLimit": 1,
        }
        (mapping,) = template.inputs["blockDeviceMappings"]
        assert mapping["deviceName"] == "/dev/xvda"
        assert mapping["ebs"]["encrypted"] == "true"
        assert mapping["ebs"]["volumeType"] == "gp3"
        assert mapping["ebs"]["volumeSize"] == 80

    def test_node_group_settings(self, graph: Graph) -> None:
        """Instance types, scaling, labels, taints, update config and the launch template."""
        group = graph.one(NODE_GROUP, "main-node-group-general")
        inputs = group.inputs
        assert inputs["instanceTypes"] == ["m6i.large", "m6a.large"]
        assert inputs["capacityType"] == "ON_DEMAND"
        assert inputs["amiType"] == "AL2023_x86_64_STANDARD"
        assert inputs["scalingConfig"] == {"minSize": 2, "desiredSize": 3, "maxSize": 6}
        assert inputs["labels"] == {"workload": "general"}
        assert inputs["taints"] == [
            {"key": "dedicated", "value": "general", "effect": "NO_SCHEDULE"}
        ]
        assert inputs["updateConfig"] == {"maxUnavailable": 1}
        assert inputs["subnetIds"] == SUBNETS
        template = graph.one(LAUNCH_TEMPLATE, "main-launch-template-general")
        assert inputs["launchTemplate"] == {"id": template.id, "version": "1"}
        assert "diskSize" not in inputs
        assert group.ignore_changes == ("scalingConfig.desiredSize",)

    def test_hop_limit_from_config(self) -> None:
        """metadata_hop_limit reaches the launch template (2 lets pods reach IMDS)."""
        groups = {"general": {**BASE["node_groups"]["general"], "metadata_hop_limit": 2}}
        graph = cluster_graph(node_groups=groups)
        template = graph.one(LAUNCH_TEMPLATE)
        assert template.inputs["metadataOptions"]["httpPutResponseHopLimit"] == 2


class TestAccessAndIrsa:
    def test_admin_access_entry_and_policy(self, graph: Graph) -> None:
        """The admin principal and the deployer each get an entry and the cluster-admin policy."""
        entries = {
            r.inputs["principalArn"]: r for r in graph.resources("aws:eks/accessEntry:AccessEntry")
        }
        assert set(entries) == {ADMIN, DEPLOYER}
        associations = {
            r.inputs["principalArn"]: r
            for r in graph.resources("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
        }
        assert set(associations) == {ADMIN, DEPLOYER}
        for principal, entry in entries.items():
            association = associations[principal]
            assert entry.inputs["clusterName"] == "payments-dev-main"
            assert entry.inputs["type"] == "STANDARD"
            assert association.inputs["policyArn"] == (
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
            )
            assert association.inputs["accessScope"] == {"type": "cluster"}
            assert entry.urn in association.dependencies

    def test_oidc_provider(self, graph: Graph) -> None:
        """The OIDC provider uses the cluster's issuer and the STS audience."""
        provider = graph.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
        issuer = graph.one(CLUSTER).outputs["identities"][0]["oidcs"][0]["issuer"]
        assert provider.inputs["url"] == issuer
        assert provider.inputs["clientIdLists"] == ["sts.amazonaws.com"]

    def test_irsa_role_trust(self) -> None:
        """irsa_role trusts the cluster's OIDC provider for one service account (sub and aud)."""

        def program() -> None:
            eks = EksCluster("main", BASE)
            eks.irsa_role("dns", "kube-system", "external-dns")

        graph = run(program)
        comp = graph.one(IAM_TOKEN, "main-irsa-role-dns")
        assert comp.parent == graph.one(TOKEN, "main").urn
        trust = json.loads(graph.one(ROLE, "main-irsa-role-dns-role").inputs["assumeRolePolicy"])
        statement = trust["Statement"][0]
        host = (
            graph.one(CLUSTER)
            .outputs["identities"][0]["oidcs"][0]["issuer"]
            .removeprefix("https://")
        )
        oidc = graph.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
        assert statement["Principal"] == {"Federated": [oidc.outputs["arn"]]}
        assert statement["Condition"]["StringEquals"] == {
            f"{host}:sub": ["system:serviceaccount:kube-system:external-dns"],
            f"{host}:aud": ["sts.amazonaws.com"],
        }


class TestAddons:
    def test_default_addons(self, graph: Graph) -> None:
        """All five default add-ons, each at EKS's default version for 1.35, preserved."""
        addons = {r.inputs["addonName"]: r for r in graph.resources(ADDON)}
        assert set(addons) == {
            "vpc-cni",
            "coredns",
            "kube-proxy",
            "eks-pod-identity-agent",
            "aws-ebs-csi-driver",
        }
        assert addons["kube-proxy"].inputs["addonVersion"] == "v1.35.0-eksbuild.1"
        assert addons["vpc-cni"].inputs["addonVersion"] == "v1.20.4-eksbuild.1"
        assert all(r.inputs["preserve"] is True for r in addons.values())

    def test_ebs_csi_irsa_role(self, graph: Graph) -> None:
        """The EBS CSI add-on uses an IRSA role with AmazonEBSCSIDriverPolicy."""
        addon = graph.one(ADDON, "main-addon-aws-ebs-csi-driver")
        role = graph.one(ROLE, "main-irsa-role-ebs-csi-role")
        assert addon.inputs["serviceAccountRoleArn"] == role.outputs["arn"]
        assert policy_arns(graph, "main-irsa-role-ebs-csi") == {
            "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
        }
        trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Condition"]
        subs = [v for k, v in trust["StringEquals"].items() if k.endswith(":sub")]
        assert subs == [["system:serviceaccount:kube-system:ebs-csi-controller-sa"]]

    def test_coredns_waits_for_nodes(self, graph: Graph) -> None:
        """coredns depends on the node groups; vpc-cni does not."""
        group = graph.one(NODE_GROUP)
        assert group.urn in graph.one(ADDON, "main-addon-coredns").dependencies
        assert group.urn not in graph.one(ADDON, "main-addon-vpc-cni").dependencies

    def test_version_and_disable(self) -> None:
        """A configured version is pinned; enabled: false leaves an add-on out."""
        graph = cluster_graph(
            addons={"coredns": {"version": "v1.11.4-eksbuild.2"}, "kube-proxy": {"enabled": False}}
        )
        addons = {r.inputs["addonName"]: r for r in graph.resources(ADDON)}
        assert "kube-proxy" not in addons
        assert addons["coredns"].inputs["addonVersion"] == "v1.11.4-eksbuild.2"


class TestKubernetes:
    def test_kubeconfig_is_secret(self) -> None:
        """The kubeconfig output and the provider's kubeconfig input are secrets."""

        def program() -> None:
            eks = EksCluster("main", BASE)
            pulumi.export("kubeconfig", eks.kubeconfig)

        graph = run(program)
        assert graph.outputs["kubeconfig"] == "[secret]"
        provider = graph.one(K8S_PROVIDER, "main-k8s")
        assert ("kubeconfig",) in provider.secret_inputs
        assert provider.inputs["kubeconfig"] == "[secret]"
        assert provider.parent == graph.one(TOKEN, "main").urn

    def test_canary_endpoint_not_leaked(self) -> None:
        """The endpoint reaches no renderer except as the cluster's own (non-secret) attribute."""
        mock = mocks()
        mock.override_resource(CLUSTER, lambda args, state: {**state, "endpoint": CANARY})

        def program() -> None:
            eks = EksCluster("main", BASE)
            pulumi.export("kubeconfig", eks.kubeconfig)

        graph = run(program, mock)
        assert CANARY not in render(graph, "tree")
        document = json.loads(render(graph, "json"))
        leaks = [path for path, text in strings(document) if CANARY in text]
        cluster = graph.one(CLUSTER)
        allowed = [p for p in leaks if "outputs" in p and p[-1] == "endpoint"]
        assert leaks == allowed, leaks
        assert len(leaks) == 1, leaks
        assert "get-token" not in render(graph, "json")
        assert cluster.outputs["endpoint"] == CANARY

    def test_kubernetes_opts_use_cluster_provider(self) -> None:
        """A Kubernetes resource created with kubernetes_opts uses the cluster's provider."""

        def program() -> None:
            eks = EksCluster("main", BASE)
            k8s.core.v1.Namespace("apps", metadata={"name": "apps"}, opts=eks.kubernetes_opts)
            assert context.current().providers.get("kubernetes", "main") is eks.kubernetes_provider

        graph = run(program)
        namespace = graph.one("kubernetes:core/v1:Namespace", "apps")
        assert namespace.provider_urn == graph.one(K8S_PROVIDER, "main-k8s").urn


class TestTagsAndSnapshot:
    def test_every_taggable_resource_tagged(self, graph: Graph) -> None:
        """Every taggable AWS child carries the metadata and stack tags."""
        assert_tagged(graph, list(METADATA_TAGS), types=["aws:*"])
        assert_no_public_ingress(graph)

    def test_children_parented_under_component(self, graph: Graph) -> None:
        """Every resource of the cluster descends from the component."""
        comp = graph.one(TOKEN, "main")
        descendants = {r.urn for r in graph.descendants(comp)}
        own = [r for r in graph.custom_resources() if r.package == "aws" and not r.is_provider]
        assert own
        assert all(r.urn in descendants for r in own)

    def test_urn_snapshot(self, graph: Graph) -> None:
        """URNs of an EksCluster are stable (renames need aliases)."""
        assert_urns_match(graph, SNAPSHOTS / "eks_cluster.txt")


class TestOptions:
    def test_protect_reaches_nested_roles(self) -> None:
        """protect on the cluster reaches every custom descendant, IamRole children included."""
        graph = run(lambda: EksCluster("main", BASE, opts=pulumi.ResourceOptions(protect=True)))
        own = [r for r in graph.custom_resources() if not r.is_provider]
        assert own
        assert all(r.protect for r in own)

    def test_named_provider_reaches_every_child(self) -> None:
        """A named provider in config is used by every AWS child, nested roles included."""
        section = {
            "enabled": True,
            "region": "eu-west-1",
            "providers": {"dr": {"region": "eu-central-1"}},
        }
        graph = run(
            lambda: EksCluster("main", {**BASE, "provider": "dr"}), config={"iaccore:aws": section}
        )
        aws_children = [r for r in graph.custom_resources() if r.package == "aws"]
        providers = {provider_name(r) for r in aws_children if r.provider_urn}
        assert providers == {"aws-dr"}
        assert len([r for r in aws_children if r.provider_urn]) == len(aws_children)
        assert graph.one(CLUSTER).outputs["arn"].split(":")[3] == "eu-central-1"
