"""Who signs in to an AKS cluster: the deployer's principal type and the kubelogin method of
the program's kubeconfig (pure logic, no Pulumi import).

AKS hands out user kubeconfigs (``listClusterUserCredential`` with ``format=exec``) whose
``kubelogin get-token`` uses ``--login devicecode``: a person has to open a browser, which a
``pulumi up`` in CI cannot do. ``with_login_method`` rewrites it to a non-interactive method, as
``kubelogin convert-kubeconfig -l <method>`` would (the public client id of ``devicecode`` is
dropped, so ``spn`` and ``workloadidentity`` read their own from the environment).

Examples:
    >>> deployer_principal_type({"ARM_CLIENT_ID": "x"}), deployer_principal_type({})
    ('ServicePrincipal', 'User')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML

__all__ = ["LOGIN_METHODS", "deployer_principal_type", "with_login_method"]

#: The non-interactive ``kubelogin --login`` methods the component offers.
LOGIN_METHODS = ("azurecli", "workloadidentity", "msi", "spn")
#: Environment variables that say a service principal, workload or managed identity runs Pulumi.
_CLIENT_ID_VARIABLES = ("ARM_CLIENT_ID", "AZURE_CLIENT_ID")
_LOGIN_FLAGS = ("--login", "-l")
_CLIENT_FLAGS = ("--client-id",)


def deployer_principal_type(environ: Mapping[str, str]) -> str:
    """``ServicePrincipal`` when a client id variable is set (CI, workload or managed identity),
    else ``User`` (someone who ran ``az login``).

    Examples:
        >>> deployer_principal_type({"AZURE_CLIENT_ID": "00000000-0000-4000-8000-000000000001"})
        'ServicePrincipal'
    """
    if any(environ.get(name) for name in _CLIENT_ID_VARIABLES):
        return "ServicePrincipal"
    return "User"


def _rewrite_args(args: list[Any], method: str) -> list[Any]:
    """Every login flag (and its value) and client id dropped, then ``--login method`` once."""
    result: list[Any] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _LOGIN_FLAGS or arg in _CLIENT_FLAGS:
            skip = True  # the flag's value follows it (a dangling flag has none)
        elif not (isinstance(arg, str) and arg.startswith(("--login=", "--client-id="))):
            result.append(arg)
    return [*result, "--login", method]


def with_login_method(kubeconfig: str, method: str) -> str:
    """``kubeconfig`` with every ``kubelogin`` exec user set to ``--login method`` (JSON text).

    Raises:
        ValueError: ``method`` is not one of ``LOGIN_METHODS``.

    Examples:
        >>> text = json.dumps({"users": [{"name": "u", "user": {"exec": {
        ...     "command": "kubelogin",
        ...     "args": ["get-token", "--client-id", "80faf920", "--login", "devicecode"]}}}]})
        >>> json.loads(with_login_method(text, "azurecli"))["users"][0]["user"]["exec"]["args"]
        ['get-token', '--login', 'azurecli']
    """
    if method not in LOGIN_METHODS:
        raise ValueError(f"unknown kubelogin method {method!r}; one of {', '.join(LOGIN_METHODS)}")
    document = YAML(typ="safe").load(kubeconfig)
    for user in document.get("users") or []:
        exec_config = (user.get("user") or {}).get("exec")
        if isinstance(exec_config, dict) and exec_config.get("command") == "kubelogin":
            exec_config["args"] = _rewrite_args(list(exec_config.get("args") or []), method)
    return json.dumps(document, indent=2, sort_keys=True)
