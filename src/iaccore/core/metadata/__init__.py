"""Metadata of a program: git facts, versions, compliance scope, and the tags built from them.

Example:
    >>> from iaccore.core.metadata import sanitize_tags
    >>> sanitize_tags({"iaccore:project": "payments"}, "kubernetes").tags
    {'iaccore.dev/project': 'payments'}
"""

from iaccore.core.metadata.build import Metadata, build_metadata, metadata_tags
from iaccore.core.metadata.compliance import check_frameworks, compliance_tags
from iaccore.core.metadata.git import GitInfo, read_git_info, strip_credentials
from iaccore.core.metadata.tags import SanitizedTags, TagChange, sanitize_tags, shorten_name

__all__ = [
    "GitInfo",
    "Metadata",
    "SanitizedTags",
    "TagChange",
    "build_metadata",
    "check_frameworks",
    "compliance_tags",
    "metadata_tags",
    "read_git_info",
    "sanitize_tags",
    "shorten_name",
    "strip_credentials",
]
