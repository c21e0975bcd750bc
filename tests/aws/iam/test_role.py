"""IamRole on the mock engine: trust, one attachment per managed policy, inline policies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pytest

from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement
from iaccore.aws.iam.role import IamRole, irsa_role
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph
from iaccore.testing import assert_tagged, assert_urns_match
from tests.helpers import METADATA_TAGS, run

ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE = "aws:iam/rolePolicy:RolePolicy"
TOKEN = "iaccore:aws:IamRole"
SNAPSHOTS = Path(__file__).parent / "snapshots"
OIDC_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"


def trust(graph: Graph, name: str) -> dict[str, Any]:
    return dict(json.loads(graph.one(ROLE, f"{name}-role").inputs["assumeRolePolicy"]))


def policy_arns(graph: Graph, name: str) -> set[str]:
    comp = graph.one(TOKEN, name)
    return {r.inputs["policyArn"] for r in graph.resources(ATTACHMENT, parent=comp)}


class TestForService:
    def test_service_trust_and_managed_policies(self) -> None:
        """for_service trusts the service and attaches exactly the named managed policies."""
        graph = run(
            lambda: IamRole.for_service(
                "nodes",
                "ec2.amazonaws.com",
                managed_policies=["AmazonSSMManagedInstanceCore", "AmazonEKS_CNI_Policy"],
            )
        )
        statement = trust(graph, "nodes")["Statement"]
        assert statement == [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["ec2.amazonaws.com"]},
                "Action": ["sts:AssumeRole"],
            }
        ]
        assert policy_arns(graph, "nodes") == {
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        }

    def test_inline_policy_is_a_role_policy(self) -> None:
        """A typed inline policy becomes one RolePolicy with the document's JSON."""
        doc = PolicyDocument(
            [PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/*"])]
        )
        graph = run(
            lambda: IamRole.for_service(
                "app", "lambda.amazonaws.com", inline_policies={"read": doc}
            )
        )
        inline = graph.one(INLINE, "app-inline-read")
        assert inline.inputs["name"] == "read"
        assert json.loads(inline.inputs["policy"]) == doc.to_dict()
        assert inline.parent == graph.one(TOKEN, "app").urn

    def test_boundary_and_session(self) -> None:
        """Permissions boundary and max session duration reach the role."""
        boundary = "arn:aws:iam::123456789012:policy/boundary"
        graph = run(
            lambda: IamRole(
                "ci",
                {
                    "trust": {"account_ids": ["210987654321"], "require_mfa": True},
                    "permissions_boundary_arn": boundary,
                    "max_session_duration": 7200,
                },
            )
        )
        role = graph.one(ROLE, "ci-role")
        assert role.inputs["permissionsBoundary"] == boundary
        assert role.inputs["maxSessionDuration"] == 7200
        condition = trust(graph, "ci")["Statement"][0]["Condition"]
        assert condition == {"Bool": {"aws:MultiFactorAuthPresent": ["true"]}}

    def test_config_inline_policy(self) -> None:
        """Inline policies from config render as deterministic JSON."""
        document = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}],
        }
        graph = run(
            lambda: IamRole(
                "q",
                {
                    "trust": {"services": ["ecs-tasks.amazonaws.com"]},
                    "inline_policies": {"sqs": document},
                },
            )
        )
        assert json.loads(graph.one(INLINE, "q-inline-sqs").inputs["policy"]) == document

    def test_children_tagged_and_parented(self) -> None:
        """The role carries metadata tags; every child has the component as parent."""
        graph = run(
            lambda: IamRole.for_service(
                "nodes", "ec2.amazonaws.com", managed_policies=["AmazonEKS_CNI_Policy"]
            )
        )
        assert_tagged(graph, METADATA_TAGS)
        comp = graph.one(TOKEN, "nodes")
        assert {r.parent for r in graph.custom_resources() if not r.is_provider} == {comp.urn}


class TestIrsa:
    def test_trust_conditions(self) -> None:
        """irsa_role trusts the OIDC provider for exactly one service account and audience."""
        graph = run(
            lambda: irsa_role(
                "dns",
                oidc_provider_arn=OIDC_ARN,
                oidc_issuer=ISSUER,
                namespace="kube-system",
                service_account="external-dns",
            )
        )
        statement = trust(graph, "dns")["Statement"][0]
        host = ISSUER.removeprefix("https://")
        assert statement["Principal"] == {"Federated": [OIDC_ARN]}
        assert statement["Action"] == ["sts:AssumeRoleWithWebIdentity"]
        assert statement["Condition"] == {
            "StringEquals": {
                f"{host}:aud": ["sts.amazonaws.com"],
                f"{host}:sub": ["system:serviceaccount:kube-system:external-dns"],
            }
        }


class TestErrors:
    def test_no_trust(self) -> None:
        """A role without trust is refused before anything registers."""
        errors: list[ConfigurationError] = []

        def program() -> None:
            try:
                IamRole("bare", {"managed_policy_arns": ["AmazonEKS_CNI_Policy"]})
            except ConfigurationError as err:
                errors.append(err)

        graph = run(program)
        assert errors
        assert errors[0].key_path == "IamRole(bare).trust"
        assert not graph.resources(TOKEN)
        assert not graph.resources(ROLE)

    def test_unknown_managed_policy_name(self) -> None:
        """An unknown managed policy name (not an ARN) is a ConfigurationError."""
        with pytest.raises(ConfigurationError, match="unknown managed policy 'Nope'"):
            run(lambda: IamRole.for_service("x", "ec2.amazonaws.com", managed_policies=["Nope"]))

    def test_trust_needs_a_principal(self) -> None:
        """An empty trust section is refused with its key path."""
        with pytest.raises(ConfigurationError) as info:
            run(lambda: IamRole("x", {"trust": {}}))
        assert info.value.key_path == "IamRole(x).trust"


def test_urn_snapshot() -> None:
    """URNs of an IamRole are stable (renames need aliases)."""
    graph = run(
        lambda: IamRole.for_service(
            "nodes",
            "ec2.amazonaws.com",
            managed_policies=["AmazonEKSWorkerNodePolicy"],
            inline_policies={
                "read": PolicyDocument([PolicyStatement(actions=["s3:GetObject"], resources=["*"])])
            },
            opts=pulumi.ResourceOptions(),
        )
    )
    assert_urns_match(graph, SNAPSHOTS / "iam_role.txt")
