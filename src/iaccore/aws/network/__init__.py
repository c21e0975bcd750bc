"""AWS networking: pure subnet planning (:mod:`.planning`), the VPC config models
(:mod:`.config`) and the ``SecureVpc`` component (:mod:`.vpc`).

This package init imports nothing, so planning and config stay importable without the AWS SDK.
"""
