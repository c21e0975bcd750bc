"""EC2: the ``Instance`` component (:mod:`.instance`) and its config (:mod:`.config`).

This package init imports nothing, so the config models stay importable without the AWS SDK.
"""
