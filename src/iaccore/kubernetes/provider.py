"""Kubernetes providers per named cluster, through the program's provider registry.

The registry calls [`create_provider`][iaccore.kubernetes.provider.create_provider] once per
cluster of ``iaccore:kubernetes.clusters`` (and once for ``default``, which is the default
cluster's provider), on first use. Components put resources on a cluster with
``opts=cluster_opts("edge")``. ``pulumi_kubernetes`` is imported inside the functions only.

Examples:
    >>> from iaccore.kubernetes.config import ClusterConfig
    >>> provider_args(ClusterConfig(kubeconfig_file="/etc/kube/edge", context="admin"), "edge")
    {'kubeconfig': '/etc/kube/edge', 'context': 'admin'}
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pulumi

from iaccore.core import context
from iaccore.core.config.base import ProviderSettings
from iaccore.core.errors import ConfigurationError, ProviderError
from iaccore.core.providers import DEFAULT_PROVIDER
from iaccore.kubernetes.config import ClusterConfig, KubernetesSection

if TYPE_CHECKING:
    import pulumi_kubernetes as k8s

__all__ = [
    "cluster_opts",
    "cluster_provider",
    "cluster_version",
    "create_provider",
    "provider_args",
]

_CLOUD = "kubernetes"
_OWN = ("kubernetes", "config-providers")  # context cache key: names this module created


def _key(name: str) -> str:
    return f"kubernetes.clusters.{name}"


def provider_args(cluster: ClusterConfig, name: str) -> dict[str, Any]:
    """Arguments of ``pulumi_kubernetes.Provider`` for a cluster read from a kubeconfig.

    The kubeconfig text of ``kubeconfig`` and ``kubeconfig_env`` is passed as a secret output.

    Raises:
        ConfigurationError: ``kubeconfig_env`` names an unset variable.
    """
    args: dict[str, Any] = {}
    if cluster.kubeconfig_file is not None:
        args["kubeconfig"] = os.path.expanduser(cluster.kubeconfig_file)
    elif cluster.kubeconfig is not None:
        args["kubeconfig"] = cluster.kubeconfig.output()
    elif cluster.kubeconfig_env is not None:
        text = os.environ.get(cluster.kubeconfig_env)
        if not text:
            raise ConfigurationError(
                f"environment variable {cluster.kubeconfig_env} is not set",
                key_path=f"{_key(name)}.kubeconfig_env",
                expected="a variable holding a kubeconfig document",
            )
        args["kubeconfig"] = pulumi.Output.secret(text)
    if cluster.context is not None:
        args["context"] = cluster.context
    return args


def create_provider(
    name: str,
    section: KubernetesSection,
    settings: ProviderSettings | None,
    opts: pulumi.ResourceOptions | None = None,
) -> pulumi.ProviderResource:
    """Create the provider of cluster ``name`` (called lazily by the provider registry).

    ``default`` (with no cluster of that name) is the default cluster's provider. A ``source``
    cluster returns the provider its cloud component registered.

    Raises:
        ConfigurationError: No default cluster, or the source cluster was not created.
    """
    registry = context.current().providers
    if name == DEFAULT_PROVIDER and settings is None:
        default = section.default_cluster()
        if default is None:
            raise ConfigurationError(
                "no default Kubernetes cluster: mark one with `default: true`"
                + (f" (known: {', '.join(sorted(section.clusters))})" if section.clusters else ""),
                key_path="kubernetes.clusters",
                expected="one cluster with default: true",
            )
        return registry.get(_CLOUD, default)
    cluster = settings if isinstance(settings, ClusterConfig) else section.clusters[name]
    if cluster.source is not None:
        return _from_source(name, cluster.source, registry.created(_CLOUD))
    import pulumi_kubernetes as k8s

    provider = k8s.Provider(f"k8s-{name}", opts=opts, **provider_args(cluster, name))
    own: set[str] = context.current().cache.setdefault(_OWN, set())
    own.add(name)
    return provider


#: The cloud component behind each ``source`` prefix.
_SOURCE_COMPONENTS = {"aws.eks": "EksCluster", "azure.aks": "AksCluster"}


def _from_source(name: str, source: str, created: list[str]) -> pulumi.ProviderResource:
    kind, target = source.rsplit(".", 1)
    component = _SOURCE_COMPONENTS.get(kind, kind)
    ctx = context.current()
    own: set[str] = ctx.cache.get(_OWN, set())
    # Clusters that record no source kind are EKS clusters (EksCluster predates the record).
    built_by = ctx.cache.get((_CLOUD, "source", target), "aws.eks")
    if target == name or target not in created or target in own or built_by != kind:
        raise ConfigurationError(
            f"source {source}: no {component} named {target!r} was created before this cluster "
            f"was used; create it first ({component}({target!r}, ...))",
            key_path=f"{_key(name)}.source",
            expected=f"the name of an {component} created earlier in the program",
        )
    return ctx.providers.get(_CLOUD, target)


def cluster_provider(name: str | None = None) -> k8s.Provider:
    """The ``pulumi_kubernetes.Provider`` of cluster ``name`` (the default cluster when None).

    Created once per cluster, on first use, and registered under the cluster's name.

    Raises:
        ConfigurationError: Unknown cluster (the message lists the known ones), module not
            enabled, or a ``source`` cluster whose cloud cluster was not created.

    Examples:
        >>> from iaccore.testing import synth
        >>> def program() -> None:
        ...     cluster_provider("edge")
        >>> config = {"iaccore:kubernetes": {"enabled": True,
        ...           "clusters": {"edge": {"kubeconfig_file": "/etc/kube/edge"}}}}
        >>> [r.name for r in synth(program, config=config).resources("pulumi:providers:kubernetes")]
        ['k8s-edge']
    """
    import pulumi_kubernetes as k8s

    key = name or DEFAULT_PROVIDER
    try:
        provider = context.current().providers.get(_CLOUD, key)
    except ProviderError as err:
        known = err.details.get("known")
        if known is None:
            raise ConfigurationError(
                err.message, key_path="kubernetes", expected="enabled: true"
            ) from None
        names = [n for n in known if n != DEFAULT_PROVIDER] or ["none"]
        raise ConfigurationError(
            f"unknown Kubernetes cluster {key!r}; known: {', '.join(names)}",
            key_path=_key(key) if name else "kubernetes.clusters",
            expected="a cluster named in iaccore:kubernetes.clusters, an EksCluster or an "
            "AksCluster",
        ) from None
    if not isinstance(provider, k8s.Provider):
        raise ConfigurationError(
            f"provider {key!r} is not a Kubernetes provider", key_path=_key(key)
        )
    return provider


def cluster_opts(name: str | None = None, **options: Any) -> pulumi.ResourceOptions:
    """Resource options that put resources on cluster ``name``: ``opts=cluster_opts("edge")``.

    Extra keyword arguments are further ``pulumi.ResourceOptions`` fields.

    Examples:
        >>> from iaccore.testing import synth
        >>> def program() -> None:
        ...     import pulumi_kubernetes as k8s
        ...     k8s.core.v1.Namespace("apps", opts=cluster_opts())
        >>> config = {"iaccore:kubernetes": {"enabled": True,
        ...           "clusters": {"edge": {"kubeconfig_env": "HOME"}}}}
        >>> graph = synth(program, config=config)
        >>> graph.one("kubernetes:core/v1:Namespace", "apps").provider_urn.endswith("::k8s-edge")
        True
    """
    return pulumi.ResourceOptions(provider=cluster_provider(name), **options)


def cluster_version(name: str | None = None) -> str | None:
    """The configured target Kubernetes version of cluster ``name`` (default when None).

    None when the config names no version (or no such cluster is configured).

    Examples:
        >>> from iaccore.testing import synth
        >>> seen = []
        >>> config = {"iaccore:kubernetes": {"enabled": True,
        ...           "clusters": {"edge": {"kubeconfig_env": "HOME", "version": "v1.33"}}}}
        >>> _ = synth(lambda: seen.append(cluster_version()), config=config)
        >>> seen
        ['1.33']
    """
    try:
        section = context.current().stack_config.section(_CLOUD)
    except ConfigurationError:
        return None
    if not isinstance(section, KubernetesSection):
        return None
    key = name or section.default_cluster()
    cluster = section.clusters.get(key) if key else None
    return cluster.version if cluster is not None else None


def register_cluster_version(name: str, version: str) -> None:
    """Record the Kubernetes version of cluster ``name`` built in this program (EKS or AKS),
    the target of components on its provider when the stack config names none.

    Examples:
        >>> from iaccore.testing import synth
        >>> seen = []
        >>> def program():
        ...     register_cluster_version("main", "v1.35")
        ...     seen.append(context.current().cache[(_CLOUD, "version", "main")])
        >>> _ = synth(program)
        >>> seen
        ['1.35']
    """
    from iaccore.kubernetes.versions import normalize_version

    context.current().cache[(_CLOUD, "version", name)] = normalize_version(version)


def register_cluster_source(name: str, kind: str) -> None:
    """Record which cloud component built cluster ``name`` (``aws.eks`` or ``azure.aks``), so
    ``source: <kind>.<name>`` resolves to it and a source of another cloud is refused.

    Examples:
        >>> from iaccore.testing import synth
        >>> seen = []
        >>> def program():
        ...     register_cluster_source("main", "azure.aks")
        ...     seen.append(context.current().cache[(_CLOUD, "source", "main")])
        >>> _ = synth(program)
        >>> seen
        ['azure.aks']
    """
    context.current().cache[(_CLOUD, "source", name)] = kind


def target_version(provider: pulumi.ProviderResource | None) -> str | None:
    """The Kubernetes version of the cluster behind ``provider``: the cluster's configured
    ``version``, else the version of the cluster that built it (an ``EksCluster`` or
    ``AksCluster``); None when the provider is not one of the program's clusters or no version is
    known.

    Examples:
        >>> target_version(None) is None
        True
    """
    if provider is None:
        return None
    ctx = context.current()
    registry = ctx.providers
    for name in registry.created(_CLOUD):
        if registry.get(_CLOUD, name) is not provider:
            continue
        configured = cluster_version(None if name == DEFAULT_PROVIDER else name)
        registered = ctx.cache.get((_CLOUD, "version", name))
        return configured or (registered if isinstance(registered, str) else None)
    return None
