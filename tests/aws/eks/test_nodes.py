"""Node groups: custom AMIs, volumes of every AMI family, IMDS, Name tags and ordering."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from iaccore.aws.eks.cluster import EksCluster
from iaccore.aws.eks.config import AMI_TYPES, NodeGroupConfig
from iaccore.aws.eks.userdata import MIME_BOUNDARY, NODEADM_CONTENT_TYPE
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, Resource
from tests.helpers import run

SUBNETS = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
DEPLOYER = "arn:aws:iam::123456789012:role/ci-deployer"
AMI = "ami-0123456789abcdef0"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
ADDON = "aws:eks/addon:Addon"
CLUSTER = "aws:eks/cluster:Cluster"


def cluster(node_groups: dict[str, Any]) -> Graph:
    """Synthesize one EksCluster ``main`` with ``node_groups``."""
    config = {"subnet_ids": SUBNETS, "deployer_role_arn": DEPLOYER, "node_groups": node_groups}
    return run(lambda: EksCluster("main", config))


def template(graph: Graph, group: str) -> Resource:
    return graph.one(LAUNCH_TEMPLATE, f"main-launch-template-{group}")


def refuse(node_groups: dict[str, Any]) -> ConfigurationError:
    """The cluster with ``node_groups`` is refused and registers nothing."""
    errors: list[ConfigurationError] = []

    def program() -> None:
        try:
            EksCluster(
                "main",
                {"subnet_ids": SUBNETS, "deployer_role_arn": DEPLOYER, "node_groups": node_groups},
            )
        except ConfigurationError as err:
            errors.append(err)

    graph = run(program)
    assert len(errors) == 1
    assert [r for r in graph if r.package in ("aws", "iaccore") and not r.is_provider] == []
    return errors[0]


@pytest.fixture(scope="module")
def custom() -> Graph:
    """A cluster with one CUSTOM-AMI node group."""
    return cluster({"custom": {"ami_type": "CUSTOM", "ami_id": AMI, "disk_size_gib": 100}})


@pytest.fixture(scope="module")
def two_groups() -> Graph:
    """A cluster with two EKS-AMI node groups."""
    return cluster({"general": {}, "batch": {"capacity_type": "SPOT", "tags": {"x": "1"}}})


class TestCustomAmi:
    def test_launch_template_names_the_image(self, custom: Graph) -> None:
        """The AMI goes into the launch template, with an encrypted gp3 root volume."""
        inputs = template(custom, "custom").inputs
        assert inputs["imageId"] == AMI
        (volume,) = inputs["blockDeviceMappings"]
        assert volume["deviceName"] == "/dev/xvda"
        assert volume["ebs"] == {
            "volumeSize": 100,
            "volumeType": "gp3",
            "encrypted": "true",
            "deleteOnTermination": "true",
        }

    def test_user_data_is_a_nodeadm_node_config(self, custom: Graph) -> None:
        """Base64 MIME user data with a NodeConfig naming this cluster's coordinates."""
        text = base64.b64decode(template(custom, "custom").inputs["userData"]).decode()
        cluster = custom.one(CLUSTER).outputs
        assert text.startswith("MIME-Version: 1.0\n")
        assert f'boundary="{MIME_BOUNDARY}"' in text
        assert f"Content-Type: {NODEADM_CONTENT_TYPE}" in text
        assert "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig" in text
        assert '    name: "payments-dev-main"' in text
        assert f'    apiServerEndpoint: "{cluster["endpoint"]}"' in text
        assert f'    certificateAuthority: "{cluster["certificateAuthority"]["data"]}"' in text
        assert '    cidr: "172.20.0.0/16"' in text
        assert text.rstrip().endswith(f"--{MIME_BOUNDARY}--")

    def test_node_group_leaves_ami_type_and_version_unset(self, custom: Graph) -> None:
        """EKS refuses amiType and version when the launch template has an image."""
        inputs = custom.one(NODE_GROUP, "main-node-group-custom").inputs
        assert "amiType" not in inputs
        assert "version" not in inputs
        assert "releaseVersion" not in inputs
        assert inputs["launchTemplate"]["id"] == template(custom, "custom").id

    def test_eks_ami_groups_keep_ami_type_and_version(self) -> None:
        """Beside a custom group, an EKS-AMI group still names its AMI type and version."""
        graph = cluster({"custom": {"ami_type": "CUSTOM", "ami_id": AMI}, "general": {}})
        inputs = graph.one(NODE_GROUP, "main-node-group-general").inputs
        assert (inputs["amiType"], inputs["version"]) == ("AL2023_x86_64_STANDARD", "1.35")
        general = template(graph, "general").inputs
        assert "imageId" not in general
        assert "userData" not in general

    def test_custom_ami_without_image_is_refused(self) -> None:
        """ami_type CUSTOM without ami_id: a ConfigurationError naming ami_id."""
        err = refuse({"custom": {"ami_type": "CUSTOM"}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.custom.ami_id"
        assert "ami_type CUSTOM needs the AMI to launch" in err.message

    def test_image_without_custom_type_is_refused(self) -> None:
        """An ami_id on an EKS AMI type would make EKS refuse the group."""
        err = refuse({"general": {"ami_id": AMI}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.general.ami_id"
        assert "only used with ami_type CUSTOM" in err.message

    def test_bad_ami_id(self) -> None:
        """ami_id must look like an AMI id."""
        err = refuse({"custom": {"ami_type": "CUSTOM", "ami_id": "al2023"}})
        assert err.key_path == "aws.eks.clusters.main.node_groups.custom.ami_id"


class TestVolumes:
    @pytest.mark.parametrize(
        ("ami_type", "devices"),
        [
            ("AL2023_x86_64_STANDARD", {"/dev/xvda": 60}),
            ("AL2023_ARM_64_NVIDIA", {"/dev/xvda": 60}),
            ("BOTTLEROCKET_x86_64", {"/dev/xvda": None, "/dev/xvdb": 60}),
            ("BOTTLEROCKET_ARM_64_FIPS", {"/dev/xvda": None, "/dev/xvdb": 60}),
            ("WINDOWS_CORE_2022_x86_64", {"/dev/sda1": 60}),
        ],
    )
    def test_devices_and_sizes(self, ami_type: str, devices: dict[str, Any]) -> None:
        """The data volume gets disk_size_gib; Bottlerocket's OS volume keeps the AMI's size."""
        graph = cluster({"g": {"ami_type": ami_type, "disk_size_gib": 60}})
        mappings = template(graph, "g").inputs["blockDeviceMappings"]
        assert {m["deviceName"]: m["ebs"].get("volumeSize") for m in mappings} == devices

    def test_every_family_encrypts_every_volume(self) -> None:
        """For every EKS AMI type, each mapped volume is encrypted gp3, deleted with the node."""
        types = [t for t in AMI_TYPES if t != "CUSTOM"]
        graph = cluster({t.lower().replace("_", "-"): {"ami_type": t} for t in types})
        for ami_type in types:
            mappings = template(graph, ami_type.lower().replace("_", "-")).inputs[
                "blockDeviceMappings"
            ]
            expected = 2 if ami_type.startswith("BOTTLEROCKET") else 1
            assert len(mappings) == expected, ami_type
            for mapping in mappings:
                assert mapping["ebs"]["encrypted"] == "true", ami_type
                assert mapping["ebs"]["volumeType"] == "gp3", ami_type
                assert mapping["ebs"]["deleteOnTermination"] == "true", ami_type


class TestMetadataAndNames:
    def test_imds_hop_limit_one_by_default(self, two_groups: Graph) -> None:
        """IMDSv2 only, hop limit 1: pods cannot reach the node role's credentials."""
        assert NodeGroupConfig().metadata_hop_limit == 1
        for group in ("general", "batch"):
            assert template(two_groups, group).inputs["metadataOptions"] == {
                "httpEndpoint": "enabled",
                "httpTokens": "required",
                "httpPutResponseHopLimit": 1,
            }

    def test_distinct_name_tags(self, two_groups: Graph) -> None:
        """Groups, templates and what they launch carry distinct Name tags per group."""
        names: dict[str, set[str]] = {}
        for group in ("general", "batch"):
            lt = template(two_groups, group).inputs
            launched = {spec["resourceType"]: spec["tags"] for spec in lt["tagSpecifications"]}
            assert set(launched) == {"instance", "volume", "network-interface"}
            names[group] = {tags["Name"] for tags in launched.values()}
            names[group].add(
                two_groups.one(NODE_GROUP, f"main-node-group-{group}").inputs["tags"]["Name"]
            )
            assert lt["tags"]["Name"] == f"main-launch-template-{group}"
        assert names == {"general": {"main-node-group-general"}, "batch": {"main-node-group-batch"}}
        batch = template(two_groups, "batch").inputs["tagSpecifications"][0]["tags"]
        assert batch["x"] == "1"


class TestOrdering:
    def test_nodes_wait_for_networking_addons(self, two_groups: Graph) -> None:
        """vpc-cni, kube-proxy and eks-pod-identity-agent exist before every node group."""
        groups = two_groups.resources(NODE_GROUP)
        assert len(groups) == 2
        for name in ("vpc-cni", "kube-proxy", "eks-pod-identity-agent"):
            addon = two_groups.one(ADDON, f"main-addon-{name}")
            for group in groups:
                assert addon.urn in group.dependencies, (name, group.name)
                assert group.urn not in addon.dependencies, (name, group.name)

    def test_pod_addons_wait_for_nodes(self, two_groups: Graph) -> None:
        """coredns and the EBS CSI driver wait for every node group."""
        groups = two_groups.resources(NODE_GROUP)
        for name in ("coredns", "aws-ebs-csi-driver"):
            addon = two_groups.one(ADDON, f"main-addon-{name}")
            assert {g.urn for g in groups} <= set(addon.dependencies), name
