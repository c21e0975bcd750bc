"""The ``iaccore`` command line, run in-process through ``main([...])``."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iaccore._version import __version__
from iaccore.cli import main

PROGRAMS = Path(__file__).resolve().parents[1] / "fixtures" / "programs"
SAMPLE = str(PROGRAMS / "aws_k8s_sample")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_synth_prints_a_tree_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "synth", SAMPLE, "--stack", "dev")
    assert code == 0
    assert out.splitlines()[0] == "aws-k8s-sample-dev (pulumi:pulumi:Stack)"
    assert "main (aws:ec2/vpc:Vpc) id=vpc-" in out
    assert err == ""  # no spinner when stderr is not a terminal


def test_synth_writes_json_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.json"
    code, out, err = run(capsys, "synth", SAMPLE, "--stack", "dev", "-f", "json", "-o", str(target))
    assert code == 0
    assert out == ""
    assert err == f"wrote {target}\n"
    data = json.loads(target.read_text())
    types = {r["type"] for r in data["resources"]}
    assert {"aws:ec2/vpc:Vpc", "kubernetes:apps/v1:Deployment"} <= types


@pytest.mark.parametrize("fmt", ["tree", "json", "yaml", "md"])
def test_synth_output_is_byte_identical_across_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    assert run(capsys, "synth", SAMPLE, "--format", fmt, "--output", str(first))[0] == 0
    assert run(capsys, "synth", SAMPLE, "--format", fmt, "--output", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 100


def test_synth_yaml_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "synth", SAMPLE, "--format", "yaml")
    assert code == 0
    kinds = sorted(doc["kind"] for doc in YAML(typ="safe").load_all(out))
    assert kinds == ["ConfigMap", "Deployment", "Namespace", "Secret", "Service"]


def test_synth_verbose_reports_timing(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "synth", SAMPLE, "--verbose", "--format", "md")
    assert code == 0
    assert "synthesized 22 resources of aws-k8s-sample/dev in " in err


@pytest.mark.parametrize(
    ("program", "line", "error"),
    [
        ("broken_name_error", 7, "NameError: name 'vcp' is not defined"),
        ("broken_sdk_arg", 6, "unexpected keyword argument 'cidr_blok'"),
    ],
)
def test_broken_programs_exit_1_naming_the_line(
    capsys: pytest.CaptureFixture[str], program: str, line: int, error: str
) -> None:
    code, out, err = run(capsys, "synth", str(PROGRAMS / program), "--stack", "dev")
    assert code == 1
    assert out == ""
    first_lines = err.splitlines()[:2]
    assert first_lines[0].startswith(f"__main__.py:{line}: ")
    assert error in first_lines[0]
    assert first_lines[1].strip().startswith("aws.ec2.Subnet(")
    assert "Traceback" not in err


def test_broken_program_verbose_shows_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "synth", str(PROGRAMS / "broken_name_error"), "-v")
    assert code == 1
    assert "Traceback (most recent call last)" in err
    assert err.rstrip().splitlines()[-2].startswith("__main__.py:7: NameError")


def test_unknown_stack_is_a_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "synth", SAMPLE, "--stack", "prod")
    assert code == 1
    assert "no stack file Pulumi.prod.yaml" in err
    assert "expected one of dev" in err


def test_missing_program_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "synth", str(tmp_path))
    assert code == 1
    assert "no Pulumi.yaml" in err


def _project(tmp_path: Path, stack_yaml: str) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: payments\nruntime: python\n")
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text(stack_yaml)
    return stack_file


def test_validate_ok(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    stack_file = _project(tmp_path, "config:\n  iaccore:project:\n    owner: team-payments\n")
    code, out, err = run(capsys, "validate", str(stack_file))
    assert (code, err) == (0, "")
    assert out.startswith(f"ok: {stack_file} (")
    assert out.rstrip().endswith("sections)")


def test_validate_unknown_key_names_key_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stack_file = _project(
        tmp_path, "config:\n  iaccore:project:\n    owner: team-payments\n    ownr: typo\n"
    )
    code, out, err = run(capsys, "validate", str(stack_file))
    assert (code, out) == (1, "")
    assert f"{stack_file}:4:" in err
    assert "project.ownr" in err
    assert "Traceback" not in err


def test_validate_wrong_type_names_key_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stack_file = _project(
        tmp_path,
        "config:\n  iaccore:project:\n    owner: team-payments\n"
        "  iaccore:compliance:\n    frameworks: 5\n",
    )
    code, _, err = run(capsys, "validate", str(stack_file))
    assert code == 1
    assert f"{stack_file}:5:" in err
    assert "compliance.frameworks" in err


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "Pulumi.dev.yaml"))
    assert code == 1
    assert "not found" in err


def test_schema_is_valid_sorted_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert "config" in schema["properties"]
    assert out == json.dumps(schema, indent=2, sort_keys=True) + "\n"
    target = tmp_path / "schema.json"
    assert run(capsys, "schema", "--output", str(target))[0] == 0
    assert target.read_text() == out


def test_version_lists_sdks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "version")
    assert code == 0
    rows = dict(line.split(maxsplit=1) for line in out.splitlines())
    assert rows["iaccore"] == __version__
    assert rows["pulumi"] == metadata.version("pulumi")
    assert rows["pulumi-aws"] == metadata.version("pulumi-aws")
    assert set(rows) == {
        "iaccore",
        "pulumi",
        "pulumi-aws",
        "pulumi-azure-native",
        "pulumi-kubernetes",
        "pulumi-policy",
    }


def test_version_reports_missing_sdk(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = metadata.version

    def fake(name: str) -> str:
        if name == "pulumi-azure-native":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", fake)
    out = run(capsys, "version")[1]
    assert "pulumi-azure-native not installed" in " ".join(out.split())


def test_snapshot_update_then_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "urns.json"
    code, out, _ = run(capsys, "snapshot", SAMPLE, "--stack", "dev", "--update", str(path))
    assert code == 0
    assert out == f"wrote {path} (22 URNs)\n"
    code, out, _ = run(capsys, "snapshot", SAMPLE, "--stack", "dev", "--check", str(path))
    assert (code, out) == (0, f"ok: {path}\n")


def test_snapshot_check_fails_on_disappeared_urn(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "urns.txt"
    gone = "urn:pulumi:dev::aws-k8s-sample::aws:s3/bucket:Bucket::old-artifacts"
    assert run(capsys, "snapshot", SAMPLE, "--update", str(path))[0] == 0
    path.write_text(path.read_text() + f"{gone} aws:s3/bucket:Bucket\n")
    code, out, err = run(capsys, "snapshot", SAMPLE, "--check", str(path))
    assert (code, out) == (1, "")
    assert "1 removed (would be replaced)" in err
    assert f"- {gone}" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["bogus"],
        ["synth"],
        ["synth", SAMPLE, "--format", "html"],
        ["snapshot", SAMPLE],
        ["snapshot", SAMPLE, "--update", "a", "--check", "b"],
        ["validate"],
    ],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: iaccore" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["synth", "snapshot", "validate", "schema", "version"])
def test_help_has_an_example(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out
    assert f"iaccore {command}" in out


def test_timeout_must_be_a_number_of_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    """A negative or non-numeric --timeout is bad usage (exit code 2)."""
    for value in ("-1", "soon", "inf"):
        with pytest.raises(SystemExit) as info:
            main(["synth", SAMPLE, "--timeout", value])
        assert info.value.code == 2
    assert "expected a number of seconds >= 0" in capsys.readouterr().err


def test_timeout_exit_code_is_documented() -> None:
    """The module documentation names the exit code a timeout gives."""
    import iaccore.cli
    from iaccore.synth.deadline import TIMEOUT_EXIT_CODE

    assert f"{TIMEOUT_EXIT_CODE} the program did not finish" in (iaccore.cli.__doc__ or "")
