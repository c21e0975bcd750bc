"""IAM: ``IamRole``, its config model and typed policy documents.

``iaccore.aws.iam.policy`` is pure (no Pulumi import); the role component lives in
``iaccore.aws.iam.role``.
"""
