"""Role assignments: ``RoleAssignment``, ``assign_role`` and the built-in role table.

``iaccore.azure.rbac.roles`` and ``iaccore.azure.rbac.config`` are pure (no Pulumi import); the
component and ``assign_role`` live in ``iaccore.azure.rbac.assignment``.
"""
