"""AWS service limits and fixed values that iaccore validates against (pure, no Pulumi import).

Each constant names its source. Quotas that AWS lets an account raise are not here; only hard
limits of the APIs are.

Examples:
    >>> VPC_MIN_PREFIX, VPC_MAX_PREFIX
    (16, 28)
"""

from __future__ import annotations

__all__ = [
    "ACCOUNT_ID_PATTERN",
    "AZ_NAME_PATTERN",
    "CLOUDWATCH_RETENTION_DAYS",
    "EKS_MAX_TAINTS_PER_NODE_GROUP",
    "FORBIDDEN_VPC_RANGES",
    "IAM_ROLE_ARN_PATTERN",
    "KMS_DELETION_WINDOW_MAX_DAYS",
    "KMS_DELETION_WINDOW_MIN_DAYS",
    "PARTITIONS",
    "PRINCIPAL_ARN_PATTERN",
    "REGION_PATTERN",
    "RESERVED_IPS_PER_SUBNET",
    "RFC1918_RANGES",
    "S3_BUCKET_PREFIX_MAX_LENGTH",
    "S3_MIN_DAYS_BEFORE_IA",
    "SUBNET_MAX_PREFIX",
    "VPC_MAX_PREFIX",
    "VPC_MIN_PREFIX",
]

#: Largest IPv4 VPC CIDR block AWS accepts (``/16``, 65,536 addresses). Source: Amazon VPC
#: user guide, "VPC CIDR blocks".
VPC_MIN_PREFIX = 16
#: Smallest IPv4 VPC CIDR block AWS accepts (``/28``, 16 addresses).
VPC_MAX_PREFIX = 28
#: Smallest IPv4 subnet AWS accepts (``/28``).
SUBNET_MAX_PREFIX = 28
#: Addresses AWS reserves in every subnet: network, router, DNS, future use and broadcast.
RESERVED_IPS_PER_SUBNET = 5

#: The RFC 1918 private ranges AWS recommends for VPCs; others are allowed with a warning.
RFC1918_RANGES: tuple[str, ...] = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")

#: Ranges a VPC CIDR block cannot use: "this network", loopback, link-local, multicast and
#: reserved/broadcast (Amazon VPC user guide, "IPv4 VPC CIDR block association restrictions").
FORBIDDEN_VPC_RANGES: tuple[str, ...] = (
    "0.0.0.0/8",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "224.0.0.0/4",
    "240.0.0.0/4",
)

#: AWS partitions; ARNs start ``arn:<partition>:``.
PARTITIONS: tuple[str, ...] = (
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
)

_PARTITION_RE = "(?:" + "|".join(PARTITIONS) + ")"

#: A 12-digit AWS account id.
ACCOUNT_ID_PATTERN = r"^\d{12}$"
#: An IAM role ARN, with an optional path: ``arn:aws:iam::123456789012:role/path/Name``.
IAM_ROLE_ARN_PATTERN = (
    rf"^arn:{_PARTITION_RE}:iam::\d{{12}}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{{1,64}}$"
)
#: An IAM user or role ARN, the principals an EKS access entry accepts.
PRINCIPAL_ARN_PATTERN = (
    rf"^arn:{_PARTITION_RE}:iam::\d{{12}}:(?:role|user)/(?:[\w+=,.@-]+/)*[\w+=,.@-]{{1,64}}$"
)

#: Values CloudWatch Logs accepts for a log group's retention (``PutRetentionPolicy``).
CLOUDWATCH_RETENTION_DAYS: tuple[int, ...] = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)

#: S3 keeps objects at least 30 days before a transition to STANDARD_IA or ONEZONE_IA.
S3_MIN_DAYS_BEFORE_IA = 30

#: Taints an EKS managed node group accepts.
EKS_MAX_TAINTS_PER_NODE_GROUP = 50

#: An AWS region name such as ``eu-west-1``, ``us-gov-west-1`` or ``eusc-de-east-1``.
REGION_PATTERN = r"^[a-z]{2,4}(?:-[a-z]+)+-\d+$"
#: An availability zone name such as ``eu-west-1a`` or ``us-west-2-lax-1a``.
AZ_NAME_PATTERN = r"^[a-z]{2,4}(?:-[a-z0-9]+)+[a-z]$"
#: Longest ``bucket_prefix`` (S3 appends 26 characters to reach the 63-character name limit).
S3_BUCKET_PREFIX_MAX_LENGTH = 37

#: Days KMS accepts between scheduling a key's deletion and deleting it (``ScheduleKeyDeletion``
#: ``PendingWindowInDays``: 7 to 30).
KMS_DELETION_WINDOW_MIN_DAYS = 7
KMS_DELETION_WINDOW_MAX_DAYS = 30
