"""Config models of [`iaccore.azure.SecureVnet`][iaccore.azure.SecureVnet] (plain data, no Pulumi
import).

Every default is the secure choice: a network security group on every subnet that denies inbound
traffic from the Internet, private-endpoint network policies enabled, default outbound access off,
diagnostic settings to Log Analytics. Opening a subnet to the Internet takes a visible word
(`allow_internet: true` on the rule). Validators raise ``ValueError`` messages that name the keys;
the config loader turns them into [`iaccore.ConfigurationError`][iaccore.ConfigurationError] with
the full key path.

Examples:
    >>> vnet = VnetConfig(address_space="10.30.0.0/16")
    >>> vnet.plan().cidrs()
    {'aks': '10.30.0.0/20', 'workload': '10.30.16.0/22', 'private_endpoints': '10.30.20.0/24'}
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import StringConstraints, field_validator, model_validator

from iaccore.azure.network.limits import (
    NAT_IDLE_TIMEOUT_MAX,
    NAT_IDLE_TIMEOUT_MIN,
    NAT_PUBLIC_IP_PREFIX_MAX,
    NAT_PUBLIC_IP_PREFIX_MIN,
    NSG_PRIORITY_MAX,
    NSG_PRIORITY_MIN,
    NSG_RULES_MAX,
    SERVICE_ENDPOINTS,
    SUBNET_MAX_PREFIX,
    VNET_MIN_PREFIX,
)
from iaccore.azure.network.planning import (
    BASTION_TIER,
    DEFAULT_TIERS,
    TIER_PATTERN,
    SubnetSpec,
    VnetPlan,
    ordered_tiers,
    plan_vnet,
)
from iaccore.azure.network.rules import (
    BASTION_RULE_NAMES,
    BASTION_RULE_PRIORITIES,
    DENY_RULE,
    is_service_tag,
)
from iaccore.azure.types import AzureComponentConfig, ResourceId
from iaccore.core.config.base import Field, IaccoreModel
from iaccore.core.errors import ConfigurationError

__all__ = [
    "DEFAULT_ADDRESS_SPACE",
    "DdosProtectionConfig",
    "InboundRuleConfig",
    "NatGatewayConfig",
    "SubnetConfig",
    "VnetConfig",
]

#: Address space used when the config names none.
DEFAULT_ADDRESS_SPACE = "10.0.0.0/16"

#: An NSG rule name: 1-80 letters, digits, ``_``, ``.``, ``-``; starts with a letter or digit and
#: ends with a letter, digit or ``_`` (Azure naming rules for Microsoft.Network).
RuleName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$")
]
#: A port (``443``), a range (``8000-8080``) or ``*``.
PortRange = Annotated[str, StringConstraints(pattern=r"^(?:\*|\d{1,5}(?:-\d{1,5})?)$")]
#: A subnet delegation's service, such as ``Microsoft.DBforPostgreSQL/flexibleServers``.
DelegationService = Annotated[
    str, StringConstraints(pattern=r"^Microsoft\.[A-Za-z]+(?:/[A-Za-z]+)+$")
]
Protocol = Literal["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"]
PrivateEndpointPolicies = Literal[
    "Enabled", "Disabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"
]

#: Sources that mean "anyone on the Internet" in an NSG rule.
_INTERNET_SOURCES = frozenset({"internet", "*", "any", "0.0.0.0/0"})
#: A CIDR this broad (fewer prefix bits) counts as the Internet too.
_INTERNET_PREFIX = 8


def _is_internet(source: str) -> bool:
    if source.strip().lower() in _INTERNET_SOURCES:
        return True
    try:
        network = ipaddress.ip_network(source.strip(), strict=False)
    except ValueError:
        return False
    return network.prefixlen < _INTERNET_PREFIX


class InboundRuleConfig(IaccoreModel):
    """One inbound allow rule of a subnet's network security group.

    Examples:
        >>> rule = InboundRuleConfig(name="https-from-office", priority=200, protocol="Tcp",
        ...                          ports=("443",), source_address_prefixes=("203.0.113.0/24",))
        >>> rule.allow_internet
        False
    """

    name: RuleName = Field(description="Rule name, unique in the subnet's NSG (1-80 characters).")
    priority: int = Field(
        ge=NSG_PRIORITY_MIN,
        le=NSG_PRIORITY_MAX - 1,
        description=f"Rule priority, {NSG_PRIORITY_MIN}-{NSG_PRIORITY_MAX - 1} (lower wins; "
        f"{NSG_PRIORITY_MAX} is the deny-Internet rule), unique in the subnet's NSG.",
    )
    protocol: Protocol = Field(description="Tcp, Udp, Icmp, Esp, Ah or `*` (any).")
    ports: tuple[PortRange, ...] = Field(
        min_length=1, description="Destination ports: `443`, `8000-8080` or `*`."
    )
    source_address_prefixes: tuple[str, ...] = Field(
        min_length=1,
        description="Source CIDRs or service tags (`VirtualNetwork`, `AzureLoadBalancer`). "
        "`Internet`, `*`, `0.0.0.0/0` or any range wider than /8 needs `allow_internet: true`.",
    )
    destination_address_prefixes: tuple[str, ...] = Field(
        (),
        description="Destination CIDRs or service tags; unset: the subnet's own address prefix.",
    )
    allow_internet: bool = Field(
        False,
        description="Admit a source that is the whole Internet (`Internet`, `*`, `0.0.0.0/0`); "
        "off by default, so a rule cannot open a subnet to everyone by accident.",
    )
    description: str | None = Field(
        None, max_length=140, description="Free text shown on the rule in Azure."
    )

    @field_validator("ports")
    @classmethod
    def _check_ports(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for port in value:
            for bound in port.split("-"):
                if bound != "*" and not 0 <= int(bound) <= 65535:
                    raise ValueError(f"port {port!r} is outside 0-65535")
            if "-" in port and int(port.split("-")[0]) > int(port.split("-")[1]):
                raise ValueError(f"port range {port!r} runs backwards")
        if len(set(value)) != len(value):
            raise ValueError("ports lists a port more than once")
        return value

    @model_validator(mode="after")
    def _check_internet(self) -> InboundRuleConfig:
        for field in ("source_address_prefixes", "destination_address_prefixes"):
            values: tuple[str, ...] = getattr(self, field)
            tags = [value for value in values if is_service_tag(value)]
            if tags and len(values) > 1:
                raise ValueError(
                    f"{field}: service tag {tags[0]!r} must be the only entry (Azure takes one "
                    "service tag, or a list of CIDRs); split the rule in two"
                )
        wide = [s for s in self.source_address_prefixes if _is_internet(s)]
        if wide and not self.allow_internet:
            raise ValueError(
                f"source_address_prefixes: {wide[0]!r} admits the whole Internet; set "
                "allow_internet: true on this rule to mean it, or name the source ranges"
            )
        return self


class SubnetConfig(IaccoreModel):
    """One subnet tier: size, NSG rules, service endpoints and network policies.

    Examples:
        >>> SubnetConfig().private_endpoint_network_policies
        'Enabled'
    """

    enabled: bool = Field(
        True, description="Create this tier's subnet (the `bastion` tier is off by default)."
    )
    prefix_length: int | None = Field(
        None,
        ge=VNET_MIN_PREFIX,
        le=SUBNET_MAX_PREFIX,
        description="Subnet prefix length; unset: the address space prefix + 4 for `aks`, + 6 "
        "for `workload`, + 8 for the others (a /16 gets /20, /22, /24), at most /29; `bastion` "
        "/26.",
    )
    address_prefix: str | None = Field(
        None,
        description="A fixed CIDR for this subnet (inside the address space); the planner "
        "places the other tiers around it. Unset: planned.",
    )
    service_endpoints: tuple[str, ...] = Field(
        (),
        description="Service endpoints (`Microsoft.Storage`, `Microsoft.KeyVault`, "
        "`Microsoft.Sql` ...); none by default: private endpoints are the preferred path to "
        "PaaS services.",
    )
    private_endpoint_network_policies: PrivateEndpointPolicies = Field(
        "Enabled",
        description="Whether NSGs and route tables apply to private endpoints in the subnet; "
        "default `Enabled` (both), Azure's own default is `Disabled`.",
    )
    private_link_service_network_policies: Literal["Enabled", "Disabled"] = Field(
        "Enabled",
        description="Network policies for private link services in the subnet; default "
        "`Enabled` (set `Disabled` for the subnet of a private link service's frontend).",
    )
    default_outbound_access: bool = Field(
        False,
        description="Azure's implicit outbound Internet access for VMs without a NAT gateway, "
        "load balancer or public IP; off by default (Azure retires it), so egress is explicit. "
        "Set at creation only: changing it replaces the subnet.",
    )
    delegations: tuple[DelegationService, ...] = Field(
        (),
        description="Services the subnet is delegated to "
        "(`Microsoft.DBforPostgreSQL/flexibleServers` ...); none by default.",
    )
    inbound_rules: tuple[InboundRuleConfig, ...] = Field(
        (),
        description="Inbound allow rules of the subnet's NSG, above the rule that denies "
        "inbound traffic from the Internet; none by default.",
    )

    @field_validator("service_endpoints")
    @classmethod
    def _check_services(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for service in value:
            if service not in SERVICE_ENDPOINTS:
                close = difflib.get_close_matches(service, SERVICE_ENDPOINTS, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                raise ValueError(
                    f"{service!r} is not a service endpoint{hint} (known: "
                    + ", ".join(SERVICE_ENDPOINTS)
                    + ")"
                )
        return value

    @model_validator(mode="after")
    def _check_rules(self) -> SubnetConfig:
        names = [rule.name.lower() for rule in self.inbound_rules]
        if len(set(names)) != len(names):
            raise ValueError("inbound_rules: two rules have one name (names are case-insensitive)")
        priorities = [rule.priority for rule in self.inbound_rules]
        if len(set(priorities)) != len(priorities):
            raise ValueError("inbound_rules: two rules have one priority")
        if DENY_RULE.lower() in names:
            raise ValueError(f"inbound_rules: the name {DENY_RULE!r} is iaccore's own rule")
        if len(self.inbound_rules) >= NSG_RULES_MAX - len(BASTION_RULE_NAMES):
            raise ValueError(f"inbound_rules: an NSG holds at most {NSG_RULES_MAX} rules")
        if len(set(self.service_endpoints)) != len(self.service_endpoints):
            raise ValueError("service_endpoints lists a service more than once")
        if len(set(self.delegations)) != len(self.delegations):
            raise ValueError("delegations lists a service more than once")
        return self

    def spec(self) -> SubnetSpec:
        """The tier as ``plan_vnet`` input."""
        return SubnetSpec(prefix_length=self.prefix_length, address_prefix=self.address_prefix)


class NatGatewayConfig(IaccoreModel):
    """A NAT gateway (Standard SKU) for the outbound traffic of the chosen subnets.

    Examples:
        >>> NatGatewayConfig(enabled=True).subnets
        ('aks', 'workload')
    """

    enabled: bool = Field(
        False,
        description="Create a NAT gateway and associate it with `subnets`; off by default "
        "(AKS egresses through its load balancer unless its outbound type says otherwise).",
    )
    subnets: tuple[str, ...] = Field(
        ("aks", "workload"),
        description="Tiers whose outbound traffic leaves through the NAT gateway; default "
        "`aks` and `workload` (those enabled). Not `bastion`.",
    )
    public_ip_prefix_length: int | None = Field(
        31,
        ge=NAT_PUBLIC_IP_PREFIX_MIN,
        le=NAT_PUBLIC_IP_PREFIX_MAX,
        description="Outbound public IP prefix length (/28 = 16 addresses to /31 = 2), "
        "zone-redundant where the location has zones; null uses one zone-redundant public IP "
        "address instead.",
    )
    idle_timeout_minutes: int = Field(
        4,
        ge=NAT_IDLE_TIMEOUT_MIN,
        le=NAT_IDLE_TIMEOUT_MAX,
        description=f"TCP idle timeout, {NAT_IDLE_TIMEOUT_MIN}-{NAT_IDLE_TIMEOUT_MAX} minutes.",
    )

    @field_validator("subnets")
    @classmethod
    def _check_subnets(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if BASTION_TIER in value:
            raise ValueError(
                "subnets: the bastion subnet cannot use a NAT gateway (Azure Bastion keeps its "
                "own path to the Internet)"
            )
        if len(set(value)) != len(value):
            raise ValueError("subnets lists a tier more than once")
        return value


class DdosProtectionConfig(IaccoreModel):
    """Azure DDoS Network Protection for the VNet: off by default (about US$2,944 a month).

    Examples:
        >>> DdosProtectionConfig().enabled
        False
    """

    enabled: bool = Field(
        False,
        description="Protect the VNet with a DDoS protection plan; off by default: a plan costs "
        "about US$2,944 a month (covering 100 public IPs) and is usually shared by many VNets.",
    )
    plan_id: ResourceId | None = Field(
        None,
        description="An existing DDoS protection plan (usually one per tenant); unset with "
        "`enabled: true` creates one for this VNet.",
    )

    @model_validator(mode="after")
    def _check_plan(self) -> DdosProtectionConfig:
        if self.plan_id is not None and not self.enabled:
            raise ValueError("plan_id is set but enabled is false; set enabled: true")
        return self


def _default_subnets() -> dict[str, SubnetConfig]:
    subnets = {tier: SubnetConfig() for tier in DEFAULT_TIERS}
    subnets[BASTION_TIER] = SubnetConfig(enabled=False)
    return subnets


class VnetConfig(AzureComponentConfig):
    """A virtual network: address space, subnet tiers with NSGs, NAT, DDoS and diagnostics.

    ``subnets`` is merged over the default tiers (``aks``, ``workload``, ``private_endpoints``
    on, ``bastion`` off): naming a tier changes that tier only; ``enabled: false`` removes one;
    any other name adds a tier.

    Examples:
        >>> vnet = VnetConfig(
        ...     address_space="10.1.0.0/16",
        ...     subnets={"bastion": {"enabled": True}, "workload": {"enabled": False}},
        ... )
        >>> vnet.plan().cidrs()
        {'aks': '10.1.0.0/20', 'private_endpoints': '10.1.16.0/24', 'bastion': '10.1.17.0/26'}
    """

    address_space: str | tuple[str, ...] = Field(
        DEFAULT_ADDRESS_SPACE,
        description="IPv4 address space of the VNet: one CIDR or a list (/8 to /29; no two "
        "overlapping); default 10.0.0.0/16. Subnets fill the list in order.",
    )
    subnets: dict[Annotated[str, StringConstraints(pattern=TIER_PATTERN)], SubnetConfig] = Field(
        default_factory=_default_subnets,
        description="Subnet tiers by name, merged over the defaults: `aks`, `workload`, "
        "`private_endpoints` on, `bastion` (AzureBastionSubnet, /26) off. One subnet per tier.",
    )
    reserved_cidrs: tuple[str, ...] = Field(
        (), description="Ranges inside the address space the subnet planner keeps free."
    )
    existing_cidrs: tuple[str, ...] = Field(
        (),
        description="Networks the address space must not overlap (peered VNets, on-premises).",
    )
    nat_gateway: NatGatewayConfig = Field(
        default_factory=NatGatewayConfig, description="NAT gateway; off by default."
    )
    ddos_protection: DdosProtectionConfig = Field(
        default_factory=DdosProtectionConfig,
        description="DDoS Network Protection; off by default (cost).",
    )
    enable_vm_protection: bool = Field(
        False,
        description="The VNet's legacy `enableVmProtection` flag (replaced by DDoS protection, "
        "per Azure); off by default.",
    )
    diagnostic_settings: bool = Field(
        True,
        description="Send the VNet's and every NSG's logs (and the VNet's metrics) to a Log "
        "Analytics workspace.",
    )
    log_analytics_workspace_id: ResourceId | None = Field(
        None,
        description="Workspace receiving the diagnostic settings; unset creates one in the "
        "VNet's resource group (90 days retention, local auth off).",
    )

    @field_validator("address_space", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: Any) -> Any:
        if isinstance(value, list):
            return tuple(value)
        return value

    @field_validator("subnets", mode="before")
    @classmethod
    def _merge_defaults(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        merged: dict[str, Any] = dict(_default_subnets())
        for tier, own in value.items():
            base = merged.get(tier)
            if isinstance(own, Mapping) and isinstance(base, SubnetConfig):
                merged[tier] = {**base.model_dump(exclude_unset=True), **own}
            else:
                merged[tier] = own
        return merged

    @model_validator(mode="after")
    def _check_layout(self) -> VnetConfig:
        enabled = self.enabled_subnets()
        for tier in self.nat_gateway.subnets if self.nat_gateway.enabled else ():
            if tier not in enabled:
                raise ValueError(
                    f"nat_gateway.subnets: tier {tier!r} has no subnet; enabled tiers: "
                    + ", ".join(enabled)
                )
        bastion = enabled.get(BASTION_TIER)
        if bastion is not None:
            for rule in bastion.inbound_rules:
                if rule.name in BASTION_RULE_NAMES or rule.priority in BASTION_RULE_PRIORITIES:
                    raise ValueError(
                        f"subnets.bastion.inbound_rules: rule {rule.name!r} (priority "
                        f"{rule.priority}) clashes with a rule Azure Bastion requires "
                        f"({', '.join(BASTION_RULE_NAMES)}; priorities "
                        f"{min(BASTION_RULE_PRIORITIES)}-{max(BASTION_RULE_PRIORITIES)})"
                    )
            if bastion.delegations:
                raise ValueError("subnets.bastion.delegations: AzureBastionSubnet is not delegable")
        try:
            self.plan(key_path="")
        except ConfigurationError as err:
            # The loader moves a "<key>: " prefix into the key path; list indexes stay in the
            # message ("address_space[1]"), as key paths are dotted keys.
            key = re.sub(r"\[\d+\]$", "", err.key_path or "")
            where = f"{key}: " if key else ""
            at = f" ({err.key_path})" if key != err.key_path else ""
            raise ValueError(f"{where}{err.message}{at} (expected {err.expected})") from None
        return self

    def enabled_subnets(self) -> dict[str, SubnetConfig]:
        """The enabled tiers, in tier order.

        Examples:
            >>> list(VnetConfig().enabled_subnets())
            ['aks', 'workload', 'private_endpoints']
        """
        return {
            tier: self.subnets[tier]
            for tier in ordered_tiers(self.subnets)
            if self.subnets[tier].enabled
        }

    def plan(self, *, key_path: str = "azure.vnet") -> VnetPlan:
        """The subnet plan of this config (see ``iaccore.azure.network.planning``)."""
        return plan_vnet(
            self.address_space,
            {tier: cfg.spec() for tier, cfg in self.enabled_subnets().items()},
            reserved=self.reserved_cidrs,
            existing=self.existing_cidrs,
            key_path=key_path,
        )
