"""Amazon EKS: the [`EksCluster`][iaccore.aws.EksCluster] component and its parts.

Modules:

- ``iaccore.aws.eks.cluster``: ``EksCluster``, the component (imports ``pulumi_aws``).
- ``iaccore.aws.eks.config``: ``EksClusterConfig``, ``ApiAccessConfig``,
  ``KubeconfigConfig`` and ``EksSection``, re-exporting ``NodeGroupConfig`` and ``Taint``
  (``node_config``) and ``AddonConfig``
  (``addon_config``) (plain data, no Pulumi import).
- ``iaccore.aws.eks.checks``: checks that need more than one model (admin access, subnets,
  the VPC's cluster names) (pure).
- ``iaccore.aws.eks.plan``: physical names, log group names and child-name slugs (pure).
- ``iaccore.aws.eks.versions``: the EKS release calendar, version checks and the
  extended-support warning (pure).
- ``iaccore.aws.eks.kubeconfig``: the ``aws eks get-token`` kubeconfig (pure).
- ``iaccore.aws.eks.userdata``: nodeadm user data of custom-AMI nodes (pure).
- ``_nodes``, ``_access``, ``_api_access``, ``_addons``, ``_logs``: private helpers of the
  component; each takes a [`ChildFactory`][iaccore.core.children.ChildFactory] and plain values and
  returns a frozen result. ``_outputs`` derives values (kubeconfig, user data, ids) from the
  cluster resource's outputs.

This package imports nothing from the SDK, so ``iaccore.aws.config`` can read EKS config
without ``pulumi_aws``: ``from iaccore.aws.eks.cluster import EksCluster`` (or
``from iaccore.aws import EksCluster``) for the component.
"""
