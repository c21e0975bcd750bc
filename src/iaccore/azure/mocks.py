"""Default mocks of the ``azure`` module: ARM ids and names, client config, AKS credentials.

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

__all__ = ["AKS_SERVER_ID", "ARM_TYPES", "AZURE_MOCKS", "AzureMocks", "aks_kubeconfig", "arm_id"]

#: Application id of the AKS AAD server that ``kubelogin`` asks a token for.
AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630"

# AKS credential invokes; their kubeconfig arrives base64-encoded, as Azure returns it.
_AKS_CREDENTIAL_INVOKES = (
    "azure-native:containerservice:listManagedClusterUserCredentials",
    "azure-native:containerservice:listManagedClusterAdminCredentials",
)


#: Per type: the input holding the resource's own name, and its ARM path below the resource
#: group (``{input}`` placeholders are other inputs). Role assignments and diagnostic settings
#: live under their ``scope``/``resourceUri`` instead.
ARM_TYPES: Mapping[str, tuple[str, str]] = {
    "azure-native:resources:ResourceGroup": ("resourceGroupName", ""),
    "azure-native:network:VirtualNetwork": (
        "virtualNetworkName", "Microsoft.Network/virtualNetworks"),
    "azure-native:network:Subnet": (
        "subnetName", "Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets"),
    "azure-native:network:NetworkSecurityGroup": (
        "networkSecurityGroupName", "Microsoft.Network/networkSecurityGroups"),
    "azure-native:network:SecurityRule": (
        "securityRuleName",
        "Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}/securityRules"),
    "azure-native:network:NatGateway": ("natGatewayName", "Microsoft.Network/natGateways"),
    "azure-native:network:PublicIPAddress": (
        "publicIpAddressName", "Microsoft.Network/publicIPAddresses"),
    "azure-native:network:PublicIPPrefix": (
        "publicIpPrefixName", "Microsoft.Network/publicIPPrefixes"),
    "azure-native:network:DdosProtectionPlan": (
        "ddosProtectionPlanName", "Microsoft.Network/ddosProtectionPlans"),
    "azure-native:network:NetworkInterface": (
        "networkInterfaceName", "Microsoft.Network/networkInterfaces"),
    "azure-native:network:PrivateEndpoint": (
        "privateEndpointName", "Microsoft.Network/privateEndpoints"),
    "azure-native:containerservice:ManagedCluster": (
        "resourceName", "Microsoft.ContainerService/managedClusters"),
    "azure-native:containerservice:AgentPool": (
        "agentPoolName", "Microsoft.ContainerService/managedClusters/{resourceName}/agentPools"),
    "azure-native:storage:StorageAccount": ("accountName", "Microsoft.Storage/storageAccounts"),
    "azure-native:storage:BlobServiceProperties": (
        "blobServicesName", "Microsoft.Storage/storageAccounts/{accountName}/blobServices"),
    "azure-native:compute:VirtualMachine": ("vmName", "Microsoft.Compute/virtualMachines"),
    "azure-native:operationalinsights:Workspace": (
        "workspaceName", "Microsoft.OperationalInsights/workspaces"),
    "azure-native:managedidentity:UserAssignedIdentity": (
        "resourceName", "Microsoft.ManagedIdentity/userAssignedIdentities"),
    "azure-native:keyvault:Vault": ("vaultName", "Microsoft.KeyVault/vaults"),
    "azure-native:authorization:RoleAssignment": (
        "roleAssignmentName", "{scope}/providers/Microsoft.Authorization/roleAssignments"),
    "azure-native:monitor:DiagnosticSetting": (
        "name", "{resourceUri}/providers/Microsoft.Insights/diagnosticSettings"),
    "azure-native:monitor:DataCollectionRule": (
        "dataCollectionRuleName", "Microsoft.Insights/dataCollectionRules"),
    "azure-native:monitor:DataCollectionRuleAssociation": (
        "associationName",
        "{resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations"),
    "azure-native:managedidentity:FederatedIdentityCredential": (
        "federatedIdentityCredentialResourceName",
        "Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}/federatedIdentityCredentials"),
}  # fmt: skip


def _own_name(type_: str, name: str, inputs: Mapping[str, Any]) -> str:
    """The resource's Azure name: its name input, else an auto-name as the provider makes one."""
    key = ARM_TYPES.get(type_, ("", ""))[0]
    given = inputs.get(key) if key else None
    if isinstance(given, str) and given:
        return given
    if type_ == "azure-native:storage:BlobServiceProperties":
        return "default"
    return f"{name}{stable_digest(type_, name, length=7)}"


def arm_id(type_: str, name: str, inputs: Mapping[str, Any], subscription: str) -> str:
    """The ARM resource id Azure would give a resource of ``type_`` with ``inputs``.

    Examples:
        >>> arm_id("azure-native:network:VirtualNetwork", "core",
        ...        {"virtualNetworkName": "vnet-core", "resourceGroupName": "rg"}, "s")
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-core'
    """
    own = _own_name(type_, name, inputs)
    group = f"/subscriptions/{subscription}/resourceGroups/{inputs.get('resourceGroupName', 'rg')}"
    if type_ == "azure-native:resources:ResourceGroup":
        return f"/subscriptions/{subscription}/resourceGroups/{own}"
    known = ARM_TYPES.get(type_)
    if known is None:
        module, kind = type_.split(":")[1], type_.rsplit(":", 1)[1]
        path = f"Microsoft.{module.capitalize()}/{kind[:1].lower()}{kind[1:]}s"
    else:
        path = known[1].format_map(_Inputs(inputs))
    if path.startswith("/"):
        return f"{path}/{own}"
    return f"{group}/providers/{path}/{own}"


class _Inputs(dict[str, str]):
    def __init__(self, inputs: Mapping[str, Any]) -> None:
        super().__init__({k: str(v) for k, v in inputs.items() if isinstance(v, str)})

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


#: The public client id kubelogin's ``devicecode`` login uses (the Azure CLI's).
KUBELOGIN_PUBLIC_CLIENT_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a"


def aks_kubeconfig(
    cluster: str, location: str, tenant: str = "00000000-0000-4000-8000-000000000002"
) -> str:
    """A base64 AKS kubeconfig for ``cluster`` with an Entra ID exec login (no static token), as
    AKS returns it with ``format=exec``: ``kubelogin get-token --login devicecode``.

    Examples:
        >>> import json
        >>> config = json.loads(base64.b64decode(aks_kubeconfig("main", "westeurope")))
        >>> config["users"][0]["user"]["exec"]["command"], config["current-context"]
        ('kubelogin', 'main')
    """
    server = f"https://{cluster}-{stable_digest(cluster, length=8)}.hcp.{location}.azmk8s.io:443"
    ca = base64.b64encode(f"MOCK-CA-{cluster}".encode()).decode()
    user = exec_user(
        "kubelogin",
        [
            "get-token",
            "--environment",
            "AzurePublicCloud",
            "--server-id",
            AKS_SERVER_ID,
            "--client-id",
            KUBELOGIN_PUBLIC_CLIENT_ID,
            "--tenant-id",
            tenant,
            "--login",
            "devicecode",
        ],
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
            kubeconfig = aks_kubeconfig(
                cluster, context.region or "westeurope", context.setting("tenant_id")
            )
            return {"kubeconfigs": [{"name": "clusterUser", "value": kubeconfig}]}
        return None

    def state(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        resource_id: str,
        context: MockContext,
    ) -> dict[str, Any]:
        """The resource's ``name`` and ARM ``id`` (as Azure returns them), plus per-type outputs."""
        del resource_id
        subscription = context.setting("subscription_id")
        resource = arm_id(type_, name, inputs, subscription)
        state: dict[str, Any] = {"name": _own_name(type_, name, inputs), "id": resource}
        extra = _EXTRA_STATE.get(type_)
        if extra is not None:
            state.update(extra(inputs, resource, context))
        return state

    def id_from_state(self, type_: str, state: Mapping[str, Any]) -> str | None:
        """Azure resources are known by their ARM id."""
        del type_
        value = state.get("id")
        return value if isinstance(value, str) else None


def _principal(resource: str, role: str) -> str:
    digest = stable_digest(resource, role, length=32)
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"


def _identity_state(
    inputs: Mapping[str, Any], resource: str, context: MockContext
) -> dict[str, Any]:
    del inputs
    return {
        "principalId": _principal(resource, "principal"),
        "clientId": _principal(resource, "client"),
        "tenantId": context.setting("tenant_id"),
    }


def _with_system_identity(
    inputs: Mapping[str, Any], resource: str, context: MockContext
) -> dict[str, Any]:
    identity = inputs.get("identity")
    if not isinstance(identity, Mapping):
        return {}
    state = {
        **identity,
        "principalId": _principal(resource, "principal"),
        "tenantId": context.setting("tenant_id"),
    }
    # Inputs list the user-assigned identities; Azure returns a map of id to client/principal.
    assigned = identity.get("userAssignedIdentities")
    if isinstance(assigned, list | tuple):
        state["userAssignedIdentities"] = {
            str(uid): {
                "principalId": _principal(str(uid), "principal"),
                "clientId": _principal(str(uid), "client"),
            }
            for uid in assigned
        }
    return {"identity": state}


def _cluster_state(
    inputs: Mapping[str, Any], resource: str, context: MockContext
) -> dict[str, Any]:
    location = str(inputs.get("location") or context.region or "westeurope")
    own = resource.rsplit("/", 1)[-1]
    host = f"{own}-{stable_digest(resource, length=8)}"
    return {
        **_with_system_identity(inputs, resource, context),
        "fqdn": f"{host}.hcp.{location}.azmk8s.io",
        "privateFQDN": f"{host}.privatelink.{location}.azmk8s.io",
        "oidcIssuerProfile": {
            **dict(inputs.get("oidcIssuerProfile") or {}),
            "issuerURL": f"https://{location}.oic.prod-aks.azure.com/"
            f"{context.setting('tenant_id')}/{stable_digest(resource, length=32)}/",
        },
        "identityProfile": {
            "kubeletidentity": {
                "objectId": _principal(resource, "kubelet-object"),
                "clientId": _principal(resource, "kubelet-client"),
                "resourceId": f"{resource}-agentpool",
            }
        },
        "nodeResourceGroup": inputs.get("nodeResourceGroup") or f"MC_{own}",
    }


def _storage_state(
    inputs: Mapping[str, Any], resource: str, context: MockContext
) -> dict[str, Any]:
    account = resource.rsplit("/", 1)[-1]
    return {
        **_with_system_identity(inputs, resource, context),
        "primaryEndpoints": {
            service: f"https://{account}.{service}.core.windows.net/"
            for service in ("blob", "file", "queue", "table", "dfs", "web")
        },
    }


def _workspace_state(
    inputs: Mapping[str, Any], resource: str, context: MockContext
) -> dict[str, Any]:
    del inputs, context
    return {"customerId": _principal(resource, "workspace")}


def _nic_state(inputs: Mapping[str, Any], resource: str, context: MockContext) -> dict[str, Any]:
    """Each IP configuration gets a private address (dynamic allocation), as Azure assigns one."""
    del context
    configs = inputs.get("ipConfigurations")
    if not isinstance(configs, list):
        return {}
    digest = int(stable_digest(resource, length=4), 16)
    return {
        "ipConfigurations": [
            {
                **config,
                "privateIPAddress": config.get("privateIPAddress")
                or f"10.{digest >> 8}.{digest & 0xFF}.{4 + index}",
            }
            for index, config in enumerate(configs)
            if isinstance(config, Mapping)
        ]
    }


_EXTRA_STATE: Mapping[str, Any] = {
    "azure-native:containerservice:ManagedCluster": _cluster_state,
    "azure-native:storage:StorageAccount": _storage_state,
    "azure-native:compute:VirtualMachine": _with_system_identity,
    "azure-native:managedidentity:UserAssignedIdentity": _identity_state,
    "azure-native:operationalinsights:Workspace": _workspace_state,
    "azure-native:network:NetworkInterface": _nic_state,
}


#: The ``azure`` module's mock contributor (its ``mocks`` hook).
AZURE_MOCKS = AzureMocks()
