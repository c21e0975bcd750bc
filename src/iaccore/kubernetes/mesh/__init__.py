"""Service mesh: ``ServiceMesh`` (Istio) and its config model ``ServiceMeshConfig``.

The config lives in ``iaccore.kubernetes.mesh.config`` (no Pulumi import); the component in
``iaccore.kubernetes.mesh.component``.
"""
