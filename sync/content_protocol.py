"""Content updates on the wire: a signed manifest, and the files it names.

Rights content changes after a phone has left the shop: a law is amended,
a complaint line moves. An update must not become a way to tell workers
something false, so the organisation signs what it publishes, offline, with
an Ed25519 key the server never holds; the app trusts only the public keys
in its own configuration. A server (or a network) that is not trusted can
then hold an update back, but cannot change one.

What is signed is a manifest: the version, the day it was published, and
every content file (its path under content/, its size and its sha256). The
files themselves travel unsigned and are checked against their hashes, as
The Update Framework does with its targets. The signature covers the
manifest's exact bytes, so no JSON needs to be made canonical.

Versions only go up: a device refuses a manifest whose version is not above
the one it installed last, so an old update cannot be replayed to bring
back what a newer one corrected.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Final

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

CONTENT_PREFIX: Final = "/api/v1/content"
#: Ed25519 keys and signatures, in bytes
KEY_BYTES: Final = 32
SIGNATURE_BYTES: Final = 64
#: The most files a manifest may name, and the most one request may ask for.
MAX_FILES: Final = 5_000
MAX_ASK: Final = 200
#: The most bytes of files one request asks for (by the manifest's sizes).
MAX_GROUP_BYTES: Final = 2 * 1024 * 1024
#: The largest file, and the largest manifest, in bytes.
MAX_FILE_BYTES: Final = 256 * 1024
MAX_MANIFEST_BYTES: Final = 2 * 1024 * 1024
#: The folders of content/ an update may change (not the translations, the
#: fonts or the languages: those come with the app)
FOLDERS: Final = ("rights", "help", "checklists")

#: a path under content/: a known folder, then lower-case names, no "..",
#: ending in a content file's extension
PATH_PATTERN: Final = re.compile(
    r"^(?:rights|help|checklists)(?:/[a-z0-9][a-z0-9_-]{0,63}){0,2}/[a-z0-9][a-z0-9_.-]{0,95}"
    r"\.(?:md|toml)$"
)
SHA256: Final = r"^[0-9a-f]{64}$"
#: What this build reads of the content files, as a manifest says it. A
#: build's models refuse a field, a topic or a language they do not know,
#: so content that may hold one is a new format: a build refuses it before
#: fetching any file (check_format), instead of fetching the whole update
#: to find its content check fails. tests/test_content_format.py fails
#: until this is raised when what content may hold changes.
#: 2: a help entry says how each of its texts was translated.
CONTENT_FORMAT: Final = 2

ContentPath = Annotated[str, StringConstraints(pattern=PATH_PATTERN.pattern)]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256)]


class UpdateRefused(Exception):
    """An update this device will not install; the reason is one line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManifestFile(_Strict):
    path: ContentPath
    size: int = Field(ge=0, le=MAX_FILE_BYTES)
    sha256: Sha256


class Manifest(_Strict):
    """Every content file of one published version."""

    #: what is needed to read the files (CONTENT_FORMAT of the build that published it)
    format: int = Field(default=CONTENT_FORMAT, strict=True, ge=1)
    version: int = Field(strict=True, ge=1, le=2**53)
    published: dt.date
    files: list[ManifestFile] = Field(min_length=1, max_length=MAX_FILES)

    def by_path(self) -> dict[str, ManifestFile]:
        return {f.path: f for f in self.files}


class SignedManifest(_Strict):
    """A manifest's bytes (as text) and an Ed25519 signature over them."""

    manifest: str = Field(max_length=MAX_MANIFEST_BYTES)
    #: base64 of the 64-byte signature
    signature: str = Field(max_length=128)
    #: which key signed it: key_id() of its public half
    key: str = Field(pattern=r"^[0-9a-f]{16}$")


class FilesQuery(_Strict):
    """POST /api/v1/content/files: the files wanted, by sha256."""

    sha256: list[Sha256] = Field(min_length=1, max_length=MAX_ASK)


class FilesAnswer(_Strict):
    """sha256 -> the file's text (content files are UTF-8)."""

    files: dict[str, str]


def key_id(public_key: bytes) -> str:
    """A short name for a public key, so a device knows which to try."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def public_key_of(signing_key: bytes) -> bytes:
    return bytes(SigningKey(signing_key).verify_key)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_manifest(version: int, published: dt.date, files: Mapping[str, bytes]) -> Manifest:
    """The manifest of `files` (path under content/ -> bytes), checked."""
    return Manifest(
        version=version,
        published=published,
        files=[
            ManifestFile(path=path, size=len(data), sha256=digest(data))
            for path, data in sorted(files.items())
        ],
    )


def sign(manifest: Manifest, signing_key: bytes) -> SignedManifest:
    text = manifest.model_dump_json()
    signed = SigningKey(signing_key).sign(text.encode())
    return SignedManifest(
        manifest=text,
        signature=base64.b64encode(signed.signature).decode("ascii"),
        key=key_id(public_key_of(signing_key)),
    )


def verify(signed: SignedManifest, trusted: Iterable[bytes]) -> Manifest:
    """The manifest, once its signature is checked against the trusted
    public key it names; UpdateRefused otherwise."""
    keys = {key_id(k): k for k in trusted}
    public = keys.get(signed.key)
    if public is None:
        raise UpdateRefused(f"signed by key {signed.key}, which this device does not trust")
    try:
        signature = base64.b64decode(signed.signature, validate=True)
    except (binascii.Error, ValueError):
        raise UpdateRefused("the signature is not base64") from None
    if len(signature) != SIGNATURE_BYTES:
        raise UpdateRefused("the signature is not an Ed25519 signature")
    data = signed.manifest.encode()
    try:
        VerifyKey(public).verify(data, signature)
    except BadSignatureError:
        raise UpdateRefused("the signature does not match the manifest") from None
    try:
        manifest = Manifest.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "manifest"
        raise UpdateRefused(f"the signed manifest is not valid: {where}: {first['msg']}") from None
    paths = [f.path for f in manifest.files]
    if len(set(paths)) != len(paths):
        raise UpdateRefused("the signed manifest names a file twice")
    return manifest


def check_format(manifest: Manifest) -> None:
    """Only content in the format this build reads goes in."""
    if manifest.format > CONTENT_FORMAT:
        raise UpdateRefused(
            f"version {manifest.version} is in content format {manifest.format}, and this "
            f"build of Haki reads format {CONTENT_FORMAT}: a newer Haki is needed to take it"
        )
    if manifest.format < CONTENT_FORMAT:
        raise UpdateRefused(
            f"version {manifest.version} is in content format {manifest.format}, older than "
            f"the format {CONTENT_FORMAT} this build of Haki reads"
        )


def check_newer(manifest: Manifest, installed: int) -> None:
    """Only a version above the one installed last (0: none) goes in."""
    if manifest.version <= installed:
        raise UpdateRefused(
            f"version {manifest.version} is not newer than version {installed}, installed already"
        )


def wanted(manifest: Manifest, held: Mapping[str, str]) -> list[ManifestFile]:
    """The files of `manifest` whose bytes the device lacks, given the
    sha256 of each file it holds (by path); each wanted once."""
    have = set(held.values())
    out: dict[str, ManifestFile] = {}
    for f in manifest.files:
        if f.sha256 not in have:
            out.setdefault(f.sha256, f)
    return list(out.values())


def check_file(expected: ManifestFile, data: bytes) -> None:
    if len(data) != expected.size or digest(data) != expected.sha256:
        raise UpdateRefused(f"{expected.path} does not match the signed manifest")


def in_groups(files: Sequence[ManifestFile]) -> list[list[ManifestFile]]:
    """The files in groups to ask for at once: at most MAX_ASK files and
    MAX_GROUP_BYTES (so that an answer stays well within what the client
    reads, sync.client.MAX_ANSWER)."""
    groups: list[list[ManifestFile]] = []
    size = 0
    for f in files:
        if not groups or len(groups[-1]) >= MAX_ASK or size + f.size > MAX_GROUP_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(f)
        size += f.size
    return groups
