"""Add-ons: the version policy, preserve on delete, and what each add-on waits for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from pulumi.runtime import MockCallArgs

from iaccore.aws.eks.addon_config import AddonConfig
from iaccore.aws.eks.cluster import EksCluster
from iaccore.aws.mocks import ADDON_VERSIONS
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, IaccoreMocks, synth
from tests.helpers import PROJECT, run, stack_config

SUBNETS = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
DEPLOYER = "arn:aws:iam::123456789012:role/ci-deployer"
ADDON = "aws:eks/addon:Addon"
GET_ADDON_VERSION = "aws:eks/getAddonVersion:getAddonVersion"
BASE: dict[str, Any] = {
    "subnet_ids": SUBNETS,
    "deployer_role_arn": DEPLOYER,
    "node_groups": {"general": {}},
}


def addons(graph: Graph) -> dict[str, Mapping[str, Any]]:
    """Inputs of each add-on, by add-on name."""
    return {r.inputs["addonName"]: r.inputs for r in graph.resources(ADDON)}


class RecordingMocks(IaccoreMocks):
    """The default mocks, recording each add-on version look-up's arguments and provider."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[dict[str, Any], str]] = []

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        if args.token == GET_ADDON_VERSION:
            self.calls.append((dict(args.args), str(args.provider)))
        return super().call(args)


def recorded(
    config: dict[str, Any], **stack: Any
) -> tuple[Graph, list[Mapping[str, Any]], set[str]]:
    """Synthesize the cluster; return the graph, the look-ups' arguments and their providers."""
    mocks = RecordingMocks()
    graph = synth(
        lambda: EksCluster("main", {**BASE, **config}),
        project=PROJECT,
        config=stack_config(**stack),
        mocks=mocks,
    )
    return graph, [args for args, _ in mocks.calls], {p for _, p in mocks.calls}


class TestVersionPolicy:
    def test_default_policy_resolves_for_the_cluster_version(self) -> None:
        """version default: EKS's default add-on version for the cluster's Kubernetes version."""
        graph, calls, _ = recorded({"version": "1.34"})
        by_name = {call["addonName"]: call for call in calls}
        assert set(by_name) == set(addons(graph))
        for call in by_name.values():
            assert call["kubernetesVersion"] == "1.34"
            assert call["mostRecent"] is False
        found = addons(graph)
        assert found["kube-proxy"]["addonVersion"] == "v1.34.0-eksbuild.1"
        assert found["coredns"]["addonVersion"] == f"{ADDON_VERSIONS['coredns']}-eksbuild.1"

    def test_cluster_upgrade_moves_the_addons(self) -> None:
        """Raising the cluster's version changes every resolved add-on's looked-up version."""
        before = addons(run(lambda: EksCluster("main", {**BASE, "version": "1.34"})))
        after = addons(run(lambda: EksCluster("main", {**BASE, "version": "1.35"})))
        assert before["kube-proxy"]["addonVersion"] == "v1.34.0-eksbuild.1"
        assert after["kube-proxy"]["addonVersion"] == "v1.35.0-eksbuild.1"

    def test_latest_policy(self) -> None:
        """version latest asks for the most recent compatible version."""
        graph, calls, _ = recorded({"addons": {"vpc-cni": {"version": "latest"}}})
        (call,) = [c for c in calls if c["addonName"] == "vpc-cni"]
        assert call["mostRecent"] is True
        assert addons(graph)["vpc-cni"]["addonVersion"] == "v1.20.4-eksbuild.2"

    def test_pinned_version_is_not_looked_up(self) -> None:
        """A pinned version is used as is, with no look-up for that add-on."""
        graph, calls, _ = recorded({"addons": {"coredns": {"version": "v1.11.4-eksbuild.2"}}})
        assert "coredns" not in {c["addonName"] for c in calls}
        assert addons(graph)["coredns"]["addonVersion"] == "v1.11.4-eksbuild.2"

    def test_lookups_use_the_cluster_provider(self) -> None:
        """A named provider in config answers the look-ups, like every other child."""
        section = {
            "enabled": True,
            "region": "eu-west-1",
            "providers": {"dr": {"region": "eu-central-1"}},
        }
        _graph, calls, providers = recorded({"provider": "dr"}, **{"iaccore:aws": section})
        assert len(calls) == 5
        assert len(providers) == 1
        assert "::aws-dr::" in providers.pop()

    @pytest.mark.parametrize("version", ["1.19.0", "newest", "v1.19", ""])
    def test_bad_version(self, version: str) -> None:
        """A version that is neither a policy nor a version string is refused, naming the key."""
        errors: list[ConfigurationError] = []

        def program() -> None:
            try:
                EksCluster("main", {**BASE, "addons": {"coredns": {"version": version}}})
            except ConfigurationError as err:
                errors.append(err)

        run(program)
        (err,) = errors
        assert err.key_path == "aws.eks.clusters.main.addons.coredns.version"
        assert "use default, latest or a version such as v1.19.0-eksbuild.1" in err.message

    def test_config_helpers(self) -> None:
        """pinned_version and most_recent read the policy."""
        assert AddonConfig().pinned_version is None
        assert AddonConfig(version="latest").pinned_version is None
        assert AddonConfig(version="v1.2.3-eksbuild.4").pinned_version == "v1.2.3-eksbuild.4"
        assert AddonConfig().most_recent is False


class TestPreserve:
    def test_preserved_on_delete_by_default(self) -> None:
        """Deleting an add-on resource leaves its software running (aws-node stays)."""
        found = addons(run(lambda: EksCluster("main", BASE)))
        assert {name: inputs["preserve"] for name, inputs in found.items()} == dict.fromkeys(
            found, True
        )

    def test_preserve_can_be_switched_off(self) -> None:
        """preserve: false removes the software with the add-on."""
        found = addons(
            run(lambda: EksCluster("main", {**BASE, "addons": {"kube-proxy": {"preserve": False}}}))
        )
        assert found["kube-proxy"]["preserve"] is False
        assert found["vpc-cni"]["preserve"] is True


@pytest.fixture(scope="module")
def graph() -> Graph:
    """The cluster of BASE."""
    return run(lambda: EksCluster("main", BASE))


class TestDependencies:
    def test_ebs_csi_waits_for_its_role(self, graph: Graph) -> None:
        """The EBS CSI add-on waits for its IRSA role and the role's policy attachment.

        It depends on the IamRole component; Pulumi expands that to the component's children.
        """
        addon = graph.one(ADDON, "main-addon-aws-ebs-csi-driver")
        role = graph.one("iaccore:aws:IamRole", "main-irsa-role-ebs-csi")
        children = [r for r in graph.resources("aws:iam/*") if r.parent == role.urn]
        assert {r.type for r in children} == {
            "aws:iam/role:Role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        }
        assert {r.urn for r in children} <= set(addon.dependencies)

    def test_other_addons_do_not_wait_for_the_role(self, graph: Graph) -> None:
        """Only the EBS CSI add-on depends on the EBS CSI role."""
        role = graph.one("aws:iam/role:Role", "main-irsa-role-ebs-csi-role")
        others = [r for r in graph.resources(ADDON) if r.name != "main-addon-aws-ebs-csi-driver"]
        assert others
        assert not any(role.urn in r.dependencies for r in others)

    def test_extra_addon_waits_for_nodes(self) -> None:
        """An add-on outside the default set runs pods: it waits for the node groups."""
        graph = run(
            lambda: EksCluster(
                "main", {**BASE, "addons": {"metrics-server": {"version": "v0.8.0-eksbuild.1"}}}
            )
        )
        group = graph.one("aws:eks/nodeGroup:NodeGroup")
        assert group.urn in graph.one(ADDON, "main-addon-metrics-server").dependencies
