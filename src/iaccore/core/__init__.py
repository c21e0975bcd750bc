"""Core services of iaccore: config, metadata, components, registries, logging.

Nothing in ``iaccore.core`` imports a provider SDK.
"""
