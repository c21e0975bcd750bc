"""Amazon EKS: the :class:`~iaccore.aws.eks.cluster.EksCluster` component and its parts.

Modules:

- :mod:`iaccore.aws.eks.cluster`: ``EksCluster``, the component (imports ``pulumi_aws``).
- :mod:`iaccore.aws.eks.config`: ``EksClusterConfig``, ``NodeGroupConfig``, ``AddonConfig``,
  ``Taint`` and ``EksSection`` (plain data, no Pulumi import).
- :mod:`iaccore.aws.eks.plan`: physical names, log group names and child-name slugs (pure).
- :mod:`iaccore.aws.eks.versions`: the EKS release calendar and version checks (pure).
- :mod:`iaccore.aws.eks.kubeconfig`: the ``aws eks get-token`` kubeconfig (pure).
- ``_nodes``, ``_access``, ``_addons``, ``_logs``: private helpers of the component; each takes
  a :class:`~iaccore.core.children.ChildFactory` and plain values and returns a frozen result.

This package imports nothing from the SDK, so ``iaccore.aws.config`` can read EKS config
without ``pulumi_aws``: ``from iaccore.aws.eks.cluster import EksCluster`` (or
``from iaccore.aws import EksCluster``) for the component.
"""
