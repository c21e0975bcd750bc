"""The pure kubeconfig and naming helpers of EksCluster (no Pulumi)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaccore.aws.eks._nodes import root_device_name
from iaccore.aws.eks.kubeconfig import EXEC_API_VERSION, build_kubeconfig
from iaccore.aws.eks.plan import (
    CLUSTER_NAME_MAX,
    cluster_physical_name,
    log_group_name,
    principal_slug,
    service_account_subject,
)

ARGS = {
    "cluster_name": "payments-dev-main",
    "endpoint": "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
    "ca_data": "Q0E=",
    "region": "eu-west-1",
}


class TestKubeconfig:
    def test_shape(self) -> None:
        """Cluster, context and exec user are wired together with get-token."""
        cfg = json.loads(build_kubeconfig(**ARGS))
        assert cfg["apiVersion"] == "v1"
        assert cfg["kind"] == "Config"
        assert cfg["current-context"] == "payments-dev-main"
        assert cfg["clusters"] == [
            {
                "name": "payments-dev-main",
                "cluster": {"server": ARGS["endpoint"], "certificate-authority-data": "Q0E="},
            }
        ]
        assert cfg["contexts"][0]["context"] == {
            "cluster": "payments-dev-main",
            "user": "payments-dev-main",
        }
        exec_cfg = cfg["users"][0]["user"]["exec"]
        assert exec_cfg["apiVersion"] == EXEC_API_VERSION
        assert exec_cfg["command"] == "aws"
        assert exec_cfg["args"] == [
            "--region", "eu-west-1", "eks", "get-token",
            "--cluster-name", "payments-dev-main", "--output", "json",
        ]  # fmt: skip

    def test_role_and_profile(self) -> None:
        """role_arn adds --role-arn; profile sets AWS_PROFILE."""
        cfg = json.loads(
            build_kubeconfig(**ARGS, role_arn="arn:aws:iam::123456789012:role/x", profile="ops")
        )
        exec_cfg = cfg["users"][0]["user"]["exec"]
        assert exec_cfg["args"][6:8] == ["--role-arn", "arn:aws:iam::123456789012:role/x"]
        assert exec_cfg["env"] == [{"name": "AWS_PROFILE", "value": "ops"}]

    def test_deterministic_and_credential_free(self) -> None:
        """The same input gives the same text, and it holds no token or key."""
        text = build_kubeconfig(**ARGS)
        assert text == build_kubeconfig(**ARGS)
        assert "token" not in json.loads(text)["users"][0]["user"]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("endpoint", "http://plain", "must be an https:// URL"),
            ("cluster_name", "", "cluster_name must not be empty"),
            ("ca_data", "", "ca_data must not be empty"),
        ],
    )
    def test_refuses_bad_values(self, field: str, value: str, message: str) -> None:
        """Empty values and non-https endpoints raise ValueError."""
        with pytest.raises(ValueError, match=message):
            build_kubeconfig(**{**ARGS, field: value})


class TestPlanning:
    def test_names(self) -> None:
        """Physical name, log group and service-account subject."""
        assert cluster_physical_name("payments", "dev", "main") == "payments-dev-main"
        assert log_group_name("c") == "/aws/eks/c/cluster"
        assert service_account_subject("ns", "sa") == "system:serviceaccount:ns:sa"

    @given(st.text(min_size=1, max_size=200), st.text(max_size=30), st.text(max_size=30))
    def test_physical_name_valid(self, name: str, project: str, stack: str) -> None:
        """Any input gives a valid EKS cluster name within 100 characters."""
        result = cluster_physical_name(project, stack, name)
        assert 1 <= len(result) <= CLUSTER_NAME_MAX
        assert result[0].isascii()
        assert result[0].isalnum()
        assert all(c.isascii() and (c.isalnum() or c in "-_") for c in result)

    def test_principal_slug_distinguishes_accounts(self) -> None:
        """Same role name in two accounts gives two slugs, each stable."""
        a = principal_slug("arn:aws:iam::111111111111:role/admins")
        b = principal_slug("arn:aws:iam::222222222222:role/admins")
        assert a != b
        assert a.startswith("admins-")
        assert a == principal_slug("arn:aws:iam::111111111111:role/admins")

    def test_root_devices(self) -> None:
        """Root/data device per AMI family."""
        assert root_device_name("AL2023_x86_64_STANDARD") == "/dev/xvda"
        assert root_device_name("BOTTLEROCKET_ARM_64") == "/dev/xvdb"
        assert root_device_name("WINDOWS_CORE_2022_x86_64") == "/dev/sda1"
