"""AWS components: ``from iaccore.aws import SecureVpc, EksCluster``.

Components are imported lazily so that reading AWS config (``iaccore.aws.config``) never imports
the ``pulumi_aws`` SDK. Asking for a component without the SDK installed raises
[`iaccore.MissingExtraError`][iaccore.MissingExtraError] naming ``pip install "iaccore[aws]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iaccore._lazy import lazy_attributes

if TYPE_CHECKING:
    from iaccore.aws.ec2.instance import Instance
    from iaccore.aws.eks.cluster import EksCluster
    from iaccore.aws.iam.role import IamRole
    from iaccore.aws.network.vpc import SecureVpc
    from iaccore.aws.s3.bucket import SecureBucket

__all__ = ["EksCluster", "IamRole", "Instance", "SecureBucket", "SecureVpc"]

_LAZY: dict[str, str] = {
    "EksCluster": "iaccore.aws.eks.cluster",
    "IamRole": "iaccore.aws.iam.role",
    "Instance": "iaccore.aws.ec2.instance",
    "SecureBucket": "iaccore.aws.s3.bucket",
    "SecureVpc": "iaccore.aws.network.vpc",
}


def _require_sdk() -> None:
    from iaccore.aws.module import MODULE

    MODULE.require_sdk()


__getattr__ = lazy_attributes(__name__, _LAZY, globals(), before_import=_require_sdk)


def __dir__() -> list[str]:
    return sorted(__all__)
