"""Kubernetes manifests from type tokens, and the `yaml` renderer hook of the module."""

from __future__ import annotations

import pytest

from iaccore.core.modules import load_object
from iaccore.kubernetes.manifests import RENDERERS, api_version_and_kind, manifest, render_yaml
from iaccore.kubernetes.module import MODULE
from iaccore.synth.graph import Resource


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("kubernetes:core/v1:Service", ("v1", "Service")),
        ("kubernetes:apps/v1:Deployment", ("apps/v1", "Deployment")),
        ("kubernetes:networking.k8s.io/v1:Ingress", ("networking.k8s.io/v1", "Ingress")),
        ("kubernetes:apps/v1:DeploymentPatch", ("apps/v1", "Deployment")),
        ("kubernetes:helm.sh/v3:Release", None),
        ("kubernetes:helm.sh/v4:Chart", None),
        ("kubernetes:yaml/v2:ConfigGroup", None),
        ("kubernetes:yaml:ConfigFile", None),
        ("pulumi:providers:kubernetes", None),
        ("aws:ec2/vpc:Vpc", None),
    ],
)
def test_api_version_from_type_token(token: str, expected: tuple[str, str] | None) -> None:
    assert api_version_and_kind(token) == expected


def test_renderer_hook() -> None:
    """The module's `renderers` hook offers `yaml`, rendered by render_yaml."""
    assert MODULE.renderers is not None
    assert load_object(MODULE.renderers) is RENDERERS
    assert {"yaml": render_yaml} == RENDERERS


def test_manifest_takes_the_name_from_outputs() -> None:
    """Without a name in the inputs, the manifest carries the name the object got."""
    resource = Resource(
        urn="urn:pulumi:dev::p::kubernetes:core/v1:ConfigMap::cm",
        type="kubernetes:core/v1:ConfigMap",
        name="cm",
        parent=None,
        custom=True,
        inputs={"data": {"b": "2", "a": "1"}},
        outputs={"metadata": {"name": "cm-x1"}},
    )
    assert manifest(resource) == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "cm-x1"},
        "data": {"a": "1", "b": "2"},
    }
    not_a_manifest = Resource(
        urn="urn:pulumi:dev::p::pulumi:providers:kubernetes::k",
        type="pulumi:providers:kubernetes",
        name="k",
        parent=None,
        custom=True,
    )
    with pytest.raises(ValueError, match="not a Kubernetes manifest resource"):
        manifest(not_a_manifest)
