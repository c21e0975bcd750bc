"""Property tests of the AWS subnet planner (iaccore.aws.network.planning)."""

from __future__ import annotations

import ipaddress
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iaccore.aws.network.planning import TIER_ORDER, TierSpec, plan_subnets
from iaccore.core.errors import ConfigurationError

AZ_NAMES = tuple(f"eu-west-1{letter}" for letter in "abcdef")


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    """A valid-looking request: a private VPC CIDR, 1-6 AZs, tiers with sizes in range."""
    vpc_prefix = draw(st.integers(16, 28))
    base = draw(st.sampled_from(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]))
    parent = ipaddress.IPv4Network(base)
    vpc_prefix = max(vpc_prefix, parent.prefixlen)
    index = draw(st.integers(0, (1 << (vpc_prefix - parent.prefixlen)) - 1))
    vpc = ipaddress.IPv4Network(
        (int(parent.network_address) + index * (1 << (32 - vpc_prefix)), vpc_prefix)
    )
    azs = AZ_NAMES[: draw(st.integers(1, 6))]
    tiers: dict[str, int | TierSpec | None] = {}
    for tier in TIER_ORDER:
        kind = draw(st.sampled_from(["default", "size", "disabled", "absent"]))
        if kind == "default":
            tiers[tier] = None
        elif kind == "size":
            tiers[tier] = draw(st.integers(vpc_prefix, 28))
        elif kind == "disabled":
            tiers[tier] = TierSpec(enabled=False)
    if not any(v is None or isinstance(v, int) for v in tiers.values()):
        tiers["private"] = None
    return {"vpc_cidr": str(vpc), "azs": azs, "tiers": tiers}


def _try(request: dict[str, Any]) -> Any:
    try:
        return plan_subnets(**request)
    except ConfigurationError:
        return None


@settings(max_examples=400, deadline=None)
@given(requests())
def test_plan_is_sound(request: dict[str, Any]) -> None:
    """Subnets never overlap, lie in the VPC, have the asked sizes and follow the stable order."""
    plan = _try(request)
    vpc = ipaddress.IPv4Network(request["vpc_cidr"])
    tiers = request["tiers"]
    if plan is None:
        # Refused only when the demand exceeds the VPC.
        need = 0
        for tier, spec in tiers.items():
            if spec is None or isinstance(spec, int):
                prefix = (
                    spec
                    if isinstance(spec, int)
                    else min(vpc.prefixlen + {"public": 8, "private": 4, "isolated": 8}[tier], 28)
                )
                need += len(request["azs"]) << (32 - prefix)
        assert need > vpc.num_addresses
        return
    networks = [s.network for s in plan.subnets]
    for a, b in itertools.combinations(networks, 2):
        assert not a.overlaps(b)
    assert all(n.subnet_of(vpc) for n in networks)
    sizes = dict(plan.prefix_lengths)
    for subnet in plan.subnets:
        assert subnet.network.prefixlen == sizes[subnet.tier]
        spec = tiers[subnet.tier]
        if isinstance(spec, int):
            assert subnet.network.prefixlen == spec
    enabled = [
        t for t in TIER_ORDER if t in tiers and (tiers[t] is None or isinstance(tiers[t], int))
    ]
    expected_order = [(t, az) for t in enabled for az in request["azs"]]
    assert [(s.tier, s.az) for s in plan.subnets] == expected_order
    assert [s.az_index for s in plan.subnets] == [
        request["azs"].index(az) for _, az in expected_order
    ]
    assert plan_subnets(**request) == plan


@settings(max_examples=300, deadline=None)
@given(
    cidr=st.one_of(
        st.text(max_size=24), st.from_regex(r"\d{1,3}(\.\d{1,3}){3}/\d{1,2}", fullmatch=True)
    ),
    azs=st.lists(st.text(max_size=12), max_size=7),
    tiers=st.dictionaries(
        st.sampled_from(["public", "private", "isolated", "dmz", ""]),
        st.one_of(
            st.none(),
            st.integers(-5, 40),
            st.booleans(),
            st.builds(TierSpec, st.booleans(), st.one_of(st.none(), st.integers(0, 40))),
        ),
        max_size=4,
    ),
    reserved=st.lists(
        st.from_regex(r"10\.0\.\d{1,3}\.\d{1,3}/\d{1,2}", fullmatch=True), max_size=3
    ),
    az_slots=st.one_of(st.none(), st.integers(-1, 8)),
)
def test_invalid_input_only_raises_configuration_error(
    cidr: str, azs: list[str], tiers: dict[str, Any], reserved: list[str], az_slots: int | None
) -> None:
    """Whatever the input, the planner returns a plan or raises ConfigurationError."""
    error: ConfigurationError | None = None
    try:
        plan = plan_subnets(cidr, azs, tiers=tiers, reserved=reserved, az_slots=az_slots)
    except ConfigurationError as err:
        error = err
    if error is not None:
        assert error.key_path is not None
        assert error.key_path.startswith("aws.vpc")
        return
    vpc = ipaddress.IPv4Network(plan.vpc_cidr)
    assert all(s.network.subnet_of(vpc) for s in plan.subnets)
    for block in reserved:
        r = ipaddress.ip_network(block)
        assert not any(s.network.overlaps(r) for s in plan.subnets)
