"""Default mocks answer the invokes programs make with realistic, deterministic values."""

from __future__ import annotations

import base64
import json

from iaccore.synth.mocks import IaccoreMocks


class TestAwsInvokes:
    def test_zones_follow_region(self) -> None:
        """Availability zones are the region's own."""
        mocks = IaccoreMocks(region="us-west-1")
        zones = mocks.invoke_result("aws:index/getAvailabilityZones:getAvailabilityZones", {})
        assert zones["names"] == ["us-west-1a", "us-west-1c"]

    def test_caller_identity_is_a_twelve_digit_account(self) -> None:
        """getCallerIdentity returns the configured 12-digit account and an ARN in it."""
        identity = IaccoreMocks(account_id="210987654321").invoke_result(
            "aws:index/getCallerIdentity:getCallerIdentity", {}
        )
        assert identity["accountId"] == "210987654321"
        assert ":210987654321:" in identity["arn"]

    def test_override_wins(self) -> None:
        """A user override replaces the default answer."""
        mocks = IaccoreMocks()
        mocks.override_invoke("aws:index/getPartition:getPartition", {"partition": "aws-cn"})
        assert mocks.invoke_result("aws:index/getPartition:getPartition", {}) == {
            "partition": "aws-cn"
        }


class TestAzureInvokes:
    def test_client_config_has_subscription(self) -> None:
        """getClientConfig returns the configured subscription and tenant."""
        config = IaccoreMocks(subscription_id="sub-1", tenant_id="ten-1").invoke_result(
            "azure-native:authorization:getClientConfig", {}
        )
        assert (config["subscriptionId"], config["tenantId"]) == ("sub-1", "ten-1")

    def test_aks_kubeconfig_is_base64_with_exec_login(self) -> None:
        """AKS credentials come back base64-encoded, with an exec login and no static token."""
        result = IaccoreMocks().invoke_result(
            "azure-native:containerservice:listManagedClusterUserCredentials",
            {"resourceName": "main", "resourceGroupName": "rg"},
            region="westeurope",
        )
        kubeconfig = json.loads(base64.b64decode(result["kubeconfigs"][0]["value"]))
        assert kubeconfig["clusters"][0]["cluster"]["server"].endswith(
            ".hcp.westeurope.azmk8s.io:443"
        )
        user = kubeconfig["users"][0]["user"]
        assert "token" not in user
        assert user["exec"]["command"] == "kubelogin"

    def test_deterministic(self) -> None:
        """Two mocks give identical answers."""
        token = "azure-native:containerservice:listManagedClusterUserCredentials"
        args = {"resourceName": "main"}
        assert IaccoreMocks().invoke_result(token, args) == IaccoreMocks().invoke_result(
            token, args
        )
