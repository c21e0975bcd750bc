"""Unit tests of iaccore.aws.iam.policy: exact policy JSON snapshots and validation."""

from __future__ import annotations

import json

import pytest

from iaccore.aws.iam.policy import (
    AMAZON_EBS_CSI_DRIVER_POLICY,
    AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY,
    AMAZON_EKS_CLUSTER_POLICY,
    AMAZON_EKS_CNI_POLICY,
    AMAZON_EKS_VPC_RESOURCE_CONTROLLER,
    AMAZON_EKS_WORKER_NODE_POLICY,
    AMAZON_SSM_MANAGED_INSTANCE_CORE,
    PolicyDocument,
    PolicyStatement,
    account_trust_policy,
    managed_policy_arn,
    oidc_trust_policy,
    pod_identity_trust_policy,
    service_trust_policy,
    tls_only_bucket_policy,
)

ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
PROVIDER = f"arn:aws:iam::123456789012:oidc-provider/{ISSUER}"


class TestManagedPolicies:
    """Managed policy names and ARNs."""

    @pytest.mark.parametrize(
        ("name", "arn"),
        [
            (AMAZON_EKS_CLUSTER_POLICY, "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"),
            (
                AMAZON_EKS_VPC_RESOURCE_CONTROLLER,
                "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController",
            ),
            (AMAZON_EKS_WORKER_NODE_POLICY, "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
            (AMAZON_EKS_CNI_POLICY, "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"),
            (
                AMAZON_EC2_CONTAINER_REGISTRY_READ_ONLY,
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            ),
            (
                AMAZON_SSM_MANAGED_INSTANCE_CORE,
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ),
            (
                AMAZON_EBS_CSI_DRIVER_POLICY,
                "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
            ),
        ],
    )
    def test_arns(self, name: str, arn: str) -> None:
        """Exact ARNs, including the service-role path of the EBS CSI policy."""
        assert managed_policy_arn(name) == arn

    def test_partition(self) -> None:
        """Other partitions."""
        assert managed_policy_arn(AMAZON_EBS_CSI_DRIVER_POLICY, partition="aws-cn") == (
            "arn:aws-cn:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
        )

    def test_explicit_path(self) -> None:
        """Names with a path are used as given."""
        assert managed_policy_arn("service-role/AWSLambdaBasicExecutionRole") == (
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        )

    def test_unknown(self) -> None:
        """Unknown bare names are refused rather than guessed."""
        with pytest.raises(ValueError, match="unknown managed policy 'ReadOnlyAccesss'"):
            managed_policy_arn("ReadOnlyAccesss")
        with pytest.raises(ValueError, match="unknown AWS partition 'azure'"):
            managed_policy_arn(AMAZON_EKS_CLUSTER_POLICY, partition="azure")


class TestBuilders:
    """Snapshots of every builder."""

    def test_service_trust(self) -> None:
        """EC2/EKS service trust."""
        assert service_trust_policy("eks.amazonaws.com", "ec2.amazonaws.com").to_dict() == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["ec2.amazonaws.com", "eks.amazonaws.com"]},
                    "Action": ["sts:AssumeRole"],
                }
            ],
        }

    def test_service_trust_needs_service(self) -> None:
        """At least one service."""
        with pytest.raises(ValueError, match="at least one service"):
            service_trust_policy()

    def test_pod_identity(self) -> None:
        """Pod Identity needs TagSession too."""
        assert pod_identity_trust_policy().to_dict() == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["pods.eks.amazonaws.com"]},
                    "Action": ["sts:AssumeRole", "sts:TagSession"],
                }
            ],
        }

    def test_account_trust_plain(self) -> None:
        """Root principals of each account."""
        assert account_trust_policy(["210987654321", "123456789012"]).to_dict() == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {
                        "AWS": [
                            "arn:aws:iam::123456789012:root",
                            "arn:aws:iam::210987654321:root",
                        ]
                    },
                    "Action": ["sts:AssumeRole"],
                }
            ],
        }

    def test_account_trust_external_id_and_mfa(self) -> None:
        """External id and MFA conditions."""
        assert account_trust_policy(
            ["123456789012"], external_id="ext-42", require_mfa=True
        ).to_dict() == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]},
                    "Action": ["sts:AssumeRole"],
                    "Condition": {
                        "Bool": {"aws:MultiFactorAuthPresent": ["true"]},
                        "StringEquals": {"sts:ExternalId": ["ext-42"]},
                    },
                }
            ],
        }

    @pytest.mark.parametrize("accounts", [[], ["12345"], "123456789012"])
    def test_account_trust_invalid(self, accounts: list[str]) -> None:
        """Account ids are checked."""
        with pytest.raises(ValueError, match="account"):
            account_trust_policy(accounts)

    def test_oidc_trust(self) -> None:
        """IRSA: sub and aud conditions on the issuer host."""
        doc = oidc_trust_policy(
            PROVIDER, f"https://{ISSUER}", [("kube-system", "ebs-csi-controller-sa")]
        )
        assert doc.to_dict() == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": [PROVIDER]},
                    "Action": ["sts:AssumeRoleWithWebIdentity"],
                    "Condition": {
                        "StringEquals": {
                            f"{ISSUER}:aud": ["sts.amazonaws.com"],
                            f"{ISSUER}:sub": [
                                "system:serviceaccount:kube-system:ebs-csi-controller-sa"
                            ],
                        }
                    },
                }
            ],
        }

    def test_oidc_trust_wildcard(self) -> None:
        """Wildcards use StringLike for sub, aud stays StringEquals."""
        condition = oidc_trust_policy(PROVIDER, ISSUER, [("apps", "*")]).to_dict()["Statement"][0][
            "Condition"
        ]
        assert condition == {
            "StringEquals": {f"{ISSUER}:aud": ["sts.amazonaws.com"]},
            "StringLike": {f"{ISSUER}:sub": ["system:serviceaccount:apps:*"]},
        }

    def test_oidc_needs_service_accounts(self) -> None:
        """No service accounts would trust the whole cluster: refused."""
        with pytest.raises(ValueError, match="at least one"):
            oidc_trust_policy(PROVIDER, ISSUER, [])

    def test_tls_only(self) -> None:
        """Deny without TLS on the bucket and its objects."""
        assert tls_only_bucket_policy("arn:aws:s3:::acme-data").to_dict() == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": ["s3:*"],
                    "Resource": ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": ["false"]}},
                }
            ],
        }

    def test_tls_only_needs_bucket_arn(self) -> None:
        """Names or object ARNs are refused."""
        with pytest.raises(ValueError, match="is not a bucket ARN"):
            tls_only_bucket_policy("acme-data")


class TestDocument:
    """PolicyStatement/PolicyDocument rendering and validation."""

    def test_json_deterministic(self) -> None:
        """Order of inputs does not change the JSON."""
        a = PolicyDocument(
            [PolicyStatement(actions=["s3:PutObject", "s3:GetObject"], resources=["b", "a"])]
        )
        b = PolicyDocument(
            [
                PolicyStatement(
                    actions=["s3:GetObject", "s3:PutObject", "s3:GetObject"], resources=["a", "b"]
                )
            ]
        )
        assert a.to_json() == b.to_json()
        assert json.loads(a.to_json(indent=2)) == a.to_dict()
        assert a.to_json() == (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
            '"Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["a", "b"]}]}'
        )

    def test_full_statement_key_order(self) -> None:
        """Keys follow the conventional order."""
        statement = PolicyStatement(
            sid="Mixed",
            effect="Deny",
            not_actions=["iam:*"],
            not_resources=["arn:aws:s3:::x"],
            not_principals={"AWS": "arn:aws:iam::123456789012:root"},
            conditions={"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}},
        )
        assert list(statement.to_dict()) == [
            "Sid",
            "Effect",
            "NotPrincipal",
            "NotAction",
            "NotResource",
            "Condition",
        ]
        assert statement.to_dict()["Condition"] == {
            "NumericLessThan": {"aws:MultiFactorAuthAge": ["3600"]}
        }

    def test_document_id_and_add(self) -> None:
        """Id is rendered; + concatenates statements."""
        one = PolicyDocument([PolicyStatement(sid="A", actions=["s3:*"], resources=["*"])], id="x")
        two = PolicyDocument([PolicyStatement(sid="B", actions=["kms:*"], resources=["*"])])
        merged = one + two
        assert merged.to_dict()["Id"] == "x"
        assert [s["Sid"] for s in merged.to_dict()["Statement"]] == ["A", "B"]

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({}, "exactly one of actions or not_actions"),
            ({"actions": ["a"], "not_actions": ["b"]}, "exactly one"),
            ({"actions": "s3:GetObject"}, "not a single string"),
            ({"actions": ["a"], "effect": "Maybe"}, "effect must be"),
            ({"actions": ["a"], "sid": "has space"}, "letters and digits"),
            ({"actions": ["a"], "resources": ["x"], "not_resources": ["y"]}, "not both"),
            ({"actions": ["a"], "principals": {"User": ["x"]}}, "unknown principal type 'User'"),
            ({"actions": ["a"], "principals": {"AWS": []}}, "at least one value"),
            ({"actions": ["a"], "principals": "*", "not_principals": "*"}, "not both"),
            ({"actions": ["a"], "conditions": {"Bool": {}}}, "has no keys"),
        ],
    )
    def test_statement_invalid(self, kwargs: dict[str, object], match: str) -> None:
        """Invalid statements raise ValueError."""
        with pytest.raises(ValueError, match=match):
            PolicyStatement(**kwargs)  # type: ignore[arg-type]

    def test_document_invalid(self) -> None:
        """Empty documents and duplicate Sids are refused."""
        with pytest.raises(ValueError, match="at least one statement"):
            PolicyDocument([])
        s = PolicyStatement(sid="Same", actions=["a"])
        with pytest.raises(ValueError, match="'Same' is used more than once"):
            PolicyDocument([s, s])
