"""Near misses of iaccore's own names: stack-file keys, config namespaces, environment variables.

A key that is *almost* iaccore's (``iacore:demo``, ``confg:``, ``IACORE_DEMO__REGION``) would
otherwise be ignored, and the stack would silently run on defaults. Each is refused with a
"did you mean" naming the file and line (or the variable).

Examples:
    >>> edit_distance("iacore", "iaccore"), edit_distance("conifg", "config")
    (1, 1)
    >>> is_near_miss("iacore", "iaccore"), is_near_miss("cloud", "iaccore")
    (True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from iaccore.core.config.positions import KeyPath, Position
from iaccore.core.errors import ConfigurationError

__all__ = [
    "NAMESPACE",
    "STACK_FILE_KEYS",
    "check_env_names",
    "check_namespaces",
    "check_stack_file_keys",
    "edit_distance",
    "is_near_miss",
]

#: The config namespace of iaccore in Pulumi stack files.
NAMESPACE = "iaccore"
#: Top-level keys of a Pulumi stack file (``Pulumi.<stack>.yaml``).
STACK_FILE_KEYS: tuple[str, ...] = (
    "config",
    "encryptedkey",
    "encryptionsalt",
    "environment",
    "secretsprovider",
)
_ENV_HEAD = "IACCORE"


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, transpositions.

    Examples:
        >>> edit_distance("kitten", "sitting"), edit_distance("ab", "ba")
        (3, 1)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def is_near_miss(word: str, target: str) -> bool:
    """``word`` is not ``target`` but differs only in case or by a typo or two.

    Up to one edit for names of up to five characters, two for longer ones.

    Examples:
        >>> is_near_miss("Config", "config"), is_near_miss("config", "config")
        (True, False)
    """
    if word == target:
        return False
    low, goal = word.lower(), target.lower()
    if low == goal:
        return True
    if abs(len(low) - len(goal)) > 2:
        return False
    return edit_distance(low, goal) <= (1 if len(goal) <= 5 else 2)


def _error(
    message: str,
    *,
    key: str,
    file: str | None,
    position: Position | None,
    expected: str,
    hint: str,
) -> ConfigurationError:
    line, column = position if position is not None else (None, None)
    return ConfigurationError(
        message,
        key_path=key,
        layer="stack",
        file=file,
        line=line,
        column=column,
        expected=expected,
        hint=hint,
    )


def check_stack_file_keys(
    top: Mapping[str, object], positions: Mapping[KeyPath, Position], file: str | None
) -> None:
    """Refuse a top-level key of a stack file that is a near miss of a Pulumi one (``confg``).

    Other unknown keys are left to Pulumi.

    Examples:
        >>> check_stack_file_keys({"confg": {}}, {("confg",): (1, 1)}, "Pulumi.dev.yaml")
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ConfigurationError: Pulumi.dev.yaml:1:1: confg: ...'config'?...
    """
    for key in top:
        if not isinstance(key, str) or key in STACK_FILE_KEYS:
            continue
        close = [known for known in STACK_FILE_KEYS if is_near_miss(key, known)]
        if close:
            raise _error(
                f"unknown stack file key `{key}`: its config would be ignored",
                key=key,
                file=file,
                position=positions.get((key,)),
                expected="one of: " + ", ".join(STACK_FILE_KEYS),
                hint=f"did you mean {close[0]!r}?",
            )


def check_namespaces(
    keys: Iterable[str],
    positions: Mapping[KeyPath, Position],
    file: str | None,
    *,
    project: str | None = None,
) -> None:
    """Refuse ``config`` keys whose namespace is a near miss of ``iaccore`` (``iacore:demo``),
    and a bare ``iaccore`` key (``config: {iaccore: {...}}``), which Pulumi reads as a key of
    the project's own namespace.

    ``project`` (the Pulumi project name, the namespace of keys without one) is never a typo.

    Examples:
        >>> check_namespaces(["cloud:region", "iacore:demo"], {}, None)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ConfigurationError: iacore:demo: ...; did you mean 'iaccore:demo'? ...
    """
    for key in keys:
        namespace, sep, rest = key.partition(":")
        where = positions.get(("config", key))
        if not sep:
            if key.lower() == NAMESPACE or is_near_miss(key, NAMESPACE):
                raise _error(
                    f"`{key}` is read by Pulumi as a key of the project's namespace",
                    key=key,
                    file=file,
                    position=where,
                    expected=f"one `{NAMESPACE}:<section>` key per section",
                    hint=f"write `{NAMESPACE}:project`, `{NAMESPACE}:logging` ... at this level",
                )
            continue
        if namespace in (NAMESPACE, project):
            continue
        if is_near_miss(namespace, NAMESPACE):
            raise _error(
                f"unknown config namespace `{namespace}`: `{key}` would be ignored",
                key=key,
                file=file,
                position=where,
                expected=f"`{NAMESPACE}:<section>`",
                hint=f"did you mean '{NAMESPACE}:{rest}'?",
            )


def check_env_names(names: Iterable[str], settings: Iterable[str]) -> None:
    """Refuse environment variables that are near misses of iaccore's.

    ``IACORE_DEMO__REGION`` (a near miss of the ``IACCORE_`` prefix on an override) and
    ``IACCORE_LOG_LEVL`` (a near miss of a setting in ``settings``) raise; unrelated variables
    are ignored.

    Examples:
        >>> check_env_names(["HOME", "IACCORE_LOG_LEVEL"], ["IACCORE_LOG_LEVEL"])
        >>> check_env_names(["IACCORE_LOG_LEVL"], ["IACCORE_LOG_LEVEL"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        iaccore.core.errors.ConfigurationError: IACCORE_LOG_LEVL: ...'IACCORE_LOG_LEVEL'?...
    """
    known = sorted(settings)
    for name in names:
        upper = name.upper()
        head = upper.split("_", 1)[0]
        if "__" in upper and head != _ENV_HEAD and is_near_miss(head, _ENV_HEAD):
            fixed = _ENV_HEAD + upper[len(head) :]
            raise ConfigurationError(
                f"environment variable {name} looks like an iaccore override but is ignored",
                key_path=name,
                layer="environment",
                expected=f"the prefix {_ENV_HEAD}_",
                hint=f"did you mean {fixed!r}?",
            )
        if not upper.startswith(f"{_ENV_HEAD}_") or "__" in upper or upper in known:
            continue
        close = [setting for setting in known if is_near_miss(upper, setting)]
        if close:
            raise ConfigurationError(
                f"unknown iaccore environment variable {name}",
                key_path=name,
                layer="environment",
                expected="one of: " + ", ".join(known),
                hint=f"did you mean {close[0]!r}?",
            )
