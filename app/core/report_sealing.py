"""Seal a report's private part to the receiving organisation's public key,
and (for the organisation, and tests) open it again.

A sealed box (PyNaCl `SealedBox`: X25519 with a fresh key pair per message,
XSalsa20-Poly1305) can be opened only with the organisation's private key,
which is never in the app: once sealed, not even the phone can read it.

The plaintext is one format byte, then compact UTF-8 JSON: as is (0x00) or
raw DEFLATE (0x01, zlib wbits -15), whichever is shorter. Ciphertext cannot
be compressed later, so this is the only chance to make it small.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

PLAIN = 0x00
DEFLATE = 0x01
KEY_BYTES = 32
#: the most a sealed part may inflate to: far more than the longest report
#: (a few answers of at most 2,000 characters each)
MAX_PLAIN = 256 * 1024


class SealingError(ValueError):
    """A key or sealed blob that cannot be used."""


def public_key_from_base64(text: str) -> bytes:
    """A 32-byte X25519 public key from its base64 form (as in the config)."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SealingError("the organisation's public key is not base64") from None
    if len(raw) != KEY_BYTES:
        raise SealingError(
            f"the organisation's public key must be {KEY_BYTES} bytes, not {len(raw)}"
        )
    return raw


def pack(sealed: Mapping[str, object]) -> bytes:
    """The plaintext to seal: format byte and compact JSON, deflated if shorter."""
    text = json.dumps(sealed, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    squeezed = squeezer.compress(text) + squeezer.flush()
    if len(squeezed) < len(text):
        return bytes([DEFLATE]) + squeezed
    return bytes([PLAIN]) + text


def unpack(plaintext: bytes) -> dict[str, object]:
    """The sealed part from its plaintext. Anyone can seal to the public key
    the app carries, so whatever is wrong in it is a SealingError, and it is
    never inflated past MAX_PLAIN (a few KB of deflate can hold megabytes)."""
    if not plaintext or plaintext[0] not in (PLAIN, DEFLATE):
        raise SealingError("unknown sealed format")
    body = plaintext[1:]
    if plaintext[0] == DEFLATE:
        inflater = zlib.decompressobj(-15)
        try:
            body = inflater.decompress(body, MAX_PLAIN)
        except zlib.error as exc:
            raise SealingError(f"the sealed part cannot be inflated: {exc}") from None
        if inflater.unconsumed_tail or not inflater.eof:
            raise SealingError(f"the sealed part inflates past {MAX_PLAIN} bytes, or is cut")
    try:
        value = json.loads(body.decode())
    except (UnicodeDecodeError, ValueError) as exc:
        raise SealingError(f"the sealed part is not JSON text: {exc}") from None
    if not isinstance(value, dict):
        raise SealingError("the sealed part is not an object")
    return value


def seal(sealed: Mapping[str, object], public_key: bytes) -> str:
    """The sealed part, packed and sealed to `public_key`, in base64."""
    box = SealedBox(PublicKey(public_key))
    return base64.b64encode(box.encrypt(pack(sealed))).decode("ascii")


def open_sealed(blob: str, private_key: bytes) -> dict[str, object]:
    """The organisation's side: the sealed part back from its base64 blob."""
    try:
        plaintext = SealedBox(PrivateKey(private_key)).decrypt(base64.b64decode(blob))
    except (CryptoError, binascii.Error, ValueError) as exc:
        raise SealingError(f"cannot open the sealed part: {exc}") from None
    return unpack(plaintext)
