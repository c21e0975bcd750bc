"""AWS networking: pure subnet planning (``planning``), the VPC config models
(``config``) and the ``SecureVpc`` component (``vpc``).

This package init imports nothing, so planning and config stay importable without the AWS SDK.
"""
