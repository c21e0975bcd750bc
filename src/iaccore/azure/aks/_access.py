"""Who reaches the cluster: the deployer's Azure RBAC role and workload identities.

With Azure RBAC for Kubernetes authorization, a Kubernetes request is allowed by Azure role
assignments on the cluster; the identity running Pulumi gets ``Azure Kubernetes Service RBAC
Cluster Admin`` there (``deployer_admin``) so the same program can create Kubernetes resources.
A workload identity is a user-assigned managed identity trusting one service account through a
federated identity credential on the cluster's OIDC issuer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization, managedidentity

from iaccore.azure.rbac.assignment import assign_role
from iaccore.core.children import ChildFactory

__all__ = [
    "AKS_RBAC_CLUSTER_ADMIN",
    "SUBNET_ROLE",
    "TOKEN_AUDIENCE",
    "WorkloadIdentity",
    "create_deployer_admin",
    "create_subnet_access",
    "create_workload_identity",
    "service_account_subject",
]

#: The built-in role the deployer gets on the cluster.
AKS_RBAC_CLUSTER_ADMIN = "Azure Kubernetes Service RBAC Cluster Admin"
#: The role the cluster's identity needs on its nodes' subnet in a VNet it does not own (AKS
#: "Use your own virtual network": at least Network Contributor, to place load balancers and
#: join the subnet).
SUBNET_ROLE = "Network Contributor"
#: Audience of the tokens a pod exchanges for an Entra ID token.
TOKEN_AUDIENCE = "api://AzureADTokenExchange"


def service_account_subject(namespace: str, service_account: str) -> str:
    """The OIDC subject of a Kubernetes service account.

    Examples:
        >>> service_account_subject("apps", "api")
        'system:serviceaccount:apps:api'
    """
    return f"system:serviceaccount:{namespace}:{service_account}"


def create_deployer_admin(
    factory: ChildFactory,
    *,
    principal_id: str,
    principal_type: str,
    cluster_id: pulumi.Input[str],
    key_path: str,
) -> authorization.RoleAssignment:
    """``AKS RBAC Cluster Admin`` for the deploying identity on the cluster (``admin_role``)."""
    grant = assign_role(
        factory,
        "admin_role",
        role=AKS_RBAC_CLUSTER_ADMIN,
        scope=cluster_id,
        principal_id=principal_id,
        principal_type=principal_type,
        description="Lets the identity running Pulumi manage Kubernetes resources",
        key_path=key_path,
    )
    return grant.assignment


def create_subnet_access(
    factory: ChildFactory,
    *,
    principal_id: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
    key_path: str,
) -> authorization.RoleAssignment:
    """``Network Contributor`` on the nodes' subnet for the cluster's system-assigned identity
    (``subnet_role``), which the Azure CLI grants on its own and ARM does not."""
    grant = assign_role(
        factory,
        "subnet_role",
        role=SUBNET_ROLE,
        scope=subnet_id,
        principal_id=principal_id,
        principal_type="ServicePrincipal",
        description="Lets the AKS cluster identity manage load balancers in its nodes' subnet",
        key_path=key_path,
    )
    return grant.assignment


@dataclass(frozen=True)
class WorkloadIdentity:
    """A workload identity: the managed identity and its federated credential.

    ``client_id`` goes into the service account annotation
    ``azure.workload.identity/client-id`` (the Application's ``azure_client_id``);
    ``principal_id`` is what role assignments name.
    """

    identity: managedidentity.UserAssignedIdentity
    credential: managedidentity.FederatedIdentityCredential
    namespace: str
    service_account: str

    @property
    def client_id(self) -> pulumi.Output[str]:
        """The identity's client (application) id."""
        value: pulumi.Output[str] = self.identity.client_id
        return value

    @property
    def principal_id(self) -> pulumi.Output[str]:
        """The identity's service principal object id."""
        value: pulumi.Output[str] = self.identity.principal_id
        return value


def create_workload_identity(
    factory: ChildFactory,
    name: str,
    *,
    identity_name: str,
    namespace: str,
    service_account: str,
    issuer: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
    location: str,
) -> WorkloadIdentity:
    """The identity (role ``workload_identity``) and credential (``federated_credential``)."""
    identity = managedidentity.UserAssignedIdentity(
        factory.child_name("workload_identity", name),
        resource_name_=identity_name,
        resource_group_name=resource_group_name,
        location=location,
        tags=factory.child_tags("workload_identity", name),
        opts=factory.child_opts("workload_identity"),
    )
    credential = managedidentity.FederatedIdentityCredential(
        factory.child_name("federated_credential", name),
        federated_identity_credential_resource_name=f"{namespace}-{service_account}"[:120],
        resource_name_=identity.name,
        resource_group_name=resource_group_name,
        issuer=issuer,
        subject=service_account_subject(namespace, service_account),
        audiences=[TOKEN_AUDIENCE],
        opts=factory.child_opts("federated_credential"),
    )
    return WorkloadIdentity(identity, credential, namespace, service_account)
