"""The README example's graph is the one of the release before the composition change.

``baseline/aws-eks-platform.dev.json`` is the graph `iaccore synth examples/aws-eks-platform
--stack dev --format json` wrote before children were renamed to kebab-case and nested
components took over bucket, key and role construction. Resources are matched by type and by
their name with the rename applied; the mock ids and ARNs derived from old names are mapped to the
new ones; then counts per type and every input must agree, except for the changes listed in
:data:`INTENDED` (each with its reason).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from iaccore.synth import Graph, synth

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).parent / "baseline" / "aws-eks-platform.dev.json"

#: Renames beyond snake_case -> kebab-case roles, old name -> new name.
RENAMED = {
    "main-irsa-ebs-csi": "main-irsa-role-ebs-csi",
    # The flow-log delivery role is a nested IamRole now: its role and inline policy moved in.
    "core-flow-log-role": "core-flow-log-role-role",
    "core-flow-log-policy": "core-flow-log-role-inline-deliver-flow-logs",
}

#: (type, input key) pairs whose values changed on purpose, with the reason.
_KMS = "aws:kms/key:Key"
_ROLE = "aws:iam/role:Role"
INTENDED: dict[tuple[str, str], str] = {
    (_KMS, "policy"): "every key comes from one builder with an explicit policy (the bucket key "
    "had none; statement ids are now the same on every key)",
    (_KMS, "keyUsage"): "the builder states the default ENCRYPT_DECRYPT explicitly",
    (_KMS, "customerMasterKeySpec"): "the builder states the default SYMMETRIC_DEFAULT explicitly",
    (_ROLE, "forceDetachPolicies"): "the flow-log role is an IamRole, which sets it",
    (_ROLE, "maxSessionDuration"): "the flow-log role is an IamRole, which sets the default 3600",
    (_ROLE, "path"): "the flow-log role is an IamRole, which sets the default /",
    ("aws:iam/rolePolicy:RolePolicy", "name"): "IamRole names inline policies explicitly",
    # AWS hardening (issue 13): each a changed default, listed in the CHANGELOG.
    ("aws:ec2/launchTemplate:LaunchTemplate", "metadataOptions"): "IMDS hop limit 1 by default",
    ("aws:eks/addon:Addon", "addonVersion"): "add-on version policy `default`, looked up for "
    "the cluster version",
    ("aws:eks/addon:Addon", "preserve"): "add-ons are preserved on delete by default",
    ("aws:eks/cluster:Cluster", "version"): "the example pins 1.35, in standard support",
    ("aws:eks/nodeGroup:NodeGroup", "version"): "the example pins 1.35, in standard support",
    ("aws:s3/bucket:Bucket", "bucketNamespace"): "buckets live in the account regional namespace "
    "(the name, compared through the id mapping, gained `-<account>-<region>-an`)",
}

#: Types whose ``Name`` tag now carries the child's suffix (it was the bare role before, so all
#: add-ons were tagged ``main-addon``); tags are compared without ``Name``, which must equal the
#: resource's name.
NAME_TAG_FIXED = frozenset(
    {
        "aws:ec2/launchTemplate:LaunchTemplate",
        "aws:eks/accessEntry:AccessEntry",
        "aws:eks/addon:Addon",
        "aws:eks/nodeGroup:NodeGroup",
    }
)

#: Resources the change adds (type -> count), with the reason.
ADDED: dict[str, tuple[int, str]] = {
    "iaccore:aws:IamRole": (1, "the flow-log delivery role is an IamRole component"),
}

#: Resources the change removes (type -> count), with the reason.
REMOVED: dict[str, tuple[int, str]] = {}


def new_name(old: str) -> str:
    """The name a child of the baseline has now."""
    kebab = old.replace("_", "-")
    for before, after in RENAMED.items():
        if kebab == before or kebab.startswith(before + "-"):
            return after + kebab[len(before) :]
    return kebab


def load_baseline() -> list[dict[str, Any]]:
    return list(json.loads(BASELINE.read_text(encoding="utf-8"))["resources"])


@pytest.fixture(scope="module")
def current() -> Graph:
    return synth(ROOT / "examples" / "aws-eks-platform", stack="dev")


def _key(resource: dict[str, Any]) -> tuple[str, str]:
    return resource["type"], resource["name"]


def _substitute(value: Any, mapping: dict[str, str], pattern: re.Pattern[str] | None) -> Any:
    if isinstance(value, str):
        if pattern is None:
            return value
        return pattern.sub(lambda match: mapping[match.group(0)], value)
    if isinstance(value, list):
        return [_substitute(item, mapping, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, mapping, pattern) for key, item in value.items()}
    return value


def _mapping(
    old: list[dict[str, Any]], new: dict[tuple[str, str], dict[str, Any]]
) -> dict[str, str]:
    """Old name, id and ARN strings -> new ones, for resources found on both sides."""
    mapping: dict[str, str] = {}
    for resource in old:
        match = new.get((resource["type"], new_name(resource["name"])))
        if match is None:
            continue
        if resource["name"] != match["name"]:
            mapping[resource["name"]] = match["name"]
        for field in ("id", "urn"):
            if resource.get(field) and resource[field] != match.get(field):
                mapping[str(resource[field])] = str(match[field])
        old_arn = (resource.get("outputs") or {}).get("arn")
        new_arn = (match.get("outputs") or {}).get("arn")
        if isinstance(old_arn, str) and isinstance(new_arn, str) and old_arn != new_arn:
            mapping[old_arn] = new_arn
    return mapping


def test_counts_per_type_are_unchanged_but_for_intended(current: Graph) -> None:
    """Every type has as many resources as before, except the listed additions/removals."""
    before = Counter(r["type"] for r in load_baseline())
    after = Counter(r.type for r in current)
    for type_, (count, _reason) in ADDED.items():
        before[type_] += count
    for type_, (count, _reason) in REMOVED.items():
        before[type_] -= count
    assert +after == +before


def test_inputs_per_resource_are_unchanged_but_for_intended(current: Graph) -> None:
    """Each baseline resource exists under its new name with the same inputs."""
    old = load_baseline()
    new = {_key(r.to_dict()): r.to_dict() for r in current}
    mapping = _mapping(old, new)
    alternatives = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(text) for text in alternatives)) if mapping else None
    missing: list[str] = []
    changed: list[str] = []
    for resource in old:
        match = new.get((resource["type"], new_name(resource["name"])))
        if match is None:
            missing.append(f"{resource['type']}::{resource['name']}")
            continue
        before = _substitute(resource.get("inputs") or {}, mapping, pattern)
        after = match.get("inputs") or {}
        if resource["type"] in NAME_TAG_FIXED:
            assert after["tags"]["Name"] == match["name"]
            before = {**before, "tags": {**before["tags"], "Name": match["name"]}}
        for key in sorted(set(before) | set(after)):
            if (resource["type"], key) in INTENDED:
                continue
            if before.get(key) != after.get(key):
                changed.append(f"{resource['type']}::{match['name']} {key}")
    removed_types = Counter(entry.split("::")[0] for entry in missing)
    assert dict(removed_types) == {t: n for t, (n, _) in REMOVED.items() if n}, missing
    assert changed == []
