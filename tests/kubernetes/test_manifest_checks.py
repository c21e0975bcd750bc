"""The example's `iaccore synth --format yaml` manifests pass kubernetes-validate and checkov.

kubernetes-validate checks each document against the OpenAPI schema (strict: no unknown fields)
of the clusters' configured version; checkov ``--framework kubernetes`` scans each cluster's
manifests, and only the checks that docs/components/application.md lists under "Not met by
default" may fail. Each part is skipped when its tool is not installed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from iaccore.cli import main
from iaccore.kubernetes.manifests import render_yaml
from iaccore.synth import Graph, synth
from tests.scanners import checkov_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "multi-cluster-apps"
APPLICATION_DOC = ROOT / "docs" / "components" / "application.md"
CLUSTERS = {"main": "main-k8s", "edge": "k8s-edge"}


def documented_exceptions() -> set[str]:
    """checkov ids in the "Not met by default" table of the Application docs."""
    text = APPLICATION_DOC.read_text().split("### Not met by default", 1)[1].split("\n## ", 1)[0]
    return {
        cell.strip(" `")
        for line in text.splitlines()
        for cell in line.split("|")
        if cell.strip(" `").startswith("CKV_K8S_")
    }


def configured_version() -> str:
    """The `version` of the example's clusters (all the same)."""
    stack = YAML(typ="safe").load((EXAMPLE / "Pulumi.dev.yaml").read_text())
    clusters = stack["config"]["iaccore:kubernetes"]["clusters"]
    versions = {str(c["version"]) for c in clusters.values()}
    assert len(versions) == 1, versions
    return versions.pop()


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    target = tmp_path_factory.mktemp("yaml") / "manifests.yaml"
    argv = ["synth", str(EXAMPLE), "--stack", "dev", "--format", "yaml", "-o", str(target)]
    assert main(argv) == 0
    return [d for d in YAML(typ="safe").load_all(target.read_text()) if d]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return synth(EXAMPLE, stack="dev")


def test_documented_exceptions_are_read() -> None:
    """The docs table yields the two ids it explains (guards the parser above)."""
    assert documented_exceptions() == {"CKV_K8S_43", "CKV_K8S_35"}


def test_kubernetes_validate(manifests: list[dict[str, Any]]) -> None:
    """Every manifest is valid (strict schema) for the clusters' version, 1.35 exactly."""
    if importlib.util.find_spec("kubernetes_validate") is None:
        pytest.skip("kubernetes-validate is not installed (pip install 'iaccore[test]')")
    import kubernetes_validate
    from kubernetes_validate import utils

    version = configured_version()
    # kubernetes-validate uses the newest schema not newer than the version asked for.
    known = {utils.major_minor(v) for v in utils.all_versions()}
    assert version in known, f"kubernetes-validate {sorted(known)} lacks {version}"
    assert len(manifests) == 22
    errors: list[str] = []
    used: set[str] = set()
    for doc in manifests:
        name = f"{doc['kind']}/{doc['metadata'].get('name')}"
        try:
            used.add(kubernetes_validate.validate(doc, version, strict=True))
        except kubernetes_validate.ValidationError as err:
            errors.append(f"{name}: {err.message} at {list(err.path)}")
        except kubernetes_validate.SchemaNotFoundError as err:
            errors.append(f"{name}: {err}")
    assert errors == []
    assert used == {version}


def test_kubernetes_validate_refuses_a_broken_manifest(manifests: list[dict[str, Any]]) -> None:
    """The check can fail: an unknown field in a Deployment is an error."""
    if importlib.util.find_spec("kubernetes_validate") is None:
        pytest.skip("kubernetes-validate is not installed")
    import kubernetes_validate

    deployment = next(d for d in manifests if d["kind"] == "Deployment")
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 3}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, configured_version(), strict=True)


def checkov(folder: Path) -> dict[str, Any]:
    return checkov_report(["-d", str(folder), "--framework", "kubernetes", "--quiet"])


@pytest.mark.parametrize("cluster", sorted(CLUSTERS))
def test_checkov_only_documented_failures(
    graph: Graph, cluster: str, tmp_path: Path, manifests: list[dict[str, Any]]
) -> None:
    """Each cluster's manifests: no failed checkov check other than the documented ones."""
    own = [
        r
        for r in graph.custom_resources()
        if (r.provider_urn or "").endswith("::" + CLUSTERS[cluster])
    ]
    text = render_yaml(Graph(own, outputs={}))
    assert len([d for d in YAML(typ="safe").load_all(text) if d]) == len(manifests) // 2
    (tmp_path / "manifests.yaml").write_text(text)
    report = checkov(tmp_path)
    summary = report["summary"]
    assert summary["parsing_errors"] == 0
    assert summary["resource_count"] == 12  # 11 objects + the Deployment's pod template
    assert summary["passed"] > 80
    failed = {c["check_id"] for c in report["results"]["failed_checks"]}
    assert failed - documented_exceptions() == set()
