"""Azure provider module (in progress): the pure parts other modules and tests already use.

Nothing here imports ``pulumi_azure_native``.
"""
