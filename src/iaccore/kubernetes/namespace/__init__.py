"""Namespace: ``Namespace`` and its config model ``NamespaceConfig``.

The config lives in ``iaccore.kubernetes.namespace.config`` (no Pulumi import); the component in
``iaccore.kubernetes.namespace.component``.
"""
