"""LinuxVmConfig: SSH keys only, admin user, size, subnet, NSG rules and public IP opt-in."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from iaccore.azure.compute.config import (
    RESERVED_ADMIN_USERNAMES,
    InboundRule,
    LinuxVmConfig,
    admin_username_error,
    ssh_public_key_error,
)
from iaccore.azure.compute.naming import computer_name, vm_resource_name
from iaccore.azure.config import AzureSection
from tests.azure.compute.keys import ED25519, PRIVATE_KEY, ed25519_key, rsa_key

SUBNET = (
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/"
    "Microsoft.Network/virtualNetworks/vnet-core/subnets/private"
)


def vm(**fields: Any) -> LinuxVmConfig:
    return LinuxVmConfig.model_validate({"ssh_public_keys": [ED25519], **fields})


def rule(**fields: Any) -> dict[str, Any]:
    return {
        "name": "https",
        "priority": 200,
        "ports": ["443"],
        "source_address_prefixes": ["10.0.0.0/8"],
        **fields,
    }


class TestDefaults:
    def test_secure_defaults(self) -> None:
        """No public IP, no inbound rules, Trusted Launch, encryption at host, Ubuntu 24.04."""
        config = vm()
        assert config.public_ip.enabled is False
        assert config.inbound_rules == ()
        assert config.allow_inbound_from_internet is False
        assert config.trusted_launch is True
        assert config.encryption_at_host is True
        assert config.admin_username == "azureuser"
        assert config.size == "Standard_D2s_v5"
        assert config.os_disk.storage_account_type == "Premium_LRS"
        image = config.image
        assert (image.publisher, image.offer, image.sku, image.version) == (
            "Canonical",
            "ubuntu-24_04-lts",
            "server",
            "latest",
        )

    def test_section_keys_vms_by_name(self) -> None:
        """`iaccore:azure.virtual_machines.<name>` holds one config per VM."""
        section = AzureSection.model_validate(
            {"virtual_machines": {"web": {"ssh_public_keys": [ED25519]}}}
        )
        assert section.virtual_machines["web"].ssh_public_keys == (ED25519,)


class TestSshKeys:
    def test_required(self) -> None:
        """A VM without SSH keys is refused: there is no other way in."""
        with pytest.raises(ValidationError, match="ssh_public_keys"):
            LinuxVmConfig.model_validate({})
        with pytest.raises(ValidationError, match="at least 1 item"):
            LinuxVmConfig.model_validate({"ssh_public_keys": []})

    @pytest.mark.parametrize("key", [ED25519, rsa_key(2048), rsa_key(4096), ed25519_key(3)])
    def test_public_keys_accepted(self, key: str) -> None:
        """Ed25519 keys and RSA keys of 2048 bits or more pass."""
        assert ssh_public_key_error(key) is None
        assert vm(ssh_public_keys=[key]).ssh_public_keys == (key,)

    def test_whitespace_normalized(self) -> None:
        """A pasted key with a trailing newline or doubled spaces is stored on one line."""
        assert vm(ssh_public_keys=[ED25519.replace(" ", "  ") + "\n"]).ssh_public_keys == (ED25519,)

    def test_private_key_refused_clearly(self) -> None:
        """A private key is refused and the message says to give the .pub file."""
        with pytest.raises(ValidationError, match=r"PRIVATE key.*\.pub file"):
            vm(ssh_public_keys=[PRIVATE_KEY])

    @pytest.mark.parametrize(
        ("key", "reason"),
        [
            (rsa_key(1024), "1024 bits"),
            ("ecdsa-sha2-nistp256 AAAAE2VjZHNh", "not accepted by Azure"),
            ("ssh-ed25519", "expected '<type> <base64 key>"),
            ("ssh-ed25519 not-base64!", "damaged"),
            (rsa_key(2048).replace("ssh-rsa ", "ssh-ed25519 ", 1), "type field disagrees"),
            ("my-password-123", "expected '<type> <base64 key>"),
        ],
    )
    def test_bad_keys(self, key: str, reason: str) -> None:
        """Short RSA, unsupported types, damaged or mislabeled keys are refused."""
        error = ssh_public_key_error(key)
        assert error is not None
        assert reason in error
        with pytest.raises(ValidationError, match="ssh_public_keys"):
            vm(ssh_public_keys=[ED25519, key])


class TestAdminUser:
    @pytest.mark.parametrize("name", ["root", "admin", "administrator", "test", "sshd", "ubuntu"])
    def test_reserved(self, name: str) -> None:
        """Names Azure or the image reserve are refused."""
        assert name in RESERVED_ADMIN_USERNAMES
        with pytest.raises(ValidationError, match="reserved"):
            vm(admin_username=name)

    @pytest.mark.parametrize("name", ["Ops", "1ops", "ops.user", "o" * 33, ""])
    def test_malformed(self, name: str) -> None:
        """Upper case, leading digits, dots and names over 32 characters are refused."""
        assert admin_username_error(name) is not None
        with pytest.raises(ValidationError, match="admin_username"):
            vm(admin_username=name)

    def test_valid(self) -> None:
        """A plain lowercase name passes."""
        assert vm(admin_username="ops_admin").admin_username == "ops_admin"


class TestSize:
    @pytest.mark.parametrize(
        "size",
        ["Standard_D2s_v5", "Standard_B2ms", "Standard_E4ads_v5", "Standard_NC24ads_A100_v4"],
    )
    def test_valid(self, size: str) -> None:
        """Azure's size names pass."""
        assert vm(size=size).size == size

    @pytest.mark.parametrize("size", ["D2s_v5", "standard_d2s_v5", "Standard-D2s", "t3.micro"])
    def test_invalid(self, size: str) -> None:
        """Names outside the `Standard_<family>...` pattern are refused."""
        with pytest.raises(ValidationError, match="is not a VM size"):
            vm(size=size)


class TestSubnetAndIdentity:
    def test_subnet_id(self) -> None:
        """A full subnet id passes; anything else is refused."""
        assert vm(subnet_id=SUBNET).subnet_id == SUBNET
        with pytest.raises(ValidationError, match="is not a subnet id"):
            vm(subnet_id="private")

    def test_user_assigned_identities(self) -> None:
        """Only user-assigned identity ids are accepted."""
        ident = (
            "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/id-web"
        )
        assert vm(user_assigned_identity_ids=[ident]).user_assigned_identity_ids == (ident,)
        with pytest.raises(ValidationError, match="user-assigned identity"):
            vm(user_assigned_identity_ids=[SUBNET])


class TestNsgRules:
    def test_private_rule(self) -> None:
        """A rule from private ranges needs no opt-in."""
        config = vm(inbound_rules=[rule()])
        assert config.inbound_rules[0].open_to_internet is False

    @pytest.mark.parametrize("source", ["*", "Internet", "0.0.0.0/0", "::/0", "Any"])
    def test_internet_needs_opt_in(self, source: str) -> None:
        """An internet source needs `allow_inbound_from_internet: true`."""
        with pytest.raises(ValidationError, match="allow_inbound_from_internet"):
            vm(inbound_rules=[rule(source_address_prefixes=[source])])
        opened = vm(
            inbound_rules=[rule(source_address_prefixes=[source])],
            allow_inbound_from_internet=True,
        )
        assert opened.inbound_rules[0].open_to_internet is True

    @pytest.mark.parametrize(
        "fields",
        [
            {"ports": ["22"]},
            {"ports": ["20-30"]},
            {"ports": ["*"]},
            {"ports": ["3389"]},
            {"ports": ["22"], "protocol": "*"},
        ],
    )
    def test_ssh_from_internet_always_refused(self, fields: dict[str, Any]) -> None:
        """SSH or RDP from 0.0.0.0/0 is refused even with the opt-in (CIS 7.1/7.2)."""
        with pytest.raises(ValidationError, match="opens SSH or RDP to the internet"):
            vm(
                inbound_rules=[rule(source_address_prefixes=["0.0.0.0/0"], **fields)],
                allow_inbound_from_internet=True,
            )

    def test_ssh_from_admin_network(self) -> None:
        """SSH from a listed admin network is fine."""
        config = vm(inbound_rules=[rule(ports=["22"], source_address_prefixes=["10.1.0.0/24"])])
        assert config.inbound_rules[0].admits_remote_login is True

    def test_udp_22_is_not_ssh(self) -> None:
        """UDP on port 22 is not remote login."""
        assert not InboundRule.model_validate(
            rule(ports=["22"], protocol="Udp")
        ).admits_remote_login

    @pytest.mark.parametrize(
        ("fields", "match"),
        [
            ({"ports": ["70000"]}, "0-65535"),
            ({"ports": ["90-80"]}, "first ≤ last"),
            ({"ports": ["http"]}, "is not a port"),
            ({"source_address_prefixes": ["10.0.0.1/8"]}, "not a CIDR"),
            ({"source_address_prefixes": ["VirtualNetwork", "10.0.0.0/8"]}, "only source"),
            ({"priority": 99}, "priority"),
        ],
    )
    def test_malformed_rules(self, fields: dict[str, Any], match: str) -> None:
        """Ports, sources and priorities are checked."""
        with pytest.raises(ValidationError, match=match):
            vm(inbound_rules=[rule(**fields)])

    def test_duplicates(self) -> None:
        """Names and priorities are unique in the NSG."""
        with pytest.raises(ValidationError, match="used twice"):
            vm(inbound_rules=[rule(), rule(priority=300)])
        with pytest.raises(ValidationError, match="used twice"):
            vm(inbound_rules=[rule(), rule(name="other")])


class TestPublicIp:
    def test_opt_in(self) -> None:
        """`public_ip: {enabled: true}` is the visible opt-in."""
        assert vm(public_ip={"enabled": True}).public_ip.enabled is True

    def test_dns_label_needs_enabled(self) -> None:
        """A DNS label without `enabled: true` is refused."""
        with pytest.raises(ValidationError, match="enabled: true"):
            vm(public_ip={"dns_label": "web"})

    def test_bare_true_refused(self) -> None:
        """`public_ip: true` is not the opt-in word: a mapping with `enabled` is."""
        with pytest.raises(ValidationError, match="public_ip"):
            vm(public_ip=True)


class TestNaming:
    def test_names(self) -> None:
        """`vm-<name>` and a host name in letters, digits and hyphens."""
        assert vm_resource_name("web") == "vm-web"
        assert computer_name("Web_Server.1") == "web-server-1"
        assert computer_name("123") == "vm-123"

    def test_long_names_shortened_with_hash(self) -> None:
        """Names over 64 characters end in a hash; the same input gives the same name."""
        long = "x" * 80
        assert len(vm_resource_name(long)) == 64 == len(computer_name(long))
        assert vm_resource_name(long) == vm_resource_name(long)
        assert vm_resource_name(long) != vm_resource_name(long + "y")
