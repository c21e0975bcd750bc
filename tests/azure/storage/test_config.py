"""StorageAccountConfig: secure defaults and the checks of names, firewall rules and retention."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from iaccore.azure.config import AzureSection
from iaccore.azure.storage.config import (
    DIAGNOSTIC_SERVICES,
    StorageAccountConfig,
    ip_rule_error,
    normalize_ip_rule,
    subnet_id_error,
)

SUBNET = (
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/"
    "Microsoft.Network/virtualNetworks/vnet-core/subnets/private"
)


class TestDefaults:
    def test_secure_defaults(self) -> None:
        """ZRS, shared key off, no firewall exceptions, 30-day soft delete, versioning, logs."""
        config = StorageAccountConfig()
        assert config.name is None
        assert config.sku is None  # ZRS where the location has zones, else LRS
        assert config.allow_shared_key_access is False
        assert (config.allowed_subnet_ids, config.allowed_ip_ranges) == ((), ())
        assert (config.blob_soft_delete_days, config.container_soft_delete_days) == (30, 30)
        assert config.versioning is True
        assert config.change_feed_retention_days == 90
        assert (
            config.diagnostic_services == DIAGNOSTIC_SERVICES == ("blob", "file", "queue", "table")
        )
        assert config.sas_expiration_period == "0.01:00:00"

    def test_section_keys_accounts_by_name(self) -> None:
        """`iaccore:azure.storage_accounts.<name>` holds one config per account."""
        section = AzureSection.model_validate(
            {"storage_accounts": {"logs": {"sku": "Standard_GZRS"}, "data": {}}}
        )
        assert section.storage_accounts["logs"].sku == "Standard_GZRS"
        assert section.storage_accounts["data"] == StorageAccountConfig()


class TestName:
    @pytest.mark.parametrize("name", ["abc", "stlogs01", "a" * 24])
    def test_valid_names(self, name: str) -> None:
        """3-24 lowercase letters and digits pass unchanged."""
        assert StorageAccountConfig(name=name).name == name

    @pytest.mark.parametrize("name", ["Logs_1", "ab", "a" * 25, "st-logs", "stLogs"])
    def test_invalid_names(self, name: str) -> None:
        """Uppercase, punctuation, too short or too long: refused with Azure's rule."""
        with pytest.raises(ValidationError, match="3 to 24 lowercase letters and digits"):
            StorageAccountConfig(name=name)


class TestFirewall:
    def test_subnet_ids_checked_and_deduplicated(self) -> None:
        """Subnet resource ids are accepted once each."""
        config = StorageAccountConfig(allowed_subnet_ids=(SUBNET, SUBNET))
        assert config.allowed_subnet_ids == (SUBNET,)
        assert subnet_id_error(SUBNET) is None

    @pytest.mark.parametrize(
        "value",
        [
            "subnet-1",
            "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
            SUBNET.replace("/subnets/private", ""),
            SUBNET.replace("virtualNetworks", "networkSecurityGroups"),
        ],
    )
    def test_malformed_subnet_ids(self, value: str) -> None:
        """Anything but a full subnet id is refused, naming the expected shape."""
        with pytest.raises(ValidationError, match="is not a subnet id"):
            StorageAccountConfig(allowed_subnet_ids=(value,))

    def test_ip_rules_normalized(self) -> None:
        """A /32 becomes the bare address (as Azure stores it); duplicates collapse."""
        config = StorageAccountConfig(
            allowed_ip_ranges=("203.0.113.7/32", "203.0.113.7", "198.51.100.0/24")
        )
        assert config.allowed_ip_ranges == ("203.0.113.7", "198.51.100.0/24")
        assert normalize_ip_rule("198.51.100.0/24") == "198.51.100.0/24"

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ("0.0.0.0/0", "whole internet"),
            ("10.1.0.0/16", "private range"),
            ("192.168.1.1", "private range"),
            ("0.0.0.0/1", "private range"),
            ("2001:db8::/32", "IPv6"),
            ("203.0.113.6/31", "/31"),
            ("203.0.113.1/24", "host bits"),
            ("example.com", "not an IPv4"),
        ],
    )
    def test_bad_ip_rules(self, value: str, reason: str) -> None:
        """Open, private, IPv6, /31 and malformed ranges are refused with the reason."""
        error = ip_rule_error(value)
        assert error is not None
        assert reason in error
        with pytest.raises(ValidationError, match=re.escape(reason)):
            StorageAccountConfig(allowed_ip_ranges=(value,))


class TestRetention:
    @pytest.mark.parametrize("field", ["blob_soft_delete_days", "container_soft_delete_days"])
    @pytest.mark.parametrize("days", [0, 366, -1])
    def test_soft_delete_days_out_of_range(self, field: str, days: int) -> None:
        """Soft delete keeps 1 to 365 days (Azure's range)."""
        with pytest.raises(ValidationError, match=field):
            StorageAccountConfig.model_validate({field: days})

    @pytest.mark.parametrize("days", [1, 7, 365])
    def test_soft_delete_days_in_range(self, days: int) -> None:
        """Any value from 1 to 365 is accepted."""
        assert StorageAccountConfig(blob_soft_delete_days=days).blob_soft_delete_days == days

    def test_sas_period_format(self) -> None:
        """The SAS expiry period is `D.HH:MM:SS`."""
        with pytest.raises(ValidationError, match="sas_expiration_period"):
            StorageAccountConfig(sas_expiration_period="1h")
