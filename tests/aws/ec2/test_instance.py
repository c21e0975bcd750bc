"""Instance on the mock engine: IMDSv2, encrypted root, SSM profile, security group, tags, URNs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pytest

from iaccore.aws.ec2.config import IngressRule, InstanceConfig
from iaccore.aws.ec2.instance import Instance
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth_run
from iaccore.testing import (
    assert_all_encrypted,
    assert_no_public_ingress,
    assert_tagged,
    assert_urns_match,
    capture_error,
)
from tests.helpers import METADATA_TAGS, PROJECT, stack_config

COMPONENT = "iaccore:aws:Instance"
IAM_ROLE = "iaccore:aws:IamRole"
INSTANCE = "aws:ec2/instance:Instance"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
PROFILE = "aws:iam/instanceProfile:InstanceProfile"
SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
SNAPSHOTS = Path(__file__).parent / "snapshots"
SUBNET = {"subnet_id": "subnet-0a1b2c3d", "vpc_id": "vpc-0a1b2c3d", "vpc_cidr": "10.0.0.0/16"}
SSH_FROM_INTERNET = {
    "protocol": "tcp",
    "from_port": 22,
    "to_port": 22,
    "cidr_blocks": ["0.0.0.0/0"],
}


def run(program: Any) -> Graph:
    return synth_run(program, project=PROJECT, config=stack_config()).graph


def build(config: dict[str, Any] | None = None) -> Graph:
    return run(lambda: Instance("web", {**SUBNET, **(config or {})}))


def errors_of(config: Any, **kwargs: Any) -> tuple[list[ConfigurationError], Graph]:
    captured = capture_error(
        lambda: Instance("web", config, **kwargs), project=PROJECT, config=stack_config()
    )
    return [captured.error], captured.graph


class TestInstance:
    def test_children_parented_and_named_by_role(self) -> None:
        """Every child has the component as parent and is named `<name>-<role>[-suffix]`."""
        graph = build()
        comp = graph.one(COMPONENT, "web")
        assert sorted(child.name for child in graph.children(comp)) == [
            "web-egress-https",
            "web-egress-vpc",
            "web-instance",
            "web-instance-profile",
            "web-role",
            "web-security-group",
        ]
        assert graph.one(IAM_ROLE, "web-role").parent == comp.urn

    def test_imdsv2_required(self) -> None:
        """Metadata tokens are required (IMDSv2), endpoint on, hop limit from config."""
        assert build().one(INSTANCE).inputs["metadataOptions"] == {
            "httpTokens": "required",
            "httpEndpoint": "enabled",
            "httpPutResponseHopLimit": 1,
        }
        options = build({"metadata_hop_limit": 2}).one(INSTANCE).inputs["metadataOptions"]
        assert options["httpPutResponseHopLimit"] == 2

    def test_encrypted_gp3_root_volume(self) -> None:
        """The root volume is encrypted gp3 of the configured size, tagged like the instance."""
        inputs = build({"root_volume_size_gib": 50}).one(INSTANCE).inputs
        root = inputs["rootBlockDevice"]
        assert (root["encrypted"], root["volumeType"], root["volumeSize"]) == (True, "gp3", 50)
        assert root["tags"] == inputs["tags"]

    def test_defaults(self) -> None:
        """No public IP, t3.micro, detailed monitoring, subnet and SG wired."""
        graph = build()
        inputs = graph.one(INSTANCE).inputs
        assert inputs["associatePublicIpAddress"] is False
        assert inputs["instanceType"] == "t3.micro"
        assert inputs["monitoring"] is True
        assert inputs["subnetId"] == "subnet-0a1b2c3d"
        assert inputs["vpcSecurityGroupIds"] == [graph.one(SG).id]
        assert graph.one(SG).inputs["vpcId"] == "vpc-0a1b2c3d"

    def test_ami_from_ssm_parameter(self) -> None:
        """Without `ami`, the AMI is the value of the AL2023 SSM parameter (one invoke)."""
        result = synth_run(lambda: Instance("web", SUBNET), config=stack_config())
        expected = result.mocks.invoke_result(
            "aws:ssm/getParameter:getParameter",
            {"name": InstanceConfig().ami_ssm_parameter},
        )["insecureValue"]
        assert result.graph.one(INSTANCE).inputs["ami"] == expected
        assert result.mocks.invoke_counts["aws:ssm/getParameter:getParameter"] == 1

    def test_explicit_ami_skips_the_lookup(self) -> None:
        """An explicit `ami` is used as is, and SSM is not asked."""
        result = synth_run(
            lambda: Instance("web", {**SUBNET, "ami": "ami-0123456789abcdef0"}),
            config=stack_config(),
        )
        assert result.graph.one(INSTANCE).inputs["ami"] == "ami-0123456789abcdef0"
        assert "aws:ssm/getParameter:getParameter" not in result.mocks.invoke_counts

    def test_outputs(self) -> None:
        """instance_id, private_ip, security_group_id and role_arn are exported attributes."""

        def program() -> None:
            web = Instance("web", SUBNET)
            pulumi.export("id", web.instance_id)
            pulumi.export("ip", web.private_ip)
            pulumi.export("sg", web.security_group_id)
            pulumi.export("role", web.role_arn)

        graph = run(program)
        assert graph.outputs["id"] == graph.one(INSTANCE).id
        assert graph.outputs["ip"] == graph.one(INSTANCE).outputs["privateIp"]
        assert graph.outputs["sg"] == graph.one(SG).id
        assert graph.outputs["role"] == graph.one(ROLE).outputs["arn"]


class TestSsmProfile:
    def test_role_is_a_nested_iam_role(self) -> None:
        """The SSM role is an IamRole child holding the Role and its one policy attachment."""
        graph = build()
        component = graph.one(IAM_ROLE)
        assert (component.name, component.parent) == ("web-role", graph.one(COMPONENT).urn)
        role = graph.one(ROLE)
        (attachment,) = graph.resources(ATTACHMENT)
        assert (role.name, role.parent) == ("web-role-role", component.urn)
        assert attachment.name == "web-role-policy-AmazonSSMManagedInstanceCore"
        assert attachment.parent == component.urn
        assert role.inputs["description"] == (
            "Instance role of iaccore Instance web (SSM Session Manager)"
        )
        assert graph.one(PROFILE).name == "web-instance-profile"

    def test_role_trust_and_exactly_ssm_core(self) -> None:
        """The role trusts ec2.amazonaws.com and has exactly AmazonSSMManagedInstanceCore."""
        graph = build()
        role = graph.one(ROLE)
        trust = json.loads(role.inputs["assumeRolePolicy"])
        assert trust["Statement"] == [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["ec2.amazonaws.com"]},
                "Action": ["sts:AssumeRole"],
            }
        ]
        attachments = graph.resources(ATTACHMENT)
        assert [a.inputs["policyArn"] for a in attachments] == [SSM_CORE]
        assert attachments[0].inputs["role"] == role.outputs["name"]
        profile = graph.one(PROFILE)
        assert profile.inputs["role"] == role.outputs["name"]
        assert graph.one(INSTANCE).inputs["iamInstanceProfile"] == profile.outputs["name"]

    def test_no_ssm_no_iam(self) -> None:
        """ssm: false creates no role, attachment or profile."""
        graph = build({"ssm": False})
        assert graph.resources(ROLE) == graph.resources(PROFILE) == []
        assert graph.resources(IAM_ROLE) == graph.resources(ATTACHMENT) == []
        assert "iamInstanceProfile" not in graph.one(INSTANCE).inputs


class TestSecurityGroup:
    def test_defaults_have_no_public_ingress(self) -> None:
        """Default: no ingress; egress HTTPS anywhere and all traffic within the VPC."""
        graph = build()
        assert graph.resources(INGRESS) == []
        assert_no_public_ingress(graph)
        egress = {rule.name: rule.inputs for rule in graph.resources(EGRESS)}
        assert egress["web-egress-https"]["cidrIpv4"] == "0.0.0.0/0"
        assert (egress["web-egress-https"]["fromPort"], egress["web-egress-https"]["toPort"]) == (
            443,
            443,
        )
        assert egress["web-egress-vpc"]["cidrIpv4"] == "10.0.0.0/16"
        assert egress["web-egress-vpc"]["ipProtocol"] == "-1"

    @pytest.mark.parametrize(
        ("egress", "expected"),
        [
            ("vpc", {"web-egress-vpc": "10.0.0.0/16"}),
            ("all", {"web-egress-all-ipv4": "0.0.0.0/0", "web-egress-all-ipv6": "::/0"}),
            ("none", {}),
        ],
    )
    def test_egress_policies(self, egress: str, expected: dict[str, str]) -> None:
        """Each egress policy registers exactly its rules."""
        rules = build({"egress": egress}).resources(EGRESS)
        found = {r.name: r.inputs.get("cidrIpv4") or r.inputs.get("cidrIpv6") for r in rules}
        assert found == expected

    def test_ingress_rules_one_resource_per_cidr(self) -> None:
        """Each rule and CIDR is one ingress resource; all → -1, icmp over IPv6 → icmpv6."""
        rules = [
            {
                "protocol": "tcp",
                "from_port": 443,
                "to_port": 443,
                "cidr_blocks": ["10.1.0.0/16", "fd00::/8"],
                "description": "https",
            },
            {"protocol": "all", "cidr_blocks": ["10.2.0.0/16"]},
            {"protocol": "icmp", "from_port": -1, "to_port": -1, "cidr_blocks": ["fd00::/8"]},
        ]
        graph = build({"ingress_rules": rules})
        sg_id = graph.one(SG).id
        found = {r.name: r.inputs for r in graph.resources(INGRESS)}
        assert found["web-ingress-0-0"] == {
            "securityGroupId": sg_id,
            "ipProtocol": "tcp",
            "fromPort": 443,
            "toPort": 443,
            "cidrIpv4": "10.1.0.0/16",
            "description": "https",
            "tags": found["web-ingress-0-0"]["tags"],
        }
        assert found["web-ingress-0-1"]["cidrIpv6"] == "fd00::/8"
        assert found["web-ingress-1-0"]["ipProtocol"] == "-1"
        assert "fromPort" not in found["web-ingress-1-0"]
        assert found["web-ingress-2-0"]["ipProtocol"] == "icmpv6"
        assert_no_public_ingress(graph)

    @pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
    def test_internet_ingress_refused_registers_nothing(self, cidr: str) -> None:
        """Ingress from the internet without the opt-in: ConfigurationError, nothing registered."""
        rule = {**SSH_FROM_INTERNET, "cidr_blocks": [cidr]}
        errors, graph = errors_of({**SUBNET, "ingress_rules": [rule]})
        assert [e.key_path for e in errors] == ["aws.instances.web"]
        assert "ingress_rules[0] is open to the internet" in str(errors[0])
        assert "allow_ingress_from_internet: true" in str(errors[0])
        assert graph.resources(COMPONENT) == []
        assert graph.custom_resources() == []

    def test_prebuilt_config_checked_again(self) -> None:
        """A config built without validation is still checked before anything registers."""
        rule = IngressRule.model_validate(SSH_FROM_INTERNET)
        config = InstanceConfig.model_validate(SUBNET).model_copy(update={"ingress_rules": (rule,)})
        errors, graph = errors_of(config)
        assert [e.key_path for e in errors] == ["aws.instances.web.ingress_rules[0].cidr_blocks"]
        assert graph.custom_resources() == []

    def test_internet_ingress_with_opt_in(self) -> None:
        """allow_ingress_from_internet registers the rule (and the check then reports it)."""
        graph = build({"ingress_rules": [SSH_FROM_INTERNET], "allow_ingress_from_internet": True})
        (rule,) = graph.resources(INGRESS)
        assert rule.inputs["cidrIpv4"] == "0.0.0.0/0"
        with pytest.raises(AssertionError, match="public ingress found"):
            assert_no_public_ingress(graph)


class TestSubnetErrors:
    def test_no_subnet(self) -> None:
        """Neither vpc= nor subnet_id: ConfigurationError naming subnet_id."""
        errors, graph = errors_of({})
        assert [e.key_path for e in errors] == ["aws.instances.web.subnet_id"]
        assert graph.custom_resources() == []

    def test_vpc_egress_needs_cidr(self) -> None:
        """Explicit ids with VPC egress need vpc_cidr; egress none does not."""
        errors, graph = errors_of({"subnet_id": "subnet-0a1b2c3d", "vpc_id": "vpc-0a1b2c3d"})
        assert [e.key_path for e in errors] == ["aws.instances.web.vpc_cidr"]
        assert graph.custom_resources() == []
        ids = {"subnet_id": "subnet-0a1b2c3d", "vpc_id": "vpc-0a1b2c3d", "egress": "none"}
        assert build(ids).resources(EGRESS) == []

    def test_subnet_and_vpc_id_together(self) -> None:
        """subnet_id without vpc_id is refused by the model."""
        errors, _ = errors_of({"subnet_id": "subnet-0a1b2c3d"})
        assert "set subnet_id and vpc_id together" in str(errors[0])


class TestTagsOptionsUrns:
    def test_every_taggable_child_carries_metadata_tags(self) -> None:
        """Instance, SG, rules, role and profile carry the metadata, stack and Name tags."""
        rules = [
            {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]}
        ]
        graph = build({"ingress_rules": rules})
        assert_tagged(graph, METADATA_TAGS)
        assert graph.one(INSTANCE).inputs["tags"]["Name"] == "web-instance"
        assert graph.one(INGRESS).inputs["tags"]["Name"] == "web-ingress-0-0"

    def test_protect_reaches_every_child(self) -> None:
        """protect on the component reaches every resource underneath, the nested role's too."""
        graph = run(lambda: Instance("web", SUBNET, opts=pulumi.ResourceOptions(protect=True)))
        underneath = [r for r in graph.descendants(graph.one(COMPONENT)) if r.custom]
        assert {r.type for r in underneath} >= {INSTANCE, ROLE, ATTACHMENT, PROFILE}
        assert all(r.protect for r in underneath)

    def test_caller_tags_and_role_options_reach_the_nested_role(self) -> None:
        """tags= and resource_options.role reach the aws.iam.Role inside the nested IamRole."""
        config = {**SUBNET, "resource_options": {"role": {"ignore_changes": ["description"]}}}
        graph = run(lambda: Instance("web", config, tags={"team": "x"}))
        role = graph.one(ROLE)
        assert role.inputs["tags"]["team"] == "x"
        assert "description" in role.ignore_changes
        assert graph.one(INSTANCE).ignore_changes == ("ami",)
        assert_tagged(graph, [*METADATA_TAGS, "team"])

    def test_ami_from_ssm_is_not_followed(self) -> None:
        """An AMI looked up from SSM is ignored on update, so a new release replaces nothing."""
        assert "ami" in build().one(INSTANCE).ignore_changes

    def test_pinned_ami_is_managed(self) -> None:
        """A pinned AMI is managed normally: changing it is a deliberate replacement."""
        assert build({"ami": "ami-0123456789abcdef0"}).one(INSTANCE).ignore_changes == ()

    def test_role_options(self) -> None:
        """resource_options.instance.ignore_changes reaches the instance only."""
        graph = build({"resource_options": {"instance": {"ignore_changes": ["ami"]}}})
        assert list(graph.one(INSTANCE).ignore_changes or ()) == ["ami"]
        assert not graph.one(SG).ignore_changes

    def test_all_encrypted(self) -> None:
        """The encryption assertion passes (root volume encryption is inline)."""
        assert_all_encrypted(build())

    def test_urn_snapshot(self) -> None:
        """URNs match the committed snapshot (renames need aliases)."""
        rules = [
            {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]}
        ]
        assert_urns_match(build({"ingress_rules": rules}), SNAPSHOTS / "instance.txt")

    def test_importable_from_iaccore_aws(self) -> None:
        """Instance is exported lazily from iaccore.aws."""
        import iaccore.aws

        assert iaccore.aws.Instance is Instance


VPC_CONFIG: dict[str, Any] = {"cidr": "10.20.0.0/16"}


class TestWithSecureVpc:
    def _subnets(self, graph: Graph, tier: str) -> list[str]:
        subnets = [
            s
            for s in graph.resources("aws:ec2/subnet:Subnet")
            if s.inputs["tags"]["iaccore:tier"] == tier
        ]
        subnets.sort(key=lambda s: s.inputs["availabilityZone"])
        return [str(s.id) for s in subnets]

    def test_first_private_subnet_and_vpc_cidr(self) -> None:
        """With vpc=, the instance lands in the first private subnet; egress uses the VPC CIDR."""
        from iaccore.aws.network.vpc import SecureVpc

        def program() -> None:
            Instance("web", vpc=SecureVpc("core", VPC_CONFIG))

        graph = run(program)
        assert graph.one(INSTANCE).inputs["subnetId"] == self._subnets(graph, "private")[0]
        assert graph.one(SG).inputs["vpcId"] == graph.one("aws:ec2/vpc:Vpc").id
        assert graph.one(EGRESS, "web-egress-vpc").inputs["cidrIpv4"] == "10.20.0.0/16"
        assert_no_public_ingress(graph)

    def test_tier_and_index(self) -> None:
        """subnet_tier and subnet_index pick the subnet; a public IP needs the public tier."""
        from iaccore.aws.network.vpc import SecureVpc

        def program() -> None:
            cfg = {"subnet_tier": "public", "subnet_index": 2, "associate_public_ip": True}
            Instance("web", cfg, vpc=SecureVpc("core", VPC_CONFIG))

        graph = run(program)
        inputs = graph.one(INSTANCE).inputs
        assert inputs["subnetId"] == self._subnets(graph, "public")[2]
        assert inputs["associatePublicIpAddress"] is True

    @pytest.mark.parametrize(
        ("config", "key_path"),
        [
            ({"subnet_index": 3}, "aws.instances.web.subnet_index"),
            ({"subnet_tier": "isolated"}, "aws.instances.web.subnet_tier"),
            (SUBNET, "aws.instances.web.subnet_id"),
        ],
    )
    def test_wiring_errors_register_no_instance(
        self, config: dict[str, Any], key_path: str
    ) -> None:
        """Bad tier/index or both vpc= and subnet_id: ConfigurationError, no Instance child."""
        from iaccore.aws.network.vpc import SecureVpc

        errors: list[ConfigurationError] = []

        def program() -> None:
            vpc = SecureVpc("core", {**VPC_CONFIG, "tiers": {"isolated": {"enabled": False}}})
            try:
                Instance("web", config, vpc=vpc)
            except ConfigurationError as err:
                errors.append(err)

        graph = run(program)
        assert [e.key_path for e in errors] == [key_path]
        assert graph.resources(COMPONENT) == []
        assert graph.resources(INSTANCE) == graph.resources(SG) == []
