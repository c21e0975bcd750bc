"""Kubernetes provider module (in progress): labels and the kubeconfig builder shared with the
cloud modules that create clusters.

Nothing here imports ``pulumi_kubernetes``.
"""
