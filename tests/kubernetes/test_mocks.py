"""The kubernetes module's default mocks: object metadata."""

from __future__ import annotations

import pulumi_kubernetes as k8s

from iaccore.core.modules import load_object
from iaccore.kubernetes.mocks import KUBERNETES_MOCKS
from iaccore.kubernetes.module import MODULE
from iaccore.synth import IaccoreMocks, synth


def test_module_hook_is_the_contributor() -> None:
    """The module's `mocks` hook resolves to KUBERNETES_MOCKS."""
    assert MODULE.mocks is not None
    assert load_object(MODULE.mocks) is KUBERNETES_MOCKS


def test_metadata_name_and_uid() -> None:
    """Objects get their logical name and a stable uid; given names are kept."""

    def program() -> None:
        k8s.core.v1.Namespace("apps", metadata={"labels": {"team": "a"}})
        k8s.core.v1.Namespace("named", metadata={"name": "given"})

    mocks = IaccoreMocks(contributors=[KUBERNETES_MOCKS])
    graph = synth(program, mocks=mocks)
    apps = graph.one("kubernetes:core/v1:Namespace", "apps").outputs["metadata"]
    assert apps["name"] == "apps"
    assert apps["labels"] == {"team": "a"}
    assert len(apps["uid"]) == 32
    named = graph.one("kubernetes:core/v1:Namespace", "named").outputs["metadata"]
    assert named["name"] == "given"
    again = synth(program, mocks=IaccoreMocks(contributors=[KUBERNETES_MOCKS]))
    assert again.one("kubernetes:core/v1:Namespace", "apps").outputs["metadata"] == apps
