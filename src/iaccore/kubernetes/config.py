"""The ``iaccore:kubernetes`` config section: named clusters and chart pins (no Pulumi import).

Each cluster comes from exactly one of a kubeconfig file (and optional context), a kubeconfig
held in a secret config value, an environment variable holding a kubeconfig, or a cluster built
by a cloud module in the same program (``source: aws.eks.<name>`` or ``azure.aks.<name>``).

Examples:
    >>> section = KubernetesSection(enabled=True, clusters={
    ...     "main": {"source": "aws.eks.main", "default": True},
    ...     "edge": {"kubeconfig_file": "~/.kube/edge", "context": "edge-admin"},
    ... })
    >>> section.default_cluster(), section.clusters["edge"].kind
    ('main', 'kubeconfig_file')
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import field_validator, model_validator

from iaccore.core.config.base import Field, IaccoreModel, ProviderSection, ProviderSettings, Secret
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.versions import CHART_VERSIONS, check_version

__all__ = ["ChartOverride", "ClusterConfig", "ClusterKind", "KubernetesSection"]

ClusterKind = Literal["kubeconfig_file", "kubeconfig", "kubeconfig_env", "source"]

_SOURCE = re.compile(r"^(?:aws\.eks|azure\.aks)\.[A-Za-z0-9][A-Za-z0-9_-]*$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KINDS: tuple[ClusterKind, ...] = ("kubeconfig_file", "kubeconfig", "kubeconfig_env", "source")


class ClusterConfig(ProviderSettings):
    """One named cluster: where its kubeconfig comes from, its version, whether it is default.

    Examples:
        >>> ClusterConfig(kubeconfig_env="EDGE_KUBECONFIG", version="1.33").version
        '1.33'
    """

    kubeconfig_file: str | None = Field(
        None, description="Path of a kubeconfig file (read by the provider, `~` expanded)."
    )
    context: str | None = Field(
        None,
        description="Context of the kubeconfig to use; its current context when unset. Not "
        "allowed with `source`.",
    )
    kubeconfig: Secret | None = Field(
        None,
        description="A kubeconfig document held in a secret config value (`pulumi config set "
        "--secret`); never printed.",
    )
    kubeconfig_env: str | None = Field(
        None,
        description="Name of an environment variable holding a kubeconfig document, read when "
        "the provider is created.",
    )
    source: str | None = Field(
        None,
        description="A cluster created in this program by a cloud module: `aws.eks.<name>` "
        "(the `EksCluster` named `<name>`) or `azure.aks.<name>` (the `AksCluster`).",
    )
    version: str | None = Field(
        None,
        description="Target Kubernetes version (`1.33`); components refuse APIs it removed. "
        "Unchecked when unset.",
    )
    default: bool = Field(
        False, description="The cluster components use when they name none (at most one)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> ClusterConfig:
        given = [kind for kind in _KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError(
                "set exactly one of kubeconfig_file, kubeconfig, kubeconfig_env, source "
                f"(got {', '.join(given) or 'none'})"
            )
        if self.source is not None:
            if not _SOURCE.match(self.source):
                raise ValueError(
                    f"source {self.source!r} must be aws.eks.<cluster name> or "
                    "azure.aks.<cluster name>"
                )
            if self.context is not None:
                raise ValueError("context is not allowed with source")
        if self.kubeconfig_env is not None and not _ENV_NAME.match(self.kubeconfig_env):
            raise ValueError(f"kubeconfig_env {self.kubeconfig_env!r} is not a variable name")
        return self

    @field_validator("version")
    @classmethod
    def _version(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check_version(value, key_path="version")
        except ConfigurationError as err:
            raise ValueError(f"{err.message}; expected {err.details['expected']}") from None

    @property
    def kind(self) -> ClusterKind:
        """Which of the four ways the kubeconfig comes from."""
        return next(kind for kind in _KINDS if getattr(self, kind) is not None)


class ChartOverride(IaccoreModel):
    """A team's pin of one chart of ``CHART_VERSIONS``.

    Examples:
        >>> ChartOverride(version="1.28.1").version
        '1.28.1'
    """

    version: str | None = Field(None, description="Chart version; iaccore's pin when unset.")
    repository: str | None = Field(
        None, description="Chart repository URL (a mirror); iaccore's when unset."
    )


class KubernetesSection(ProviderSection):
    """The ``iaccore:kubernetes`` section: named clusters and chart pins.

    Examples:
        >>> KubernetesSection(clusters={"a": {"kubeconfig_env": "A"}}).default_cluster()
        'a'
    """

    providers: dict[str, ProviderSettings] = Field(
        default_factory=dict,
        description="Not used by this module (must stay empty): name clusters under `clusters`.",
    )
    clusters: dict[str, ClusterConfig] = Field(
        default_factory=dict,
        description="Clusters by name; components choose one with `cluster_opts(name)`.",
    )
    charts: dict[str, ChartOverride] = Field(
        default_factory=dict,
        description="Overrides of the chart versions iaccore pins, by chart key ("
        + ", ".join(sorted(CHART_VERSIONS))
        + ").",
    )

    @model_validator(mode="after")
    def _check(self) -> KubernetesSection:
        if self.providers:
            raise ValueError("providers: the kubernetes module names its providers in clusters")
        defaults = sorted(name for name, cluster in self.clusters.items() if cluster.default)
        if len(defaults) > 1:
            raise ValueError(f"clusters: at most one default cluster (got {', '.join(defaults)})")
        unknown = sorted(set(self.charts) - set(CHART_VERSIONS))
        if unknown:
            raise ValueError(
                f"charts: unknown chart {unknown[0]!r}; known: {', '.join(sorted(CHART_VERSIONS))}"
            )
        return self

    def named_providers(self) -> dict[str, ProviderSettings]:
        """One provider per cluster, by cluster name."""
        return dict(self.clusters)

    def default_cluster(self) -> str | None:
        """The cluster marked ``default: true``, else the only one, else None."""
        marked = [name for name, cluster in self.clusters.items() if cluster.default]
        if marked:
            return marked[0]
        if len(self.clusters) == 1:
            return next(iter(self.clusters))
        return None

    def chart_overrides(self) -> dict[str, dict[str, str | None]]:
        """``charts`` as plain mappings, for ``versions.resolve_chart``."""
        return {key: chart.model_dump() for key, chart in self.charts.items()}
