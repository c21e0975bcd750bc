"""Read a Pulumi project directory: ``Pulumi.yaml`` (name, runtime, main) and stack config files.

Stack config is turned into what the Pulumi CLI hands a program: ``namespace:key`` strings, with
objects as JSON and ``secure:`` values replaced by a placeholder and marked secret (ciphertext
cannot be decrypted offline, and is never printed).

Examples:
    >>> flatten_config({"cloud:region": "eu-west-1", "size": 3}, project="demo")
    ({'cloud:region': 'eu-west-1', 'demo:size': '3'}, [])
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iaccore.core.config.base import Secret
from iaccore.core.config.positions import load_yaml_file
from iaccore.core.errors import ConfigurationError

__all__ = [
    "SECRET_PLACEHOLDER",
    "ProgramSpec",
    "available_stacks",
    "flatten_config",
    "load_program",
    "read_stack_config",
]

#: Value a ``secure:`` config entry takes offline, where it cannot be decrypted.
SECRET_PLACEHOLDER = "iaccore-offline-secret-placeholder"


@dataclass(frozen=True)
class ProgramSpec:
    """A Pulumi program directory as ``Pulumi.yaml`` describes it.

    Examples:
        >>> ProgramSpec(name="p", root=Path("."), main=Path("__main__.py")).name
        'p'
    """

    name: str
    root: Path
    main: Path


def _read_yaml(path: Path) -> Any:
    # The same loader, with the same YAML loading policy, as `iaccore validate`: sizes, depth,
    # aliases and tags are bounded and refused with the same errors.
    return load_yaml_file(path).data


def load_program(directory: str | Path) -> ProgramSpec:
    """Read ``Pulumi.yaml`` in ``directory`` and locate the program's entry file.

    Raises:
        ConfigurationError: no ``Pulumi.yaml``, a runtime other than python, or no entry file.
    """
    root = Path(directory).resolve()
    project_file = root / "Pulumi.yaml"
    if not project_file.is_file():
        alt = root / "Pulumi.yml"
        if not alt.is_file():
            raise ConfigurationError(
                f"no Pulumi.yaml in {root}", file=str(project_file), expected="a Pulumi project"
            )
        project_file = alt
    data = _read_yaml(project_file) or {}
    if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):
        raise ConfigurationError(
            "Pulumi.yaml needs a string `name`", key_path="name", file=str(project_file)
        )
    runtime = data.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, Mapping) else runtime
    if runtime_name != "python":
        raise ConfigurationError(
            f"iaccore runs Python programs; this project's runtime is {runtime_name!r}",
            key_path="runtime",
            file=str(project_file),
            expected="runtime: python",
        )
    main = root
    if isinstance(data.get("main"), str):
        main = (root / data["main"]).resolve()
    if main.is_dir():
        main = main / "__main__.py"
    if not main.is_file():
        raise ConfigurationError(
            f"program entry {main} does not exist",
            key_path="main",
            file=str(project_file),
            expected="a directory with __main__.py or a Python file",
        )
    return ProgramSpec(name=data["name"], root=root, main=main)


def available_stacks(root: Path) -> list[str]:
    """Stacks that have a ``Pulumi.<stack>.yaml`` file in ``root``."""
    return sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in root.glob("Pulumi.*.yaml"))


def _strip_secure(value: Any) -> tuple[Any, bool]:
    if isinstance(value, Secret):  # a `secure:` value, as the config loader reads it
        return SECRET_PLACEHOLDER, True
    if isinstance(value, Mapping):
        if set(value) == {"secure"}:
            return SECRET_PLACEHOLDER, True
        found = False
        out = {}
        for key, item in value.items():
            out[str(key)], secret = _strip_secure(item)
            found = found or secret
        return out, found
    if isinstance(value, list):
        items = [_strip_secure(item) for item in value]
        return [item for item, _ in items], any(secret for _, secret in items)
    return value, False


def flatten_config(config: Mapping[str, Any], *, project: str) -> tuple[dict[str, str], list[str]]:
    """Turn a stack file's ``config:`` mapping into Pulumi's ``{ns:key: str}`` form.

    Returns the config and the sorted list of secret keys.
    """
    flat: dict[str, str] = {}
    secret_keys: list[str] = []
    for raw_key, raw_value in config.items():
        key = str(raw_key)
        if ":" not in key:
            key = f"{project}:{key}"
        value, secret = _strip_secure(raw_value)
        if secret:
            secret_keys.append(key)
        if isinstance(value, str):
            flat[key] = value
        else:
            flat[key] = json.dumps(value, sort_keys=True)
    return dict(sorted(flat.items())), sorted(secret_keys)


def read_stack_config(spec: ProgramSpec, stack: str) -> tuple[dict[str, str], list[str]]:
    """Config and secret keys of ``stack`` from ``Pulumi.<stack>.yaml``.

    A missing stack file is an error when the project has other stack files (a typo is more
    likely than a stack with no config); a project with no stack files at all runs with none.
    """
    path = spec.root / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        known = available_stacks(spec.root)
        if known:
            raise ConfigurationError(
                f"no stack file Pulumi.{stack}.yaml in {spec.root}",
                key_path="stack",
                expected="one of " + ", ".join(known),
            )
        return {}, []
    data = _read_yaml(path) or {}
    if not isinstance(data, Mapping):
        raise ConfigurationError("a stack file must be a mapping", file=str(path), line=1)
    config = data.get("config") or {}
    if not isinstance(config, Mapping):
        raise ConfigurationError(
            "`config` must be a mapping", key_path="config", file=str(path), expected="a mapping"
        )
    return flatten_config(config, project=spec.name)
