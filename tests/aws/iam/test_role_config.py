"""IAM roles from config: `IamRole(name, stack.aws.iam_roles[name])`, key paths, code trust."""

from __future__ import annotations

import json
from typing import Any

import iaccore
from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement
from iaccore.aws.iam.role import IamRole
from iaccore.synth import Graph, synth
from iaccore.testing import capture_error
from tests.helpers import PROJECT, stack_config

ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ROLES = {
    "ci": {
        "description": "CI deploys",
        "trust": {"account_ids": ["123456789012"], "require_mfa": True},
        "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        "max_session_duration": 7200,
    },
    "worker": {"description": "trust given in code"},
}


def config(**aws: Any) -> dict[str, Any]:
    return stack_config(**{"iaccore:aws": {**stack_config()["iaccore:aws"], **aws}})


def run(program: Any) -> Graph:
    return synth(program, project=PROJECT, config=config(iam_roles=ROLES))


class TestRolesFromConfig:
    def test_role_from_the_map(self) -> None:
        """The map entry's trust, policies and session length reach the aws.iam.Role."""

        def program() -> None:
            IamRole("ci", iaccore.load_stack().aws.iam_roles["ci"])

        graph = run(program)
        role = graph.one(ROLE, "ci-role")
        assert role.inputs["maxSessionDuration"] == 7200
        trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
        assert trust["Principal"] == {"AWS": ["arn:aws:iam::123456789012:root"]}
        assert trust["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": ["true"]}
        assert graph.one(ATTACHMENT).inputs["policyArn"] == "arn:aws:iam::aws:policy/ReadOnlyAccess"

    def test_code_trust_completes_a_config_role(self) -> None:
        """A config role without trust takes a typed trust policy from code."""
        trust = PolicyDocument(
            [
                PolicyStatement(
                    principals={"Service": ["lambda.amazonaws.com"]}, actions=["sts:AssumeRole"]
                )
            ]
        )

        def program() -> None:
            IamRole("worker", iaccore.load_stack().aws.iam_roles["worker"], trust_policy=trust)

        role = run(program).one(ROLE, "worker-role")
        assert role.inputs["description"] == "trust given in code"
        assert "lambda.amazonaws.com" in role.inputs["assumeRolePolicy"]

    def test_errors_name_the_map_key(self) -> None:
        """A config role with no trust anywhere is refused at aws.iam_roles.<name>.trust."""
        captured = capture_error(
            lambda: IamRole("worker", iaccore.load_stack().aws.iam_roles["worker"]),
            project=PROJECT,
            config=config(iam_roles=ROLES),
        )
        assert captured.error.key_path == "aws.iam_roles.worker.trust"
        assert captured.graph.custom_resources() == []

    def test_roles_built_in_code_keep_their_component_key(self) -> None:
        """A role that is not in the map names itself, IamRole(<name>), in errors."""
        captured = capture_error(
            lambda: IamRole("bare", {}), project=PROJECT, config=config(iam_roles=ROLES)
        )
        assert captured.error.key_path == "IamRole(bare).trust"

    def test_unknown_managed_policy_name_is_a_config_error(self) -> None:
        """A short policy name iaccore does not know fails before anything registers."""
        roles = {"ci": {**ROLES["ci"], "managed_policy_arns": ["ReadOnlyAccess"]}}
        captured = capture_error(
            lambda: IamRole("ci", iaccore.load_stack().aws.iam_roles["ci"]),
            project=PROJECT,
            config=config(iam_roles=roles),
        )
        assert captured.error.key_path == "aws.iam_roles.ci.managed_policy_arns[0]"
        assert "unknown managed policy 'ReadOnlyAccess'" in captured.error.message
        assert captured.graph.custom_resources() == []

    def test_wrong_type_in_the_map(self) -> None:
        """A wrong type inside an aws.iam_roles entry fails loading at its key path."""
        captured = capture_error(
            iaccore.load_stack,
            project=PROJECT,
            config=config(iam_roles={"ci": {"trust": {"services": "ec2.amazonaws.com"}}}),
        )
        assert captured.error.key_path == "aws.iam_roles.ci.trust.services"
