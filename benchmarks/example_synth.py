"""Wall time of `iaccore synth <example> --stack dev`, as a user runs it, for every example.

Each sample is a fresh `iaccore` process (imports, config loading, synthesis, rendering), the
examples interleaved so machine noise hits them alike. Reported: the median seconds per example
and its ratio to the README's main command (`examples/aws-eks-platform`).

    python benchmarks/example_synth.py [--samples 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BASELINE = "aws-eks-platform"


def sample(example: Path) -> float:
    iaccore = shutil.which("iaccore") or f"{sys.executable} -m iaccore.cli"
    start = time.perf_counter()
    subprocess.run(
        [*iaccore.split(), "synth", str(example), "--stack", "dev"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    examples = sorted(p for p in EXAMPLES.iterdir() if (p / "Pulumi.dev.yaml").is_file())
    times: dict[str, list[float]] = {p.name: [] for p in examples}
    for _ in range(args.samples):
        for example in examples:
            times[example.name].append(sample(example))
    base = statistics.median(times[BASELINE])
    print(f"samples: {args.samples} fresh `iaccore synth` processes per example, interleaved")
    print(f"| example | median s | max s | ratio to {BASELINE} |")
    print("|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.2f} | {max(values):.2f} | {median / base:.2f} |")


if __name__ == "__main__":
    main()
