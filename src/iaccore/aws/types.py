"""Annotated types and fields shared by the AWS config models (plain data, no Pulumi import).

Each pattern is defined once here; config models in ``network``, ``eks``, ``s3``, ``ec2`` and
``iam`` import them instead of repeating the expression.

Examples:
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(SubnetId).validate_python("subnet-0a1b2c3d")
    'subnet-0a1b2c3d'
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import StringConstraints

from iaccore.aws.limits import (
    ACCOUNT_ID_PATTERN,
    AZ_NAME_PATTERN,
    IAM_ROLE_ARN_PATTERN,
    PRINCIPAL_ARN_PATTERN,
    REGION_PATTERN,
)
from iaccore.core.config.base import Field

__all__ = [
    "AccountId",
    "AmiId",
    "AzName",
    "InstanceType",
    "KmsKeyArn",
    "PrincipalArn",
    "Region",
    "RoleArn",
    "SecurityGroupId",
    "SubnetId",
    "VpcId",
    "provider_field",
]

AccountId = Annotated[str, StringConstraints(pattern=ACCOUNT_ID_PATTERN)]
AzName = Annotated[str, StringConstraints(pattern=AZ_NAME_PATTERN)]
Region = Annotated[str, StringConstraints(pattern=REGION_PATTERN)]
RoleArn = Annotated[str, StringConstraints(pattern=IAM_ROLE_ARN_PATTERN)]
PrincipalArn = Annotated[str, StringConstraints(pattern=PRINCIPAL_ARN_PATTERN)]
SubnetId = Annotated[str, StringConstraints(pattern=r"^subnet-[0-9a-f]{8,17}$")]
SecurityGroupId = Annotated[str, StringConstraints(pattern=r"^sg-[0-9a-f]{8,17}$")]
AmiId = Annotated[str, StringConstraints(pattern=r"^ami-[0-9a-f]{8,17}$")]
VpcId = Annotated[str, StringConstraints(pattern=r"^vpc-[0-9a-f]{8,17}$")]
InstanceType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9-]+$")]
KmsKeyArn = Annotated[
    str, StringConstraints(pattern=r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key|alias)/.+$")
]


def provider_field() -> Any:
    """The ``provider`` field every AWS component config has: a named provider, or the default.

    Examples:
        >>> from iaccore.core.config.base import ComponentConfig
        >>> class Demo(ComponentConfig):
        ...     provider: str | None = provider_field()
        >>> Demo(provider="dr").provider
        'dr'
    """
    return Field(
        None,
        description="Named provider of `iaccore:aws.providers` (e.g. `dr`) for this "
        "component's resources; unset uses the section's default provider.",
    )
