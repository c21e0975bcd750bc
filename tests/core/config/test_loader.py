"""Tests of iaccore.core.config.loader and sources: layering end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime import settings as pulumi_settings

from iaccore.core.config import ConfigurationError, Secret, load_stack, validate_stack_file
from iaccore.core.config.loader import find_project_dir
from iaccore.core.config.sources import parse_env_value

from .conftest import MODULES

Write = Callable[[str, str], Path]
SetConfig = Callable[..., None]


def load(project_dir: Path, environ: dict[str, str] | None = None, **kwargs: Any) -> Any:
    return load_stack(project_dir, stack="dev", environ=environ or {}, modules=MODULES, **kwargs)


class TestLayerOrder:
    def test_precedence_org_project_stack_env(self, project_dir: Path, write: Write) -> None:
        """Each higher layer overrides the lower ones; untouched keys survive."""
        org = write(
            "org.yaml",
            "project: {owner: org, team: t-org, cost_center: '1'}\ndemo: {region: org-region}\n",
        )
        write("iaccore.yaml", "project: {owner: proj, team: t-proj}\n")
        write("Pulumi.dev.yaml", "config:\n  iaccore:project: {owner: stack}\n")
        stack = load(project_dir, {"IACCORE_ORG_CONFIG": str(org), "IACCORE_PROJECT__OWNER": "env"})
        assert stack.project.owner == "env"
        assert stack.project.team == "t-proj"
        assert stack.project.cost_center == "1"
        assert stack.demo.region == "org-region"

    def test_project_config_env_path(self, project_dir: Path, write: Write) -> None:
        """IACCORE_PROJECT_CONFIG replaces iaccore.yaml as the project file."""
        write("iaccore.yaml", "project: {owner: default-file}\n")
        other = write("other.yaml", "project: {owner: other-file}\n")
        stack = load(project_dir, {"IACCORE_PROJECT_CONFIG": str(other)})
        assert stack.project.owner == "other-file"

    def test_project_defaults(self, project_dir: Path) -> None:
        """project.name and environment default to the Pulumi project and stack."""
        stack = load(project_dir)
        assert (stack.project.name, stack.project.environment) == ("payments", "dev")

    def test_error_names_the_layer_file(self, project_dir: Path, write: Write) -> None:
        """A bad value in the project file is reported at its position there."""
        write("iaccore.yaml", "demo:\n  vpc:\n    azs: lots\n")
        with pytest.raises(ConfigurationError) as info:
            load(project_dir)
        assert info.value.layer == "project"
        assert info.value.line == 3
        assert str(info.value).startswith(f"{project_dir / 'iaccore.yaml'}:3:")

    def test_interpolation_sees_defaults(self, project_dir: Path, write: Write) -> None:
        """References resolve against model defaults and project defaults."""
        write(
            "Pulumi.dev.yaml",
            "config:\n  iaccore:demo:\n    tags: {env: '${project:environment}',"
            " region: '${demo:region}', azs: 'n${demo:vpc.azs}'}\n",
        )
        stack = load(project_dir)
        assert stack.demo.tags == {"env": "dev", "region": "eu-west-1", "azs": "n3"}


class TestRuntimeConfig:
    def test_values_from_runtime_positions_from_file(
        self, project_dir: Path, write: Write, pulumi_runtime: SetConfig
    ) -> None:
        """Values come from Pulumi runtime config; errors point into the stack file."""
        write("Pulumi.dev.yaml", "config:\n  iaccore:demo:\n    vpc:\n      azs: 2\n")
        pulumi_runtime({"iaccore:demo": {"vpc": {"azs": 99}}, "aws:region": "x"})
        with pytest.raises(ConfigurationError) as info:
            load(project_dir)
        assert info.value.key_path == "demo.vpc.azs"
        assert info.value.line == 4
        assert "got 99" in str(info.value)

    def test_runtime_scalars_decoded(self, project_dir: Path, pulumi_runtime: SetConfig) -> None:
        """JSON strings are decoded; plain strings stay strings."""
        pulumi_runtime(
            {"iaccore:demo": {"enabled": True, "region": "us-east-1"}, "iaccore:requires": ">=0.1"}
        )
        stack = load(project_dir)
        assert stack.demo.enabled is True
        assert stack.requires == ">=0.1"

    def test_secret_key_with_secure_leaf(
        self, project_dir: Path, write: Write, pulumi_runtime: SetConfig
    ) -> None:
        """A secret key's secure leaf (from the file) becomes a Secret; other leaves stay plain."""
        write(
            "Pulumi.dev.yaml",
            "config:\n  iaccore:demo:\n    region: eu-west-2\n"
            "    admin_password:\n      secure: v1:abc\n",
        )
        pulumi_runtime(
            {"iaccore:demo": {"region": "eu-west-2", "admin_password": "decrypted"}},
            ["iaccore:demo"],
        )
        stack = load(project_dir)
        assert stack.demo.admin_password == Secret("decrypted")
        assert stack.demo.region == "eu-west-2"

    def test_secret_key_without_file_marks_all(
        self, project_dir: Path, pulumi_runtime: SetConfig
    ) -> None:
        """Without the stack file every leaf of a secret key is secret (plain fields then fail)."""
        pulumi_runtime({"iaccore:demo": {"region": "r", "admin_password": "pw"}}, ["iaccore:demo"])
        with pytest.raises(ConfigurationError, match=r"demo\.region` is not a secret field"):
            load(project_dir)

    def test_offline_stack_file_secure_placeholder(self, project_dir: Path, write: Write) -> None:
        """Without runtime config, secure leaves of the file are placeholder secrets."""
        write(
            "Pulumi.dev.yaml",
            "config:\n  iaccore:demo:\n    admin_password:\n      secure: v1:abc\n",
        )
        stack = load(project_dir)
        assert isinstance(stack.demo.admin_password, Secret)
        assert "v1:abc" not in stack.demo.admin_password.reveal()

    def test_validate_stack_file_ignores_runtime(
        self, project_dir: Path, write: Write, pulumi_runtime: SetConfig
    ) -> None:
        """validate_stack_file uses the file, its stack name and folder."""
        path = write("Pulumi.prod.yaml", "config:\n  iaccore:demo: {region: from-file}\n")
        pulumi_runtime({"iaccore:demo": {"region": "from-runtime"}})
        stack = validate_stack_file(path, environ={}, modules=MODULES)
        assert stack.demo.region == "from-file"
        assert stack.project.environment == "prod"

    def test_validate_stack_file_bad_name(self, tmp_path: Path) -> None:
        """Files not named Pulumi.<stack>.yaml are rejected."""
        path = tmp_path / "stack.yaml"
        path.write_text("config: {}\n")
        with pytest.raises(ConfigurationError, match="not a stack file name"):
            validate_stack_file(path, environ={}, modules=MODULES)

    def test_stack_default_from_pulumi(self, project_dir: Path, write: Write) -> None:
        """The stack name defaults to pulumi.get_stack()."""
        write("Pulumi.qa.yaml", "config:\n  iaccore:demo: {region: qa-region}\n")
        pulumi_settings._set_stack("qa")
        stack = load_stack(project_dir, environ={}, modules=MODULES)
        assert stack.demo.region == "qa-region"
        assert stack.project.environment == "qa"


class TestEnvironmentOverrides:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("3", 3),
            ("true", True),
            ("[a, b]", ["a", "b"]),
            ("1.5", 1.5),
            ("hello", "hello"),
            ("{x: 1}", {"x": 1}),
            ("[unclosed", "[unclosed"),
            ("2024-01-01", "2024-01-01"),
        ],
    )
    def test_parse_env_value(self, text: str, expected: Any) -> None:
        """Values parse as YAML scalars or flow collections."""
        assert parse_env_value(text) == expected

    def test_case_insensitive_nested_override(self, project_dir: Path) -> None:
        """Names match fields case-insensitively; values are typed."""
        stack = load(
            project_dir,
            {
                "iaccore_demo__VPC__azs": "2",
                "IACCORE_DEMO__LABELS": "[a, b]",
                "IACCORE_DEMO__ENABLED": "true",
            },
        )
        assert stack.demo.vpc.azs == 2
        assert stack.demo.labels == ["a", "b"]
        assert stack.demo.enabled is True

    def test_free_mapping_key(self, project_dir: Path, write: Write) -> None:
        """Free mapping keys match existing keys or are created lower-case."""
        write("Pulumi.dev.yaml", "config:\n  iaccore:demo: {tags: {cost-center: '1'}}\n")
        stack = load(
            project_dir, {"IACCORE_DEMO__TAGS__COST_CENTER": "2", "IACCORE_DEMO__TAGS__TEAM": "x"}
        )
        assert stack.demo.tags == {"cost-center": "2", "team": "x"}

    def test_keyed_list_item_override(self, project_dir: Path, write: Write) -> None:
        """A keyed list item is addressed by its name."""
        write(
            "Pulumi.dev.yaml",
            "config:\n  iaccore:demo:\n    vpc:\n      subnets:\n"
            "        - {name: a}\n        - {name: b}\n",
        )
        stack = load(project_dir, {"IACCORE_DEMO__VPC__SUBNETS__B__SIZE": "20"})
        assert [(s.name, s.size) for s in stack.demo.vpc.subnets] == [("a", 24), ("b", 20)]

    def test_settings_variables_ignored(self, project_dir: Path) -> None:
        """Settings variables and single-segment names are not overrides."""
        stack = load(
            project_dir,
            {"IACCORE_LOG_LEVEL": "debug", "IACCORE_LOG_FORMAT": "json", "IACCORE_NO_COLOR": "1"},
        )
        assert stack.logging.level == "info"

    def test_unknown_key_names_variable(self, project_dir: Path) -> None:
        """An override naming an unknown key names the variable and the environment layer."""
        with pytest.raises(ConfigurationError) as info:
            load(project_dir, {"IACCORE_DEMO__VPC__CIDER": "x"})
        assert "IACCORE_DEMO__VPC__CIDER" in str(info.value)
        assert info.value.layer == "environment"
        assert info.value.hint == "did you mean 'cidr'?"

    def test_bad_value_names_variable(self, project_dir: Path) -> None:
        """A badly typed override names the variable."""
        with pytest.raises(ConfigurationError) as info:
            load(project_dir, {"IACCORE_DEMO__VPC__AZS": "many"})
        assert info.value.layer == "environment"
        assert "IACCORE_DEMO__VPC__AZS" in str(info.value)

    def test_credential_override_rejected(self, project_dir: Path) -> None:
        """Credentials are not accepted from override variables either."""
        with pytest.raises(ConfigurationError, match="credential"):
            load(project_dir, {"IACCORE_DEMO__TAGS__TOKEN": "t0k3n-value"})


class TestSectionsAndVersions:
    def test_module_without_section_is_refused(self, project_dir: Path, write: Write) -> None:
        """A module that declares no config section: its key is refused."""
        write("Pulumi.dev.yaml", "config:\n  iaccore:hooksonly: {enabled: true}\n")
        with pytest.raises(ConfigurationError) as info:
            load(project_dir)
        text = str(info.value)
        assert (
            "unknown config section `iaccore:hooksonly`: the hooksonly module has no config "
            "section" in text
        )
        assert info.value.details["key_path"] == "iaccore:hooksonly"
        assert "compliance, demo, logging, project, requires" in text
        assert info.value.line == 2

    def test_requires_mismatch(self, project_dir: Path, write: Write) -> None:
        """A requires mismatch names both versions and the position."""
        write("iaccore.yaml", "requires: '>=9.0'\n")
        with pytest.raises(ConfigurationError, match=r"requires iaccore >=9.0 but 0\.1\.0"):
            load(project_dir)


class TestFindProjectDir:
    def test_search_upward(self, project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Pulumi.yaml is found in an ancestor of the working directory."""
        nested = project_dir / "a" / "b"
        nested.mkdir(parents=True)
        monkeypatch.chdir(nested)
        assert find_project_dir() == project_dir

    def test_root_directory_setting_wins(
        self,
        project_dir: Path,
        monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> None:
        """Pulumi's root directory is used when it holds Pulumi.yaml."""
        monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
        monkeypatch.setattr(pulumi_settings.SETTINGS, "root_directory", str(project_dir))
        assert find_project_dir() == project_dir
