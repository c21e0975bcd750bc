"""The renderers on the real sample program (plain pulumi_aws + pulumi_kubernetes): the built-in
ones and the `yaml` one the kubernetes module contributes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iaccore.kubernetes.manifests import render_yaml
from iaccore.synth import Graph, synth
from iaccore.synth.project import SECRET_PLACEHOLDER
from iaccore.synth.render import (
    FORMATS,
    formats,
    render,
    render_json,
    render_markdown,
    render_tree,
)

STACK_URN = "urn:pulumi:dev::aws-k8s-sample::pulumi:pulumi:Stack::aws-k8s-sample-dev"


def test_tree_nests_children_under_parents_with_ids_and_providers(sample_graph: Graph) -> None:
    lines = render_tree(sample_graph).splitlines()
    assert lines[0] == "aws-k8s-sample-dev (pulumi:pulumi:Stack)"
    vpc = sample_graph.one("aws:ec2/vpc:Vpc", "main")
    assert f"├── main (aws:ec2/vpc:Vpc) id={vpc.id}" in lines
    assert "├── sample (pulumi:providers:kubernetes) id=sample-provider-id" in lines
    component = lines.index("├── web (sample:k8s:WebApp)")
    deployment = sample_graph.one("kubernetes:apps/v1:Deployment", "web")
    assert lines[component + 1] == (
        f"│   ├── web (kubernetes:apps/v1:Deployment) id={deployment.id} provider=sample"
    )
    # every resource but the stack appears exactly once
    assert len(lines) == len(sample_graph)
    assert all(line == line.rstrip() and "\x1b" not in line for line in lines)


def test_json_is_the_sorted_graph_dict(sample_graph: Graph) -> None:
    text = render_json(sample_graph)
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data == json.loads(json.dumps(sample_graph.to_dict()))
    assert [r["urn"] for r in data["resources"]] == sorted(r["urn"] for r in data["resources"])
    assert data["outputs"]["vpc_id"] == sample_graph.one("aws:ec2/vpc:Vpc").id
    assert text == json.dumps(data, indent=2, sort_keys=True) + "\n"


def test_yaml_renders_every_kubernetes_manifest(sample_graph: Graph) -> None:
    docs = list(YAML(typ="safe").load_all(render_yaml(sample_graph)))
    kinds = [(d["apiVersion"], d["kind"], d["metadata"]["name"]) for d in docs]
    # sorted by URN: the component's children carry the component type in their URN
    assert sorted(kinds) == [
        ("apps/v1", "Deployment", "web"),
        ("v1", "ConfigMap", "web"),
        ("v1", "Namespace", "apps"),
        ("v1", "Secret", "db"),
        ("v1", "Service", "web"),
    ]
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert list(deployment)[:3] == ["apiVersion", "kind", "metadata"]
    config_map = next(d for d in docs if d["kind"] == "ConfigMap")
    assert config_map["data"]["ENVIRONMENT"] == "dev"
    secret = next(d for d in docs if d["kind"] == "Secret")
    assert secret["stringData"] == "[secret]"
    assert render_yaml(sample_graph).startswith("---\napiVersion: ")


def test_yaml_leaves_out_providers_and_non_kubernetes(sample_graph: Graph) -> None:
    text = render_yaml(sample_graph)
    assert "kubeconfig" not in text
    assert "aws:" not in text
    assert text.count("---\n") == 5


def test_markdown_summary(sample_graph: Graph) -> None:
    text = render_markdown(sample_graph)
    custom = sample_graph.custom_resources()
    assert f"{len(custom)} resources of `aws-k8s-sample-dev`: 1 components, 1 explicit" in text
    assert "| `aws:ec2/subnet:Subnet` | 3 |" in text
    aws = sum(1 for r in custom if r.package == "aws")
    kubernetes = sum(1 for r in custom if r.package == "kubernetes")
    assert f"| `aws` | {aws} |" in text
    assert f"| `kubernetes` | {kubernetes} |" in text
    assert "| web (`sample:k8s:WebApp`) | 3 |" in text
    assert f"| (outside components) | {len(custom) - 3} |" in text
    assert f"| `vpc_id` | {sample_graph.outputs['vpc_id']} |" in text
    assert "| `db_password` | [secret] |" in text


def test_render_by_name_and_unknown_format(sample_graph: Graph) -> None:
    assert set(FORMATS) == {"tree", "json", "md"}
    assert set(formats()) == {"tree", "json", "yaml", "md", "tfplan"}
    assert render(sample_graph, "md") == render_markdown(sample_graph)
    assert render(sample_graph, "yaml") == render_yaml(sample_graph)
    with pytest.raises(ValueError, match="unknown format 'html'"):
        render(sample_graph, "html")


def test_two_syntheses_render_byte_identical(sample_dir: Path, sample_graph: Graph) -> None:
    again = synth(sample_dir, stack="dev")
    for fmt in formats():
        assert render(again, fmt) == render(sample_graph, fmt), fmt


def test_empty_graph_renders() -> None:
    graph = Graph([], outputs={})
    assert render_tree(graph) == "(no stack)"
    assert render_yaml(graph) == ""
    assert "None." in render_markdown(graph)
    assert json.loads(render_json(graph)) == {"outputs": {}, "resources": [], "version": 1}


def test_secret_canaries_never_rendered(sample_dir: Path, sample_graph: Graph) -> None:
    stack_file = (sample_dir / "Pulumi.dev.yaml").read_text()
    program = (sample_dir / "__main__.py").read_text()
    # the canaries really are in the program's inputs
    assert "secure: v1:CANARYCIPHERTEXT" in stack_file
    assert program.count('pulumi.Output.secret("CANARY-PLAINTEXT")') == 2
    bucket = sample_graph.one("aws:s3/bucket:Bucket", "artifacts")
    assert bucket.inputs["tags"]["api-token"] == "[secret]"
    assert ("tags", "api-token") in bucket.secret_inputs
    k8s_secret = sample_graph.one("kubernetes:core/v1:Secret", "db")
    assert k8s_secret.inputs["stringData"] == "[secret]"
    for fmt in formats():
        text = render(sample_graph, fmt)
        for canary in ("CANARYCIPHERTEXT", "CANARY-PLAINTEXT", SECRET_PLACEHOLDER):
            assert canary not in text, f"{canary} leaked into {fmt}"
