"""Content updates: published signed by the organisation, served by a real
server on 127.0.0.1, checked and installed by the device; anything not
signed by a trusted key, older, altered on the way or not valid content
leaves the device's content as it was."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from nacl.signing import SigningKey
from pydantic import ValidationError

from app import paths
from app.content.importer import import_if_changed
from app.content.updates import HIGHEST_KEY, ContentSource, ContentUpdates
from app.core.languages import LanguageRegistry
from app.store.store import Store
from server.content import MANIFEST, publish
from server.testing import ServerProcess
from sync.client import SyncClient
from sync.content_protocol import (
    CONTENT_PREFIX,
    UpdateRefused,
    check_newer,
    make_manifest,
    public_key_of,
    sign,
    verify,
)
from sync.content_update import update_content
from sync.errors import BadAnswer
from tests.conftest import article_text
from tests.fake_http import answering
from tests.test_views import ui as ui  # noqa: F401 - the fixture

TODAY = dt.date(2026, 11, 28)
CHANGED = "rights/en/keep-your-passport.md"
#: a translation the update removes: Arabic readers then see the English one
REMOVED = "rights/ar/going-home.md"
ADDED = "rights/en/passport-kept-by-agency.md"
NEW_WORDS = "Zanzibarite"  # a word no bundled article has


def small_bundle(target: Path) -> Path:
    """The bundled content in English and Arabic only: quick to check."""
    shutil.copytree(paths.HELP_DIR, target / "help")
    for lang in ("en", "ar"):
        shutil.copytree(paths.RIGHTS_DIR / lang, target / "rights" / lang)
    shutil.copytree(paths.CHECKLISTS_DIR / "en", target / "checklists" / "en")
    return target


def edited(bundle: Path, target: Path) -> Path:
    """The bundle with one article changed, one added, one removed."""
    shutil.copytree(bundle, target)
    passport = target / CHANGED
    passport.write_text(
        passport.read_text("utf-8").replace(
            "## What this means", f"## What this means\n\nA {NEW_WORDS} note.\n", 1
        ),
        "utf-8",
    )
    (target / ADDED).write_text(
        article_text("passport-kept-by-agency", title="The agency kept my passport"), "utf-8"
    )
    (target / REMOVED).unlink()
    return target


@pytest.fixture
def key() -> bytes:
    return bytes(SigningKey.generate())


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return small_bundle(tmp_path / "bundle")


@pytest.fixture
def device(store: Store, bundle: Path, registry: LanguageRegistry) -> Store:
    import_if_changed(store, bundle / "rights", registry)
    return store


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path]]:
    folder = tmp_path / "published"
    with ServerProcess(tmp_path / "server.db", ["--rate", "0", "--content", str(folder)]) as s:
        yield s, folder


def updater(store: Store, tmp_path: Path, bundle: Path) -> ContentUpdates:
    return ContentUpdates(store, tmp_path / "data", bundle=bundle)


def run_update(store: Store, url: str, key: bytes, tmp_path: Path, registry, bundle: Path):
    client = SyncClient(url)
    source = ContentSource((public_key_of(key),), tmp_path / "data", registry, bundle)
    try:
        return update_content(store, client, source)
    finally:
        client.close()


def words_found(store: Store, words: str, lang: str = "en") -> list[str]:
    return [h.id for h in store.search(words, (lang, "en"), ())]


# -- the manifest and its signature -----------------------------------------


def test_a_signed_manifest_is_read_back_only_with_a_trusted_key_and_unchanged(key: bytes):
    manifest = make_manifest(3, TODAY, {CHANGED: b"text"})
    signed = sign(manifest, key)
    assert verify(signed, [public_key_of(key)]) == manifest
    other = bytes(SigningKey.generate())
    with pytest.raises(UpdateRefused, match="does not trust"):
        verify(signed, [public_key_of(other)])
    # the same key id, another key's signature: the bytes decide
    forged = sign(manifest, other).model_copy(update={"key": signed.key})
    with pytest.raises(UpdateRefused, match="does not match"):
        verify(forged, [public_key_of(key)])
    altered = signed.model_copy(
        update={"manifest": signed.manifest.replace('"version":3', '"version":4')}
    )
    with pytest.raises(UpdateRefused, match="does not match"):
        verify(altered, [public_key_of(key)])
    check_newer(manifest, 2)
    with pytest.raises(UpdateRefused, match="not newer"):
        check_newer(manifest, 3)


@pytest.mark.parametrize(
    "path",
    [
        "../config/haki.toml",
        "rights/en/../../main.py",
        "/etc/passwd",
        "translations/en.po",
        "rights/en/Keep.md",
        "rights/en/keep.py",
        "rights/en/a/b/c/keep.md",
    ],
)
def test_an_update_names_only_content_files(path: str):
    with pytest.raises(ValidationError):
        make_manifest(1, TODAY, {path: b"x"})


# -- from publishing to the device --------------------------------------------


def test_an_update_brings_changed_added_and_removed_articles_fetching_only_those(
    device, bundle, key, served, tmp_path, registry
):
    server, folder = served
    publish(edited(bundle, tmp_path / "v1"), folder, key, 1, TODAY)
    assert words_found(device, NEW_WORDS) == []

    result = run_update(device, server.url, key, tmp_path, registry, bundle)

    assert result.installed == 1
    assert "2 files fetched" in result.line  # the changed and the added article, no more
    assert words_found(device, NEW_WORDS) == ["keep-your-passport"]
    assert device.article("passport-kept-by-agency", ("en",)) is not None
    going_home = device.article("going-home", ("ar", "en"))
    assert going_home is not None and going_home.lang == "en"  # the Arabic one went
    updates = updater(device, tmp_path, bundle)
    installed = updates.installed()
    assert installed is not None and installed.version == 1 and installed.published == TODAY
    assert updates.root_in_use() == installed.root
    # asked again: the server says nothing changed (304), nothing is fetched
    again = run_update(device, server.url, key, tmp_path, registry, bundle)
    assert again.installed is None and again.line == "content: nothing new"


def test_a_file_altered_on_the_server_is_refused_and_fetched_again_next_time(
    device, bundle, key, served, tmp_path, registry
):
    server, folder = served
    manifest = publish(edited(bundle, tmp_path / "v1"), folder, key, 1, TODAY)
    sha = manifest.by_path()[CHANGED].sha256
    good = (folder / "files" / sha).read_bytes()
    (folder / "files" / sha).write_bytes(good.replace(b"passport", b"pasport"))

    with pytest.raises(BadAnswer, match="does not match"):
        run_update(device, server.url, key, tmp_path, registry, bundle)
    assert words_found(device, NEW_WORDS) == []
    assert updater(device, tmp_path, bundle).installed() is None
    assert not any((tmp_path / "data" / "content-updates").glob("*/rights"))

    (folder / "files" / sha).write_bytes(good)  # the server's copy repaired
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 1
    assert words_found(device, NEW_WORDS) == ["keep-your-passport"]


def test_an_update_signed_by_another_key_is_refused_and_its_tag_not_trusted(
    device, bundle, key, served, tmp_path, registry
):
    """Refused, and its tag not remembered: anyone between the phone and the
    server can send a forged manifest under the real one's tag (it is
    public), which would then never be taken."""
    server, folder = served
    stranger = bytes(SigningKey.generate())
    publish(edited(bundle, tmp_path / "v1"), folder, stranger, 1, TODAY)

    result = run_update(device, server.url, key, tmp_path, registry, bundle)
    assert result.installed is None and "does not trust" in result.line
    assert words_found(device, NEW_WORDS) == []
    assert updater(device, tmp_path, bundle).etag() is None
    # the organisation's own, published under the same version, is taken
    shutil.rmtree(folder)
    publish(edited(bundle, tmp_path / "v1b"), folder, key, 1, TODAY)
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 1


def test_a_damaged_update_is_set_aside_and_taken_again(
    device, bundle, key, served, tmp_path, registry
):
    """A power cut while the tree was written leaves files cut short; or
    the folder goes. The bundle is read instead, never half a tree, and the
    same version may come again."""
    server, folder = served
    publish(edited(bundle, tmp_path / "v1"), folder, key, 1, TODAY)
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 1
    updates = updater(device, tmp_path, bundle)
    installed = updates.installed()
    assert installed is not None
    (installed.root / CHANGED).write_bytes(b"")  # cut short
    assert updates.root_in_use() == bundle
    assert updates.installed() is None
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 1
    assert words_found(device, NEW_WORDS) == ["keep-your-passport"]
    root = updates.root_in_use()
    shutil.rmtree(root)  # gone
    assert updates.root_in_use() == bundle
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 1


@pytest.mark.parametrize(
    "record", ['{"version": 2}', '{"version": "../x", "published": "2026-11-28"}', "not json"]
)
def test_a_damaged_record_of_the_update_is_no_update(device, bundle, tmp_path, record):
    from app.content.updates import INSTALLED_KEY

    device.set_setting(INSTALLED_KEY, record)
    updates = updater(device, tmp_path, bundle)
    assert updates.installed() is None and updates.root_in_use() == bundle


def test_an_answer_that_inflates_past_the_limit_is_refused_unread(tmp_path):
    """A few kilobytes of gzip that would inflate to gigabytes (from a
    server that is not trusted, or anyone between): read up to the limit."""
    import gzip

    from sync.client import MAX_ANSWER

    bomb = gzip.compress(b" " * (MAX_ANSWER * 4), 9)
    assert len(bomb) < MAX_ANSWER // 100
    with answering(200, bomb, {"Content-Encoding": "gzip"}) as hostile:
        client = SyncClient(hostile.url)
        try:
            with pytest.raises(BadAnswer, match="over"):
                client.content_manifest(None)
        finally:
            client.close()


def test_an_older_update_cannot_come_back(device, bundle, key, tmp_path, registry):
    newer, older = tmp_path / "pub2", tmp_path / "pub1"
    publish(edited(bundle, tmp_path / "v2"), newer, key, 2, TODAY)
    publish(bundle, older, key, 1, TODAY - dt.timedelta(days=30))
    with ServerProcess(tmp_path / "s.db", ["--rate", "0", "--content", str(newer)]) as s:
        assert run_update(device, s.url, key, tmp_path, registry, bundle).installed == 2
    # an old manifest replayed (by a server, or anything between)
    with ServerProcess(tmp_path / "s.db", ["--rate", "0", "--content", str(older)]) as s:
        result = run_update(device, s.url, key, tmp_path, registry, bundle)
    assert result.installed is None and "not newer" in result.line
    assert words_found(device, NEW_WORDS) == ["keep-your-passport"]


def test_signed_content_this_build_cannot_use_is_refused_with_its_file_and_line(
    device, bundle, key, served, tmp_path, registry
):
    """Signed, but not valid content (here an article with no source: a
    newer publishing tool, or one that skipped the check)."""
    server, folder = served
    tree = edited(bundle, tmp_path / "v1")
    (tree / ADDED).write_text(article_text("passport-kept-by-agency", sources=""), "utf-8")
    files = {p.relative_to(tree).as_posix(): p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    manifest = make_manifest(1, TODAY, files)
    (folder / "files").mkdir(parents=True)
    for data in files.values():
        from sync.content_protocol import digest

        (folder / "files" / digest(data)).write_bytes(data)
    (folder / MANIFEST).write_text(sign(manifest, key).model_dump_json())

    result = run_update(device, server.url, key, tmp_path, registry, bundle)

    assert result.installed is None
    assert f"{ADDED}:" in result.line and "source" in result.line, result.line
    assert words_found(device, NEW_WORDS) == []
    assert not (tmp_path / "data" / "content-updates").exists() or not any(
        (tmp_path / "data" / "content-updates").iterdir()
    )


def test_a_new_app_with_new_content_sets_the_old_update_aside(
    device, bundle, key, served, tmp_path, registry
):
    server, folder = served
    publish(edited(bundle, tmp_path / "v1"), folder, key, 1, TODAY)
    assert run_update(device, server.url, key, tmp_path, registry, bundle).installed == 1
    updates = updater(device, tmp_path, bundle)
    root = updates.root_in_use()
    assert root != bundle
    # the same bundle, its files touched (copied again): the update stays
    for path in (bundle / "rights" / "en").iterdir():
        path.touch()
    assert updates.root_in_use() == root
    # a new build whose content differs: its own content is used
    (bundle / "rights" / "en" / "minimum-wage.md").write_text(
        (bundle / "rights" / "en" / "minimum-wage.md").read_text("utf-8") + "\nMore.\n", "utf-8"
    )
    assert updates.root_in_use() == bundle
    assert updates.installed() is None and not root.exists()
    assert device.get_setting(HIGHEST_KEY) == "1"  # version 1 cannot come back


# -- the server's side -----------------------------------------------------------


def test_the_server_serves_the_manifest_with_a_tag_and_files_by_hash(bundle, key, served, tmp_path):
    server, folder = served
    url = server.url + CONTENT_PREFIX
    none = requests.get(url + "/manifest", timeout=10)
    assert none.status_code == 404 and "no content" in none.json()["detail"]

    manifest = publish(bundle, folder, key, 1, TODAY)
    first = requests.get(url + "/manifest", timeout=10)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    assert verify_text(first.text, key).version == 1
    tag = first.headers["ETag"]
    unchanged = requests.get(url + "/manifest", headers={"If-None-Match": tag}, timeout=10)
    assert unchanged.status_code == 304 and unchanged.content == b""
    weakened = requests.get(
        url + "/manifest", headers={"If-None-Match": f'"x", W/{tag}'}, timeout=10
    )
    assert weakened.status_code == 304  # as a proxy may pass it on

    wanted = manifest.by_path()[CHANGED]
    got = requests.post(url + "/files", json={"sha256": [wanted.sha256]}, timeout=10)
    assert got.status_code == 200
    assert got.json()["files"][wanted.sha256] == (bundle / CHANGED).read_text("utf-8")

    unknown = requests.post(url + "/files", json={"sha256": ["0" * 64]}, timeout=10)
    assert unknown.status_code == 404 and "0" * 64 in unknown.json()["detail"]
    for bad in ({"sha256": ["../../haki-server.db"]}, {"sha256": ["a" * 64] * 201}, {}):
        assert requests.post(url + "/files", json=bad, timeout=10).status_code == 422

    # a version published while the server runs is served at once
    publish(edited(bundle, tmp_path / "v2"), folder, key, 2, TODAY)
    newer = requests.get(url + "/manifest", headers={"If-None-Match": tag}, timeout=10)
    assert newer.status_code == 200 and verify_text(newer.text, key).version == 2


def verify_text(text: str, key: bytes):
    from sync.content_protocol import SignedManifest

    return verify(SignedManifest.model_validate_json(text), [public_key_of(key)])


# -- the commands -------------------------------------------------------------------


def content_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.content", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(paths.ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_keygen_then_publish_and_what_they_refuse(bundle, tmp_path):
    keyfile = tmp_path / "signing.key"
    made = content_command("keygen", str(keyfile), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600
    assert "update_keys = [" in made.stdout
    again = content_command("keygen", str(keyfile), cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr

    out = tmp_path / "out"
    common = ["--key", str(keyfile), "--content", str(bundle), "--out", str(out)]
    done = content_command("publish", "--version", "1", *common, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "published version 1" in done.stdout and (out / MANIFEST).is_file()
    same = content_command("publish", "--version", "1", *common, cwd=tmp_path)
    assert same.returncode == 1 and "not above version 1" in same.stderr

    broken = bundle / "rights" / "en" / "minimum-wage.md"
    broken.write_text(broken.read_text("utf-8").replace('topic = "', 'topic = "no-such-', 1))
    before = (out / MANIFEST).read_bytes()
    refused = content_command("publish", "--version", "2", *common, cwd=tmp_path)
    assert refused.returncode == 1
    assert "minimum-wage.md:" in refused.stderr and "nothing published" in refused.stderr
    assert (out / MANIFEST).read_bytes() == before
    assert json.loads(before)["key"]  # what is served is still version 1's, signed


# -- the app ----------------------------------------------------------------------


def test_the_app_takes_an_update_when_it_syncs_and_starts_with_it_next_time(
    key, served, tmp_path, registry
):
    """The whole way: config/haki.toml trusts the key, start-up sync fetches
    the update, and the next start reads it without importing again."""
    import base64

    from app.settings import from_args
    from app.startup import prepare

    server, folder = served
    publish(edited(paths.CONTENT_DIR, tmp_path / "v1"), folder, key, 1, TODAY)
    config = tmp_path / "haki.toml"
    shipped = (paths.ROOT / "config" / "haki.toml").read_text("utf-8")
    trusted = base64.b64encode(public_key_of(key)).decode()
    config.write_text(
        shipped.replace("http://127.0.0.1:8787", server.url).replace(
            "update_keys = []", f'update_keys = ["{trusted}"]'
        ),
        "utf-8",
    )
    argv = ["--data-dir", str(tmp_path / "data"), "--config", str(config)]
    settings = from_args(argv, registry.codes)
    assert settings.content_keys == (public_key_of(key),)

    context = prepare(settings, registry)
    assert words_found(context.store, NEW_WORDS) == []
    assert context.sync is not None
    context.sync.start()
    try:
        assert context.sync.wait_idle(60)
        assert words_found(context.store, NEW_WORDS) == ["keep-your-passport"]
    finally:
        context.sync.stop()
        context.store.close()

    again = prepare(from_args(argv, registry.codes), registry)
    try:
        assert words_found(again.store, NEW_WORDS) == ["keep-your-passport"]
        assert again.store.article("passport-kept-by-agency", ("en",)) is not None
    finally:
        again.store.close()


def test_a_configured_update_key_that_is_not_a_key_stops_the_start(tmp_path, registry):
    from app.settings import SettingsError, from_args

    config = tmp_path / "haki.toml"
    shipped = (paths.ROOT / "config" / "haki.toml").read_text("utf-8")
    config.write_text(shipped.replace("update_keys = []", 'update_keys = ["c2hvcnQ="]'))
    with pytest.raises(SettingsError, match=r"\[content\] update_keys"):
        from_args(["--data-dir", str(tmp_path), "--config", str(config)], registry.codes)


def test_about_says_when_the_content_was_last_updated(ui, tmp_path, registry):
    from app.content.updates import tree_hashes
    from app.ui.routes import views_for
    from tests.test_views import texts

    def content_lines() -> str:
        return "\n".join(texts(views_for(ui, "/more/about")))

    assert "የተሻሻለው" not in content_lines()  # the reader reads Amharic
    bundle = small_bundle(tmp_path / "bundle")
    updates = ContentUpdates(ui.context.store, ui.context.settings.data_dir, bundle=bundle)
    updates.install(4, TODAY, tree_hashes(bundle), {}, registry)
    shown = content_lines()
    assert f"የተሻሻለው፦ {ui.tr.format_date(TODAY)}" in shown, shown


def test_publish_refuses_in_one_line_what_devices_could_not_take(bundle, tmp_path):
    keyfile, out = tmp_path / "signing.key", tmp_path / "out"
    assert content_command("keygen", str(keyfile), cwd=tmp_path).returncode == 0
    common = ["--key", str(keyfile), "--content", str(bundle), "--out", str(out)]

    def refused(*args: str) -> str:
        done = content_command("publish", "--version", "3", *args, cwd=tmp_path)
        assert done.returncode in (1, 2) and not (out / MANIFEST).exists(), done.stdout
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        return done.stderr

    stray = bundle / "help" / "notes.md"
    stray.write_bytes(b"caf\xe9")  # Latin-1: the server could not hand it out
    assert "help/notes.md: not UTF-8" in refused(*common)
    stray.unlink()
    (bundle / "rights" / "en" / ".DS_Store").write_bytes(b"x")
    assert "rights/en/.DS_Store: an update cannot carry" in refused(*common)
    (bundle / "rights" / "en" / ".DS_Store").unlink()
    reports_key = tmp_path / "org.key"  # the reports' key, not the content's
    from server.keys import write_private_key

    write_private_key(reports_key)
    assert "not a content signing key" in refused(
        "--key", str(reports_key), "--content", str(bundle), "--out", str(out)
    )
    out.mkdir()
    (out / MANIFEST).write_text("{damaged")
    done = content_command("publish", "--version", "3", *common, cwd=tmp_path)
    assert done.returncode == 1 and "cannot be read" in done.stderr
    assert (out / MANIFEST).read_text() == "{damaged"
