"""Tests of iaccore.core.metadata.git against real temporary repositories."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import git
import pytest

from iaccore.core.metadata.git import UNKNOWN, GitInfo, read_git_info, strip_credentials

RepoFactory = Callable[..., git.Repo]


def _root(repo: git.Repo) -> Path:
    return Path(repo.working_tree_dir or ".")


class TestFallbacks:
    def test_folder_that_is_not_a_repository(self, tmp_path: Path) -> None:
        """A plain folder gives every field its fallback."""
        assert read_git_info(tmp_path) == GitInfo()

    def test_missing_folder(self, tmp_path: Path) -> None:
        """A folder that does not exist gives every field its fallback."""
        assert read_git_info(tmp_path / "nope") == GitInfo()

    def test_repository_without_commits(self, make_repo: RepoFactory) -> None:
        """An empty repository knows its branch but has no commit or tags."""
        repo = make_repo(commits=0)
        info = read_git_info(_root(repo))
        assert info.commit == UNKNOWN
        assert info.short_sha == UNKNOWN
        assert info.branch == "main"
        assert info.tags == ()
        assert info.known is False

    def test_git_binary_missing(
        self, make_repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without a git executable every field falls back and nothing raises."""
        repo = make_repo()
        empty = tmp_path / "empty-bin"
        empty.mkdir()
        missing = str(tmp_path / "no-such-git")
        monkeypatch.setenv("PATH", str(empty))
        monkeypatch.setenv("GIT_PYTHON_GIT_EXECUTABLE", missing)
        monkeypatch.setattr(git.Git, "GIT_PYTHON_GIT_EXECUTABLE", missing)
        assert read_git_info(_root(repo)) == GitInfo()

    def test_gitpython_cannot_be_imported(
        self, make_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When GitPython refuses to load (no git at import time) the fallback is returned."""
        repo = make_repo()
        monkeypatch.setitem(sys.modules, "git", None)
        assert read_git_info(_root(repo)) == GitInfo()


class TestCommits:
    def test_commit_on_a_branch(self, make_repo: RepoFactory) -> None:
        """A clean checkout of a branch reports commit, 7-char short sha and branch."""
        repo = make_repo()
        info = read_git_info(_root(repo))
        assert info.commit == repo.head.commit.hexsha
        assert info.short_sha == repo.head.commit.hexsha[:7]
        assert info.branch == "main"
        assert info.dirty is False
        assert info.remote_url == UNKNOWN

    def test_subfolder_finds_the_repository(self, make_repo: RepoFactory) -> None:
        """A program folder below the repository root is found by searching parents."""
        repo = make_repo()
        sub = _root(repo) / "infra" / "stack"
        sub.mkdir(parents=True)
        assert read_git_info(sub).commit == repo.head.commit.hexsha

    def test_other_branch(
        self, make_repo: RepoFactory, commit: Callable[[git.Repo, str, str, str], str]
    ) -> None:
        """The checked-out branch is reported."""
        repo = make_repo()
        repo.git.checkout("-b", "feature/tags")
        sha = commit(repo, "a.txt", "a", "feature")
        info = read_git_info(_root(repo))
        assert (info.branch, info.commit) == ("feature/tags", sha)

    def test_detached_head(self, make_repo: RepoFactory) -> None:
        """A detached HEAD keeps the commit and reports the branch as unknown."""
        repo = make_repo(commits=2)
        first = repo.head.commit.parents[0].hexsha
        repo.git.checkout(first)
        info = read_git_info(_root(repo))
        assert info.commit == first
        assert info.branch == UNKNOWN


class TestTags:
    def test_tags_on_head_sorted(self, make_repo: RepoFactory) -> None:
        """Lightweight and annotated tags on HEAD are listed, sorted."""
        repo = make_repo()
        repo.create_tag("v1.0.0")
        repo.create_tag("release", message="annotated")
        assert read_git_info(_root(repo)).tags == ("release", "v1.0.0")

    def test_tags_elsewhere_are_ignored(
        self, make_repo: RepoFactory, commit: Callable[[git.Repo, str, str, str], str]
    ) -> None:
        """A tag on an older commit is not reported."""
        repo = make_repo()
        repo.create_tag("v0.1.0")
        commit(repo, "b.txt", "b", "later")
        assert read_git_info(_root(repo)).tags == ()


class TestDirty:
    def test_modified_tracked_file(self, make_repo: RepoFactory) -> None:
        """A modified tracked file makes the tree dirty."""
        repo = make_repo()
        (_root(repo) / "README.md").write_text("changed\n")
        assert read_git_info(_root(repo)).dirty is True

    def test_untracked_file(self, make_repo: RepoFactory) -> None:
        """An untracked file makes the tree dirty."""
        repo = make_repo()
        (_root(repo) / "new.txt").write_text("new\n")
        assert read_git_info(_root(repo)).dirty is True

    def test_clean_tree(self, make_repo: RepoFactory) -> None:
        """A freshly committed tree is clean."""
        assert read_git_info(_root(make_repo())).dirty is False


class TestRemote:
    def test_https_credentials_are_stripped(self, make_repo: RepoFactory) -> None:
        """User and token in an https remote never reach the metadata."""
        repo = make_repo()
        repo.create_remote("origin", "https://bot:ghp_SECRET@github.com/acme/app.git")
        info = read_git_info(_root(repo))
        assert info.remote_url == "https://github.com/acme/app.git"
        assert "SECRET" not in repr(info)

    def test_origin_is_preferred(self, make_repo: RepoFactory) -> None:
        """With several remotes, origin is reported."""
        repo = make_repo()
        repo.create_remote("backup", "https://example.com/backup.git")
        repo.create_remote("origin", "git@github.com:acme/app.git")
        assert read_git_info(_root(repo)).remote_url == "git@github.com:acme/app.git"

    def test_first_remote_by_name_without_origin(self, make_repo: RepoFactory) -> None:
        """Without origin, the alphabetically first remote is reported."""
        repo = make_repo()
        repo.create_remote("zeta", "https://example.com/z.git")
        repo.create_remote("alpha", "https://example.com/a.git")
        assert read_git_info(_root(repo)).remote_url == "https://example.com/a.git"


class TestStripCredentials:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://user:token@host/x", "https://host/x"),
            ("https://token@host:8443/x.git", "https://host:8443/x.git"),
            ("http://u:p@[::1]:8080/x", "http://[::1]:8080/x"),
            ("https://host/x", "https://host/x"),
            ("ssh://git@host/x.git", "ssh://git@host/x.git"),
            ("ssh://git:pw@host:2222/x.git", "ssh://git@host:2222/x.git"),
            ("git@github.com:acme/app.git", "git@github.com:acme/app.git"),
            ("/srv/git/app.git", "/srv/git/app.git"),
            ("file:///srv/git/app.git", "file:///srv/git/app.git"),
        ],
    )
    def test_forms(self, url: str, expected: str) -> None:
        """Credentials are removed from URL remotes; ssh users and paths are kept."""
        assert strip_credentials(url) == expected

    def test_unparsable_url_is_unknown(self) -> None:
        """A URL with an invalid port is reported as unknown rather than kept."""
        assert strip_credentials("https://u:p@host:notaport/x") == UNKNOWN
