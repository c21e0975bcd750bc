"""``Instance``: an EC2 instance in a private subnet, IMDSv2 only, encrypted, reached over SSM.

Examples:
    >>> from iaccore.synth import synth
    >>> cfg = {"subnet_id": "subnet-0a1b2c3d", "vpc_id": "vpc-0a1b2c3d", "vpc_cidr": "10.0.0.0/16"}
    >>> graph = synth(lambda: Instance("bastion", cfg))
    >>> graph.one("aws:ec2/instance:Instance").inputs["metadataOptions"]["httpTokens"]
    'required'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi
import pulumi_aws as aws

from iaccore.aws._base import AwsComponent
from iaccore.aws.ec2._security_group import SecurityGroupRules, create_security_group
from iaccore.aws.ec2.config import InstanceConfig
from iaccore.aws.iam.policy import AMAZON_SSM_MANAGED_INSTANCE_CORE
from iaccore.aws.iam.role import IamRole, service_role_config
from iaccore.core.errors import ConfigurationError

if TYPE_CHECKING:
    from iaccore.aws.network.vpc import SecureVpc

__all__ = ["Instance"]

#: Root volume type; gp3 is cheaper than gp2 at the same baseline performance.
ROOT_VOLUME_TYPE = "gp3"


class Instance(AwsComponent[InstanceConfig]):
    """An EC2 instance, secure by default: IMDSv2, encrypted gp3 root, no public IP, SSM.

    Children: the instance (metadata tokens required, encrypted gp3 root volume, detailed
    monitoring, no public IP unless ``associate_public_ip`` in a public subnet), a security group
    with one ``SecurityGroupIngressRule``/``SecurityGroupEgressRule`` per rule and CIDR (no
    ingress by default; egress HTTPS anywhere plus the VPC), and, when ``ssm`` (default), a
    nested [`IamRole`][iaccore.aws.IamRole] trusted by ``ec2.amazonaws.com`` with
    ``AmazonSSMManagedInstanceCore`` attached, and its instance profile. The AMI is ``ami`` or
    the value of the SSM parameter ``ami_ssm_parameter`` (latest Amazon Linux 2023), read with
    ``aws.ssm.get_parameter``.

    ``user_data`` (a cloud-init script) runs at first boot; ``user_data_replace_on_change``
    replaces the instance when it changes (otherwise EC2 stops and starts it with the new user
    data, which cloud-init does not run again). User data is not secret storage: values that look
    like credentials are refused in config.

    The subnet is ``vpc.subnet_ids(subnet_tier)[subnet_index]`` when ``vpc`` is given, else the
    explicit ``subnet_id``/``vpc_id`` (and ``vpc_cidr`` for VPC egress) from config.

    Args:
        name: Logical name (``aws.instances.<name>``).
        config: ``InstanceConfig`` or a mapping.
        opts: Pulumi options, propagated to every child.
        vpc: The SecureVpc to place the instance in.
        tags: Extra tags for the children.

    Raises:
        ConfigurationError: invalid config, ingress from the internet without
            ``allow_ingress_from_internet``, or no subnet; nothing is registered.

    Examples:
        >>> from iaccore.synth import synth
        >>> from iaccore.aws import SecureVpc
        >>> def program() -> None:
        ...     vpc = SecureVpc("core", {"cidr": "10.20.0.0/16"})
        ...     Instance("bastion", {"instance_type": "t3.small"}, vpc=vpc)
        >>> graph = synth(program, config={"aws:region": "eu-west-1"})
        >>> graph.one("aws:ec2/instance:Instance").inputs["associatePublicIpAddress"]
        False
    """

    TYPE_TOKEN: ClassVar[str] = "iaccore:aws:Instance"
    CONFIG_MODEL: ClassVar[type[InstanceConfig]] = InstanceConfig
    CONFIG_KEY: ClassVar[str] = "aws.instances"
    KEYED_BY_NAME: ClassVar[bool] = True
    ROLES: ClassVar[tuple[str, ...]] = (
        "instance",
        "security_group",
        "ingress",
        "egress",
        "role",
        "instance_profile",
    )

    instance: aws.ec2.Instance
    security_group: aws.ec2.SecurityGroup
    security_group_rules: SecurityGroupRules
    iam_role: IamRole | None
    role: aws.iam.Role | None
    instance_profile: aws.iam.InstanceProfile | None
    instance_id: pulumi.Output[str]
    private_ip: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    role_arn: pulumi.Output[str] | None

    def __init__(
        self,
        name: str,
        config: InstanceConfig | Mapping[str, Any] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        vpc: SecureVpc | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self._vpc = vpc
        super().__init__(name, config, opts, tags=tags)

    def _prepare(self, config: InstanceConfig) -> None:
        key = self.key_path
        vpc = self._vpc
        for index, rule in enumerate(config.ingress_rules):
            if rule.open_to_internet and not config.allow_ingress_from_internet:
                raise ConfigurationError(
                    f"ingress_rules[{index}] is open to the internet (0.0.0.0/0 or ::/0)",
                    key_path=f"{key}.ingress_rules[{index}].cidr_blocks",
                    expected="private CIDRs, or allow_ingress_from_internet: true",
                )
        if vpc is None:
            if config.subnet_id is None:
                raise ConfigurationError(
                    "an Instance needs a subnet: pass vpc=SecureVpc(...) or set subnet_id and "
                    "vpc_id",
                    key_path=f"{key}.subnet_id",
                    expected="a subnet id such as subnet-0123abcd, or a vpc= argument",
                )
            if config.egress in ("vpc", "https_and_vpc") and config.vpc_cidr is None:
                raise ConfigurationError(
                    f"egress {config.egress!r} needs the VPC's CIDR: set vpc_cidr or pass vpc=",
                    key_path=f"{key}.vpc_cidr",
                    expected="the CIDR of vpc_id, such as 10.0.0.0/16",
                )
            self._subnet_id: pulumi.Input[str] = config.subnet_id
            self._vpc_id: pulumi.Input[str] = config.vpc_id or ""
            self._vpc_cidr: pulumi.Input[str] | None = config.vpc_cidr
            return
        if config.subnet_id is not None:
            raise ConfigurationError(
                "set subnet_id or pass vpc=, not both",
                key_path=f"{key}.subnet_id",
                expected="subnet_id unset when vpc= is given",
            )
        try:
            subnets = vpc.subnet_ids(config.subnet_tier)
        except ConfigurationError as err:
            raise ConfigurationError(
                f"VPC {vpc.name!r} has no {config.subnet_tier!r} subnets",
                key_path=f"{key}.subnet_tier",
                expected=err.expected,
            ) from err
        if config.subnet_index >= len(subnets):
            raise ConfigurationError(
                f"subnet_index {config.subnet_index} is out of range: VPC {vpc.name!r} has "
                f"{len(subnets)} {config.subnet_tier} subnets",
                key_path=f"{key}.subnet_index",
                expected=f"0 to {len(subnets) - 1}",
            )
        self._subnet_id = subnets[config.subnet_index]
        self._vpc_id = vpc.vpc_id
        self._vpc_cidr = config.vpc_cidr or vpc.cidr_block

    def _create(self) -> None:
        cfg = self.config
        self.security_group_rules = create_security_group(
            self,
            vpc_id=self._vpc_id,
            vpc_cidr=self._vpc_cidr,
            ingress_rules=cfg.ingress_rules,
            egress=cfg.egress,
            description=f"iaccore Instance {self.name}",
        )
        self.security_group = self.security_group_rules.group
        self.iam_role = None
        self.role = None
        self.instance_profile = None
        self.role_arn = None
        if cfg.ssm:
            self._create_ssm_profile()
        invoke = pulumi.InvokeOptions(parent=self)
        ami: pulumi.Input[str]
        if cfg.ami is not None:
            ami = cfg.ami
        else:
            ami = aws.ssm.get_parameter_output(name=cfg.ami_ssm_parameter, opts=invoke).apply(
                lambda result: result.insecure_value
            )
        tags = self.child_tags("instance")
        self.instance = aws.ec2.Instance(
            self.child_name("instance"),
            ami=ami,
            instance_type=cfg.instance_type,
            subnet_id=self._subnet_id,
            vpc_security_group_ids=[self.security_group.id],
            associate_public_ip_address=cfg.associate_public_ip,
            iam_instance_profile=self.instance_profile.name if self.instance_profile else None,
            monitoring=cfg.detailed_monitoring,
            user_data=cfg.user_data,
            user_data_replace_on_change=cfg.user_data_replace_on_change
            if cfg.user_data is not None
            else None,
            metadata_options=aws.ec2.InstanceMetadataOptionsArgs(
                http_tokens="required",
                http_endpoint="enabled",
                http_put_response_hop_limit=cfg.metadata_hop_limit,
            ),
            root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(
                encrypted=True,
                volume_type=ROOT_VOLUME_TYPE,
                volume_size=cfg.root_volume_size_gib,
                delete_on_termination=True,
                tags=tags,
            ),
            tags=tags,
            # An AMI looked up from SSM moves to each new release; following it would replace
            # the instance (new id, IP and root volume) on the next deploy after every release.
            opts=self.child_opts("instance", ignore_changes=["ami"] if cfg.ami is None else None),
        )
        self.instance_id = self.instance.id
        self.private_ip = self.instance.private_ip
        self.security_group_id = self.security_group.id
        self.register(
            instance_id=self.instance_id,
            private_ip=self.private_ip,
            security_group_id=self.security_group_id,
            role_arn=self.role_arn,
        )

    def _create_ssm_profile(self) -> None:
        self.iam_role = self.child_component(
            IamRole,
            "role",
            service_role_config(
                "ec2.amazonaws.com",
                description=f"Instance role of iaccore Instance {self.name} (SSM Session Manager)",
            ),
            managed_policies=[AMAZON_SSM_MANAGED_INSTANCE_CORE],
        )
        self.role = self.iam_role.role
        self.instance_profile = aws.iam.InstanceProfile(
            self.child_name("instance_profile"),
            role=self.iam_role.role_name,
            tags=self.child_tags("instance_profile"),
            opts=self.child_opts("instance_profile"),
        )
        self.role_arn = self.iam_role.arn
