"""Fetching and installing a content update, from the sync thread.

One pass: ask for the manifest (a 304 when it is the one handled last),
check its signature, that its content format is this build's and that it
is newer than anything installed, fetch the files this device lacks in
groups, check each against its hash, and hand the lot to
app.content.updates to check as content and put in place; then import it,
as a new bundle is imported at start-up.

A signed update refused (an old version, another content format, content
this build cannot read) is not fetched again until the server publishes
another; a manifest whose signature fails is asked for again next time; a
failed connection leaves everything as it was, for the next pass.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.content.importer import import_if_changed
from app.content.updates import ContentSource, ContentUpdates, InstallRefused, tree_hashes
from app.store.store import Store
from sync.client import SyncClient
from sync.content_protocol import (
    UpdateRefused,
    check_file,
    check_format,
    check_newer,
    in_groups,
    verify,
    wanted,
)
from sync.errors import BadAnswer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UpdateResult:
    #: the version installed by this pass, if one was
    installed: int | None
    #: one line, for logs and the command line
    line: str


def update_content(store: Store, client: SyncClient, source: ContentSource) -> UpdateResult:
    """One pass; SyncError when the server could not be asked."""
    updates = ContentUpdates(store, source.data_dir, source.bundle)
    got = client.content_manifest(updates.etag())
    if got is None:
        return UpdateResult(None, "content: nothing new")
    signed, etag = got
    try:
        manifest = verify(signed, source.keys)
    except UpdateRefused as exc:
        # its tag is not remembered: anyone between can send a forged
        # manifest under the real one's tag, which would then never be taken
        log.warning("content update refused: %s", exc)
        return UpdateResult(None, f"content: update refused: {exc}")
    try:
        check_format(manifest)  # before anything is fetched
        check_newer(manifest, updates.floor())
        held = tree_hashes(updates.root_in_use())
        need = wanted(manifest, held)
        fetched: dict[str, bytes] = {}
        for group in in_groups(need):
            answer = client.content_files([f.sha256 for f in group])
            for f in group:
                data = answer.get(f.sha256)
                if data is None:
                    raise BadAnswer(f"the server did not send {f.path}")
                try:
                    check_file(f, data)
                except UpdateRefused as exc:  # the server's copy, not the update: next pass
                    raise BadAnswer(str(exc)) from None
                fetched[f.sha256] = data
        root = updates.install(
            manifest.version,
            manifest.published,
            {f.path: f.sha256 for f in manifest.files},
            fetched,
            source.registry,
            held_hashes=held,
        )
    except (UpdateRefused, InstallRefused) as exc:
        # signed, but old or not content this build can use: not fetched
        # again until another is published
        updates.remember_etag(etag)
        log.warning("content update refused: %s", exc)
        return UpdateResult(None, f"content: update refused: {exc}")
    except OSError as exc:  # a full disk, say: nothing changed; the next pass tries again
        log.warning("content update not installed: %s", exc.strerror or type(exc).__name__)
        return UpdateResult(None, "content: update not installed: the device cannot write it")
    updates.remember_etag(etag)
    import_if_changed(store, root / "rights", source.registry)
    log.info("content update %d installed", manifest.version)
    return UpdateResult(
        manifest.version,
        f"content: version {manifest.version} installed, {len(fetched)} files fetched",
    )
