"""Storage: the [`SecureStorageAccount`][iaccore.azure.SecureStorageAccount] component
(``account``), its config (``config``) and the redundancy rules by location (``redundancy``).

This package init imports nothing, so the config models and the pure rules stay importable
without the Azure SDK.
"""
