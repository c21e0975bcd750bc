"""S3: the ``SecureBucket`` component (``bucket``), its config (``config``) and naming.

This package init imports nothing, so the config models and the pure naming rules stay
importable without the AWS SDK.
"""
