"""AWS networking: pure subnet planning (:mod:`.planning`) and the ``SecureVpc`` component.

This package init imports nothing, so planning stays importable without the AWS SDK.
"""
