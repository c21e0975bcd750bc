"""Load a stack's config: read the layers, merge them, resolve, check and validate.

Steps: read layers (defaults → org → project → stack) → reject unknown sections and credentials
→ merge with provenance → environment overrides → interpolate → mark and place secrets →
check ``requires`` → validate with the stack model built from the installed provider modules.

``project.name`` and ``project.environment`` default to the Pulumi project and stack names: they
are filled in the ``defaults`` layer, before interpolation, so ``${project:environment}`` works
even when no layer sets it.

Examples:
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "Pulumi.yaml").write_text("name: payments\\nruntime: python\\n")
    >>> _ = (root / "Pulumi.dev.yaml").write_text("config:\\n  iaccore:project: {owner: me}\\n")
    >>> stack = validate_stack_file(root / "Pulumi.dev.yaml", environ={}, modules={})
    >>> stack.project.name, stack.project.environment, stack.project.owner
    ('payments', 'dev', 'me')
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import settings as pulumi_settings

from iaccore._version import __version__
from iaccore.core.config.interpolate import interpolate
from iaccore.core.config.layers import Layer, merge_layers, origin_for
from iaccore.core.config.positions import load_yaml_file
from iaccore.core.config.secrets import (
    check_credentials,
    check_secret_placement,
    mark_secrets,
    register_secrets,
    secret_typed_paths,
)
from iaccore.core.config.sources import check_sections, env_layers, file_layer, stack_layer
from iaccore.core.config.stack import StackConfig, build_stack_model
from iaccore.core.config.validation import check_null_sections, validate_model
from iaccore.core.config.versions import check_requires
from iaccore.core.errors import ConfigurationError
from iaccore.core.modules import ProviderModule, discover_modules

__all__ = ["PROJECT_FILE", "find_project_dir", "load_stack", "validate_stack_file"]

logger = logging.getLogger("iaccore.config")

#: Project-level config file looked up beside ``Pulumi.yaml``.
PROJECT_FILE = "iaccore.yaml"
_STACK_FILE = re.compile(r"Pulumi\.(?P<stack>[^/\\]+)\.ya?ml")


def find_project_dir() -> Path:
    """Pulumi's root directory when it holds ``Pulumi.yaml``, else the nearest ancestor of the
    working directory holding one, else the working directory."""
    root = pulumi_settings.get_root_directory()
    if root and Path(root).is_dir() and (Path(root) / "Pulumi.yaml").is_file():
        return Path(root)
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / "Pulumi.yaml").is_file():
            return folder
    return cwd


def _project_name(root: Path) -> str:
    if pulumi_settings.SETTINGS.monitor is None:
        for name in ("Pulumi.yaml", "Pulumi.yml"):
            if (root / name).is_file():
                data = load_yaml_file(root / name).data
                if isinstance(data, dict) and isinstance(data.get("name"), str):
                    return str(data["name"])
    return str(pulumi.get_project())


@functools.cache
def _defaults_tree(model: type[StackConfig]) -> dict[str, Any]:
    """Model defaults as plain data, looked up by references no layer sets."""
    try:
        return model().model_dump(mode="json", by_alias=True)
    except ValueError:  # a section with required fields has no default instance
        return {}


def _read_layers(
    root: Path,
    stack_file: Path,
    environ: Mapping[str, str],
    project_name: str,
    stack_name: str,
    *,
    use_runtime: bool,
) -> list[Layer]:
    layers = [Layer("defaults", {"project": {"name": project_name, "environment": stack_name}})]
    org = environ.get("IACCORE_ORG_CONFIG")
    if org:
        layers.append(file_layer("org", org))
    project = environ.get("IACCORE_PROJECT_CONFIG")
    if project:
        layers.append(file_layer("project", project))
    elif (root / PROJECT_FILE).is_file():
        layers.append(file_layer("project", root / PROJECT_FILE))
    layers.append(stack_layer(stack_file, use_runtime=use_runtime, project=project_name))
    for layer in layers[1:]:
        logger.debug("config layer %s from %s", layer.name, layer.file or "runtime config")
    return layers


def _load(
    root: Path,
    stack_name: str,
    stack_file: Path,
    environ: Mapping[str, str] | None,
    modules: Mapping[str, ProviderModule] | None,
    *,
    use_runtime: bool,
) -> StackConfig:
    env = os.environ if environ is None else environ
    model = build_stack_model(discover_modules() if modules is None else modules)
    project_name = _project_name(root)
    layers = _read_layers(root, stack_file, env, project_name, stack_name, use_runtime=use_runtime)
    for layer in layers[1:]:
        check_sections(layer, model, modules)
    check_credentials(layers[1:], model)
    overrides = env_layers(env, model, merge_layers(layers).data)
    check_credentials(overrides, model)
    merged = merge_layers([*layers, *overrides])
    check_null_sections(merged.data, model, merged.provenance)
    data = interpolate(
        mark_secrets(merged.data, secret_typed_paths(merged.data, model)),
        builtins={"project": project_name, "stack": stack_name},
        provenance=merged.provenance,
        defaults=_defaults_tree(model),
    )
    check_secret_placement(data, model, merged.provenance)
    requires = data.get("requires")
    if isinstance(requires, str):
        origin = origin_for(merged.provenance, ("requires",))
        check_requires(
            requires,
            __version__,
            key_path="requires",
            file=origin.file if origin else None,
            line=origin.line if origin else None,
            column=origin.column if origin else None,
            layer=origin.layer if origin else None,
        )
    stack = validate_model(model, data, provenance=merged.provenance, layer="stack")
    register_secrets(stack)
    return stack


def load_stack(
    project_dir: str | os.PathLike[str] | None = None,
    *,
    stack: str | None = None,
    environ: Mapping[str, str] | None = None,
    modules: Mapping[str, ProviderModule] | None = None,
) -> StackConfig:
    """Load and validate the iaccore config of a stack.

    Args:
        project_dir: Folder of ``Pulumi.yaml``; default: see ``find_project_dir``.
        stack: Stack name; default ``pulumi.get_stack()``.
        environ: Environment for ``IACCORE_*`` variables; default ``os.environ``.
        modules: Provider modules by name; default: those discovered through entry points.

    Raises:
        ConfigurationError: naming the key path, layer and position of the first problem.
    """
    root = Path(project_dir) if project_dir is not None else find_project_dir()
    stack_name = stack if stack is not None else pulumi.get_stack()
    return _load(
        root, stack_name, root / f"Pulumi.{stack_name}.yaml", environ, modules, use_runtime=True
    )


def validate_stack_file(
    stack_file: str | os.PathLike[str],
    *,
    environ: Mapping[str, str] | None = None,
    modules: Mapping[str, ProviderModule] | None = None,
) -> StackConfig:
    """Load every layer with ``stack_file`` (``Pulumi.<stack>.yaml``) as the stack layer.

    The Pulumi runtime config is not consulted; ``{secure: ...}`` values become placeholder
    secrets. The project folder is the stack file's folder.
    """
    path = Path(stack_file)
    found = _STACK_FILE.fullmatch(path.name)
    if not found:
        raise ConfigurationError(
            f"{path.name!r} is not a stack file name",
            file=str(path),
            expected="a file named Pulumi.<stack>.yaml",
        )
    if not path.is_file():
        raise ConfigurationError("stack file not found", file=str(path), layer="stack")
    return _load(path.parent, found.group("stack"), path, environ, modules, use_runtime=False)
