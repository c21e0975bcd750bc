"""The engine's mocks: generic ids, provider regions, overrides and dispatch to contributors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pytest

from iaccore.synth import IaccoreMocks, synth_run
from iaccore.synth.mocks import (
    MockContext,
    MockContributor,
    discovered_contributors,
    stable_digest,
    token_package,
)


class DemoMocks(MockContributor):
    """A contributor for the `demo` package: records what it is asked, answers with it."""

    packages: ClassVar[tuple[str, ...]] = ("demo",)
    fallback_region: ClassVar[str | None] = "demo-1"
    settings: ClassVar[Mapping[str, str]] = {"owner": "nobody"}
    physical_ids: ClassVar[Mapping[str, str]] = {"demo:index:Named": "name"}

    def invoke(
        self, token: str, args: Mapping[str, Any], context: MockContext
    ) -> Mapping[str, Any] | None:
        if token == "demo:index:whoAmI":
            return {"owner": context.setting("owner"), "region": context.region, **args}
        return None

    def resource_id(self, type_: str, name: str) -> str | None:
        return f"d-{name}" if type_ == "demo:index:Prefixed" else None

    def state(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        resource_id: str,
        context: MockContext,
    ) -> dict[str, Any]:
        return {"name": inputs.get("name", name), "where": f"{context.region}/{resource_id}"}


class Thing(pulumi.CustomResource):
    """A resource of any `demo` type, registered with the inputs given."""

    def __init__(
        self,
        type_: str,
        name: str,
        props: dict[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(type_, name, {"name": None, "where": None, **(props or {})}, opts)


class Provider(pulumi.ProviderResource):
    """A `demo` provider in a region."""

    def __init__(self, name: str, region: str) -> None:
        super().__init__("demo", name, {"region": region})


def demo_mocks(**kwargs: Any) -> IaccoreMocks:
    return IaccoreMocks(contributors=[DemoMocks()], **kwargs)


class TestHelpers:
    def test_token_package(self) -> None:
        """The package is the token's part before the first colon; providers name theirs."""
        assert token_package("demo:index/thing:Thing") == "demo"
        assert token_package("pulumi:providers:demo") == "demo"
        assert token_package("pulumi:pulumi:Stack") == "pulumi"

    def test_digest_is_stable(self) -> None:
        """The digest depends on the parts only, and on their boundaries."""
        assert stable_digest("a", "b") == stable_digest("a", "b")
        assert stable_digest("ab", "") != stable_digest("a", "b")
        assert len(stable_digest("a", length=8)) == 8


class TestInvokes:
    def test_dispatch_by_package(self) -> None:
        """An invoke goes to the contributor of its package with settings and region."""
        mocks = demo_mocks(owner="me")
        assert mocks.invoke_result("demo:index:whoAmI", {"x": 1}) == {
            "owner": "me",
            "region": "demo-1",
            "x": 1,
        }

    def test_unknown_package_and_token_give_empty(self) -> None:
        """No contributor, or a contributor with no answer: an empty result."""
        mocks = demo_mocks()
        assert mocks.invoke_result("other:index:thing", {}) == {}
        assert mocks.invoke_result("demo:index:unknown", {}) == {}

    def test_region_precedence(self) -> None:
        """Asked region, then the user's region, then `<package>:region` config, then fallback."""
        mocks = demo_mocks()
        assert mocks.invoke_result("demo:index:whoAmI", {})["region"] == "demo-1"
        mocks.use_config({"demo:region": "demo-2"})
        assert mocks.invoke_result("demo:index:whoAmI", {})["region"] == "demo-2"
        mocks.region = "demo-3"
        assert mocks.invoke_result("demo:index:whoAmI", {})["region"] == "demo-3"
        assert mocks.invoke_result("demo:index:whoAmI", {}, region="demo-4")["region"] == "demo-4"

    def test_overrides_win(self) -> None:
        """A mapping or a function of the arguments replaces the default answer."""
        mocks = demo_mocks()
        mocks.override_invoke("demo:index:whoAmI", {"owner": "you"})
        assert mocks.invoke_result("demo:index:whoAmI", {}) == {"owner": "you"}
        mocks.override_invoke("demo:index:whoAmI", lambda args: {"echo": args["x"]})
        assert mocks.invoke_result("demo:index:whoAmI", {"x": 2}) == {"echo": 2}

    def test_settings(self) -> None:
        """User settings win over contributor defaults; unknown settings raise."""
        assert demo_mocks().setting("owner") == "nobody"
        assert demo_mocks(owner="me").setting("owner") == "me"
        with pytest.raises(KeyError, match="team"):
            demo_mocks().setting("team")


class TestResources:
    def test_ids_states_and_provider_regions(self) -> None:
        """Default ids, contributor ids and states, physical-name ids, provider regions."""
        mocks = demo_mocks()

        def program() -> None:
            west = Provider("west", "demo-west")
            Thing("demo:index:Plain", "plain")
            Thing("demo:index:Prefixed", "pre")
            Thing("demo:index:Named", "named", {"name": "physical"})
            Thing("demo:index:Plain", "far", opts=pulumi.ResourceOptions(provider=west))
            Thing("other:index:Thing", "other")
            pulumi.export("z", pulumi.Output.from_input(1))

        graph = synth_run(program, config={"demo:region": "demo-cfg"}, mocks=mocks).graph
        plain = graph.one("demo:index:Plain", "plain")
        assert plain.id == f"plain-{stable_digest('demo:index:Plain', 'plain')[:8]}"
        assert plain.outputs["where"] == f"demo-cfg/{plain.id}"
        assert graph.one("demo:index:Prefixed").id == "d-pre"
        assert graph.one("demo:index:Named").id == "physical"
        assert graph.one("demo:index:Plain", "far").outputs["where"].startswith("demo-west/")
        other = graph.one("other:index:Thing")
        assert "where" not in other.outputs  # no contributor: the state is the inputs
        assert graph.one("pulumi:providers:demo").id == "west-provider-id"

    def test_resource_override_gets_default_state(self) -> None:
        """A resource override receives the default state and returns the final one."""
        mocks = demo_mocks()
        mocks.override_resource(
            "demo:index:Plain", lambda args, state: {**state, "where": f"over/{args.name}"}
        )
        graph = synth_run(lambda: Thing("demo:index:Plain", "p"), mocks=mocks).graph
        assert graph.one("demo:index:Plain").outputs["where"] == "over/p"

    def test_invoke_counts(self) -> None:
        """Every invoke a program makes is counted by token."""
        mocks = demo_mocks()

        def program() -> None:
            for _ in range(2):
                pulumi.runtime.invoke("demo:index:whoAmI", {})

        run = synth_run(program, mocks=mocks)
        assert run.mocks.invoke_counts == {"demo:index:whoAmI": 2}


def test_discovered_contributors_cover_every_module_with_mocks() -> None:
    """The default mocks use the `mocks` hook of every installed provider module."""
    from iaccore.core.modules import discover_modules

    hooks = {spec.mocks for spec in discover_modules().values() if spec.mocks}
    assert len(discovered_contributors()) == len(hooks)
    packages = {p for c in IaccoreMocks().contributors() for p in c.packages}
    assert {"aws", "kubernetes", "azure-native"} <= packages
