"""The pod template of an Application: secure container and pod defaults, probes, volumes.

A helper with explicit values (no component import): the component passes its config, labels
and the names of the objects the pod refers to, and gets ``PodTemplateSpecArgs`` back.

Examples:
    >>> TMP_MOUNT, CONFIG_CHECKSUM_ANNOTATION
    ('/tmp', 'iaccore.dev/config-checksum')
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi_kubernetes as k8s

from iaccore.kubernetes.application.config import ApplicationConfig

__all__ = [
    "CONFIG_CHECKSUM_ANNOTATION",
    "CONTAINER_NAME",
    "PORT_NAME",
    "TMP_MOUNT",
    "PodRefs",
    "config_checksum",
    "pod_template",
]

#: Pod template annotation whose change rolls the pods when the configuration changes.
CONFIG_CHECKSUM_ANNOTATION = "iaccore.dev/config-checksum"
#: Name of the application container.
CONTAINER_NAME = "app"
#: Name of the container port (the Service and probes refer to it).
PORT_NAME = "http"
#: Writable scratch directory (an emptyDir), as the root filesystem is read-only.
TMP_MOUNT = "/tmp"  # noqa: S108 - a mount path inside the container, not a host temp file


@dataclass(frozen=True)
class PodRefs:
    """Names of the objects the pod refers to (None when the object does not exist).

    Examples:
        >>> PodRefs("api", env_config_map=None, files_config_map=None, secret=None).service_account
        'api'
    """

    service_account: str
    env_config_map: str | None
    files_config_map: str | None
    secret: str | None


def config_checksum(cfg: ApplicationConfig) -> str:
    """SHA-256 of the non-secret configuration (env, files) and the secret keys.

    Secret values are not hashed, so the annotation reveals nothing about them; changing only a
    secret value does not roll the pods.

    Examples:
        >>> len(config_checksum.__doc__ or "") > 0
        True
    """
    data = {
        "env": cfg.env,
        "files": cfg.config_files,
        "secret_keys": sorted(cfg.secret_env),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _probe(cfg: ApplicationConfig, path: str) -> k8s.core.v1.ProbeArgs:
    probes = cfg.probes
    return k8s.core.v1.ProbeArgs(
        http_get=k8s.core.v1.HTTPGetActionArgs(path=path, port=PORT_NAME),
        initial_delay_seconds=probes.initial_delay_seconds,
        period_seconds=probes.period_seconds,
        failure_threshold=probes.failure_threshold,
    )


def _env_from(refs: PodRefs) -> list[k8s.core.v1.EnvFromSourceArgs] | None:
    sources = []
    if refs.env_config_map:
        sources.append(
            k8s.core.v1.EnvFromSourceArgs(
                config_map_ref=k8s.core.v1.ConfigMapEnvSourceArgs(name=refs.env_config_map)
            )
        )
    if refs.secret:
        sources.append(
            k8s.core.v1.EnvFromSourceArgs(
                secret_ref=k8s.core.v1.SecretEnvSourceArgs(name=refs.secret)
            )
        )
    return sources or None


def _volumes(
    cfg: ApplicationConfig, refs: PodRefs
) -> tuple[list[k8s.core.v1.VolumeArgs], list[k8s.core.v1.VolumeMountArgs]]:
    volumes = [k8s.core.v1.VolumeArgs(name="tmp", empty_dir=k8s.core.v1.EmptyDirVolumeSourceArgs())]
    mounts = [k8s.core.v1.VolumeMountArgs(name="tmp", mount_path=TMP_MOUNT)]
    if refs.files_config_map:
        volumes.append(
            k8s.core.v1.VolumeArgs(
                name="config",
                config_map=k8s.core.v1.ConfigMapVolumeSourceArgs(name=refs.files_config_map),
            )
        )
        mounts.append(
            k8s.core.v1.VolumeMountArgs(
                name="config", mount_path=cfg.config_mount_path, read_only=True
            )
        )
    return volumes, mounts


def pod_template(
    cfg: ApplicationConfig, labels: Mapping[str, str], refs: PodRefs
) -> k8s.core.v1.PodTemplateSpecArgs:
    """The pod template: non-root, read-only root, no privilege escalation, ALL dropped.

    Examples:
        >>> pod_template.__name__
        'pod_template'
    """
    seccomp = k8s.core.v1.SeccompProfileArgs(type="RuntimeDefault")
    volumes, mounts = _volumes(cfg, refs)
    probes = cfg.probes
    container = k8s.core.v1.ContainerArgs(
        name=CONTAINER_NAME,
        image=cfg.image,
        image_pull_policy=cfg.image_pull_policy,
        command=cfg.command,
        args=cfg.args,
        ports=[
            k8s.core.v1.ContainerPortArgs(name=PORT_NAME, container_port=cfg.port, protocol="TCP")
        ],
        env_from=_env_from(refs),
        resources=k8s.core.v1.ResourceRequirementsArgs(
            requests=cfg.resources.requests.as_map(), limits=cfg.resources.limits.as_map()
        ),
        liveness_probe=_probe(cfg, probes.path) if probes.path else None,
        readiness_probe=_probe(cfg, probes.readiness) if probes.readiness else None,
        security_context=k8s.core.v1.SecurityContextArgs(
            run_as_non_root=True,
            run_as_user=cfg.run_as_user,
            run_as_group=cfg.run_as_group,
            read_only_root_filesystem=True,
            allow_privilege_escalation=False,
            privileged=False,
            capabilities=k8s.core.v1.CapabilitiesArgs(drop=["ALL"]),
            seccomp_profile=seccomp,
        ),
        volume_mounts=mounts,
    )
    return k8s.core.v1.PodTemplateSpecArgs(
        metadata=k8s.meta.v1.ObjectMetaArgs(
            labels=dict(labels),
            annotations={CONFIG_CHECKSUM_ANNOTATION: config_checksum(cfg)},
        ),
        spec=k8s.core.v1.PodSpecArgs(
            service_account_name=refs.service_account,
            automount_service_account_token=cfg.automount_service_account_token,
            security_context=k8s.core.v1.PodSecurityContextArgs(
                run_as_non_root=True,
                run_as_user=cfg.run_as_user,
                run_as_group=cfg.run_as_group,
                fs_group=cfg.run_as_group,
                seccomp_profile=seccomp,
            ),
            containers=[container],
            volumes=volumes,
        ),
    )
