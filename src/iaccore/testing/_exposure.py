"""Every way a synthesized resource admits the whole internet, found on its recorded inputs.

Open to the world means: the source addresses that reach one target on one port range, taken
together, cover all of IPv4 or all of IPv6. Sources are normalized with ``ipaddress``, so
``0.0.0.0/1`` plus ``128.0.0.0/1``, ``::0/0``, ``0:0:0:0:0:0:0:0/0`` and ``1.2.3.4/0`` all count,
whether they sit in one rule or in several rules of the same security group. Rules for all
protocols (``-1``) count towards every port range of their group.

Kinds of exposure recognized:

* AWS security groups: inline ``ingress`` of ``SecurityGroup`` and ``DefaultSecurityGroup``,
  ``ec2.SecurityGroupRule`` of type ``ingress``, ``vpc.SecurityGroupIngressRule``; IPv4 and IPv6.
* AWS EKS clusters: a public API endpoint (``endpointPublicAccess`` defaults to true) whose
  ``publicAccessCidrs`` (default ``0.0.0.0/0``) cover the world.
* Azure network security groups: inbound ``Allow`` rules (inline ``securityRules`` and
  ``network.SecurityRule``) whose sources cover the world; the ``Internet``, ``Any`` and ``*``
  tags count as all of IPv4 and IPv6.
* Azure AKS clusters: a public API server (``enablePrivateCluster`` false) whose
  ``authorizedIPRanges`` are unset or cover the world.
* Azure storage accounts: public network access not ``Disabled`` with a network rule set whose
  default action is not ``Deny``.
* Kubernetes: a ``LoadBalancer`` Service that is not annotated internal and whose
  ``loadBalancerSourceRanges`` are unset or cover the world; a ``NetworkPolicy`` ingress
  ``ipBlock`` that covers the world (with no ``except``).

Examples:
    >>> covered(["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"])
    ['0.0.0.0/0']
    >>> covered(["::0/0"]), covered(["10.0.0.0/8"])
    (['::/0'], [])
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iaccore.synth.graph import Graph, Resource

__all__ = ["Exposure", "covered", "exposures", "public_exposures"]

_WORLD = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
_ALL_PROTOCOLS = {"-1", "all"}
#: Annotations that make a LoadBalancer Service internal (AWS, Azure, GCP controllers).
_INTERNAL_ANNOTATIONS: Mapping[str, tuple[str, ...]] = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": ("true", "0.0.0.0/0"),
    "service.beta.kubernetes.io/aws-load-balancer-scheme": ("internal",),
    "service.beta.kubernetes.io/azure-load-balancer-internal": ("true",),
    "networking.gke.io/load-balancer-type": ("internal",),
    "cloud.google.com/load-balancer-type": ("internal",),
}


def covered(cidrs: Iterable[str]) -> list[str]:
    """The address families (as ``0.0.0.0/0`` / ``::/0``) that ``cidrs`` cover entirely.

    Entries that are not CIDRs (security group ids, prefix lists, unknowns) are ignored.
    """
    networks: dict[int, list[Any]] = {4: [], 6: []}
    for text in cidrs:
        try:
            network = ipaddress.ip_network(str(text).strip(), strict=False)
        except ValueError:
            continue
        networks[network.version].append(network)
    found: list[str] = []
    for world in _WORLD:
        collapsed = list(ipaddress.collapse_addresses(networks[world.version]))
        if world in collapsed:
            found.append(str(world))
    return found


@dataclass(frozen=True)
class Exposure:
    """Sources admitted to one target on one port range by one rule of a resource.

    Examples:
        >>> Exposure("demo:Thing::a", "ingress[0]", "sg-1", ("tcp", 22, 22), ("0.0.0.0/0",)).ports
        'tcp 22-22'
    """

    where: str
    label: str
    target: str
    port_range: tuple[str, Any, Any]
    sources: tuple[str, ...]

    @property
    def ports(self) -> str:
        """``protocol from-to`` as the rule says."""
        protocol, low, high = self.port_range
        return f"{protocol} {low}-{high}"


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value if isinstance(item, str))
    return ()


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _protocol(rule: Mapping[str, Any], key: str) -> str:
    return str(rule.get(key, "?")).lower()


def _security_group(res: Resource) -> Iterator[Exposure]:
    inputs = res.inputs
    where = f"{res.type}::{res.name}"
    if res.type in (
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ):
        for index, rule in enumerate(inputs.get("ingress") or []):
            if isinstance(rule, Mapping):
                sources = _texts(rule.get("cidrBlocks")) + _texts(rule.get("ipv6CidrBlocks"))
                ports = (_protocol(rule, "protocol"), rule.get("fromPort"), rule.get("toPort"))
                yield Exposure(where, f"ingress[{index}]", res.urn, ports, sources)
    elif res.type == "aws:ec2/securityGroupRule:SecurityGroupRule":
        if inputs.get("type") == "ingress":
            sources = _texts(inputs.get("cidrBlocks")) + _texts(inputs.get("ipv6CidrBlocks"))
            ports = (_protocol(inputs, "protocol"), inputs.get("fromPort"), inputs.get("toPort"))
            target = str(inputs.get("securityGroupId", res.urn))
            yield Exposure(where, "rule", target, ports, sources)
    elif res.type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        sources = _texts(inputs.get("cidrIpv4")) + _texts(inputs.get("cidrIpv6"))
        ports = (_protocol(inputs, "ipProtocol"), inputs.get("fromPort"), inputs.get("toPort"))
        target = str(inputs.get("securityGroupId", res.urn))
        yield Exposure(where, "rule", target, ports, sources)


def _eks_endpoint(res: Resource) -> Iterator[Exposure]:
    config = _mapping(res.inputs.get("vpcConfig"))
    if config.get("endpointPublicAccess", True) is False:
        return
    cidrs = _texts(config.get("publicAccessCidrs")) or ("0.0.0.0/0",)
    where = f"{res.type}::{res.name}"
    yield Exposure(where, "public API endpoint", res.urn, ("tcp", 443, 443), cidrs)


def _kubernetes(res: Resource) -> Iterator[Exposure]:
    inputs = res.inputs
    where = f"{res.type}::{res.name}"
    spec = _mapping(inputs.get("spec"))
    if res.type == "kubernetes:core/v1:Service" and spec.get("type") == "LoadBalancer":
        annotations = _mapping(_mapping(inputs.get("metadata")).get("annotations"))
        if any(str(annotations.get(k, "")).lower() in v for k, v in _INTERNAL_ANNOTATIONS.items()):
            return
        ranges = _texts(spec.get("loadBalancerSourceRanges")) or ("0.0.0.0/0", "::/0")
        yield Exposure(where, "load balancer", res.urn, ("any", "*", "*"), ranges)
    elif res.type == "kubernetes:networking.k8s.io/v1:NetworkPolicy":
        for index, rule in enumerate(spec.get("ingress") or []):
            peers = rule.get("from") if isinstance(rule, Mapping) else None
            for peer in peers or []:
                block = peer.get("ipBlock") if isinstance(peer, Mapping) else None
                if isinstance(block, Mapping) and not block.get("except"):
                    label = f"ingress[{index}] ipBlock"
                    yield Exposure(
                        where, label, res.urn, ("any", "*", "*"), _texts(block.get("cidr"))
                    )


#: Azure service tags that stand for every address.
_AZURE_WORLD_TAGS = frozenset({"*", "internet", "any"})
_NSG = "azure-native:network:NetworkSecurityGroup"
_NSG_RULE = "azure-native:network:SecurityRule"
_AKS = "azure-native:containerservice:ManagedCluster"
_STORAGE = "azure-native:storage:StorageAccount"


def _azure_sources(rule: Mapping[str, Any]) -> tuple[str, ...]:
    sources: list[str] = []
    for text in _texts(rule.get("sourceAddressPrefix")) + _texts(rule.get("sourceAddressPrefixes")):
        if text.strip().lower() in _AZURE_WORLD_TAGS:
            sources += ["0.0.0.0/0", "::/0"]
        else:
            sources.append(text)
    return tuple(sources)


def _azure_rule(where: str, label: str, target: str, rule: Mapping[str, Any]) -> Iterator[Exposure]:
    if str(rule.get("direction", "")).lower() != "inbound":
        return
    if str(rule.get("access", "")).lower() != "allow":
        return
    protocol = _protocol(rule, "protocol")
    protocol = "-1" if protocol in ("*", "?") else protocol
    ports = _texts(rule.get("destinationPortRange")) + _texts(rule.get("destinationPortRanges"))
    for port in ports or ("*",):
        low, _, high = port.partition("-")
        yield Exposure(where, label, target, (protocol, low, high or low), _azure_sources(rule))


def _azure(res: Resource) -> Iterator[Exposure]:
    inputs = res.inputs
    where = f"{res.type}::{res.name}"
    if res.type == _NSG:
        for index, rule in enumerate(inputs.get("securityRules") or []):
            if isinstance(rule, Mapping):
                yield from _azure_rule(where, f"securityRules[{index}]", res.urn, rule)
    elif res.type == _NSG_RULE:
        target = str(inputs.get("networkSecurityGroupName", res.urn))
        yield from _azure_rule(where, "rule", target, inputs)
    elif res.type == _AKS:
        profile = _mapping(inputs.get("apiServerAccessProfile"))
        if profile.get("enablePrivateCluster") is True:
            return
        ranges = _texts(profile.get("authorizedIPRanges")) or ("0.0.0.0/0",)
        yield Exposure(where, "public API server", res.urn, ("tcp", 443, 443), ranges)
    elif res.type == _STORAGE:
        if str(inputs.get("publicNetworkAccess", "")).lower() == "disabled":
            return
        rules = _mapping(inputs.get("networkRuleSet"))
        if str(rules.get("defaultAction", "Allow")).lower() == "deny":
            return
        yield Exposure(
            where, "public network access", res.urn, ("tcp", 443, 443), ("0.0.0.0/0", "::/0")
        )


def exposures(graph: Graph) -> Iterator[Exposure]:
    """Every ingress source range of every resource of ``graph`` (open or not)."""
    for res in graph.custom_resources():
        if res.type == "aws:eks/cluster:Cluster":
            yield from _eks_endpoint(res)
        elif res.type.startswith("azure-native:"):
            yield from _azure(res)
        elif res.type.startswith("kubernetes:"):
            yield from _kubernetes(res)
        else:
            yield from _security_group(res)


def public_exposures(graph: Graph) -> list[tuple[Exposure, list[str]]]:
    """The exposures that admit the world, alone or with the others of the same target and ports.

    A rule is reported when its own ranges cover all of IPv4 or IPv6, or when the ranges of all
    rules for the same target and ports do and would not without it (``0.0.0.0/1`` in one rule,
    ``128.0.0.0/1`` in another: both are reported). Returns each with the families it opens.
    """
    found = list(exposures(graph))
    groups: dict[tuple[str, tuple[str, Any, Any]], list[Exposure]] = defaultdict(list)
    every_port: dict[str, list[Exposure]] = defaultdict(list)
    for item in found:
        groups[(item.target, item.port_range)].append(item)
        if item.port_range[0] in _ALL_PROTOCOLS:
            every_port[item.target].append(item)
    result: list[tuple[Exposure, list[str]]] = []
    for item in found:
        if item.port_range[0] in _ALL_PROTOCOLS:
            peers = every_port[item.target]
        else:
            peers = [*groups[(item.target, item.port_range)], *every_port[item.target]]
        others = [peer for peer in peers if peer is not item]
        together = set(covered(s for peer in [item, *others] for s in peer.sources))
        without = set(covered(s for peer in others for s in peer.sources))
        opened = sorted(set(covered(item.sources)) | (together - without))
        if opened:
            result.append((item, opened))
    return result
