"""``SecureVnet``: an Azure virtual network with planned subnet tiers, an NSG on every subnet,
optional NAT gateway and DDoS protection, and diagnostic settings, secure by default.

A program has one VNet per name. The VNets of ``azure.vnets`` are named by their keys; the VNet
of ``azure.vnet`` by the name the program gives it.

Examples:
    >>> SecureVnet.TYPE_TOKEN, SecureVnet.CONFIG_KEY
    ('iaccore:azure:SecureVnet', 'azure.vnet')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
from pulumi_azure_native import network

from iaccore.azure._base import AzureComponent, stack_identity
from iaccore.azure.locations import ZONAL_LOCATIONS
from iaccore.azure.monitoring import create_diagnostic_setting, create_workspace
from iaccore.azure.network._nat import create_nat_gateway
from iaccore.azure.network._nsg import create_nsg
from iaccore.azure.network.config import VnetConfig
from iaccore.azure.network.names import network_name
from iaccore.azure.network.planning import VnetPlan
from iaccore.azure.network.rules import nsg_rules
from iaccore.core import context
from iaccore.core.errors import ConfigurationError

__all__ = ["ROLES", "SecureVnet", "configured_vnets"]

#: Child roles of a SecureVnet (keys of ``resource_options``); ``resource_group`` is added by
#: the Azure base.
ROLES: tuple[str, ...] = (
    "vnet",
    "subnet",
    "nsg",
    "nat_gateway",
    "nat_public_ip",
    "ddos_plan",
    "workspace",
    "diagnostic_setting",
)

_NAMES_KEY = ("azure", "vnet", "names")
#: Zones a zone-redundant public IP spans in a location with availability zones.
_ALL_ZONES = ["1", "2", "3"]


def configured_vnets() -> Mapping[str, VnetConfig]:
    """The ``azure.vnets`` map of the running program's stack config (empty when unset).

    Examples:
        >>> from iaccore.synth import synth
        >>> seen = []
        >>> _ = synth(lambda: seen.append(sorted(configured_vnets())),
        ...           config={"iaccore:azure": {"vnets": {"hub": {}}}})
        >>> seen
        [['hub']]
    """
    section = getattr(context.current().stack_config, "azure", None)
    vnets = getattr(section, "vnets", None)
    return vnets if isinstance(vnets, Mapping) else {}


class SecureVnet(AzureComponent[VnetConfig]):
    """An Azure virtual network with one subnet per tier, each behind its own NSG.

    Creates (in the component's resource group) the VNet over ``address_space``, one subnet per
    enabled tier as planned by ``VnetConfig.plan`` (default ``aks`` /20, ``workload`` /22,
    ``private_endpoints`` /24 of a /16; ``bastion`` as ``AzureBastionSubnet`` /26 on request),
    one network security group per subnet that denies inbound traffic from the Internet at
    priority 4096 below the config's ``inbound_rules``, a NAT gateway for the chosen subnets
    (``nat_gateway.enabled``), a DDoS protection plan (``ddos_protection``), and diagnostic
    settings of the VNet and every NSG to a Log Analytics workspace (created unless
    ``log_analytics_workspace_id`` names one).

    Subnets are separate ``network.Subnet`` resources (never inline ``subnets`` on the VNet: the
    two forms overwrite each other), created one after another because Azure refuses
    concurrent subnet operations on one VNet (``AnotherOperationInProgress``).

    Names: ``SecureVnet(name, stack.azure.vnets[name])`` for the VNets of ``azure.vnets``
    (error key paths ``azure.vnets.<name>``), ``SecureVnet("core", stack.azure.vnet)`` for
    ``azure.vnet``.

    Args:
        name: Logical name; children are ``<name>-<role>[-<tier>]`` in kebab-case.
        config: A ``VnetConfig`` or a mapping validated into one.
        opts: Pulumi options (provider, protect ...); ``protect`` reaches every child.
        tags: Extra tags for every child.

    Raises:
        ConfigurationError: invalid config (overlapping address spaces, a subnet outside the
            space, an unknown location ...) or a duplicate name; nothing is registered then.

    Examples:
        >>> from iaccore.synth import synth
        >>> def program() -> None:
        ...     vnet = SecureVnet("core", {"address_space": "10.30.0.0/16"})
        ...     pulumi.export("aks", vnet.subnet_ids["aks"])
        >>> graph = synth(program, config={"azure-native:location": "westeurope"})
        >>> len(graph.resources("azure-native:network:Subnet"))
        3
        >>> graph.outputs["aks"].endswith("/subnets/snet-aks")
        True
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:azure:SecureVnet"
    CONFIG_MODEL = VnetConfig
    CONFIG_KEY: ClassVar[str] = "azure.vnet"
    ROLES: ClassVar[tuple[str, ...]] = ROLES

    @classmethod
    def config_key(cls, name: str) -> str:
        """``azure.vnets.<name>`` when ``name`` is a key of ``azure.vnets``, else ``azure.vnet``."""
        return f"azure.vnets.{name}" if name in configured_vnets() else cls.CONFIG_KEY

    plan: VnetPlan
    vnet: network.VirtualNetwork
    vnet_id: pulumi.Output[str]
    vnet_name: pulumi.Output[str]
    subnets: dict[str, network.Subnet]
    subnet_ids: dict[str, pulumi.Output[str]]
    nsgs: dict[str, network.NetworkSecurityGroup]
    nsg_ids: dict[str, pulumi.Output[str]]
    nat_gateway: network.NatGateway | None
    nat_gateway_id: pulumi.Output[str] | None
    nat_public_ip: Any
    ddos_plan: network.DdosProtectionPlan | None
    ddos_protection_plan_id: pulumi.Output[str] | None
    workspace: Any
    workspace_id: pulumi.Output[str] | None
    diagnostic_settings: dict[str, Any]

    # -- before registering --------------------------------------------------------------------

    def _holds_data(self) -> bool:
        # A workspace of its own: its logs outlive the VNet, with the group holding them.
        cfg = self.config
        return cfg.log_analytics_workspace_id is None and bool(cfg.diagnostic_settings)

    def _check(self, config: VnetConfig) -> None:
        super()._check(config)
        self._check_name(config)
        self.plan = config.plan(key_path=self.key_path)
        self._identity = stack_identity()
        names: set[str] = context.current().cache.setdefault(_NAMES_KEY, set())
        names.add(self.name)

    def _check_name(self, config: VnetConfig) -> None:
        """Refuse a duplicate VNet name before anything registers."""
        configured = configured_vnets()
        if self.name in configured and config != configured[self.name]:
            raise ConfigurationError(
                f"VNet name {self.name!r} is a key of azure.vnets, but this SecureVnet is built "
                "from other config (azure.vnet or code)",
                key_path=f"azure.vnets.{self.name}",
                expected=f"SecureVnet({self.name!r}, stack.azure.vnets[{self.name!r}]), or a "
                f"name that is not a key of azure.vnets ({', '.join(sorted(configured))})",
            )
        if self.name in context.current().cache.get(_NAMES_KEY, set()):
            raise ConfigurationError(
                f"a SecureVnet named {self.name!r} already exists in this program",
                key_path=self.key_path,
                expected="one name per VNet: URNs and resource names derive from it",
            )

    def _physical(self, kind: str, *suffix: str) -> str:
        project, environment = self._identity
        return network_name(kind, project, environment, self.name, *suffix)

    # -- children ------------------------------------------------------------------------------

    def _create(self) -> None:
        cfg = self.config
        for warning in self.plan.warnings:
            self.log.warning(warning)
        group = self.resource_group_name
        self._create_ddos_plan(group)
        ddos: dict[str, Any] = {"enable_ddos_protection": cfg.ddos_protection.enabled}
        if self.ddos_protection_plan_id is not None:
            ddos["ddos_protection_plan"] = network.SubResourceArgs(id=self.ddos_protection_plan_id)
        self.vnet = network.VirtualNetwork(
            self.child_name("vnet"),
            virtual_network_name=self._physical("vnet"),
            resource_group_name=group,
            location=self.location,
            address_space=network.AddressSpaceArgs(address_prefixes=list(self.plan.address_space)),
            enable_vm_protection=cfg.enable_vm_protection,
            tags=self.child_tags("vnet"),
            opts=self.child_opts("vnet"),
            **ddos,
        )
        self.vnet_id = self.vnet.id
        self.vnet_name = self.vnet.name
        self._create_nsgs(group)
        self._create_nat_gateway(group)
        self._create_subnets(group)
        self._create_diagnostics(group)
        self.register(
            vnet_id=self.vnet_id,
            vnet_name=self.vnet_name,
            resource_group_name=group,
            location=self.location,
            address_space=list(self.plan.address_space),
            subnet_ids=self.subnet_ids,
            subnet_cidrs=self.plan.cidrs(),
            nsg_ids=self.nsg_ids,
            nat_gateway_id=self.nat_gateway_id,
            ddos_protection_plan_id=self.ddos_protection_plan_id,
            workspace_id=self.workspace_id,
        )

    def _create_ddos_plan(self, group: pulumi.Output[str]) -> None:
        ddos = self.config.ddos_protection
        self.ddos_plan = None
        self.ddos_protection_plan_id = None
        if not ddos.enabled:
            return
        if ddos.plan_id is not None:
            self.ddos_protection_plan_id = pulumi.Output.from_input(ddos.plan_id)
            return
        self.ddos_plan = network.DdosProtectionPlan(
            self.child_name("ddos_plan"),
            ddos_protection_plan_name=self._physical("ddos"),
            resource_group_name=group,
            location=self.location,
            tags=self.child_tags("ddos_plan"),
            opts=self.child_opts("ddos_plan"),
        )
        self.ddos_protection_plan_id = self.ddos_plan.id

    def _create_nsgs(self, group: pulumi.Output[str]) -> None:
        subnets = self.config.enabled_subnets()
        self.nsgs = {}
        for planned in self.plan.subnets:
            created = create_nsg(
                self,
                planned.tier,
                name=self._physical("nsg", planned.tier),
                rules=nsg_rules(planned.tier, planned.cidr, subnets[planned.tier].inbound_rules),
                resource_group_name=group,
                location=self.location,
            )
            self.nsgs[planned.tier] = created.nsg
        self.nsg_ids = {tier: nsg.id for tier, nsg in self.nsgs.items()}

    def _create_nat_gateway(self, group: pulumi.Output[str]) -> None:
        nat = self.config.nat_gateway
        self.nat_gateway = None
        self.nat_gateway_id = None
        self.nat_public_ip = None
        if not nat.enabled:
            return
        created = create_nat_gateway(
            self,
            names=(
                self._physical("ng"),
                self._physical("ippre" if nat.public_ip_prefix_length else "pip", "nat"),
            ),
            resource_group_name=group,
            location=self.location,
            zones=_ALL_ZONES if self.location in ZONAL_LOCATIONS else None,
            prefix_length=nat.public_ip_prefix_length,
            idle_timeout_minutes=nat.idle_timeout_minutes,
        )
        self.nat_gateway = created.gateway
        self.nat_gateway_id = created.id
        self.nat_public_ip = created.public_ip

    def _create_subnets(self, group: pulumi.Output[str]) -> None:
        configs = self.config.enabled_subnets()
        nat = self.config.nat_gateway
        nat_tiers = set(nat.subnets) if nat.enabled else set()
        self.subnets = {}
        previous: network.Subnet | None = None
        for planned in self.plan.subnets:
            cfg = configs[planned.tier]
            extra: dict[str, Any] = {}
            if planned.tier in nat_tiers and self.nat_gateway_id is not None:
                extra["nat_gateway"] = network.SubResourceArgs(id=self.nat_gateway_id)
            if cfg.service_endpoints:
                extra["service_endpoints"] = [
                    network.ServiceEndpointPropertiesFormatArgs(service=service)
                    for service in cfg.service_endpoints
                ]
            if cfg.delegations:
                extra["delegations"] = [
                    network.DelegationArgs(name=service.replace("/", "."), service_name=service)
                    for service in cfg.delegations
                ]
            subnet = network.Subnet(
                self.child_name("subnet", planned.tier),
                subnet_name=planned.name,
                virtual_network_name=self.vnet.name,
                resource_group_name=group,
                address_prefix=planned.cidr,
                network_security_group=network.NetworkSecurityGroupArgs(
                    id=self.nsg_ids[planned.tier]
                ),
                private_endpoint_network_policies=cfg.private_endpoint_network_policies,
                private_link_service_network_policies=cfg.private_link_service_network_policies,
                default_outbound_access=cfg.default_outbound_access,
                # One subnet operation at a time per VNet (see the class docstring).
                opts=self.child_opts("subnet", depends_on=[previous] if previous else None),
                **extra,
            )
            self.subnets[planned.tier] = subnet
            previous = subnet
        self.subnet_ids = {tier: subnet.id for tier, subnet in self.subnets.items()}

    def _create_diagnostics(self, group: pulumi.Output[str]) -> None:
        cfg = self.config
        self.workspace = None
        self.diagnostic_settings = {}
        if cfg.log_analytics_workspace_id is not None:
            self.workspace_id = pulumi.Output.from_input(cfg.log_analytics_workspace_id)
        elif cfg.diagnostic_settings:
            self.workspace = create_workspace(
                self, "workspace", resource_group_name=group, location=self.location
            )
            self.workspace_id = self.workspace.id
        else:
            self.workspace_id = None
        if not cfg.diagnostic_settings or self.workspace_id is None:
            return
        self.diagnostic_settings["vnet"] = create_diagnostic_setting(
            self, "diagnostic_setting", "vnet", resource_uri=self.vnet.id,
            workspace_id=self.workspace_id,
        )  # fmt: skip
        for tier, nsg in self.nsgs.items():
            # NSGs publish logs (rule events and counters) but no metrics.
            self.diagnostic_settings[tier] = create_diagnostic_setting(
                self, "diagnostic_setting", "nsg", tier, resource_uri=nsg.id,
                workspace_id=self.workspace_id, metrics=False,
            )  # fmt: skip

    # -- wiring --------------------------------------------------------------------------------

    def subnet_id(self, tier: str) -> pulumi.Output[str]:
        """The id of the subnet of ``tier`` (``aks``, ``workload``, ``private_endpoints`` ...).

        Raises:
            ConfigurationError: the VNet has no subnet of that tier.
        """
        if tier not in self.subnet_ids:
            raise ConfigurationError(
                f"VNet {self.name!r} has no {tier!r} subnet",
                key_path=f"{self.key_path}.subnets.{tier}",
                expected="one of " + ", ".join(self.subnet_ids),
            )
        return self.subnet_ids[tier]
