"""Synthesis cost as the program grows: 50, 500 and 1000 resources, in one process, as a ratio.

The program registers plain pulumi_aws resources (a VPC and N-1 subnets with tags), so this
measures the engine itself. Runs alternate between sizes; the median of each is compared.
Linear scaling gives a ratio near 10; the goal is at most 10.5.

    python benchmarks/synth_scaling.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import pulumi

from iaccore.synth import synth


def make_program(count: int) -> Callable[[], None]:
    def program() -> None:
        import pulumi_aws as aws

        vpc = aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16", tags={"bench": "true"})
        for index in range(count - 1):
            aws.ec2.Subnet(
                f"subnet-{index}",
                vpc_id=vpc.id,
                cidr_block=f"10.0.{index % 256}.{(index // 256) * 16}/28",
                tags={"bench": "true", "index": str(index)},
            )
        pulumi.export("vpc_id", vpc.id)

    return program


def measure(count: int) -> float:
    start = time.perf_counter()
    graph = synth(make_program(count), config={"aws:region": "eu-west-1"})
    elapsed = time.perf_counter() - start
    registered = len(graph.custom_resources())
    if registered != count:
        raise SystemExit(f"expected {count} resources, registered {registered}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    measure(50)  # warm-up: imports pulumi_aws once, outside the measurement
    sizes = (50, 500, 1000)
    samples: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(args.rounds):
        for size in sizes:
            samples[size].append(measure(size))
    median = {size: statistics.median(values) for size, values in samples.items()}
    print(f"rounds: {args.rounds}, alternating, one process")
    print("| resources | median s | per resource ms |")
    print("|---|---|---|")
    for size in sizes:
        print(f"| {size} | {median[size]:.3f} | {median[size] / size * 1000:.2f} |")
    print(f"ratio 500/50: {median[500] / median[50]:.2f} (linear = 10, goal <= 10.5)")
    print(f"ratio 1000/500: {median[1000] / median[500]:.2f} (linear = 2)")


if __name__ == "__main__":
    main()
