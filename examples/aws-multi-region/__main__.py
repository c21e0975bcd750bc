"""Two regions from config: a primary VPC with an EKS cluster, a DR VPC, an IRSA bucket reader."""

import pulumi

import iaccore
from iaccore.aws import EksCluster, SecureBucket, SecureVpc

stack = iaccore.load_stack()

vpcs = {name: SecureVpc(name, config) for name, config in stack.aws.vpcs.items()}
eks = EksCluster("main", stack.aws.eks.clusters["main"], vpc=vpcs["primary"])

access_logs = SecureBucket("access-logs", stack.aws.buckets["access-logs"])
reports = SecureBucket("reports", stack.aws.buckets["reports"], access_log_bucket=access_logs)

# The service account reports/reader assumes this role through the cluster's OIDC provider.
reader = eks.irsa_role("reports-reader", "reports", "reader")
reports.grant_read(reader)

pulumi.export("vpc_ids", {name: vpc.vpc_id for name, vpc in vpcs.items()})
pulumi.export("cluster_name", eks.cluster_name)
pulumi.export("kubeconfig", eks.kubeconfig)
pulumi.export("reports_bucket", reports.bucket_name)
pulumi.export("reader_role_arn", reader.arn)
iaccore.export_metadata()
