"""Shared Kubernetes versions, removed APIs and chart pins (pure)."""

from __future__ import annotations

import pytest

from iaccore.aws.eks.versions import RELEASE_CALENDAR
from iaccore.aws.eks.versions import SUPPORTED_VERSIONS as EKS_VERSIONS
from iaccore.core.errors import ConfigurationError
from iaccore.kubernetes.versions import (
    CHART_VERSIONS,
    REMOVED_APIS,
    SUPPORTED_VERSIONS,
    check_api,
    check_version,
    compare_versions,
    normalize_version,
    resolve_chart,
)


class TestVersions:
    def test_eks_calendar_is_a_subset_of_the_shared_table(self) -> None:
        """Every version EKS knows or accepts is in the shared upstream table."""
        assert set(RELEASE_CALENDAR) <= set(SUPPORTED_VERSIONS)
        assert set(EKS_VERSIONS) <= set(SUPPORTED_VERSIONS)

    def test_table_is_sorted(self) -> None:
        """Oldest first, no duplicates."""
        keys = [tuple(map(int, v.split("."))) for v in SUPPORTED_VERSIONS]
        assert keys == sorted(set(keys))

    @pytest.mark.parametrize(
        ("given", "normal"),
        [("1.33", "1.33"), ("v1.33", "1.33"), ("1.33.7", "1.33"), (" 1.30 ", "1.30")],
    )
    def test_normalize(self, given: str, normal: str) -> None:
        """Leading v and patch levels are dropped."""
        assert normalize_version(given) == normal
        assert check_version(given, key_path="k") == normal

    def test_compare(self) -> None:
        """Numeric, not lexical."""
        assert compare_versions("1.9", "1.10") == -1
        assert compare_versions("1.35", "1.35.1") == 0
        assert compare_versions("2.0", "1.99") == 1

    def test_unsupported_version_names_the_key(self) -> None:
        """An unknown version lists the accepted ones."""
        with pytest.raises(ConfigurationError) as info:
            check_version("1.27", key_path="kubernetes.clusters.edge.version")
        err = info.value
        assert err.message == "Kubernetes 1.27 is not supported by this release of iaccore"
        assert err.details["key_path"] == "kubernetes.clusters.edge.version"
        assert err.details["expected"] == "one of " + ", ".join(SUPPORTED_VERSIONS)

    def test_garbage_version(self) -> None:
        """Not a version at all."""
        with pytest.raises(ConfigurationError, match="is not a Kubernetes version"):
            check_version("latest", key_path="k")

    def test_subset_for_a_cloud(self) -> None:
        """A cloud module passes its own subset."""
        with pytest.raises(ConfigurationError, match=r"1\.29 is not supported"):
            check_version("1.29", key_path="k", supported=("1.34", "1.35"))


class TestRemovedApis:
    @pytest.mark.parametrize(
        ("api", "kind", "removed"),
        [
            ("policy/v1beta1", "PodDisruptionBudget", "1.25"),
            ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26"),
            ("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29"),
            ("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", "1.32"),
            ("networking.k8s.io/v1beta1", "Ingress", "1.22"),
        ],
    )
    def test_removed_in_its_release_and_later(self, api: str, kind: str, removed: str) -> None:
        """Refused from the removal release on, accepted the release before."""
        major, minor = removed.split(".")
        check_api(api, kind, f"{major}.{int(minor) - 1}", key_path="x")
        with pytest.raises(ConfigurationError) as info:
            check_api(api, kind, removed, key_path="apps.api.pdb")
        assert info.value.message == (
            f"{api} {kind} was removed in Kubernetes {removed} (target: {removed})"
        )
        assert info.value.details["key_path"] == "apps.api.pdb"
        assert info.value.details["expected"] == f"{REMOVED_APIS[(api, kind)].replacement} {kind}"

    def test_current_apis_pass(self) -> None:
        """GA APIs are never refused."""
        for api, kind in [
            ("policy/v1", "PodDisruptionBudget"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("apps/v1", "Deployment"),
        ]:
            check_api(api, kind, SUPPORTED_VERSIONS[-1], key_path="x")


class TestCharts:
    def test_istio_pins(self) -> None:
        """Istio base and istiod come from the Istio repository at the same version."""
        base, istiod = CHART_VERSIONS["istio-base"], CHART_VERSIONS["istiod"]
        assert (base.chart, istiod.chart) == ("base", "istiod")
        assert base.repository == istiod.repository
        assert base.repository.startswith("https://")
        assert base.version == istiod.version

    def test_override(self) -> None:
        """A stack override wins, field by field."""
        pin = resolve_chart("istiod", {"istiod": {"version": "1.28.1", "repository": None}})
        assert pin.version == "1.28.1"
        assert pin.repository == CHART_VERSIONS["istiod"].repository

    def test_unknown_chart(self) -> None:
        """Unknown keys list the known ones."""
        with pytest.raises(ConfigurationError) as info:
            resolve_chart("linkerd")
        assert info.value.details["key_path"] == "kubernetes.charts.linkerd"
        assert info.value.details["expected"] == "one of istio-base, istio-cni, istiod"

    def test_pinned_chart_refuses_unsupported_target(self) -> None:
        """iaccore's pin is checked against the target version; an override is not."""
        pin = CHART_VERSIONS["istiod"]
        resolve_chart("istiod", target_version=pin.max_kubernetes)
        with pytest.raises(ConfigurationError, match="supports Kubernetes"):
            resolve_chart("istiod", target_version="1.29")
        resolve_chart("istiod", {"istiod": {"version": "1.26.0"}}, target_version="1.29")
