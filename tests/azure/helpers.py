"""What the Azure test modules share: stack config, a synth shortcut and test-only components.

Examples:
    >>> az_config(**{"iaccore:azure": {"enabled": False}})["iaccore:azure"]
    {'enabled': False}
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from pulumi_azure_native import network

from iaccore.azure import AzureComponent
from iaccore.azure.config import AzureSection
from iaccore.azure.types import AzureComponentConfig
from iaccore.core.config.validation import validate_model
from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth

PROJECT = "payments"
LOCATION = "westeurope"

#: Stack config of the Azure test programs: project metadata, an enabled Azure section with a tag.
AZ_CONFIG: Mapping[str, Any] = {
    "iaccore:project": {"name": PROJECT, "environment": "dev", "owner": "team-payments"},
    "iaccore:azure": {"enabled": True, "location": LOCATION, "tags": {"cost-center": "1234"}},
    "azure-native:location": LOCATION,
}


def az_config(**overrides: Any) -> dict[str, Any]:
    """A fresh deep copy of :data:`AZ_CONFIG` with ``overrides`` (``{"namespace:key": value}``)."""
    config = copy.deepcopy(dict(AZ_CONFIG))
    config.update(copy.deepcopy(overrides))
    return config


def run_azure(program: Callable[[], Any], **overrides: Any) -> Graph:
    """Synthesize ``program`` in project ``payments`` with :func:`az_config`."""
    return synth(program, project=PROJECT, config=az_config(**overrides))


def reject_azure(data: Mapping[str, Any]) -> ConfigurationError:
    """Validate an ``iaccore:azure`` mapping that must fail; return its ConfigurationError."""
    try:
        validate_model(AzureSection, dict(data), key_path="azure")
    except ConfigurationError as err:
        return err
    raise AssertionError(f"iaccore:azure {dict(data)!r} was accepted")


# -- test-only components: AzureComponent without the library's own Azure components ----------


class NsgConfig(AzureComponentConfig):
    """No fields beyond provider, location and resource group."""


class Nsg(AzureComponent[NsgConfig]):
    """One ``network.NetworkSecurityGroup`` named ``<name>-nsg`` in the component's group."""

    TYPE_TOKEN: ClassVar[str] = "iaccore:test:Nsg"
    CONFIG_MODEL: ClassVar[type[NsgConfig]] = NsgConfig
    ROLES: ClassVar[tuple[str, ...]] = ("nsg",)

    def _create(self) -> None:
        self.nsg = network.NetworkSecurityGroup(
            self.child_name("nsg"),
            resource_group_name=self.resource_group_name,
            location=self.location,
            tags=self.child_tags("nsg"),
            opts=self.child_opts("nsg"),
        )
        self.register(id=self.nsg.id)


class Pair(AzureComponent[NsgConfig]):
    """An Nsg of its own plus a nested ``Nsg`` (role ``inner``) built with child_component."""

    TYPE_TOKEN: ClassVar[str] = "iaccore:test:Pair"
    CONFIG_MODEL: ClassVar[type[NsgConfig]] = NsgConfig
    ROLES: ClassVar[tuple[str, ...]] = ("nsg", "inner")

    def __init__(self, name: str, config: Any = None, *, inner: Any = None, **kwargs: Any) -> None:
        self._inner_config = inner
        super().__init__(name, config, **kwargs)

    def _create(self) -> None:
        self.nsg = network.NetworkSecurityGroup(
            self.child_name("nsg"),
            resource_group_name=self.resource_group_name,
            location=self.location,
            opts=self.child_opts("nsg"),
        )
        self.inner = self.child_component(Nsg, "inner", self._inner_config)
        self.register()
