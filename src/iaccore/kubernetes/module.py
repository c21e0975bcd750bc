"""The ``kubernetes`` provider module declaration, published through the ``iaccore.providers``
entry point.

It has no config section yet: it contributes its label rules, its default mocks and the ``yaml``
renderer of ``iaccore synth``. Importing this module imports no provider SDK.

Examples:
    >>> MODULE.name, MODULE.extra, MODULE.has_section
    ('kubernetes', 'kubernetes', False)
"""

from __future__ import annotations

from iaccore.core.modules import ProviderModule

__all__ = ["MODULE"]

MODULE = ProviderModule(
    name="kubernetes",
    sdk_module="pulumi_kubernetes",
    extra="kubernetes",
    config_model=None,
    tag_rules="iaccore.kubernetes.labels:KUBERNETES_LABEL_RULES",
    mocks="iaccore.kubernetes.mocks:KUBERNETES_MOCKS",
    renderers="iaccore.kubernetes.manifests:RENDERERS",
    description="Kubernetes: label rules, default mocks and manifest rendering (components to "
    "come).",
)
