"""The bad-config corpus: every file must fail with a precise ConfigurationError."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from iaccore.core.config import ConfigurationError, validate_stack_file

from .conftest import MODULES

CORPUS = Path(__file__).parent / "bad_configs"
VALID_STACK = "config:\n  iaccore:project: {owner: me}\n"


@dataclass(frozen=True)
class Case:
    """A corpus file, the environment to load it with, and what the error must say."""

    file: str
    key: str
    line: int | None
    says: str = ""
    env: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("Pulumi.unknown-key.yaml", "demo.regoin", 3, "did you mean 'region'?"),
    Case("Pulumi.wrong-type.yaml", "demo.vpc.azs", 4, "expected an integer"),
    Case("Pulumi.bad-enum.yaml", "demo.vpc.nat", 5, "'none', 'single' or 'one_per_az'"),
    Case("Pulumi.bad-reference.yaml", "demo.tags.env", 5, "did you mean '${project:environment}'"),
    Case(
        "Pulumi.interpolation-cycle.yaml",
        "demo.",
        3,
        "demo.region -> demo.labels[0] -> demo.region",
    ),
    Case("Pulumi.malformed.yaml", "", 4, "malformed YAML"),
    Case("Pulumi.duplicate-key.yaml", "region", 5, "duplicate key 'region'"),
    Case("Pulumi.duplicate-list-entry.yaml", "demo.vpc.subnets[2]", 7, "name='public'"),
    Case(
        "Pulumi.env-unknown-key.yaml",
        "demo.vpc.cidrr",
        None,
        "IACCORE_DEMO__VPC__CIDRR",
        {"IACCORE_DEMO__VPC__CIDRR": "10.1.0.0/16"},
    ),
    Case(
        "Pulumi.env-bad-type.yaml",
        "demo.vpc.azs",
        None,
        "IACCORE_DEMO__VPC__AZS",
        {"IACCORE_DEMO__VPC__AZS": "[1, 2]"},
    ),
    Case("Pulumi.credential.yaml", "demo.providers.dr.access_key", 5, "never from iaccore config"),
    Case("Pulumi.secret-in-plain-field.yaml", "demo.region", 4, "is not a secret field"),
    Case("Pulumi.bad-requires.yaml", "requires", 3, "invalid version specifier"),
    Case("Pulumi.requires-mismatch.yaml", "requires", 2, "requires iaccore >=99.0,<100 but"),
    Case(
        "Pulumi.unknown-section.yaml",
        "iaccore:hooksonly",
        3,
        "hooksonly module has no config section",
    ),
    Case(
        "Pulumi.nested-unknown-key.yaml", "demo.vpc.subnets[0].publik", 6, "did you mean 'public'?"
    ),
    Case("Pulumi.out-of-range.yaml", "demo.vpc.azs", 4, "greater than or equal to 1"),
    Case("Pulumi.list-for-mapping.yaml", "demo.vpc", 3, "expected a mapping"),
    Case("Pulumi.mapping-for-list.yaml", "demo.labels", 4, "expected a list"),
    Case("Pulumi.missing-required.yaml", "demo.vpc.subnets[0].name", 5, "required"),
    Case("project-unknown-key.iaccore.yaml", "project.ownr", 4, "did you mean 'owner'?"),
    Case("project-credential.iaccore.yaml", "demo.client_secret", 4, "credential"),
    Case("Pulumi.bad-classification.yaml", "compliance.data_classification", 4, "'confidential'"),
    Case("Pulumi.bad-log-level.yaml", "logging.components.SecureVpc", 4, "'debug'"),
    Case("Pulumi.config-not-mapping.yaml", "config", 2, "must be a mapping"),
    Case("Pulumi.top-level-list.yaml", "", 1, "must be a mapping"),
    Case("Pulumi.malformed-reference.yaml", "demo.region", 3, "malformed reference ${project}"),
    Case("Pulumi.embedded-mapping-reference.yaml", "demo.region", 3, "cannot be embedded"),
    Case("Pulumi.section-typo.yaml", "iaccore:demoo", 3, "did you mean 'demo'?"),
    Case("Pulumi.wrong-bool.yaml", "demo.enabled", 3, "expected a boolean"),
    Case("Pulumi.bad-indent.yaml", "", 4, "malformed YAML"),
    Case("Pulumi.string-for-section.yaml", "project", 2, "expected a mapping"),
]


def install(case: Case, root: Path) -> Path:
    """Copy the case into a project folder; return the stack file to validate."""
    (root / "Pulumi.yaml").write_text("name: payments\nruntime: python\n")
    if case.file.endswith(".iaccore.yaml"):
        shutil.copy(CORPUS / case.file, root / "iaccore.yaml")
        stack_file = root / "Pulumi.dev.yaml"
        stack_file.write_text(VALID_STACK)
        return stack_file
    shutil.copy(CORPUS / case.file, root / case.file)
    return root / case.file


class TestCorpus:
    def test_corpus_is_complete(self) -> None:
        """Every corpus file has a case and there are at least 25."""
        assert sorted(p.name for p in CORPUS.iterdir()) == sorted(c.file for c in CASES)
        assert len(CASES) >= 25

    @pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
    def test_bad_config_fails_precisely(self, case: Case, tmp_path: Path) -> None:
        """The error names the key path, the line (for files) and what is wrong."""
        stack_file = install(case, tmp_path)
        with pytest.raises(ConfigurationError) as info:
            validate_stack_file(stack_file, environ=case.env, modules=MODULES)
        text = str(info.value)
        assert case.key in text
        assert case.says in text
        if case.line is None:
            assert info.value.layer == "environment"
        else:
            assert info.value.line == case.line
            assert f":{case.line}:" in text or text.endswith(f":{case.line}")
