"""EC2: the ``Instance`` component (``instance``) and its config (``config``).

This package init imports nothing, so the config models stay importable without the AWS SDK.
"""
