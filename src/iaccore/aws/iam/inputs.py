"""Policies as components take them in code: a typed document, or one known only at deploy time.

Examples:
    >>> from iaccore.aws.iam.policy import PolicyDocument, PolicyStatement
    >>> policy_json(PolicyDocument([PolicyStatement(actions=["s3:GetObject"], resources=["*"])]))
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]}'
"""  # noqa: E501

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi

from iaccore.aws.iam.policy import PolicyDocument

__all__ = ["PolicyInput", "policy_json"]

#: A policy given in code: a document, or one known only at deploy time.
PolicyInput = PolicyDocument | pulumi.Output[PolicyDocument]


def policy_json(policy: PolicyInput | Mapping[str, Any]) -> pulumi.Input[str]:
    """The JSON text AWS takes for ``policy``: a document, an output of one, or plain JSON data
    from config (rendered with sorted keys)."""
    if isinstance(policy, PolicyDocument):
        return policy.to_json()
    if isinstance(policy, pulumi.Output):
        return policy.apply(lambda doc: doc.to_json())
    return json.dumps(dict(policy), sort_keys=True)
