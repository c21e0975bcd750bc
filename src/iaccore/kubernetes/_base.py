"""Base of the Kubernetes components: label rules, the ``iaccore:kubernetes`` section, provider.

Examples:
    >>> KubernetesComponent.TAG_RULES.name, KubernetesComponent.PROVIDER_PACKAGE
    ('kubernetes', 'kubernetes')
"""

from __future__ import annotations

from typing import ClassVar

from iaccore.core.component import BaseComponent, ConfigT
from iaccore.core.metadata.tags import TagRules
from iaccore.kubernetes.labels import KUBERNETES_LABEL_RULES

__all__ = ["KubernetesComponent"]


class KubernetesComponent(BaseComponent[ConfigT]):
    """An iaccore component whose children are Kubernetes objects.

    Metadata tags become sanitized labels (``child_tags`` returns labels here); the provider
    comes from ``opts`` (``opts=eks.kubernetes_opts`` or any ``pulumi_kubernetes.Provider``).

    Examples:
        >>> KubernetesComponent.SECTION
        'kubernetes'
    """

    TAG_RULES: ClassVar[TagRules | None] = KUBERNETES_LABEL_RULES
    SECTION: ClassVar[str | None] = "kubernetes"
    PROVIDER_PACKAGE: ClassVar[str | None] = "kubernetes"
    #: ``(apiVersion, kind)`` of every object the component creates, checked against the target
    #: cluster's version before anything registers.
    API_KINDS: ClassVar[tuple[tuple[str, str], ...]] = ()

    #: The target cluster's Kubernetes version (config, or the EKS or AKS cluster that built the
    #: provider), None when unknown.
    kubernetes_version: str | None = None

    def _prepare(self, config: ConfigT) -> None:  # noqa: ARG002 - subclasses read it
        """Find the target version and refuse an API that version no longer serves.

        Subclasses that override ``_prepare`` call ``super()._prepare(config)`` first.
        """
        from iaccore.kubernetes.provider import target_version
        from iaccore.kubernetes.versions import check_api

        self.kubernetes_version = target_version(self.provider)
        if self.kubernetes_version is None:
            return
        for api_version, kind in self.API_KINDS:
            check_api(api_version, kind, self.kubernetes_version, key_path=self.key_path)
