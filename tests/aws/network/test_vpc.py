"""SecureVpc on the mock engine: subnets, NAT, routes, default SG, tags, errors, providers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest

from iaccore.aws.network.vpc import ROLES, SecureVpc
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, Resource, SynthRun, synth_run
from iaccore.testing import assert_no_public_ingress, assert_tagged, assert_urns_match
from tests.helpers import METADATA_TAGS, PROJECT, REGION, stack_config

VPC = "iaccore:aws:SecureVpc"
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
NAT = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
IGW = "aws:ec2/internetGateway:InternetGateway"
DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
SNAPSHOTS = Path(__file__).parent / "snapshots"


def config_in(region: str = REGION, **aws: Any) -> dict[str, Any]:
    """The shared test stack config in ``region``, with extra ``iaccore:aws`` keys."""
    section = {**stack_config()["iaccore:aws"], "region": region, **aws}
    return stack_config(**{"iaccore:aws": section, "aws:region": region})


def run(program: Any, region: str = REGION, **aws: Any) -> SynthRun:
    return synth_run(program, project=PROJECT, config=config_in(region, **aws))


def build(config: dict[str, Any] | None = None, region: str = REGION) -> Graph:
    return run(lambda: SecureVpc("core", config), region).graph


def by_name(graph: Graph, type_: str) -> dict[str, Resource]:
    return {r.name: r for r in graph.resources(type_)}


class TestLayout:
    @pytest.mark.parametrize("azs", [3, 2])
    @pytest.mark.parametrize(
        ("nat", "nat_count"), [("one_per_az", None), ("single", 1), ("none", 0)]
    )
    def test_counts_per_tier_and_nat_strategy(
        self, azs: int, nat: str, nat_count: int | None
    ) -> None:
        """Subnets, tables, associations, NATs and routes match the tiers, AZs and strategy."""
        graph = build({"azs": azs, "nat": nat})
        nats = azs if nat_count is None else nat_count
        subnets = graph.resources(SUBNET)
        assert len(subnets) == 3 * azs
        for tier in ("public", "private", "isolated"):
            tier_subnets = [s for s in subnets if s.inputs["tags"]["iaccore:tier"] == tier]
            assert sorted(s.inputs["availabilityZone"] for s in tier_subnets) == [
                f"eu-west-1{letter}" for letter in "abc"[:azs]
            ]
        assert len(graph.resources(ROUTE_TABLE)) == 1 + azs + 1
        assert len(graph.resources(ASSOCIATION)) == 3 * azs
        assert len(graph.resources(NAT)) == nats
        assert len(graph.resources(EIP)) == nats
        assert len(graph.resources(IGW)) == 1
        assert len(graph.resources(ROUTE)) == 1 + (azs if nats else 0)

    def test_subnets_match_the_plan_and_map_no_public_ip(self) -> None:
        """Each subnet has its planned CIDR and AZ, and never maps public IPs on launch."""
        seen: dict[str, SecureVpc] = {}

        def program() -> None:
            seen["vpc"] = SecureVpc("core", {"cidr": "10.20.0.0/16"})

        graph = run(program).graph
        subnets = by_name(graph, SUBNET)
        for planned in seen["vpc"].plan.subnets:
            subnet = subnets[f"core-subnet-{planned.name_suffix}"]
            assert subnet.inputs["cidrBlock"] == planned.cidr
            assert subnet.inputs["availabilityZone"] == planned.az
            assert subnet.inputs["mapPublicIpOnLaunch"] is False
        vpc = graph.one("aws:ec2/vpc:Vpc")
        assert vpc.inputs["cidrBlock"] == "10.20.0.0/16"
        assert vpc.inputs["enableDnsSupport"] is True
        assert vpc.inputs["enableDnsHostnames"] is True
        assert vpc.parent == graph.one(VPC, "core").urn

    def test_no_public_tier_means_no_internet_gateway(self) -> None:
        """Without a public tier (and nat none) there is no IGW, NAT or default route."""
        graph = build({"nat": "none", "tiers": {"public": {"enabled": False}}})
        assert graph.resources(IGW) == []
        assert graph.resources(NAT) == []
        assert graph.resources(ROUTE) == []
        assert len(graph.resources(SUBNET)) == 6


class TestRoutes:
    @pytest.mark.parametrize("nat", ["one_per_az", "single"])
    def test_every_route_points_to_the_right_target(self, nat: str) -> None:
        """public → IGW; private → NAT of its AZ (or the single NAT); isolated → nothing."""
        graph = build({"nat": nat})
        tables = by_name(graph, ROUTE_TABLE)
        nats = by_name(graph, NAT)
        igw = graph.one(IGW)
        routes = {r.inputs["routeTableId"]: r for r in graph.resources(ROUTE)}
        assert all(r.inputs["destinationCidrBlock"] == "0.0.0.0/0" for r in routes.values())
        public = routes[tables["core-route-table-public"].id]
        assert public.inputs["gatewayId"] == igw.id
        assert "natGatewayId" not in public.inputs
        for letter in "abc":
            route = routes[tables[f"core-route-table-private-{letter}"].id]
            target = f"core-nat-gateway-{letter}" if nat == "one_per_az" else "core-nat-gateway-a"
            assert route.inputs["natGatewayId"] == nats[target].id
            assert "gatewayId" not in route.inputs
        assert tables["core-route-table-isolated"].id not in routes

    def test_nat_gateways_sit_in_public_subnets_of_their_az(self) -> None:
        """Each NAT uses its own EIP and the public subnet of its AZ, after the IGW."""
        graph = build()
        subnets = by_name(graph, SUBNET)
        eips = by_name(graph, EIP)
        igw = graph.one(IGW)
        for letter in "abc":
            nat = graph.one(NAT, f"core-nat-gateway-{letter}")
            assert nat.inputs["subnetId"] == subnets[f"core-subnet-public-{letter}"].id
            assert nat.inputs["allocationId"] == eips[f"core-eip-{letter}"].outputs["allocationId"]
            assert igw.urn in nat.dependencies
            assert eips[f"core-eip-{letter}"].inputs["domain"] == "vpc"

    def test_every_subnet_is_associated_with_its_tier_table(self) -> None:
        """Associations join each subnet to its tier's table (private: the table of its AZ)."""
        graph = build()
        subnet_names = {r.id: r.name for r in graph.resources(SUBNET)}
        table_names = {r.id: r.name for r in graph.resources(ROUTE_TABLE)}
        pairs = sorted(
            (subnet_names[a.inputs["subnetId"]], table_names[a.inputs["routeTableId"]])
            for a in graph.resources(ASSOCIATION)
        )
        expected = sorted(
            [(f"core-subnet-public-{x}", "core-route-table-public") for x in "abc"]
            + [(f"core-subnet-private-{x}", f"core-route-table-private-{x}") for x in "abc"]
            + [(f"core-subnet-isolated-{x}", "core-route-table-isolated") for x in "abc"]
        )
        assert pairs == expected


class TestSecurityDefaults:
    def test_default_security_group_has_no_rules(self) -> None:
        """The VPC's default security group is adopted with no ingress and no egress."""
        graph = build()
        sg = graph.one(DEFAULT_SG)
        assert sg.inputs["vpcId"] == graph.one("aws:ec2/vpc:Vpc").id
        assert sg.inputs.get("ingress", []) == []
        assert sg.inputs.get("egress", []) == []

    def test_default_security_group_left_alone_on_opt_out(self) -> None:
        """restrict_default_security_group: false creates no DefaultSecurityGroup."""
        graph = build({"restrict_default_security_group": False})
        assert graph.resources(DEFAULT_SG) == []

    def test_every_taggable_resource_carries_metadata_tags(self) -> None:
        """Every taggable child (all options on) has the metadata, section and Name tags."""
        graph = build({"interface_endpoints": ["ssm"], "eks_cluster_names": ["main"]})
        assert_tagged(graph, METADATA_TAGS)
        assert_no_public_ingress(graph)

    def test_s3_flow_log_resources_are_tagged(self) -> None:
        """The S3 flow-log destination's taggable resources carry the tags too."""
        assert_tagged(build({"flow_logs": {"destination": "s3"}}), METADATA_TAGS)


class TestEksDiscovery:
    def test_eks_tags_on_public_and_private_subnets(self) -> None:
        """elb on public, internal-elb on private, cluster=shared on both, none on isolated."""
        graph = build({"eks_cluster_names": ["main", "batch"]})
        for subnet in graph.resources(SUBNET):
            tags = subnet.inputs["tags"]
            tier = tags["iaccore:tier"]
            if tier == "isolated":
                assert not any(key.startswith("kubernetes.io/") for key in tags)
                continue
            assert tags["kubernetes.io/cluster/main"] == "shared"
            assert tags["kubernetes.io/cluster/batch"] == "shared"
            role = (
                "kubernetes.io/role/elb" if tier == "public" else "kubernetes.io/role/internal-elb"
            )
            assert tags[role] == "1"
            other = {"kubernetes.io/role/elb", "kubernetes.io/role/internal-elb"} - {role}
            assert not other & set(tags)

    def test_role_tags_always_cluster_tags_never_by_default(self) -> None:
        """Without eks_cluster_names: the role tags are there, no kubernetes.io/cluster/ tag."""
        for subnet in build().resources(SUBNET):
            tags = subnet.inputs["tags"]
            kube = {k: v for k, v in tags.items() if k.startswith("kubernetes.io/")}
            expected = {
                "public": {"kubernetes.io/role/elb": "1"},
                "private": {"kubernetes.io/role/internal-elb": "1"},
                "isolated": {},
            }[tags["iaccore:tier"]]
            assert kube == expected, subnet.name


class TestBadInput:
    @pytest.mark.parametrize(
        ("config", "region", "key_path", "fragment"),
        [
            ({"existing_cidrs": ["10.0.128.0/17"]}, "eu-west-1", "aws.vpc.cidr", "VPC CIDR"),
            (
                {"cidr": "10.0.0.0/24", "tiers": {"private": {"prefix_length": 25}}},
                "eu-west-1",
                "aws.vpc.cidr",
                "is too small",
            ),
            ({"azs": 3}, "us-west-1", "aws.vpc.azs", "region has 2 (us-west-1a, us-west-1c)"),
            ({"azs": ["us-west-1b"]}, "us-west-1", "aws.vpc.azs", "'us-west-1b' is not in"),
            ({"nat": "two"}, "eu-west-1", "aws.vpc.nat", "'none', 'single' or 'one_per_az'"),
            ({"cidr": "10.0.0.1/16"}, "eu-west-1", "aws.vpc.cidr", "host bits"),
        ],
    )
    def test_error_names_key_and_registers_nothing(
        self, config: dict[str, Any], region: str, key_path: str, fragment: str
    ) -> None:
        """Bad input raises ConfigurationError naming the key; no component, no resource."""
        errors: list[ConfigurationError] = []

        def program() -> None:
            try:
                SecureVpc("core", config)
            except ConfigurationError as err:
                errors.append(err)

        graph = run(program, region).graph
        assert len(errors) == 1
        assert errors[0].key_path == key_path
        assert fragment in str(errors[0])
        assert graph.resources(VPC) == []
        assert graph.custom_resources() == []

    def test_unknown_role_in_resource_options(self) -> None:
        """resource_options keys must be SecureVpc roles."""
        errors: list[ConfigurationError] = []

        def program() -> None:
            try:
                SecureVpc("core", {"resource_options": {"nat": {"protect": True}}})
            except ConfigurationError as err:
                errors.append(err)

        graph = run(program).graph
        assert [e.key_path for e in errors] == ["aws.vpc.resource_options.nat"]
        assert "nat_gateway" in str(errors[0])
        assert graph.custom_resources() == []
        assert "nat_gateway" in ROLES

    def test_subnet_ids_of_disabled_tier(self) -> None:
        """subnet_ids() of a disabled tier raises ConfigurationError naming the tier key."""
        errors: list[ConfigurationError] = []

        def program() -> None:
            vpc = SecureVpc("core", {"tiers": {"isolated": {"enabled": False}}})
            assert len(vpc.subnet_ids("private")) == 3
            try:
                vpc.subnet_ids("isolated")
            except ConfigurationError as err:
                errors.append(err)

        run(program)
        assert [e.key_path for e in errors] == ["aws.vpc.tiers.isolated"]


class TestProviders:
    def test_az_lookup_once_per_region(self) -> None:
        """N VPCs in one program look AZs up once per region (default and dr providers)."""

        def program() -> None:
            for index in range(4):
                SecureVpc(f"v{index}", {"cidr": f"10.{index}.0.0/16"})
            SecureVpc("dr", {"cidr": "10.50.0.0/16", "provider": "dr"})

        result = run(program, providers={"dr": {"region": "eu-central-1"}})
        counts = result.mocks.invoke_counts
        assert counts["aws:index/getAvailabilityZones:getAvailabilityZones"] == 2
        assert counts["aws:index/getCallerIdentity:getCallerIdentity"] == 2
        assert len(result.graph.resources(VPC)) == 5

    def test_az_lookup_shared_by_providers_in_one_region(self) -> None:
        """Two named providers in the same region share one AZ lookup."""

        def program() -> None:
            SecureVpc("a", {"cidr": "10.60.0.0/16", "provider": "dr"})
            SecureVpc("b", {"cidr": "10.61.0.0/16", "provider": "dr2"})

        result = run(
            program,
            providers={"dr": {"region": "eu-central-1"}, "dr2": {"region": "eu-central-1"}},
        )
        counts = result.mocks.invoke_counts
        assert counts["aws:index/getAvailabilityZones:getAvailabilityZones"] == 1

    def test_provider_by_name(self) -> None:
        """provider: dr → every child uses aws-dr and subnets lie in eu-central-1 AZs."""
        result = run(
            lambda: SecureVpc("core", {"provider": "dr", "azs": 2}),
            providers={"dr": {"region": "eu-central-1"}},
        )
        graph = result.graph
        children = graph.custom_resources()
        assert children
        assert {r.provider_urn.rsplit("::", 1)[1] for r in children if r.provider_urn} == {"aws-dr"}
        assert all(r.provider_urn for r in children)
        azs = sorted(s.inputs["availabilityZone"] for s in graph.resources(SUBNET))
        assert set(azs) == {"eu-central-1a", "eu-central-1b"}
        s3 = graph.one("aws:ec2/vpcEndpoint:VpcEndpoint", "core-gateway-endpoint-s3")
        assert s3.inputs["serviceName"] == "com.amazonaws.eu-central-1.s3"

    def test_protect_reaches_every_child(self) -> None:
        """protect on the component reaches every child; per-role options reach their role."""
        graph = run(
            lambda: SecureVpc(
                "core",
                {"resource_options": {"nat_gateway": {"ignore_changes": ["tags"]}}},
                opts=pulumi.ResourceOptions(protect=True),
            )
        ).graph
        assert all(r.protect for r in graph.custom_resources())
        assert all(r.ignore_changes == ("tags",) for r in graph.resources(NAT))
        assert all(r.ignore_changes == () for r in graph.resources(SUBNET))


class TestOutputs:
    def test_outputs_are_attributes_and_registered(self) -> None:
        """Typed attributes resolve to the children's ids; exports see them."""

        def program() -> None:
            vpc = SecureVpc("core", {"nat": "single"})
            pulumi.export("vpc_id", vpc.vpc_id)
            pulumi.export("private", vpc.private_subnet_ids)
            pulumi.export("by_tier", vpc.subnet_ids_by_tier)
            pulumi.export("tables", vpc.route_table_ids)
            pulumi.export("nats", vpc.nat_gateway_ids)
            pulumi.export("flow_log", vpc.flow_log_id)
            pulumi.export("cidr", vpc.cidr_block)

        graph = run(program).graph
        out = graph.outputs
        assert out["vpc_id"] == graph.one("aws:ec2/vpc:Vpc").id
        assert out["cidr"] == "10.0.0.0/16"
        subnets = by_name(graph, SUBNET)
        assert out["private"] == [subnets[f"core-subnet-private-{x}"].id for x in "abc"]
        assert out["by_tier"]["public"] == [subnets[f"core-subnet-public-{x}"].id for x in "abc"]
        assert len(out["tables"]["private"]) == 3
        assert out["nats"] == [graph.one(NAT).id]
        assert out["flow_log"] == graph.one("aws:ec2/flowLog:FlowLog").id

    def test_urn_snapshot(self) -> None:
        """URNs of the default VPC with interface endpoints are stable (no accidental renames)."""
        graph = build({"interface_endpoints": ["ssm", "ecr.api"]})
        assert_urns_match(graph, SNAPSHOTS / "secure_vpc.txt")


def test_availability_zone_lookup_excludes_local_zones() -> None:
    """The AZ lookup asks only for the region's own zones (no opt-in Local Zones)."""
    from iaccore.synth import IaccoreMocks

    seen: list[dict[str, Any]] = []
    mocks = IaccoreMocks(region="eu-west-1")

    def zones(args: Any) -> dict[str, Any]:
        seen.append(dict(args))
        return {"id": "eu-west-1", "names": ["eu-west-1a", "eu-west-1b", "eu-west-1c"]}

    mocks.override_invoke("aws:index/getAvailabilityZones:getAvailabilityZones", zones)
    synth_run(lambda: SecureVpc("core"), config={"aws:region": "eu-west-1"}, mocks=mocks)
    assert seen
    assert seen[0]["state"] == "available"
    assert seen[0]["filters"] == [{"name": "opt-in-status", "values": ["opt-in-not-required"]}]
