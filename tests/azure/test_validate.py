"""`iaccore validate` on bad `iaccore:azure` stack files: each error names the key and its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from iaccore.core.config.loader import validate_stack_file
from iaccore.core.errors import ConfigurationError

HEADER = """\
config:
  azure-native:location: westeurope
  iaccore:azure:
    enabled: true
"""


def error(tmp_path: Path, body: str) -> ConfigurationError:
    (tmp_path / "Pulumi.yaml").write_text("name: payments\nruntime: python\n")
    stack = tmp_path / "Pulumi.dev.yaml"
    stack.write_text(HEADER + textwrap.indent(textwrap.dedent(body), "    "))
    with pytest.raises(ConfigurationError) as info:
        validate_stack_file(stack, environ={})
    return info.value


@pytest.mark.parametrize(
    ("body", "key", "line", "says"),
    [
        ("location: westeurop\n", "azure.location", 5, "did you mean westeurope"),
        (
            """\
            aks:
              clusters:
                main:
                  node_pools:
                    system: {vm_size: Standard_D4s_v5, min: 5, max: 3}
            """,
            "azure.aks.clusters.main.node_pools.system",
            9,
            "min",
        ),
        (
            """\
            aks:
              clusters:
                main:
                  api_server: {public: true, authorized_ip_ranges: [0.0.0.0/0]}
            """,
            "azure.aks.clusters.main.api_server",
            8,
            "allow_any_ip",
        ),
        (
            """\
            storage_accounts:
              logs: {name: Logs_1}
            """,
            "azure.storage_accounts.logs.name",
            6,
            "lowercase",
        ),
        (
            """\
            vnets:
              a: {address_space: 10.30.0.0/16}
              b: {address_space: 10.30.128.0/17}
            """,
            "azure.vnets.b.address_space",
            7,
            "overlap",
        ),
        ("client_secret: hunter2\n", "azure.client_secret", 5, "client_secret"),
    ],
    ids=["location", "pool-min-max", "public-api", "storage-name", "overlap", "credential"],
)
def test_bad_azure_config(tmp_path: Path, body: str, key: str, line: int, says: str) -> None:
    err = error(tmp_path, body)
    text = str(err)
    assert err.details["key_path"].startswith(key), text
    assert err.line == line, text
    assert says in text
    assert "hunter2" not in text
