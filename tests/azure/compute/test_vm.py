"""LinuxVirtualMachine on the mock engine: SSH only, private NIC with an NSG, identity,
encryption at host, Trusted Launch, boot diagnostics, patching, wiring and errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pytest

from iaccore.azure import LinuxVirtualMachine
from iaccore.synth import Graph
from iaccore.testing import assert_urns_match, capture_error
from tests.azure.compute.keys import ED25519, PRIVATE_KEY, rsa_key
from tests.azure.helpers import PROJECT, az_config, run_azure

VM = "azure-native:compute:VirtualMachine"
NIC = "azure-native:network:NetworkInterface"
NSG = "azure-native:network:NetworkSecurityGroup"
PIP = "azure-native:network:PublicIPAddress"
GROUP = "azure-native:resources:ResourceGroup"
TOKEN = "iaccore:azure:LinuxVirtualMachine"
SUB = "00000000-0000-4000-8000-000000000001"
SUBNET = (
    f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/"
    "virtualNetworks/vnet-core/subnets/private"
)
BASE: dict[str, Any] = {"ssh_public_keys": [ED25519], "subnet_id": SUBNET}
SNAPSHOTS = Path(__file__).parent / "snapshots"


@dataclass
class FakeVnet:
    """What a SecureVnet offers the VM: a name and subnet ids by tier."""

    name: str = "core"
    subnet_ids: Mapping[str, Any] = field(default_factory=dict)


def nothing_registered(graph: Graph) -> bool:
    """Nothing at all, not even the section's provider: the checks run before it is created."""
    return [r.type for r in graph] == ["pulumi:pulumi:Stack"]


def build(extra: Mapping[str, Any] | None = None, **overrides: Any) -> Graph:
    return run_azure(lambda: LinuxVirtualMachine("web", {**BASE, **(extra or {})}), **overrides)


def vm_inputs(extra: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return build(extra).one(VM).inputs


class TestStructure:
    def test_children(self) -> None:
        """Group, NSG, NIC and VM, all children of the component; no public IP."""
        graph = build()
        component = graph.one(TOKEN, "web")
        children = {(r.type, r.name) for r in graph.resources(parent=component)}
        assert children == {
            (GROUP, "web-resource-group"),
            (NSG, "web-nsg"),
            (NIC, "web-nic"),
            (VM, "web-vm"),
        }

    def test_urns_match_snapshot(self) -> None:
        """Child URNs stay stable (renames need aliases)."""
        assert_urns_match(build(), SNAPSHOTS / "linux_vm.txt")

    def test_names_and_group(self) -> None:
        """The VM is `vm-<name>`, host `<name>`, in `rg-<project>-<env>-<name>`."""
        inputs = vm_inputs()
        assert inputs["vmName"] == "vm-web"
        assert inputs["osProfile"]["computerName"] == "web"
        assert inputs["resourceGroupName"] == "rg-payments-dev-web"
        assert inputs["location"] == "westeurope"

    def test_replaced_vm_deleted_first(self) -> None:
        """The NIC serves one VM at a time: a replacement deletes the old VM first."""
        assert build().one(VM).delete_before_replace is True

    def test_tags(self) -> None:
        """Metadata and section tags reach the VM, NIC and NSG."""
        graph = build()
        for type_ in (VM, NIC, NSG):
            tags = graph.one(type_).inputs["tags"]
            assert tags["cost-center"] == "1234"
            assert tags["iaccore:project"] == PROJECT


class TestAccess:
    def test_ssh_keys_only(self) -> None:
        """Password authentication off, the keys in the admin's authorized_keys, no password."""
        profile = vm_inputs({"ssh_public_keys": [ED25519, rsa_key(3072)]})["osProfile"]
        linux = profile["linuxConfiguration"]
        assert linux["disablePasswordAuthentication"] is True
        assert "adminPassword" not in profile
        assert profile["adminUsername"] == "azureuser"
        assert linux["ssh"]["publicKeys"] == [
            {"keyData": key, "path": "/home/azureuser/.ssh/authorized_keys"}
            for key in (ED25519, rsa_key(3072))
        ]

    def test_admin_username(self) -> None:
        """The keys land in the configured admin's home."""
        profile = vm_inputs({"admin_username": "ops"})["osProfile"]
        assert profile["adminUsername"] == "ops"
        assert profile["linuxConfiguration"]["ssh"]["publicKeys"][0]["path"] == (
            "/home/ops/.ssh/authorized_keys"
        )

    def test_system_assigned_identity(self) -> None:
        """A system-assigned identity by default."""
        assert vm_inputs()["identity"] == {"type": "SystemAssigned"}

    def test_user_assigned_identities_added(self) -> None:
        """User-assigned identities are added beside the system-assigned one."""
        ident = (
            f"/subscriptions/{SUB}/resourceGroups/rg/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/id-web"
        )
        assert vm_inputs({"user_assigned_identity_ids": [ident]})["identity"] == {
            "type": "SystemAssigned, UserAssigned",
            "userAssignedIdentities": [ident],
        }


class TestHostSecurity:
    def test_encryption_at_host_and_trusted_launch(self) -> None:
        """Encryption at host, Trusted Launch with secure boot and vTPM."""
        assert vm_inputs()["securityProfile"] == {
            "encryptionAtHost": True,
            "securityType": "TrustedLaunch",
            "uefiSettings": {"secureBootEnabled": True, "vTpmEnabled": True},
        }

    def test_opt_outs(self) -> None:
        """`trusted_launch: false` and `encryption_at_host: false` are visible opt-outs."""
        profile = vm_inputs({"trusted_launch": False, "encryption_at_host": False})[
            "securityProfile"
        ]
        assert profile == {"encryptionAtHost": False}

    def test_boot_diagnostics_managed_storage(self) -> None:
        """Boot diagnostics on, in managed storage (no storage account URI)."""
        assert vm_inputs()["diagnosticsProfile"] == {"bootDiagnostics": {"enabled": True}}

    def test_image_and_disk(self) -> None:
        """Ubuntu 24.04 LTS Gen2; a Premium managed OS disk deleted with the VM."""
        storage = vm_inputs()["storageProfile"]
        assert storage["imageReference"] == {
            "publisher": "Canonical",
            "offer": "ubuntu-24_04-lts",
            "sku": "server",
            "version": "latest",
        }
        assert storage["osDisk"] == {
            "createOption": "FromImage",
            "caching": "ReadWrite",
            "deleteOption": "Delete",
            "managedDisk": {"storageAccountType": "Premium_LRS"},
        }

    def test_patching_by_platform(self) -> None:
        """Platform-orchestrated patching and periodic assessment; the VM agent runs."""
        linux = vm_inputs()["osProfile"]["linuxConfiguration"]
        assert linux["provisionVMAgent"] is True
        assert linux["patchSettings"] == {
            "patchMode": "AutomaticByPlatform",
            "assessmentMode": "AutomaticByPlatform",
            "automaticByPlatformSettings": {"rebootSetting": "IfRequired"},
        }

    def test_size_and_zone(self) -> None:
        """Size and zone come from config."""
        inputs = vm_inputs({"size": "Standard_D4s_v5", "zone": "2"})
        assert inputs["hardwareProfile"] == {"vmSize": "Standard_D4s_v5"}
        assert inputs["zones"] == ["2"]
        assert "zones" not in vm_inputs()


class TestNetwork:
    def test_private_nic_with_nsg(self) -> None:
        """One NIC in the subnet, dynamic private IP, no public IP, the NSG attached."""
        graph = build()
        nic = graph.one(NIC).inputs
        (ip_config,) = nic["ipConfigurations"]
        assert ip_config["subnet"]["id"] == SUBNET
        assert ip_config["privateIPAllocationMethod"] == "Dynamic"
        assert "publicIPAddress" not in ip_config
        assert nic["networkSecurityGroup"] == {"id": graph.one(NSG).id}
        assert graph.resources(type=PIP) == []
        (ref,) = graph.one(VM).inputs["networkProfile"]["networkInterfaces"]
        assert ref == {"id": graph.one(NIC).id, "primary": True, "deleteOption": "Detach"}

    def test_nsg_has_no_rules_by_default(self) -> None:
        """Only Azure's default rules: the internet is denied inbound."""
        assert build().one(NSG).inputs.get("securityRules", []) == []

    def test_inbound_rules(self) -> None:
        """Configured rules become inbound allow rules; a service tag stays a single source."""
        rules = [
            {
                "name": "https",
                "priority": 200,
                "ports": ["443", "8443"],
                "source_address_prefixes": ["10.0.0.0/8", "192.168.0.0/16"],
                "description": "app traffic",
            },
            {
                "name": "lb",
                "priority": 300,
                "ports": ["80"],
                "source_address_prefixes": ["AzureLoadBalancer"],
            },
        ]
        got = build({"inbound_rules": rules}).one(NSG).inputs["securityRules"]
        assert got == [
            {
                "name": "https",
                "priority": 200,
                "direction": "Inbound",
                "access": "Allow",
                "protocol": "Tcp",
                "sourcePortRange": "*",
                "destinationAddressPrefix": "*",
                "description": "app traffic",
                "sourceAddressPrefixes": ["10.0.0.0/8", "192.168.0.0/16"],
                "destinationPortRanges": ["443", "8443"],
            },
            {
                "name": "lb",
                "priority": 300,
                "direction": "Inbound",
                "access": "Allow",
                "protocol": "Tcp",
                "sourcePortRange": "*",
                "destinationAddressPrefix": "*",
                "sourceAddressPrefix": "AzureLoadBalancer",
                "destinationPortRange": "80",
            },
        ]

    def test_public_ip_opt_in(self) -> None:
        """`public_ip: {enabled: true}` adds a Standard static IPv4 address in the VM's zone."""
        graph = build({"public_ip": {"enabled": True, "dns_label": "web-payments"}, "zone": "1"})
        pip = graph.one(PIP)
        assert pip.name == "web-public-ip"
        assert pip.inputs["sku"] == {"name": "Standard", "tier": "Regional"}
        assert pip.inputs["publicIPAllocationMethod"] == "Static"
        assert pip.inputs["zones"] == ["1"]
        assert pip.inputs["dnsSettings"] == {"domainNameLabel": "web-payments"}
        ip_config = graph.one(NIC).inputs["ipConfigurations"][0]
        assert ip_config["publicIPAddress"] == {"id": pip.id}

    def test_vnet_wiring(self) -> None:
        """`vnet=` places the NIC in `vnet.subnet_ids[subnet_tier]`."""
        other = SUBNET.replace("/private", "/app")

        def program() -> None:
            vnet = FakeVnet(subnet_ids={"private": SUBNET, "app": pulumi.Output.from_input(other)})
            LinuxVirtualMachine(
                "web", {"ssh_public_keys": [ED25519], "subnet_tier": "app"}, vnet=vnet
            )

        nic = run_azure(program).one(NIC).inputs
        assert nic["ipConfigurations"][0]["subnet"]["id"] == other

    def test_secure_vnet_wiring(self) -> None:
        """With a real SecureVnet, the default tier `workload` holds the NIC."""
        from iaccore.azure import SecureVnet

        def program() -> None:
            vnet = SecureVnet("core", {})
            LinuxVirtualMachine("web", {"ssh_public_keys": [ED25519]}, vnet=vnet)

        graph = run_azure(program)
        subnet = next(
            s
            for s in graph.resources(type="azure-native:network:Subnet")
            if s.name == "core-subnet-workload"
        )
        assert graph.one(NIC).inputs["ipConfigurations"][0]["subnet"]["id"] == subnet.id


class TestOutputs:
    def test_outputs(self) -> None:
        """vm_id, vm_name, private_ip, principal_id and nic_id are exported attributes."""

        def program() -> None:
            web = LinuxVirtualMachine("web", BASE)
            for name in ("vm_id", "vm_name", "private_ip", "principal_id", "nic_id"):
                pulumi.export(name, getattr(web, name))

        graph = run_azure(program)
        vm, nic = graph.one(VM), graph.one(NIC)
        assert graph.outputs["vm_id"] == vm.id
        assert graph.outputs["vm_name"] == "vm-web"
        assert graph.outputs["nic_id"] == nic.id
        assert graph.outputs["private_ip"] == nic.outputs["ipConfigurations"][0]["privateIPAddress"]
        assert graph.outputs["principal_id"] == vm.outputs["identity"]["principalId"]


class TestErrors:
    def capture(self, config: Any, vnet: Any = None) -> Any:
        return capture_error(
            lambda: LinuxVirtualMachine("web", config, vnet=vnet),
            project=PROJECT,
            config=az_config(),
        )

    def check(self, captured: Any, key: str) -> None:
        assert captured.error.key_path == f"azure.virtual_machines.web.{key}"
        assert nothing_registered(captured.graph)

    def test_no_ssh_key(self) -> None:
        """A VM without SSH keys fails on `ssh_public_keys`."""
        self.check(self.capture({"subnet_id": SUBNET}), "ssh_public_keys")

    def test_private_key(self) -> None:
        """A private key fails with a message pointing at the .pub file."""
        captured = self.capture({**BASE, "ssh_public_keys": [PRIVATE_KEY]})
        self.check(captured, "ssh_public_keys")
        assert "PRIVATE key" in str(captured.error)

    @pytest.mark.parametrize(
        "key", ["admin_password", "password", "disable_password_authentication"]
    )
    def test_password_field_does_not_exist(self, key: str) -> None:
        """Any password key is refused, naming it and saying why."""
        captured = self.capture({**BASE, key: "Secr3t!Secr3t!"})
        self.check(captured, key)
        assert "password authentication is off" in str(captured.error)
        assert "Secr3t" not in str(captured.error)

    def test_reserved_admin(self) -> None:
        """A reserved admin user fails on `admin_username`."""
        self.check(self.capture({**BASE, "admin_username": "root"}), "admin_username")

    def test_bad_size(self) -> None:
        """A size outside Azure's pattern fails on `size`."""
        self.check(self.capture({**BASE, "size": "t3.micro"}), "size")

    def test_public_ip_without_opt_in_word(self) -> None:
        """`public_ip: true` is not the opt-in; `public_ip.enabled: true` is."""
        self.check(self.capture({**BASE, "public_ip": True}), "public_ip")

    def test_ssh_open_to_internet(self) -> None:
        """SSH from 0.0.0.0/0 is refused even with `allow_inbound_from_internet`."""
        captured = self.capture(
            {
                **BASE,
                "allow_inbound_from_internet": True,
                "inbound_rules": [
                    {
                        "name": "ssh",
                        "priority": 100,
                        "ports": ["22"],
                        "source_address_prefixes": ["0.0.0.0/0"],
                    }
                ],
            }
        )
        assert captured.error.key_path is not None
        assert captured.error.key_path.startswith("azure.virtual_machines.web.inbound_rules")
        assert "SSH or RDP" in str(captured.error)
        assert nothing_registered(captured.graph)

    def test_internet_rule_without_opt_in(self) -> None:
        """HTTPS from the internet needs `allow_inbound_from_internet: true`."""
        captured = self.capture(
            {
                **BASE,
                "inbound_rules": [
                    {
                        "name": "https",
                        "priority": 100,
                        "ports": ["443"],
                        "source_address_prefixes": ["Internet"],
                    }
                ],
            }
        )
        assert "allow_inbound_from_internet" in str(captured.error)
        assert nothing_registered(captured.graph)

    def test_no_subnet(self) -> None:
        """Without subnet_id or vnet= the VM fails on `subnet_id`."""
        self.check(self.capture({"ssh_public_keys": [ED25519]}), "subnet_id")

    def test_subnet_and_vnet(self) -> None:
        """subnet_id and vnet= together fail on `subnet_id`."""
        vnet = FakeVnet(subnet_ids={"private": SUBNET})
        self.check(self.capture(BASE, vnet=vnet), "subnet_id")

    def test_unknown_tier(self) -> None:
        """A tier the network lacks fails on `subnet_tier`, listing the known ones."""
        vnet = FakeVnet(subnet_ids={"app": SUBNET, "data": SUBNET})
        captured = self.capture({"ssh_public_keys": [ED25519]}, vnet=vnet)
        self.check(captured, "subnet_tier")
        assert captured.error.expected == "one of: app, data"

    def test_malformed_subnet_id(self) -> None:
        """A subnet id that is not one fails on `subnet_id`."""
        self.check(self.capture({**BASE, "subnet_id": "private"}), "subnet_id")


def test_zone_redundant_disk_refused_without_zones() -> None:
    """A ZRS OS disk in a location without zones fails on its key; nothing registered."""
    from iaccore.azure import LinuxVirtualMachine
    from iaccore.testing import capture_error as capture
    from tests.azure.helpers import az_config as config_of

    captured = capture(
        lambda: LinuxVirtualMachine(
            "jump",
            {
                **BASE,
                "location": "ukwest",
                "os_disk": {"storage_account_type": "Premium_ZRS"},
            },
        ),
        project="payments",
        config=config_of(),
    )
    assert captured.error.key_path.endswith("os_disk.storage_account_type")
    assert captured.registered_nothing
