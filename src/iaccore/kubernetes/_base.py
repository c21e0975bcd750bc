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
