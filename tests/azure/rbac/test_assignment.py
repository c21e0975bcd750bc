"""RoleAssignment and assign_role on the mock engine: ids, names, scope checks, principal types."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pulumi
import pytest
from pulumi_azure_native import network

import iaccore
from iaccore.azure import AzureComponent, RoleAssignment, assign_role
from iaccore.azure.rbac.assignment import RoleGrant
from iaccore.azure.types import AzureComponentConfig
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth
from iaccore.testing import assert_urns_match, capture_error
from tests.azure.helpers import AZ_CONFIG, PROJECT, az_config, run_azure

ASSIGNMENT = "azure-native:authorization:RoleAssignment"
GROUP = "azure-native:resources:ResourceGroup"
TOKEN = "iaccore:azure:RoleAssignment"
SNAPSHOTS = Path(__file__).parent / "snapshots"
SUB = "00000000-0000-4000-8000-000000000001"  # the mocks' subscription
OTHER_SUB = "11111111-1111-4111-8111-111111111111"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-data"
PRINCIPAL = "00000000-0000-4000-8000-0000000000aa"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
ENTRY: dict[str, Any] = {
    "role": "Storage Blob Data Reader",
    "scope": RG,
    "principal_id": PRINCIPAL,
    "principal_type": "Group",
    "description": "data team reads blobs",
}


def config_with(entries: dict[str, Any], **azure: Any) -> dict[str, Any]:
    section = {**AZ_CONFIG["iaccore:azure"], "role_assignments": entries, **azure}
    return az_config(**{"iaccore:azure": section})


def from_config(entries: dict[str, Any], name: str = "data", **azure: Any) -> Graph:
    def program() -> None:
        RoleAssignment(name, iaccore.load_stack().azure.role_assignments[name])

    return synth(program, project=PROJECT, config=config_with(entries, **azure))


def config_error(entry: dict[str, Any], name: str = "data") -> Any:
    captured = capture_error(
        lambda: RoleAssignment(name, iaccore.load_stack().azure.role_assignments[name]),
        project=PROJECT,
        config=config_with({name: entry}),
    )
    assert captured.registered_nothing
    return captured.error


def without(key: str) -> dict[str, Any]:
    return {k: v for k, v in ENTRY.items() if k != key}


class TestFromConfig:
    def test_inputs(self) -> None:
        """Role definition id in the scope's subscription, explicit principal type, scope."""
        graph = from_config({"data": ENTRY})
        inputs = graph.one(ASSIGNMENT, "data-role-assignment").inputs
        assert inputs["roleDefinitionId"] == (
            f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{BLOB_READER}"
        )
        assert inputs["principalId"] == PRINCIPAL
        assert inputs["principalType"] == "Group"
        assert inputs["scope"] == RG
        assert inputs["description"] == "data team reads blobs"
        assert "condition" not in inputs

    def test_child_of_the_component_and_no_resource_group(self) -> None:
        """The assignment is the component's only child; no resource group is created."""
        graph = from_config({"data": ENTRY})
        component = graph.one(TOKEN, "data")
        assert [r.type for r in graph.children(component)] == [ASSIGNMENT]
        assert graph.resources(GROUP) == []

    def test_name_is_a_stable_guid(self) -> None:
        """The Azure name is the UUID v5 of scope, role and principal: equal on every run."""
        first = from_config({"data": ENTRY}).one(ASSIGNMENT).inputs["roleAssignmentName"]
        again = from_config({"data": ENTRY}).one(ASSIGNMENT).inputs["roleAssignmentName"]
        other = from_config({"data": {**ENTRY, "role": "Reader"}}).one(ASSIGNMENT)
        assert first == again
        assert other.inputs["roleAssignmentName"] != first

    def test_arm_id_under_the_scope(self) -> None:
        """The id is <scope>/providers/Microsoft.Authorization/roleAssignments/<guid>."""
        res = from_config({"data": ENTRY}).one(ASSIGNMENT)
        name = res.inputs["roleAssignmentName"]
        assert res.outputs["id"] == (
            f"{RG}/providers/Microsoft.Authorization/roleAssignments/{name}"
        )

    def test_role_definition_in_the_scopes_subscription(self) -> None:
        """A scope in another subscription gets that subscription's role definition id."""
        scope = f"/subscriptions/{OTHER_SUB}/resourceGroups/rg"
        inputs = from_config({"data": {**ENTRY, "scope": scope}}).one(ASSIGNMENT).inputs
        assert inputs["roleDefinitionId"].startswith(f"/subscriptions/{OTHER_SUB}/providers/")

    def test_management_group_scope_uses_the_tenant_level_definition(self) -> None:
        """A management group has no subscription: the tenant-level role definition id."""
        scope = "/providers/Microsoft.Management/managementGroups/corp"
        inputs = (
            from_config({"data": {**ENTRY, "role": "Reader", "scope": scope}})
            .one(ASSIGNMENT)
            .inputs
        )
        assert inputs["roleDefinitionId"] == (
            f"/providers/Microsoft.Authorization/roleDefinitions/{READER}"
        )

    def test_role_name_any_case(self) -> None:
        """`storage blob data reader` finds the same role."""
        inputs = (
            from_config({"data": {**ENTRY, "role": "storage BLOB data reader"}})
            .one(ASSIGNMENT)
            .inputs
        )
        assert inputs["roleDefinitionId"].endswith(BLOB_READER)

    def test_condition_gets_version_2(self) -> None:
        """An ABAC condition is passed with conditionVersion 2.0."""
        condition = (
            "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] "
            "StringEquals 'logs'"
        )
        inputs = from_config({"data": {**ENTRY, "condition": condition}}).one(ASSIGNMENT).inputs
        assert inputs["condition"] == condition
        assert inputs["conditionVersion"] == "2.0"

    def test_privileged_role_with_opt_in(self) -> None:
        """Owner at subscription scope is created when allow_privileged is true."""
        entry = {**ENTRY, "role": "Owner", "scope": f"/subscriptions/{SUB}"}
        graph = from_config({"data": {**entry, "allow_privileged": True}})
        assert (
            graph.one(ASSIGNMENT)
            .inputs["roleDefinitionId"]
            .endswith("8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
        )

    def test_privileged_role_at_a_resource_group(self) -> None:
        """Owner at a resource group needs no opt-in."""
        graph = from_config({"data": {**ENTRY, "role": "Owner"}})
        assert len(graph.resources(ASSIGNMENT)) == 1

    def test_named_provider(self) -> None:
        """`provider: dr` puts the assignment on the azure-dr provider."""
        graph = from_config(
            {"data": {**ENTRY, "provider": "dr"}},
            providers={"dr": {"location": "northeurope"}},
        )
        assert (graph.one(ASSIGNMENT).provider_urn or "").endswith("::azure-dr")


class TestBadInput:
    def test_unknown_role_suggests(self) -> None:
        """An unknown role names azure.role_assignments.<name>.role and the nearest role."""
        error = config_error({**ENTRY, "role": "Storage Blob Reader"})
        assert error.key_path == "azure.role_assignments.data.role"
        assert "did you mean 'Storage Blob Data Reader'" in error.message

    @pytest.mark.parametrize(
        "scope", ["/", "rg-data", f"/subscriptions/{SUB}/resourceGroups", "/subscriptions/x"]
    )
    def test_bad_scope(self, scope: str) -> None:
        """A scope that is not an ARM id is refused at its key."""
        error = config_error({**ENTRY, "scope": scope})
        assert error.key_path == "azure.role_assignments.data.scope"

    def test_missing_principal_type(self) -> None:
        """principal_type has no default (Azure would assume User)."""
        error = config_error(without("principal_type"))
        assert error.key_path == "azure.role_assignments.data.principal_type"
        assert "required" in error.message

    def test_unknown_principal_type(self) -> None:
        """Only the ARM principal types are accepted."""
        error = config_error({**ENTRY, "principal_type": "ManagedIdentity"})
        assert error.key_path == "azure.role_assignments.data.principal_type"
        assert "ServicePrincipal" in str(error)

    def test_principal_id_not_a_uuid(self) -> None:
        """A name or e-mail is refused: role assignments take object ids."""
        error = config_error({**ENTRY, "principal_id": "alice@example.com"})
        assert error.key_path == "azure.role_assignments.data.principal_id"
        assert "UUID" in error.message

    @pytest.mark.parametrize("role", ["Owner", "User Access Administrator", "Contributor"])
    @pytest.mark.parametrize(
        "scope", [f"/subscriptions/{SUB}", "/providers/Microsoft.Management/managementGroups/corp"]
    )
    def test_privileged_role_at_broad_scope_refused(self, role: str, scope: str) -> None:
        """Privileged roles at subscription or management-group scope need allow_privileged."""
        error = config_error({**ENTRY, "role": role, "scope": scope})
        assert error.key_path == "azure.role_assignments.data.role"
        assert "allow_privileged: true" in error.message

    def test_condition_version_without_condition(self) -> None:
        """condition_version alone is refused at its key."""
        error = config_error({**ENTRY, "condition_version": "2.0"})
        assert error.key_path == "azure.role_assignments.data.condition_version"

    def test_unknown_provider(self) -> None:
        """A provider name that is not configured is refused before anything registers."""
        error = config_error({**ENTRY, "provider": "nowhere"})
        # the section's reference check names the entry (like every other azure.* provider)
        assert error.key_path == "azure"
        assert "role_assignments.data.provider names unknown provider 'nowhere'" in error.message

    def test_assignment_built_in_code_names_itself(self) -> None:
        """An assignment not in the map reports RoleAssignment(<name>) key paths."""
        captured = capture_error(
            lambda: RoleAssignment("adhoc", {**ENTRY, "principal_id": "bob"}),
            project=PROJECT,
            config=az_config(),
        )
        assert captured.error.key_path == "RoleAssignment(adhoc).principal_id"
        assert captured.registered_nothing


class _Cfg(AzureComponentConfig):
    pass


class Workload(AzureComponent[_Cfg]):
    """A test component with a network security group that grants a role on it."""

    TYPE_TOKEN: ClassVar[str] = "iaccore:test:Workload"
    CONFIG_MODEL: ClassVar[type[_Cfg]] = _Cfg
    ROLES: ClassVar[tuple[str, ...]] = ("nsg", "nsg_reader")

    def __init__(self, name: str, grant: dict[str, Any], **kwargs: Any) -> None:
        self._grant = grant
        super().__init__(name, {}, **kwargs)

    def _create(self) -> None:
        self.nsg = network.NetworkSecurityGroup(
            self.child_name("nsg"),
            resource_group_name=self.resource_group_name,
            location=self.location,
            opts=self.child_opts("nsg"),
        )
        self.grants: list[RoleGrant] = [
            assign_role(self, "nsg_reader", scope=self.nsg.id, suffix=(str(i),), **self._grant)
            for i in range(2 if self._grant.pop("twice", False) else 1)
        ]
        self.register()


class TestAssignRole:
    def grant(self, **extra: Any) -> dict[str, Any]:
        return {
            "role": "Network Contributor",
            "principal_id": PRINCIPAL,
            "principal_type": "ServicePrincipal",
            **extra,
        }

    def test_output_scope_from_a_component(self) -> None:
        """A grant on a resource's id: child of the component, definition from the resolved id."""
        graph = run_azure(lambda: Workload("app", self.grant()))
        component = graph.one("iaccore:test:Workload", "app")
        res = graph.one(ASSIGNMENT, "app-nsg-reader-0")
        nsg = graph.one("azure-native:network:NetworkSecurityGroup", "app-nsg")
        assert res.parent == component.urn
        assert res.inputs["scope"] == nsg.outputs["id"]
        assert res.inputs["roleDefinitionId"] == (
            f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/"
            "4d97b98b-1d4f-4787-a291-c67834d212e7"
        )
        assert res.inputs["principalType"] == "ServicePrincipal"

    def test_output_scope_name_is_deterministic(self) -> None:
        """The GUID name from Output inputs is the same on every run."""
        names = [
            run_azure(lambda: Workload("app", self.grant()))
            .one(ASSIGNMENT)
            .inputs["roleAssignmentName"]
            for _ in range(2)
        ]
        assert names[0] == names[1]

    def test_suffix_names_several_grants(self) -> None:
        """`suffix` tells grants of the same role apart in logical names."""
        graph = run_azure(lambda: Workload("app", self.grant(twice=True)))
        assert sorted(r.name for r in graph.resources(ASSIGNMENT)) == [
            "app-nsg-reader-0",
            "app-nsg-reader-1",
        ]

    def test_protect_reaches_the_assignment(self) -> None:
        """Component options reach the assignment through child_opts."""
        graph = run_azure(
            lambda: Workload("app", self.grant(), opts=pulumi.ResourceOptions(protect=True))
        )
        assert graph.one(ASSIGNMENT).protect

    def test_top_level_grant(self) -> None:
        """Without a component, the name is the logical name and the resource is top-level."""

        def program() -> None:
            assign_role(
                None,
                "ci-reader",
                role="Reader",
                scope=RG,
                principal_id=PRINCIPAL,
                principal_type="ServicePrincipal",
            )

        res = run_azure(program).one(ASSIGNMENT, "ci-reader")
        assert res.inputs["roleDefinitionId"].endswith(READER)

    @pytest.mark.parametrize(
        ("extra", "key"),
        [
            ({"role": "Network Contrib"}, "app.nsg_reader.role"),
            ({"principal_type": "user"}, "app.nsg_reader.principal_type"),
            ({"principal_id": "ci-app"}, "app.nsg_reader.principal_id"),
            ({"condition_version": "2.0"}, "app.nsg_reader.condition_version"),
        ],
    )
    def test_bad_arguments(self, extra: dict[str, Any], key: str) -> None:
        """Bad arguments raise ConfigurationError at <component>.<role>.<key>."""
        captured = capture_error(
            lambda: Workload("app", self.grant(**extra)), project=PROJECT, config=az_config()
        )
        assert captured.error.key_path == key
        assert not captured.graph.resources(ASSIGNMENT)

    def test_bad_string_scope_creates_nothing(self) -> None:
        """A plain-string scope is checked before anything registers."""

        def build() -> None:
            assign_role(
                None,
                "x",
                role="Reader",
                scope="/subscriptions/x",
                principal_id=PRINCIPAL,
                principal_type="User",
            )

        captured = capture_error(build, project=PROJECT, config=az_config())
        assert captured.error.key_path == "x.scope"
        assert captured.registered_nothing

    def test_privileged_string_scope_refused(self) -> None:
        """Owner at subscription scope from code needs allow_privileged=True too."""

        def build(allow: bool) -> None:
            assign_role(
                None,
                "admin",
                role="Owner",
                scope=f"/subscriptions/{SUB}",
                principal_id=PRINCIPAL,
                principal_type="Group",
                allow_privileged=allow,
            )

        captured = capture_error(lambda: build(False), project=PROJECT, config=az_config())
        assert isinstance(captured.error, ConfigurationError)
        assert captured.error.key_path == "admin.role"
        assert len(run_azure(lambda: build(True)).resources(ASSIGNMENT)) == 1


def test_urn_snapshot() -> None:
    """URNs of a config assignment stay put (renames need aliases)."""
    assert_urns_match(from_config({"data": ENTRY}), SNAPSHOTS / "role_assignment.txt")
