"""Application: ``Application`` and its config model ``ApplicationConfig``.

The config lives in ``iaccore.kubernetes.application.config`` (no Pulumi import); the pod
template in ``_pod``; the component in ``iaccore.kubernetes.application.component``.
"""
