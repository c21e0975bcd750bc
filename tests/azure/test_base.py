"""AzureComponent: location resolution, resource groups (own, shared, existing, parent's), tags."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from iaccore.azure import AzureComponent
from iaccore.core.errors import MetadataError
from iaccore.synth import Graph
from iaccore.testing import capture_error
from tests.azure.helpers import AZ_CONFIG, PROJECT, Nsg, Pair, az_config, run_azure

GROUP = "azure-native:resources:ResourceGroup"
NSG = "azure-native:network:NetworkSecurityGroup"
STACK_URN = "urn:pulumi:dev::payments::pulumi:pulumi:Stack::payments-dev"
METADATA = {
    "iaccore:project": "payments",
    "iaccore:environment": "dev",
    "iaccore:owner": "team-payments",
    "iaccore:stack": "dev",
    "cost-center": "1234",
}


def azure(**section: Any) -> dict[str, Any]:
    """Overrides of the `iaccore:azure` section of AZ_CONFIG."""
    return {"iaccore:azure": {**AZ_CONFIG["iaccore:azure"], **section}}


DR = {"dr": {"location": "northeurope"}}


class TestLocation:
    def location(self, graph: Graph, name: str = "web-nsg") -> str:
        return str(graph.one(NSG, name).inputs["location"])

    def test_config_location_first(self) -> None:
        """The component's own location wins over its provider's and the section's."""
        graph = run_azure(
            lambda: Nsg("web", {"location": "Sweden Central", "provider": "dr"}),
            **azure(providers=DR),
        )
        assert self.location(graph) == "swedencentral"
        assert graph.one(GROUP).inputs["location"] == "swedencentral"

    def test_parent_location_second(self) -> None:
        """A nested component without a location takes its Azure parent's."""
        graph = run_azure(lambda: Pair("app", {"location": "uksouth"}))
        assert self.location(graph, "app-inner-nsg") == "uksouth"

    def test_own_location_beats_the_parent(self) -> None:
        """A nested component's own location wins over the parent's."""
        graph = run_azure(
            lambda: Pair("app", {"location": "uksouth"}, inner={"location": "ukwest"})
        )
        assert self.location(graph, "app-inner-nsg") == "ukwest"

    def test_named_provider_location_third(self) -> None:
        """Without its own, a component uses its named provider's location."""
        graph = run_azure(lambda: Nsg("web", {"provider": "dr"}), **azure(providers=DR))
        assert self.location(graph) == "northeurope"

    def test_section_location_fourth(self) -> None:
        """Then the section's location (over azure-native:location)."""
        graph = run_azure(lambda: Nsg("web"), **{"azure-native:location": "uksouth"})
        assert self.location(graph) == "westeurope"

    def test_stack_location_last(self) -> None:
        """Then azure-native:location of the stack config."""
        section = {k: v for k, v in AZ_CONFIG["iaccore:azure"].items() if k != "location"}
        graph = run_azure(
            lambda: Nsg("web"), **{"iaccore:azure": section, "azure-native:location": "uksouth"}
        )
        assert self.location(graph) == "uksouth"

    def test_no_location_creates_nothing(self) -> None:
        """Without any location the component refuses to start, naming the key."""
        config = az_config(**{"iaccore:azure": {"enabled": True}})
        del config["azure-native:location"]
        captured = capture_error(lambda: Nsg("web"), project=PROJECT, config=config)
        assert captured.error.key_path == "Nsg(web).location"
        assert "azure-native:location" in (captured.error.expected or "")
        # only the section's default provider (created when the component asked for it)
        assert captured.graph.custom_resources() == []
        assert not [r for r in captured.graph if r.is_component]


class TestOwnResourceGroup:
    def test_created_as_a_child(self) -> None:
        """per_component: `rg-<project>-<env>-<name>` is a child of the component, with tags."""
        graph = run_azure(lambda: Nsg("web"))
        component = graph.one("iaccore:test:Nsg", "web")
        group = graph.one(GROUP, "web-resource-group")
        assert group.parent == component.urn
        assert group.inputs["resourceGroupName"] == "rg-payments-dev-web"
        assert group.inputs["location"] == "westeurope"
        assert METADATA.items() <= group.inputs["tags"].items()
        assert graph.one(NSG).inputs["resourceGroupName"] == "rg-payments-dev-web"

    def test_one_group_per_component(self) -> None:
        """Two components, two groups."""
        graph = run_azure(lambda: [Nsg("web"), Nsg("api")])
        names = sorted(g.inputs["resourceGroupName"] for g in graph.resources(GROUP))
        assert names == ["rg-payments-dev-api", "rg-payments-dev-web"]

    def test_role_options_reach_the_group(self) -> None:
        """`resource_group` is a role of every Azure component: its options reach the group."""
        graph = run_azure(
            lambda: Nsg("web", {"resource_options": {"resource_group": {"protect": True}}})
        )
        assert graph.one(GROUP).protect
        assert not graph.one(NSG).protect
        assert "resource_group" in Nsg.ROLES
        assert Nsg.ROLES[0] == "resource_group"

    def test_protect_reaches_the_group(self) -> None:
        """The component's protect reaches its group."""
        graph = run_azure(lambda: Nsg("web", opts=pulumi.ResourceOptions(protect=True)))
        assert graph.one(GROUP).protect

    def test_stack_names_come_from_the_project(self) -> None:
        """Project and environment come from iaccore:project."""
        config = {"iaccore:project": {"name": "shop", "environment": "prod", "owner": "o"}}
        graph = run_azure(lambda: Nsg("web"), **config)
        assert graph.one(GROUP).inputs["resourceGroupName"] == "rg-shop-prod-web"


class TestSharedResourceGroup:
    def test_one_group_for_all(self) -> None:
        """shared: one `rg-<project>-<env>`, top-level, for every component."""
        graph = run_azure(lambda: [Nsg("web"), Nsg("api")], **azure(resource_group="shared"))
        group = graph.one(GROUP)
        assert group.name == "rg-payments-dev"
        assert group.inputs["resourceGroupName"] == "rg-payments-dev"
        assert group.parent == STACK_URN
        assert METADATA.items() <= group.inputs["tags"].items()
        assert {n.inputs["resourceGroupName"] for n in graph.resources(NSG)} == {"rg-payments-dev"}

    def test_one_group_per_named_provider(self) -> None:
        """Each named provider gets its own shared group, in its location, on that provider."""
        graph = run_azure(
            lambda: [
                Nsg("web"),
                Nsg("web-dr", {"provider": "dr"}),
                Nsg("api-dr", {"provider": "dr"}),
            ],
            **azure(resource_group="shared", providers=DR),
        )
        groups = {g.name: g for g in graph.resources(GROUP)}
        assert sorted(groups) == ["rg-payments-dev", "rg-payments-dev-dr"]
        dr = groups["rg-payments-dev-dr"]
        assert dr.inputs["location"] == "northeurope"
        assert (dr.provider_urn or "").endswith("::azure-dr")
        assert dr.parent == STACK_URN
        assert graph.one(NSG, "api-dr-nsg").inputs["resourceGroupName"] == "rg-payments-dev-dr"

    def test_group_location_is_the_providers(self) -> None:
        """The shared group sits in its provider's location even if the first user has another."""
        graph = run_azure(
            lambda: Nsg("web", {"location": "uksouth"}), **azure(resource_group="shared")
        )
        assert graph.one(GROUP).inputs["location"] == "westeurope"
        assert graph.one(NSG).inputs["location"] == "uksouth"


class TestExistingAndParentGroup:
    def test_existing_group_creates_none(self) -> None:
        """`resource_group_name` uses an existing group: nothing is created, in either mode."""
        for mode in ("per_component", "shared"):
            graph = run_azure(
                lambda: Nsg("web", {"resource_group_name": "rg-platform"}),
                **azure(resource_group=mode),
            )
            assert graph.resources(GROUP) == []
            assert graph.one(NSG).inputs["resourceGroupName"] == "rg-platform"

    @pytest.mark.parametrize("name", ["rg.", "a" * 91, "rg platform", ""])
    def test_bad_existing_group_name(self, name: str) -> None:
        """A resource group name Azure refuses fails at its key."""
        captured = capture_error(
            lambda: Nsg("web", {"resource_group_name": name}), project=PROJECT, config=az_config()
        )
        assert captured.error.key_path == "Nsg(web).resource_group_name"
        assert captured.registered_nothing

    def test_nested_components_share_the_parents_group(self) -> None:
        """A nested Azure component uses its parent's group; only the parent's is created."""
        graph = run_azure(lambda: Pair("app"))
        group = graph.one(GROUP)
        assert group.name == "app-resource-group"
        assert group.parent == graph.one("iaccore:test:Pair", "app").urn
        assert graph.one(NSG, "app-inner-nsg").inputs["resourceGroupName"] == "rg-payments-dev-app"

    def test_nested_component_with_its_own_existing_group(self) -> None:
        """A nested component's own `resource_group_name` wins over the parent's group."""
        graph = run_azure(lambda: Pair("app", inner={"resource_group_name": "rg-shared"}))
        assert graph.one(NSG, "app-inner-nsg").inputs["resourceGroupName"] == "rg-shared"
        assert len(graph.resources(GROUP)) == 1

    def test_parents_existing_group_is_inherited(self) -> None:
        """A parent's existing group reaches nested components; none is created."""
        graph = run_azure(lambda: Pair("app", {"resource_group_name": "rg-platform"}))
        assert graph.resources(GROUP) == []
        assert graph.one(NSG, "app-inner-nsg").inputs["resourceGroupName"] == "rg-platform"

    def test_no_group_without_use(self) -> None:
        """A component that never asks for its group creates none."""

        class Bare(AzureComponent[Any]):
            TYPE_TOKEN = "iaccore:test:Bare"
            CONFIG_MODEL = Nsg.CONFIG_MODEL

        graph = run_azure(lambda: Bare("bare"))
        assert graph.resources(GROUP) == []


class TestTags:
    def test_children_get_metadata_and_section_tags(self) -> None:
        """Every child has the metadata tags and the section's tags; no Name tag on Azure."""
        graph = run_azure(lambda: Nsg("web", {"tags": {"team": "web"}}))
        tags = graph.one(NSG).inputs["tags"]
        assert METADATA.items() <= tags.items()
        assert tags["team"] == "web"
        assert "Name" not in tags

    def test_forbidden_characters_replaced(self) -> None:
        """Characters Azure refuses in tag names (< > % & \\ ? /) become `_`."""
        graph = run_azure(lambda: Nsg("web", {"tags": {"a/b<c>d%e&f\\g?h": "x"}}))
        tags = graph.one(NSG).inputs["tags"]
        assert tags["a_b_c_d_e_f_g_h"] == "x"
        assert not any(set(key) & set("<>%&\\?/") for key in tags)

    def test_long_values_shortened(self) -> None:
        """Values over 256 characters are shortened (with a hash) to 256."""
        graph = run_azure(lambda: Nsg("web", {"tags": {"note": "x" * 300}}))
        for resource in (graph.one(NSG), graph.one(GROUP)):
            value = resource.inputs["tags"]["note"]
            assert len(value) == 256
            assert value.startswith("x" * 200)

    def test_case_insensitive_duplicates_refused(self) -> None:
        """Azure tag names ignore case: two keys differing only in case are an error."""
        captured = capture_error(
            lambda: Nsg("web", {"tags": {"Cost-Center": "9"}}),
            error=MetadataError,
            project=PROJECT,
            config=az_config(),
        )
        assert "cost-center" in str(captured.error)
        # tags are merged before the component registers: nothing at all is created
        assert captured.registered_nothing


def test_no_location_refused_before_the_provider_exists() -> None:
    """With no location anywhere, not even the section's provider is registered."""
    config = az_config()
    config["iaccore:azure"] = {"enabled": True}
    del config["azure-native:location"]
    captured = capture_error(lambda: Nsg("web"), project=PROJECT, config=config)
    assert captured.error.key_path == "Nsg(web).location"
    assert captured.registered_nothing
