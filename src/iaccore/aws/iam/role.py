"""``IamRole``: an IAM role with a typed trust policy, managed and inline policies.

Policies are ``PolicyDocument`` objects (or their JSON data from
config), never concatenated strings. Each managed policy is its own ``RolePolicyAttachment`` and
each inline policy its own ``RolePolicy``, so adding one never rewrites the others.

Examples:
    >>> from iaccore.aws.iam.policy import AMAZON_SSM_MANAGED_INSTANCE_CORE
    >>> def program() -> None:
    ...     IamRole.for_service("bastion", "ec2.amazonaws.com",
    ...                         managed_policies=[AMAZON_SSM_MANAGED_INSTANCE_CORE])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import pulumi
import pulumi_aws as aws

from iaccore.aws._base import AwsComponent
from iaccore.aws.environment import aws_environment
from iaccore.aws.iam.config import IamRoleConfig, OidcTrust, RoleTrust
from iaccore.aws.iam.inputs import PolicyInput, policy_json
from iaccore.aws.iam.policy import PolicyDocument, managed_policy_arn, oidc_trust_policy
from iaccore.core import context
from iaccore.core.errors import ConfigurationError

__all__ = [
    "IamRole",
    "IamRoleConfig",
    "OidcTrust",
    "PolicyInput",
    "RoleTrust",
    "irsa_role",
    "irsa_trust",
    "service_role_config",
]


class IamRole(AwsComponent[IamRoleConfig]):
    """An IAM role with typed trust, one attachment per managed policy, one inline per policy.

    Args:
        name: Logical name; children are ``<name>-role``, ``<name>-policy-<PolicyName>`` and
            ``<name>-inline-<policy>``.
        config: ``IamRoleConfig`` or a mapping.
        opts: Pulumi options (provider, protect … reach the children).
        tags: Extra tags for the role.
        trust_policy: A typed trust policy (wins over ``config.trust``; one of them is needed).
        inline_policies: Typed inline policies by name, added to ``config.inline_policies``.
        managed_policies: Managed policy names or ARNs, added to ``config.managed_policy_arns``.

    Attributes:
        role: The ``aws.iam.Role``.
        arn: The role's ARN.
        role_name: The role's physical name.

    Roles from config: ``IamRole(name, stack.aws.iam_roles[name])`` (error key paths
    ``aws.iam_roles.<name>``); a typed ``trust_policy`` from code may complete a config role that
    has no ``trust``.

    Examples:
        >>> def program() -> None:
        ...     IamRole("ci", {"trust": {"account_ids": ["123456789012"], "require_mfa": True},
        ...                   "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]})
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:aws:IamRole"
    CONFIG_MODEL: ClassVar[type[IamRoleConfig]] = IamRoleConfig
    CONFIG_KEY: ClassVar[str] = "aws.iam_roles"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = ("role", "policy_attachment", "inline_policy")

    @classmethod
    def config_key(cls, name: str) -> str:
        """``aws.iam_roles.<name>`` for a role of that map, else ``IamRole(<name>)``.

        Roles built in code (the nested roles of other components, IRSA roles) are not in the
        map, so their errors name the component instead of a key that does not exist.
        """
        section = getattr(context.current().stack_config, "aws", None)
        if name in (getattr(section, "iam_roles", None) or {}):
            return f"{cls.CONFIG_KEY}.{name}"
        return f"IamRole({name})"

    role: aws.iam.Role
    arn: pulumi.Output[str]
    role_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        config: IamRoleConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
        trust_policy: PolicyInput | None = None,
        inline_policies: Mapping[str, PolicyInput] | None = None,
        managed_policies: Sequence[str] = (),
    ) -> None:
        self._trust_policy = trust_policy
        self._code_inline = dict(inline_policies or {})
        self._code_managed = tuple(managed_policies)
        super().__init__(name, config, opts, tags=tags)

    # -- constructors --------------------------------------------------------------------------

    @classmethod
    def for_service(
        cls,
        name: str,
        *services: str,
        managed_policies: Sequence[str] = (),
        inline_policies: Mapping[str, PolicyInput] | None = None,
        permissions_boundary: str | None = None,
        description: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> IamRole:
        """A role AWS services (``ec2.amazonaws.com`` …) assume.

        Examples:
            >>> def program() -> None:
            ...     IamRole.for_service("nodes", "ec2.amazonaws.com",
            ...                         managed_policies=["AmazonEKSWorkerNodePolicy"])
        """
        config = service_role_config(
            *services, description=description, permissions_boundary=permissions_boundary
        )
        return cls(
            name,
            config,
            opts,
            tags=tags,
            inline_policies=inline_policies,
            managed_policies=managed_policies,
        )

    # -- lifecycle -----------------------------------------------------------------------------

    def _key(self, field: str) -> str:
        return f"{self.key_path}.{field}"

    def _prepare(self, config: IamRoleConfig) -> None:
        if config.trust is None and self._trust_policy is None:
            raise ConfigurationError(
                "an IAM role needs a trust policy",
                key_path=self._key("trust"),
                expected="trust.services, trust.account_ids or trust.oidc",
            )
        if config.trust is not None and self._trust_policy is not None:
            raise ConfigurationError(
                "trust is set in config and a trust_policy is passed in code; give one",
                key_path=self._key("trust"),
            )
        clash = sorted(set(config.inline_policies) & set(self._code_inline))
        if clash:
            raise ConfigurationError(
                f"inline policy {clash[0]!r} is given both in config and in code",
                key_path=self._key(f"inline_policies.{clash[0]}"),
            )
        named = [(f"managed_policy_arns[{i}]", v) for i, v in enumerate(config.managed_policy_arns)]
        named += [("managed_policy_arns", item) for item in self._code_managed]
        for where, item in named:
            if not item.startswith("arn:"):
                try:
                    managed_policy_arn(item)
                except ValueError as err:
                    raise ConfigurationError(str(err), key_path=self._key(where)) from None

    def _policy_arns(self, partition: str) -> list[str]:
        arns: list[str] = []
        for item in (*self.config.managed_policy_arns, *self._code_managed):
            arn = item if item.startswith("arn:") else managed_policy_arn(item, partition)
            if arn not in arns:
                arns.append(arn)
        return arns

    def _create(self) -> None:
        cfg = self.config
        partition = aws_environment(self.provider).partition
        if self._trust_policy is not None:
            trust: pulumi.Input[str] = policy_json(self._trust_policy)
        else:
            assert cfg.trust is not None  # checked in _prepare
            trust = cfg.trust.policy(partition).to_json()
        self.role = aws.iam.Role(
            self.child_name("role"),
            assume_role_policy=trust,
            name_prefix=cfg.name_prefix,
            path=cfg.path,
            description=cfg.description,
            permissions_boundary=cfg.permissions_boundary_arn,
            max_session_duration=cfg.max_session_duration,
            force_detach_policies=True,
            tags=self.child_tags("role"),
            opts=self.child_opts("role"),
        )
        self.attachments = [
            aws.iam.RolePolicyAttachment(
                self.child_name("policy", arn.rsplit("/", 1)[-1]),
                role=self.role.name,
                policy_arn=arn,
                opts=self.child_opts("policy_attachment"),
            )
            for arn in self._policy_arns(partition)
        ]
        inline: dict[str, PolicyInput | Mapping[str, Any]] = {
            **cfg.inline_policies,
            **self._code_inline,
        }
        self.inline_policies = [
            aws.iam.RolePolicy(
                self.child_name("inline", policy_name),
                name=policy_name,
                role=self.role.id,
                policy=policy_json(inline[policy_name]),
                opts=self.child_opts("inline_policy"),
            )
            for policy_name in sorted(inline)
        ]
        self.arn = self.role.arn
        self.role_name = self.role.name
        self.register(arn=self.arn, name=self.role_name, unique_id=self.role.unique_id)


def service_role_config(
    *services: str, description: str | None = None, permissions_boundary: str | None = None
) -> dict[str, Any]:
    """``IamRoleConfig`` data of a role AWS ``services`` assume.

    Examples:
        >>> service_role_config("ec2.amazonaws.com", description="nodes")
        {'trust': {'services': ['ec2.amazonaws.com']}, 'description': 'nodes'}
    """
    config: dict[str, Any] = {"trust": {"services": list(services)}}
    if description is not None:
        config["description"] = description
    if permissions_boundary is not None:
        config["permissions_boundary_arn"] = permissions_boundary
    return config


def irsa_trust(
    *,
    oidc_provider_arn: pulumi.Input[str],
    oidc_issuer: pulumi.Input[str],
    namespace: str,
    service_account: str,
    audience: str = "sts.amazonaws.com",
) -> pulumi.Output[PolicyDocument]:
    """Trust policy for the Kubernetes service account ``namespace/service_account`` (IRSA).

    Allows ``sts:AssumeRoleWithWebIdentity`` from the cluster's OIDC provider when
    ``<issuer>:sub`` is ``system:serviceaccount:<namespace>:<service_account>`` and
    ``<issuer>:aud`` is ``audience``.
    """
    if not namespace or not service_account:
        raise ConfigurationError(
            "an IRSA role needs a namespace and a service account",
            key_path="trust.oidc.service_accounts",
            expected="a namespace and a service account name",
        )
    return pulumi.Output.all(oidc_provider_arn, oidc_issuer).apply(
        lambda values: oidc_trust_policy(
            str(values[0]), str(values[1]), [(namespace, service_account)], audience=audience
        )
    )


def irsa_role(
    name: str,
    *,
    oidc_provider_arn: pulumi.Input[str],
    oidc_issuer: pulumi.Input[str],
    namespace: str,
    service_account: str,
    managed_policies: Sequence[str] = (),
    inline_policies: Mapping[str, PolicyInput] | None = None,
    permissions_boundary: str | None = None,
    audience: str = "sts.amazonaws.com",
    opts: pulumi.ResourceOptions | None = None,
    tags: Mapping[str, str] | None = None,
) -> IamRole:
    """A role the Kubernetes service account ``namespace/service_account`` assumes (IRSA).

    The trust policy allows ``sts:AssumeRoleWithWebIdentity`` from the cluster's OIDC provider when
    ``<issuer>:sub`` is ``system:serviceaccount:<namespace>:<service_account>`` and ``<issuer>:aud``
    is ``audience``. [`iaccore.aws.EksCluster.irsa_role`][iaccore.aws.EksCluster.irsa_role] fills in
    the provider and issuer of a cluster.

    Examples:
        >>> def program() -> None:
        ...     irsa_role("dns", oidc_provider_arn="arn:aws:iam::123456789012:oidc-provider/o/id/X",
        ...               oidc_issuer="https://o/id/X", namespace="kube-system",
        ...               service_account="external-dns")
    """
    trust = irsa_trust(
        oidc_provider_arn=oidc_provider_arn,
        oidc_issuer=oidc_issuer,
        namespace=namespace,
        service_account=service_account,
        audience=audience,
    )
    config: dict[str, Any] = {}
    if permissions_boundary is not None:
        config["permissions_boundary_arn"] = permissions_boundary
    config["description"] = f"IRSA role of {namespace}/{service_account}"
    return IamRole(
        name,
        config,
        opts,
        tags=tags,
        trust_policy=trust,
        inline_policies=inline_policies,
        managed_policies=managed_policies,
    )
