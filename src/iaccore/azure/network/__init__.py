"""Azure virtual network: [`SecureVnet`][iaccore.azure.SecureVnet], its config
(``config.py``), the pure subnet planner (``planning.py``), NSG rules (``rules.py``), names
(``names.py``) and limits (``limits.py``)."""
