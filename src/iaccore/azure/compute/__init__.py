"""Compute: the [`LinuxVirtualMachine`][iaccore.azure.LinuxVirtualMachine] component (``vm``),
its config (``config``) and VM naming (``naming``).

This package init imports nothing, so the config models and the pure rules stay importable
without the Azure SDK.
"""
