"""Default mocks of the ``azure`` module: client config and AKS cluster credentials.

Published through the module's ``mocks`` hook and loaded by the embedded engine only; nothing
here imports ``pulumi_azure_native``. Settings (keywords of
[`IaccoreMocks`][iaccore.synth.IaccoreMocks]): ``subscription_id`` and ``tenant_id`` (UUIDs); the
location comes from the resource's provider, else ``azure-native:location`` in the stack config,
else ``westeurope``.

Examples:
    >>> from iaccore.synth.mocks import IaccoreMocks
    >>> mocks = IaccoreMocks(subscription_id="sub-1", contributors=[AZURE_MOCKS])
    >>> mocks.invoke_result("azure-native:authorization:getClientConfig", {})["subscriptionId"]
    'sub-1'
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, ClassVar

from iaccore.kubernetes.kubeconfig import build_kubeconfig, exec_user
from iaccore.synth.mocks import MockContext, MockContributor, stable_digest

__all__ = ["AKS_SERVER_ID", "AZURE_MOCKS", "AzureMocks", "aks_kubeconfig"]

#: Application id of the AKS AAD server that ``kubelogin`` asks a token for.
AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630"

# AKS credential invokes; their kubeconfig arrives base64-encoded, as Azure returns it.
_AKS_CREDENTIAL_INVOKES = (
    "azure-native:containerservice:listManagedClusterUserCredentials",
    "azure-native:containerservice:listManagedClusterAdminCredentials",
)


def aks_kubeconfig(cluster: str, location: str) -> str:
    """A base64 AKS kubeconfig for ``cluster`` with an Azure AD exec login (no static token).

    Examples:
        >>> import json
        >>> config = json.loads(base64.b64decode(aks_kubeconfig("main", "westeurope")))
        >>> config["users"][0]["user"]["exec"]["command"], config["current-context"]
        ('kubelogin', 'main')
    """
    server = f"https://{cluster}-{stable_digest(cluster, length=8)}.hcp.{location}.azmk8s.io:443"
    ca = base64.b64encode(f"MOCK-CA-{cluster}".encode()).decode()
    user = exec_user(
        "kubelogin", ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID]
    )
    text = build_kubeconfig(
        cluster_name=cluster, server=server, ca_data=ca, user=user, user_name="clusterUser"
    )
    return base64.b64encode(text.encode()).decode()


class AzureMocks(MockContributor):
    """Azure answers: the client config of the configured subscription and AKS credentials.

    Examples:
        >>> AZURE_MOCKS.default_region({"azure-native:location": "northeurope"})
        'northeurope'
    """

    packages: ClassVar[tuple[str, ...]] = ("azure-native",)
    region_key: ClassVar[str | None] = "location"
    fallback_region: ClassVar[str | None] = "westeurope"
    settings: ClassVar[Mapping[str, str]] = {
        "subscription_id": "00000000-0000-4000-8000-000000000001",
        "tenant_id": "00000000-0000-4000-8000-000000000002",
    }

    def invoke(
        self, token: str, args: Mapping[str, Any], context: MockContext
    ) -> Mapping[str, Any] | None:
        """``getClientConfig`` and the AKS user/admin credential listings."""
        if token == "azure-native:authorization:getClientConfig":
            return {
                "clientId": "00000000-0000-4000-8000-0000000000c1",
                "objectId": "00000000-0000-4000-8000-0000000000c2",
                "subscriptionId": context.setting("subscription_id"),
                "tenantId": context.setting("tenant_id"),
            }
        if token in _AKS_CREDENTIAL_INVOKES:
            cluster = str(args.get("resourceName", "aks"))
            kubeconfig = aks_kubeconfig(cluster, context.region or "westeurope")
            return {"kubeconfigs": [{"name": "clusterUser", "value": kubeconfig}]}
        return None


#: The ``azure`` module's mock contributor (its ``mocks`` hook).
AZURE_MOCKS = AzureMocks()
