"""Where layers come from: org/project files, Pulumi stack config, environment overrides.

Examples:
    >>> from iaccore.core.config.stack import StackConfig
    >>> layer = env_layers({"IACCORE_PROJECT__OWNER": "me"}, StackConfig, {})[0]
    >>> layer.data, layer.name
    ({'project': {'owner': 'me'}}, 'environment')
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pulumi.runtime.config as pulumi_config
from pydantic import BaseModel
from ruamel.yaml.error import YAMLError

from iaccore.core.config.bounded import check_data
from iaccore.core.config.layers import Layer, LayerName, list_merge_key
from iaccore.core.config.namespaces import (
    check_env_names,
    check_namespaces,
    check_stack_file_keys,
)
from iaccore.core.config.positions import KeyPath, LoadedYaml, dotted, load_yaml_file
from iaccore.core.config.secrets import mark_secrets
from iaccore.core.config.typewalk import expects_string, field_names, match_key, normalize_key
from iaccore.core.config.yamlpolicy import DEFAULT_LIMITS, UnsupportedTagError, load_guarded
from iaccore.core.errors import ConfigurationError
from iaccore.core.modules import ProviderModule, discover_modules

__all__ = [
    "ENV_PREFIX",
    "SETTINGS_ENV",
    "STACK_NAMESPACE",
    "check_sections",
    "env_layers",
    "file_layer",
    "module_extras",
    "parse_env_value",
    "runtime_stack_keys",
    "stack_layer",
]

STACK_NAMESPACE = "iaccore"
ENV_PREFIX = "IACCORE_"
#: Environment variables that configure iaccore itself; they are not overrides.
SETTINGS_ENV: frozenset[str] = frozenset(
    {
        "IACCORE_ORG_CONFIG",
        "IACCORE_PROJECT_CONFIG",
        "IACCORE_LOG_LEVEL",
        "IACCORE_LOG_FORMAT",
        "IACCORE_SYNTH_TIMEOUT",
    }
)


def module_extras(modules: Mapping[str, ProviderModule] | None = None) -> dict[str, str]:
    """The pip extra of every provider module, by name: the discovered ones plus ``modules``.

    A module is listed whether or not its SDK is installed.

    Examples:
        >>> demo = ProviderModule(name="demo", sdk_module="json", extra="demo-extra")
        >>> module_extras({"demo": demo})["demo"]
        'demo-extra'
    """
    found = discover_modules((modules or {}).values())
    return {name: spec.extra for name, spec in found.items()}


def _mapping_or_error(doc: LoadedYaml, what: str) -> dict[str, Any]:
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise ConfigurationError(
            f"{what} must be a mapping at the top level",
            file=doc.file,
            line=1,
            column=1,
            expected="a mapping of section names",
        )
    return doc.data


def file_layer(name: LayerName, path: str | os.PathLike[str]) -> Layer:
    """Read an org or project file (sections at top level) into a ``Layer``."""
    doc = load_yaml_file(path)
    data = _mapping_or_error(doc, f"{name} config file")
    return Layer(name, data, doc.file, doc.positions, doc.secure_paths)


def _runtime_keys() -> set[str]:
    keys = set(pulumi_config.CONFIG.get())
    with contextlib.suppress(ValueError):  # malformed PULUMI_CONFIG: the engine fails first
        keys.update(pulumi_config.get_config_env())
    return {k for k in keys if isinstance(k, str)}


def runtime_stack_keys() -> list[str]:
    """``iaccore:*`` keys known to the Pulumi runtime config (engine or test-set), sorted."""
    return sorted(k for k in _runtime_keys() if k.startswith(f"{STACK_NAMESPACE}:"))


def _decode(value: Any, key: str | None = None) -> Any:
    # The Pulumi CLI JSON-encodes objects and lists only; scalars stay text, and the models
    # coerce them ("3" to an int field), so `requires: "1"` stays the string it was written as.
    # The loading policy's bounds apply as to YAML: JSON has no aliases, but depth and size.
    if isinstance(value, str) and len(value) > DEFAULT_LIMITS.max_bytes:
        raise ConfigurationError(
            f"config value of {len(value)} characters is too large",
            key_path=key,
            layer="stack",
            expected=f"at most {DEFAULT_LIMITS.max_bytes} characters",
        )
    decoded = value
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:
            decoded = json.loads(value)
        except RecursionError:
            raise ConfigurationError(
                f"config nested deeper than {DEFAULT_LIMITS.max_depth} levels",
                key_path=key,
                layer="stack",
                expected=f"at most {DEFAULT_LIMITS.max_depth} levels of nesting",
            ) from None
        except ValueError:
            decoded = value
        if not isinstance(decoded, dict | list | int | float | bool):
            decoded = value
    check_data(decoded, key_path=key, layer="stack")
    return decoded


def _from_stack_file(path: KeyPath) -> KeyPath | None:
    if len(path) >= 2 and path[0] == "config" and isinstance(path[1], str):
        namespace, sep, section = path[1].partition(":")
        if sep and namespace == STACK_NAMESPACE:
            return (section, *path[2:])
    return None


def stack_layer(
    stack_file: Path | None, *, use_runtime: bool = True, project: str | None = None
) -> Layer:
    """The stack layer: values from Pulumi runtime config, positions from ``Pulumi.<stack>.yaml``.

    Without runtime ``iaccore:`` keys (or with ``use_runtime=False``) the values come from the
    stack file; its ``{secure: ...}`` leaves are placeholder secrets (not decryptable offline).
    Near misses of iaccore's names (``confg:``, ``iacore:demo``) raise, in the file and in the
    runtime config (``namespaces``); ``project`` is the Pulumi project,
    whose own namespace is never taken for a typo.
    """
    doc: LoadedYaml | None = None
    file_data: dict[str, Any] = {}
    positions: dict[KeyPath, tuple[int, int]] = {}
    secure: set[KeyPath] = set()
    if stack_file is not None and stack_file.is_file():
        doc = load_yaml_file(stack_file)
        top = _mapping_or_error(doc, "stack file")
        config = top.get("config") or {}
        if not isinstance(config, dict):
            where = doc.positions.get(("config",), (None, None))
            raise ConfigurationError(
                "`config` must be a mapping",
                key_path="config",
                layer="stack",
                file=doc.file,
                line=where[0],
                column=where[1],
                expected="a mapping of `namespace:key` to values",
            )
        check_stack_file_keys(top, doc.positions, doc.file)
        check_namespaces([str(key) for key in config], doc.positions, doc.file, project=project)
        for path, position in doc.positions.items():
            mapped = _from_stack_file(path)
            if mapped is not None:
                positions[mapped] = position
        secure = {m for p in doc.secure_paths if (m := _from_stack_file(p)) is not None}
        for key, value in config.items():
            mapped = _from_stack_file(("config", key))
            if mapped is not None:
                file_data[str(mapped[0])] = value
    file_name = doc.file if doc else None
    if use_runtime:
        check_namespaces(
            sorted(_runtime_keys()), doc.positions if doc else {}, file_name, project=project
        )
    keys = runtime_stack_keys() if use_runtime else []
    if not keys:
        return Layer("stack", file_data, file_name, positions, frozenset(secure))
    data: dict[str, Any] = {}
    secret_paths: set[KeyPath] = set(secure)
    for key in keys:
        section = key.partition(":")[2]
        raw = pulumi_config.get_config(key)
        if raw in ("", "null") and section in file_data and file_data[section] is None:
            data[section] = None  # `iaccore:<section>:` left empty in the file: a null section
        else:
            data[section] = _decode(raw, key)
        if pulumi_config.is_config_secret(key) and not any(p[0] == section for p in secure):
            secret_paths.add((section,))  # no file detail: the whole section is secret
    secret_paths = {p for p in secret_paths if p and p[0] in data}
    data = mark_secrets(data, secret_paths)
    return Layer("stack", data, file_name, positions, frozenset(secret_paths))


def check_sections(
    layer: Layer, model: type[BaseModel], modules: Mapping[str, ProviderModule] | None = None
) -> None:
    """Raise for a top-level key of ``layer`` that ``model`` has no section for.

    The error names the key; its hint says when the key is a known provider module that declares
    no config section, or one that is not installed (with the ``pip install`` command).

    Args:
        layer: The layer to check.
        model: The stack model the layer must fit.
        modules: Provider modules the model was built from; the discovered ones are consulted too.
    """
    known = sorted(model.model_fields)
    specs: dict[str, ProviderModule] | None = None
    for key in layer.data:
        if key in known:
            continue
        if specs is None:
            specs = discover_modules((modules or {}).values())
        shown = f"{STACK_NAMESPACE}:{key}" if layer.name == "stack" else key
        line, column = layer.positions.get((key,), (None, None))
        message = f"unknown config section `{shown}`: no installed module declares it"
        hint: str | None
        spec = specs.get(key)
        if spec is not None and not spec.has_section:
            message = f"unknown config section `{shown}`: the {key} module has no config section"
            hint = f"remove `{shown}`: this version of the {key} module takes no config"
        elif spec is not None:
            hint = f'the {key} module is not installed: pip install "iaccore[{spec.extra}]"'
        elif layer.name != "stack" and key.partition(":")[0] == STACK_NAMESPACE:
            bare = key.partition(":")[2]
            hint = f"sections of {layer.name} files take no namespace: write `{bare}:`"
        else:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else None
        raise ConfigurationError(
            message,
            key_path=shown,
            layer=layer.name,
            file=layer.file,
            line=line,
            column=column,
            expected="one of: " + ", ".join(known),
            hint=hint,
        )


def parse_env_value(text: str, *, source: str | None = None) -> Any:
    """Parse an override value as a YAML scalar or flow collection (``3``, ``true``, ``[a, b]``).

    Text that is not valid YAML, or carries a YAML tag (``!x``), stays a string. The YAML loading
    policy applies (``yamlpolicy``): a value beyond its bounds (size, depth, alias expansion) raises
    a [`ConfigurationError`][iaccore.ConfigurationError] naming ``source``.

    Examples:
        >>> parse_env_value("[a, 2]"), parse_env_value("!s3cret"), parse_env_value("a: [b")
        (['a', 2], '!s3cret', 'a: [b')
    """
    try:
        value = load_guarded(text, source=source, typ="safe")
    except UnsupportedTagError:
        return text
    except YAMLError:
        return text
    if value is None and text.strip() not in ("", "~", "null", "Null", "NULL"):
        return text
    if value is not None and not isinstance(value, dict | list | str | int | float | bool):
        return text  # dates and other tagged scalars stay as written
    return value


def _env_error(var: str, path: KeyPath, part: str, names: Sequence[str]) -> ConfigurationError:
    close = difflib.get_close_matches(normalize_key(part), list(names), n=1, cutoff=0.6)
    return ConfigurationError(
        f"environment variable {var} names an unknown key `{part.lower()}`",
        key_path=dotted((*path, part.lower())),
        layer="environment",
        expected="one of: " + ", ".join(names) if names else "no further keys here",
        hint=f"did you mean {close[0]!r}?" if close else None,
    )


def _lookup(data: Any, path: KeyPath) -> Any:
    for part in path:
        if isinstance(data, Mapping) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _build(steps: Sequence[tuple[str, Any]], value: Any, existing: Any) -> Any:
    """Nested override data for resolved ``steps``: mapping keys, keyed list items, indexes."""
    if not steps:
        return value
    (kind, ref), rest = steps[0], steps[1:]
    if kind == "key":
        return {ref: _build(rest, value, _lookup(existing, (ref,)))}
    if kind == "item":
        field, index = ref
        item = _build(rest, value, _lookup(existing, (index,)))
        ident = existing[index][field]
        return [{field: ident, **item} if isinstance(item, dict) else item]
    items = list(existing)
    items[ref] = _build(rest, value, existing[ref])
    return items


def _local_path(steps: Sequence[tuple[str, Any]]) -> KeyPath:
    path: list[str | int] = []
    for kind, ref in steps:
        path.append(ref if kind == "key" else 0 if kind == "item" else ref)
    return tuple(path)


def env_layers(
    environ: Mapping[str, str], model: type[BaseModel], merged: Mapping[str, Any]
) -> list[Layer]:
    """One ``environment`` layer per ``IACCORE_<SECTION>__<KEY>[__...]`` variable, sorted by name.

    Names match fields and existing keys case-insensitively; an unknown name raises. Values are
    parsed as YAML (``parse_env_value``) unless the key takes only strings.
    """
    check_env_names(environ, SETTINGS_ENV)
    layers: list[Layer] = []
    for var in sorted(environ):
        upper = var.upper()
        if not upper.startswith(ENV_PREFIX) or upper in SETTINGS_ENV:
            continue
        parts = var[len(ENV_PREFIX) :].split("__")
        if len(parts) < 2:
            continue  # IACCORE_<SETTING>: a setting of some tool, not an override
        steps: list[tuple[str, Any]] = []
        path: KeyPath = ()
        for part in parts:
            existing = _lookup(merged, path)
            if isinstance(existing, list):
                field = list_merge_key(existing)
                wanted = normalize_key(part)
                found = None
                if field is not None:
                    found = next(
                        (
                            i
                            for i, it in enumerate(existing)
                            if normalize_key(str(it[field])) == wanted
                        ),
                        None,
                    )
                if found is not None:
                    steps.append(("item", (field, found)))
                    path = (*path, found)
                    continue
                if part.isdigit() and int(part) < len(existing):
                    steps.append(("index", int(part)))
                    path = (*path, int(part))
                    continue
                raise _env_error(var, path, part, [])
            key = match_key(model, path, part, existing) if part else None
            if not isinstance(key, str):
                raise _env_error(var, path, part, field_names(model, path))
            steps.append(("key", key))
            path = (*path, key)
        raw = environ[var]
        # a string-typed key takes the text as is: `IACCORE_DEMO__TAGS__COST_CENTER=0042`
        if expects_string(model, path):
            value: Any = raw
            check_data(raw, key_path=var, layer="environment", source=var)
        else:
            value = parse_env_value(raw, source=var)
        data = _build(steps, value, merged)
        local = _local_path(steps)
        sources = {local[:depth]: var for depth in range(1, len(local) + 1)}
        layers.append(Layer("environment", data, sources=sources))
    return layers
