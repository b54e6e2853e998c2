"""Content updates on this device: which content tree is in use, and how a
checked update becomes it.

The bundled content (content/ beside the code) is read-only in a built
app. An update is a whole content tree (rights/, help/, checklists/) of
its own, in the data folder under content-updates/<version>/: files the
update left as they were are copied from the tree in use, the others come
from the server. It is made in a folder of its own, checked as the content
check checks the bundled content (sync.content_protocol checked its
signature and every file's hash before), and only then moved into place
and recorded. A device stopped halfway keeps the tree it had.

An update is made for the content bundled with one build of the app. A new
build brings its own content, which may already hold what the update said,
and more: the update is then set aside, and the next one is fetched
against the new bundle. The highest version ever installed stays recorded,
so an old update cannot come back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from app import paths
from app.content.fingerprint import content_hash, content_stamp, files_under
from app.core.languages import LanguageRegistry
from app.store.store import Store

log = logging.getLogger(__name__)

#: the update in use: {"version", "published", "bundle_stamp", "bundle_hash"}
INSTALLED_KEY = "content_update"
#: the highest version ever installed (never goes down)
HIGHEST_KEY = "content_update.highest"
#: the server's tag for the last manifest handled, so an unchanged one is
#: not downloaded again
ETAG_KEY = "content_update.etag"
#: a version whose tree was found damaged, which may therefore be taken again
RETAKE_KEY = "content_update.retake"
#: the folders of a content tree, in the order the importer takes them
FOLDERS = ("rights", "help", "checklists")


@dataclass(frozen=True)
class ContentSource:
    """What a device needs to take content updates."""

    #: the Ed25519 public keys it trusts (config/haki.toml [content] update_keys)
    keys: tuple[bytes, ...]
    data_dir: Path
    registry: LanguageRegistry
    #: the content the app was built with
    bundle: Path = paths.CONTENT_DIR


@dataclass(frozen=True)
class InstalledUpdate:
    version: int
    published: dt.date
    root: Path


class InstallRefused(Exception):
    """A checked update that still cannot be used; the reason is one line."""


def tree_stamp(root: Path) -> str:
    """A content tree's stamp (app.content.fingerprint), over its three
    folders: quick. For the bundle, and for an update's tree."""
    return ":".join(content_stamp(root / f) for f in FOLDERS)


def tree_hash(root: Path) -> str:
    """A content tree's hash: every byte read."""
    return ":".join(content_hash(root / f) for f in FOLDERS)


def tree_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path under the tree, such as rights/en/x.md; the file) for every
    file of its three folders, sorted."""
    for folder in FOLDERS:
        for rel, full in files_under(root / folder):
            yield f"{folder}/{rel}", Path(full)


def tree_hashes(root: Path) -> dict[str, str]:
    """path under the tree -> sha256, for every file of its three folders."""
    return {rel: hashlib.sha256(full.read_bytes()).hexdigest() for rel, full in tree_files(root)}


class ContentUpdates:
    """The content updates of one device: its store's records and its
    data folder's trees."""

    def __init__(self, store: Store, data_dir: Path, bundle: Path = paths.CONTENT_DIR) -> None:
        self.store = store
        self.folder = paths.content_updates_dir(data_dir)
        self.bundle = bundle

    # what is in use -------------------------------------------------------
    def installed(self) -> InstalledUpdate | None:
        record = self._record()
        if record is None:
            return None
        root = self.folder / str(record.version)
        return InstalledUpdate(record.version, record.published, root) if root.is_dir() else None

    def highest(self) -> int:
        return _int(self.store.get_setting(HIGHEST_KEY)) or 0

    def floor(self) -> int:
        """A manifest's version must be above this: the highest installed,
        or one below it when that one's tree was found damaged (to be taken
        again; still no older one)."""
        highest = self.highest()
        retake = _int(self.store.get_setting(RETAKE_KEY))
        return highest - 1 if highest and retake == highest else highest

    def etag(self) -> str | None:
        return self.store.get_setting(ETAG_KEY)

    def remember_etag(self, etag: str | None) -> None:
        if etag:
            self.store.set_setting(ETAG_KEY, etag)

    def root_in_use(self) -> Path:
        """The content tree to read: the installed update, if it is whole and
        was made for this bundle, else the bundle. Costs two listings of
        files (and, when the bundle's were touched, a hash of them) only when
        an update is installed."""
        record = self._record()
        if record is None:
            return self.bundle
        root = self.folder / str(record.version)
        if not root.is_dir() or tree_stamp(root) != record.tree_stamp:
            # cut short by a power cut, or files removed: never read half a tree
            log.warning("content update %s damaged: set aside, to be taken again", record.version)
            self.set_aside(retake=record.version)
            return self.bundle
        stamp = tree_stamp(self.bundle)
        if record.bundle_stamp == stamp:
            return root
        if record.bundle_hash == tree_hash(self.bundle):
            self._save(dataclasses.replace(record, bundle_stamp=stamp))  # touched, not changed
            return root
        log.info("content update %s set aside: the app brings new content", record.version)
        self.set_aside()
        return self.bundle

    def set_aside(self, retake: int | None = None) -> None:
        """Stop using the installed update. Its version stays the highest:
        no older one is taken, nor this one again unless `retake` names it."""
        self.store.delete_settings(INSTALLED_KEY, ETAG_KEY)
        if retake is not None:
            self.store.set_setting(RETAKE_KEY, str(retake))
        shutil.rmtree(self.folder, ignore_errors=True)

    # installing ------------------------------------------------------------
    def install(
        self,
        version: int,
        published: dt.date,
        files: Mapping[str, str],
        fetched: Mapping[str, bytes],
        registry: LanguageRegistry,
        held_hashes: Mapping[str, str] | None = None,
    ) -> Path:
        """Make the tree `files` names (path -> sha256) from the tree in use
        and `fetched` (sha256 -> bytes, already checked), check it, and use
        it from now on; InstallRefused, with nothing changed, if it fails
        the content check. `held_hashes`: tree_hashes of the tree in use,
        when the caller has them already (they read every file)."""
        from app.content.tree import check_tree

        current = self.root_in_use()
        hashes = tree_hashes(current) if held_hashes is None else held_hashes
        held = {sha: path for path, sha in hashes.items()}
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = self.folder / f"{version}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            for path, sha in files.items():
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if sha in fetched:
                    target.write_bytes(fetched[sha])
                elif sha in held:
                    shutil.copyfile(current / held[sha], target)
                else:
                    raise InstallRefused(f"{path} was neither held nor fetched")
            for folder in FOLDERS:
                (staging / folder).mkdir(exist_ok=True)
            check = check_tree(staging / "rights", registry)
            if check.problems:
                first = check.problems[0]
                where = os.path.relpath(first.path, staging)
                raise InstallRefused(
                    f"{len(check.problems)} content problems, the first: "
                    f"{where}:{first.line}: {first.message}"
                )
            if not check.articles:
                raise InstallRefused("the update holds no article")
            stamp = tree_stamp(staging)
            if hasattr(os, "sync"):
                os.sync()  # the files on disk before the tree is put in place
            final = self.folder / str(version)
            shutil.rmtree(final, ignore_errors=True)
            os.replace(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._save(
            Record(version, published, stamp, tree_stamp(self.bundle), tree_hash(self.bundle)),
            highest=version,
        )
        for old in self.folder.iterdir():  # the trees no longer in use
            if old != final:
                shutil.rmtree(old, ignore_errors=True)
        return final

    # the records -----------------------------------------------------------
    def _record(self) -> Record | None:
        """The update in use, or None (none, or a record that cannot be
        read: then the bundle is used, and Haki still starts)."""
        text = self.store.get_setting(INSTALLED_KEY)
        try:
            data = json.loads(text or "")
            return Record(
                version=int(data["version"]),
                published=dt.date.fromisoformat(data["published"]),
                tree_stamp=str(data["tree_stamp"]),
                bundle_stamp=str(data["bundle_stamp"]),
                bundle_hash=str(data["bundle_hash"]),
            )
        except (ValueError, TypeError, KeyError):
            return None

    def _save(self, record: Record, highest: int | None = None) -> None:
        values = {
            INSTALLED_KEY: json.dumps(
                {**dataclasses.asdict(record), "published": record.published.isoformat()}
            )
        }
        if highest is not None:
            values[HIGHEST_KEY] = str(highest)
        self.store.set_settings(values)
        if highest is not None:
            self.store.delete_settings(RETAKE_KEY)


@dataclass(frozen=True)
class Record:
    """What the store keeps of the update in use."""

    version: int
    published: dt.date
    #: app.content.fingerprint stamps: of the update's tree as written, and
    #: of the bundle it was made over (and the bundle's hash)
    tree_stamp: str
    bundle_stamp: str
    bundle_hash: str


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
