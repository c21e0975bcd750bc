"""The pure role table and checks: names, GUIDs, scopes, principals and assignment names."""

from __future__ import annotations

import re
import uuid

import pulumi_azure_native.authorization as authorization
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaccore.azure.rbac.roles import (
    BUILTIN_ROLES,
    PRINCIPAL_TYPES,
    PRIVILEGED_ROLES,
    assignment_name,
    builtin_role,
    parse_scope,
    principal_id_error,
    privileged_scope_error,
    role_definition_id,
    role_error,
    scope_error,
)

SUB = "00000000-0000-4000-8000-000000000001"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-data"
ACCOUNT = f"{RG}/providers/Microsoft.Storage/storageAccounts/stdata"
MG = "/providers/Microsoft.Management/managementGroups/corp"
PRINCIPAL = "00000000-0000-4000-8000-0000000000aa"


class TestTable:
    @pytest.mark.parametrize(
        ("name", "guid"),
        [
            ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
            ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
            ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
            ("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
            ("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
            ("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
            ("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d"),
            ("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"),
            ("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
            ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"),
            ("Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7"),
            ("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb"),
            ("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
            ("Private DNS Zone Contributor", "b12aa53e-6015-4669-85d0-8515ebb3ae7f"),
        ],
    )
    def test_well_known_guids(self, name: str, guid: str) -> None:
        """The GUIDs other components rely on match Microsoft's built-in role list."""
        assert builtin_role(name).guid == guid

    def test_guids_are_unique_uuids(self) -> None:
        """Every entry is a lowercase UUID, and no two roles share one."""
        guids = [role.guid for role in BUILTIN_ROLES.values()]
        assert len(set(guids)) == len(guids)
        assert all(str(uuid.UUID(g)) == g for g in guids)

    def test_privileged_roles_are_in_the_table(self) -> None:
        """Each privileged role name is a table entry (a typo would silently disable the check)."""
        assert {name.lower() for name in PRIVILEGED_ROLES} <= set(BUILTIN_ROLES)

    def test_principal_types_match_the_sdk_enum(self) -> None:
        """The pure list equals azure-native's authorization.PrincipalType."""
        assert set(PRINCIPAL_TYPES) == {member.value for member in authorization.PrincipalType}


class TestLookup:
    def test_case_insensitive_exact_name(self) -> None:
        """Any case of the exact name finds the role, spelled Microsoft's way."""
        assert builtin_role("STORAGE BLOB DATA READER").name == "Storage Blob Data Reader"
        assert builtin_role(" acrpull ").name == "AcrPull"

    def test_unknown_name_suggests(self) -> None:
        """An unknown name is refused with the nearest names."""
        message = role_error("Storage Blob Reader")
        assert message is not None
        assert "did you mean 'Storage Blob Data Reader'" in message
        with pytest.raises(ValueError, match=r"unknown built-in role 'Acr Pull'.*'AcrPull'"):
            builtin_role("Acr Pull")

    def test_far_name_lists_known_roles(self) -> None:
        """With nothing close, the message lists the known roles."""
        message = role_error("zzzz")
        assert message is not None
        assert "known: " in message
        assert "Reader" in message

    def test_partial_names_are_not_matched(self) -> None:
        """Only exact names (any case) are accepted, never prefixes."""
        assert role_error("Storage Blob Data") is not None

    def test_role_definition_id(self) -> None:
        """Subscription form, or the tenant-level form without a subscription."""
        assert role_definition_id(SUB, "Reader") == (
            f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/"
            "acdd72a7-3385-48ef-bd42-f606fba81ae7"
        )
        assert role_definition_id(None, "AcrPull") == (
            "/providers/Microsoft.Authorization/roleDefinitions/"
            "7f951dda-4ed3-4680-a7ca-43fe172d538d"
        )


class TestScopes:
    @pytest.mark.parametrize(
        ("scope", "kind", "subscription"),
        [
            (MG, "management_group", None),
            (f"/subscriptions/{SUB}", "subscription", SUB),
            (RG, "resource_group", SUB),
            (f"/subscriptions/{SUB}/resourcegroups/rg-data", "resource_group", SUB),
            (ACCOUNT, "resource", SUB),
            (f"{ACCOUNT}/blobServices/default/containers/logs", "resource", SUB),
            (f"{RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/aks", "resource", SUB),
            (
                f"{ACCOUNT}/providers/Microsoft.Insights/diagnosticSettings/d",
                "resource",
                SUB,
            ),
            (f"/subscriptions/{SUB}/providers/Microsoft.Security/pricings/VMs", "resource", SUB),
        ],
    )
    def test_valid_scopes(self, scope: str, kind: str, subscription: str | None) -> None:
        """Management groups, subscriptions, resource groups and (child, extension) resources."""
        parsed = parse_scope(scope)
        assert (parsed.kind, parsed.subscription_id) == (kind, subscription)

    @pytest.mark.parametrize(
        "scope",
        [
            "",
            "/",
            "rg-data",
            "subscriptions/" + SUB,
            "/subscriptions/not-a-uuid",
            f"/subscriptions/{SUB}/",
            f"/subscriptions/{SUB}//resourceGroups/rg",
            f"/subscriptions/{SUB}/resourceGroups",
            f"/subscriptions/{SUB}/resourceGroups/rg/storageAccounts/x",
            f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage",
            f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts",
            f"/subscriptions/{SUB}/resourceGroups/rg/providers/storage/storageAccounts/x",
            f"/subscriptions/{SUB}/resourceGroups/my rg",
            "/providers/Microsoft.Management/managementGroups",
            "/providers/Microsoft.Storage/storageAccounts/x",
            "/tenants/x",
            "https://management.azure.com/subscriptions/" + SUB,
        ],
    )
    def test_invalid_scopes(self, scope: str) -> None:
        """Anything else is refused with a message naming the scope."""
        message = scope_error(scope)
        assert message is not None
        assert repr(scope) in message
        with pytest.raises(ValueError, match="is not a management group"):
            parse_scope(scope)


class TestPrivileged:
    @pytest.mark.parametrize("role", sorted(PRIVILEGED_ROLES))
    @pytest.mark.parametrize("scope", [f"/subscriptions/{SUB}", MG])
    def test_refused_at_broad_scopes(self, role: str, scope: str) -> None:
        """Owner, Contributor, UAA and RBAC Administrator at subscription or MG need opting in."""
        message = privileged_scope_error(role, scope)
        assert message is not None
        assert "allow_privileged: true" in message

    @pytest.mark.parametrize("scope", [RG, ACCOUNT])
    def test_allowed_at_narrow_scopes(self, scope: str) -> None:
        """A resource group or resource limits a privileged role to what it holds."""
        assert privileged_scope_error("Owner", scope) is None

    def test_other_roles_anywhere(self) -> None:
        """Non-privileged roles are fine at any scope."""
        assert privileged_scope_error("Reader", f"/subscriptions/{SUB}") is None
        assert privileged_scope_error("Reader", MG) is None


class TestPrincipalAndName:
    def test_principal_id_must_be_a_uuid(self) -> None:
        """Object ids only: names, e-mails and app ids in other forms are refused."""
        assert principal_id_error(PRINCIPAL) is None
        assert principal_id_error("alice@example.com") is not None
        assert principal_id_error("spn-ci") is not None

    def test_name_is_uuid5_and_deterministic(self) -> None:
        """A UUID v5 that depends on scope, role and principal only."""
        name = assignment_name(RG, "Reader", PRINCIPAL)
        assert uuid.UUID(name).version == 5
        assert name == assignment_name(RG.upper(), "READER", PRINCIPAL.upper())
        assert name != assignment_name(ACCOUNT, "Reader", PRINCIPAL)
        assert name != assignment_name(RG, "Contributor", PRINCIPAL)
        assert name != assignment_name(RG, "Reader", PRINCIPAL.replace("aa", "bb"))

    @given(
        scope=st.uuids().map(lambda subscription: f"/subscriptions/{subscription}"),
        role=st.sampled_from([role.name for role in BUILTIN_ROLES.values()]),
        principal=st.uuids().map(str),
    )
    def test_names_are_guids(self, scope: str, role: str, principal: str) -> None:
        """Whatever the inputs, the name is a GUID Azure accepts."""
        name = assignment_name(scope, role, principal)
        assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", name)
        assert name == assignment_name(scope, role, principal)
