"""Reaching the cluster as its deployer: access entries, API ingress and the kubeconfig."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from iaccore.aws.eks.cluster import EksCluster
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph
from iaccore.testing import assert_no_public_ingress
from tests.helpers import run

SUBNETS = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
NODES = {"general": {"min": 2, "max": 3}}
DEPLOYER = "arn:aws:iam::123456789012:role/ci-deployer"
ADMIN = "arn:aws:iam::123456789012:role/platform-admins"
KUBECTL_ROLE = "arn:aws:iam::123456789012:role/kubectl"
RUNNER_SG = "sg-0123456789abcdef0"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
ENTRY = "aws:eks/accessEntry:AccessEntry"
ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
K8S_PROVIDER = "pulumi:providers:kubernetes"


def cluster(config: dict[str, Any]) -> Graph:
    """Synthesize one EksCluster ``main`` on two subnets with one node group plus ``config``."""
    return run(lambda: EksCluster("main", {"subnet_ids": SUBNETS, "node_groups": NODES, **config}))


def refuse(config: dict[str, Any]) -> ConfigurationError:
    """Build the cluster, catch the error, and prove nothing registered."""
    errors: list[ConfigurationError] = []

    def program() -> None:
        try:
            EksCluster("main", {"subnet_ids": SUBNETS, "node_groups": NODES, **config})
        except ConfigurationError as err:
            errors.append(err)

    graph = run(program)
    assert len(errors) == 1
    assert [r for r in graph if r.package in ("aws", "iaccore") and not r.is_provider] == []
    return errors[0]


class TestAdministrator:
    def test_no_admin_and_no_deployer_is_refused(self) -> None:
        """No deployer, no admin principal, no creator-admin: a ConfigurationError, no lock-out."""
        err = refuse({})
        assert err.key_path == "aws.eks.clusters.main.deployer_role_arn"
        assert err.message.startswith("nobody could administer this cluster")
        for key in (
            "aws.eks.clusters.main.deployer_role_arn",
            "aws.eks.clusters.main.admin_principals",
            "aws.eks.clusters.main.bootstrap_cluster_creator_admin_permissions",
        ):
            assert key in err.message

    def test_deployer_gets_access_entry_and_admin_policy(self) -> None:
        """deployer_role_arn: one access entry with cluster-scoped AmazonEKSClusterAdminPolicy."""
        graph = cluster({"deployer_role_arn": DEPLOYER})
        (entry,) = graph.resources(ENTRY)
        (association,) = graph.resources(ASSOCIATION)
        assert entry.name == "main-access-entry-ci-deployer-b75478"
        assert entry.inputs["principalArn"] == DEPLOYER
        assert association.inputs["principalArn"] == DEPLOYER
        assert association.inputs["policyArn"].endswith(
            ":cluster-access-policy/AmazonEKSClusterAdminPolicy"
        )
        assert association.inputs["accessScope"] == {"type": "cluster"}
        creator = graph.one("aws:eks/cluster:Cluster").inputs["accessConfig"]
        assert creator["bootstrapClusterCreatorAdminPermissions"] is False

    def test_kubernetes_provider_waits_for_deployer_access(self) -> None:
        """The cluster's Kubernetes provider depends on the deployer's policy association."""
        graph = cluster({"deployer_role_arn": DEPLOYER})
        provider = graph.one(K8S_PROVIDER, "main-k8s")
        assert graph.one(ASSOCIATION).urn in provider.dependencies

    def test_creator_admin_alone_is_accepted(self) -> None:
        """bootstrap_cluster_creator_admin_permissions is an explicit choice: no access entry."""
        graph = cluster({"bootstrap_cluster_creator_admin_permissions": True})
        assert graph.resources(ENTRY) == []
        access = graph.one("aws:eks/cluster:Cluster").inputs["accessConfig"]
        assert access["bootstrapClusterCreatorAdminPermissions"] is True

    def test_admin_principals_alone_are_accepted(self) -> None:
        """An admin principal is someone to administer the cluster."""
        graph = cluster({"admin_principals": [ADMIN]})
        assert [r.inputs["principalArn"] for r in graph.resources(ENTRY)] == [ADMIN]

    @pytest.mark.parametrize(
        ("config", "message"),
        [
            (
                {"deployer_role_arn": DEPLOYER, "admin_principals": [DEPLOYER]},
                "is also in admin_principals; list it once",
            ),
            (
                {
                    "deployer_role_arn": DEPLOYER,
                    "bootstrap_cluster_creator_admin_permissions": True,
                },
                "set it or bootstrap_cluster_creator_admin_permissions, not both",
            ),
        ],
        ids=["deployer-twice", "deployer-and-creator"],
    )
    def test_conflicting_deployer_access(self, config: dict[str, Any], message: str) -> None:
        """A second access entry for one principal would fail in EKS: refused up front."""
        err = refuse(config)
        assert err.key_path == "aws.eks.clusters.main.deployer_role_arn"
        assert message in err.message

    def test_deployer_must_be_an_iam_arn(self) -> None:
        """deployer_role_arn is checked like admin_principals."""
        err = refuse({"deployer_role_arn": "ci-deployer"})
        assert err.key_path == "aws.eks.clusters.main.deployer_role_arn"


@pytest.fixture(scope="module")
def graph() -> Graph:
    """A cluster whose API admits two networks and a security group."""
    return cluster(
        {
            "deployer_role_arn": DEPLOYER,
            "api_access": {
                "cidrs": ["10.20.0.0/16", "2001:db8::/56"],
                "security_group_ids": [RUNNER_SG],
            },
        }
    )


class TestApiIngress:
    def test_one_rule_per_source_on_the_cluster_security_group(self, graph: Graph) -> None:
        """Each CIDR and security group gets a TCP 443 rule on the EKS cluster security group."""
        sg = graph.one("aws:eks/cluster:Cluster").outputs["vpcConfig"]["clusterSecurityGroupId"]
        rules = {r.name: r.inputs for r in graph.resources(INGRESS)}
        assert set(rules) == {
            "main-api-ingress-10-20-0-0-16",
            "main-api-ingress-2001-db8-56",
            "main-api-ingress-sg-0123456789abcdef0",
        }
        for inputs in rules.values():
            assert inputs["securityGroupId"] == sg
            assert (inputs["ipProtocol"], inputs["fromPort"], inputs["toPort"]) == ("tcp", 443, 443)
            assert "payments-dev-main" in inputs["description"]
        assert rules["main-api-ingress-10-20-0-0-16"]["cidrIpv4"] == "10.20.0.0/16"
        assert rules["main-api-ingress-2001-db8-56"]["cidrIpv6"] == "2001:db8::/56"
        assert "cidrIpv4" not in rules["main-api-ingress-2001-db8-56"]
        runner = rules["main-api-ingress-sg-0123456789abcdef0"]
        assert runner["referencedSecurityGroupId"] == RUNNER_SG
        assert "cidrIpv4" not in runner

    def test_rules_tagged_and_private(self, graph: Graph) -> None:
        """Rules carry their own Name tag and nothing admits the internet."""
        for rule in graph.resources(INGRESS):
            assert rule.inputs["tags"]["Name"] == rule.name
        assert_no_public_ingress(graph)

    def test_kubernetes_provider_waits_for_the_rules(self, graph: Graph) -> None:
        """Kubernetes resources wait until the deployer can reach the endpoint."""
        provider = graph.one(K8S_PROVIDER, "main-k8s")
        assert {r.urn for r in graph.resources(INGRESS)} <= set(provider.dependencies)

    def test_no_rule_by_default(self) -> None:
        """Without api_access the cluster security group is left as EKS made it."""
        assert cluster({"deployer_role_arn": DEPLOYER}).resources(INGRESS) == []

    @pytest.mark.parametrize(
        ("api_access", "key", "message"),
        [
            ({"cidrs": ["0.0.0.0/0"]}, "cidrs", "would open the API to every address"),
            ({"cidrs": ["::/0"]}, "cidrs", "would open the API to every address"),
            ({"cidrs": ["10.20.0.1/16"]}, "cidrs", "is not a valid CIDR"),
            ({"cidrs": ["10.0.0.0/8", "10.0.0.0/8"]}, "cidrs", "values must be unique"),
            ({"security_group_ids": ["runner"]}, "security_group_ids[0]", "should match pattern"),
        ],
        ids=["world-v4", "world-v6", "host-bits", "duplicate", "not-an-sg"],
    )
    def test_bad_sources(self, api_access: dict[str, Any], key: str, message: str) -> None:
        """Invalid or world-open sources are refused, naming the key."""
        err = refuse({"deployer_role_arn": DEPLOYER, "api_access": api_access})
        assert err.key_path == f"aws.eks.clusters.main.api_access.{key}"
        assert message in err.message


class TestKubeconfig:
    def kubeconfig(self, config: dict[str, Any]) -> dict[str, Any]:
        """The kubeconfig of a cluster with ``config``, read inside the program."""
        seen: list[str] = []

        def program() -> None:
            eks = EksCluster(
                "main",
                {"subnet_ids": SUBNETS, "node_groups": NODES, "deployer_role_arn": DEPLOYER}
                | config,
            )
            eks.kubeconfig.apply(seen.append)
            pulumi.export("kubeconfig", eks.kubeconfig)

        graph = run(program)
        assert graph.outputs["kubeconfig"] == "[secret]"
        (text,) = seen
        return dict(json.loads(text))

    def test_role_and_profile(self) -> None:
        """kubeconfig.role_arn and .profile reach aws eks get-token."""
        config = self.kubeconfig(
            {
                "admin_principals": [KUBECTL_ROLE],
                "kubeconfig": {"role_arn": KUBECTL_ROLE, "profile": "platform"},
            }
        )
        user = config["users"][0]["user"]["exec"]
        assert user["args"][user["args"].index("--role-arn") + 1] == KUBECTL_ROLE
        assert user["args"][user["args"].index("--cluster-name") + 1] == "payments-dev-main"
        assert user["env"] == [{"name": "AWS_PROFILE", "value": "platform"}]

    def test_ambient_credentials_by_default(self) -> None:
        """Without kubeconfig settings get-token uses the ambient credentials as they are."""
        user = self.kubeconfig({})["users"][0]["user"]["exec"]
        assert "--role-arn" not in user["args"]
        assert not user.get("env")

    def test_role_without_access_entry_warns(self, caplog: pytest.LogCaptureFixture) -> None:
        """A kubeconfig role with no access entry here is logged as a warning."""
        with caplog.at_level("WARNING", logger="iaccore.component.EksCluster"):
            self.kubeconfig({"kubeconfig": {"role_arn": KUBECTL_ROLE}})
        messages = [r.getMessage() for r in caplog.records if r.name.endswith("EksCluster")]
        assert any("has no access entry in this cluster" in m for m in messages), messages

    def test_bad_profile(self) -> None:
        """A profile with spaces is refused, naming kubeconfig.profile."""
        err = refuse({"deployer_role_arn": DEPLOYER, "kubeconfig": {"profile": "my profile"}})
        assert err.key_path == "aws.eks.clusters.main.kubeconfig.profile"
