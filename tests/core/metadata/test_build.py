"""Tests of iaccore.core.metadata.build: the metadata record, its tags and outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import git
import pytest

from iaccore._version import __version__
from iaccore.core.config.models import ComplianceConfig, ProjectConfig
from iaccore.core.errors import ConfigurationError
from iaccore.core.metadata.build import Metadata, build_metadata, metadata_tags
from iaccore.core.metadata.git import GitInfo


def _build(path: Path, **project: str) -> Metadata:
    return build_metadata(
        project=ProjectConfig(**project),
        compliance=ComplianceConfig(frameworks=("soc2",), controls=("soc2:CC6.1",)),
        stack="dev",
        pulumi_project="payments",
        path=path,
    )


class TestBuildMetadata:
    def test_defaults_from_pulumi_project_and_stack(self, tmp_path: Path) -> None:
        """Project name and environment default to the Pulumi project and stack."""
        md = _build(tmp_path)
        assert (md.project, md.environment, md.stack) == ("payments", "dev", "dev")
        assert md.iaccore_version == __version__
        assert md.owner is None
        assert md.git == GitInfo()

    def test_config_values_win(self, tmp_path: Path) -> None:
        """Explicit project config overrides the defaults."""
        md = _build(tmp_path, name="billing", environment="staging", owner="o", cost_center="42")
        assert (md.project, md.environment, md.owner, md.cost_center) == (
            "billing",
            "staging",
            "o",
            "42",
        )
        assert md.compliance_frameworks == ("soc2",)

    def test_reads_git(self, make_repo: Callable[..., git.Repo]) -> None:
        """The git facts of the program folder are included."""
        repo = make_repo()
        md = _build(Path(repo.working_tree_dir or "."))
        assert md.git.commit == repo.head.commit.hexsha

    def test_unknown_framework_raises(self, tmp_path: Path) -> None:
        """Frameworks are checked while building the metadata."""
        with pytest.raises(ConfigurationError, match="unknown compliance framework 'nope'"):
            build_metadata(
                project=ProjectConfig(),
                compliance=ComplianceConfig(frameworks=("nope",)),
                stack="dev",
                pulumi_project="p",
                path=tmp_path,
            )


class TestMetadataTags:
    def test_minimal_tags(self) -> None:
        """Unset owner, cost centre and unknown commit are left out."""
        md = Metadata(iaccore_version="1.2.3", project="p", environment="e", stack="s")
        assert metadata_tags(md) == {
            "iaccore:project": "p",
            "iaccore:environment": "e",
            "iaccore:stack": "s",
            "iaccore:managed-by": "pulumi",
        }

    def test_all_tags(self) -> None:
        """Owner and cost centre are tagged; commit and version never are (they churn)."""
        md = Metadata(
            iaccore_version="1.2.3",
            project="p",
            environment="e",
            stack="s",
            owner="team",
            cost_center="1234",
            git=GitInfo(commit="abcdef0123456789", short_sha="abcdef0"),
        )
        tags = metadata_tags(md)
        assert tags["iaccore:owner"] == "team"
        assert tags["iaccore:cost-center"] == "1234"
        assert "iaccore:git-commit" not in tags
        assert "iaccore:version" not in tags


class TestAsOutputs:
    def test_outputs_are_json_and_complete(self) -> None:
        """as_outputs gives plain JSON-serializable data with git and compliance."""
        md = Metadata(
            iaccore_version="1.2.3",
            project="p",
            environment="e",
            stack="s",
            git=GitInfo(commit="c" * 40, short_sha="c" * 7, branch="main", tags=("v1",)),
            compliance_frameworks=("cis",),
            data_classification="internal",
        )
        outputs = md.as_outputs()
        assert json.loads(json.dumps(outputs)) == outputs
        assert outputs["git"] == {
            "branch": "main",
            "commit": "c" * 40,
            "dirty": False,
            "remote_url": "unknown",
            "short_sha": "ccccccc",
            "tags": ["v1"],
        }
        assert outputs["compliance"] == {
            "controls": [],
            "data_classification": "internal",
            "frameworks": ["cis"],
        }
        assert list(outputs) == sorted(outputs)
