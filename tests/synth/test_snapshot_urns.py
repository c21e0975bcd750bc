"""URN snapshots on real programs: renames fail unless an alias covers them."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pulumi_aws as aws
import pytest

from iaccore.core.errors import ConfigurationError
from iaccore.synth import Graph, synth
from iaccore.synth.snapshot import (
    SnapshotDiff,
    compare_snapshot,
    make_urn,
    read_snapshot,
    resolve_aliases,
    write_snapshot,
)


class Network(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("acme:net:Network", name, None, opts)
        aws.ec2.Vpc(
            f"{name}-vpc", cidr_block="10.0.0.0/16", opts=pulumi.ResourceOptions(parent=self)
        )


def original() -> None:
    Network("core")
    aws.s3.Bucket("logs")


def renamed_without_alias() -> None:
    Network("core")
    aws.s3.Bucket("audit-logs")


def renamed_with_alias() -> None:
    Network("main", opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="core")]))
    aws.s3.Bucket("audit-logs", opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="logs")]))


def renamed_with_urn_alias() -> None:
    Network("core")
    old = "urn:pulumi:dev::project::aws:s3/bucket:Bucket::logs"
    aws.s3.Bucket("audit-logs", opts=pulumi.ResourceOptions(aliases=[old]))


def moved_into_parent() -> None:
    network = Network("core")
    aws.ec2.Vpc(
        "legacy",
        cidr_block="10.1.0.0/16",
        opts=pulumi.ResourceOptions(parent=network, aliases=[pulumi.Alias(parent=None)]),
    )


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snap") / "urns.json"
    write_snapshot(synth(original), path)
    return path


def test_snapshot_file_lists_sorted_urns_and_types(baseline: Path) -> None:
    data = json.loads(baseline.read_text())
    urns = [entry["urn"] for entry in data["resources"]]
    assert urns == sorted(urns)
    assert {
        "urn": "urn:pulumi:dev::project::aws:s3/bucket:Bucket::logs",
        "type": "aws:s3/bucket:Bucket",
    } in data["resources"]
    assert {
        "urn": "urn:pulumi:dev::project::acme:net:Network$aws:ec2/vpc:Vpc::core-vpc",
        "type": "aws:ec2/vpc:Vpc",
    } in data["resources"]


def test_same_program_matches(baseline: Path) -> None:
    diff = compare_snapshot(synth(original), baseline)
    assert diff.ok
    assert diff.unchanged


def test_rename_without_alias_fails(baseline: Path) -> None:
    diff = compare_snapshot(synth(renamed_without_alias), baseline)
    assert not diff.ok
    assert diff.removed == ("urn:pulumi:dev::project::aws:s3/bucket:Bucket::logs",)
    assert diff.added == ("urn:pulumi:dev::project::aws:s3/bucket:Bucket::audit-logs",)
    report = diff.render()
    assert "1 removed (would be replaced)" in report
    assert "- urn:pulumi:dev::project::aws:s3/bucket:Bucket::logs" in report
    assert "+ urn:pulumi:dev::project::aws:s3/bucket:Bucket::audit-logs" in report
    assert "aliases=" in report


def test_rename_with_alias_passes_including_inherited_child_aliases(baseline: Path) -> None:
    diff = compare_snapshot(synth(renamed_with_alias), baseline)
    assert diff.ok, diff.render()
    assert diff.added == ()
    base = "urn:pulumi:dev::project::"
    assert diff.moved == {
        f"{base}acme:net:Network$aws:ec2/vpc:Vpc::core-vpc": (
            f"{base}acme:net:Network$aws:ec2/vpc:Vpc::main-vpc"
        ),
        f"{base}acme:net:Network::core": f"{base}acme:net:Network::main",
        f"{base}aws:s3/bucket:Bucket::logs": f"{base}aws:s3/bucket:Bucket::audit-logs",
    }
    assert "3 moved by alias" in diff.render()


def test_full_urn_alias_passes(baseline: Path) -> None:
    assert compare_snapshot(synth(renamed_with_urn_alias), baseline).ok


def test_no_parent_alias_resolves_to_top_level_urn() -> None:
    graph = synth(moved_into_parent)
    vpc = graph.one("aws:ec2/vpc:Vpc", "legacy")
    assert vpc.urn == "urn:pulumi:dev::project::acme:net:Network$aws:ec2/vpc:Vpc::legacy"
    assert vpc.aliases == ("noParent",)
    assert resolve_aliases(graph)[vpc.urn] == {"urn:pulumi:dev::project::aws:ec2/vpc:Vpc::legacy"}


def test_new_resources_alone_are_ok(tmp_path: Path) -> None:
    path = tmp_path / "urns.txt"
    write_snapshot(synth(lambda: aws.s3.Bucket("logs")), path)
    diff = compare_snapshot(synth(original), path)
    assert diff.ok
    assert not diff.unchanged
    assert "urn:pulumi:dev::project::acme:net:Network::core" in diff.added


def test_text_format_round_trips(tmp_path: Path) -> None:
    graph = synth(original)
    path = tmp_path / "urns.txt"
    write_snapshot(graph, path)
    lines = path.read_text().splitlines()
    assert "urn:pulumi:dev::project::aws:s3/bucket:Bucket::logs aws:s3/bucket:Bucket" in lines
    assert read_snapshot(path) == {r.urn: r.type for r in graph}


def test_make_urn_agrees_with_the_engine() -> None:
    graph: Graph = synth(original)
    for res in graph:
        if res.parent:
            assert res.urn == make_urn(
                stack="dev",
                project="project",
                type_=res.type,
                name=res.name,
                parent_urn=res.parent,
            )


def test_missing_or_malformed_snapshot(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="snapshot file not found"):
        read_snapshot(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ConfigurationError, match="not an iaccore URN snapshot"):
        read_snapshot(bad)
    text = tmp_path / "bad.txt"
    text.write_text("hello world\n")
    with pytest.raises(ConfigurationError, match=r"bad\.txt:1"):
        read_snapshot(text)


def test_diff_render_without_differences() -> None:
    assert SnapshotDiff().render() == (
        "URN snapshot: 0 removed (would be replaced), 0 added, 0 moved by alias"
    )
