"""``SecureStorageAccount``: a StorageV2 account reachable over HTTPS and TLS 1.2 with Entra ID
only, closed to the internet, with infrastructure encryption, soft delete and versioning.

Examples:
    >>> from iaccore.synth import synth
    >>> graph = synth(lambda: SecureStorageAccount("logs", {}),
    ...               config={"azure-native:location": "westeurope"})
    >>> graph.one("azure-native:storage:StorageAccount").inputs["minimumTlsVersion"]
    'TLS1_2'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import pulumi
from pulumi_azure_native import storage

from iaccore.azure._base import AzureComponent, stack_identity
from iaccore.azure.environment import AzureEnvironment, azure_environment
from iaccore.azure.monitoring import create_diagnostic_setting, create_workspace
from iaccore.azure.naming import (
    resource_group_name,
    shared_resource_group_name,
    storage_account_name,
)
from iaccore.azure.provider import provider_label
from iaccore.azure.retention import data_opts
from iaccore.azure.storage._data_protection import create_blob_protection
from iaccore.azure.storage.config import StorageAccountConfig
from iaccore.azure.storage.redundancy import storage_sku
from iaccore.core import context

__all__ = ["KEY_EXPIRATION_DAYS", "SecureStorageAccount"]

#: Days after which Azure flags an account key as due for rotation (with shared-key access on).
KEY_EXPIRATION_DAYS = 90
#: Metric categories of storage services (they refuse ``AllMetrics``).
_STORAGE_METRICS = ("Transaction",)


class SecureStorageAccount(AzureComponent[StorageAccountConfig]):
    """A StorageV2 storage account, secure by default.

    Children: the account (``Standard_ZRS``, HTTPS only, minimum TLS 1.2, anonymous blob access
    off, shared-key access off and Entra ID the default in the portal, infrastructure encryption
    with account-scoped keys for all four services, cross-tenant replication off, local users
    off, a system-assigned identity, and a firewall that denies by default and lets trusted Azure
    services through), its blob service settings (soft delete of blobs and containers, 30 days;
    versioning; change feed), a Log Analytics workspace unless ``log_analytics_workspace_id`` is
    given, and one diagnostic setting per service (blob, file, queue, table) sending all logs and
    transaction metrics to it.

    Public network access is ``Disabled`` unless ``allowed_subnet_ids``, ``allowed_ip_ranges``
    or ``allowed_subnets=`` name networks: then it is ``Enabled`` for those networks only (the
    firewall still denies everything else).

    The account name is ``name`` from the config (checked against Azure's rules), else
    ``st<project><environment><name><hash>`` (``iaccore.azure.naming.storage_account_name``),
    the hash seeded with the subscription and the resource group so two stacks never collide;
    it is known before anything registers, as ``physical_name``.

    Args:
        name: Logical name (``azure.storage_accounts.<name>``).
        config: ``StorageAccountConfig`` or a mapping.
        opts: Pulumi options, propagated to every child.
        tags: Extra tags for the children.
        allowed_subnets: Subnet ids (``Output``s of a ``SecureVnet``'s ``subnet_ids`` ...) let
            through the firewall, beside ``allowed_subnet_ids``.

    Raises:
        ConfigurationError: invalid config (a name breaking Azure's rules, a malformed subnet
            id, an open or private IP range, soft delete days outside 1-365); nothing is
            registered then.

    Attributes:
        physical_name: The account name, known before anything registers.
        account: The ``storage.StorageAccount``.
        blob_service: Its ``storage.BlobServiceProperties``.
        workspace: The created Log Analytics workspace, or None.

    Examples:
        >>> from iaccore.synth import synth
        >>> graph = synth(lambda: SecureStorageAccount("logs", {"name": "stlogs01"}),
        ...               config={"azure-native:location": "westeurope"})
        >>> graph.one("azure-native:storage:StorageAccount").inputs["publicNetworkAccess"]
        'Disabled'
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:azure:SecureStorageAccount"
    CONFIG_MODEL: ClassVar[type[StorageAccountConfig]] = StorageAccountConfig
    CONFIG_KEY: ClassVar[str] = "azure.storage_accounts"
    HOLDS_DATA: ClassVar[bool] = True
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = (
        "account",
        "blob_service",
        "workspace",
        "diagnostic_setting",
    )

    physical_name: str
    environment: AzureEnvironment
    account: storage.StorageAccount
    blob_service: storage.BlobServiceProperties
    workspace: Any
    diagnostic_settings: dict[str, Any]
    account_name: pulumi.Output[str]
    account_id: pulumi.Output[str]
    primary_blob_endpoint: pulumi.Output[str]
    principal_id: pulumi.Output[str]
    workspace_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        config: StorageAccountConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
        allowed_subnets: Sequence[pulumi.Input[str]] | None = None,
    ) -> None:
        self._allowed_subnets = list(allowed_subnets or ())
        super().__init__(name, config, opts, tags=tags)

    def _check(self, config: StorageAccountConfig) -> None:
        super()._check(config)
        self.sku = storage_sku(config.sku, self.location, key_path=f"{self.key_path}.sku")

    def _prepare(self, config: StorageAccountConfig) -> None:
        super()._prepare(config)
        self.environment = azure_environment(self.provider)
        if config.name is not None:
            self.physical_name = config.name
            return
        project, environment = stack_identity()
        seed = f"{self.environment.subscription_id}/{self._group_seed(project, environment)}"
        self.physical_name = storage_account_name(project, environment, self.name, seed=seed)

    def _group_seed(self, project: str, environment: str) -> str:
        """The resource group's name as a plain string (the name seed must be known now)."""
        if self.config.resource_group_name:
            return self.config.resource_group_name
        section = context.current().stack_config.section("azure")
        if getattr(section, "resource_group", "per_component") == "shared":
            return shared_resource_group_name(project, environment, provider_label(self.provider))
        # A nested account's name already holds its parent's: this stays unique.
        return resource_group_name(project, environment, self.name)

    def _open_to_networks(self) -> bool:
        """Whether the firewall lets some networks in (public network access ``Enabled``)."""
        cfg = self.config
        return bool(cfg.allowed_subnet_ids or cfg.allowed_ip_ranges or self._allowed_subnets)

    def _create(self) -> None:
        cfg = self.config
        group = self.resource_group_name
        subnets: list[pulumi.Input[str]] = [*cfg.allowed_subnet_ids, *self._allowed_subnets]
        shared_key = cfg.allow_shared_key_access
        self.account = storage.StorageAccount(
            self.child_name("account"),
            account_name=self.physical_name,
            resource_group_name=group,
            location=self.location,
            kind="StorageV2",
            sku=storage.SkuArgs(name=self.sku),
            access_tier=storage.AccessTier(cfg.access_tier),
            enable_https_traffic_only=True,
            minimum_tls_version="TLS1_2",
            allow_blob_public_access=False,
            allow_shared_key_access=shared_key,
            default_to_o_auth_authentication=True,
            allow_cross_tenant_replication=False,
            is_local_user_enabled=False,
            is_sftp_enabled=False,
            sas_policy=storage.SasPolicyArgs(
                sas_expiration_period=cfg.sas_expiration_period, expiration_action="Log"
            )
            if shared_key
            else None,
            key_policy=storage.KeyPolicyArgs(key_expiration_period_in_days=KEY_EXPIRATION_DAYS)
            if shared_key
            else None,
            encryption=storage.EncryptionArgs(
                key_source="Microsoft.Storage",
                require_infrastructure_encryption=True,
                services=storage.EncryptionServicesArgs(
                    blob=storage.EncryptionServiceArgs(enabled=True, key_type="Account"),
                    file=storage.EncryptionServiceArgs(enabled=True, key_type="Account"),
                    queue=storage.EncryptionServiceArgs(enabled=True, key_type="Account"),
                    table=storage.EncryptionServiceArgs(enabled=True, key_type="Account"),
                ),
            ),
            public_network_access="Enabled" if self._open_to_networks() else "Disabled",
            network_rule_set=storage.NetworkRuleSetArgs(
                default_action=storage.DefaultAction.DENY,
                bypass="AzureServices",
                virtual_network_rules=[
                    storage.VirtualNetworkRuleArgs(virtual_network_resource_id=subnet)
                    for subnet in subnets
                ],
                ip_rules=[
                    storage.IPRuleArgs(i_p_address_or_range=ip_range)
                    for ip_range in cfg.allowed_ip_ranges
                ],
            ),
            identity=storage.IdentityArgs(type="SystemAssigned"),
            tags=self.child_tags("account"),
            opts=data_opts(self, "account"),
        )
        self.blob_service = create_blob_protection(
            self,
            "blob_service",
            account_name=self.account.name,
            resource_group_name=group,
            blob_soft_delete_days=cfg.blob_soft_delete_days,
            container_soft_delete_days=cfg.container_soft_delete_days,
            versioning=cfg.versioning,
            change_feed_retention_days=cfg.change_feed_retention_days,
        ).service
        self._create_diagnostics()
        self.account_name = self.account.name
        self.account_id = self.account.id
        self.primary_blob_endpoint = self.account.primary_endpoints.apply(lambda ep: ep.blob)
        self.principal_id = self.account.identity.apply(
            lambda identity: identity.principal_id if identity is not None else ""
        )
        self.register(
            account_name=self.account_name,
            account_id=self.account_id,
            primary_blob_endpoint=self.primary_blob_endpoint,
            resource_group_name=group,
            location=self.location,
            principal_id=self.principal_id,
        )

    def _create_diagnostics(self) -> None:
        cfg = self.config
        self.workspace = None
        if cfg.log_analytics_workspace_id is not None:
            self.workspace_id = pulumi.Output.from_input(cfg.log_analytics_workspace_id)
        else:
            self.workspace = create_workspace(
                self,
                "workspace",
                resource_group_name=self.resource_group_name,
                location=self.location,
            )
            self.workspace_id = self.workspace.id
        self.diagnostic_settings = {}
        for service in cfg.diagnostic_services:
            self.diagnostic_settings[service] = create_diagnostic_setting(
                self,
                "diagnostic_setting",
                service,
                resource_uri=_service_id(self.account.id, service),
                workspace_id=self.workspace_id,
                metric_categories=_STORAGE_METRICS,
                # The blob service's settings first: Azure creates the service with the account,
                # but the diagnostic setting must not race the service's own update.
                depends_on=[self.blob_service] if service == "blob" else None,
            )


def _service_id(account_id: pulumi.Output[str], service: str) -> pulumi.Output[str]:
    """The id of one of the account's services: ``<account>/<service>Services/default``."""
    return account_id.apply(lambda account: f"{account}/{service}Services/default")
