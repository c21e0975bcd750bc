"""``EksCluster``: an Amazon EKS cluster, secure by default, with its Kubernetes provider.

What it builds (children of the component, in this module and its private helpers):

- a cluster IAM role (``AmazonEKSClusterPolicy`` only, plus an inline KMS grant for the key);
- a customer managed KMS key (``iaccore.aws.kms.create_kms_key``) with rotation and an
  alias, encrypting Kubernetes secrets and the control-plane log group;
- the CloudWatch log group ``/aws/eks/<cluster>/cluster``, created before the cluster so its
  retention and key apply from the first log line (``iaccore.aws.eks._logs``);
- the cluster: private endpoint only unless asked, control-plane logs, access entries (``API``);
- API ingress rules on the cluster security group for ``api_access``
  (``iaccore.aws.eks._api_access``);
- the add-ons a node needs (``vpc-cni``, ``kube-proxy``, ``eks-pod-identity-agent``), then a node
  IAM role and managed node groups on encrypted gp3 launch templates with IMDSv2 only and a hop
  limit of 1 (``iaccore.aws.eks._nodes``), then the other add-ons
  (``iaccore.aws.eks._addons``), the EBS CSI driver with its own IRSA role;
- access entries with ``AmazonEKSClusterAdminPolicy`` for the deployer and each admin principal
  and the IAM OIDC provider for IRSA (``iaccore.aws.eks._access``);
- a secret kubeconfig and a ``pulumi_kubernetes.Provider`` registered under the cluster's name.

Before anything registers it refuses a cluster nobody could administer and a VPC whose
``eks_cluster_names`` leave this cluster out (``iaccore.aws.eks.checks``); it logs a warning
when the Kubernetes version is past standard support
(``support_warning``).

Examples:
    >>> def program() -> None:
    ...     eks = EksCluster("main", {"subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
    ...                               "deployer_role_arn": "arn:aws:iam::123456789012:role/ci",
    ...                               "node_groups": {"general": {"min": 2, "max": 4}}})
    ...     pulumi.export("endpoint", eks.endpoint)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from iaccore.aws._base import AwsComponent
from iaccore.aws.eks import _access, _addons, _api_access, _logs, _nodes, _outputs
from iaccore.aws.eks.checks import (
    access_warnings,
    check_addons_have_nodes,
    check_admin_access,
    check_subnet_azs,
    check_vpc_cluster_names,
)
from iaccore.aws.eks.config import EksClusterConfig
from iaccore.aws.eks.plan import cluster_physical_name
from iaccore.aws.eks.versions import support_warning, validate_version
from iaccore.aws.environment import aws_environment
from iaccore.aws.iam.policy import AMAZON_EBS_CSI_DRIVER_POLICY, AMAZON_EKS_CLUSTER_POLICY
from iaccore.aws.iam.role import IamRole, PolicyInput, irsa_trust, service_role_config
from iaccore.aws.kms import KmsKey
from iaccore.core import context
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.provider import register_cluster_version

if TYPE_CHECKING:
    from iaccore.aws.network.vpc import SecureVpc

__all__ = ["EksCluster", "EksClusterConfig"]


class EksCluster(AwsComponent[EksClusterConfig]):
    """An EKS cluster with managed node groups, add-ons, IRSA and a Kubernetes provider.

    Args:
        name: Logical name; also the provider registry name of its Kubernetes provider.
        config: ``EksClusterConfig`` or a mapping (``aws.eks.clusters.<name>``).
        opts: Pulumi options (provider, protect … reach every child).
        vpc: A [`SecureVpc`][iaccore.aws.SecureVpc]; the cluster and nodes use its
            private subnets. Without it, ``subnet_ids`` must be set in config.
        tags: Extra tags for every child.

    Raises:
        ConfigurationError: Invalid config, no subnets, nobody to administer the cluster, or a
            VPC whose ``eks_cluster_names`` leave this cluster out; nothing has been registered.

    Attributes:
        physical_name: The EKS cluster name (``cluster_name``, or ``<project>-<stack>-<name>``).
        cluster: The ``aws.eks.Cluster``.
        cluster_role, node_role: The cluster's and nodes' [`IamRole`][iaccore.aws.IamRole].
        ebs_csi_role: The EBS CSI driver's IRSA [`IamRole`][iaccore.aws.IamRole] (None with
            that add-on off).
        api_ingress: The ``aws.vpc.SecurityGroupIngressRule`` children of ``api_access``.
        kms_key: The secrets and logs ``KmsKey`` (None when
            ``secrets_encryption`` is off).
        log_group: The control-plane ``aws.cloudwatch.LogGroup``.
        node_groups: The ``aws.eks.NodeGroup`` children, in name order.
        addons: The ``aws.eks.Addon`` children by add-on name.
        kubernetes_provider: The cluster's ``pulumi_kubernetes.Provider``.
        kubeconfig: The kubeconfig, a secret output.

    Examples:
        >>> def program() -> None:
        ...     eks = EksCluster("main", {"subnet_ids": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"],
        ...                               "deployer_role_arn": "arn:aws:iam::123456789012:role/ci",
        ...                               "api_access": {"cidrs": ["10.0.0.0/16"]}})
        ...     k8s.core.v1.Namespace("apps", opts=eks.kubernetes_opts)
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:aws:EksCluster"
    CONFIG_MODEL: ClassVar[type[EksClusterConfig]] = EksClusterConfig
    CONFIG_KEY: ClassVar[str] = "aws.eks.clusters"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = (
        "cluster",
        "api_ingress",
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

    physical_name: str
    cluster: aws.eks.Cluster
    cluster_role: IamRole
    node_role: IamRole
    ebs_csi_role: IamRole | None
    kms_key: KmsKey | None
    log_group: aws.cloudwatch.LogGroup
    node_groups: tuple[aws.eks.NodeGroup, ...]
    addons: Mapping[str, aws.eks.Addon]
    api_ingress: tuple[aws.vpc.SecurityGroupIngressRule, ...]
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
        private_azs = None
        if self._vpc is not None:
            private_azs = [s.az for s in self._vpc.plan.subnets if s.tier == "private"]
        vpc_key = self._vpc.key_path if self._vpc is not None else "aws.vpc"
        check_subnet_azs(config.subnet_ids, private_azs, key_path=key, vpc_key_path=vpc_key)
        check_addons_have_nodes(config, key_path=key)
        ctx = context.current()
        self.physical_name = config.cluster_name or cluster_physical_name(
            ctx.project, ctx.stack, self.name
        )
        if self._vpc is not None:
            check_vpc_cluster_names(
                self._vpc.config.eks_cluster_names,
                self.physical_name,
                vpc_key_path=self._vpc.key_path,
            )
        check_admin_access(config, key_path=key)

    @property
    def subnet_ids(self) -> list[pulumi.Input[str]]:
        """Subnets of the cluster and its node groups."""
        if self._vpc is not None:
            return list(self._vpc.private_subnet_ids)
        return list(self.config.subnet_ids)

    def _create(self) -> None:
        cfg = self.config
        for warning in (support_warning(cfg.version), *access_warnings(cfg)):
            if warning:
                self.log.warning(warning)
        env = aws_environment(self.provider)
        self.kms_key = None
        if cfg.secrets_encryption:
            self.kms_key = _logs.create_cluster_key(self, env=env, physical_name=self.physical_name)
        self.log_group = _logs.create_log_group(
            self,
            physical_name=self.physical_name,
            retention_days=cfg.log_retention_days,
            kms_key_arn=self.kms_key.arn if self.kms_key is not None else None,
        )
        self.cluster_role = self._create_cluster_role()
        self.cluster = self._create_cluster()
        self.cluster_security_group_id = _outputs.cluster_security_group_id(self.cluster)
        self.api_ingress = _api_access.create_api_ingress(
            self,
            security_group_id=self.cluster_security_group_id,
            cidrs=cfg.api_access.cidrs,
            security_group_ids=cfg.api_access.security_group_ids,
            physical_name=self.physical_name,
        ).rules
        self.oidc_issuer = _outputs.oidc_issuer(self.cluster)
        self.oidc_provider = _access.create_oidc_provider(self, issuer=self.oidc_issuer)
        before_nodes = self._create_addons("before_nodes")
        nodes = _nodes.create_nodes(
            self,
            cluster_name=self.cluster.name,
            subnet_ids=self.subnet_ids,
            version=cfg.version,
            node_groups=cfg.node_groups,
            physical_name=self.physical_name,
            enable_ssm=cfg.enable_ssm,
            custom_user_data=_outputs.node_user_data(self.cluster)
            if any(group.is_custom_ami for group in cfg.node_groups.values())
            else None,
            depends_on=list(before_nodes.values()),
        )
        self.node_role = nodes.role
        self.launch_templates = nodes.templates
        self.node_groups = nodes.groups
        self.access = _access.create_access_entries(
            self,
            cluster_name=self.cluster.name,
            principals=cfg.access_principals,
            partition=env.partition,
        )
        self.ebs_csi_role = self._create_ebs_csi_role()
        self.addons = {**before_nodes, **self._create_addons("after_nodes")}
        self.kubeconfig = _outputs.kubeconfig(
            self.cluster, role_arn=cfg.kubeconfig.role_arn, profile=cfg.kubeconfig.profile
        )
        waits_for = [*self.node_groups, *self.access.associations, *self.api_ingress]
        self.kubernetes_provider = k8s.Provider(
            self.child_name("k8s"),
            kubeconfig=self.kubeconfig,
            opts=self.child_opts("k8s", depends_on=waits_for or None),
        )
        context.current().providers.put("kubernetes", self.name, self.kubernetes_provider)
        register_cluster_version(self.name, self.config.version)
        self.endpoint = self.cluster.endpoint
        self.arn = self.cluster.arn
        self.cluster_name = self.cluster.name
        self.oidc_provider_arn = self.oidc_provider.arn
        self.node_role_arn = self.node_role.arn
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

        The role is a child of the cluster named ``<cluster>-irsa-role-<name>`` (role
        ``irsa_role``, so ``resource_options.irsa_role`` reaches it); its trust policy
        requires ``sub = system:serviceaccount:<namespace>:<service_account>`` and
        ``aud = sts.amazonaws.com`` from this cluster's OIDC provider.

        Examples:
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

    def _create_addons(self, phase: _addons.AddonPhase) -> dict[str, aws.eks.Addon]:
        """The add-ons of ``phase``; those after the nodes wait for the node groups."""
        after = phase == "after_nodes"
        ebs_role = self.ebs_csi_role if after else None
        return dict(
            _addons.create_addons(
                self,
                phase=phase,
                cluster_name=self.cluster.name,
                kubernetes_version=self.config.version,
                addons=self.config.addons,
                provider=self.provider,
                depends_on=self.node_groups if after else (),
                ebs_csi_role=ebs_role,
                ebs_csi_role_arn=ebs_role.arn if ebs_role is not None else None,
            ).by_name
        )

    def _create_ebs_csi_role(self) -> IamRole | None:
        """The EBS CSI driver's IRSA role, when that add-on is enabled."""
        if _addons.EBS_CSI_ADDON not in _addons.enabled_addons(self.config.addons):
            return None
        namespace, account = _addons.EBS_CSI_SERVICE_ACCOUNT
        return self.irsa_role(
            "ebs-csi", namespace, account, managed_policies=[AMAZON_EBS_CSI_DRIVER_POLICY]
        )

    def _create_cluster_role(self) -> IamRole:
        inline: dict[str, PolicyInput] = {}
        if self.kms_key is not None:
            inline["secrets-encryption"] = _logs.secrets_encryption_policy(self.kms_key.arn)
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
