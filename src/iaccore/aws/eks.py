"""``EksCluster``: an Amazon EKS cluster, secure by default, with its Kubernetes provider.

What it builds (children of the component, in this module and its private helpers):

- a cluster IAM role (``AmazonEKSClusterPolicy`` only, plus an inline KMS grant for the key);
- a customer managed KMS key with rotation and an alias, encrypting Kubernetes secrets and the
  control-plane log group;
- the CloudWatch log group ``/aws/eks/<cluster>/cluster``, created before the cluster so its
  retention and key apply from the first log line;
- the cluster: private endpoint only unless asked, control-plane logs, access entries (``API``);
- a node IAM role and managed node groups on encrypted gp3 launch templates with IMDSv2 only
  (:mod:`iaccore.aws._eks_nodes`);
- access entries with ``AmazonEKSClusterAdminPolicy`` for each admin principal and the IAM OIDC
  provider for IRSA (:mod:`iaccore.aws._eks_access`);
- managed add-ons, the EBS CSI driver with its own IRSA role (:mod:`iaccore.aws._eks_addons`);
- a secret kubeconfig and a ``pulumi_kubernetes.Provider`` registered under the cluster's name.

Example:
    >>> def program() -> None:
    ...     eks = EksCluster("main", {"subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
    ...                               "node_groups": {"general": {"min": 2, "max": 4}}})
    ...     pulumi.export("endpoint", eks.endpoint)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from iaccore.aws import _eks_access, _eks_addons, _eks_kms, _eks_nodes
from iaccore.aws._base import AwsComponent
from iaccore.aws._eks_config import EksClusterConfig
from iaccore.aws._eks_plan import cluster_physical_name
from iaccore.aws._kubeconfig import build_kubeconfig
from iaccore.aws.eks_versions import validate_version
from iaccore.aws.iam.policy import AMAZON_EKS_CLUSTER_POLICY, PolicyDocument, PolicyStatement
from iaccore.aws.iam.role import (
    IamRole,
    PolicyInput,
    aws_partition,
    irsa_trust,
    service_role_config,
)
from iaccore.core import context
from iaccore.core.errors import ConfigurationError

if TYPE_CHECKING:
    from iaccore.aws.network.vpc import SecureVpc

#: Managed add-ons that run as pods, so they need nodes to become active.
NODE_SCHEDULED_ADDONS = ("aws-ebs-csi-driver", "coredns")

__all__ = ["EksCluster", "EksClusterConfig"]

_KMS_CLUSTER_ACTIONS = ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ListGrants")


def _field(value: Any, *keys: str) -> Any:
    """A field of an output object: typed SDK output classes and plain dicts (mocks) alike."""
    for key in keys:
        if isinstance(value, Mapping) and key in value:
            return value[key]
        if hasattr(value, key):
            return getattr(value, key)
    return None


class EksCluster(AwsComponent[EksClusterConfig]):
    """An EKS cluster with managed node groups, add-ons, IRSA and a Kubernetes provider.

    Args:
        name: Logical name; also the provider registry name of its Kubernetes provider.
        config: :class:`EksClusterConfig` or a mapping (``aws.eks.clusters.<name>``).
        opts: Pulumi options (provider, protect … reach every child).
        vpc: A :class:`~iaccore.aws.network.vpc.SecureVpc`; the cluster and nodes use its
            private subnets. Without it, ``subnet_ids`` must be set in config.
        tags: Extra tags for every child.

    Raises:
        ConfigurationError: Invalid config, or no subnets; nothing has been registered.

    Attributes:
        cluster: The ``aws.eks.Cluster``.
        kubernetes_provider: The cluster's ``pulumi_kubernetes.Provider``.
        kubeconfig: The kubeconfig, a secret output.

    Example:
        >>> def program() -> None:
        ...     eks = EksCluster("main", {"subnet_ids": ["subnet-0a1b2c3d"]})
        ...     k8s.core.v1.Namespace("apps", opts=eks.kubernetes_opts)
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:aws:EksCluster"
    CONFIG_MODEL: ClassVar[type[EksClusterConfig]] = EksClusterConfig
    CONFIG_KEY: ClassVar[str] = "aws.eks.clusters"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = (
        "cluster",
        "cluster_role",
        "kms_key",
        "kms_alias",
        "log_group",
        "node_role",
        "launch_template",
        "node_group",
        "access_entry",
        "access_policy",
        "oidc_provider",
        "addon",
        "irsa_role",
        "k8s",
    )

    cluster: aws.eks.Cluster
    kubernetes_provider: k8s.Provider
    kubeconfig: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        config: EksClusterConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        vpc: SecureVpc | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self._vpc = vpc
        self.physical_name = ""
        super().__init__(name, config, opts, tags=tags)

    # -- lifecycle -----------------------------------------------------------------------------

    def _prepare(self, config: EksClusterConfig) -> None:
        key = self.key_path
        validate_version(config.version, key_path=f"{key}.version")
        if self._vpc is not None and config.subnet_ids:
            raise ConfigurationError(
                "both a vpc and subnet_ids are given; pass one",
                key_path=f"{key}.subnet_ids",
                expected="subnet_ids without vpc=, or vpc= without subnet_ids",
            )
        if self._vpc is None and not config.subnet_ids:
            raise ConfigurationError(
                "the cluster has no subnets: pass vpc=SecureVpc(...) or set subnet_ids",
                key_path=f"{key}.subnet_ids",
                expected="at least one subnet id (subnet-…) in private subnets",
            )
        self._check_subnets(config)
        needs_nodes = sorted(
            addon
            for addon in NODE_SCHEDULED_ADDONS
            if addon in config.addons and config.addons[addon].enabled
        )
        if not config.node_groups and needs_nodes:
            raise ConfigurationError(
                f"add-ons {', '.join(needs_nodes)} run as pods and would never become active "
                "without a node group",
                key_path=f"{key}.node_groups",
                expected="at least one node group, or those add-ons set to enabled: false",
            )
        ctx = context.current()
        self.physical_name = config.cluster_name or cluster_physical_name(
            ctx.project, ctx.stack, self.name
        )

    def _check_subnets(self, config: EksClusterConfig) -> None:
        # EKS places control-plane interfaces in at least two AZs (CreateCluster refuses fewer).
        key = self.key_path
        if self._vpc is None:
            if len(set(config.subnet_ids)) < 2:
                raise ConfigurationError(
                    "EKS needs subnets in at least two availability zones",
                    key_path=f"{key}.subnet_ids",
                    expected="two or more subnet ids in different AZs",
                )
            return
        private = [s for s in self._vpc.plan.subnets if s.tier == "private"]
        if len({s.az for s in private}) < 2:
            raise ConfigurationError(
                "the VPC has private subnets in fewer than two availability zones",
                key_path="aws.vpc.azs",
                expected="the private tier enabled and azs of 2 or more",
            )

    @property
    def subnet_ids(self) -> list[pulumi.Input[str]]:
        """Subnets of the cluster and its node groups."""
        if self._vpc is not None:
            return list(self._vpc.private_subnet_ids)
        return list(self.config.subnet_ids)

    def _create(self) -> None:
        cfg = self.config
        self.partition = aws_partition(self.provider)
        self.kms_key = _eks_kms.create_key(self) if cfg.secrets_encryption else None
        self.log_group = _eks_kms.create_log_group(self)
        self.cluster_role = self._create_cluster_role()
        self.cluster = self._create_cluster()
        self.oidc_issuer: pulumi.Output[str] = self.cluster.identities.apply(
            lambda ids: str(_field(_field(ids[0], "oidcs")[0], "issuer"))
        )
        self.oidc_provider = _eks_access.create_oidc_provider(self)
        self.node_role = _eks_nodes.create_node_role(self)
        self.node_groups = _eks_nodes.create_node_groups(self)
        self.access_entries = _eks_access.create_access_entries(self)
        self.ebs_csi_role: IamRole | None = None
        self.addons = _eks_addons.create_addons(self)
        self.kubeconfig = self._kubeconfig()
        self.kubernetes_provider = k8s.Provider(
            self.child_name("k8s"),
            kubeconfig=self.kubeconfig,
            opts=self.child_opts(
                "k8s", depends_on=[*self.node_groups, *self.access_entries] or None
            ),
        )
        context.current().providers.put("kubernetes", self.name, self.kubernetes_provider)
        self.endpoint = self.cluster.endpoint
        self.arn = self.cluster.arn
        self.cluster_name = self.cluster.name
        self.oidc_provider_arn = self.oidc_provider.arn
        self.node_role_arn = self.node_role.arn
        self.cluster_security_group_id = self.cluster.vpc_config.apply(
            lambda vpc: _field(vpc, "cluster_security_group_id", "clusterSecurityGroupId")
        )
        self.register(
            cluster_name=self.cluster_name,
            endpoint=self.endpoint,
            arn=self.arn,
            oidc_provider_arn=self.oidc_provider_arn,
            oidc_issuer=self.oidc_issuer,
            cluster_security_group_id=self.cluster_security_group_id,
            node_role_arn=self.node_role_arn,
            kubeconfig=self.kubeconfig,
        )

    # -- public helpers ------------------------------------------------------------------------

    @property
    def kubernetes_opts(self) -> pulumi.ResourceOptions:
        """Options that put a Kubernetes resource on this cluster: ``opts=eks.kubernetes_opts``."""
        return pulumi.ResourceOptions(provider=self.kubernetes_provider)

    def irsa_role(
        self,
        name: str,
        namespace: str,
        service_account: str,
        managed_policies: Sequence[str] = (),
        inline_policies: Mapping[str, PolicyInput] | None = None,
    ) -> IamRole:
        """An IAM role service account ``namespace/service_account`` assumes through IRSA.

        The role is a child of the cluster named ``<cluster>-irsa-<name>``; its trust policy
        requires ``sub = system:serviceaccount:<namespace>:<service_account>`` and
        ``aud = sts.amazonaws.com`` from this cluster's OIDC provider.

        Example:
            >>> def program() -> None:
            ...     eks = EksCluster("main", {"subnet_ids": ["subnet-0a1b2c3d"]})
            ...     route53 = "arn:aws:iam::aws:policy/AmazonRoute53FullAccess"
            ...     eks.irsa_role("dns", "kube-system", "external-dns", managed_policies=[route53])
        """
        trust = irsa_trust(
            oidc_provider_arn=self.oidc_provider.arn,
            oidc_issuer=self.oidc_issuer,
            namespace=namespace,
            service_account=service_account,
        )
        return self.child_component(
            IamRole,
            "irsa_role",
            {"description": f"IRSA role of {namespace}/{service_account}"},
            name,
            trust_policy=trust,
            managed_policies=managed_policies,
            inline_policies=inline_policies,
        )

    # -- children ------------------------------------------------------------------------------

    def _create_cluster_role(self) -> IamRole:
        inline: dict[str, PolicyInput] = {}
        if self.kms_key is not None:
            inline["secrets-encryption"] = self.kms_key.arn.apply(
                lambda arn: PolicyDocument(
                    [
                        PolicyStatement(
                            sid="SecretsEncryption",
                            actions=list(_KMS_CLUSTER_ACTIONS),
                            resources=[arn],
                        )
                    ]
                )
            )
        return self.child_component(
            IamRole,
            "cluster_role",
            service_role_config(
                "eks.amazonaws.com", description=f"EKS cluster role of {self.physical_name}"
            ),
            managed_policies=[AMAZON_EKS_CLUSTER_POLICY],
            inline_policies=inline,
        )

    def _create_cluster(self) -> aws.eks.Cluster:
        cfg = self.config
        encryption = None
        if self.kms_key is not None:
            encryption = aws.eks.ClusterEncryptionConfigArgs(
                provider=aws.eks.ClusterEncryptionConfigProviderArgs(key_arn=self.kms_key.arn),
                resources=["secrets"],
            )
        return aws.eks.Cluster(
            self.child_name("cluster"),
            name=self.physical_name,
            role_arn=self.cluster_role.arn,
            version=cfg.version,
            vpc_config=aws.eks.ClusterVpcConfigArgs(
                subnet_ids=self.subnet_ids,
                endpoint_private_access=cfg.endpoint_private_access,
                endpoint_public_access=cfg.endpoint_public_access,
                public_access_cidrs=list(cfg.public_access_cidrs)
                if cfg.endpoint_public_access
                else None,
            ),
            encryption_config=encryption,
            enabled_cluster_log_types=list(cfg.enabled_log_types),
            access_config=aws.eks.ClusterAccessConfigArgs(
                authentication_mode=cfg.authentication_mode,
                bootstrap_cluster_creator_admin_permissions=(
                    cfg.bootstrap_cluster_creator_admin_permissions
                ),
            ),
            tags=self.child_tags("cluster"),
            opts=self.child_opts("cluster", depends_on=[self.log_group, self.cluster_role]),
        )

    def _kubeconfig(self) -> pulumi.Output[str]:
        cluster = self.cluster

        def build(args: list[Any]) -> str:
            name, endpoint, authority, arn = args
            return build_kubeconfig(
                cluster_name=str(name),
                endpoint=str(endpoint),
                ca_data=str(_field(authority, "data")),
                region=str(arn).split(":")[3],
            )

        text = pulumi.Output.all(
            cluster.name, cluster.endpoint, cluster.certificate_authority, cluster.arn
        ).apply(build)
        return pulumi.Output.secret(text)
