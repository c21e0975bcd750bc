"""Metadata of a program: git facts, versions, compliance scope, and the tags built from them.

Examples:
    >>> from iaccore.core.metadata import shorten_name
    >>> shorten_name("a-very-long-bucket-name", 16)
    'a-very--7cb228e6'
"""

from iaccore.core.metadata.build import Metadata, build_metadata, metadata_tags
from iaccore.core.metadata.compliance import check_frameworks, compliance_tags
from iaccore.core.metadata.git import GitInfo, read_git_info, strip_credentials
from iaccore.core.metadata.tags import (
    SanitizedTags,
    TagChange,
    TagRules,
    sanitize_tags,
    shorten_name,
)

__all__ = [
    "GitInfo",
    "Metadata",
    "SanitizedTags",
    "TagChange",
    "TagRules",
    "build_metadata",
    "check_frameworks",
    "compliance_tags",
    "metadata_tags",
    "read_git_info",
    "sanitize_tags",
    "shorten_name",
    "strip_credentials",
]
