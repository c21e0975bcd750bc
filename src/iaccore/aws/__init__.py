"""AWS components: ``from iaccore.aws import SecureVpc, EksCluster``.

Components are imported lazily so that reading AWS config (``iaccore.aws.config``) never imports
the ``pulumi_aws`` SDK. Asking for a component without the SDK installed raises
:class:`iaccore.core.errors.MissingExtraError` naming ``pip install "iaccore[aws]"``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iaccore.aws.ec2 import Instance
    from iaccore.aws.eks import EksCluster
    from iaccore.aws.iam import IamRole
    from iaccore.aws.network.vpc import SecureVpc
    from iaccore.aws.s3 import SecureBucket

__all__ = ["EksCluster", "IamRole", "Instance", "SecureBucket", "SecureVpc"]

_LAZY: dict[str, str] = {
    "EksCluster": "iaccore.aws.eks",
    "IamRole": "iaccore.aws.iam",
    "Instance": "iaccore.aws.ec2",
    "SecureBucket": "iaccore.aws.s3",
    "SecureVpc": "iaccore.aws.network.vpc",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'iaccore.aws' has no attribute {name!r}")
    from iaccore.aws.module import MODULE

    MODULE.require_sdk()
    return getattr(importlib.import_module(module_name), name)


def __dir__() -> list[str]:
    return sorted(__all__)
