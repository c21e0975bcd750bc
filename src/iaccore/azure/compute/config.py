"""Config of [`LinuxVirtualMachine`][iaccore.azure.LinuxVirtualMachine] (plain data, no Pulumi
import).

Examples:
    >>> config = LinuxVmConfig(ssh_public_keys=[EXAMPLE_ED25519_KEY])
    >>> config.size, config.admin_username, config.image.offer
    ('Standard_D2s_v5', 'azureuser', 'ubuntu-24_04-lts')
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import struct
from typing import Literal

from pydantic import field_validator, model_validator

from iaccore.azure.types import AzureComponentConfig, ResourceId
from iaccore.core.config.base import Field, IaccoreModel

__all__ = [
    "EXAMPLE_ED25519_KEY",
    "INTERNET_SOURCES",
    "MIN_RSA_BITS",
    "RESERVED_ADMIN_USERNAMES",
    "ImageConfig",
    "InboundRule",
    "LinuxVmConfig",
    "OsDiskConfig",
    "PublicIpConfig",
    "admin_username_error",
    "ssh_public_key_error",
]

#: An Ed25519 public key for examples and tests (its private half is not kept anywhere).
EXAMPLE_ED25519_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIObo9I1EMZoeYs0aFcztRsPBkOhp3pbAL5RP5z0FxGOe "
    "ops@example.com"
)

#: Smallest RSA key Azure accepts for a Linux VM.
MIN_RSA_BITS = 2048

#: Names Azure refuses as a VM's admin user (``osProfile.adminUsername``), plus Linux system
#: users that would clash with the image's own accounts.
RESERVED_ADMIN_USERNAMES: frozenset[str] = frozenset(
    {
        # Azure's disallowed values
        "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1",
        "1", "123", "a", "actuser", "adm", "admin2", "aspnet", "backup", "console", "david",
        "guest", "john", "owner", "root", "server", "sql", "support", "support_388945a0", "sys",
        "test2", "test3", "user4", "user5",
        # built-in users and groups of the Linux images ("Selecting user names for Linux on Azure")
        "bin", "daemon", "games", "lp", "mail", "news", "nobody", "operator", "proxy", "sshd",
        "sudo", "sync", "syslog", "systemd-network", "uucp", "www-data", "ubuntu",
    }
)  # fmt: skip

#: Sources that mean "the whole internet" in an NSG rule.
INTERNET_SOURCES: frozenset[str] = frozenset({"*", "internet", "any", "0.0.0.0/0", "::/0"})

_ADMIN_USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_KEY_TYPES = ("ssh-ed25519", "ssh-rsa")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|PuTTY-User-Key-File")
_VM_SIZE = re.compile(r"^Standard_[A-Z]+[0-9]*[a-z-]*(?:_[A-Za-z0-9]+)*$")
_SERVICE_TAG = re.compile(r"^[A-Za-z][A-Za-z0-9.]*$")
_PORT_RANGE = re.compile(r"^(\*|\d{1,5}(-\d{1,5})?)$")
_SSH_AND_RDP = (22, 3389)
_USER_IDENTITY = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w.()]+/providers/"
    r"Microsoft\.ManagedIdentity/userAssignedIdentities/[-\w]+$",
    re.IGNORECASE,
)
_SUBNET_ID = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w.()]+/providers/"
    r"Microsoft\.Network/virtualNetworks/[-\w.]+/subnets/[-\w.]+$",
    re.IGNORECASE,
)


def _ssh_fields(blob: bytes) -> list[bytes]:
    fields: list[bytes] = []
    offset = 0
    while offset < len(blob):
        if offset + 4 > len(blob):
            raise ValueError("truncated")
        (length,) = struct.unpack(">I", blob[offset : offset + 4])
        offset += 4
        if offset + length > len(blob):
            raise ValueError("truncated")
        fields.append(blob[offset : offset + length])
        offset += length
    return fields


def ssh_public_key_error(key: str) -> str | None:
    """Why ``key`` is not an OpenSSH public key Azure accepts, or None.

    Azure takes ``ssh-ed25519`` keys and ``ssh-rsa`` keys of at least 2048 bits, in the one-line
    OpenSSH format (the content of a ``.pub`` file).

    Examples:
        >>> ssh_public_key_error(EXAMPLE_ED25519_KEY) is None
        True
        >>> ssh_public_key_error("-----BEGIN OPENSSH PRIVATE KEY-----\\nb3Blbn...")
        'this is a PRIVATE key: never put it in config; give the public key (the content of the .pub file, such as ~/.ssh/id_ed25519.pub)'
        >>> ssh_public_key_error("ecdsa-sha2-nistp256 AAAA")
        "key type 'ecdsa-sha2-nistp256' is not accepted by Azure; use ssh-ed25519 or ssh-rsa (2048 bits or more)"
    """  # noqa: E501
    if _PRIVATE_KEY.search(key):
        return (
            "this is a PRIVATE key: never put it in config; give the public key (the content "
            "of the .pub file, such as ~/.ssh/id_ed25519.pub)"
        )
    parts = key.strip().split()
    if len(parts) < 2:
        return "not an OpenSSH public key: expected '<type> <base64 key> [comment]'"
    kind, body = parts[0], parts[1]
    if kind not in _KEY_TYPES:
        return (
            f"key type {kind[:40]!r} is not accepted by Azure; use ssh-ed25519 or ssh-rsa "
            f"({MIN_RSA_BITS} bits or more)"
        )
    try:
        fields = _ssh_fields(base64.b64decode(body, validate=True))
    except (binascii.Error, ValueError):
        return f"the {kind} key's base64 body is damaged (copy the whole .pub line)"
    if not fields or fields[0].decode(errors="replace") != kind:
        return f"the key's body is not an {kind} key (its type field disagrees)"
    if kind == "ssh-rsa":
        if len(fields) != 3:
            return "the ssh-rsa key's body is damaged (copy the whole .pub line)"
        bits = int.from_bytes(fields[2], "big").bit_length()
        if bits < MIN_RSA_BITS:
            return f"the ssh-rsa key has {bits} bits; Azure needs {MIN_RSA_BITS} or more"
    elif len(fields) != 2 or len(fields[1]) != 32:
        return "the ssh-ed25519 key's body is damaged (copy the whole .pub line)"
    return None


def admin_username_error(name: str) -> str | None:
    """Why ``name`` cannot be the VM's admin user, or None.

    Examples:
        >>> admin_username_error("root")
        "admin_username 'root' is reserved by Azure or the image; choose another (such as azureuser)"
        >>> admin_username_error("Ops") is not None, admin_username_error("ops") is None
        (True, True)
    """  # noqa: E501
    if name in RESERVED_ADMIN_USERNAMES:
        return (
            f"admin_username {name!r} is reserved by Azure or the image; choose another "
            "(such as azureuser)"
        )
    if not _ADMIN_USERNAME.match(name):
        return (
            f"admin_username {name!r} must be 1-32 lowercase letters, digits, '_' or '-', "
            "starting with a letter or '_'"
        )
    return None


def _is_internet(source: str) -> bool:
    return source.lower() in INTERNET_SOURCES


def _is_cidr(source: str) -> bool:
    try:
        ipaddress.ip_network(source, strict=True)
    except ValueError:
        return False
    return True


def _ports(port_range: str) -> tuple[int, int]:
    if port_range == "*":
        return 0, 65535
    first, _, last = port_range.partition("-")
    return int(first), int(last or first)


class InboundRule(IaccoreModel):
    """An inbound rule of the VM's network security group (allow).

    Examples:
        >>> InboundRule(name="https", priority=200, ports=["443"],
        ...             source_address_prefixes=["10.0.0.0/16"]).protocol
        'Tcp'
    """

    name: str = Field(
        pattern=r"^[A-Za-z0-9][-\w.]{0,78}[\w]$", description="Rule name, unique in the NSG."
    )
    priority: int = Field(
        ge=100, le=4096, description="Priority (100-4096, lower first), unique in the NSG."
    )
    protocol: Literal["Tcp", "Udp", "Icmp", "*"] = Field("Tcp", description="Default Tcp.")
    ports: tuple[str, ...] = Field(
        min_length=1,
        description="Destination ports or ranges (`443`, `8000-8080`, `*` for all).",
    )
    source_address_prefixes: tuple[str, ...] = Field(
        min_length=1,
        description="Source CIDRs or service tags (`VirtualNetwork`, `AzureLoadBalancer`); "
        "`*`, `Internet`, `0.0.0.0/0` need `allow_inbound_from_internet`.",
    )
    description: str | None = Field(None, max_length=140, description="Why the rule exists.")

    @field_validator("ports")
    @classmethod
    def _check_ports(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for port in value:
            if not _PORT_RANGE.match(port):
                raise ValueError(f"{port!r} is not a port, a range `first-last` or `*`")
            first, last = _ports(port)
            if not 0 <= first <= last <= 65535:
                raise ValueError(f"port range {port!r} must be 0-65535, first ≤ last")
        return value

    @field_validator("source_address_prefixes")
    @classmethod
    def _check_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for source in value:
            if _is_internet(source):
                continue
            try:
                ipaddress.ip_network(source, strict=True)
            except ValueError:
                if not _SERVICE_TAG.match(source):
                    raise ValueError(
                        f"{source!r} is not a CIDR without host bits or a service tag"
                    ) from None
        if len(value) > 1 and not all(_is_cidr(source) for source in value):
            # NSG rules take a service tag (or `*`) as their only source.
            raise ValueError("a service tag or `*` must be the rule's only source")
        return value

    @property
    def open_to_internet(self) -> bool:
        """Whether a source is the whole internet (``*``, ``Internet``, ``0.0.0.0/0`` ...)."""
        return any(_is_internet(source) for source in self.source_address_prefixes)

    @property
    def admits_remote_login(self) -> bool:
        """Whether the rule opens SSH (22) or RDP (3389) over TCP."""
        if self.protocol not in ("Tcp", "*"):
            return False
        ranges = [_ports(port) for port in self.ports]
        return any(first <= port <= last for first, last in ranges for port in _SSH_AND_RDP)


class PublicIpConfig(IaccoreModel):
    """A public IP address on the VM's NIC; off unless ``enabled: true``.

    Examples:
        >>> PublicIpConfig().enabled
        False
    """

    enabled: bool = Field(
        False, description="Give the VM a Standard static public IP; off by default."
    )
    dns_label: str | None = Field(
        None,
        pattern=r"^[a-z][a-z0-9-]{1,61}[a-z0-9]$",
        description="DNS label (`<label>.<location>.cloudapp.azure.com`); needs `enabled`.",
    )

    @model_validator(mode="after")
    def _needs_enabled(self) -> PublicIpConfig:
        if self.dns_label is not None and not self.enabled:
            raise ValueError("dns_label: a DNS label needs a public IP: set enabled: true")
        return self


class ImageConfig(IaccoreModel):
    """A marketplace image.

    Examples:
        >>> ImageConfig().sku
        'server'
    """

    publisher: str = Field("Canonical", min_length=1, description="Default Canonical.")
    offer: str = Field(
        "ubuntu-24_04-lts", min_length=1, description="Default ubuntu-24_04-lts (Ubuntu 24.04)."
    )
    sku: str = Field("server", min_length=1, description="Default server (Gen2).")
    version: str = Field("latest", min_length=1, description="Default latest.")


class OsDiskConfig(IaccoreModel):
    """The OS disk, a managed disk deleted with the VM.

    Examples:
        >>> OsDiskConfig().storage_account_type
        'Premium_LRS'
    """

    storage_account_type: Literal[
        "Premium_LRS", "Premium_ZRS", "StandardSSD_LRS", "StandardSSD_ZRS"
    ] = Field(
        "Premium_LRS",
        description="Disk type; default Premium_LRS (needs a size with premium storage, an `s` "
        "in its name); StandardSSD_LRS for any size.",
    )
    size_gb: int | None = Field(
        None, ge=30, le=4095, description="Size in GiB; unset uses the image's (30 GiB)."
    )


class LinuxVmConfig(AzureComponentConfig):
    """A Linux VM: SSH keys only, private IP only, managed identity, encryption at host,
    Trusted Launch, boot diagnostics and automatic patching.

    Password authentication is always off and there is no password field. Boot diagnostics,
    the managed identity and the NSG cannot be switched off.

    Examples:
        >>> LinuxVmConfig(ssh_public_keys=[EXAMPLE_ED25519_KEY]).public_ip.enabled
        False
    """

    ssh_public_keys: tuple[str, ...] = Field(
        min_length=1,
        description="OpenSSH public keys (`ssh-ed25519 ...` or `ssh-rsa ...` of 2048 bits or "
        "more) allowed to log in as `admin_username`; at least one.",
    )
    admin_username: str = Field(
        "azureuser",
        description="The admin user (1-32 lowercase letters, digits, `_`, `-`; not a name Azure "
        "reserves such as root or admin); default azureuser.",
    )
    size: str = Field(
        "Standard_D2s_v5",
        description="VM size (`Standard_<family><vCPUs>[features][_version]`); default "
        "Standard_D2s_v5 (supports encryption at host, premium disks and Trusted Launch).",
    )
    image: ImageConfig = Field(
        default_factory=ImageConfig,
        description="Marketplace image; default Ubuntu 24.04 LTS Gen2, latest.",
    )
    trusted_launch: bool = Field(
        True,
        description="Trusted Launch (secure boot and vTPM); needs a Gen2 image that supports "
        "it; `false` for images that do not.",
    )
    encryption_at_host: bool = Field(
        True,
        description="Encrypt temp disk and disk caches on the host; needs the "
        "`Microsoft.Compute/EncryptionAtHost` feature registered in the subscription; `false` "
        "turns it off.",
    )
    os_disk: OsDiskConfig = Field(default_factory=OsDiskConfig, description="The OS disk.")
    zone: Literal["1", "2", "3"] | None = Field(
        None, description="Availability zone; unset places the VM in no zone."
    )
    subnet_id: str | None = Field(
        None,
        description="Subnet of the NIC, as a resource id; or pass `vnet=` (a SecureVnet) "
        "and `subnet_tier`.",
    )
    subnet_tier: str = Field(
        "workload",
        pattern=r"^[a-z][a-z0-9_-]*$",
        description="Tier of the `vnet=` SecureVnet's subnet (a key of its `subnet_ids`); "
        "default workload.",
    )
    public_ip: PublicIpConfig = Field(
        default_factory=PublicIpConfig,
        description="A public IP on the NIC; none unless `public_ip: {enabled: true}`.",
    )
    inbound_rules: tuple[InboundRule, ...] = Field(
        (),
        description="Allow rules of the VM's NSG; none by default (the NSG's default rules "
        "admit the VNet and the load balancer, and deny the internet).",
    )
    allow_inbound_from_internet: bool = Field(
        False,
        description="Allow `inbound_rules` with an internet source (`*`, `Internet`, "
        "`0.0.0.0/0`); SSH and RDP from the internet stay refused.",
    )
    user_assigned_identity_ids: tuple[ResourceId, ...] = Field(
        (),
        description="User-assigned managed identities, beside the system-assigned one.",
    )
    patch_reboot: Literal["IfRequired", "Never", "Always"] = Field(
        "IfRequired",
        description="Reboots of platform-orchestrated patching; default IfRequired.",
    )

    @field_validator("ssh_public_keys")
    @classmethod
    def _check_keys(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for index, key in enumerate(value):
            error = ssh_public_key_error(key)
            if error is not None:
                raise ValueError(f"ssh_public_keys[{index}]: {error}")
        return tuple(" ".join(key.split()) for key in value)

    @field_validator("admin_username")
    @classmethod
    def _check_admin(cls, value: str) -> str:
        error = admin_username_error(value)
        if error is not None:
            raise ValueError(error)
        return value

    @field_validator("size")
    @classmethod
    def _check_size(cls, value: str) -> str:
        if not _VM_SIZE.match(value):
            raise ValueError(f"{value!r} is not a VM size such as Standard_D2s_v5 or Standard_B2ms")
        return value

    @field_validator("subnet_id")
    @classmethod
    def _check_subnet(cls, value: str | None) -> str | None:
        if value is not None and not _SUBNET_ID.match(value):
            raise ValueError(
                f"{value!r} is not a subnet id (/subscriptions/<id>/resourceGroups/<group>/"
                "providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)"
            )
        return value

    @field_validator("user_assigned_identity_ids")
    @classmethod
    def _check_identities(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not _USER_IDENTITY.match(item):
                raise ValueError(f"{item!r} is not a user-assigned identity id")
        return tuple(dict.fromkeys(value))

    @model_validator(mode="after")
    def _check_rules(self) -> LinuxVmConfig:
        names = [rule.name for rule in self.inbound_rules]
        priorities = [rule.priority for rule in self.inbound_rules]
        for index, rule in enumerate(self.inbound_rules):
            where = f"inbound_rules.{index}"
            if names.count(rule.name) > 1:
                raise ValueError(f"{where}.name: rule name {rule.name!r} is used twice")
            if priorities.count(rule.priority) > 1:
                raise ValueError(f"{where}.priority: priority {rule.priority} is used twice")
            if not rule.open_to_internet:
                continue
            if rule.admits_remote_login:
                raise ValueError(
                    f"{where}.source_address_prefixes: rule {rule.name!r} opens SSH or RDP to "
                    "the internet (CIS Azure 7.1/7.2); list the admin networks instead, or use "
                    "Azure Bastion"
                )
            if not self.allow_inbound_from_internet:
                raise ValueError(
                    f"{where}.source_address_prefixes: rule {rule.name!r} admits the whole "
                    "internet; list private ranges, or set allow_inbound_from_internet: true"
                )
        return self
