"""Real temporary git repositories for the metadata tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import git
import pytest

RepoFactory = Callable[..., git.Repo]


def _commit(repo: git.Repo, name: str, content: str, message: str) -> str:
    path = Path(repo.working_tree_dir or ".") / name
    path.write_text(content)
    repo.index.add([name])
    return str(repo.index.commit(message).hexsha)


@pytest.fixture
def make_repo(tmp_path: Path) -> Iterator[RepoFactory]:
    """Create a real repository in tmp_path, optionally with one commit on ``main``."""
    repos: list[git.Repo] = []

    def make(*, commits: int = 1, folder: str = "repo") -> git.Repo:
        root = tmp_path / folder
        root.mkdir()
        repo = git.Repo.init(root, initial_branch="main")
        with repo.config_writer() as config:
            config.set_value("user", "name", "Test")
            config.set_value("user", "email", "test@example.com")
            config.set_value("commit", "gpgsign", "false")
        for index in range(commits):
            _commit(repo, "README.md", f"version {index}\n", f"commit {index}")
        repos.append(repo)
        return repo

    yield make
    for repo in repos:
        repo.close()


@pytest.fixture
def commit() -> Callable[[git.Repo, str, str, str], str]:
    """Write a file, stage it and commit it; returns the commit sha."""
    return _commit
