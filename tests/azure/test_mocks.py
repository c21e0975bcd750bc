"""The azure module's default mocks: client config and AKS credentials."""

from __future__ import annotations

import base64
import json

from iaccore.azure.mocks import AKS_SERVER_ID, AZURE_MOCKS
from iaccore.azure.module import MODULE
from iaccore.core.modules import load_object
from iaccore.synth import IaccoreMocks

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
    assert user["user"]["exec"]["args"][-1] == AKS_SERVER_ID


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
