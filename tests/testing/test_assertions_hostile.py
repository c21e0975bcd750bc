"""The exposure and encryption assertions against the ways a careless (or clever) program hides
an open door or a plain-text disk; each positive case has a near-identical control that passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s
import pytest

from iaccore.synth import synth
from iaccore.testing import assert_all_encrypted, assert_no_public_ingress

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "aws-eks-platform"
HALVES = ["0.0.0.0/1", "128.0.0.0/1"]
ROLE = "arn:aws:iam::123456789012:role/eks"


def sg(name: str = "web", **kwargs: object) -> aws.ec2.SecurityGroup:
    return aws.ec2.SecurityGroup(name, vpc_id="vpc-1", **kwargs)  # type: ignore[arg-type]


def ingress(cidrs: list[str], port: int = 443, protocol: str = "tcp", v6: bool = False) -> dict:
    key = "ipv6_cidr_blocks" if v6 else "cidr_blocks"
    return {"protocol": protocol, "from_port": port, "to_port": port, key: cidrs}


def rule(name: str, group: aws.ec2.SecurityGroup, cidrs: list[str], port: int = 443) -> None:
    aws.ec2.SecurityGroupRule(
        name,
        type="ingress",
        security_group_id=group.id,
        protocol="tcp",
        from_port=port,
        to_port=port,
        cidr_blocks=[c for c in cidrs if ":" not in c] or None,
        ipv6_cidr_blocks=[c for c in cidrs if ":" in c] or None,
    )


def new_rule(name: str, group: aws.ec2.SecurityGroup, cidr: str, port: int = 443) -> None:
    family = {"cidr_ipv6": cidr} if ":" in cidr else {"cidr_ipv4": cidr}
    aws.vpc.SecurityGroupIngressRule(
        name, security_group_id=group.id, ip_protocol="tcp", from_port=port, to_port=port, **family
    )


def eks(**vpc: object) -> None:
    aws.eks.Cluster("main", role_arn=ROLE, vpc_config={"subnet_ids": ["subnet-1"], **vpc})


def service(annotations: dict[str, str] | None = None, ranges: list[str] | None = None) -> None:
    k8s.core.v1.Service(
        "web",
        metadata={"name": "web", "annotations": annotations or {}},
        spec={
            "type": "LoadBalancer",
            "ports": [{"port": 443}],
            "load_balancer_source_ranges": ranges,
        },
    )


def policy(block: dict) -> None:
    k8s.networking.v1.NetworkPolicy(
        "allow",
        metadata={"name": "allow"},
        spec={"pod_selector": {}, "ingress": [{"from": [{"ip_block": block}]}]},
    )


def halves(make: Callable[..., None]) -> None:
    group = sg()
    for index, cidr in enumerate(HALVES):
        make(f"r{index}", group, [cidr] if make is rule else cidr)


def two_sg_halves() -> None:
    rule("a", sg("one"), HALVES[:1])
    rule("b", sg("two"), HALVES[1:])


OPEN: dict[str, Callable[[], None]] = {
    "halves-in-one-inline-rule": lambda: sg(ingress=[ingress(HALVES)]),
    "halves-in-two-inline-rules": lambda: sg(ingress=[ingress(HALVES[:1]), ingress(HALVES[1:])]),
    "halves-in-two-rules": lambda: halves(rule),
    "halves-in-two-new-style-rules": lambda: halves(new_rule),
    "ipv6-world-inline": lambda: sg(ingress=[ingress(["::/0"], v6=True)]),
    "ipv6-world-spelled-long": lambda: new_rule("r", sg(), "0:0:0:0:0:0:0:0/0"),
    "ipv6-world-spelled-::0": lambda: new_rule("r", sg(), "::0/0"),
    "ipv6-halves": lambda: rule("r", sg(), ["::/1", "8000::/1"]),
    "host-bits-slash-zero": lambda: sg(ingress=[ingress(["10.1.2.3/0"])]),
    "sixteen-slash-fours": lambda: sg(ingress=[ingress([f"{16 * i}.0.0.0/4" for i in range(16)])]),
    "all-protocols-half-plus-port-half": lambda: sg(
        ingress=[ingress(HALVES[:1], port=0, protocol="-1"), ingress(HALVES[1:], port=22)]
    ),
    "default-security-group": lambda: (
        aws.ec2.DefaultSecurityGroup(
            "default", vpc_id="vpc-1", ingress=[ingress(["0.0.0.0/0"], port=22)]
        )
        and None
    ),
    "eks-endpoint-defaults": eks,
    "eks-endpoint-halves": lambda: eks(endpoint_public_access=True, public_access_cidrs=HALVES),
    "k8s-load-balancer-unrestricted": service,
    "k8s-load-balancer-world-range": lambda: service(ranges=["0.0.0.0/0"]),
    "k8s-network-policy-world": lambda: policy({"cidr": "0.0.0.0/0"}),
}

CLOSED: dict[str, Callable[[], None]] = {
    "half-plus-private": lambda: sg(ingress=[ingress(["0.0.0.0/1", "10.0.0.0/8"])]),
    "halves-on-different-ports": lambda: sg(
        ingress=[ingress(HALVES[:1], port=22), ingress(HALVES[1:], port=443)]
    ),
    "halves-on-different-groups": two_sg_halves,
    "world-egress-only": lambda: sg(egress=[ingress(["0.0.0.0/0"], port=0, protocol="-1")]),
    "office-range": lambda: sg(ingress=[ingress(["203.0.113.0/24"])]),
    "eks-private-endpoint": lambda: eks(endpoint_public_access=False, endpoint_private_access=True),
    "eks-office-only": lambda: eks(
        endpoint_public_access=True, public_access_cidrs=["203.0.113.0/24"]
    ),
    "k8s-internal-load-balancer": lambda: service(
        {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}
    ),
    "k8s-load-balancer-office": lambda: service(ranges=["203.0.113.0/24"]),
    "k8s-network-policy-with-except": lambda: policy(
        {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}
    ),
}


class TestPublicIngress:
    @pytest.mark.parametrize("name", sorted(OPEN))
    def test_open_to_the_world_is_caught(self, name: str) -> None:
        """Every spelling and split of 'the whole internet' fails the assertion."""
        with pytest.raises(AssertionError, match="public ingress found") as info:
            assert_no_public_ingress(synth(OPEN[name]))
        assert "(opens " in str(info.value)

    @pytest.mark.parametrize("name", sorted(CLOSED))
    def test_near_misses_pass(self, name: str) -> None:
        """Control: the same shapes that stop short of the world pass."""
        assert_no_public_ingress(synth(CLOSED[name]))

    def test_every_contributing_rule_is_listed(self) -> None:
        """Both halves are reported, each with the family it helps to open."""
        with pytest.raises(AssertionError) as info:
            assert_no_public_ingress(synth(OPEN["halves-in-two-rules"]))
        lines = str(info.value).splitlines()[1:]
        assert lines == [
            "  aws:ec2/securityGroupRule:SecurityGroupRule::r0 rule: tcp 443-443 from "
            "0.0.0.0/1 (opens 0.0.0.0/0)",
            "  aws:ec2/securityGroupRule:SecurityGroupRule::r1 rule: tcp 443-443 from "
            "128.0.0.0/1 (opens 0.0.0.0/0)",
        ]


def instance(root: dict | None = None, ebs: list[dict] | None = None) -> None:
    aws.ec2.Instance(
        "web", ami="ami-1", instance_type="t3.micro", root_block_device=root, ebs_block_devices=ebs
    )


def template(encrypted: str | None) -> None:
    aws.ec2.LaunchTemplate(
        "nodes",
        block_device_mappings=[
            {"device_name": "/dev/xvda", "ebs": {"volume_size": 20, "encrypted": encrypted}},
            {"device_name": "/dev/sdb", "virtual_name": "ephemeral0"},
        ],
    )


def node_group(with_template: bool) -> None:
    launch = {"id": "lt-1", "version": "1"} if with_template else None
    aws.eks.NodeGroup(
        "general",
        cluster_name="main",
        node_role_arn=ROLE,
        subnet_ids=["subnet-1"],
        scaling_config={"desired_size": 1, "min_size": 1, "max_size": 2},
        launch_template=launch,
    )


UNENCRYPTED: dict[str, tuple[Callable[[], None], str]] = {
    "instance-default-root": (instance, "root volume"),
    "instance-root-false": (lambda: instance({"encrypted": False}), "root volume"),
    "instance-extra-volume": (
        lambda: instance({"encrypted": True}, [{"device_name": "/dev/sdf", "volume_size": 5}]),
        "EBS volume /dev/sdf",
    ),
    "launch-template-unset": (lambda: template(None), "blockDeviceMappings[0].ebs.encrypted"),
    "launch-template-false": (lambda: template("false"), "blockDeviceMappings[0].ebs.encrypted"),
    "eks-cluster-without-secrets-encryption": (eks, "Kubernetes secrets"),
    "node-group-without-template": (lambda: node_group(False), "node volumes"),
}

ENCRYPTED: dict[str, Callable[[], None]] = {
    "instance-all-encrypted": lambda: instance(
        {"encrypted": True}, [{"device_name": "/dev/sdf", "encrypted": True}]
    ),
    "launch-template-true": lambda: template("true"),
    "node-group-with-template": lambda: node_group(True),
    "eks-cluster-with-secrets-encryption": lambda: (
        aws.eks.Cluster(
            "main",
            role_arn=ROLE,
            vpc_config={"subnet_ids": ["subnet-1"]},
            encryption_config={"resources": ["secrets"], "provider": {"key_arn": "arn:aws:kms:k"}},
        )
        and None
    ),
}


class TestEncryption:
    @pytest.mark.parametrize("name", sorted(UNENCRYPTED))
    def test_unencrypted_storage_is_caught(self, name: str) -> None:
        """Each way to leave a volume or the cluster's secrets in plain text fails."""
        program, says = UNENCRYPTED[name]
        with pytest.raises(AssertionError, match="unencrypted resources") as info:
            assert_all_encrypted(synth(program))
        assert says in str(info.value)

    @pytest.mark.parametrize("name", sorted(ENCRYPTED))
    def test_encrypted_storage_passes(self, name: str) -> None:
        """Control: the same resources, encrypted, pass."""
        assert_all_encrypted(synth(ENCRYPTED[name]))


def test_the_example_platform_passes_both() -> None:
    """iaccore's own EKS platform (VPC, cluster, node groups, bucket) passes both checks."""
    graph = synth(EXAMPLE, stack="dev")
    assert graph.resources(type="aws:eks/nodeGroup:NodeGroup")
    assert graph.resources(type="aws:ec2/launchTemplate:LaunchTemplate")
    assert_no_public_ingress(graph)
    assert_all_encrypted(graph)


def test_unknown_values_are_not_taken_for_the_world() -> None:
    """A CIDR that is unknown at synth time (an Output of another resource) is not counted."""

    def program() -> None:
        vpc = aws.ec2.Vpc("main", cidr_block="10.0.0.0/16")
        sg(ingress=[{"protocol": "tcp", "from_port": 1, "to_port": 1, "cidr_blocks": [vpc.arn]}])
        pulumi.export("ok", True)

    assert_no_public_ingress(synth(program))
