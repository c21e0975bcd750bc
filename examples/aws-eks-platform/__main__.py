"""A secure AWS platform: network, EKS cluster in its private subnets, artifacts bucket."""

import pulumi

import iaccore
from iaccore.aws import EksCluster, SecureBucket, SecureVpc

stack = iaccore.load_stack()

vpc = SecureVpc("core", stack.aws.vpc)
eks = EksCluster("main", stack.aws.eks.clusters["main"], vpc=vpc)
artifacts = SecureBucket("artifacts", stack.aws.buckets["artifacts"])

pulumi.export("vpc_id", vpc.vpc_id)
pulumi.export("private_subnet_ids", vpc.private_subnet_ids)
pulumi.export("cluster_name", eks.cluster_name)
pulumi.export("kubeconfig", eks.kubeconfig)
pulumi.export("artifacts_bucket", artifacts.bucket_name)
iaccore.export_metadata()
