"""The package itself: version, public API, lazy imports, typing marker, extras."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import iaccore
from iaccore._version import __version__

ROOT = Path(__file__).resolve().parents[1]
SDKS = ("pulumi_aws", "pulumi_azure_native", "pulumi_kubernetes")

#: The public API; changing it is a deliberate, changelogged decision.
EXPECTED_ALL = [
    "BaseComponent",
    "ConfigurationError",
    "DependencyError",
    "IaccoreError",
    "MetadataError",
    "MissingExtraError",
    "ProgramError",
    "ProviderError",
    "Secret",
    "StackConfig",
    "__version__",
    "export_metadata",
    "load_stack",
]
EXPECTED_AWS_ALL = ["EksCluster", "IamRole", "Instance", "SecureBucket", "SecureVpc"]


def run_python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout


class TestVersion:
    def test_version_single_sourced(self) -> None:
        """iaccore.__version__ is _version.__version__, which hatchling reads."""
        pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
        assert pyproject["tool"]["hatch"]["version"]["path"] == "src/iaccore/_version.py"
        assert iaccore.__version__ == __version__

    def test_installed_metadata_matches(self) -> None:
        """The installed distribution reports the same version."""
        from importlib.metadata import version

        assert version("iaccore") == __version__


class TestPublicApi:
    def test_all_snapshot(self) -> None:
        """iaccore.__all__ is sorted and equals the recorded public API."""
        assert sorted(iaccore.__all__) == iaccore.__all__
        assert iaccore.__all__ == EXPECTED_ALL

    def test_every_public_name_resolves(self) -> None:
        """Every name in __all__ can be read from the package."""
        for name in iaccore.__all__:
            assert getattr(iaccore, name) is not None

    def test_unknown_attribute_raises(self) -> None:
        """A missing attribute is an AttributeError, as for any module."""
        with pytest.raises(AttributeError, match="no attribute 'Nope'"):
            iaccore.Nope  # noqa: B018

    def test_aws_all_snapshot(self) -> None:
        """iaccore.aws exposes exactly the AWS components."""
        import iaccore.aws

        assert iaccore.aws.__all__ == EXPECTED_AWS_ALL


class TestLazyImports:
    def test_import_iaccore_imports_no_provider_sdk(self) -> None:
        """`import iaccore` (and its core API) leaves every provider SDK out of sys.modules."""
        out = run_python(
            "import sys, json, iaccore\n"
            "iaccore.BaseComponent, iaccore.load_stack, iaccore.ConfigurationError\n"
            f"print(json.dumps([m for m in {SDKS!r} if m in sys.modules]))"
        )
        assert json.loads(out) == []

    def test_aws_config_imports_no_sdk(self) -> None:
        """Reading AWS config models does not import pulumi_aws."""
        out = run_python(
            "import sys, iaccore.aws.config, iaccore.aws.module\nprint('pulumi_aws' in sys.modules)"
        )
        assert out.strip() == "False"

    @pytest.mark.parametrize(
        ("sdk", "package", "component", "extra"),
        [
            ("pulumi_aws", "iaccore.aws", "SecureVpc", "aws"),
            ("pulumi_azure_native", "iaccore.azure", "AksCluster", "azure"),
        ],
    )
    def test_missing_extra_names_pip_command(
        self, sdk: str, package: str, component: str, extra: str
    ) -> None:
        """Asking for a component without its SDK names the extra to install."""
        out = run_python(
            "import sys\n"
            f"sys.modules['{sdk}'] = None\n"  # make the SDK unimportable
            "import importlib.util\n"
            f"importlib.util.find_spec = lambda name, *a: None if name == '{sdk}' else 1\n"
            "from iaccore.core.errors import MissingExtraError\n"
            "try:\n"
            f"    from {package} import {component}\n"
            "except MissingExtraError as err:\n"
            "    print(err)\n"
        )
        assert f'pip install "iaccore[{extra}]"' in out

    def test_azure_config_imports_no_sdk(self) -> None:
        """Reading Azure config models does not import pulumi_azure_native."""
        out = run_python(
            "import sys, iaccore.azure.config, iaccore.azure.module\n"
            "print('pulumi_azure_native' in sys.modules)"
        )
        assert out.strip() == "False"


class TestPackaging:
    def test_py_typed_shipped(self) -> None:
        """py.typed is in the package."""
        assert (ROOT / "src" / "iaccore" / "py.typed").is_file()

    def test_extras_declared(self) -> None:
        """The documented extras exist."""
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "optional-dependencies"
        ]
        assert {"aws", "azure", "kubernetes", "all", "test", "docs", "dev"} <= set(extras)

    def test_entry_points_registered(self) -> None:
        """The first-party provider modules and the pytest plugin are discoverable entry points,
        each module published under its own name."""
        from importlib.metadata import entry_points

        from iaccore.core.modules import ProviderModule

        modules = {ep.name: ep.load() for ep in entry_points(group="iaccore.providers")}
        assert {"aws", "azure", "kubernetes"} <= set(modules)
        for name, spec in modules.items():
            assert isinstance(spec, ProviderModule)
            assert spec.name == name
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "optional-dependencies"
        ]
        for name in ("aws", "azure", "kubernetes"):
            assert modules[name].extra in extras
        assert "iaccore" in {ep.name for ep in entry_points(group="pytest11")}
        assert "iaccore" in {ep.name for ep in entry_points(group="console_scripts")}
