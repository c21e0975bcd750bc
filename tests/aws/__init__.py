"""Tests of the pure half of iaccore.aws."""
