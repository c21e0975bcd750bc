"""Pulumi AWS inputs as Terraform attribute values: names and block nesting.

The bridge from the Terraform AWS provider changes two things this module undoes:

* Names: Terraform's ``snake_case`` becomes ``camelCase``, and list attributes get a plural name
  (Terraform's ``rule`` block is Pulumi's ``rules``, ``identity`` is ``identities``). Repeated
  blocks are named in the singular in Terraform, so a Pulumi list of objects is singularized,
  except for the Terraform blocks whose own name is plural (``NAME_OVERRIDES``).
* Nesting: a Terraform block limited to one item (``versioning_configuration``,
  ``metadata_options``, ``vpc_config`` ...) is a list of one object in Terraform and a single
  object in Pulumi; it becomes a list of one again.

Which attribute is a block, a list of blocks, a map or a plain value comes from the pulumi_aws
SDK's own types (``iaccore.aws.tfplan.schema`` reads them into ``Attribute`` trees);
this module is pure and has no Pulumi import. Map keys (``tags``) are never renamed.

Examples:
    >>> schema = {"versioningConfiguration": Attribute(Kind.BLOCK, {"status": VALUE})}
    >>> to_terraform({"bucket": "logs", "versioningConfiguration": {"status": "Enabled"}},
    ...              schema, "aws_s3_bucket_versioning")
    {'bucket': 'logs', 'versioning_configuration': [{'status': 'Enabled'}]}
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "MAP",
    "NAME_OVERRIDES",
    "VALUE",
    "VALUES",
    "Attribute",
    "Kind",
    "convert_value",
    "singular",
    "snake_case",
    "terraform_name",
    "to_terraform",
]


class Kind(enum.Enum):
    """What an attribute holds, as far as the Terraform shape is concerned.

    Examples:
        >>> Kind("block") is Kind.BLOCK
        True
    """

    #: A string, number or bool (or anything without a schema): kept as it is.
    VALUE = "value"
    #: A list or set of plain values.
    VALUES = "values"
    #: A map with free-form keys (``tags``): keys kept as they are.
    MAP = "map"
    #: One nested block (Terraform ``MaxItems: 1``): a single object in Pulumi, a list of one
    #: object in Terraform.
    BLOCK = "block"
    #: A list or set of nested blocks: a list of objects in both.
    BLOCKS = "blocks"


@dataclass(frozen=True)
class Attribute:
    """The shape of one attribute: its kind and, for blocks, the attributes of each block.

    Examples:
        >>> Attribute(Kind.BLOCKS, {"cidrBlocks": VALUES}).kind.value
        'blocks'
    """

    kind: Kind
    fields: Mapping[str, Attribute] = field(default_factory=dict)


VALUE = Attribute(Kind.VALUE)
VALUES = Attribute(Kind.VALUES)
MAP = Attribute(Kind.MAP)

#: Terraform names the plural/singular rule gets wrong, by ``(terraform type, Pulumi path)``
#: (the dotted Pulumi names from the resource down to the attribute) or by ``("*", name)`` for
#: every type. Checked against the Terraform AWS provider's documentation of each resource.
NAME_OVERRIDES: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        # Terraform blocks named in the plural (the rule would singularize them)
        ("aws_acm_certificate", "domainValidationOptions"): "domain_validation_options",
        ("aws_ecs_service", "volumeConfiguration.managedEbsVolume.tagSpecifications"): (
            "tag_specifications"
        ),
        ("aws_eks_node_group", "resources"): "resources",
        ("aws_launch_template", "blockDeviceMappings"): "block_device_mappings",
        ("aws_launch_template", "networkInterfaces"): "network_interfaces",
        ("aws_launch_template", "tagSpecifications"): "tag_specifications",
        ("aws_s3_bucket", "replicationConfigurations.rules"): "rules",
        ("aws_s3_bucket", "replicationConfigurations.rules.destinations.metrics"): "metrics",
        (
            "aws_s3_bucket",
            "replicationConfigurations.rules.sourceSelectionCriterias.sseKmsEncryptedObjects",
        ): "sse_kms_encrypted_objects",
        ("*", "sizeInBytes"): "size_in_bytes",
        # a Terraform name in the singular that the rule cannot rebuild
        ("aws_route53_record", "aliases"): "alias",
        # attributes pulumi-aws renamed
        ("aws_lambda_function", "name"): "function_name",
    }
)

# Lists of plain values whose Terraform name is singular end in one of these once pluralized
# by the bridge (``client_id_list`` -> ``clientIdLists``, ``ends_with`` -> ``endsWiths``).
_PLURALIZED_VALUES = ("_lists", "_withs", "_removes")

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake_case(name: str) -> str:
    """``camelCase`` to ``snake_case``; digits stay with the word before them.

    Examples:
        >>> snake_case("httpPutResponseHopLimit"), snake_case("cidrIpv4"), snake_case("tags")
        ('http_put_response_hop_limit', 'cidr_ipv4', 'tags')
    """
    return _CAMEL.sub("_", name).lower()


def singular(name: str) -> str:
    """The singular of a ``snake_case`` list name, as Terraform names repeated blocks.

    Examples:
        >>> [singular(n) for n in ("rules", "identities", "indexes", "ingress", "client_alias")]
        ['rule', 'identity', 'index', 'ingress', 'client_alias']
    """
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "xes", "ches", "shes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith(("ss", "us", "is", "alias")):
        return name[:-1]
    return name


def terraform_name(pulumi_name: str, attribute: Attribute | None, tf_type: str, path: str) -> str:
    """The Terraform name of the Pulumi attribute ``pulumi_name`` at ``path`` in ``tf_type``.

    Examples:
        >>> terraform_name("rules", Attribute(Kind.BLOCKS), "aws_s3_bucket_lifecycle_configuration",
        ...                "rules")
        'rule'
        >>> terraform_name("tagSpecifications", Attribute(Kind.BLOCKS), "aws_launch_template",
        ...                "tagSpecifications")
        'tag_specifications'
        >>> terraform_name("thumbprintLists", VALUES, "aws_iam_openid_connect_provider",
        ...                "thumbprintLists")
        'thumbprint_list'
    """
    override = NAME_OVERRIDES.get((tf_type, path)) or NAME_OVERRIDES.get(("*", pulumi_name))
    if override:
        return override
    name = snake_case(pulumi_name)
    kind = attribute.kind if attribute is not None else Kind.VALUE
    if kind is Kind.BLOCKS or (kind is Kind.VALUES and name.endswith(_PLURALIZED_VALUES)):
        return singular(name)
    return name


def convert_value(value: Any, attribute: Attribute | None, tf_type: str, path: str) -> Any:
    """``value`` of the Pulumi attribute at ``path`` in Terraform's shape (see module doc).

    A value that does not have the shape the schema expects (a masked ``[secret]`` string where
    a block was expected, say) is kept as it is.

    Examples:
        >>> convert_value({"httpTokens": "required"}, Attribute(Kind.BLOCK, {"httpTokens": VALUE}),
        ...               "aws_instance", "metadataOptions")
        [{'http_tokens': 'required'}]
    """
    kind = attribute.kind if attribute is not None else Kind.VALUE
    fields = attribute.fields if attribute is not None else {}
    if kind is Kind.BLOCK and isinstance(value, Mapping):
        return [_block(value, fields, tf_type, path)]
    if kind in (Kind.BLOCK, Kind.BLOCKS) and isinstance(value, list):
        return [
            _block(item, fields, tf_type, path) if isinstance(item, Mapping) else item
            for item in value
        ]
    return value


def _block(
    values: Mapping[str, Any], schema: Mapping[str, Attribute], tf_type: str, path: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        attribute = schema.get(key)
        sub_path = f"{path}.{key}" if path else key
        out[terraform_name(key, attribute, tf_type, sub_path)] = convert_value(
            value, attribute, tf_type, sub_path
        )
    return out


def to_terraform(
    values: Mapping[str, Any], schema: Mapping[str, Attribute], tf_type: str
) -> dict[str, Any]:
    """A resource's Pulumi ``values`` (inputs) as Terraform attribute values of ``tf_type``.

    Attributes the schema does not know keep their value and get a ``snake_case`` name.

    Examples:
        >>> to_terraform({"cidrBlock": "10.0.0.0/16", "tags": {"Team": "a"}}, {"tags": MAP},
        ...              "aws_vpc")
        {'cidr_block': '10.0.0.0/16', 'tags': {'Team': 'a'}}
    """
    return _block(values, schema, tf_type, "")
