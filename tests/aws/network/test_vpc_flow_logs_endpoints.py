"""SecureVpc flow logs (CloudWatch and S3) and VPC endpoints on the mock engine."""

from __future__ import annotations

import json
from typing import Any

from iaccore.aws.network.vpc import SecureVpc
from iaccore.synth import Graph, synth

FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KEY = "aws:kms/key:Key"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
SG = "aws:ec2/securityGroup:SecurityGroup"
CONFIG = {
    "iaccore:project": {"name": "payments", "environment": "dev", "owner": "team-payments"},
    "iaccore:aws": {"enabled": True, "region": "eu-west-1"},
    "aws:region": "eu-west-1",
}


def build(config: dict[str, Any] | None = None) -> Graph:
    return synth(lambda: SecureVpc("core", config), project="payments", config=CONFIG)


def statements(document: str) -> dict[str, dict[str, Any]]:
    return {s.get("Sid", str(i)): s for i, s in enumerate(json.loads(document)["Statement"])}


class TestCloudWatchFlowLogs:
    def test_flow_log_to_kms_encrypted_group_with_retention(self) -> None:
        """Default: ALL traffic to a log group kept 365 days, encrypted with a rotating key."""
        graph = build()
        flow = graph.one(FLOW_LOG)
        group = graph.one(LOG_GROUP)
        key = graph.one(KEY)
        assert flow.inputs["vpcId"] == graph.one("aws:ec2/vpc:Vpc").id
        assert flow.inputs["trafficType"] == "ALL"
        assert flow.inputs["logDestinationType"] == "cloud-watch-logs"
        assert flow.inputs["logDestination"] == group.outputs["arn"]
        assert group.inputs["retentionInDays"] == 365
        assert group.inputs["name"] == "/aws/vpc-flow-logs/payments/dev/core"
        assert group.inputs["kmsKeyId"] == key.outputs["arn"]
        assert key.inputs["enableKeyRotation"] is True

    def test_key_policy_lets_logs_use_it_for_this_group_only(self) -> None:
        """The key policy admits the regional logs service, conditioned on this log group."""
        graph = build()
        policy = statements(graph.one(KEY).inputs["policy"])
        use = policy["CloudWatchLogsUse"]
        assert use["Principal"] == {"Service": ["logs.eu-west-1.amazonaws.com"]}
        assert use["Condition"]["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"] == [
            graph.one(LOG_GROUP).outputs["arn"]
        ]
        assert policy["AccountAdministers"]["Principal"] == {
            "AWS": ["arn:aws:iam::123456789012:root"]
        }

    def test_delivery_role_is_least_privilege(self) -> None:
        """Only vpc-flow-logs of this account assumes the role; it writes to its group only."""
        graph = build()
        role = graph.one("aws:iam/role:Role")
        trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
        assert trust["Principal"] == {"Service": ["vpc-flow-logs.amazonaws.com"]}
        assert trust["Condition"]["StringEquals"]["aws:SourceAccount"] == ["123456789012"]
        policy = graph.one("aws:iam/rolePolicy:RolePolicy")
        write = statements(policy.inputs["policy"])["WriteFlowLogs"]
        arn = graph.one(LOG_GROUP).outputs["arn"]
        assert write["Resource"] == sorted([arn, f"{arn}:*"])
        assert "*" not in write["Resource"]
        flow = graph.one(FLOW_LOG)
        assert flow.inputs["iamRoleArn"] == role.outputs["arn"]
        assert policy.urn in flow.dependencies

    def test_flow_logs_off_and_kms_off(self) -> None:
        """enabled: false creates no flow log; kms: false keeps the group without a key."""
        graph = build({"flow_logs": {"enabled": False}})
        assert graph.resources(FLOW_LOG) == []
        assert graph.resources(LOG_GROUP) == []
        graph = build({"flow_logs": {"kms": False, "retention_days": 90}})
        assert graph.resources(KEY) == []
        assert "kmsKeyId" not in graph.one(LOG_GROUP).inputs
        assert graph.one(LOG_GROUP).inputs["retentionInDays"] == 90


class TestS3FlowLogs:
    def test_s3_destination_bucket_is_private_encrypted_and_expiring(self) -> None:
        """destination s3: a locked-down bucket, KMS-encrypted, expiring, delivery-only policy."""
        graph = build({"flow_logs": {"destination": "s3", "retention_days": 400}})
        bucket = graph.one("aws:s3/bucket:Bucket")
        assert bucket.inputs["bucketPrefix"] == "core-flow-logs-"
        flow = graph.one(FLOW_LOG)
        assert flow.inputs["logDestinationType"] == "s3"
        assert flow.inputs["logDestination"] == bucket.outputs["arn"]
        assert "iamRoleArn" not in flow.inputs
        assert graph.resources(LOG_GROUP) == []
        block = graph.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
        assert all(
            block.inputs[k] is True
            for k in (
                "blockPublicAcls",
                "blockPublicPolicy",
                "ignorePublicAcls",
                "restrictPublicBuckets",
            )
        )
        sse = graph.one(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
        ).inputs["rules"][0]["applyServerSideEncryptionByDefault"]
        assert sse == {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": graph.one(KEY).outputs["arn"]}
        life = graph.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        assert life.inputs["rules"][0]["expiration"]["days"] == 400
        policy = statements(graph.one("aws:s3/bucketPolicy:BucketPolicy").inputs["policy"])
        assert policy["LogDeliveryWrite"]["Principal"] == {
            "Service": ["delivery.logs.amazonaws.com"]
        }
        assert any(s["Effect"] == "Deny" for s in policy.values())


class TestEndpoints:
    def test_gateway_endpoints_on_every_route_table(self) -> None:
        """S3 and DynamoDB gateway endpoints are attached to every route table of the VPC."""
        graph = build()
        tables = sorted(str(r.id) for r in graph.resources(ROUTE_TABLE))
        private_isolated = {r.id for r in graph.resources(ROUTE_TABLE) if "public" not in r.name}
        endpoints = {r.name: r for r in graph.resources(ENDPOINT)}
        assert sorted(endpoints) == ["core-gateway_endpoint-dynamodb", "core-gateway_endpoint-s3"]
        for service in ("s3", "dynamodb"):
            endpoint = endpoints[f"core-gateway_endpoint-{service}"]
            assert endpoint.inputs["vpcEndpointType"] == "Gateway"
            assert endpoint.inputs["serviceName"] == f"com.amazonaws.eu-west-1.{service}"
            assert sorted(endpoint.inputs["routeTableIds"]) == tables
            assert private_isolated <= set(endpoint.inputs["routeTableIds"])

    def test_gateway_endpoints_opt_out(self) -> None:
        """gateway_endpoints: {s3: false, dynamodb: false} creates none."""
        graph = build({"gateway_endpoints": {"s3": False, "dynamodb": False}})
        assert graph.resources(ENDPOINT) == []

    def test_interface_endpoints_https_from_vpc_only(self) -> None:
        """Interface endpoints: private subnets, private DNS, SG allowing 443 from the VPC only."""
        graph = build({"cidr": "10.9.0.0/16", "interface_endpoints": ["ssm", "ecr.api"]})
        sg = graph.one(SG)
        assert sg.inputs["ingress"] == [
            {
                "cidrBlocks": ["10.9.0.0/16"],
                "description": "HTTPS from the VPC",
                "fromPort": 443,
                "protocol": "tcp",
                "toPort": 443,
            }
        ]
        assert sg.inputs["egress"] == []
        private = sorted(
            str(r.id) for r in graph.resources("aws:ec2/subnet:Subnet") if "private" in r.name
        )
        for name, service in (("ssm", "ssm"), ("ecr-api", "ecr.api")):
            endpoint = graph.one(ENDPOINT, f"core-interface_endpoint-{name}")
            assert endpoint.inputs["vpcEndpointType"] == "Interface"
            assert endpoint.inputs["serviceName"] == f"com.amazonaws.eu-west-1.{service}"
            assert endpoint.inputs["privateDnsEnabled"] is True
            assert sorted(endpoint.inputs["subnetIds"]) == private
            assert endpoint.inputs["securityGroupIds"] == [sg.id]
