"""Import cost of iaccore relative to pulumi, measured as ratios in one run.

Each sample starts a fresh interpreter, so nothing is cached in ``sys.modules``; the two imports
are interleaved so machine noise hits both alike. Reported: the median ratio over the samples.

    python benchmarks/import_time.py [--samples 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

SNIPPETS = {
    "import pulumi": "import pulumi",
    "import iaccore": "import iaccore",
    "import iaccore + core API": (
        "import iaccore; iaccore.BaseComponent; iaccore.load_stack; iaccore.ConfigurationError"
    ),
}
PROBE = (
    "import sys, time; t = time.perf_counter(); {code}; d = time.perf_counter() - t; "
    "bad = [m for m in ('pulumi_aws', 'pulumi_azure_native', 'pulumi_kubernetes') "
    "if m in sys.modules]; print(d, ','.join(bad))"
)


def sample(code: str) -> tuple[float, str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split(" ", 1)
    return float(out[0]), out[1].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in SNIPPETS}
    for _ in range(args.samples):
        for name, code in SNIPPETS.items():
            seconds, leaked = sample(code)
            if leaked:
                raise SystemExit(f"{name} imported provider SDKs: {leaked}")
            times[name].append(seconds)
    base = statistics.median(times["import pulumi"])
    print(f"samples: {args.samples} fresh interpreters per import, interleaved")
    print("| import | median s | ratio to `import pulumi` |")
    print("|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.3f} | {median / base:.2f} |")


if __name__ == "__main__":
    main()
