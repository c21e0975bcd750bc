"""EksCluster composition: tags, role options and protect reach nested IamRoles; the shared key.

The cluster, node and EBS CSI roles are nested :class:`IamRole` components created through
``child_component``; these tests prove the caller's tags, ``protect`` and the per-role
``resource_options`` reach the resources inside them, that the cluster key comes from the shared
KMS builder with an explicit policy, and that the private helpers stay independent of the
component module.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pulumi
import pytest

import iaccore.aws.eks
from iaccore.aws.eks.cluster import EksCluster
from iaccore.synth import Graph, Resource
from iaccore.testing import assert_tagged, is_taggable
from tests.helpers import run

TOKEN = "iaccore:aws:EksCluster"
IAM_TOKEN = "iaccore:aws:IamRole"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE = "aws:iam/rolePolicy:RolePolicy"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
CLUSTER = "aws:eks/cluster:Cluster"
NESTED_ROLES = ("main-cluster-role", "main-node-role", "main-irsa-role-ebs-csi")
BASE: dict[str, Any] = {
    "subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
    "admin_principals": ["arn:aws:iam::123456789012:role/platform-admins"],
    "node_groups": {"general": {"min": 2, "max": 4}},
}


def cluster_graph(config: dict[str, Any] | None = None, **kwargs: Any) -> Graph:
    """Synthesize one EksCluster ``main`` with ``BASE`` plus ``config``."""
    return run(lambda: EksCluster("main", {**BASE, **(config or {})}, **kwargs))


def below(graph: Graph, type_: str, name: str) -> list[Resource]:
    """Custom resources below a component, nested components' children included."""
    return [r for r in graph.descendants(graph.one(type_, name)) if r.custom]


@pytest.fixture(scope="module")
def tagged() -> Graph:
    return cluster_graph(tags={"team": "x"})


@pytest.fixture(scope="module")
def graph() -> Graph:
    return cluster_graph()


class TestCallerTags:
    @pytest.mark.parametrize("role_name", NESTED_ROLES)
    def test_nested_role_resources_carry_caller_tags(self, tagged: Graph, role_name: str) -> None:
        """The aws.iam.Role of each nested IamRole, and any taggable child of it, has team=x."""
        resources = below(tagged, IAM_TOKEN, role_name)
        types = {r.type for r in resources}
        assert ROLE in types
        assert ATTACHMENT in types
        taggable = [r for r in resources if is_taggable(r)]
        assert [r.type for r in taggable] == [ROLE]
        for resource in taggable:
            assert resource.inputs["tags"]["team"] == "x", resource.urn
            assert resource.inputs["tags"]["Name"] == resource.name

    def test_policy_children_exist_and_are_not_taggable(self, tagged: Graph) -> None:
        """Attachments and inline policies have no tags in the AWS API: nothing to carry."""
        children = [
            *tagged.resources(ATTACHMENT),
            *tagged.resources(INLINE),
        ]
        assert {r.type for r in children} == {ATTACHMENT, INLINE}
        assert not any(is_taggable(r) for r in children)

    def test_every_taggable_resource_has_caller_tag(self, tagged: Graph) -> None:
        """Every taggable AWS resource of the program has the caller's tag."""
        assert_tagged(tagged, ["team"], types=["aws:*"])

    def test_name_tag_is_the_logical_name(self, tagged: Graph) -> None:
        """Each taggable child's Name tag is its own logical name, suffix included."""
        wrong = [
            (r.name, r.inputs["tags"].get("Name"))
            for r in tagged.resources("aws:*")
            if is_taggable(r) and r.inputs["tags"].get("Name") != r.name
        ]
        assert wrong == []


class TestRoleOptions:
    def test_cluster_role_options_reach_the_nested_role(self) -> None:
        """resource_options.cluster_role lands on the aws.iam.Role inside main-cluster-role."""
        graph = cluster_graph(
            {"resource_options": {"cluster_role": {"ignore_changes": ["description"]}}}
        )
        role = graph.one(ROLE, "main-cluster-role-role")
        assert role.parent == graph.one(IAM_TOKEN, "main-cluster-role").urn
        assert "description" in role.ignore_changes
        assert "description" not in graph.one(ROLE, "main-node-role-role").ignore_changes
        assert "description" not in graph.one(CLUSTER).ignore_changes

    def test_irsa_role_options_reach_ebs_csi_role(self) -> None:
        """resource_options.irsa_role reaches the roles made by irsa_role, EBS CSI included."""
        graph = cluster_graph({"resource_options": {"irsa_role": {"retain_on_delete": True}}})
        resources = below(graph, IAM_TOKEN, "main-irsa-role-ebs-csi")
        assert resources
        assert all(r.retain_on_delete for r in resources)
        assert not graph.one(ROLE, "main-node-role-role").retain_on_delete

    def test_protect_reaches_every_custom_resource(self) -> None:
        """protect=True on the EksCluster protects every custom resource underneath."""
        graph = cluster_graph(opts=pulumi.ResourceOptions(protect=True))
        resources = below(graph, TOKEN, "main")
        assert {ROLE, ATTACHMENT, INLINE, KEY, ALIAS, CLUSTER} <= {r.type for r in resources}
        assert [r.urn for r in resources if not r.protect] == []


class TestClusterKey:
    def test_key_has_explicit_policy(self, graph: Graph) -> None:
        """Account administration and CloudWatch Logs use for the cluster's log group only."""
        key = graph.one(KEY, "main-kms-key")
        account = graph.one(CLUSTER).outputs["arn"].split(":")[4]
        policy = json.loads(key.inputs["policy"])
        statements = {s["Sid"]: s for s in policy["Statement"]}
        assert set(statements) == {"AccountAdministration", "CloudWatchLogsUse"}
        admin = statements["AccountAdministration"]
        assert admin["Principal"] == {"AWS": [f"arn:aws:iam::{account}:root"]}
        logs = statements["CloudWatchLogsUse"]
        assert logs["Principal"] == {"Service": ["logs.eu-west-1.amazonaws.com"]}
        group = graph.one("aws:cloudwatch/logGroup:LogGroup").inputs["name"]
        assert logs["Condition"]["ArnEquals"] == {
            "kms:EncryptionContext:aws:logs:arn": [
                f"arn:aws:logs:eu-west-1:{account}:log-group:{group}"
            ]
        }

    def test_key_settings_and_alias(self, graph: Graph) -> None:
        """Symmetric, rotated, 30-day window; alias eks/<cluster> on that key."""
        key = graph.one(KEY, "main-kms-key")
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["deletionWindowInDays"] == 30
        assert key.inputs["customerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
        alias = graph.one(ALIAS, "main-kms-alias")
        assert alias.inputs["name"] == "alias/eks/payments-dev-main"
        assert alias.inputs["targetKeyId"] == key.outputs["keyId"]
        assert alias.parent == graph.one(TOKEN, "main").urn

    def test_no_key_without_secrets_encryption(self) -> None:
        """secrets_encryption: false creates no key and an unencrypted log group."""
        graph = cluster_graph({"secrets_encryption": False})
        assert graph.resources(KEY) == []
        assert graph.resources(ALIAS) == []
        assert "kmsKeyId" not in graph.one("aws:cloudwatch/logGroup:LogGroup").inputs
        assert "encryptionConfig" not in graph.one(CLUSTER).inputs
        assert graph.resources(INLINE) == []


class TestEbsCsiRole:
    def test_no_role_when_addon_disabled(self) -> None:
        """Disabling aws-ebs-csi-driver leaves out its IRSA role; the attribute is None."""
        built: list[EksCluster] = []

        def program() -> None:
            built.append(
                EksCluster("main", {**BASE, "addons": {"aws-ebs-csi-driver": {"enabled": False}}})
            )

        graph = run(program)
        names = {r.name for r in graph.resources(IAM_TOKEN)}
        assert names == {"main-cluster-role", "main-node-role"}
        assert built[0].ebs_csi_role is None
        assert "aws-ebs-csi-driver" not in built[0].addons
        assert built[0].physical_name == "payments-dev-main"


class TestHelperIndependence:
    HELPERS = sorted(
        p for p in Path(iaccore.aws.eks.__file__).parent.glob("_*.py") if p.name != "__init__.py"
    )

    def test_helpers_found(self) -> None:
        """The private helpers exist (the check below is not vacuous)."""
        names = {p.name for p in self.HELPERS}
        assert {"_access.py", "_addons.py", "_logs.py", "_nodes.py"} <= names

    @pytest.mark.parametrize("path", HELPERS, ids=lambda p: p.name)
    def test_helper_does_not_import_cluster(self, path: Path) -> None:
        """No helper imports iaccore.aws.eks.cluster, not even under TYPE_CHECKING."""
        tree = ast.parse(path.read_text())
        imported: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
                imported += [f"{node.module}.{alias.name}" for alias in node.names]
        assert not [name for name in imported if name.startswith("iaccore.aws.eks.cluster")]
        assert "EksCluster" not in path.read_text()
