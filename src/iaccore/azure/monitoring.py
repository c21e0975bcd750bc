"""Log Analytics workspaces and diagnostic settings shared by the Azure components.

Every component that sends logs (the VNet's NSGs, AKS, storage) either takes a workspace id from
config or creates one workspace through ``create_workspace``, so the settings are the same
everywhere: 90 days of retention (Azure security benchmark LT-6 asks for a defined retention; CIS
Azure 6.1.x checks that logs are kept and exported) and local authentication off.

Examples:
    >>> DEFAULT_RETENTION_DAYS
    90
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from iaccore.azure.retention import data_opts
from iaccore.core.children import ChildFactory

__all__ = ["DEFAULT_RETENTION_DAYS", "create_diagnostic_setting", "create_workspace"]

#: Days a created workspace keeps logs (Log Analytics allows 30 to 730 on PerGB2018).
DEFAULT_RETENTION_DAYS = 90


def create_workspace(
    factory: ChildFactory,
    role: str,
    *,
    resource_group_name: pulumi.Input[str],
    location: str,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> Any:
    """A Log Analytics workspace (``PerGB2018``) with local (shared-key) authentication off,
    retained on delete (``iaccore.azure.retention``)."""
    from pulumi_azure_native import operationalinsights

    return operationalinsights.Workspace(
        factory.child_name(role),
        resource_group_name=resource_group_name,
        location=location,
        sku=operationalinsights.WorkspaceSkuArgs(name="PerGB2018"),
        retention_in_days=retention_days,
        features=operationalinsights.WorkspaceFeaturesArgs(disable_local_auth=True),
        public_network_access_for_ingestion="Enabled",
        public_network_access_for_query="Enabled",
        tags=factory.child_tags(role),
        opts=data_opts(factory, role),
    )


def create_diagnostic_setting(
    factory: ChildFactory,
    role: str,
    *suffix: str,
    resource_uri: pulumi.Input[str],
    workspace_id: pulumi.Input[str],
    log_categories: Sequence[str] = (),
    log_category_groups: Sequence[str] = ("allLogs",),
    metrics: bool = True,
    metric_categories: Sequence[str] = ("AllMetrics",),
    depends_on: Sequence[pulumi.Resource] | None = None,
) -> Any:
    """A diagnostic setting sending ``resource_uri``'s logs (all logs by default) and metrics to
    ``workspace_id``. Diagnostic settings take no tags. ``metric_categories``: storage accounts
    and their services refuse ``AllMetrics`` and take ``Transaction`` (and ``Capacity``)."""
    from pulumi_azure_native import monitor

    logs: list[Any] = [
        monitor.DiagnosticsLogSettingsArgs(category_group=group, enabled=True)
        for group in log_category_groups
    ]
    logs += [
        monitor.DiagnosticsLogSettingsArgs(category=category, enabled=True)
        for category in log_categories
    ]
    kwargs: Mapping[str, Any] = (
        {
            "metrics": [
                monitor.DiagnosticsMetricSettingsArgs(category=category, enabled=True)
                for category in metric_categories
            ]
        }
        if metrics
        else {}
    )
    return monitor.DiagnosticSetting(
        factory.child_name(role, *suffix),
        name=factory.child_name(role, *suffix),
        resource_uri=resource_uri,
        workspace_id=workspace_id,
        logs=logs or None,
        opts=factory.child_opts(role, depends_on=depends_on),
        **kwargs,
    )
