"""BaseComponent on the mock engine: validation first, child options, tags, outputs once."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from pydantic import Field

from iaccore.aws.tags import AWS_TAG_RULES
from iaccore.core.component import BaseComponent
from iaccore.core.config.base import ComponentConfig
from iaccore.core.errors import ConfigurationError, IaccoreError
from iaccore.synth import Graph, synth
from tests import helpers

DEMO_TYPE = "iaccore:test:Demo"


class DemoConfig(ComponentConfig):
    """Config of the demo component."""

    versioned: bool = Field(True, description="Turn on bucket versioning.")
    copies: int = Field(1, ge=1, le=3, description="How many log groups.")


class Demo(BaseComponent[DemoConfig]):
    """Two roles: a bucket and log groups."""

    TYPE_TOKEN = DEMO_TYPE
    CONFIG_MODEL = DemoConfig
    TAG_RULES = AWS_TAG_RULES
    SECTION = "aws"
    ROLES = ("bucket", "logs")
    CONFIG_KEY = "demo"

    def _create(self) -> None:
        self.bucket = aws.s3.Bucket(
            self.child_name("bucket"),
            tags=self.child_tags("bucket"),
            opts=self.child_opts("bucket"),
        )
        self.log_groups = [
            aws.cloudwatch.LogGroup(
                self.child_name("logs", index),
                retention_in_days=365,
                tags=self.child_tags("logs", index),
                opts=self.child_opts("logs"),
            )
            for index in range(self.config.copies)
        ]
        self.register(bucket_name=self.bucket.bucket)


STACK_CONFIG = helpers.stack_config()


def run(program: Any, config: dict[str, Any] | None = None) -> Graph:
    return synth(program, project=helpers.PROJECT, config=config or STACK_CONFIG)


def component(graph: Graph, name: str = "demo") -> Any:
    return graph.one(DEMO_TYPE, name)


class TestChildren:
    def test_children_are_parented_and_named_by_role(self) -> None:
        """Every child has parent=component and is named `<name>-<role>`."""
        graph = run(lambda: Demo("demo", {"copies": 2}))
        comp = component(graph)
        names = sorted(child.name for child in graph.children(comp))
        assert names == ["demo-bucket", "demo-logs-0", "demo-logs-1"]

    def test_component_outputs_registered(self) -> None:
        """The component's outputs are registered (the bucket name)."""
        seen: dict[str, Any] = {}

        def program() -> None:
            demo = Demo("demo")
            seen["demo"] = demo
            pulumi.export("bucket", demo.bucket.bucket)

        graph = run(program)
        assert graph.outputs["bucket"] == graph.one("aws:s3/bucket:Bucket").outputs["bucket"]

    def test_register_twice_raises(self) -> None:
        """A second register() is a bug and raises IaccoreError."""
        errors: list[Exception] = []

        def program() -> None:
            demo = Demo("demo")
            try:
                demo.register(extra=1)
            except IaccoreError as err:
                errors.append(err)

        run(program)
        assert len(errors) == 1
        assert "registered its outputs twice" in str(errors[0])


class TestOptionPropagation:
    def test_protect_and_retain_reach_every_child(self) -> None:
        """protect and retain_on_delete on the component reach every child."""
        graph = run(
            lambda: Demo("demo", opts=pulumi.ResourceOptions(protect=True, retain_on_delete=True))
        )
        children = graph.children(component(graph))
        assert children
        assert all(child.protect for child in children)
        assert all(child.retain_on_delete for child in children)

    def test_unprotected_by_default(self) -> None:
        """Without options, children are neither protected nor retained."""
        graph = run(lambda: Demo("demo"))
        children = graph.children(component(graph))
        assert not any(child.protect or child.retain_on_delete for child in children)

    def test_role_options_reach_only_that_role(self) -> None:
        """resource_options for `logs` apply to log groups and not to the bucket."""
        cfg = {
            "copies": 2,
            "resource_options": {
                "logs": {
                    "ignore_changes": ["retentionInDays"],
                    "custom_timeouts": {"create": "7m"},
                    "protect": True,
                }
            },
        }
        graph = run(lambda: Demo("demo", cfg))
        logs = graph.resources("aws:cloudwatch/logGroup:LogGroup")
        bucket = graph.one("aws:s3/bucket:Bucket")
        assert len(logs) == 2
        for group in logs:
            assert group.ignore_changes == ("retentionInDays",)
            assert group.custom_timeouts == {"create": "7m"}
            assert group.protect
        assert bucket.ignore_changes == ()
        assert bucket.custom_timeouts == {}
        assert not bucket.protect

    def test_role_option_overrides_component_protect(self) -> None:
        """A role's `protect: false` wins over the component's protect."""
        cfg = {"resource_options": {"bucket": {"protect": False}}}
        graph = run(lambda: Demo("demo", cfg, opts=pulumi.ResourceOptions(protect=True)))
        assert not graph.one("aws:s3/bucket:Bucket").protect
        assert graph.one("aws:cloudwatch/logGroup:LogGroup").protect

    def test_provider_reaches_children(self) -> None:
        """A provider passed to the component is used by its children."""

        def program() -> None:
            provider = aws.Provider("dr", region="eu-central-1")
            Demo("demo", opts=pulumi.ResourceOptions(provider=provider))

        graph = run(program)
        provider = graph.one("pulumi:providers:aws", "dr")
        for child in graph.children(component(graph)):
            assert child.provider_urn == provider.urn

    def test_unknown_role_is_a_configuration_error(self) -> None:
        """resource_options for a role the component lacks names the allowed roles."""
        with pytest.raises(ConfigurationError) as info:
            run(lambda: Demo("demo", {"resource_options": {"nat": {"protect": True}}}))
        assert "demo.resource_options.nat" in str(info.value)
        assert "bucket, logs" in str(info.value)


class TestTags:
    def test_tags_merge_metadata_stack_component_and_user(self) -> None:
        """Children carry metadata, stack, component and user tags, later layers winning."""
        cfg = {"tags": {"team": "core", "cost-center": "9999"}}
        graph = run(lambda: Demo("demo", cfg, tags={"team": "override"}))
        tags = graph.one("aws:s3/bucket:Bucket").inputs["tags"]
        assert tags["iaccore:project"] == "payments"
        assert tags["iaccore:environment"] == "dev"
        assert tags["iaccore:owner"] == "team-payments"
        assert tags["cost-center"] == "9999"
        assert tags["team"] == "override"
        assert tags["Name"] == "demo-bucket"

    def test_tags_are_sanitized_for_aws(self) -> None:
        """Characters AWS refuses in tag keys are replaced."""
        graph = run(lambda: Demo("demo", {"tags": {"bad#key": "v"}}))
        tags = graph.one("aws:s3/bucket:Bucket").inputs["tags"]
        assert "bad#key" not in tags
        assert "bad_key" in tags


class TestValidation:
    def test_bad_config_raises_and_registers_nothing(self) -> None:
        """An unknown key is a ConfigurationError naming it; the component is not registered."""
        errors: list[ConfigurationError] = []

        def program() -> None:
            try:
                Demo("demo", {"copiess": 2})
            except ConfigurationError as err:
                errors.append(err)

        graph = run(program)
        assert len(errors) == 1
        assert "demo.copiess" in str(errors[0])
        assert "copies" in str(errors[0])
        assert graph.resources(DEMO_TYPE) == []
        assert graph.custom_resources() == []

    def test_out_of_range_value_names_key(self) -> None:
        """A value outside its bounds names the key path."""
        with pytest.raises(ConfigurationError) as info:
            run(lambda: Demo("demo", {"copies": 9}))
        assert "demo.copies" in str(info.value)

    def test_wrong_config_class_rejected(self) -> None:
        """Passing another component's config model is a ConfigurationError."""
        with pytest.raises(ConfigurationError) as info:
            run(lambda: Demo("demo", ComponentConfig()))
        assert "takes a DemoConfig" in str(info.value)

    def test_model_instance_and_none_accepted(self) -> None:
        """A model instance and None (defaults) both work."""
        graph = run(lambda: (Demo("a", DemoConfig(copies=3)), Demo("b")))
        assert len(graph.resources("aws:cloudwatch/logGroup:LogGroup")) == 4


class KeyedDemo(Demo):
    """A demo configured from a map section, `demos.<name>`."""

    CONFIG_KEY = "demos"
    KEYED_BY_NAME = True


class TestConfigKey:
    def test_section_key(self) -> None:
        """A component with one config section reports errors under CONFIG_KEY."""
        assert Demo.config_key("x") == "demo"

    def test_keyed_by_name(self) -> None:
        """A map-section component reports errors under `<section>.<name>`."""
        with pytest.raises(ConfigurationError) as info:
            run(lambda: KeyedDemo("blue", {"copies": 0}))
        assert info.value.key_path == "demos.blue.copies"

    def test_no_section(self) -> None:
        """A component without a config section names itself and its logical name."""

        class Loose(Demo):
            CONFIG_KEY = ""

        assert Loose.config_key("x") == "Loose(x)"


class TestLogging:
    def test_logger_named_after_component(self) -> None:
        """The component logger is `iaccore.component.<Class>`."""
        loggers: list[str] = []

        def program() -> None:
            loggers.append(Demo("demo").log.logger.name)

        run(program)
        assert loggers == ["iaccore.component.Demo"]


def test_graph_json_roundtrip() -> None:
    """The graph of a component serializes to JSON."""
    graph = run(lambda: Demo("demo"))
    assert json.loads(json.dumps(graph.to_dict()))["resources"]


class Outer(BaseComponent[ComponentConfig]):
    """Builds two nested Demos: one under role `inner`, one under `spare`."""

    TYPE_TOKEN = "iaccore:test:Outer"
    TAG_RULES = AWS_TAG_RULES
    SECTION = "aws"
    ROLES = ("inner", "spare")

    def _create(self) -> None:
        self.inner = self.child_component(
            Demo,
            "inner",
            {"copies": 2, "resource_options": {"logs": {"ignore_changes": ["kmsKeyId"]}}},
            tags={"layer": "inner"},
        )
        self.spare = self.child_component(Demo, "spare", {})


class TestNestedComponents:
    OPTIONS: dict[str, Any] = {  # noqa: RUF012 - read-only test data
        "tags": {"team": "platform"},
        "resource_options": {
            "inner": {
                "ignore_changes": ["tags"],
                "custom_timeouts": {"create": "9m"},
                "retain_on_delete": True,
            }
        },
    }

    @pytest.fixture(scope="class")
    @classmethod
    def graph(cls) -> Graph:
        return run(
            lambda: Outer(
                "outer",
                cls.OPTIONS,
                opts=pulumi.ResourceOptions(protect=True),
                tags={"caller": "yes"},
            )
        )

    def test_nested_names_and_parents(self, graph: Graph) -> None:
        """A nested component is named `<name>-<role>` and its children hang below it."""
        outer = graph.one("iaccore:test:Outer", "outer")
        inner = graph.one(DEMO_TYPE, "outer-inner")
        assert inner.parent == outer.urn
        assert sorted(child.name for child in graph.children(inner)) == [
            "outer-inner-bucket",
            "outer-inner-logs-0",
            "outer-inner-logs-1",
        ]

    def test_role_options_reach_nested_children(self, graph: Graph) -> None:
        """The parent's `inner` options reach every resource of the inner Demo, merged with the
        inner Demo's own per-role options; the `spare` Demo gets none of them."""
        inner = graph.one(DEMO_TYPE, "outer-inner")
        bucket, *logs = sorted(graph.children(inner), key=lambda r: r.name)
        assert bucket.ignore_changes == ("tags",)
        assert [r.ignore_changes for r in logs] == [("tags", "kmsKeyId")] * 2
        for resource in (bucket, *logs):
            assert resource.custom_timeouts.get("create") == "9m"
            assert resource.retain_on_delete
        spare = graph.one("aws:s3/bucket:Bucket", "outer-spare-bucket")
        assert spare.ignore_changes == ()
        assert not spare.retain_on_delete

    def test_protect_and_tags_reach_nested_children(self, graph: Graph) -> None:
        """protect and the caller's, parent's and child_component's tags reach nested resources,
        each with a Name tag of its own logical name."""
        for resource in graph.custom_resources():
            assert resource.protect, resource.urn
            tags = resource.inputs["tags"]
            assert tags["caller"] == "yes"
            assert tags["team"] == "platform"
            assert tags["Name"] == resource.name
        inner_bucket = graph.one("aws:s3/bucket:Bucket", "outer-inner-bucket")
        assert inner_bucket.inputs["tags"]["layer"] == "inner"
        assert "layer" not in graph.one("aws:s3/bucket:Bucket", "outer-spare-bucket").inputs["tags"]

    def test_nested_component_is_protected(self, graph: Graph) -> None:
        """The nested component resource itself carries the caller's protect."""
        assert graph.one(DEMO_TYPE, "outer-inner").protect


class TestRolesDeclared:
    def test_role_not_declared_raises(self) -> None:
        """child_component with a role missing from ROLES is a programming error."""

        class Sloppy(Outer):
            ROLES = ("inner",)

        with pytest.raises(Exception, match="has no role 'spare'; declare it in ROLES"):
            run(lambda: Sloppy("sloppy"))

    def test_roles_are_snake_case(self) -> None:
        """A role that is not snake_case (it would not become a valid kebab-case name) raises."""

        class Dashed(Demo):
            ROLES = ("bucket", "log-groups")

        with pytest.raises(IaccoreError, match="declares role 'log-groups'; roles are snake_case"):
            Dashed.__init__(Dashed.__new__(Dashed), "x")


class TestNestedLabels:
    def test_nested_kubernetes_component_keeps_translated_labels(self) -> None:
        """A nested component whose rules translate keys (Kubernetes labels) gets the parent's
        labels without a collision between `iaccore:project` and `iaccore.dev/project`."""
        import pulumi_kubernetes as k8s

        from iaccore.kubernetes.labels import KUBERNETES_LABEL_RULES

        class Inner(BaseComponent[ComponentConfig]):
            TYPE_TOKEN = "iaccore:test:Inner"
            TAG_RULES = KUBERNETES_LABEL_RULES
            ROLES = ("config",)

            def _create(self) -> None:
                k8s.core.v1.ConfigMap(
                    self.child_name("config"),
                    metadata={
                        "name": self.child_name("config"),
                        "labels": self.child_tags("config"),
                    },
                    data={"a": "b"},
                    opts=self.child_opts("config"),
                )

        class Parent(BaseComponent[ComponentConfig]):
            TYPE_TOKEN = "iaccore:test:Parent"
            TAG_RULES = KUBERNETES_LABEL_RULES
            ROLES = ("inner",)

            def _create(self) -> None:
                self.child_component(Inner, "inner", {"tags": {"tier": "web"}})

        graph = run(lambda: Parent("apps", {}, tags={"team:owner": "platform"}))
        labels = graph.one("kubernetes:core/v1:ConfigMap").inputs["metadata"]["labels"]
        assert labels["iaccore.dev/project"] == "payments"
        assert labels["team/owner"] == "platform"
        assert labels["tier"] == "web"
        assert "iaccore:project" not in labels
