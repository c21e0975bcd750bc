"""Config of ``AksCluster``: the cluster, its node pools and API server access (no Pulumi import).

Defaults are at least as strict as Azure Verified Modules' ``avm/res/container-service/
managed-cluster``: Entra ID with Azure RBAC and local accounts off, a private API server, Azure CNI
overlay with Cilium network policy, the Standard tier, OIDC issuer and workload identity, patch
and node-image auto-upgrades, Defender, Azure Policy, Container Insights, and node pools with
encryption at host, SSH off and no public IPs.

Examples:
    >>> cfg = AksClusterConfig(node_pools={"system": {"vm_size": "Standard_D4s_v5"}})
    >>> cfg.api_server.private, cfg.network_policy, cfg.node_pools["system"].is_system
    (True, 'cilium', True)
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import ValidationInfo, field_validator, model_validator

from iaccore.azure.aks.plan import (
    MAX_PODS_OVERLAY,
    MIN_PODS,
    MIN_PODS_SYSTEM,
    POOL_NAME,
    VM_SIZE,
    unique,
)
from iaccore.azure.aks.versions import AKS_SUPPORTED_VERSIONS, DEFAULT_VERSION, check_aks_version
from iaccore.azure.types import AzureComponentConfig, ResourceId, Uuid
from iaccore.core.config.base import Field, IaccoreModel
from iaccore.core.errors import ConfigurationError

__all__ = [
    "AksClusterConfig",
    "AksSection",
    "ApiServerConfig",
    "MonitoringConfig",
    "NodePoolConfig",
    "Taint",
]

Zone = Literal["1", "2", "3"]
_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))

#: Control-plane log categories sent to Log Analytics by default (``kube-audit-admin`` rather than
#: the much larger ``kube-audit``: it leaves out get and list events).
DEFAULT_LOG_CATEGORIES: tuple[str, ...] = (
    "kube-apiserver",
    "kube-audit-admin",
    "kube-controller-manager",
    "cluster-autoscaler",
    "guard",
)


class Taint(IaccoreModel):
    """A Kubernetes taint on every node of a pool.

    Examples:
        >>> Taint(key="sku", value="gpu", effect="NoSchedule").effect
        'NoSchedule'
    """

    key: str = Field(
        min_length=1, max_length=63, pattern=r"^[A-Za-z0-9][-A-Za-z0-9_./]*$", description="Key."
    )
    value: str | None = Field(
        None, max_length=63, pattern=r"^[A-Za-z0-9]?[-A-Za-z0-9_.]*$", description="Value."
    )
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] = Field(
        description="NoSchedule, PreferNoSchedule or NoExecute."
    )


class NodePoolConfig(IaccoreModel):
    """A node pool (a virtual machine scale set). ``min < max`` turns the cluster autoscaler on.

    Examples:
        >>> pool = NodePoolConfig(min=1, max=4, zones=["1", "2"])
        >>> pool.autoscaling, pool.zones, pool.is_system
        (True, ('1', '2'), False)
    """

    mode: Literal["System", "User"] | None = Field(
        None,
        description="`System` (runs CoreDNS, metrics-server ...) or `User`; unset: System for the "
        "pool named `system`, User for the others.",
    )
    vm_size: str = Field(
        "Standard_D4ds_v5",
        description="VM size (`Standard_D4ds_v5`); sizes with a local disk (`d` in the name) get "
        "an ephemeral OS disk. A change replaces the pool.",
    )
    min: int = Field(2, ge=0, le=1000, description="Minimum node count (the initial count).")
    max: int = Field(
        5, ge=1, le=1000, description="Maximum node count; equal to `min` for a fixed size."
    )
    zones: tuple[Zone, ...] | None = Field(
        None,
        description="Availability zones; unset: 1, 2 and 3 in a location with zones, none "
        "elsewhere; `[]` for none.",
    )
    max_pods: int = Field(
        110,
        ge=MIN_PODS,
        le=MAX_PODS_OVERLAY,
        description=f"Pods per node ({MIN_PODS}-{MAX_PODS_OVERLAY} with Azure CNI overlay, "
        f"{MIN_PODS_SYSTEM} at least on system pools); default 110.",
    )
    taints: tuple[Taint, ...] = Field((), description="Taints on every node; none by default.")
    labels: dict[str, str] = Field(default_factory=dict, description="Kubernetes node labels.")
    only_critical_addons: bool | None = Field(
        None,
        description="Taint a system pool `CriticalAddonsOnly=true:NoSchedule` so application "
        "pods stay off it; unset: on when the cluster has a user pool.",
    )
    os_sku: Literal["AzureLinux", "Ubuntu"] = Field(
        "AzureLinux", description="Node OS: AzureLinux (default, a minimal image) or Ubuntu."
    )
    os_disk_type: Literal["Ephemeral", "Managed"] | None = Field(
        None,
        description="OS disk type; unset: AKS uses Ephemeral when the VM size's cache or "
        "temporary disk holds it, else Managed.",
    )
    os_disk_size_gb: int | None = Field(
        None, ge=30, le=2048, description="OS disk size in GiB; unset: AKS's default for the size."
    )
    encryption_at_host: bool = Field(
        True,
        description="Encrypt temporary disks, caches and data flows to storage on the host "
        "(the subscription needs the `EncryptionAtHost` feature registered).",
    )
    ssh_access: Literal["Disabled", "LocalUser"] = Field(
        "Disabled",
        description="SSH to nodes: `Disabled` (default; use `kubectl debug node/...`) or "
        "`LocalUser`.",
    )
    fips: bool = Field(False, description="FIPS 140-2 enabled node image; off by default.")
    max_surge: str = Field(
        "33%",
        pattern=r"^(?:[1-9][0-9]?%|100%|[1-9][0-9]*)$",
        description="Extra nodes during an upgrade (count or percentage); 33% as AKS "
        "recommends for production.",
    )

    @field_validator("vm_size")
    @classmethod
    def _check_vm_size(cls, value: str) -> str:
        if not VM_SIZE.match(value):
            raise ValueError(
                f"vm_size {value!r} is not an Azure VM size such as Standard_D4ds_v5 "
                "(`az vm list-sizes`)"
            )
        return value

    @field_validator("zones")
    @classmethod
    def _check_zones(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if value is None else unique(list(value))

    @model_validator(mode="after")
    def _check_sizes(self) -> NodePoolConfig:
        if self.min > self.max:
            raise ValueError(f"min: {self.min} is more than max ({self.max})")
        return self

    @property
    def autoscaling(self) -> bool:
        """Whether the cluster autoscaler manages the pool (``min < max``)."""
        return self.min < self.max

    @property
    def is_system(self) -> bool:
        """Whether the pool is a system pool (``mode``, else its name, see ``system_mode``)."""
        return self.mode == "System"

    def with_mode(self, name: str) -> NodePoolConfig:
        """This pool with ``mode`` resolved: System for a pool named ``system`` with no mode."""
        if self.mode is not None:
            return self
        return self.model_copy(update={"mode": "System" if name == "system" else "User"})


class ApiServerConfig(IaccoreModel):
    """Who reaches the Kubernetes API server.

    Private by default: the API server has a private endpoint in the node subnet and a private
    DNS zone; only the VNet (and networks peered or connected to it) reach it. Public access is a
    visible opt-in (``public: true``) that needs ``authorized_ip_ranges``, or ``allow_any_ip:
    true`` for the whole internet.

    Examples:
        >>> ApiServerConfig(public=True, authorized_ip_ranges=["203.0.113.0/24"]).private
        False
    """

    public: bool = Field(
        False, description="Serve the API server on a public endpoint; off (private) by default."
    )
    allow_any_ip: bool = Field(
        False,
        description="With `public`: allow every address (no ranges, or 0.0.0.0/0); off.",
    )
    authorized_ip_ranges: tuple[str, ...] = Field(
        (),
        description="With `public`: the networks allowed to reach it (CIDRs); required unless "
        "`allow_any_ip`.",
    )
    private_dns_zone: str = Field(
        "system",
        description="Private cluster DNS zone: `system` (AKS creates it), `none`, or the id of an "
        "existing `privatelink.<location>.azmk8s.io` zone (needs a user-assigned identity).",
    )
    public_fqdn: bool = Field(
        False, description="Also publish a public DNS name of the private endpoint; off."
    )
    run_command: bool = Field(
        True,
        description="Allow `az aks command invoke` (runs kubectl through ARM with the caller's "
        "Entra ID and Kubernetes RBAC; how to reach a private cluster from outside the VNet).",
    )

    @field_validator("authorized_ip_ranges")
    @classmethod
    def _check_ranges(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        allow_any = bool(info.data.get("allow_any_ip", False))
        for cidr in value:
            try:
                network = ipaddress.ip_network(cidr, strict=True)
            except ValueError:
                raise ValueError(f"{cidr!r} is not a valid CIDR (such as 203.0.113.0/24)") from None
            if network in _WORLD and not allow_any:
                raise ValueError(
                    f"{cidr} opens the API server to the whole internet; list your networks or "
                    "set allow_any_ip: true"
                )
        return unique(list(value))

    @model_validator(mode="after")
    def _check_public(self) -> ApiServerConfig:
        if not self.public:
            if self.authorized_ip_ranges or self.allow_any_ip:
                raise ValueError(
                    "authorized_ip_ranges: a private API server takes no authorized ranges "
                    "(and no allow_any_ip); set public: true to serve it publicly"
                )
            return self
        if not self.authorized_ip_ranges and not self.allow_any_ip:
            raise ValueError(
                "authorized_ip_ranges: a public API server needs the networks allowed to reach "
                "it (e.g. your office egress 203.0.113.0/24), or allow_any_ip: true"
            )
        if self.public_fqdn:
            raise ValueError("public_fqdn: only a private API server has a separate public name")
        return self

    @model_validator(mode="after")
    def _check_dns(self) -> ApiServerConfig:
        if self.private and self.private_dns_zone == "none" and not self.public_fqdn:
            raise ValueError(
                "private_dns_zone: `none` creates no private zone, so the nodes find the API "
                "server through its public name; set public_fqdn: true, or keep `system`"
            )
        return self

    @property
    def private(self) -> bool:
        """Whether the API server is private."""
        return not self.public


class MonitoringConfig(IaccoreModel):
    """Logs and metrics of the cluster.

    Examples:
        >>> MonitoringConfig().container_insights
        True
    """

    workspace_id: ResourceId | None = Field(
        None,
        description="Log Analytics workspace for Container Insights, control-plane logs and "
        "Defender; unset: the VNet's workspace, else one the cluster creates.",
    )
    container_insights: bool = Field(
        True,
        description="Container Insights (the monitoring add-on with Entra ID authentication, and "
        "its data collection rule); on by default.",
    )
    log_categories: tuple[str, ...] = Field(
        DEFAULT_LOG_CATEGORIES,
        description="Control-plane log categories sent to the workspace (diagnostic setting); "
        "`[]` for none.",
    )


class AksClusterConfig(AzureComponentConfig):
    """An AKS cluster with Entra ID, Azure RBAC, Azure CNI overlay and node pools.

    Examples:
        >>> cfg = AksClusterConfig(version="1.34", node_pools={"system": {}, "apps": {"max": 9}})
        >>> cfg.version, cfg.node_pools["apps"].mode, cfg.sku_tier
        ('1.34', 'User', 'Standard')
    """

    version: str = Field(
        DEFAULT_VERSION,
        description=f"Kubernetes minor version, one of {', '.join(AKS_SUPPORTED_VERSIONS)}; "
        f"default {DEFAULT_VERSION}. Patches arrive through `upgrade_channel: patch`.",
    )
    cluster_name: str | None = Field(
        None,
        min_length=1,
        max_length=63,
        pattern=r"^[A-Za-z0-9](?:[-A-Za-z0-9_]*[A-Za-z0-9])?$",
        description="Physical cluster name; unset: `aks-<project>-<environment>-<name>`.",
    )
    sku_tier: Literal["Free", "Standard", "Premium"] = Field(
        "Standard",
        description="Control plane tier: Standard (default; uptime SLA, more API server "
        "capacity), Premium, or Free (no SLA: development only).",
    )
    subnet_id: ResourceId | None = Field(
        None,
        description="Subnet of the nodes when no `vnet=` is given; unset uses the VNet's `aks` "
        "subnet.",
    )
    node_pools: dict[str, NodePoolConfig] = Field(
        default_factory=lambda: {"system": NodePoolConfig(mode="System", min=3, max=5)},
        description="Node pools by name (1-12 lowercase letters and digits); at least one "
        "system pool. Default: `system` with 3 to 5 nodes.",
    )
    api_server: ApiServerConfig = Field(
        default_factory=ApiServerConfig,
        description="API server access: private by default.",
    )
    admin_group_object_ids: tuple[Uuid, ...] = Field(
        (), description="Entra ID groups given cluster-admin; none by default."
    )
    kubeconfig_login: Literal["azurecli", "workloadidentity", "msi", "spn"] = Field(
        "azurecli",
        description="How the program's Kubernetes provider signs in (`kubelogin get-token "
        "--login`): azurecli (default; `az login`, or the Azure CLI login of a CI job), "
        "workloadidentity (federated CI such as GitHub Actions OIDC), msi (a runner's managed "
        "identity) or spn (`AAD_SERVICE_PRINCIPAL_CLIENT_ID`/`_SECRET`). AKS hands out "
        "`devicecode`, which needs a person at a browser; the component rewrites it.",
    )
    deployer_admin: bool = Field(
        True,
        description="Give the identity running Pulumi `Azure Kubernetes Service RBAC Cluster "
        "Admin` on the cluster, so the program can create Kubernetes resources through "
        "`kubernetes_opts`.",
    )
    deployer_principal_type: Literal["ServicePrincipal", "User", "Group"] | None = Field(
        None,
        description="Kind of the identity running Pulumi, for its role assignment (Azure refuses "
        "a mismatch). Unset: ServicePrincipal when `ARM_CLIENT_ID` or `AZURE_CLIENT_ID` is set "
        "(a CI service principal, workload or managed identity), else User (`az login`).",
    )
    allow_local_accounts: bool = Field(
        False,
        description="Keep the static local admin account (`--admin` credentials); off: every "
        "user signs in with Entra ID.",
    )
    identity_id: ResourceId | None = Field(
        None,
        description="A user-assigned managed identity for the control plane; unset: "
        "system-assigned.",
    )
    grant_subnet_access: bool = Field(
        True,
        description="Give the system-assigned cluster identity `Network Contributor` on the "
        "nodes' subnet (AKS needs it in a VNet it does not own; the Azure CLI grants it, ARM does "
        "not). The deployer needs the right to assign roles there; set false when the network "
        "team grants it. Not done for `identity_id` (grant that identity before the cluster).",
    )
    network_policy: Literal["cilium", "calico", "azure"] = Field(
        "cilium",
        description="Network policy engine: cilium (default, with the Cilium dataplane), calico "
        "or azure.",
    )
    pod_cidr: str = Field(
        "10.244.0.0/16", description="Overlay pod network (not routed in the VNet)."
    )
    service_cidr: str = Field(
        "10.245.0.0/16", description="Service network; must not overlap the VNet."
    )
    dns_service_ip: str = Field(
        "10.245.0.10", description="CoreDNS service address, inside `service_cidr`."
    )
    outbound_type: Literal["loadBalancer", "userAssignedNATGateway", "userDefinedRouting"] = Field(
        "loadBalancer",
        description="Egress of the nodes: loadBalancer (default), userAssignedNATGateway (the "
        "VNet's NAT gateway on the `aks` subnet), or userDefinedRouting (through your "
        "firewall). AKS's managedNATGateway is not offered: AKS refuses it with a subnet of "
        "your own VNet, which the cluster always has.",
    )
    upgrade_channel: Literal["patch", "stable", "rapid", "node-image", "none"] = Field(
        "patch",
        description="Kubernetes auto-upgrade: patch (default) applies new patches of "
        "`version`; stable/rapid also change the minor version (the component then ignores "
        "`version` drift).",
    )
    node_os_upgrade_channel: Literal["NodeImage", "SecurityPatch", "Unmanaged", "None"] = Field(
        "NodeImage", description="Node OS patching: NodeImage (default, weekly node images)."
    )
    defender: bool = Field(
        True, description="Microsoft Defender for Containers sensor, reporting to the workspace."
    )
    azure_policy: bool = Field(True, description="Azure Policy add-on (Gatekeeper); on.")
    image_cleaner_interval_hours: int | None = Field(
        168,
        ge=24,
        le=2160,
        description="Image Cleaner removes unused, vulnerable images every N hours; `null` off.",
    )
    key_vault_secrets_provider: bool = Field(
        False, description="Azure Key Vault Secrets Store CSI driver add-on, with rotation."
    )
    disk_encryption_set_id: ResourceId | None = Field(
        None,
        description="Disk encryption set (customer-managed key) for node OS and data disks; "
        "unset: platform-managed keys.",
    )
    monitoring: MonitoringConfig = Field(
        default_factory=MonitoringConfig, description="Container Insights and control-plane logs."
    )

    @field_validator("version", mode="before")
    @classmethod
    def _check_version(cls, value: object) -> object:
        if isinstance(value, float):
            raise ValueError(f'version {value!r} is a number; quote it in YAML ("1.30" is not 1.3)')
        try:
            return check_aks_version(str(value), key_path="version")
        except ConfigurationError as err:
            raise ValueError(f"{err.message} (expected {err.details['expected']})") from None

    @field_validator("node_pools")
    @classmethod
    def _check_pools(cls, value: dict[str, NodePoolConfig]) -> dict[str, NodePoolConfig]:
        for name in value:
            if not POOL_NAME.match(name):
                raise ValueError(
                    f"node pool name {name!r}: 1-12 lowercase letters and digits, starting "
                    "with a letter"
                )
        return {name: pool.with_mode(name) for name, pool in value.items()}

    @field_validator("admin_group_object_ids")
    @classmethod
    def _check_groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return unique(list(value))

    @model_validator(mode="after")
    def _check_system_pools(self) -> AksClusterConfig:
        if not any(pool.is_system for pool in self.node_pools.values()):
            raise ValueError(
                "node_pools: no system pool; name one `system` or give one `mode: System` "
                "(AKS runs CoreDNS and metrics-server there)"
            )
        for name, pool in sorted(self.node_pools.items()):
            if not pool.is_system:
                continue
            if pool.max_pods < MIN_PODS_SYSTEM:
                raise ValueError(
                    f"node_pools.{name}.max_pods: a system pool needs at least "
                    f"{MIN_PODS_SYSTEM} pods per node (got {pool.max_pods})"
                )
            if pool.min < 1:
                raise ValueError(f"node_pools.{name}.min: a system pool needs at least 1 node")
        return self

    @model_validator(mode="after")
    def _check_network(self) -> AksClusterConfig:
        try:
            pods = ipaddress.ip_network(self.pod_cidr, strict=True)
        except ValueError:
            raise ValueError(f"pod_cidr: {self.pod_cidr!r} is not a valid CIDR") from None
        try:
            services = ipaddress.ip_network(self.service_cidr, strict=True)
        except ValueError:
            raise ValueError(f"service_cidr: {self.service_cidr!r} is not a valid CIDR") from None
        if pods.overlaps(services):
            raise ValueError(f"service_cidr: {services} overlaps pod_cidr {pods}")
        try:
            dns = ipaddress.ip_address(self.dns_service_ip)
        except ValueError:
            raise ValueError(f"dns_service_ip: {self.dns_service_ip!r} is not an address") from None
        if dns not in services or dns == services.network_address:
            raise ValueError(f"dns_service_ip: {dns} is not a host of service_cidr {services}")
        return self

    @model_validator(mode="after")
    def _check_access(self) -> AksClusterConfig:
        zone = self.api_server.private_dns_zone
        if zone not in ("system", "none") and self.identity_id is None:
            raise ValueError(
                "identity_id: an existing private DNS zone needs a user-assigned identity with "
                "Private DNS Zone Contributor on it"
            )
        return self

    @property
    def system_pools(self) -> tuple[str, ...]:
        """Names of the system pools, sorted."""
        return tuple(sorted(n for n, p in self.node_pools.items() if p.is_system))

    @property
    def has_user_pool(self) -> bool:
        """Whether any pool is a user pool."""
        return any(not p.is_system for p in self.node_pools.values())

    @property
    def follows_minor_upgrades(self) -> bool:
        """Whether AKS changes the minor version itself (``stable`` or ``rapid`` channel)."""
        return self.upgrade_channel in ("stable", "rapid")


class AksSection(IaccoreModel):
    """``iaccore:azure.aks``: AKS clusters by name.

    Examples:
        >>> AksSection.model_validate({"clusters": {"main": {}}}).clusters["main"].sku_tier
        'Standard'
    """

    clusters: dict[str, AksClusterConfig] = Field(
        default_factory=dict, description="AKS clusters by name (`AksCluster(name, ...)`)."
    )
