"""``LinuxVirtualMachine``: a Linux VM reached with SSH keys only, on a private IP, with a managed
identity, encryption at host, Trusted Launch, boot diagnostics and an NSG.

Examples:
    >>> from iaccore.synth import synth
    >>> from iaccore.azure.compute.config import EXAMPLE_ED25519_KEY
    >>> subnet = ("/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/"
    ...           "providers/Microsoft.Network/virtualNetworks/vnet-core/subnets/private")
    >>> graph = synth(lambda: LinuxVirtualMachine(
    ...     "web", {"ssh_public_keys": [EXAMPLE_ED25519_KEY], "subnet_id": subnet}),
    ...     config={"azure-native:location": "westeurope"})
    >>> vm = graph.one("azure-native:compute:VirtualMachine")
    >>> vm.inputs["osProfile"]["linuxConfiguration"]["disablePasswordAuthentication"]
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

import pulumi
from pulumi_azure_native import compute, network

from iaccore.azure._base import AzureComponent
from iaccore.azure.compute._network import create_vm_network
from iaccore.azure.compute.config import LinuxVmConfig
from iaccore.azure.compute.naming import computer_name, vm_resource_name
from iaccore.azure.storage.redundancy import check_zone_redundancy
from iaccore.core.errors import ConfigurationError

__all__ = ["LinuxVirtualMachine", "SubnetSource"]


class SubnetSource(Protocol):
    """What ``vnet=`` needs: a name and subnet ids by tier (a ``SecureVnet``)."""

    @property
    def name(self) -> str:
        """The network's logical name."""
        ...

    @property
    def subnet_ids(self) -> Mapping[str, pulumi.Input[str]]:
        """Subnet ids by tier."""
        ...


class LinuxVirtualMachine(AzureComponent[LinuxVmConfig]):
    """A Linux virtual machine, secure by default.

    Children: a network security group with only the ``inbound_rules`` given (Azure's default
    rules admit the VNet and the load balancer and deny the internet; SSH and RDP from the
    internet are refused in config), a NIC in the subnet with that NSG and a private IP, a
    Standard static public IP only with ``public_ip: {enabled: true}``, and the VM: password
    authentication off with the ``ssh_public_keys`` in ``/home/<admin>/.ssh/authorized_keys``,
    a system-assigned identity (plus ``user_assigned_identity_ids``), encryption at host, Trusted
    Launch with secure boot and vTPM, boot diagnostics in managed storage, a managed OS disk
    deleted with the VM, platform-orchestrated patching with periodic assessment, Ubuntu 24.04
    LTS Gen2 by default.

    The subnet is ``vnet.subnet_ids[subnet_tier]`` when a ``vnet=`` (a ``SecureVnet``) is given,
    else ``subnet_id`` from the config. The VM resource is ``vm-<name>`` and its host name
    ``<name>`` (``iaccore.azure.compute.naming``); a NIC belongs to one VM at a time, so a
    replaced VM is deleted before its successor is created.

    Args:
        name: Logical name (``azure.virtual_machines.<name>``).
        config: ``LinuxVmConfig`` or a mapping; ``ssh_public_keys`` is required.
        opts: Pulumi options, propagated to every child.
        tags: Extra tags for the children.
        vnet: A ``SecureVnet`` (anything with ``subnet_ids`` by tier) to place the VM in.

    Raises:
        ConfigurationError: invalid config (no or a malformed SSH key, a private key, a
            password key, a reserved admin user, a bad size, internet ingress without the
            opt-in, SSH or RDP from the internet), no subnet, or an unknown subnet tier;
            nothing is registered then.

    Attributes:
        vm: The ``compute.VirtualMachine``.
        nic: Its ``network.NetworkInterface``.
        security_group: The ``network.NetworkSecurityGroup`` on the NIC.
        public_ip: The ``network.PublicIPAddress``, or None.

    Examples:
        >>> from iaccore.synth import synth
        >>> from iaccore.azure.compute.config import EXAMPLE_ED25519_KEY
        >>> subnet = ("/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/"
        ...           "providers/Microsoft.Network/virtualNetworks/vnet/subnets/private")
        >>> graph = synth(lambda: LinuxVirtualMachine(
        ...     "web", {"ssh_public_keys": [EXAMPLE_ED25519_KEY], "subnet_id": subnet}),
        ...     config={"azure-native:location": "westeurope"})
        >>> graph.resources(type="azure-native:network:PublicIPAddress")
        []
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:azure:LinuxVirtualMachine"
    CONFIG_MODEL: ClassVar[type[LinuxVmConfig]] = LinuxVmConfig
    CONFIG_KEY: ClassVar[str] = "azure.virtual_machines"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = ("vm", "nic", "nsg", "public_ip")

    vm: compute.VirtualMachine
    nic: network.NetworkInterface
    security_group: network.NetworkSecurityGroup
    public_ip: network.PublicIPAddress | None
    vm_id: pulumi.Output[str]
    vm_name: pulumi.Output[str]
    private_ip: pulumi.Output[str]
    principal_id: pulumi.Output[str]
    nic_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        config: LinuxVmConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        tags: Mapping[str, str] | None = None,
        vnet: SubnetSource | None = None,
    ) -> None:
        self._vnet = vnet
        super().__init__(name, config, opts, tags=tags)

    @classmethod
    def validate_config(
        cls, config: LinuxVmConfig | Mapping[str, Any] | None, *, name: str = ""
    ) -> LinuxVmConfig:
        """The validated config; a password key is refused with a message saying why.

        Raises:
            ConfigurationError: naming the key path of every invalid value.
        """
        if isinstance(config, Mapping):
            for key in config:
                if isinstance(key, str) and "password" in key.lower():
                    raise ConfigurationError(
                        "password authentication is off on every LinuxVirtualMachine and "
                        "there is no password setting",
                        key_path=f"{cls.config_key(name)}.{key}",
                        layer="code",
                        expected="ssh_public_keys: the OpenSSH public keys allowed to log in",
                    )
        return super().validate_config(config, name=name)

    def _check(self, config: LinuxVmConfig) -> None:
        super()._check(config)
        key = self.key_path
        check_zone_redundancy(
            config.os_disk.storage_account_type,
            self.location,
            key_path=f"{key}.os_disk.storage_account_type",
        )
        vnet = self._vnet
        if vnet is None:
            if config.subnet_id is None:
                raise ConfigurationError(
                    "a LinuxVirtualMachine needs a subnet: pass vnet=SecureVnet(...) or set "
                    "subnet_id",
                    key_path=f"{key}.subnet_id",
                    expected="a subnet resource id, or a vnet= argument",
                )
            self._subnet_id: pulumi.Input[str] = config.subnet_id
            return
        if config.subnet_id is not None:
            raise ConfigurationError(
                "set subnet_id or pass vnet=, not both",
                key_path=f"{key}.subnet_id",
                expected="subnet_id unset when vnet= is given",
            )
        subnets = getattr(vnet, "subnet_ids", None)
        if not isinstance(subnets, Mapping) or config.subnet_tier not in subnets:
            known = ", ".join(sorted(subnets)) if isinstance(subnets, Mapping) else "none"
            raise ConfigurationError(
                f"network {getattr(vnet, 'name', vnet)!r} has no {config.subnet_tier!r} subnet",
                key_path=f"{key}.subnet_tier",
                expected=f"one of: {known}",
            )
        self._subnet_id = subnets[config.subnet_tier]

    def _create(self) -> None:
        cfg = self.config
        group = self.resource_group_name
        made = create_vm_network(
            self,
            resource_group_name=group,
            location=self.location,
            subnet_id=self._subnet_id,
            inbound_rules=cfg.inbound_rules,
            public_ip=cfg.public_ip,
            zone=cfg.zone,
        )
        self.security_group, self.public_ip, self.nic = (
            made.security_group,
            made.public_ip,
            made.nic,
        )
        self.vm = compute.VirtualMachine(
            self.child_name("vm"),
            vm_name=vm_resource_name(self.name),
            resource_group_name=group,
            location=self.location,
            zones=[cfg.zone] if cfg.zone else None,
            hardware_profile=compute.HardwareProfileArgs(vm_size=cfg.size),
            os_profile=self._os_profile(),
            storage_profile=compute.StorageProfileArgs(
                image_reference=compute.ImageReferenceArgs(
                    publisher=cfg.image.publisher,
                    offer=cfg.image.offer,
                    sku=cfg.image.sku,
                    version=cfg.image.version,
                ),
                os_disk=compute.OSDiskArgs(
                    create_option="FromImage",
                    caching=compute.CachingTypes.READ_WRITE,
                    delete_option="Delete",
                    disk_size_gb=cfg.os_disk.size_gb,
                    managed_disk=compute.ManagedDiskParametersArgs(
                        storage_account_type=cfg.os_disk.storage_account_type
                    ),
                ),
            ),
            network_profile=compute.NetworkProfileArgs(
                network_interfaces=[
                    # Detach: the NIC is this stack's resource, Pulumi deletes it.
                    compute.NetworkInterfaceReferenceArgs(
                        id=self.nic.id, primary=True, delete_option="Detach"
                    )
                ]
            ),
            security_profile=compute.SecurityProfileArgs(
                encryption_at_host=cfg.encryption_at_host,
                security_type="TrustedLaunch" if cfg.trusted_launch else None,
                uefi_settings=compute.UefiSettingsArgs(secure_boot_enabled=True, v_tpm_enabled=True)
                if cfg.trusted_launch
                else None,
            ),
            diagnostics_profile=compute.DiagnosticsProfileArgs(
                # No storage_uri: boot diagnostics in managed storage, no account to secure.
                boot_diagnostics=compute.BootDiagnosticsArgs(enabled=True)
            ),
            identity=compute.VirtualMachineIdentityArgs(
                type=compute.ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED
                if cfg.user_assigned_identity_ids
                else compute.ResourceIdentityType.SYSTEM_ASSIGNED,
                user_assigned_identities=list(cfg.user_assigned_identity_ids) or None,
            ),
            tags=self.child_tags("vm"),
            opts=self.child_opts("vm", delete_before_replace=True),
        )
        self.vm_id = self.vm.id
        self.vm_name = self.vm.name
        self.nic_id = self.nic.id
        self.private_ip = self.nic.ip_configurations.apply(
            lambda configs: (configs[0].private_ip_address or "") if configs else ""
        )
        self.principal_id = self.vm.identity.apply(
            lambda identity: (identity.principal_id or "") if identity is not None else ""
        )
        self.register(
            vm_id=self.vm_id,
            vm_name=self.vm_name,
            private_ip=self.private_ip,
            principal_id=self.principal_id,
            nic_id=self.nic_id,
        )

    def _os_profile(self) -> compute.OSProfileArgs:
        cfg = self.config
        path = f"/home/{cfg.admin_username}/.ssh/authorized_keys"
        return compute.OSProfileArgs(
            computer_name=computer_name(self.name),
            admin_username=cfg.admin_username,
            allow_extension_operations=True,
            linux_configuration=compute.LinuxConfigurationArgs(
                disable_password_authentication=True,
                provision_vm_agent=True,
                ssh=compute.SshConfigurationArgs(
                    public_keys=[
                        compute.SshPublicKeyArgs(key_data=key, path=path)
                        for key in cfg.ssh_public_keys
                    ]
                ),
                patch_settings=compute.LinuxPatchSettingsArgs(
                    patch_mode="AutomaticByPlatform",
                    assessment_mode="AutomaticByPlatform",
                    automatic_by_platform_settings=(
                        compute.LinuxVMGuestPatchAutomaticByPlatformSettingsArgs(
                            reboot_setting=cfg.patch_reboot
                        )
                    ),
                ),
            ),
        )
