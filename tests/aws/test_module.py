"""Unit tests of iaccore.aws.module: the spec and the no-SDK-import guarantee."""

from __future__ import annotations

import subprocess
import sys

from iaccore.aws.config import AwsSection
from iaccore.aws.module import MODULE


class TestModule:
    """The ProviderModule declaration."""

    def test_spec(self) -> None:
        """Name, model, SDK, extra and lazy entry points."""
        assert MODULE.name == "aws"
        assert MODULE.config_model is AwsSection
        assert MODULE.sdk_module == "pulumi_aws"
        assert MODULE.extra == "aws"
        assert MODULE.depends_on == ()
        assert MODULE.provider_factory == "iaccore.aws.provider:create_provider"
        assert MODULE.tag_rules == "iaccore.aws.tags:AWS_TAG_RULES"
        assert MODULE.mocks == "iaccore.aws.mocks:AWS_MOCKS"

    def test_provider_factory_resolves(self) -> None:
        """The factory path names a real function."""
        from iaccore.core.modules import load_object

        assert callable(load_object(MODULE.provider_factory or ""))
        assert MODULE.description

    def test_no_sdk_import(self) -> None:
        """Importing the module, config and pure helpers does not import pulumi_aws."""
        code = (
            "import sys\n"
            "import iaccore.aws.module, iaccore.aws.config, iaccore.aws.iam.policy\n"
            "import iaccore.aws.eks.versions, iaccore.aws.network.planning\n"
            "assert 'pulumi_aws' not in sys.modules, 'pulumi_aws imported'\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr

    def test_pure_modules_do_not_import_pulumi(self) -> None:
        """Planning, versions and policies do not import pulumi at all."""
        code = (
            "import sys\n"
            "import iaccore.aws.network.planning, iaccore.aws.eks.versions\n"
            "import iaccore.aws.iam.policy, iaccore.aws.limits\n"
            "assert 'pulumi' not in sys.modules, 'pulumi imported'\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
