"""The content format: a build refuses content it cannot read before it
fetches any of it, and the format's number is raised whenever what the
content files may hold changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from app import paths
from app.content.checklists import ItemModel
from app.content.help import HelpModel
from app.content.registry import load_registry
from app.content.schema import HeaderModel
from server.content import MANIFEST, content_files
from sync.content_protocol import CONTENT_FORMAT, digest, make_manifest, sign
from tests.test_content_updates import (
    NEW_WORDS,
    TODAY,
    edited,
    run_update,
    words_found,
)
from tests.test_content_updates import bundle as bundle  # noqa: F401 - fixtures
from tests.test_content_updates import device as device  # noqa: F401
from tests.test_content_updates import key as key  # noqa: F401
from tests.test_content_updates import served as served  # noqa: F401

#: the fingerprint of what content may hold, for each format since it was
#: first checked; a new format adds a line, never changes one
FINGERPRINTS = {
    2: "a3cf3b4cb80a7b51a996f0095ab5fbbd6ef7a3808dd5b9a9926621511760b968",
}


def _without_words(node: Any) -> Any:
    """A JSON schema without its titles and descriptions (a docstring
    reworded changes nothing a build refuses)."""
    if isinstance(node, dict):
        return {
            k: _without_words(v)
            for k, v in node.items()
            if not (k in ("title", "description") and isinstance(v, str))
        }
    if isinstance(node, list):
        return [_without_words(v) for v in node]
    return node


def fingerprint() -> str:
    """What a build's content check takes: the fields of an article's
    header, a help entry and a checklist item, with their types and the
    values they may take (topics, stages...), and the languages."""
    described = {
        "models": [
            _without_words(m.model_json_schema()) for m in (HeaderModel, HelpModel, ItemModel)
        ],
        "languages": sorted(load_registry(paths.LANGUAGES_FILE).codes),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def test_what_content_may_hold_changes_only_with_a_new_format():
    assert fingerprint() == FINGERPRINTS[CONTENT_FORMAT], (
        "what content files may hold changed (a field, a topic, a language...): a build "
        "made before would refuse such content only after fetching it. Raise CONTENT_FORMAT "
        "in sync/content_protocol.py, say why there, and add its fingerprint here: "
        f"{fingerprint()}"
    )


def test_content_in_another_format_is_refused_before_a_file_is_fetched(
    device, bundle, key, served, tmp_path, registry
):
    server, folder = served
    tree = edited(bundle, tmp_path / "v2")
    files = content_files(tree)
    for format_, says in ((CONTENT_FORMAT + 1, "a newer Haki"), (CONTENT_FORMAT - 1, "older")):
        manifest = make_manifest(2, TODAY, files).model_copy(update={"format": format_})
        # no file is there to fetch: asking for one would end the pass otherwise
        (folder / "files").mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).write_text(sign(manifest, key).model_dump_json())
        result = run_update(device, server.url, key, tmp_path, registry, bundle)
        assert result.installed is None and says in result.line, result.line
        # signed, so remembered: not asked for again until another is published
        again = run_update(device, server.url, key, tmp_path, registry, bundle)
        assert again.line == "content: nothing new", again.line
    # the same content in this build's format goes in
    (folder / MANIFEST).write_text(sign(make_manifest(2, TODAY, files), key).model_dump_json())
    for data in files.values():
        (folder / "files" / digest(data)).write_bytes(data)
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 2
    assert words_found(device, NEW_WORDS) == ["keep-your-passport"]
