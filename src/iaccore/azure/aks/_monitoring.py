"""Monitoring of an AKS cluster: the workspace, Container Insights' data collection rule and the
control-plane diagnostic setting.

Container Insights runs with Entra ID authentication (``useAADAuth``): the workspaces iaccore
creates have local (shared-key) authentication off, so the agent needs a data collection rule
and its association with the cluster, which the CLI would otherwise create.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import monitor

from iaccore.azure.monitoring import create_diagnostic_setting, create_workspace
from iaccore.core.children import ChildFactory

__all__ = [
    "CONTAINER_INSIGHTS_STREAM",
    "CollectionRule",
    "addon_config",
    "create_collection_rule",
    "create_control_plane_logs",
    "resolve_workspace",
]

#: The stream of the Container Insights extension (logs, performance, inventory).
CONTAINER_INSIGHTS_STREAM = "Microsoft-ContainerInsights-Group-Default"
_DESTINATION = "ciworkspace"


@dataclass(frozen=True)
class Workspace:
    """The workspace id the cluster reports to, and the workspace when the cluster created it."""

    id: pulumi.Output[str]
    created: Any


def resolve_workspace(
    factory: ChildFactory,
    *,
    given: pulumi.Input[str] | None,
    resource_group_name: pulumi.Input[str],
    location: str,
) -> Workspace:
    """``given`` (config or VNet), else a new Log Analytics workspace (role ``workspace``)."""
    if given is not None:
        return Workspace(pulumi.Output.from_input(given), None)
    created = create_workspace(
        factory, "workspace", resource_group_name=resource_group_name, location=location
    )
    return Workspace(created.id, created)


def addon_config(workspace_id: pulumi.Input[str]) -> dict[str, pulumi.Input[str]]:
    """Config of the ``omsagent`` add-on: the workspace, with Entra ID authentication."""
    return {"logAnalyticsWorkspaceResourceID": workspace_id, "useAADAuth": "true"}


@dataclass(frozen=True)
class CollectionRule:
    """The Container Insights data collection rule and its association with the cluster."""

    rule: monitor.DataCollectionRule
    association: monitor.DataCollectionRuleAssociation


def create_collection_rule(
    factory: ChildFactory,
    *,
    cluster_id: pulumi.Input[str],
    workspace_id: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
    location: str,
    depends_on: Sequence[pulumi.Resource],
) -> CollectionRule:
    """The data collection rule (role ``data_collection_rule``) and association."""
    rule = monitor.DataCollectionRule(
        factory.child_name("data_collection_rule"),
        resource_group_name=resource_group_name,
        location=location,
        kind="Linux",
        description="Container Insights of the AKS cluster",
        data_sources=monitor.DataCollectionRuleDataSourcesArgs(
            extensions=[
                monitor.ExtensionDataSourceArgs(
                    name="ContainerInsightsExtension",
                    extension_name="ContainerInsights",
                    streams=[CONTAINER_INSIGHTS_STREAM],
                    extension_settings={
                        "dataCollectionSettings": {
                            "interval": "1m",
                            "namespaceFilteringMode": "Off",
                            "enableContainerLogV2": True,
                        }
                    },
                )
            ]
        ),
        destinations=monitor.DataCollectionRuleDestinationsArgs(
            log_analytics=[
                monitor.LogAnalyticsDestinationArgs(
                    name=_DESTINATION, workspace_resource_id=workspace_id
                )
            ]
        ),
        data_flows=[
            monitor.DataFlowArgs(streams=[CONTAINER_INSIGHTS_STREAM], destinations=[_DESTINATION])
        ],
        tags=factory.child_tags("data_collection_rule"),
        opts=factory.child_opts("data_collection_rule"),
    )
    association = monitor.DataCollectionRuleAssociation(
        factory.child_name("data_collection_rule_association"),
        association_name="ContainerInsightsExtension",
        resource_uri=cluster_id,
        data_collection_rule_id=rule.id,
        description="Container Insights of the AKS cluster",
        opts=factory.child_opts("data_collection_rule_association", depends_on=list(depends_on)),
    )
    return CollectionRule(rule, association)


def create_control_plane_logs(
    factory: ChildFactory,
    *,
    cluster_id: pulumi.Input[str],
    workspace_id: pulumi.Input[str],
    categories: Sequence[str],
    depends_on: Sequence[pulumi.Resource],
) -> Any:
    """The diagnostic setting sending ``categories`` and the metrics to the workspace."""
    return create_diagnostic_setting(
        factory,
        "diagnostic_setting",
        resource_uri=cluster_id,
        workspace_id=workspace_id,
        log_categories=categories,
        log_category_groups=(),
        depends_on=depends_on,
    )
