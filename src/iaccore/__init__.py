"""iaccore: secure-by-default Pulumi components with typed config, testable offline.

``import iaccore`` is cheap: public names load on first use (PEP 562), and no provider SDK
(``pulumi_aws``, ``pulumi_azure_native``, ``pulumi_kubernetes``) is ever imported here.

Examples:
    >>> import iaccore
    >>> isinstance(iaccore.__version__, str)
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iaccore._lazy import lazy_attributes
from iaccore._version import __version__

if TYPE_CHECKING:
    from iaccore.core.component import BaseComponent
    from iaccore.core.config import Secret, StackConfig, load_stack
    from iaccore.core.errors import (
        ConfigurationError,
        DependencyError,
        IaccoreError,
        MetadataError,
        MissingExtraError,
        ProgramError,
        ProviderError,
    )
    from iaccore.core.outputs import export_metadata

__all__ = [
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

_LAZY: dict[str, str] = {
    "BaseComponent": "iaccore.core.component",
    "ConfigurationError": "iaccore.core.errors",
    "DependencyError": "iaccore.core.errors",
    "IaccoreError": "iaccore.core.errors",
    "MetadataError": "iaccore.core.errors",
    "MissingExtraError": "iaccore.core.errors",
    "ProgramError": "iaccore.core.errors",
    "ProviderError": "iaccore.core.errors",
    "Secret": "iaccore.core.config",
    "StackConfig": "iaccore.core.config",
    "export_metadata": "iaccore.core.outputs",
    "load_stack": "iaccore.core.config",
}


__getattr__ = lazy_attributes(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(__all__)
