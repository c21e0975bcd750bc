"""The iaccore version: read by hatchling and exposed as ``iaccore.__version__``."""

__version__ = "0.1.0"
