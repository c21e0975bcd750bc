"""Config of role assignments (skeleton; the rbac package fills it in)."""

from __future__ import annotations

from iaccore.core.config.base import IaccoreModel

__all__ = ["RoleAssignmentConfig"]


class RoleAssignmentConfig(IaccoreModel):
    """One role assignment."""
