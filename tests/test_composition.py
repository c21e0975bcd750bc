"""Composition: caller tags, options and per-role resource options reach every resource underneath.

EksCluster, SecureVpc (both flow-log destinations) and SecureBucket are built with caller tags, a
named provider, ``protect`` and ``resource_options`` for every one of their roles; every custom
resource below each component, including those of nested IamRole and SecureBucket components,
must carry them.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from iaccore.aws import EksCluster, SecureBucket, SecureVpc
from iaccore.synth import Graph, Resource
from iaccore.testing import assert_tagged
from tests.helpers import run

CALLER_TAGS = {"team": "platform", "tier": "gold"}
IGNORED = "iaccoreCompositionProbe"
ROLE_OPTIONS = {
    "ignore_changes": [IGNORED],
    "custom_timeouts": {"create": "42m", "delete": "17m"},
    "retain_on_delete": True,
}
COMPONENTS = (EksCluster, SecureVpc, SecureBucket)


def every_role(component: type[Any]) -> dict[str, Any]:
    """resource_options with the probe options for every role the component declares."""
    return dict.fromkeys(component.ROLES, ROLE_OPTIONS)


def program() -> None:
    dr = aws.Provider("dr", region="eu-central-1")
    opts = pulumi.ResourceOptions(provider=dr, protect=True)
    core = SecureVpc(
        "core",
        {"cidr": "10.20.0.0/16", "resource_options": every_role(SecureVpc)},
        opts=opts,
        tags=CALLER_TAGS,
    )
    SecureVpc(
        "edge",
        {
            "cidr": "10.30.0.0/16",
            "flow_logs": {"destination": "s3"},
            "resource_options": every_role(SecureVpc),
        },
        opts=opts,
        tags=CALLER_TAGS,
    )
    EksCluster(
        "main",
        {
            "admin_principals": ["arn:aws:iam::123456789012:role/platform-admins"],
            "node_groups": {"general": {"min": 2, "max": 4}},
            "resource_options": every_role(EksCluster),
        },
        opts=opts,
        vpc=core,
        tags=CALLER_TAGS,
    )
    SecureBucket(
        "data",
        {"resource_options": every_role(SecureBucket)},
        opts=opts,
        tags=CALLER_TAGS,
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return run(program)


def underneath(graph: Graph, type_: str, name: str) -> list[Resource]:
    """Custom resources below one component, nested components' children included."""
    found = [r for r in graph.descendants(graph.one(type_, name)) if r.custom]
    assert found, f"{name} has no custom resources"
    return found


TARGETS = [
    ("iaccore:aws:SecureVpc", "core"),
    ("iaccore:aws:SecureVpc", "edge"),
    ("iaccore:aws:EksCluster", "main"),
    ("iaccore:aws:SecureBucket", "data"),
]


class TestComposition:
    def test_nested_components_exist(self, graph: Graph) -> None:
        """The test reaches nested components: IamRoles under EKS and VPC, a bucket under edge."""
        nested = {
            (r.type, graph.get(r.parent).name)
            for r in graph.resources()
            if r.is_component and r.parent and graph.get(r.parent).is_component
        }
        assert ("iaccore:aws:IamRole", "main") in nested
        assert ("iaccore:aws:IamRole", "core") in nested
        assert ("iaccore:aws:SecureBucket", "edge") in nested

    @pytest.mark.parametrize(("type_", "name"), TARGETS)
    def test_role_options_reach_every_resource(self, graph: Graph, type_: str, name: str) -> None:
        """ignore_changes, custom timeouts and retain_on_delete of the role reach every child."""
        for resource in underneath(graph, type_, name):
            assert IGNORED in resource.ignore_changes, resource.urn
            assert resource.custom_timeouts.get("create") == "42m", resource.urn
            assert resource.custom_timeouts.get("delete") == "17m", resource.urn
            assert resource.retain_on_delete, resource.urn

    @pytest.mark.parametrize(("type_", "name"), TARGETS)
    def test_protect_reaches_every_resource(self, graph: Graph, type_: str, name: str) -> None:
        """protect=True on the component protects every resource underneath."""
        unprotected = [r.urn for r in underneath(graph, type_, name) if not r.protect]
        assert unprotected == []

    @pytest.mark.parametrize(("type_", "name"), TARGETS)
    def test_provider_reaches_every_aws_resource(self, graph: Graph, type_: str, name: str) -> None:
        """Every AWS resource underneath uses the caller's `dr` provider, not the default."""
        dr = graph.one("pulumi:providers:aws", "dr")
        for resource in underneath(graph, type_, name):
            if resource.package == "aws":
                assert resource.provider_urn == dr.urn, resource.urn

    def test_caller_tags_on_every_taggable_resource(self, graph: Graph) -> None:
        """Every taggable resource in the program, nested ones included, has the caller's tags."""
        assert_tagged(graph, list(CALLER_TAGS))
        roles = graph.resources("aws:iam/role:Role")
        assert len(roles) >= 4
        for role in roles:
            assert {k: role.inputs["tags"][k] for k in CALLER_TAGS} == CALLER_TAGS, role.urn

    def test_nested_names_are_kebab_case(self, graph: Graph) -> None:
        """No resource name carries a snake_case part (roles and suffixes are kebab-case)."""
        assert sorted(r.name for r in graph.resources() if "_" in r.name) == []


def test_provider_inherited_from_a_parent_reaches_lookups() -> None:
    """A component placed under a parent that carries a provider looks up that provider's
    account and region, so its names and policies match where its resources are created."""

    def program() -> None:
        west = aws.Provider("west", region="us-west-2")
        group = pulumi.ComponentResource(
            "test:index:Group", "group", None, pulumi.ResourceOptions(providers={"aws": west})
        )
        SecureBucket("data", opts=pulumi.ResourceOptions(parent=group))
        SecureVpc("edge", {"cidr": "10.50.0.0/16"}, opts=pulumi.ResourceOptions(parent=group))

    graph = run(program)
    west = graph.one("pulumi:providers:aws", "west")
    bucket = graph.one("aws:s3/bucket:Bucket")
    assert bucket.provider_urn == west.urn
    assert bucket.inputs["bucket"].endswith("-us-west-2-an")
    subnets = graph.resources("aws:ec2/subnet:Subnet")
    assert {s.inputs["availabilityZone"][:-1] for s in subnets} == {"us-west-2"}
    key_policy = graph.one("aws:kms/key:Key", "edge-flow-log-key").inputs["policy"]
    assert "logs.us-west-2.amazonaws.com" in key_policy
