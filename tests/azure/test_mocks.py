"""The azure module's default mocks: client config, AKS credentials, ARM ids and names."""

from __future__ import annotations

import base64
import importlib
import inspect
import json
import re
from typing import Any

import pytest
from pulumi_azure_native import network, resources

from iaccore.azure.environment import azure_environment
from iaccore.azure.mocks import AKS_SERVER_ID, ARM_TYPES, AZURE_MOCKS, AzureMocks, arm_id
from iaccore.azure.module import MODULE
from iaccore.core.modules import load_object
from iaccore.synth import IaccoreMocks, synth_run
from iaccore.synth.mocks import MockContext

CREDENTIALS = "azure-native:containerservice:listManagedClusterUserCredentials"


def azure_mocks(**kwargs: str) -> IaccoreMocks:
    return IaccoreMocks(contributors=[AZURE_MOCKS], **kwargs)


def test_module_hook_is_the_contributor() -> None:
    """The module's `mocks` hook resolves to AZURE_MOCKS."""
    assert MODULE.mocks is not None
    assert load_object(MODULE.mocks) is AZURE_MOCKS


def test_client_config_has_subscription() -> None:
    """getClientConfig returns the configured subscription and tenant."""
    config = azure_mocks(subscription_id="sub-1", tenant_id="ten-1").invoke_result(
        "azure-native:authorization:getClientConfig", {}
    )
    assert (config["subscriptionId"], config["tenantId"]) == ("sub-1", "ten-1")


def test_aks_kubeconfig_is_base64_with_exec_login() -> None:
    """AKS credentials come back base64-encoded, with a kubelogin exec login, no static token."""
    result = azure_mocks().invoke_result(
        CREDENTIALS, {"resourceName": "main", "resourceGroupName": "rg"}, region="westeurope"
    )
    kubeconfig = json.loads(base64.b64decode(result["kubeconfigs"][0]["value"]))
    server = kubeconfig["clusters"][0]["cluster"]["server"]
    assert server.startswith("https://main-")
    assert server.endswith(".hcp.westeurope.azmk8s.io:443")
    assert kubeconfig["current-context"] == "main"
    user = kubeconfig["users"][0]
    assert user["name"] == "clusterUser"
    assert "token" not in user["user"]
    assert user["user"]["exec"]["command"] == "kubelogin"
    args = user["user"]["exec"]["args"]
    assert args[args.index("--server-id") + 1] == AKS_SERVER_ID
    # as AKS answers format=exec: an interactive device-code login, which AksCluster rewrites
    assert args[-2:] == ["--login", "devicecode"]


def test_location_from_config() -> None:
    """Without a provider location, `azure-native:location` of the stack config is used."""
    mocks = azure_mocks()
    mocks.use_config({"azure-native:location": "northeurope"})
    value = mocks.invoke_result(CREDENTIALS, {"resourceName": "main"})["kubeconfigs"][0]["value"]
    assert ".hcp.northeurope.azmk8s.io" in base64.b64decode(value).decode()


def test_deterministic() -> None:
    """Two mocks give identical answers."""
    args = {"resourceName": "main"}
    assert azure_mocks().invoke_result(CREDENTIALS, args) == azure_mocks().invoke_result(
        CREDENTIALS, args
    )


# -- resources: ARM ids and names ----------------------------------------------------------------

SUB = AzureMocks.settings["subscription_id"]
SCOPE = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
PLACEHOLDER = re.compile(r"{(\w+)}")


def context(**settings: str) -> MockContext:
    return MockContext(region="westeurope", settings={**AzureMocks.settings, **settings})


def sample_inputs(type_: str) -> dict[str, str]:
    """Inputs of ``type_`` naming the resource ``own`` in group ``rg`` (and its parents)."""
    key, path = ARM_TYPES[type_]
    inputs: dict[str, str] = {} if path.startswith("{") else {"resourceGroupName": "rg"}
    if key:
        inputs[key] = "own"
    for name in PLACEHOLDER.findall(path):
        inputs[name] = SCOPE if path.startswith("{" + name) else f"parent-{name}"
    return inputs


def sdk_class(type_: str) -> type:
    """The pulumi_azure_native class registering ``type_`` (``azure-native:<module>:<Class>``)."""
    _, module, name = type_.split(":")
    return getattr(importlib.import_module(f"pulumi_azure_native.{module}"), name)  # type: ignore[no-any-return]


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class TestArmTypes:
    @pytest.mark.parametrize("type_", sorted(ARM_TYPES))
    def test_type_and_inputs_exist_in_the_sdk(self, type_: str) -> None:
        """Each ARM_TYPES entry is a real azure-native resource; its name and path inputs exist."""
        cls = sdk_class(type_)
        assert f"'{type_}'" in inspect.getsource(cls)
        params = inspect.signature(cls._internal_init).parameters  # type: ignore[attr-defined]
        for key in sample_inputs(type_):
            assert snake(key) in params, f"{type_}: no input {key}"

    @pytest.mark.parametrize("type_", sorted(ARM_TYPES))
    def test_arm_id_shape(self, type_: str) -> None:
        """The id ends in the resource's own name, under its group, parents or scope."""
        inputs = sample_inputs(type_)
        state = AZURE_MOCKS.state(type_, "logical", inputs, "ignored", context())
        resource = state["id"]
        assert resource.endswith("/own")
        assert state["name"] == "own"
        _, path = ARM_TYPES[type_]
        if type_ == "azure-native:resources:ResourceGroup":
            assert resource == f"/subscriptions/{SUB}/resourceGroups/own"
            return
        if path.startswith("{"):
            assert resource.startswith(f"{SCOPE}/providers/")
        else:
            assert resource.startswith(f"/subscriptions/{SUB}/resourceGroups/rg/providers/")
        filled = PLACEHOLDER.sub(lambda m: inputs[m.group(1)], path).lstrip("/")
        assert f"{filled}/own" in resource
        assert "<" not in resource
        # below the last `providers/<Namespace>`: type/name pairs
        tail = resource.rsplit("/providers/", 1)[-1].split("/")[1:]
        assert len(tail) % 2 == 0, resource

    def test_auto_name_when_no_name_input(self) -> None:
        """Without its name input, a resource gets a stable auto-name from its logical name."""
        one = AZURE_MOCKS.state(
            "azure-native:network:VirtualNetwork",
            "core",
            {"resourceGroupName": "rg"},
            "x",
            context(),
        )
        two = AZURE_MOCKS.state(
            "azure-native:network:VirtualNetwork",
            "core",
            {"resourceGroupName": "rg"},
            "x",
            context(),
        )
        assert one == two
        assert one["name"].startswith("core")
        assert len(one["name"]) == len("core") + 7
        assert one["id"].endswith(f"/virtualNetworks/{one['name']}")

    def test_blob_service_is_named_default(self) -> None:
        """Blob service properties are always named `default`, as in Azure."""
        state = AZURE_MOCKS.state(
            "azure-native:storage:BlobServiceProperties",
            "logs-blob",
            {"resourceGroupName": "rg", "accountName": "stlogs"},
            "x",
            context(),
        )
        assert state["id"].endswith("/storageAccounts/stlogs/blobServices/default")

    def test_unknown_type_gets_a_plausible_path(self) -> None:
        """A type not in ARM_TYPES still gets Microsoft.<Module>/<kind>s under the group."""
        assert arm_id("azure-native:web:WebApp", "app", {"name": "x"}, "s").startswith(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/webApps/app"
        )

    def test_subscription_setting(self) -> None:
        """The subscription of ids is the mocks' `subscription_id` setting."""
        other = "11111111-1111-4111-8111-111111111111"
        state = AZURE_MOCKS.state(
            "azure-native:resources:ResourceGroup",
            "rg",
            {"resourceGroupName": "rg-x"},
            "x",
            context(subscription_id=other),
        )
        assert state["id"] == f"/subscriptions/{other}/resourceGroups/rg-x"

    def test_id_from_state(self) -> None:
        """Azure resources are known by their ARM id."""
        assert AZURE_MOCKS.id_from_state("t", {"id": "/subscriptions/s/x"}) == "/subscriptions/s/x"
        assert AZURE_MOCKS.id_from_state("t", {}) is None


class TestExtraState:
    UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$")

    def state(self, type_: str, inputs: dict[str, Any]) -> dict[str, Any]:
        return AZURE_MOCKS.state(type_, "x", {"resourceGroupName": "rg", **inputs}, "i", context())

    def test_user_assigned_identity(self) -> None:
        """Principal and client ids are distinct UUIDs; the tenant is the mocks'."""
        state = self.state(
            "azure-native:managedidentity:UserAssignedIdentity", {"resourceName": "id"}
        )
        assert self.UUID.match(state["principalId"])
        assert self.UUID.match(state["clientId"])
        assert state["principalId"] != state["clientId"]
        assert state["tenantId"] == AzureMocks.settings["tenant_id"]

    def test_system_identity_only_when_asked(self) -> None:
        """A system-assigned identity gets a principal id only when the input asks for one."""
        with_identity = self.state(
            "azure-native:compute:VirtualMachine",
            {"vmName": "vm", "identity": {"type": "SystemAssigned"}},
        )
        assert self.UUID.match(with_identity["identity"]["principalId"])
        assert with_identity["identity"]["type"] == "SystemAssigned"
        assert "identity" not in self.state("azure-native:compute:VirtualMachine", {"vmName": "vm"})

    def test_storage_endpoints(self) -> None:
        """Storage accounts get their primary endpoints."""
        state = self.state("azure-native:storage:StorageAccount", {"accountName": "stlogs"})
        assert state["primaryEndpoints"]["blob"] == "https://stlogs.blob.core.windows.net/"

    def test_cluster(self) -> None:
        """Clusters get FQDNs in their location, an OIDC issuer and a kubelet identity."""
        state = self.state(
            "azure-native:containerservice:ManagedCluster",
            {"resourceName": "aks-main", "location": "northeurope"},
        )
        assert state["fqdn"].endswith(".hcp.northeurope.azmk8s.io")
        assert state["oidcIssuerProfile"]["issuerURL"].startswith("https://northeurope.oic.")
        assert self.UUID.match(state["identityProfile"]["kubeletidentity"]["objectId"])
        assert state["nodeResourceGroup"] == "MC_aks-main"

    def test_workspace_customer_id(self) -> None:
        """Log Analytics workspaces get a customer id (UUID)."""
        state = self.state("azure-native:operationalinsights:Workspace", {"workspaceName": "log"})
        assert self.UUID.match(state["customerId"])


class TestClientConfig:
    def test_defaults(self) -> None:
        """By default the subscription and tenant are the contributor's settings."""
        config = azure_mocks().invoke_result("azure-native:authorization:getClientConfig", {})
        assert config["subscriptionId"] == AzureMocks.settings["subscription_id"]
        assert config["tenantId"] == AzureMocks.settings["tenant_id"]
        assert config["clientId"] != config["objectId"]

    def test_environment_looked_up_once_per_provider(self) -> None:
        """azure_environment reads getClientConfig once per provider, and caches it."""
        seen: list[Any] = []
        mocks = azure_mocks()

        def program() -> None:
            seen.extend([azure_environment(None), azure_environment(None)])

        synth_run(program, config={"azure-native:location": "westeurope"}, mocks=mocks)
        assert seen[0] is seen[1]
        assert seen[0].subscription_scope == f"/subscriptions/{SUB}"
        assert mocks.invoke_counts["azure-native:authorization:getClientConfig"] == 1


def test_ids_on_the_engine() -> None:
    """On the engine, an azure-native resource's Pulumi id is its ARM id and `name` its own."""

    def program() -> None:
        group = resources.ResourceGroup("rg", resource_group_name="rg-app", location="westeurope")
        network.VirtualNetwork(
            "vnet",
            virtual_network_name="vnet-app",
            resource_group_name=group.name,
            address_space={"address_prefixes": ["10.0.0.0/16"]},
        )

    graph = synth_run(
        program, config={"azure-native:location": "westeurope"}, mocks=azure_mocks()
    ).graph
    vnet = graph.one("azure-native:network:VirtualNetwork")
    assert vnet.id == (
        f"/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app"
    )
    assert vnet.outputs["name"] == "vnet-app"
