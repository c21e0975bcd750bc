"""A mock monitor that records every registration the SDK makes, for the graph."""

from __future__ import annotations

import threading
from typing import Any

from pulumi.runtime.mocks import MockMonitor, Mocks
from pulumi.runtime.settings import get_project, get_stack

from iaccore.synth.graph import Resource
from iaccore.synth.values import to_plain

__all__ = ["DuplicateUrnError", "RecordingMonitor"]


class DuplicateUrnError(Exception):
    """A resource was registered under a URN already taken (the run fails with this URN).

    Examples:
        >>> str(DuplicateUrnError("urn:pulumi:dev::p::demo:Thing::a"))
        "Duplicate resource URN 'urn:pulumi:dev::p::demo:Thing::a'; try giving it a unique name"
    """

    def __init__(self, urn: str) -> None:
        super().__init__(f"Duplicate resource URN '{urn}'; try giving it a unique name")
        self.urn = urn


class RecordingMonitor(MockMonitor):
    """``MockMonitor`` that keeps each registration request, its response and stack outputs.

    Examples:
        >>> from iaccore.synth.mocks import IaccoreMocks
        >>> RecordingMonitor(IaccoreMocks()).recorded()
        []
    """

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self._lock = threading.Lock()
        self._records: list[Resource] = []
        self._outputs: dict[str, Any] = {}
        self.output_secrets: tuple[tuple[str, ...], ...] = ()
        self._stack_urn: str | None = None
        self._urns: set[str] = set()
        #: URNs registered more than once, in order (the real engine refuses the second).
        self.duplicate_urns: list[str] = []

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """The URN the Pulumi engine gives: the parent's full qualified type chain (the root
        stack's type omitted), ``$``-joined with ``type_``; ``MockMonitor`` keeps only the
        parent's last type and includes the stack's, so its URNs differ from real stacks."""
        if parent:
            parent_type = parent.split("::")[2]
            if parent_type != "pulumi:pulumi:Stack":
                type_ = f"{parent_type}${type_}"
        return "urn:pulumi:" + "::".join([get_stack(), get_project(), type_, name])

    def _claim(self, urn: str) -> None:
        """Refuse a URN registered before, as the Pulumi engine does."""
        with self._lock:
            if urn in self._urns:
                self.duplicate_urns.append(urn)
                raise DuplicateUrnError(urn)
            self._urns.add(urn)

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        if request.type != "pulumi:pulumi:Stack":
            self._claim(self.make_urn(request.parent, request.type, request.name))
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        inputs, secret_paths = to_plain(request.object)
        state, _ = to_plain(response.object) if response.object else ({}, ())
        timeouts = {
            key: value
            for key, value in (
                ("create", request.customTimeouts.create),
                ("update", request.customTimeouts.update),
                ("delete", request.customTimeouts.delete),
            )
            if value
        }
        record = Resource(
            urn=response.urn,
            type=request.type,
            name=request.name,
            parent=request.parent or None,
            custom=bool(request.custom),
            id=response.id or None,
            provider=request.provider or None,
            inputs=inputs,
            outputs=state,
            dependencies=tuple(sorted(set(request.dependencies))),
            property_dependencies={
                key: tuple(sorted(value.urns))
                for key, value in sorted(request.propertyDependencies.items())
            },
            secret_inputs=secret_paths,
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            delete_before_replace=bool(request.deleteBeforeReplace),
            ignore_changes=tuple(request.ignoreChanges),
            custom_timeouts=timeouts,
            aliases=tuple(sorted(_alias_text(a) for a in request.aliases)),
            providers=dict(sorted(request.providers.items())),
        )
        with self._lock:
            self._records.append(record)
            if request.type == "pulumi:pulumi:Stack":
                self._stack_urn = response.urn
        return response

    def ReadResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        self._claim(self.make_urn(request.parent, request.type, request.name))
        return super().ReadResource(request)  # type: ignore[no-untyped-call]

    def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        with self._lock:
            is_stack = request.urn == self._stack_urn
        if is_stack:
            outputs, secrets = to_plain(request.outputs)
            with self._lock:
                self._outputs = outputs if isinstance(outputs, dict) else {}
                self.output_secrets = secrets
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]

    def recorded(self) -> list[Resource]:
        """Every registration so far."""
        with self._lock:
            return list(self._records)

    def recorded_outputs(self) -> dict[str, Any]:
        """The stack outputs (secrets masked)."""
        with self._lock:
            return dict(self._outputs)


def _alias_text(alias: Any) -> str:
    if alias.WhichOneof("alias") == "urn":
        return str(alias.urn)
    spec = alias.spec
    parts = [f"name={spec.name}"] if spec.name else []
    if spec.type:
        parts.append(f"type={spec.type}")
    if spec.WhichOneof("parent") == "parentUrn":
        parts.append(f"parent={spec.parentUrn}")
    elif spec.WhichOneof("parent") == "noParent":
        parts.append("noParent")
    return ",".join(parts) or "spec"
