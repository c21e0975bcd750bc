"""``AksCluster``: an Azure Kubernetes Service cluster, secure by default, with its Kubernetes
provider.

What it builds (children of the component, in this module and its private helpers):

- its resource group (unless given one), and a Log Analytics workspace when neither the config
  nor the VNet names one (``iaccore.azure.monitoring``);
- the managed cluster: Entra ID with Azure RBAC and local accounts off, a private API server
  (authorized IP ranges when public), Azure CNI overlay with Cilium, OIDC issuer and workload
  identity, patch and node-image auto-upgrades, Defender, Azure Policy, Image Cleaner and
  Container Insights, the Standard tier, and its first system pool inline;
- the other node pools as ``AgentPool`` children (``iaccore.azure.aks._pools``);
- Container Insights' data collection rule and association and the control-plane diagnostic
  setting (``iaccore.azure.aks._monitoring``);
- ``Azure Kubernetes Service RBAC Cluster Admin`` for the deployer (``iaccore.azure.aks._access``);
- a secret kubeconfig from the cluster's user credentials (an Entra ID ``kubelogin`` login) and a
  ``pulumi_kubernetes.Provider`` registered under the cluster's name, so the Kubernetes module's
  ``source: azure.aks.<name>`` and ``cluster_opts(<name>)`` reach it.

Examples:
    >>> def program() -> None:
    ...     aks = AksCluster("main", {"subnet_id": SUBNET_EXAMPLE})
    ...     pulumi.export("oidc_issuer_url", aks.oidc_issuer_url)
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Protocol

import pulumi
import pulumi_kubernetes as k8s
from pulumi_azure_native import authorization, containerservice

from iaccore.azure._base import AzureComponent, stack_identity
from iaccore.azure.aks import _access, _monitoring, _pools, versions
from iaccore.azure.aks.config import AksClusterConfig
from iaccore.azure.aks.login import deployer_principal_type, with_login_method
from iaccore.azure.aks.plan import (
    check_cidrs_outside,
    check_zones,
    cluster_name,
    dns_prefix,
    pool_order,
)
from iaccore.azure.aks.versions import support_warning
from iaccore.azure.environment import azure_environment
from iaccore.azure.locations import ZONAL_LOCATIONS
from iaccore.core import context
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.provider import register_cluster_source, register_cluster_version

__all__ = ["SUBNET_EXAMPLE", "AksCluster", "AksClusterConfig", "AksVnet", "WorkloadIdentity"]

WorkloadIdentity = _access.WorkloadIdentity

#: A subnet id for examples and doctests.
SUBNET_EXAMPLE = (
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/"
    "Microsoft.Network/virtualNetworks/vnet-core/subnets/aks"
)


class AksVnet(Protocol):
    """What the cluster reads from a VNet (a [`SecureVnet`][iaccore.azure.SecureVnet])."""

    @property
    def subnet_ids(self) -> Mapping[str, pulumi.Output[str]]:
        """Subnet ids by subnet name; the cluster uses ``aks``."""
        ...

    @property
    def workspace_id(self) -> pulumi.Output[str] | None:
        """The VNet's Log Analytics workspace."""
        ...

    @property
    def key_path(self) -> str:
        """Config key of the VNet, for errors."""
        ...


class AksCluster(AzureComponent[AksClusterConfig]):
    """An AKS cluster with node pools, Entra ID and Azure RBAC, workload identity and a
    Kubernetes provider.

    Args:
        name: Logical name; also the name its Kubernetes provider is registered under.
        config: ``AksClusterConfig`` or a mapping (``azure.aks.clusters.<name>``).
        opts: Pulumi options (provider, protect ... reach every child).
        vnet: A [`SecureVnet`][iaccore.azure.SecureVnet]; the nodes use its ``aks`` subnet and
            the cluster reports to its workspace. Without it, ``subnet_id`` must be set.
        tags: Extra tags for every child.

    Raises:
        ConfigurationError: Invalid config, no subnet (or both a VNet and ``subnet_id``), or
            zones in a location without availability zones; nothing has been registered.

    Attributes:
        cluster: The ``containerservice.ManagedCluster``.
        agent_pools: The ``containerservice.AgentPool`` children (every pool but the inline
            system pool), in name order.
        kubernetes_provider: The cluster's ``pulumi_kubernetes.Provider``.
        kubeconfig: The user kubeconfig (Entra ID login through ``kubelogin``), a secret.
        workspace_id: The Log Analytics workspace the cluster reports to.

    Examples:
        >>> def program() -> None:
        ...     aks = AksCluster("main", {"subnet_id": SUBNET_EXAMPLE,
        ...                               "node_pools": {"system": {}, "apps": {"max": 10}}})
        ...     k8s.core.v1.Namespace("apps", opts=aks.kubernetes_opts)
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:azure:AksCluster"
    CONFIG_MODEL: ClassVar[type[AksClusterConfig]] = AksClusterConfig
    CONFIG_KEY: ClassVar[str] = "azure.aks.clusters"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = (
        "cluster",
        "node_pool",
        "workspace",
        "data_collection_rule",
        "data_collection_rule_association",
        "diagnostic_setting",
        "admin_role",
        "subnet_role",
        "workload_identity",
        "federated_credential",
        "k8s",
    )

    physical_name: str
    cluster: containerservice.ManagedCluster
    agent_pools: tuple[containerservice.AgentPool, ...]
    admin_role: authorization.RoleAssignment | None
    subnet_role: authorization.RoleAssignment | None
    kubernetes_provider: k8s.Provider
    kubeconfig: pulumi.Output[str]
    workspace_id: pulumi.Output[str] | None

    def __init__(
        self,
        name: str,
        config: AksClusterConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        vnet: AksVnet | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self._vnet = vnet
        self.physical_name = ""
        self._inline_pool = ""
        self._other_pools: tuple[str, ...] = ()
        super().__init__(name, config, opts, tags=tags)

    # -- lifecycle -----------------------------------------------------------------------------

    def _holds_data(self) -> bool:
        # A workspace of its own (none in config, none from the VNet): its logs outlive the
        # cluster, with the group holding them.
        cfg = self.config
        needed = cfg.defender or cfg.monitoring.container_insights or cfg.monitoring.log_categories
        given = cfg.monitoring.workspace_id or (self._vnet is not None and self._vnet.workspace_id)
        return bool(needed) and not given

    def _check(self, config: AksClusterConfig) -> None:
        super()._check(config)
        key = self.key_path
        if self._vnet is not None and config.subnet_id:
            raise ConfigurationError(
                "both a vnet and subnet_id are given; pass one",
                key_path=f"{key}.subnet_id",
                expected="subnet_id without vnet=, or vnet= without subnet_id",
            )
        if self._vnet is None and not config.subnet_id:
            raise ConfigurationError(
                "the cluster has no subnet: pass vnet=SecureVnet(...) or set subnet_id",
                key_path=f"{key}.subnet_id",
                expected="the id of the nodes' subnet (/subscriptions/.../subnets/<name>)",
            )
        if self._vnet is not None and "aks" not in self._vnet.subnet_ids:
            raise ConfigurationError(
                "the VNet has no `aks` subnet for the cluster's nodes",
                key_path=f"{self._vnet.key_path}.subnets",
                expected="an `aks` subnet in the VNet config",
            )
        if self._vnet is not None:
            spaces = getattr(getattr(self._vnet, "config", None), "address_space", None) or ()
            check_cidrs_outside(
                [spaces] if isinstance(spaces, str) else list(spaces),
                {"pod_cidr": config.pod_cidr, "service_cidr": config.service_cidr},
                key,
                self._vnet.key_path,
            )
        check_zones(config.node_pools, self.location, key)
        self._inline_pool, self._other_pools = pool_order(config.node_pools, key)
        project, environment = stack_identity()
        self.physical_name = config.cluster_name or cluster_name(project, environment, self.name)

    def _create(self) -> None:
        cfg = self.config
        warning = support_warning(cfg.version, on=_today())
        if warning:
            self.log.warning(warning)
        if cfg.network_policy == "azure":
            self.log.warning(
                "network_policy: azure (Azure Network Policy Manager) is being retired by "
                "Microsoft on Linux nodes; use cilium (the default) or calico"
            )
        env = azure_environment(self.provider)
        rg = self.resource_group_name
        workspace = self._workspace()
        self.workspace_id = workspace.id if workspace is not None else None
        settings = _pools.PoolSettings(
            subnet_id=self.subnet_id,
            version=cfg.version,
            default_zones=("1", "2", "3") if self.location in ZONAL_LOCATIONS else (),
            taint_system_pools=cfg.has_user_pool,
            follows_minor_upgrades=cfg.follows_minor_upgrades,
        )
        self.cluster = self._create_cluster(settings, tenant_id=env.tenant_id)
        self.agent_pools = _pools.create_agent_pools(
            self,
            pools=cfg.node_pools,
            names=self._other_pools,
            settings=settings,
            cluster_name=self.cluster.name,
            resource_group_name=rg,
            depends_on=[self.cluster],
        ).pools
        self._create_monitoring()
        self.admin_role = None
        if cfg.deployer_admin:
            self.admin_role = _access.create_deployer_admin(
                self,
                principal_id=env.object_id,
                principal_type=cfg.deployer_principal_type or deployer_principal_type(os.environ),
                cluster_id=self.cluster.id,
                key_path=f"{self.key_path}.deployer_admin",
            )
        self.subnet_role = None
        if cfg.identity_id is None and cfg.grant_subnet_access:
            self.subnet_role = _access.create_subnet_access(
                self,
                principal_id=self.cluster.identity.apply(
                    lambda identity: _field(identity, "principal_id", "principalId")
                ),
                subnet_id=self.subnet_id,
                key_path=f"{self.key_path}.subnet_id",
            )
        self.kubeconfig = self._user_kubeconfig()
        waits_for: list[pulumi.Resource] = [self.cluster, *self.agent_pools]
        if self.admin_role is not None:
            waits_for.append(self.admin_role)
        self.kubernetes_provider = k8s.Provider(
            self.child_name("k8s"),
            kubeconfig=self.kubeconfig,
            opts=self.child_opts("k8s", depends_on=waits_for),
        )
        context.current().providers.put("kubernetes", self.name, self.kubernetes_provider)
        register_cluster_version(self.name, cfg.version)
        register_cluster_source(self.name, "azure.aks")
        self._set_outputs()

    def _set_outputs(self) -> None:
        cluster = self.cluster
        self.cluster_name = cluster.name
        self.cluster_id = cluster.id
        self.fqdn = cluster.fqdn
        self.private_fqdn = cluster.private_fqdn
        self.node_resource_group = cluster.node_resource_group
        self.oidc_issuer_url = cluster.oidc_issuer_profile.apply(
            lambda profile: _field(profile, "issuer_url", "issuerURL")
        )
        self.kubelet_identity_object_id = cluster.identity_profile.apply(_kubelet_object_id)
        self.principal_id = cluster.identity.apply(
            lambda identity: _field(identity, "principal_id", "principalId")
        )
        self.register(
            cluster_name=self.cluster_name,
            cluster_id=self.cluster_id,
            fqdn=self.fqdn,
            private_fqdn=self.private_fqdn,
            oidc_issuer_url=self.oidc_issuer_url,
            kubelet_identity_object_id=self.kubelet_identity_object_id,
            node_resource_group=self.node_resource_group,
            resource_group_name=self.resource_group_name,
            location=self.location,
            kubernetes_version=self.config.version,
            kubeconfig=self.kubeconfig,
        )

    # -- public helpers ------------------------------------------------------------------------

    @property
    def subnet_id(self) -> pulumi.Input[str]:
        """The nodes' subnet: the VNet's ``aks`` subnet, else ``subnet_id`` from config."""
        if self._vnet is not None:
            return self._vnet.subnet_ids["aks"]
        return str(self.config.subnet_id)

    @property
    def kubernetes_opts(self) -> pulumi.ResourceOptions:
        """Options that put a Kubernetes resource on this cluster: ``opts=aks.kubernetes_opts``."""
        return pulumi.ResourceOptions(provider=self.kubernetes_provider)

    def workload_identity(
        self, name: str, namespace: str, service_account: str
    ) -> _access.WorkloadIdentity:
        """A user-assigned managed identity that service account ``namespace/service_account``
        signs in as through workload identity.

        The identity (``<cluster>-workload-identity-<name>``, role ``workload_identity``) trusts
        tokens of this cluster's OIDC issuer with subject
        ``system:serviceaccount:<namespace>:<service_account>`` and audience
        ``api://AzureADTokenExchange`` (a federated identity credential, role
        ``federated_credential``). Hand it to the Application (``identity=``, which puts its
        ``client_id`` on the ServiceAccount and the workload identity label on the pods) and its
        ``principal_id`` to role assignments.

        Examples:
            >>> def program() -> None:
            ...     aks = AksCluster("main", {"subnet_id": SUBNET_EXAMPLE})
            ...     api = aks.workload_identity("api", "apps", "api")
            ...     pulumi.export("api_client_id", api.client_id)
        """
        return _access.create_workload_identity(
            self,
            name,
            identity_name=f"id-{self.physical_name}-{name}"[:128],
            namespace=namespace,
            service_account=service_account,
            issuer=self.oidc_issuer_url,
            resource_group_name=self.resource_group_name,
            location=self.location,
        )

    # -- children ------------------------------------------------------------------------------

    def _workspace(self) -> _monitoring.Workspace | None:
        cfg = self.config
        needed = cfg.defender or cfg.monitoring.container_insights or cfg.monitoring.log_categories
        if not needed:
            return None
        given: pulumi.Input[str] | None = cfg.monitoring.workspace_id
        if given is None and self._vnet is not None:
            given = self._vnet.workspace_id
        return _monitoring.resolve_workspace(
            self, given=given, resource_group_name=self.resource_group_name, location=self.location
        )

    def _create_monitoring(self) -> None:
        cfg = self.config
        self.collection_rule = None
        self.diagnostic_setting = None
        if self.workspace_id is None:
            return
        if cfg.monitoring.container_insights:
            self.collection_rule = _monitoring.create_collection_rule(
                self,
                cluster_id=self.cluster.id,
                workspace_id=self.workspace_id,
                resource_group_name=self.resource_group_name,
                location=self.location,
                depends_on=[self.cluster],
            )
        if cfg.monitoring.log_categories:
            self.diagnostic_setting = _monitoring.create_control_plane_logs(
                self,
                cluster_id=self.cluster.id,
                workspace_id=self.workspace_id,
                categories=cfg.monitoring.log_categories,
                depends_on=[self.cluster],
            )

    def _addons(self) -> dict[str, containerservice.ManagedClusterAddonProfileArgs]:
        cfg = self.config
        addons = {
            "azurepolicy": containerservice.ManagedClusterAddonProfileArgs(
                enabled=cfg.azure_policy
            ),
        }
        if cfg.monitoring.container_insights and self.workspace_id is not None:
            addons["omsagent"] = containerservice.ManagedClusterAddonProfileArgs(
                enabled=True, config=_monitoring.addon_config(self.workspace_id)
            )
        if cfg.key_vault_secrets_provider:
            addons["azureKeyvaultSecretsProvider"] = (
                containerservice.ManagedClusterAddonProfileArgs(
                    enabled=True, config={"enableSecretRotation": "true"}
                )
            )
        return addons

    def _security_profile(self) -> containerservice.ManagedClusterSecurityProfileArgs:
        cfg = self.config
        defender = None
        if cfg.defender and self.workspace_id is not None:
            defender = containerservice.ManagedClusterSecurityProfileDefenderArgs(
                log_analytics_workspace_resource_id=self.workspace_id,
                security_monitoring=(
                    containerservice.ManagedClusterSecurityProfileDefenderSecurityMonitoringArgs(
                        enabled=True
                    )
                ),
            )
        cleaner = None
        if cfg.image_cleaner_interval_hours is not None:
            cleaner = containerservice.ManagedClusterSecurityProfileImageCleanerArgs(
                enabled=True, interval_hours=cfg.image_cleaner_interval_hours
            )
        return containerservice.ManagedClusterSecurityProfileArgs(
            workload_identity=containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs(
                enabled=True
            ),
            defender=defender,
            image_cleaner=cleaner,
        )

    def _api_server(self) -> containerservice.ManagedClusterAPIServerAccessProfileArgs:
        api = self.config.api_server
        return containerservice.ManagedClusterAPIServerAccessProfileArgs(
            enable_private_cluster=api.private,
            private_dns_zone=api.private_dns_zone if api.private else None,
            enable_private_cluster_public_fqdn=api.public_fqdn if api.private else None,
            authorized_ip_ranges=list(api.authorized_ip_ranges) or None,
            disable_run_command=not api.run_command,
        )

    def _network(self) -> containerservice.ContainerServiceNetworkProfileArgs:
        cfg = self.config
        return containerservice.ContainerServiceNetworkProfileArgs(
            network_plugin="azure",
            network_plugin_mode="overlay",
            network_policy=cfg.network_policy,
            network_dataplane="cilium" if cfg.network_policy == "cilium" else "azure",
            pod_cidr=cfg.pod_cidr,
            service_cidr=cfg.service_cidr,
            dns_service_ip=cfg.dns_service_ip,
            outbound_type=cfg.outbound_type,
            load_balancer_sku="standard",
        )

    def _identity(self) -> containerservice.ManagedClusterIdentityArgs:
        if self.config.identity_id is None:
            return containerservice.ManagedClusterIdentityArgs(
                type=containerservice.ResourceIdentityType.SYSTEM_ASSIGNED
            )
        return containerservice.ManagedClusterIdentityArgs(
            type=containerservice.ResourceIdentityType.USER_ASSIGNED,
            user_assigned_identities=[self.config.identity_id],
        )

    def _create_cluster(
        self, settings: _pools.PoolSettings, *, tenant_id: str
    ) -> containerservice.ManagedCluster:
        cfg = self.config
        inline = cfg.node_pools[self._inline_pool]
        ignored = _pools.pool_ignore_changes(inline, settings, prefix="agentPoolProfiles[0].")
        if cfg.follows_minor_upgrades:
            ignored.append("kubernetesVersion")
        return containerservice.ManagedCluster(
            self.child_name("cluster"),
            resource_name_=self.physical_name,
            resource_group_name=self.resource_group_name,
            location=self.location,
            dns_prefix=dns_prefix(self.physical_name),
            kubernetes_version=cfg.version,
            sku=containerservice.ManagedClusterSKUArgs(name="Base", tier=cfg.sku_tier),
            identity=self._identity(),
            enable_rbac=True,
            disable_local_accounts=not cfg.allow_local_accounts,
            aad_profile=containerservice.ManagedClusterAADProfileArgs(
                managed=True,
                enable_azure_rbac=True,
                tenant_id=tenant_id,
                admin_group_object_ids=list(cfg.admin_group_object_ids) or None,
            ),
            api_server_access_profile=self._api_server(),
            public_network_access="Disabled" if cfg.api_server.private else "Enabled",
            network_profile=self._network(),
            oidc_issuer_profile=containerservice.ManagedClusterOIDCIssuerProfileArgs(enabled=True),
            security_profile=self._security_profile(),
            auto_upgrade_profile=containerservice.ManagedClusterAutoUpgradeProfileArgs(
                upgrade_channel=cfg.upgrade_channel,
                node_os_upgrade_channel=cfg.node_os_upgrade_channel,
            ),
            addon_profiles=self._addons(),
            disk_encryption_set_id=cfg.disk_encryption_set_id,
            agent_pool_profiles=[_pools.pool_profile(self._inline_pool, inline, settings)],
            tags=self.child_tags("cluster"),
            opts=self.child_opts("cluster", ignore_changes=ignored or None),
        )

    def _user_kubeconfig(self) -> pulumi.Output[str]:
        credentials = containerservice.list_managed_cluster_user_credentials_output(
            resource_group_name=self.resource_group_name,
            resource_name=self.cluster.name,
            format="exec",
            opts=pulumi.InvokeOutputOptions(provider=self.provider, depends_on=[self.cluster]),
        )
        method = self.config.kubeconfig_login
        text = credentials.kubeconfigs.apply(
            lambda configs: with_login_method(
                base64.b64decode(_field(configs[0], "value", "value")).decode(), method
            )
        )
        return pulumi.Output.secret(text)


def _field(value: Any, attribute: str, key: str) -> Any:
    """``value.attribute`` of an SDK output type, or ``value[key]`` of a plain mapping."""
    if value is None:
        return None
    if hasattr(type(value), attribute):
        return getattr(value, attribute)
    if isinstance(value, Mapping):
        return value.get(key, value.get(attribute))
    return None


def _kubelet_object_id(profile: Any) -> Any:
    if not profile:
        return None
    kubelet = profile.get("kubeletidentity") if isinstance(profile, Mapping) else None
    if kubelet is None:
        return None
    return _field(kubelet, "object_id", "objectId")


def _today() -> date:
    return versions.today()
