"""SecureVpc overhead: N default SecureVpcs vs a hand-written raw pulumi_aws program.

The raw program registers, by hand, the resources a default ``SecureVpc`` registers (3 AZs,
one NAT per AZ, flow logs to a KMS-encrypted log group, S3 and DynamoDB gateway endpoints):
same types, counts and inputs, the same invokes once per program, a plain ComponentResource
parent per VPC. Both run on the same mocks, in one process, in alternating rounds; the median
time ratio is printed as a Markdown table. Goal: ratio <= 1.10.

    python benchmarks/vpc_vs_raw.py [--vpcs 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import pulumi

from iaccore.synth import Graph, synth

REGION = "eu-west-1"
CONFIG = {
    "iaccore:project": {"name": "bench", "environment": "dev", "owner": "team-bench"},
    "aws:region": REGION,
}
TAGS = {
    "iaccore:environment": "dev",
    "iaccore:git-commit": "0000000",
    "iaccore:managed-by": "pulumi",
    "iaccore:owner": "team-bench",
    "iaccore:project": "bench",
    "iaccore:stack": "dev",
    "iaccore:version": "0.1.0",
}
AZ_LETTERS = ("a", "b", "c")


def _cidrs(index: int) -> dict[str, list[str]]:
    """The default plan of 10.<index>.0.0/16 over 3 AZs, worked out by hand."""
    base = f"10.{index}"
    return {
        "private": [f"{base}.0.0/20", f"{base}.16.0/20", f"{base}.32.0/20"],
        "public": [f"{base}.48.0/24", f"{base}.49.0/24", f"{base}.50.0/24"],
        "isolated": [f"{base}.51.0/24", f"{base}.52.0/24", f"{base}.53.0/24"],
    }


def raw_program(count: int) -> Callable[[], None]:
    def program() -> None:
        import pulumi_aws as aws

        zones = aws.get_availability_zones(state="available").names
        identity = aws.get_caller_identity()
        region = aws.get_region().region
        account = identity.account_id
        for index in range(count):
            name = f"v{index}"
            parent = pulumi.ComponentResource("bench:raw:Vpc", name)
            opts = pulumi.ResourceOptions(parent=parent)

            def tags(child: str, **extra: str) -> dict[str, str]:
                return {**TAGS, "Name": child, **extra}

            vpc = aws.ec2.Vpc(
                f"{name}-vpc",
                cidr_block=f"10.{index}.0.0/16",
                enable_dns_support=True,
                enable_dns_hostnames=True,
                tags=tags(f"{name}-vpc"),
                opts=opts,
            )
            subnets: dict[str, list[aws.ec2.Subnet]] = {}
            for tier in ("public", "private", "isolated"):
                subnets[tier] = [
                    aws.ec2.Subnet(
                        f"{name}-subnet-{tier}-{letter}",
                        vpc_id=vpc.id,
                        cidr_block=cidr,
                        availability_zone=zones[i],
                        map_public_ip_on_launch=False,
                        tags=tags(f"{name}-subnet-{tier}-{letter}", **{"iaccore:tier": tier}),
                        opts=opts,
                    )
                    for i, (letter, cidr) in enumerate(
                        zip(AZ_LETTERS, _cidrs(index)[tier], strict=True)
                    )
                ]
            igw = aws.ec2.InternetGateway(
                f"{name}-igw", vpc_id=vpc.id, tags=tags(f"{name}-igw"), opts=opts
            )
            nats = []
            for i, letter in enumerate(AZ_LETTERS):
                eip = aws.ec2.Eip(
                    f"{name}-eip-{letter}",
                    domain="vpc",
                    tags=tags(f"{name}-eip-{letter}"),
                    opts=opts,
                )
                nats.append(
                    aws.ec2.NatGateway(
                        f"{name}-nat_gateway-{letter}",
                        allocation_id=eip.allocation_id,
                        subnet_id=subnets["public"][i].id,
                        connectivity_type="public",
                        tags=tags(f"{name}-nat_gateway-{letter}"),
                        opts=pulumi.ResourceOptions(parent=parent, depends_on=[igw]),
                    )
                )
            public, *private, isolated = [
                aws.ec2.RouteTable(
                    f"{name}-route_table-{suffix}",
                    vpc_id=vpc.id,
                    tags=tags(f"{name}-route_table-{suffix}"),
                    opts=opts,
                )
                for suffix in ("public", *(f"private-{x}" for x in AZ_LETTERS), "isolated")
            ]
            tables = [public, *private, isolated]
            for tier, chosen in (
                ("public", [public] * 3),
                ("private", private),
                ("isolated", [isolated] * 3),
            ):
                for i, letter in enumerate(AZ_LETTERS):
                    aws.ec2.RouteTableAssociation(
                        f"{name}-route_table_association-{tier}-{letter}",
                        subnet_id=subnets[tier][i].id,
                        route_table_id=chosen[i].id,
                        opts=opts,
                    )
            aws.ec2.Route(
                f"{name}-route-public",
                route_table_id=public.id,
                destination_cidr_block="0.0.0.0/0",
                gateway_id=igw.id,
                opts=opts,
            )
            for i, letter in enumerate(AZ_LETTERS):
                aws.ec2.Route(
                    f"{name}-route-private-{letter}",
                    route_table_id=private[i].id,
                    destination_cidr_block="0.0.0.0/0",
                    nat_gateway_id=nats[i].id,
                    opts=opts,
                )
            aws.ec2.DefaultSecurityGroup(
                f"{name}-default_security_group",
                vpc_id=vpc.id,
                ingress=[],
                egress=[],
                tags=tags(f"{name}-default_security_group"),
                opts=opts,
            )
            group_name = f"/aws/vpc-flow-logs/bench/dev/{name}"
            group_arn = f"arn:aws:logs:{region}:{account}:log-group:{group_name}"
            key_policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AccountAdministers",
                        "Effect": "Allow",
                        "Principal": {"AWS": [f"arn:aws:iam::{account}:root"]},
                        "Action": ["kms:*"],
                        "Resource": ["*"],
                    },
                    {
                        "Sid": "CloudWatchLogsUse",
                        "Effect": "Allow",
                        "Principal": {"Service": [f"logs.{region}.amazonaws.com"]},
                        "Action": [
                            "kms:Decrypt",
                            "kms:DescribeKey",
                            "kms:Encrypt",
                            "kms:GenerateDataKey*",
                            "kms:ReEncrypt*",
                        ],
                        "Resource": ["*"],
                        "Condition": {
                            "ArnEquals": {"kms:EncryptionContext:aws:logs:arn": [group_arn]}
                        },
                    },
                ],
            }
            key = aws.kms.Key(
                f"{name}-flow_log_key",
                description=f"Encrypts the VPC flow logs of {name}",
                enable_key_rotation=True,
                deletion_window_in_days=30,
                policy=json.dumps(key_policy),
                tags=tags(f"{name}-flow_log_key"),
                opts=opts,
            )
            group = aws.cloudwatch.LogGroup(
                f"{name}-flow_log_group",
                name=group_name,
                retention_in_days=365,
                kms_key_id=key.arn,
                tags=tags(f"{name}-flow_log_group"),
                opts=opts,
            )
            trust = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": ["vpc-flow-logs.amazonaws.com"]},
                        "Action": ["sts:AssumeRole"],
                        "Condition": {
                            "ArnLike": {
                                "aws:SourceArn": [f"arn:aws:ec2:{region}:{account}:vpc-flow-log/*"]
                            },
                            "StringEquals": {"aws:SourceAccount": [account]},
                        },
                    }
                ],
            }
            role = aws.iam.Role(
                f"{name}-flow_log_role",
                description=f"Delivers the VPC flow logs of {name} to CloudWatch Logs",
                assume_role_policy=json.dumps(trust),
                tags=tags(f"{name}-flow_log_role"),
                opts=opts,
            )
            role_policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "WriteFlowLogs",
                        "Effect": "Allow",
                        "Action": [
                            "logs:CreateLogStream",
                            "logs:DescribeLogStreams",
                            "logs:PutLogEvents",
                        ],
                        "Resource": [group_arn, f"{group_arn}:*"],
                    },
                    {
                        "Sid": "DescribeGroups",
                        "Effect": "Allow",
                        "Action": ["logs:DescribeLogGroups"],
                        "Resource": [f"arn:aws:logs:{region}:{account}:log-group:*"],
                    },
                ],
            }
            policy = aws.iam.RolePolicy(
                f"{name}-flow_log_policy",
                role=role.id,
                policy=json.dumps(role_policy),
                opts=opts,
            )
            aws.ec2.FlowLog(
                f"{name}-flow_log",
                vpc_id=vpc.id,
                traffic_type="ALL",
                log_destination_type="cloud-watch-logs",
                log_destination=group.arn,
                iam_role_arn=role.arn,
                max_aggregation_interval=60,
                tags=tags(f"{name}-flow_log"),
                opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy]),
            )
            table_ids = [t.id for t in tables]
            for service in ("s3", "dynamodb"):
                aws.ec2.VpcEndpoint(
                    f"{name}-gateway_endpoint-{service}",
                    vpc_id=vpc.id,
                    service_name=f"com.amazonaws.{region}.{service}",
                    vpc_endpoint_type="Gateway",
                    route_table_ids=table_ids,
                    tags=tags(f"{name}-gateway_endpoint-{service}"),
                    opts=opts,
                )
            parent.register_outputs({"vpc_id": vpc.id})

    return program


def component_program(count: int) -> Callable[[], None]:
    def program() -> None:
        from iaccore.aws.network.vpc import SecureVpc

        for index in range(count):
            SecureVpc(f"v{index}", {"cidr": f"10.{index}.0.0/16"})

    return program


def measure(program: Callable[[], None]) -> tuple[float, Graph]:
    start = time.perf_counter()
    graph = synth(program, project="bench", config=CONFIG)
    return time.perf_counter() - start, graph


def counts(graph: Graph) -> dict[str, Any]:
    return {
        k: v for k, v in graph.counts_by_type().items() if not k.startswith(("iaccore:", "bench:"))
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vpcs", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    raw, comp = raw_program(args.vpcs), component_program(args.vpcs)
    _, raw_graph = measure(raw)  # warm-up: imports, caches
    _, comp_graph = measure(comp)
    if counts(raw_graph) != counts(comp_graph):
        raise SystemExit(
            f"resource counts differ:\nraw  {counts(raw_graph)}\ncomp {counts(comp_graph)}"
        )
    total = len(comp_graph.custom_resources())
    raw_times: list[float] = []
    comp_times: list[float] = []
    for _ in range(args.rounds):
        raw_times.append(measure(raw)[0])
        comp_times.append(measure(comp)[0])
    r, c = statistics.median(raw_times), statistics.median(comp_times)
    print(f"command: python benchmarks/vpc_vs_raw.py --vpcs {args.vpcs} --rounds {args.rounds}")
    print(
        f"{args.vpcs} VPCs, {total} custom resources each program; alternating rounds, one process"
    )
    print("| program | median s | per resource ms |")
    print("|---|---|---|")
    print(f"| raw pulumi_aws | {r:.3f} | {r / total * 1000:.2f} |")
    print(f"| SecureVpc | {c:.3f} | {c / total * 1000:.2f} |")
    print(f"| ratio SecureVpc/raw | {c / r:.3f} | goal <= 1.10 |")


if __name__ == "__main__":
    main()
