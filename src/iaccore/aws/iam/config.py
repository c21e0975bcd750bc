"""Config models of [`iaccore.aws.IamRole`][iaccore.aws.IamRole] (plain data, no Pulumi import).

Examples:
    >>> cfg = IamRoleConfig(trust={"services": ["ec2.amazonaws.com"]})
    >>> cfg.trust.services, cfg.max_session_duration
    (('ec2.amazonaws.com',), 3600)
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import StringConstraints, field_validator, model_validator

from iaccore.aws.iam.policy import (
    POLICY_VERSION,
    PolicyDocument,
    account_trust_policy,
    oidc_trust_policy,
    service_trust_policy,
)
from iaccore.aws.types import AccountId, provider_field
from iaccore.core.config.base import ComponentConfig, Field, IaccoreModel

__all__ = ["IamRoleConfig", "OidcTrust", "RoleTrust"]

ServicePrincipal = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$")
]
ServiceAccount = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9*][a-z0-9.*-]*:[a-z0-9*][a-z0-9.*-]*$")
]
PolicyName = Annotated[str, StringConstraints(pattern=r"^[\w+=,.@-]{1,128}$")]


class OidcTrust(IaccoreModel):
    """Trust for Kubernetes service accounts through an IAM OIDC provider (IRSA).

    Examples:
        >>> OidcTrust(provider_arn="arn:aws:iam::123456789012:oidc-provider/oidc.example/id/X",
        ...           issuer="https://oidc.example/id/X",
        ...           service_accounts=["kube-system:ebs-csi-controller-sa"]).audience
        'sts.amazonaws.com'
    """

    provider_arn: str = Field(
        pattern=r"^arn:[a-z-]+:iam::\d{12}:oidc-provider/.+$",
        description="ARN of the IAM OIDC provider of the cluster.",
    )
    issuer: str = Field(min_length=1, description="Issuer URL or host of the OIDC provider.")
    service_accounts: tuple[ServiceAccount, ...] = Field(
        min_length=1, description="`namespace:name` of each service account trusted."
    )
    audience: str = Field("sts.amazonaws.com", description="Expected `aud` claim.")


class RoleTrust(IaccoreModel):
    """Who may assume the role: AWS services, other accounts and/or OIDC service accounts.

    Examples:
        >>> RoleTrust(account_ids=["123456789012"], require_mfa=True).require_mfa
        True
    """

    services: tuple[ServicePrincipal, ...] = Field(
        (), description="Service principals such as `ec2.amazonaws.com`; none by default."
    )
    account_ids: tuple[AccountId, ...] = Field(
        (), description="Accounts whose principals may assume the role; none by default."
    )
    external_id: str | None = Field(
        None, min_length=1, description="`sts:ExternalId` required from account principals."
    )
    require_mfa: bool = Field(False, description="Require MFA from account principals.")
    oidc: OidcTrust | None = Field(None, description="IRSA trust; none by default.")

    @model_validator(mode="after")
    def _check_any(self) -> RoleTrust:
        if not (self.services or self.account_ids or self.oidc):
            raise ValueError("trust needs at least one of services, account_ids or oidc")
        if (self.external_id or self.require_mfa) and not self.account_ids:
            raise ValueError("external_id and require_mfa apply to account_ids; none are listed")
        return self

    def policy(self, partition: str = "aws") -> PolicyDocument:
        """The trust policy document."""
        docs: list[PolicyDocument] = []
        if self.services:
            docs.append(service_trust_policy(*self.services))
        if self.account_ids:
            docs.append(
                account_trust_policy(
                    list(self.account_ids),
                    self.external_id,
                    require_mfa=self.require_mfa,
                    partition=partition,
                )
            )
        if self.oidc is not None:
            pairs = [tuple(sa.split(":", 1)) for sa in self.oidc.service_accounts]
            docs.append(
                oidc_trust_policy(
                    self.oidc.provider_arn,
                    self.oidc.issuer,
                    [(ns, name) for ns, name in pairs],
                    audience=self.oidc.audience,
                )
            )
        result = docs[0]
        for doc in docs[1:]:
            result = result + doc
        return result


class IamRoleConfig(ComponentConfig):
    """An IAM role: trust, managed and inline policies, boundary and session length.

    Examples:
        >>> IamRoleConfig(trust={"services": ["lambda.amazonaws.com"]},
        ...               managed_policy_arns=["AmazonSSMManagedInstanceCore"]).path
        '/'
    """

    name_prefix: str | None = Field(
        None,
        min_length=1,
        max_length=38,
        pattern=r"^[\w+=,.@-]+$",
        description="Physical name prefix; unset lets Pulumi name the role after the component.",
    )
    path: str = Field("/", pattern=r"^/(?:[\w+=,.@-]+/)*$", description="IAM path; default `/`.")
    description: str | None = Field(None, max_length=1000, description="Role description.")
    trust: RoleTrust | None = Field(
        None, description="Trust policy; required unless code passes a typed trust policy."
    )
    managed_policy_arns: tuple[str, ...] = Field(
        (),
        description="Managed policies: ARNs, or names of AWS managed policies iaccore knows "
        "(`AmazonEKSClusterPolicy`); none by default.",
    )
    inline_policies: dict[PolicyName, dict[str, Any]] = Field(
        default_factory=dict, description="Inline policies by name (IAM policy JSON documents)."
    )
    permissions_boundary_arn: str | None = Field(
        None,
        pattern=r"^arn:[a-z-]+:iam::(?:\d{12}|aws):policy/.+$",
        description="Permissions boundary policy ARN; none by default.",
    )
    max_session_duration: int = Field(
        3600, ge=3600, le=43200, description="Maximum session length in seconds; default 3600."
    )
    provider: str | None = provider_field()

    @field_validator("managed_policy_arns")
    @classmethod
    def _check_managed(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("values must be unique")
        for item in value:
            if item.startswith("arn:") and ":policy/" not in item:
                raise ValueError(f"{item!r} is not a policy ARN")
        return value

    @field_validator("inline_policies")
    @classmethod
    def _check_inline(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for name, document in value.items():
            statements = document.get("Statement")
            if not isinstance(statements, list) or not statements:
                raise ValueError(f"inline policy {name!r} needs a non-empty Statement list")
            version = document.get("Version", POLICY_VERSION)
            if version != POLICY_VERSION:
                raise ValueError(f"inline policy {name!r}: Version must be {POLICY_VERSION}")
        return value
