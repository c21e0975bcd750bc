"""Pulumi AWS type tokens and the Terraform resource types they bridge.

pulumi-aws is generated from the Terraform AWS provider, so each ``aws:<module>/<name>:<Name>``
resource is one Terraform resource type. The bridge does not ship that mapping in the Python
SDK, and the Terraform name cannot be derived from the token (``aws:ec2/instance:Instance`` is
``aws_instance``, ``aws:lb/loadBalancer:LoadBalancer`` is ``aws_lb``), so this table lists the
types iaccore's components create and the ones security scanners have most checks for. A type
missing here is reported (see ``terraform_type``), never guessed.

Pure data: no Pulumi import.

Examples:
    >>> terraform_type("aws:s3/bucket:Bucket")
    'aws_s3_bucket'
    >>> terraform_type("aws:ec2/instance:Instance")
    'aws_instance'
    >>> terraform_type("aws:appmesh/mesh:Mesh") is None
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["TERRAFORM_TYPES", "terraform_type"]

_TYPES: dict[str, str] = {
    # acm
    "aws:acm/certificate:Certificate": "aws_acm_certificate",
    # alb (aliases of lb in Terraform too)
    "aws:alb/listener:Listener": "aws_alb_listener",
    "aws:alb/loadBalancer:LoadBalancer": "aws_alb",
    "aws:alb/targetGroup:TargetGroup": "aws_alb_target_group",
    # autoscaling
    "aws:autoscaling/group:Group": "aws_autoscaling_group",
    # cloudfront
    "aws:cloudfront/distribution:Distribution": "aws_cloudfront_distribution",
    # cloudtrail
    "aws:cloudtrail/trail:Trail": "aws_cloudtrail",
    # cloudwatch
    "aws:cloudwatch/eventRule:EventRule": "aws_cloudwatch_event_rule",
    "aws:cloudwatch/eventTarget:EventTarget": "aws_cloudwatch_event_target",
    "aws:cloudwatch/logGroup:LogGroup": "aws_cloudwatch_log_group",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": "aws_cloudwatch_log_metric_filter",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": (
        "aws_cloudwatch_log_subscription_filter"
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": "aws_cloudwatch_metric_alarm",
    # config
    "aws:cfg/recorder:Recorder": "aws_config_configuration_recorder",
    # dynamodb
    "aws:dynamodb/table:Table": "aws_dynamodb_table",
    # ebs
    "aws:ebs/defaultKmsKey:DefaultKmsKey": "aws_ebs_default_kms_key",
    "aws:ebs/encryptionByDefault:EncryptionByDefault": "aws_ebs_encryption_by_default",
    "aws:ebs/snapshot:Snapshot": "aws_ebs_snapshot",
    "aws:ebs/volume:Volume": "aws_ebs_volume",
    # ec2
    "aws:ec2/ami:Ami": "aws_ami",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "aws_default_network_acl",
    "aws:ec2/defaultRouteTable:DefaultRouteTable": "aws_default_route_table",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "aws_default_security_group",
    "aws:ec2/defaultVpc:DefaultVpc": "aws_default_vpc",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": (
        "aws_egress_only_internet_gateway"
    ),
    "aws:ec2/eip:Eip": "aws_eip",
    "aws:ec2/flowLog:FlowLog": "aws_flow_log",
    "aws:ec2/instance:Instance": "aws_instance",
    "aws:ec2/internetGateway:InternetGateway": "aws_internet_gateway",
    "aws:ec2/keyPair:KeyPair": "aws_key_pair",
    "aws:ec2/launchConfiguration:LaunchConfiguration": "aws_launch_configuration",
    "aws:ec2/launchTemplate:LaunchTemplate": "aws_launch_template",
    "aws:ec2/natGateway:NatGateway": "aws_nat_gateway",
    "aws:ec2/networkAcl:NetworkAcl": "aws_network_acl",
    "aws:ec2/networkAclRule:NetworkAclRule": "aws_network_acl_rule",
    "aws:ec2/networkInterface:NetworkInterface": "aws_network_interface",
    "aws:ec2/route:Route": "aws_route",
    "aws:ec2/routeTable:RouteTable": "aws_route_table",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "aws_route_table_association",
    "aws:ec2/securityGroup:SecurityGroup": "aws_security_group",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "aws_security_group_rule",
    "aws:ec2/subnet:Subnet": "aws_subnet",
    "aws:ec2/volumeAttachment:VolumeAttachment": "aws_volume_attachment",
    "aws:ec2/vpc:Vpc": "aws_vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "aws_vpc_endpoint",
    "aws:ec2/vpcEndpointService:VpcEndpointService": "aws_vpc_endpoint_service",
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "aws_vpc_peering_connection",
    # ecr
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "aws_ecr_lifecycle_policy",
    "aws:ecr/repository:Repository": "aws_ecr_repository",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "aws_ecr_repository_policy",
    # ecs
    "aws:ecs/cluster:Cluster": "aws_ecs_cluster",
    "aws:ecs/service:Service": "aws_ecs_service",
    "aws:ecs/taskDefinition:TaskDefinition": "aws_ecs_task_definition",
    # efs
    "aws:efs/fileSystem:FileSystem": "aws_efs_file_system",
    # eks
    "aws:eks/accessEntry:AccessEntry": "aws_eks_access_entry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": (
        "aws_eks_access_policy_association"
    ),
    "aws:eks/addon:Addon": "aws_eks_addon",
    "aws:eks/cluster:Cluster": "aws_eks_cluster",
    "aws:eks/fargateProfile:FargateProfile": "aws_eks_fargate_profile",
    "aws:eks/identityProviderConfig:IdentityProviderConfig": "aws_eks_identity_provider_config",
    "aws:eks/nodeGroup:NodeGroup": "aws_eks_node_group",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "aws_eks_pod_identity_association",
    # elasticache
    "aws:elasticache/cluster:Cluster": "aws_elasticache_cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup": "aws_elasticache_replication_group",
    # elb (classic)
    "aws:elb/loadBalancer:LoadBalancer": "aws_elb",
    # guardduty
    "aws:guardduty/detector:Detector": "aws_guardduty_detector",
    # iam
    "aws:iam/accessKey:AccessKey": "aws_iam_access_key",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": "aws_iam_account_password_policy",
    "aws:iam/group:Group": "aws_iam_group",
    "aws:iam/groupPolicy:GroupPolicy": "aws_iam_group_policy",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "aws_iam_group_policy_attachment",
    "aws:iam/instanceProfile:InstanceProfile": "aws_iam_instance_profile",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "aws_iam_openid_connect_provider",
    "aws:iam/policy:Policy": "aws_iam_policy",
    "aws:iam/policyAttachment:PolicyAttachment": "aws_iam_policy_attachment",
    "aws:iam/role:Role": "aws_iam_role",
    "aws:iam/rolePolicy:RolePolicy": "aws_iam_role_policy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "aws_iam_role_policy_attachment",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": "aws_iam_service_linked_role",
    "aws:iam/user:User": "aws_iam_user",
    "aws:iam/userPolicy:UserPolicy": "aws_iam_user_policy",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "aws_iam_user_policy_attachment",
    # kms
    "aws:kms/alias:Alias": "aws_kms_alias",
    "aws:kms/grant:Grant": "aws_kms_grant",
    "aws:kms/key:Key": "aws_kms_key",
    "aws:kms/replicaKey:ReplicaKey": "aws_kms_replica_key",
    # lambda
    "aws:lambda/function:Function": "aws_lambda_function",
    "aws:lambda/permission:Permission": "aws_lambda_permission",
    # lb
    "aws:lb/listener:Listener": "aws_lb_listener",
    "aws:lb/listenerRule:ListenerRule": "aws_lb_listener_rule",
    "aws:lb/loadBalancer:LoadBalancer": "aws_lb",
    "aws:lb/targetGroup:TargetGroup": "aws_lb_target_group",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": "aws_lb_target_group_attachment",
    # rds
    "aws:rds/cluster:Cluster": "aws_rds_cluster",
    "aws:rds/clusterInstance:ClusterInstance": "aws_rds_cluster_instance",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": "aws_rds_cluster_parameter_group",
    "aws:rds/instance:Instance": "aws_db_instance",
    "aws:rds/parameterGroup:ParameterGroup": "aws_db_parameter_group",
    "aws:rds/subnetGroup:SubnetGroup": "aws_db_subnet_group",
    # route53
    "aws:route53/record:Record": "aws_route53_record",
    "aws:route53/zone:Zone": "aws_route53_zone",
    # s3 (the V2 tokens are pulumi-aws 6 names of the same Terraform resources)
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": (
        "aws_s3_account_public_access_block"
    ),
    "aws:s3/bucket:Bucket": "aws_s3_bucket",
    "aws:s3/bucketAcl:BucketAcl": "aws_s3_bucket_acl",
    "aws:s3/bucketAclV2:BucketAclV2": "aws_s3_bucket_acl",
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": "aws_s3_bucket_cors_configuration",
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2": (
        "aws_s3_bucket_cors_configuration"
    ),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (
        "aws_s3_bucket_lifecycle_configuration"
    ),
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": (
        "aws_s3_bucket_lifecycle_configuration"
    ),
    "aws:s3/bucketLogging:BucketLogging": "aws_s3_bucket_logging",
    "aws:s3/bucketLoggingV2:BucketLoggingV2": "aws_s3_bucket_logging",
    "aws:s3/bucketNotification:BucketNotification": "aws_s3_bucket_notification",
    "aws:s3/bucketObject:BucketObject": "aws_s3_bucket_object",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": (
        "aws_s3_bucket_object_lock_configuration"
    ),
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": (
        "aws_s3_bucket_object_lock_configuration"
    ),
    "aws:s3/bucketObjectv2:BucketObjectv2": "aws_s3_object",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "aws_s3_bucket_ownership_controls",
    "aws:s3/bucketPolicy:BucketPolicy": "aws_s3_bucket_policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ("aws_s3_bucket_public_access_block"),
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": (
        "aws_s3_bucket_replication_configuration"
    ),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
        "aws_s3_bucket_server_side_encryption_configuration"
    ),
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": (
        "aws_s3_bucket_server_side_encryption_configuration"
    ),
    "aws:s3/bucketV2:BucketV2": "aws_s3_bucket",
    "aws:s3/bucketVersioning:BucketVersioning": "aws_s3_bucket_versioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "aws_s3_bucket_versioning",
    "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration": (
        "aws_s3_bucket_website_configuration"
    ),
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2": (
        "aws_s3_bucket_website_configuration"
    ),
    # secretsmanager
    "aws:secretsmanager/secret:Secret": "aws_secretsmanager_secret",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "aws_secretsmanager_secret_policy",
    "aws:secretsmanager/secretRotation:SecretRotation": "aws_secretsmanager_secret_rotation",
    "aws:secretsmanager/secretVersion:SecretVersion": "aws_secretsmanager_secret_version",
    # sns
    "aws:sns/topic:Topic": "aws_sns_topic",
    "aws:sns/topicPolicy:TopicPolicy": "aws_sns_topic_policy",
    "aws:sns/topicSubscription:TopicSubscription": "aws_sns_topic_subscription",
    # sqs
    "aws:sqs/queue:Queue": "aws_sqs_queue",
    "aws:sqs/queuePolicy:QueuePolicy": "aws_sqs_queue_policy",
    # ssm
    "aws:ssm/parameter:Parameter": "aws_ssm_parameter",
    # vpc (Terraform Plugin Framework resources of the provider)
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (
        "aws_vpc_security_group_egress_rule"
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (
        "aws_vpc_security_group_ingress_rule"
    ),
    # wafv2
    "aws:wafv2/webAcl:WebAcl": "aws_wafv2_web_acl",
}

#: Pulumi type token to Terraform resource type, for every type the ``tfplan`` format maps.
TERRAFORM_TYPES: Mapping[str, str] = MappingProxyType(dict(sorted(_TYPES.items())))


def terraform_type(token: str) -> str | None:
    """The Terraform resource type of the Pulumi type ``token``, or None if it is not mapped.

    Examples:
        >>> terraform_type("aws:eks/cluster:Cluster")
        'aws_eks_cluster'
    """
    return TERRAFORM_TYPES.get(token)
