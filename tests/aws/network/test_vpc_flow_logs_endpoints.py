"""SecureVpc flow logs (CloudWatch and S3) and VPC endpoints on the mock engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iaccore.aws.network.vpc import SecureVpc
from iaccore.synth import Graph, Resource
from iaccore.testing import assert_tagged, assert_urns_match
from tests.helpers import METADATA_TAGS, run

VPC = "iaccore:aws:SecureVpc"
IAM_ROLE = "iaccore:aws:IamRole"
SECURE_BUCKET = "iaccore:aws:SecureBucket"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KEY = "aws:kms/key:Key"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
BUCKET = "aws:s3/bucket:Bucket"
PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
SG = "aws:ec2/securityGroup:SecurityGroup"
ACCOUNT = "123456789012"
SNAPSHOTS = Path(__file__).parent / "snapshots"
S3 = {"flow_logs": {"destination": "s3"}}


def build(config: dict[str, Any] | None = None, **kwargs: Any) -> Graph:
    return run(lambda: SecureVpc("core", config, **kwargs))


def statements(document: str) -> dict[str, dict[str, Any]]:
    return {s.get("Sid", str(i)): s for i, s in enumerate(json.loads(document)["Statement"])}


def nested(graph: Graph, type_: str, name: str) -> Resource:
    """The nested component ``name`` of ``type_``, checked to be a child of the VPC."""
    component = graph.one(type_, name)
    assert component.parent == graph.one(VPC, "core").urn
    return component


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
        assert flow.inputs["maxAggregationInterval"] == 60
        assert group.inputs["retentionInDays"] == 365
        assert group.inputs["name"] == "/aws/vpc-flow-logs/payments/dev/core"
        assert group.inputs["kmsKeyId"] == key.outputs["arn"]
        assert key.name == "core-flow-log-key"
        assert key.parent == graph.one(VPC, "core").urn
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["deletionWindowInDays"] == 30

    def test_key_has_an_explicit_policy_for_this_group_only(self) -> None:
        """The key policy: the account administers it; logs may use it for this group only."""
        graph = build()
        policy = statements(graph.one(KEY).inputs["policy"])
        assert list(policy) == ["AccountAdministration", "CloudWatchLogsUse"]
        use = policy["CloudWatchLogsUse"]
        assert use["Principal"] == {"Service": ["logs.eu-west-1.amazonaws.com"]}
        assert use["Condition"]["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"] == [
            graph.one(LOG_GROUP).outputs["arn"]
        ]
        assert policy["AccountAdministration"]["Principal"] == {
            "AWS": [f"arn:aws:iam::{ACCOUNT}:root"]
        }

    def test_delivery_role_is_a_nested_iam_role(self) -> None:
        """The delivery role is an IamRole child of the VPC, holding the Role and its policy."""
        graph = build()
        component = nested(graph, IAM_ROLE, "core-flow-log-role")
        role = graph.one(ROLE)
        policy = graph.one(ROLE_POLICY)
        assert (role.name, role.parent) == ("core-flow-log-role-role", component.urn)
        assert (policy.name, policy.parent) == (
            "core-flow-log-role-inline-deliver-flow-logs",
            component.urn,
        )
        assert role.inputs["description"] == "Delivers the VPC flow logs of core to CloudWatch Logs"
        assert policy.inputs["name"] == "deliver-flow-logs"
        assert policy.inputs["role"] == role.id

    def test_delivery_role_is_least_privilege(self) -> None:
        """Only vpc-flow-logs of this account assumes the role; it writes to its group only."""
        graph = build()
        role = graph.one(ROLE)
        trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
        assert trust["Principal"] == {"Service": ["vpc-flow-logs.amazonaws.com"]}
        assert trust["Condition"]["StringEquals"]["aws:SourceAccount"] == [ACCOUNT]
        assert trust["Condition"]["ArnLike"]["aws:SourceArn"] == [
            f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc-flow-log/*"
        ]
        policy = graph.one(ROLE_POLICY)
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
        assert graph.resources(IAM_ROLE) == []
        graph = build({"flow_logs": {"kms": False, "retention_days": 90}})
        assert graph.resources(KEY) == []
        assert "kmsKeyId" not in graph.one(LOG_GROUP).inputs
        assert graph.one(LOG_GROUP).inputs["retentionInDays"] == 90


class TestS3FlowLogs:
    def test_destination_is_a_nested_secure_bucket(self) -> None:
        """destination s3: a SecureBucket child of the VPC; no log group, role or VPC key."""
        graph = build(S3)
        component = nested(graph, SECURE_BUCKET, "core-flow-log-bucket")
        bucket = graph.one(BUCKET)
        assert (bucket.name, bucket.parent) == ("core-flow-log-bucket-bucket", component.urn)
        assert (
            bucket.inputs["bucket"] == f"payments-dev-core-flow-log-bucket-{ACCOUNT}-eu-west-1-an"
        )
        assert bucket.inputs["bucketNamespace"] == "account-regional"
        flow = graph.one(FLOW_LOG)
        assert flow.inputs["logDestinationType"] == "s3"
        assert flow.inputs["logDestination"] == bucket.outputs["arn"]
        assert "iamRoleArn" not in flow.inputs
        assert graph.one(BUCKET_POLICY).urn in flow.dependencies
        assert graph.resources(LOG_GROUP) == graph.resources(IAM_ROLE) == []
        assert [key.name for key in graph.resources(KEY)] == ["core-flow-log-bucket-kms-key"]

    def test_bucket_is_private_and_owner_enforced(self) -> None:
        """The bucket's public access block is fully on and ACLs are disabled."""
        graph = build(S3)
        component = graph.one(SECURE_BUCKET)
        block = graph.one(PAB)
        assert block.parent == component.urn
        flags = (
            "blockPublicAcls",
            "blockPublicPolicy",
            "ignorePublicAcls",
            "restrictPublicBuckets",
        )
        assert {flag: block.inputs[flag] for flag in flags} == dict.fromkeys(flags, True)
        ownership = graph.one(OWNERSHIP)
        assert ownership.parent == component.urn
        assert ownership.inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}

    def test_bucket_policy_is_tls_only_plus_log_delivery(self) -> None:
        """The bucket policy denies non-TLS requests and admits only this account's delivery."""
        graph = build(S3)
        arn = graph.one(BUCKET).outputs["arn"]
        policy = statements(graph.one(BUCKET_POLICY).inputs["policy"])
        assert list(policy) == ["DenyInsecureTransport", "LogDeliveryWrite", "LogDeliveryAclCheck"]
        deny = policy["DenyInsecureTransport"]
        assert (deny["Effect"], deny["Principal"]) == ("Deny", "*")
        assert deny["Condition"] == {"Bool": {"aws:SecureTransport": ["false"]}}
        write = policy["LogDeliveryWrite"]
        assert write["Principal"] == {"Service": ["delivery.logs.amazonaws.com"]}
        assert write["Resource"] == [f"{arn}/AWSLogs/{ACCOUNT}/*"]
        assert write["Condition"]["StringEquals"]["aws:SourceAccount"] == [ACCOUNT]
        assert write["Condition"]["ArnLike"]["aws:SourceArn"] == [
            f"arn:aws:logs:eu-west-1:{ACCOUNT}:*"
        ]

    def test_bucket_is_encrypted_and_expiring(self) -> None:
        """Objects are encrypted with the bucket's key and expire after retention_days."""
        graph = build({"flow_logs": {"destination": "s3", "retention_days": 400}})
        key = graph.one(KEY)
        assert "LogDeliveryUse" in statements(key.inputs["policy"])
        (rule,) = graph.one(SSE).inputs["rules"]
        assert rule["applyServerSideEncryptionByDefault"] == {
            "sseAlgorithm": "aws:kms",
            "kmsMasterKeyId": key.outputs["arn"],
        }
        (life,) = graph.one(LIFECYCLE).inputs["rules"]
        assert life["id"] == "expire-flow-logs"
        assert life["expiration"] == {"days": 400}
        assert life["noncurrentVersionExpiration"] == {"noncurrentDays": 30}

    def test_urn_snapshot(self) -> None:
        """URNs of the S3 destination (the nested bucket included) are stable."""
        assert_urns_match(build(S3), SNAPSHOTS / "secure_vpc_s3_flow_logs.txt")

    def test_kms_off_uses_sse_s3(self) -> None:
        """kms: false encrypts the bucket with SSE-S3 and creates no key."""
        graph = build({"flow_logs": {"destination": "s3", "kms": False}})
        assert graph.resources(KEY) == []
        (rule,) = graph.one(SSE).inputs["rules"]
        assert rule["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}


class TestNestedComponentsGetTheVpcsTagsAndOptions:
    def test_caller_tags_reach_the_role_and_the_bucket(self) -> None:
        """tags= on the VPC reach the Role inside IamRole and the bucket inside SecureBucket."""
        graph = build(tags={"team": "x"})
        assert graph.one(ROLE).inputs["tags"]["team"] == "x"
        assert_tagged(graph, [*METADATA_TAGS, "team"])
        graph = build(S3, tags={"team": "x"})
        assert graph.one(BUCKET).inputs["tags"]["team"] == "x"
        assert graph.one(KEY).inputs["tags"]["team"] == "x"
        assert_tagged(graph, [*METADATA_TAGS, "team"])

    def test_role_options_land_on_the_nested_role(self) -> None:
        """resource_options.flow_log_role reaches the aws.iam.Role inside the nested IamRole."""
        options = {"flow_log_role": {"ignore_changes": ["description"]}}
        graph = build({"resource_options": options})
        assert "description" in graph.one(ROLE).ignore_changes
        assert "description" in graph.one(ROLE_POLICY).ignore_changes
        assert graph.one(LOG_GROUP).ignore_changes == ()
        assert graph.one(FLOW_LOG).ignore_changes == ()

    def test_bucket_role_options_land_inside_the_nested_bucket(self) -> None:
        """resource_options.flow_log_bucket reaches every resource of the nested SecureBucket."""

        def inside_of(graph: Graph) -> list[Resource]:
            return [r for r in graph.descendants(graph.one(SECURE_BUCKET)) if r.custom]

        default = inside_of(build(S3))
        assert {r.type for r in default} >= {BUCKET, PAB, OWNERSHIP, BUCKET_POLICY, KEY}
        assert all(r.retain_on_delete for r in default)  # data is retained by default
        options = {"flow_log_bucket": {"retain_on_delete": False}}
        graph = build({**S3, "resource_options": options})
        assert not any(r.retain_on_delete for r in inside_of(graph))
        assert not graph.one(FLOW_LOG).retain_on_delete


class TestEndpoints:
    def test_gateway_endpoints_on_every_route_table(self) -> None:
        """S3 and DynamoDB gateway endpoints are attached to every route table of the VPC."""
        graph = build()
        tables = sorted(str(r.id) for r in graph.resources(ROUTE_TABLE))
        private_isolated = {r.id for r in graph.resources(ROUTE_TABLE) if "public" not in r.name}
        endpoints = {r.name: r for r in graph.resources(ENDPOINT)}
        assert sorted(endpoints) == ["core-gateway-endpoint-dynamodb", "core-gateway-endpoint-s3"]
        for service in ("s3", "dynamodb"):
            endpoint = endpoints[f"core-gateway-endpoint-{service}"]
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
            endpoint = graph.one(ENDPOINT, f"core-interface-endpoint-{name}")
            assert endpoint.inputs["vpcEndpointType"] == "Interface"
            assert endpoint.inputs["serviceName"] == f"com.amazonaws.eu-west-1.{service}"
            assert endpoint.inputs["privateDnsEnabled"] is True
            assert sorted(endpoint.inputs["subnetIds"]) == private
            assert endpoint.inputs["securityGroupIds"] == [sg.id]
