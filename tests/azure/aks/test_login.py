"""The program's kubeconfig signs in without a person (kubelogin's method rewritten), and the
deployer's principal type follows the environment."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaccore.azure.aks.cluster import SUBNET_EXAMPLE, AksCluster
from iaccore.azure.aks.login import LOGIN_METHODS, deployer_principal_type, with_login_method
from iaccore.azure.mocks import AKS_SERVER_ID, KUBELOGIN_PUBLIC_CLIENT_ID
from tests.azure.helpers import run_azure

DEVICECODE = [
    "get-token",
    "--environment",
    "AzurePublicCloud",
    "--server-id",
    AKS_SERVER_ID,
    "--client-id",
    KUBELOGIN_PUBLIC_CLIENT_ID,
    "--tenant-id",
    "00000000-0000-4000-8000-000000000002",
    "--login",
    "devicecode",
]


def kubeconfig(args: list[str]) -> str:
    return json.dumps(
        {
            "apiVersion": "v1",
            "users": [
                {"name": "clusterUser", "user": {"exec": {"command": "kubelogin", "args": args}}},
                {"name": "other", "user": {"token": "x"}},
            ],
        }
    )


def exec_args(text: str) -> list[str]:
    return list(json.loads(text)["users"][0]["user"]["exec"]["args"])


@pytest.mark.parametrize("method", LOGIN_METHODS)
def test_devicecode_rewritten(method: str) -> None:
    """`--login devicecode` becomes the method; the device-code public client id is dropped;
    server id, tenant and environment stay."""
    args = exec_args(with_login_method(kubeconfig(DEVICECODE), method))
    assert args[args.index("--login") + 1] == method
    assert args.count("--login") == 1
    assert "--client-id" not in args
    assert KUBELOGIN_PUBLIC_CLIENT_ID not in args
    assert args[args.index("--server-id") + 1] == AKS_SERVER_ID
    assert "--tenant-id" in args


def test_other_users_untouched() -> None:
    text = with_login_method(kubeconfig(DEVICECODE), "azurecli")
    assert json.loads(text)["users"][1] == {"name": "other", "user": {"token": "x"}}


def test_login_added_when_absent_and_short_flag_handled() -> None:
    assert exec_args(with_login_method(kubeconfig(["get-token"]), "msi"))[-2:] == ["--login", "msi"]
    assert exec_args(with_login_method(kubeconfig(["get-token", "-l", "devicecode"]), "spn")) == [
        "get-token",
        "--login",
        "spn",
    ]


def test_unknown_method_refused() -> None:
    with pytest.raises(ValueError, match="one of azurecli"):
        with_login_method(kubeconfig(DEVICECODE), "devicecode")


@given(st.lists(st.sampled_from(["get-token", "--login", "devicecode", "--client-id", "x", "-l"])))
def test_any_args_end_with_exactly_one_login(args: list[str]) -> None:
    """Whatever AKS sends, the result names the method once and no client id."""
    result = exec_args(with_login_method(kubeconfig(args), "azurecli"))
    assert result.count("--login") == 1
    assert result[result.index("--login") + 1] == "azurecli"
    assert "--client-id" not in result


def test_cluster_kubeconfig_uses_the_configured_method() -> None:
    """The AksCluster's kubeconfig (a secret) logs in with `kubeconfig_login`."""
    seen: list[str] = []

    def program() -> None:
        aks = AksCluster(
            "main", {"subnet_id": SUBNET_EXAMPLE, "kubeconfig_login": "workloadidentity"}
        )
        aks.kubeconfig.apply(seen.append)

    graph = run_azure(program)
    (text,) = seen
    args = exec_args(text)
    assert args[args.index("--login") + 1] == "workloadidentity"
    assert graph.one("pulumi:providers:kubernetes", "main-k8s").inputs["kubeconfig"] == "[secret]"


def test_deployer_principal_type_from_environment() -> None:
    assert deployer_principal_type({"ARM_CLIENT_ID": "id"}) == "ServicePrincipal"
    assert deployer_principal_type({"AZURE_CLIENT_ID": "id"}) == "ServicePrincipal"
    assert deployer_principal_type({"ARM_CLIENT_ID": ""}) == "User"
