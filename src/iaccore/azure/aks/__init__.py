"""AKS: the [`AksCluster`][iaccore.azure.AksCluster] component (``cluster``), its config
(``config``), the pure planning of names, pools and networks (``plan``), the AKS version
calendar (``versions``) and the kubelogin rewrite (``login``).

This package init imports nothing, so the config models and the pure rules stay importable
without the Azure SDK.
"""
