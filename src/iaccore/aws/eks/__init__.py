"""Amazon EKS: the :class:`~iaccore.aws.eks.cluster.EksCluster` component and its parts.

Modules:

- :mod:`iaccore.aws.eks.cluster`: ``EksCluster``, the component (imports ``pulumi_aws``).
- :mod:`iaccore.aws.eks.config`: ``EksClusterConfig``, ``ApiAccessConfig``,
  ``KubeconfigConfig`` and ``EksSection``, re-exporting ``NodeGroupConfig`` and ``Taint``
  (:mod:`~iaccore.aws.eks.node_config`) and ``AddonConfig``
  (:mod:`~iaccore.aws.eks.addon_config`) (plain data, no Pulumi import).
- :mod:`iaccore.aws.eks.checks`: checks that need more than one model (admin access, subnets,
  the VPC's cluster names) (pure).
- :mod:`iaccore.aws.eks.plan`: physical names, log group names and child-name slugs (pure).
- :mod:`iaccore.aws.eks.versions`: the EKS release calendar, version checks and the
  extended-support warning (pure).
- :mod:`iaccore.aws.eks.kubeconfig`: the ``aws eks get-token`` kubeconfig (pure).
- :mod:`iaccore.aws.eks.userdata`: nodeadm user data of custom-AMI nodes (pure).
- ``_nodes``, ``_access``, ``_api_access``, ``_addons``, ``_logs``: private helpers of the
  component; each takes a :class:`~iaccore.core.children.ChildFactory` and plain values and
  returns a frozen result. ``_outputs`` derives values (kubeconfig, user data, ids) from the
  cluster resource's outputs.

This package imports nothing from the SDK, so ``iaccore.aws.config`` can read EKS config
without ``pulumi_aws``: ``from iaccore.aws.eks.cluster import EksCluster`` (or
``from iaccore.aws import EksCluster``) for the component.
"""
