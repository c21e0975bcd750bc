"""Default mocks of the ``kubernetes`` module: object metadata the API server fills in.

Published through the module's ``mocks`` hook and loaded by the embedded engine only; nothing
here imports ``pulumi_kubernetes``. An object's ``metadata`` gets its ``name`` (the logical name
when unset, as Pulumi's auto-naming would give a stable one) and a stable ``uid``.

Examples:
    >>> from iaccore.synth.mocks import MockContext
    >>> inputs = {"metadata": {"labels": {"a": "b"}}}
    >>> state = KUBERNETES_MOCKS.state("kubernetes:core/v1:Namespace", "apps", inputs, "apps-1",
    ...                                MockContext())
    >>> state["metadata"]["name"], len(state["metadata"]["uid"])
    ('apps', 32)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from iaccore.synth.mocks import MockContext, MockContributor, stable_digest

__all__ = ["KUBERNETES_MOCKS", "KubernetesMocks"]


class KubernetesMocks(MockContributor):
    """Metadata defaults of Kubernetes objects; providers of this package have no region.

    Examples:
        >>> KUBERNETES_MOCKS.default_region({}) is None
        True
    """

    packages: ClassVar[tuple[str, ...]] = ("kubernetes",)
    region_key: ClassVar[str | None] = None

    def state(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        resource_id: str,
        context: MockContext,
    ) -> dict[str, Any]:
        """``metadata`` with ``name`` and ``uid`` set, for objects that have metadata."""
        del resource_id, context
        if "metadata" not in inputs:
            return {}
        metadata = dict(inputs.get("metadata") or {})
        metadata.setdefault("name", name)
        metadata.setdefault("uid", stable_digest(type_, name, length=32))
        return {"metadata": metadata}


#: The ``kubernetes`` module's mock contributor (its ``mocks`` hook).
KUBERNETES_MOCKS = KubernetesMocks()
