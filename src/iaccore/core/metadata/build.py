"""The metadata record of a program and the standard ``iaccore:*`` tags built from it.

Examples:
    >>> from iaccore.core.config.models import ComplianceConfig, ProjectConfig
    >>> md = build_metadata(project=ProjectConfig(owner="team-payments"),
    ...                     compliance=ComplianceConfig(), stack="dev",
    ...                     pulumi_project="payments", path="/")
    >>> md.project, md.environment, md.git.commit
    ('payments', 'dev', 'unknown')
    >>> metadata_tags(md)["iaccore:owner"]
    'team-payments'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from iaccore._version import __version__
from iaccore.core.config.models import ComplianceConfig, ProjectConfig
from iaccore.core.metadata.compliance import check_frameworks
from iaccore.core.metadata.git import GitInfo, read_git_info

__all__ = ["MANAGED_BY", "TAG_PREFIX", "Metadata", "build_metadata", "metadata_tags"]

#: Namespace of the standard tags.
TAG_PREFIX = "iaccore:"
#: Value of the ``iaccore:managed-by`` tag.
MANAGED_BY = "pulumi"


@dataclass(frozen=True)
class Metadata:
    """Who and what produced the stack: versions, project identity, git state, compliance scope.

    Examples:
        >>> md = Metadata(iaccore_version="0.1.0", project="payments", environment="dev",
        ...               stack="dev")
        >>> md.as_outputs()["git"]["commit"]
        'unknown'
    """

    iaccore_version: str
    project: str
    environment: str
    stack: str
    owner: str | None = None
    cost_center: str | None = None
    git: GitInfo = field(default_factory=GitInfo)
    compliance_frameworks: tuple[str, ...] = ()
    compliance_controls: tuple[str, ...] = ()
    data_classification: str | None = None

    def as_outputs(self) -> dict[str, Any]:
        """Return the metadata as plain data for ``pulumi.export`` (sorted, JSON-friendly)."""
        return {
            "compliance": {
                "controls": list(self.compliance_controls),
                "data_classification": self.data_classification,
                "frameworks": list(self.compliance_frameworks),
            },
            "cost_center": self.cost_center,
            "environment": self.environment,
            "git": {
                "branch": self.git.branch,
                "commit": self.git.commit,
                "dirty": self.git.dirty,
                "remote_url": self.git.remote_url,
                "short_sha": self.git.short_sha,
                "tags": list(self.git.tags),
            },
            "iaccore_version": self.iaccore_version,
            "owner": self.owner,
            "project": self.project,
            "stack": self.stack,
        }


def build_metadata(
    *,
    project: ProjectConfig,
    compliance: ComplianceConfig,
    stack: str,
    pulumi_project: str,
    path: str | os.PathLike[str],
) -> Metadata:
    """Build the ``Metadata`` of a program.

    ``project.name`` defaults to ``pulumi_project`` and ``project.environment`` to ``stack``;
    git facts are read from ``path`` (never failing, see ``read_git_info``).

    Raises:
        ConfigurationError: An unknown compliance framework.
    """
    return Metadata(
        iaccore_version=__version__,
        project=project.name or pulumi_project,
        environment=project.environment or stack,
        stack=stack,
        owner=project.owner,
        cost_center=project.cost_center,
        git=read_git_info(path),
        compliance_frameworks=check_frameworks(compliance.frameworks),
        compliance_controls=tuple(sorted(set(compliance.controls))),
        data_classification=compliance.data_classification,
    )


def metadata_tags(md: Metadata) -> dict[str, str]:
    """Return the standard ``iaccore:*`` tags; unset owner and cost centre are left out.

    The git commit and the iaccore version are deliberately *not* tags: they change with every
    commit or upgrade, and as tags they would put an update of every resource into every
    deployment's diff. They are stack outputs instead
    ([`iaccore.export_metadata`][iaccore.export_metadata]).

    Examples:
        >>> md = Metadata(iaccore_version="0.1.0", project="p", environment="dev", stack="dev")
        >>> for key, value in metadata_tags(md).items():
        ...     print(key, value)
        iaccore:project p
        iaccore:environment dev
        iaccore:stack dev
        iaccore:managed-by pulumi
    """
    tags = {
        f"{TAG_PREFIX}project": md.project,
        f"{TAG_PREFIX}environment": md.environment,
        f"{TAG_PREFIX}stack": md.stack,
    }
    if md.owner:
        tags[f"{TAG_PREFIX}owner"] = md.owner
    if md.cost_center:
        tags[f"{TAG_PREFIX}cost-center"] = md.cost_center
    tags[f"{TAG_PREFIX}managed-by"] = MANAGED_BY
    return tags
