"""The ``kubernetes`` provider module declaration, published through the ``iaccore.providers``
entry point.

Its config section ``iaccore:kubernetes`` names the clusters (one provider each, created lazily
by the registry through ``iaccore.kubernetes.provider:create_provider``) and chart pins; it also
contributes its label rules, its default mocks and the ``yaml`` renderer of ``iaccore synth``.
Importing this module imports no provider SDK.

Examples:
    >>> MODULE.name, MODULE.extra, MODULE.has_section
    ('kubernetes', 'kubernetes', True)
"""

from __future__ import annotations

from iaccore.core.modules import ProviderModule
from iaccore.kubernetes.config import KubernetesSection

__all__ = ["MODULE"]

MODULE = ProviderModule(
    name="kubernetes",
    sdk_module="pulumi_kubernetes",
    extra="kubernetes",
    config_model=KubernetesSection,
    provider_factory="iaccore.kubernetes.provider:create_provider",
    tag_rules="iaccore.kubernetes.labels:KUBERNETES_LABEL_RULES",
    mocks="iaccore.kubernetes.mocks:KUBERNETES_MOCKS",
    renderers="iaccore.kubernetes.manifests:RENDERERS",
    description="Kubernetes: named clusters (kubeconfig file, secret, environment or a cloud "
    "module's cluster), version checks, label rules and manifest rendering.",
)
