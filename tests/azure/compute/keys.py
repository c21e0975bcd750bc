"""Public SSH keys for the compute tests, built from their wire format (no private halves)."""

from __future__ import annotations

import base64
import struct

from iaccore.azure.compute.config import EXAMPLE_ED25519_KEY

__all__ = ["ED25519", "PRIVATE_KEY", "ed25519_key", "rsa_key"]

ED25519 = EXAMPLE_ED25519_KEY

#: What a private key file looks like (header and a truncated body; not a usable key).
PRIVATE_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def rsa_key(bits: int, comment: str = "ops@example.com") -> str:
    """An ``ssh-rsa`` public key line whose modulus has ``bits`` bits."""
    modulus = (1 << (bits - 1)) | 1
    body = (
        _string(b"ssh-rsa")
        + _string(b"\x01\x00\x01")
        + _string(b"\x00" + modulus.to_bytes((bits + 7) // 8, "big"))
    )
    return f"ssh-rsa {base64.b64encode(body).decode()} {comment}"


def ed25519_key(seed: int) -> str:
    """A distinct well-formed ``ssh-ed25519`` public key line."""
    body = _string(b"ssh-ed25519") + _string(bytes([seed % 256]) * 32)
    return f"ssh-ed25519 {base64.b64encode(body).decode()} key{seed}"
