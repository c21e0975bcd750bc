"""`iaccore.testing.synth(config=...)`: overrides merge into the stack file like a config layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iaccore.core.errors import ConfigurationError
from iaccore.synth.overrides import apply_overrides
from iaccore.testing import synth

STACK = """\
config:
  aws:region: eu-west-1
  iaccore:project: {name: demo, environment: dev, owner: team-demo}
  iaccore:aws:
    enabled: true
    region: eu-west-1
    tags: {cost-center: "1234"}
    buckets:
      artifacts: {versioning: true, force_destroy: false}
      logs: {access_log_target: true}
"""

PROGRAM = """\
import pulumi

import iaccore

stack = iaccore.load_stack()
pulumi.export("region", stack.aws.region)
pulumi.export("tags", stack.aws.tags)
pulumi.export("buckets", {n: b.model_dump(mode="json") for n, b in stack.aws.buckets.items()})
pulumi.export("retain", stack.aws.retain_data_on_delete)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(STACK)
    (tmp_path / "__main__.py").write_text(PROGRAM)
    return tmp_path


class TestSynthOverrides:
    def test_without_overrides_the_stack_file(self, project: Path) -> None:
        """Baseline: the stack file's values."""
        outputs = synth(project).outputs
        assert outputs["region"] == "eu-west-1"
        assert outputs["tags"] == {"cost-center": "1234"}

    def test_section_override_merges_key_by_key(self, project: Path) -> None:
        """Overriding one key of iaccore:aws keeps every other key of the stack file's section."""
        outputs = synth(
            project,
            config={
                "iaccore:aws": {
                    "retain_data_on_delete": False,
                    "tags": {"team": "payments"},
                    "buckets": {"artifacts": {"force_destroy": True}},
                }
            },
        ).outputs
        assert outputs["region"] == "eu-west-1"
        assert outputs["retain"] is False
        assert outputs["tags"] == {"cost-center": "1234", "team": "payments"}
        artifacts = outputs["buckets"]["artifacts"]
        assert (artifacts["force_destroy"], artifacts["versioning"]) == (True, True)
        assert outputs["buckets"]["logs"]["access_log_target"] is True

    def test_scalars_inside_the_section_replace(self, project: Path) -> None:
        """A scalar inside the merged section replaces the stack file's scalar."""
        outputs = synth(project, config={"iaccore:aws": {"region": "eu-central-1"}}).outputs
        assert outputs["region"] == "eu-central-1"
        assert outputs["tags"] == {"cost-center": "1234"}

    def test_other_namespaces_and_strings_replace(self) -> None:
        """Keys outside iaccore:, and string values, replace the stack file's value whole."""
        flat = {"aws:defaultTags": '{"tags": {"a": "1"}}', "iaccore:demo": '{"x": 1, "y": 2}'}
        merged = apply_overrides(
            flat, {"aws:defaultTags": {"tags": {"b": "2"}}, "iaccore:demo": '{"x": 3}'}
        )
        assert json.loads(merged["aws:defaultTags"]) == {"tags": {"b": "2"}}
        assert json.loads(merged["iaccore:demo"]) == {"x": 3}

    def test_new_keys_are_added_and_encoded(self) -> None:
        """A key the stack file lacks is set; non-strings are JSON-encoded as the CLI does."""
        merged = apply_overrides({}, {"iaccore:demo": {"b": 1, "a": [1, 2]}, "aws:region": "x"})
        assert merged == {"iaccore:demo": '{"a": [1, 2], "b": 1}', "aws:region": "x"}

    def test_lists_of_named_items_merge_by_name(self) -> None:
        """Lists of mappings sharing `id` merge item-wise, as between config layers."""
        flat = {"iaccore:demo": json.dumps({"rules": [{"id": "a", "days": 1}, {"id": "b"}]})}
        merged = apply_overrides(flat, {"iaccore:demo": {"rules": [{"id": "a", "days": 9}]}})
        assert json.loads(merged["iaccore:demo"]) == {
            "rules": [{"id": "a", "days": 9}, {"id": "b"}]
        }

    def test_duplicate_named_items_in_an_override(self) -> None:
        """An override listing one id twice is a ConfigurationError naming the key path."""
        flat = {"iaccore:demo": json.dumps({"rules": [{"id": "a"}]})}
        with pytest.raises(ConfigurationError) as info:
            apply_overrides(flat, {"iaccore:demo": {"rules": [{"id": "a"}, {"id": "a"}]}})
        assert info.value.key_path == "iaccore:demo.rules[1]"

    def test_the_input_is_not_changed(self) -> None:
        """apply_overrides returns a new mapping."""
        flat = {"iaccore:demo": '{"x": 1}'}
        apply_overrides(flat, {"iaccore:demo": {"y": 2}})
        assert flat == {"iaccore:demo": '{"x": 1}'}
