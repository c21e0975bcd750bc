"""Print the installed versions of the packages a resolution is judged by, on one line.

CI (``.ci/run``) and the nox test sessions run it with each environment's interpreter, so the
output shows which pulumi and SDKs the newest, the lowest and the locked resolutions picked.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

PACKAGES = (
    "pulumi",
    "pulumi-aws",
    "pulumi-azure-native",
    "pulumi-kubernetes",
    "pulumi-policy",
    "pydantic",
)


def installed(name: str) -> str:
    """``name==version``, or ``name (not installed)``."""
    try:
        return f"{name}=={version(name)}"
    except PackageNotFoundError:
        return f"{name} (not installed)"


if __name__ == "__main__":
    print(" ".join(installed(name) for name in PACKAGES))  # noqa: T201 - the script's output
