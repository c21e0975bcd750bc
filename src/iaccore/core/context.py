"""The program context: one stack config, one metadata record, one provider registry per program.

Components read the context instead of reloading config; the synth engine resets it between runs
so that many programs in one process never see each other's state. The context is keyed by the
Pulumi runtime it was built under (project, stack and monitor), so a test that switches mocks gets
a fresh context even without calling ``reset``.

Examples:
    >>> from iaccore.core import context
    >>> context.reset()
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.runtime import settings as _settings

if TYPE_CHECKING:
    from iaccore.core.config import StackConfig
    from iaccore.core.metadata.build import Metadata
    from iaccore.core.providers import ProviderRegistry

__all__ = ["ProgramContext", "current", "reset", "use_stack_config"]


class ProgramContext:
    """Everything a program shares: stack config, metadata, providers.

    Built lazily: creating a context reads nothing; the stack config is loaded on first use.

    Examples:
        >>> ctx = ProgramContext(project="payments", stack="dev", root=Path("."))
        >>> ctx.stack
        'dev'
    """

    def __init__(
        self,
        *,
        project: str,
        stack: str,
        root: Path,
        stack_config: StackConfig | None = None,
    ) -> None:
        self.project = project
        self.stack = stack
        self.root = root
        self._stack_config = stack_config
        self._metadata: Metadata | None = None
        self._providers: ProviderRegistry | None = None
        self._lock = threading.RLock()
        #: Per-program memo for lookups that must run once (availability zones per region).
        self.cache: dict[tuple[str, ...], Any] = {}

    @property
    def stack_config(self) -> StackConfig:
        """The typed, validated stack config (loaded from all layers on first use)."""
        with self._lock:
            if self._stack_config is None:
                from iaccore.core.config import load_stack

                self._stack_config = load_stack(self.root, stack=self.stack)
                _configure_logging(self._stack_config)
            return self._stack_config

    @property
    def metadata(self) -> Metadata:
        """Metadata of this program: versions, project, owner, git commit."""
        with self._lock:
            if self._metadata is None:
                from iaccore.core.metadata.build import build_metadata

                cfg = self.stack_config
                self._metadata = build_metadata(
                    project=cfg.project,
                    compliance=cfg.compliance,
                    stack=self.stack,
                    pulumi_project=self.project,
                    path=self.root,
                )
            return self._metadata

    @property
    def providers(self) -> ProviderRegistry:
        """The provider registry of this program."""
        with self._lock:
            if self._providers is None:
                from iaccore.core.providers import ProviderRegistry

                self._providers = ProviderRegistry.from_stack_config(self.stack_config)
            return self._providers

    def tags_for(self, section: str | None) -> dict[str, str]:
        """Tags every resource of a module gets: metadata, compliance, then ``section``'s tags."""
        from iaccore.core.metadata.build import metadata_tags
        from iaccore.core.metadata.compliance import compliance_tags

        cfg = self.stack_config
        tags = dict(metadata_tags(self.metadata))
        tags.update(compliance_tags(cfg.compliance))
        if section is not None:
            found: Any = getattr(cfg, section, None)
            section_tags = getattr(found, "tags", None)
            if section_tags:
                tags.update(section_tags)
        return tags


def _configure_logging(stack_config: StackConfig) -> None:
    """Under a real Pulumi engine, apply ``iaccore:logging`` (records go to the Pulumi log).

    Under the mock engine (synth, tests) logging is left as the caller set it up, so test
    runners keep capturing records; call ``LogManager.configure`` there to opt in.
    """
    from pulumi.runtime.mocks import MockMonitor

    if isinstance(_settings.get_monitor(), MockMonitor):
        return
    from iaccore.core.logging import LogManager

    LogManager.configure(stack_config.logging)


_LOCK = threading.Lock()
_CURRENT: tuple[tuple[str, str, int], ProgramContext] | None = None
_PRESET: StackConfig | None = None


def _runtime_key() -> tuple[str, str, int]:
    return (pulumi.get_project(), pulumi.get_stack(), id(_settings.get_monitor()))


def _root_directory() -> Path:
    root = _settings.get_root_directory()
    if root and Path(root).is_dir():
        return Path(root)
    return Path.cwd()


def current() -> ProgramContext:
    """Return the context of the running program, creating it on first use."""
    global _CURRENT  # noqa: PLW0603 - one context per running Pulumi program
    key = _runtime_key()
    with _LOCK:
        if _CURRENT is None or _CURRENT[0] != key:
            ctx = ProgramContext(
                project=key[0], stack=key[1], root=_root_directory(), stack_config=_PRESET
            )
            _CURRENT = (key, ctx)
        return _CURRENT[1]


def use_stack_config(stack_config: StackConfig | None) -> None:
    """Make the next contexts use ``stack_config`` instead of loading it (tests, synth).

    Pass ``None`` to go back to loading from the config layers.
    """
    global _PRESET, _CURRENT  # noqa: PLW0603
    with _LOCK:
        _PRESET = stack_config
        _CURRENT = None


def reset() -> None:
    """Forget the current context and any preset stack config."""
    use_stack_config(None)
