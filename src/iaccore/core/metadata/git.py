"""Git facts about the program's source tree, read with GitPython, never failing.

Every field falls back to ``"unknown"`` (``dirty`` to ``False``, ``tags`` to ``()``) when it
cannot be read: the git binary is missing, the folder is not in a repository, the repository has
no commits, and so on. A detached HEAD has ``branch == "unknown"`` (CI checkouts often detach; the
commit is still known). Remote URLs are stripped of credentials before they are kept.

Examples:
    >>> info = read_git_info("/")
    >>> info.commit
    'unknown'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

__all__ = ["UNKNOWN", "GitInfo", "read_git_info", "strip_credentials"]

_T = TypeVar("_T")

#: The value of every field that could not be read.
UNKNOWN = "unknown"

#: Length of ``GitInfo.short_sha``, as ``git rev-parse --short`` prints by default.
SHORT_SHA_LENGTH = 7


@dataclass(frozen=True)
class GitInfo:
    """What the repository says about the program's source: commit, branch, tags, state.

    Examples:
        >>> GitInfo().branch
        'unknown'
        >>> GitInfo(commit="0123456789abcdef", short_sha="0123456").short_sha
        '0123456'
    """

    commit: str = UNKNOWN
    short_sha: str = UNKNOWN
    branch: str = UNKNOWN
    tags: tuple[str, ...] = ()
    dirty: bool = False
    remote_url: str = UNKNOWN

    @property
    def known(self) -> bool:
        """Whether the commit is known."""
        return self.commit != UNKNOWN


def strip_credentials(url: str) -> str:
    """Remove user names and passwords from URL-style remotes; keep the ssh user.

    ``https://user:token@host/x`` becomes ``https://host/x``; ``ssh://git@host/x`` and scp-style
    ``git@host:org/x.git`` are kept (the ssh user is not a secret), but an ssh password is removed.

    Examples:
        >>> strip_credentials("https://bot:ghp_123@github.com/acme/app.git")
        'https://github.com/acme/app.git'
        >>> strip_credentials("git@github.com:acme/app.git")
        'git@github.com:acme/app.git'
    """
    if "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return UNKNOWN
    if "@" not in parts.netloc or host is None:
        return url
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    if parts.scheme.startswith("ssh") and parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def read_git_info(path: str | os.PathLike[str]) -> GitInfo:
    """Read ``GitInfo`` for the repository containing ``path``; never raises.

    Args:
        path: A folder inside the repository (parent folders are searched).

    Returns:
        The facts that could be read; the rest are ``"unknown"``.

    Examples:
        >>> read_git_info("/nonexistent").short_sha
        'unknown'
    """
    try:
        import git
    except ImportError:  # the git binary is missing and GitPython refused to load
        return GitInfo()
    try:
        repo = git.Repo(os.fspath(path), search_parent_directories=True)
    except Exception:  # not a repository, missing folder, unreadable, ...
        return GitInfo()
    with repo:
        if not _git_binary_works(repo):
            return GitInfo()
        commit = _guard(lambda: str(repo.head.commit.hexsha), UNKNOWN)
        return GitInfo(
            commit=commit,
            short_sha=commit[:SHORT_SHA_LENGTH] if commit != UNKNOWN else UNKNOWN,
            branch=_guard(lambda: _branch(repo), UNKNOWN),
            tags=_guard(lambda: _tags_at(repo, commit), ()),
            dirty=_guard(lambda: bool(repo.is_dirty(untracked_files=True)), False),
            remote_url=_guard(lambda: _remote_url(repo), UNKNOWN),
        )


def _guard(read: Callable[[], _T], default: _T) -> _T:
    try:
        return read()
    except Exception:  # each fact falls back on its own
        return default


def _git_binary_works(repo: Any) -> bool:
    try:
        repo.git.version()
    except Exception:  # GitCommandNotFound, PermissionError, ...
        return False
    return True


def _branch(repo: Any) -> str:
    if repo.head.is_detached:
        return UNKNOWN
    return str(repo.active_branch.name)


def _tags_at(repo: Any, commit: str) -> tuple[str, ...]:
    if commit == UNKNOWN:
        return ()
    names = []
    for tag in repo.tags:
        try:
            if tag.commit.hexsha == commit:
                names.append(str(tag.name))
        except Exception:  # noqa: S112 - a tag pointing at a tree or blob
            continue
    return tuple(sorted(names))


def _remote_url(repo: Any) -> str:
    remotes = {remote.name: remote for remote in repo.remotes}
    if not remotes:
        return UNKNOWN
    remote = remotes.get("origin") or remotes[sorted(remotes)[0]]
    urls = list(remote.urls)
    return strip_credentials(str(urls[0])) if urls else UNKNOWN
