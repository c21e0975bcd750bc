"""The hostile-input corpus: what an attacker or a careless user feeds ``iaccore``.

Each :class:`Case` is a small Pulumi project (files written into a fresh folder), the environment
to run with, the command (``validate`` or ``synth``), the exit code it must end with and what
stderr must say. Files are generated here rather than committed: a 63 MB file or a thousand-deep
nesting is one line of code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: Every secret in this corpus; it must never appear in any output.
CANARY = "CANARY-h0st1le-5ecret"

PULUMI_YAML = "name: hostile\nruntime: python\n"
PROGRAM = "import iaccore\n\niaccore.load_stack()\n"
VALID_STACK = "config:\n  iaccore:project: {owner: team-hostile}\n"

Content = str | bytes | Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One hostile input and the outcome ``iaccore`` must give it.

    ``files`` are written over the default project (``Pulumi.yaml``, ``__main__.py``,
    ``Pulumi.dev.yaml``); a callable content creates the file itself (sparse files, FIFOs).
    ``{root}`` in environment values is replaced by the project folder.
    """

    name: str
    command: Literal["validate", "synth"]
    code: int
    says: tuple[str, ...] = ()
    files: Mapping[str, Content] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    stdout: Literal["empty", "json", "any"] = "empty"
    max_lines: int | None = None


def laughs(indent: str = "    ", levels: int = 9, fan: int = 10) -> str:
    """A "billion laughs": ``levels`` anchors, each a list of ``fan`` aliases of the one before."""
    first = ", ".join(["lol"] * fan)
    lines = [f"{indent}l0: &l0 [{first}]"]
    for level in range(1, levels):
        items = ", ".join([f"*l{level - 1}"] * fan)
        lines.append(f"{indent}l{level}: &l{level} [{items}]")
    return "\n".join(lines) + "\n"


def flow_laughs(levels: int = 9, fan: int = 10) -> str:
    """The same bomb as one flow mapping (for an environment variable)."""
    parts = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
    for level in range(1, levels):
        parts.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * fan) + "]")
    return "{" + ", ".join(parts) + "}"


def nested(depth: int, leaf: str = "x") -> str:
    """``depth`` levels of flow lists around ``leaf``."""
    return "[" * depth + leaf + "]" * depth


def sparse(size: int) -> Callable[[Path], None]:
    """Create a sparse file of ``size`` bytes (instant, takes no disk)."""

    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def stack(body: str) -> dict[str, Content]:
    """A stack file with ``body`` under ``config:`` (indented by the caller)."""
    return {"Pulumi.dev.yaml": "config:\n" + body}


def both(name: str, code: int, says: tuple[str, ...] = (), **kwargs: object) -> list[Case]:
    """The same input through ``validate`` and ``synth``: both must refuse it the same way."""
    return [
        Case(f"{name}-validate", "validate", code, says, **kwargs),  # type: ignore[arg-type]
        Case(f"{name}-synth", "synth", code, says, **kwargs),  # type: ignore[arg-type]
    ]


TOO_MANY = "YAML expands to more than 10000 values (aliases included)"
TOO_DEEP = "nested deeper than 64 levels"
BAD_TAG = "unsupported YAML tag"

# --- item 1: the YAML loading policy, every layer -----------------------------------------
YAML_POLICY: list[Case] = [
    *both(
        "billion-laughs-stack",
        1,
        ("Pulumi.dev.yaml:6:", TOO_MANY),
        files=stack("  iaccore:project:\n" + laughs()),
    ),
    *both(
        "billion-laughs-org-file",
        1,
        ("org.yaml:5:", TOO_MANY),
        files={"org.yaml": "project:\n" + laughs("  ")},
        env={"IACCORE_ORG_CONFIG": "{root}/org.yaml"},
    ),
    *both(
        "billion-laughs-project-file",
        1,
        ("iaccore.yaml:5:", TOO_MANY),
        files={"iaccore.yaml": "project:\n" + laughs("  ")},
    ),
    *both(
        "billion-laughs-env-value",
        1,
        ("IACCORE_AWS__TAGS", TOO_MANY, "[layer: environment]"),
        env={"IACCORE_AWS__TAGS": flow_laughs()},
    ),
    *both(
        "billion-laughs-merge-keys",
        1,
        (TOO_MANY,),
        files=stack(
            "  iaccore:project:\n    a: &a {x: 1, y: 2, z: 3}\n"
            + "".join(
                f"    m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}' if i else '*a'] * 9)}]}}\n"
                for i in range(9)
            )
        ),
    ),
    *both(
        "billion-laughs-pulumi-yaml",
        1,
        ("Pulumi.yaml:", TOO_MANY),
        files={"Pulumi.yaml": PULUMI_YAML + "extra:\n" + laughs("  ")},
    ),
    *both(
        "nesting-300-levels",
        1,
        ("Pulumi.dev.yaml:3:", TOO_DEEP),
        files=stack("  iaccore:project:\n    tags: " + nested(300) + "\n"),
    ),
    *both(
        "nesting-300-block-levels",
        1,
        ("Pulumi.dev.yaml:", TOO_DEEP),
        files=stack("".join("  " * (i + 1) + f"k{i}:\n" for i in range(300)) + "  " * 301 + "x"),
    ),
    *both(
        "nesting-in-env-value",
        1,
        ("IACCORE_AWS__TAGS", TOO_DEEP),
        env={"IACCORE_AWS__TAGS": nested(300)},
    ),
    *both(
        "deep-alias-expansion",
        1,
        (TOO_DEEP,),
        files=stack(
            "  iaccore:project:\n    d: &d " + nested(40) + "\n    e: [[[[" + "[*d]" * 1 + "]]]]\n"
            "    f: " + nested(30, "*d") + "\n"
        ),
    ),
    *both(
        "recursive-alias",
        1,
        ("recursive YAML alias",),
        files=stack("  iaccore:project:\n    tags: &t [a, *t]\n"),
    ),
    *both(
        "non-utf8-bytes",
        1,
        ("Pulumi.dev.yaml:3:12:", "not valid UTF-8 (byte 0xff"),
        files={"Pulumi.dev.yaml": b"config:\n  iaccore:project:\n    owner: \xff\xfe\n"},
    ),
    *both(
        "latin1-org-file",
        1,
        ("org.yaml:1:", "not valid UTF-8"),
        files={"org.yaml": "project: {owner: M\u00fcller}\n".encode("latin-1")},
        env={"IACCORE_ORG_CONFIG": "{root}/org.yaml"},
    ),
    *both(
        "file-of-63-mb",
        1,
        ("Pulumi.dev.yaml", "config file of 63.0 MiB is too large", "at most 256 KiB"),
        files={"Pulumi.dev.yaml": sparse(63 * 1024 * 1024)},
    ),
    *both(
        "org-file-is-dev-zero",
        1,
        ("/dev/zero", "not a regular file"),
        env={"IACCORE_ORG_CONFIG": "/dev/zero"},
    ),
    *both(
        "org-file-is-a-fifo",
        1,
        ("org.fifo", "not a regular file"),
        files={"org.fifo": os.mkfifo},
        env={"IACCORE_ORG_CONFIG": "{root}/org.fifo"},
    ),
    *both(
        "org-file-missing",
        1,
        ("missing.yaml", "cannot read config file: No such file or directory"),
        env={"IACCORE_ORG_CONFIG": "{root}/missing.yaml"},
    ),
    *both(
        "byte-order-mark-is-fine",
        0,
        files={"Pulumi.dev.yaml": "\ufeff" + VALID_STACK},
        stdout="any",
    ),
    *both(
        "project-file-is-a-directory",
        1,
        ("not a regular file",),
        env={"IACCORE_PROJECT_CONFIG": "{root}"},
    ),
    *both(
        "scalar-of-100k-characters",
        1,
        ("Pulumi.dev.yaml:3:12:", "YAML value of 100000 characters is too long"),
        files=stack("  iaccore:project:\n    owner: " + "x" * 100_000 + "\n"),
    ),
    *both(
        "key-of-100k-characters",
        1,
        ("YAML value of 100000 characters is too long",),
        files=stack("  iaccore:project:\n    ? " + "k" * 100_000 + "\n    : v\n"),
    ),
    *both(
        "value-of-70k-in-env",
        1,
        ("IACCORE_PROJECT__OWNER", "70000 characters is too long"),
        env={"IACCORE_PROJECT__OWNER": "o" * 70_000},
    ),
    *both(
        "twelve-thousand-values",
        1,
        ("YAML expands to more than 10000 values",),
        files=stack("  iaccore:project:\n    tags: [" + ", ".join(["v"] * 12_000) + "]\n"),
    ),
    *both(
        "unknown-tag",
        1,
        ("Pulumi.dev.yaml:3:12:", BAD_TAG),
        files=stack("  iaccore:project:\n    owner: !vault secret/owner\n"),
    ),
    *both(
        "python-object-tag",
        1,
        ("Pulumi.dev.yaml:3:12:", BAD_TAG),
        files=stack(
            "  iaccore:project:\n    owner: !!python/object/apply:os.system ['touch /tmp/pwn']\n"
        ),
    ),
    *both(
        "tagged-mapping",
        1,
        (BAD_TAG,),
        files=stack("  iaccore:project: !!omap {owner: me}\n"),
    ),
    *both(
        "binary-tag",
        1,
        (BAD_TAG,),
        files=stack("  iaccore:project:\n    owner: !!binary aGVsbG8=\n"),
    ),
    *both(
        "nul-byte",
        1,
        ("Pulumi.dev.yaml", "malformed YAML"),
        files=stack("  iaccore:project:\n    owner: a\x00b\n"),
    ),
    *both(
        "two-documents",
        1,
        ("Pulumi.dev.yaml", "malformed YAML"),
        files={"Pulumi.dev.yaml": VALID_STACK + "---\n" + VALID_STACK},
    ),
    *both(
        "duplicate-key-never-shows-values",
        1,
        ("Pulumi.dev.yaml:4:", "duplicate key 'owner'"),
        files=stack(f"  iaccore:project:\n    owner: {CANARY}-1\n    owner: {CANARY}-2\n"),
    ),
    *both(
        "random-binary-stack-file",
        1,
        ("Pulumi.dev.yaml",),
        files={"Pulumi.dev.yaml": bytes(range(256)) * 4},
    ),
]

# --- item 2: near misses of iaccore's names, null sections ----------------------------------
NAMES: list[Case] = [
    *both(
        "namespace-typo",
        1,
        (
            "Pulumi.dev.yaml:2:3:",
            "unknown config namespace `iacore`",
            "did you mean 'iaccore:project'?",
        ),
        files=stack("  iacore:project: {owner: me}\n"),
    ),
    *both(
        "namespace-case",
        1,
        ("Pulumi.dev.yaml:2:3:", "did you mean 'iaccore:project'?"),
        files=stack("  IACCORE:project: {owner: me}\n"),
    ),
    *both(
        "namespace-transposed",
        1,
        ("did you mean 'iaccore:project'?",),
        files=stack("  iaccroe:project: {owner: me}\n"),
    ),
    *both(
        "stack-file-key-typo",
        1,
        ("Pulumi.dev.yaml:1:1:", "unknown stack file key `confg`", "did you mean 'config'?"),
        files={"Pulumi.dev.yaml": "confg:\n  iaccore:project: {owner: me}\n"},
    ),
    *both(
        "bare-namespace-key",
        1,
        ("Pulumi.dev.yaml:2:3:", "read by Pulumi as a key of the project's namespace"),
        files=stack("  iaccore:\n    project: {owner: me}\n"),
    ),
    *both(
        "section-typo",
        1,
        ("Pulumi.dev.yaml:2:3:", "did you mean 'project'?"),
        files=stack("  iaccore:projct: {owner: me}\n"),
    ),
    *both(
        "namespaced-key-in-project-file",
        1,
        ("iaccore.yaml:1:1:", "write `project:`"),
        files={"iaccore.yaml": "iaccore:project: {owner: me}\n"},
    ),
    *both(
        "env-prefix-typo",
        1,
        ("IACORE_PROJECT__OWNER", "did you mean 'IACCORE_PROJECT__OWNER'?"),
        env={"IACORE_PROJECT__OWNER": "me"},
    ),
    *both(
        "env-setting-typo",
        1,
        ("IACCORE_LOG_LEVL", "did you mean 'IACCORE_LOG_LEVEL'?"),
        env={"IACCORE_LOG_LEVL": "debug"},
    ),
    *both(
        "null-section-in-file",
        1,
        ("Pulumi.dev.yaml:2:3:", "`aws` is null (an empty section)"),
        files=stack("  iaccore:aws:\n"),
    ),
    *both(
        "null-subsection-in-file",
        1,
        ("Pulumi.dev.yaml:4:5:", "`aws.vpc` is null", "leave the key out"),
        files=stack("  iaccore:aws:\n    region: eu-west-1\n    vpc:\n"),
    ),
    *both(
        "null-subsection-from-env",
        1,
        ("`aws.vpc` is null", "set by environment variable IACCORE_AWS__VPC"),
        env={"IACCORE_AWS__VPC": "null"},
    ),
    *both(
        "null-section-in-project-file",
        1,
        ("iaccore.yaml:1:1:", "`logging` is null"),
        files={"iaccore.yaml": "logging:\n"},
    ),
    *both(
        "null-section-top-level",
        1,
        ("Pulumi.dev.yaml:2:3:", "`compliance` is null"),
        files=stack("  iaccore:compliance: null\n"),
    ),
]


def program(code: str) -> dict[str, Content]:
    """A project whose ``__main__.py`` is ``code``."""
    return {"__main__.py": code}


BUCKETS = "import pulumi\nimport pulumi_aws as aws\n\n"
APPLY_ON_SECRET = f"""{BUCKETS}secret = pulumi.Output.secret("{CANARY}")


def check(value):
    raise ValueError(f"refusing {{value}}")


checked = secret.apply(check)
for i in range(100):
    aws.s3.Bucket(f"b{{i}}", tags={{"checked": checked}})
"""

# --- item 5: the engine: duplicate URNs, a time limit, stdout, sys.exit ----------------------
ENGINE: list[Case] = [
    Case(
        "duplicate-resource-name",
        "synth",
        1,
        (
            "Duplicate resource URN 'urn:pulumi:dev::hostile::aws:s3/bucket:Bucket::same'; "
            "try giving it a unique name",
        ),
        files=program(BUCKETS + 'aws.s3.Bucket("same")\naws.s3.Bucket("same")\n'),
        max_lines=1,
    ),
    Case(
        "duplicate-child-urn",
        "synth",
        1,
        ("Duplicate resource URN", "demo:index:Box$aws:s3/bucket:Bucket::box-logs"),
        files=program(
            BUCKETS + "class Box(pulumi.ComponentResource):\n"
            "    def __init__(self, name):\n"
            '        super().__init__("demo:index:Box", name)\n'
            '        aws.s3.Bucket(f"{name}-logs", opts=pulumi.ResourceOptions(parent=self))\n'
            '        aws.s3.Bucket(f"{name}-logs", opts=pulumi.ResourceOptions(parent=self))\n'
            'Box("box")\n'
        ),
    ),
    Case(
        "duplicate-read-and-register",
        "synth",
        1,
        ("Duplicate resource URN",),
        files=program(BUCKETS + 'aws.s3.Bucket("same")\naws.s3.Bucket.get("same", "bucket-id")\n'),
    ),
    Case(
        "same-name-other-type-is-fine",
        "synth",
        0,
        files=program(BUCKETS + 'aws.s3.Bucket("same")\naws.sqs.Queue("same")\n'),
        stdout="any",
    ),
    Case(
        "loops-forever",
        "synth",
        124,
        ("did not finish within 0.5 s",),
        files=program("while True:\n    pass\n"),
        args=("--timeout", "0.5"),
        max_lines=1,
    ),
    Case(
        "sleeps-forever",
        "synth",
        124,
        ("did not finish within 0.5 s",),
        files=program("import time\n\ntime.sleep(10_000)\n"),
        args=("--timeout", "0.5"),
    ),
    Case(
        "loops-forever-swallowing-exceptions",
        "synth",
        124,
        ("did not finish within 0.5 s",),
        files=program("while True:\n    try:\n        pass\n    except Exception:\n        pass\n"),
        args=("--timeout", "0.5"),
    ),
    Case(
        "loops-forever-in-apply",
        "synth",
        124,
        ("did not finish within 0.5 s", "IACCORE_SYNTH_TIMEOUT"),
        files=program(
            "import pulumi\n\n\ndef spin(value):\n    while True:\n        pass\n\n\n"
            'pulumi.export("x", pulumi.Output.from_input(1).apply(spin))\n'
        ),
        env={"IACCORE_SYNTH_TIMEOUT": "0.5"},
    ),
    Case(
        "awaits-forever",
        "synth",
        124,
        ("did not finish within 0.5 s",),
        files=program(
            "import asyncio\nimport pulumi\n\n"
            'pulumi.export("x", pulumi.Output.from_input(asyncio.sleep(10_000)))\n'
        ),
        args=("--timeout", "0.5"),
    ),
    Case(
        "bad-timeout-variable",
        "synth",
        1,
        ("IACCORE_SYNTH_TIMEOUT", "invalid synth time limit"),
        env={"IACCORE_SYNTH_TIMEOUT": "soon"},
    ),
    Case(
        "print-keeps-json-clean",
        "synth",
        0,
        ("hello from the program",),
        files=program(BUCKETS + 'print("hello from the program")\naws.s3.Bucket("b")\n'),
        args=("--format", "json"),
        stdout="json",
    ),
    Case(
        "sys-exit-0-is-success",
        "synth",
        0,
        files=program(
            BUCKETS + 'aws.s3.Bucket("b")\npulumi.export("x", 1)\nimport sys\nsys.exit(0)\n'
        ),
        args=("--format", "json"),
        stdout="json",
    ),
    Case(
        "sys-exit-none-is-success",
        "synth",
        0,
        files=program("import sys\n\nsys.exit()\n"),
        stdout="any",
    ),
    Case(
        "sys-exit-3-fails",
        "synth",
        1,
        ("__main__.py:3: the program called sys.exit(3)",),
        files=program("import sys\n\nsys.exit(3)\n"),
    ),
    Case(
        "program-not-utf8",
        "synth",
        1,
        ("__main__.py", "SyntaxError"),
        files={"__main__.py": b"x = '\xff\xfe'\n"},
        max_lines=3,
    ),
    Case(
        "three-thousand-line-error",
        "synth",
        1,
        ("__main__.py:1: RuntimeError: line 0", "more lines]"),
        files=program('raise RuntimeError("\\n".join(f"line {i}" for i in range(3000)))\n'),
        max_lines=24,
    ),
    Case(
        "recursion-in-program",
        "synth",
        1,
        ("RecursionError",),
        files=program("def f(n):\n    return f(n + 1)\n\n\nf(0)\n"),
        max_lines=4,
    ),
    Case(
        "apply-raises-on-secret",
        "synth",
        1,
        ("__main__.py:8: ValueError: refusing [secret]", "While processing resource"),
        files=program(APPLY_ON_SECRET),
        max_lines=4,
    ),
    Case(
        "secret-printed-by-program",
        "synth",
        0,
        ("the secret is [secret]",),
        files=program(
            "import pulumi\n\n"
            f'pulumi.Output.secret("{CANARY}").apply(lambda v: print("the secret is", v))\n'
        ),
        stdout="any",
    ),
    Case(
        "secret-in-program-error",
        "synth",
        1,
        ("__main__.py:6: RuntimeError: cannot use [secret]",),
        files=program(
            "import pulumi\n\n\ndef fail(value):\n\n"
            '    raise RuntimeError(f"cannot use {value}")\n\n\n'
            f'pulumi.Output.secret("{CANARY}").apply(fail)\n'
        ),
        max_lines=4,
    ),
]


def aws(body: str) -> dict[str, Content]:
    """A stack with an ``iaccore:aws`` section in eu-west-1; ``body`` indented by 4."""
    return stack(
        "  iaccore:project: {owner: team-hostile}\n  iaccore:aws:\n    region: eu-west-1\n" + body
    )


def tag_lines(count: int, indent: str = "      ") -> str:
    return "".join(f"{indent}k{i}: v\n" for i in range(count))


EKS_VPC = (
    "    vpc:\n      azs: {azs}\n      eks_cluster_names: [main]\n"
    "    eks:\n      clusters:\n        main:\n          cluster_name: main\n"
    "          deployer_role_arn: arn:aws:iam::123456789012:role/ci\n"
)

# --- item 3: validate refuses first what synth would refuse --------------------------------
CROSS_SECTION: list[Case] = [
    *both(
        "sixty-tags",
        1,
        ("Pulumi.dev.yaml:5:5:", "aws.tags: 66 tags exceed the aws limit of 50"),
        files=aws("    tags:\n" + tag_lines(60)),
    ),
    *both(
        "tags-collide-after-sanitizing",
        1,
        ("Pulumi.dev.yaml:5:5:", "tag keys 'cost#center' and 'cost_center' both become"),
        files=aws("    tags:\n      'cost#center': a\n      cost_center: b\n"),
    ),
    *both(
        "bucket-tags-collide-with-section-tags",
        1,
        ("aws.buckets.logs.tags:", "'team#name' and 'team_name' both become 'team_name'"),
        files=aws(
            "    tags: {'team#name': a}\n    buckets:\n      logs:\n        tags: {team_name: c}\n"
        ),
    ),
    *both(
        "bucket-tags-push-over-the-limit",
        1,
        ("aws.buckets.logs.tags: 51 tags exceed",),
        files=aws(
            "    tags:\n"
            + tag_lines(30)
            + "    buckets:\n      logs:\n        tags:\n"
            + "".join(f"          b{i}: v\n" for i in range(15))
        ),
    ),
    *both(
        "one-az-for-eks",
        1,
        ("Pulumi.dev.yaml:6:7:", "aws.vpc.azs: the VPC holds EKS clusters (main)", "two"),
        files=aws(EKS_VPC.format(azs=1)),
    ),
    *both(
        "eks-vpc-without-private-tier",
        1,
        ("aws.vpc.azs: the VPC holds EKS clusters",),
        files=aws(
            "    vpc:\n      azs: 2\n      nat: none\n      eks_cluster_names: [main]\n"
            "      tiers: {private: {enabled: false}}\n"
        ),
    ),
    *both(
        "az-of-another-region",
        1,
        ("Pulumi.dev.yaml:6:7:", "availability zone 'us-east-1a' is not in region eu-west-1"),
        files=aws("    vpc:\n      azs: [us-east-1a, eu-west-1b]\n"),
    ),
    *both(
        "az-of-another-provider-region",
        1,
        ("availability zone 'eu-west-1a' is not in region eu-central-1", "provider dr"),
        files=aws(
            "    providers: {dr: {region: eu-central-1}}\n"
            "    vpc:\n      provider: dr\n      azs: [eu-west-1a, eu-central-1b]\n"
        ),
    ),
    *both(
        "node-group-max-10-to-the-23",
        1,
        ("aws.eks.clusters.main.node_groups.general.max: 100000000000000000000000 is more than",),
        files=aws(
            "    eks:\n      clusters:\n        main:\n"
            "          deployer_role_arn: arn:aws:iam::123456789012:role/ci\n"
            "          node_groups:\n            general:\n"
            "              max: 100000000000000000000000\n"
        ),
    ),
    *both(
        "eks-cluster-nobody-could-administer",
        1,
        ("aws.eks.clusters.main.deployer_role_arn: nobody could administer this cluster",),
        files=aws(
            "    eks:\n      clusters:\n        main:\n"
            "          node_groups:\n            general: {min: 2, max: 4}\n"
        ),
    ),
    *both(
        "fifty-mb-tag-value-in-env",
        1,
        ("IACCORE_AWS__TAGS__BIG", "52428800 characters is too long"),
        env={"IACCORE_AWS__TAGS__BIG": "x" * 50 * 1024 * 1024},
        files=aws("    tags: {team: a}\n"),
    ),
    *both(
        "fifty-mb-tag-value-in-file",
        1,
        ("config file of 50.0 MiB is too large",),
        files={
            "Pulumi.dev.yaml": lambda path: path.write_text(
                "config:\n  iaccore:aws:\n    tags:\n      big: " + "x" * 50 * 1024 * 1024 + "\n"
            )
        },
    ),
    *both(
        "valid-aws-stack-passes",
        0,
        files=aws(
            "    tags:\n" + tag_lines(40) + "    vpc:\n      azs: [eu-west-1a, eu-west-1b]\n"
        ),
        stdout="any",
    ),
]

CASES: list[Case] = [*YAML_POLICY, *NAMES, *ENGINE, *CROSS_SECTION]
