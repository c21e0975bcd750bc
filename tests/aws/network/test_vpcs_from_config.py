"""Several VPCs from config (aws.vpcs), duplicate names, EKS subnet tags, retained flow logs."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

import iaccore
from iaccore.aws.network.vpc import SecureVpc
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth
from iaccore.testing import capture_error
from tests.helpers import PROJECT, REGION, stack_config

VPC = "iaccore:aws:SecureVpc"
SUBNET = "aws:ec2/subnet:Subnet"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KEY = "aws:kms/key:Key"
DR = {"dr": {"region": "eu-central-1"}}
VPCS = {"primary": {"cidr": "10.20.0.0/16"}, "dr": {"cidr": "10.40.0.0/16", "provider": "dr"}}


def config(**aws: Any) -> dict[str, Any]:
    """The test stack config with extra ``iaccore:aws`` keys."""
    return stack_config(**{"iaccore:aws": {**stack_config()["iaccore:aws"], **aws}})


def run(program: Any, **aws: Any) -> Graph:
    return synth(program, project=PROJECT, config=config(**aws))


def from_config(*names: str) -> None:
    stack = iaccore.load_stack()
    for name in names:
        SecureVpc(name, stack.aws.vpcs[name])


class TestSeveralVpcs:
    def test_two_vpcs_two_regions(self) -> None:
        """Each VPC of aws.vpcs is built under its key; dr's resources all use the dr provider."""
        graph = run(lambda: from_config("primary", "dr"), providers=DR, vpcs=VPCS)
        assert sorted(v.name for v in graph.resources(VPC)) == ["dr", "primary"]
        dr_children = graph.descendants(graph.one(VPC, "dr"))
        custom = [r for r in dr_children if r.custom]
        assert custom
        assert {r.provider_urn.rsplit("::", 1)[1] for r in custom if r.provider_urn} == {"aws-dr"}
        assert all(r.provider_urn for r in custom)
        dr_azs = {
            s.inputs["availabilityZone"]
            for s in graph.resources(SUBNET)
            if s.name.startswith("dr-")
        }
        assert dr_azs == {"eu-central-1a", "eu-central-1b", "eu-central-1c"}
        primary = [s for s in graph.resources(SUBNET) if s.name.startswith("primary-")]
        assert {s.inputs["availabilityZone"][:-1] for s in primary} == {REGION}

    def test_vpc_and_vpcs_together(self) -> None:
        """aws.vpc keeps working beside aws.vpcs, under the name the program gives it."""

        def program() -> None:
            stack = iaccore.load_stack()
            SecureVpc("core", stack.aws.vpc)
            SecureVpc("primary", stack.aws.vpcs["primary"])

        graph = run(program, vpc={"cidr": "10.10.0.0/16"}, vpcs={"primary": VPCS["primary"]})
        assert sorted(v.name for v in graph.resources(VPC)) == ["core", "primary"]

    def test_errors_name_the_map_key(self) -> None:
        """A VPC of aws.vpcs reports problems at aws.vpcs.<name>; aws.vpc's at aws.vpc."""
        captured = capture_error(
            lambda: from_config("west"),
            project=PROJECT,
            config=config(vpcs={"west": {"azs": ["eu-west-1z"]}}),
        )
        assert captured.error.key_path == "aws.vpcs.west.azs"
        assert captured.graph.custom_resources() == []
        captured = capture_error(
            lambda: SecureVpc("core", {"azs": ["eu-west-1z"]}), project=PROJECT, config=config()
        )
        assert captured.error.key_path == "aws.vpc.azs"


class TestDuplicateNames:
    """A duplicate: two VPCs with one name in a program (a vpcs key or a component name)."""

    def test_vpc_named_like_a_vpcs_key(self) -> None:
        """aws.vpc built under a name that aws.vpcs uses is refused before it registers."""

        def build() -> None:
            stack = iaccore.load_stack()
            SecureVpc("primary", stack.aws.vpc)

        captured = capture_error(
            build,
            project=PROJECT,
            config=config(vpc={"cidr": "10.10.0.0/16"}, vpcs={"primary": VPCS["primary"]}),
        )
        err = captured.error
        assert err.key_path == "aws.vpcs.primary"
        assert "is a key of aws.vpcs, but this SecureVpc is built from other config" in err.message
        assert "SecureVpc('primary', stack.aws.vpcs['primary'])" in str(err.expected)
        assert captured.graph.resources(VPC) == []

    def test_code_config_under_a_vpcs_key(self) -> None:
        """A VPC built in code under a key of aws.vpcs, with other config, is refused too."""
        captured = capture_error(
            lambda: SecureVpc("primary", {"cidr": "10.99.0.0/16"}),
            project=PROJECT,
            config=config(vpcs={"primary": VPCS["primary"]}),
        )
        assert captured.error.key_path == "aws.vpcs.primary"
        assert captured.graph.resources(VPC) == []

    def test_same_config_as_a_mapping_is_the_entry(self) -> None:
        """The entry's own config, given as a mapping, is that entry, not a duplicate."""
        graph = run(
            lambda: SecureVpc("primary", VPCS["primary"]), vpcs={"primary": VPCS["primary"]}
        )
        assert graph.one(VPC, "primary")

    def test_second_vpc_of_one_name(self) -> None:
        """A second SecureVpc of a name already built is refused; the first stays whole."""

        def build() -> None:
            stack = iaccore.load_stack()
            SecureVpc("primary", stack.aws.vpcs["primary"])
            SecureVpc("primary", stack.aws.vpcs["primary"])

        captured = capture_error(
            build, project=PROJECT, config=config(vpcs={"primary": VPCS["primary"]})
        )
        err = captured.error
        assert err.key_path == "aws.vpcs.primary"
        assert err.message == "a SecureVpc named 'primary' already exists in this program"
        assert len(captured.graph.resources(VPC)) == 1
        assert len(captured.graph.resources("aws:ec2/vpc:Vpc")) == 1

    def test_failed_vpc_does_not_reserve_its_name(self) -> None:
        """A VPC refused for bad config does not block a later, valid one of that name."""

        def program() -> None:
            with contextlib.suppress(ConfigurationError):
                SecureVpc("core", {"azs": ["eu-west-1z"]})
            SecureVpc("core")

        assert run(program).one(VPC, "core")


class TestEksTags:
    def test_cluster_tags_only_for_listed_names(self) -> None:
        """kubernetes.io/cluster/<name> for each eks_cluster_names entry only."""
        graph = run(lambda: SecureVpc("core", {"eks_cluster_names": ["payments-dev-main"]}))
        for subnet in graph.resources(SUBNET):
            tags = subnet.inputs["tags"]
            clusters = sorted(k for k in tags if k.startswith("kubernetes.io/cluster/"))
            if tags["iaccore:tier"] == "isolated":
                assert clusters == []
            else:
                assert clusters == ["kubernetes.io/cluster/payments-dev-main"]
                assert tags["kubernetes.io/cluster/payments-dev-main"] == "shared"

    def test_eks_reads_the_names_from_the_vpc_config(self) -> None:
        """What EksCluster(vpc=) checks against: vpc.config.eks_cluster_names."""
        seen: list[tuple[str, ...]] = []
        run(
            lambda: seen.append(
                SecureVpc("core", {"eks_cluster_names": ["a", "b"]}).config.eks_cluster_names
            )
        )
        assert seen == [("a", "b")]

    @pytest.mark.parametrize(
        ("names", "key_path"),
        [
            (["main", "main"], "aws.vpc.eks_cluster_names"),
            (["-main"], "aws.vpc.eks_cluster_names[0]"),
            (["main cluster"], "aws.vpc.eks_cluster_names[0]"),
            (["x" * 101], "aws.vpc.eks_cluster_names[0]"),
            ("main", "aws.vpc.eks_cluster_names"),
        ],
    )
    def test_bad_cluster_names(self, names: Any, key_path: str) -> None:
        """Duplicates, names EKS would refuse and a bare string are refused at their keys."""
        captured = capture_error(
            lambda: SecureVpc("core", {"eks_cluster_names": names}),
            project=PROJECT,
            config=config(),
        )
        assert captured.error.key_path == key_path
        assert captured.graph.custom_resources() == []


class TestRetention:
    def test_flow_log_group_and_key_retained_network_not(self) -> None:
        """The flow-log group and its key are retained on delete; subnets and the VPC are not."""
        graph = run(lambda: SecureVpc("core"))
        assert graph.one(LOG_GROUP).retain_on_delete is True
        assert graph.one(KEY).retain_on_delete is True
        assert graph.one("aws:ec2/vpc:Vpc").retain_on_delete is False
        assert not any(s.retain_on_delete for s in graph.resources(SUBNET))

    def test_opt_out(self) -> None:
        """retain_data_on_delete: false retains nothing."""
        graph = run(lambda: SecureVpc("core"), retain_data_on_delete=False)
        assert not any(r.retain_on_delete for r in graph.custom_resources())
