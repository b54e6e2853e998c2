"""Content is imported on first run and again only when it changed."""

from __future__ import annotations

import os

from app.content.importer import import_if_changed
from tests.conftest import ArticleWriter, article_text


def test_first_run_imports_then_nothing_until_a_file_changes(
    tmp_path, store, registry, write_article: ArticleWriter
):
    root = tmp_path / "rights"
    path = write_article("en", "keep-your-passport")
    first = import_if_changed(store, root, registry)
    assert first.imported and first.articles == 1

    assert not import_if_changed(store, root, registry).imported

    path.write_text(article_text(title="Your passport is yours"), "utf-8")
    third = import_if_changed(store, root, registry)
    assert third.imported
    assert store.article_summaries(("en",))[0].title == "Your passport is yours"


def test_a_bad_file_is_skipped_and_the_rest_imported(
    tmp_path, store, registry, write_article: ArticleWriter
):
    root = tmp_path / "rights"
    write_article("en", "keep-your-passport")
    write_article("en", "no-recruitment-fees", topic="gardening")
    report = import_if_changed(store, root, registry)
    assert report.articles == 1
    assert [p.line for p in report.problems] == [4]
    assert [s.id for s in store.article_summaries(("en",))] == ["keep-your-passport"]


def test_a_new_file_triggers_an_import(tmp_path, store, registry, write_article: ArticleWriter):
    root = tmp_path / "rights"
    write_article("en", "keep-your-passport")
    import_if_changed(store, root, registry)
    write_article("am", "keep-your-passport", translation="machine")
    assert import_if_changed(store, root, registry).articles == 2


def test_a_file_touched_but_unchanged_is_not_imported_again(
    tmp_path, store, registry, write_article: ArticleWriter
):
    root = tmp_path / "rights"
    path = write_article("en", "keep-your-passport")
    import_if_changed(store, root, registry)
    stamp = store.content_stamp()
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert not import_if_changed(store, root, registry).imported
    assert store.content_stamp() not in (None, stamp)  # the next start reads nothing


def test_a_change_of_the_same_size_is_imported(
    tmp_path, store, registry, write_article: ArticleWriter
):
    root = tmp_path / "rights"
    path = write_article("en", "keep-your-passport", title="Keep your passport")
    import_if_changed(store, root, registry)
    st = path.stat()
    path.write_text(article_text(title="Keep your Passport"), "utf-8")
    assert path.stat().st_size == st.st_size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert import_if_changed(store, root, registry).imported


def test_a_store_that_asks_for_an_import_gets_one_whatever_the_stamp(
    tmp_path, store, registry, write_article: ArticleWriter
):
    root = tmp_path / "rights"
    write_article("en", "keep-your-passport")
    import_if_changed(store, root, registry)
    # what a migration does to have the content imported into new tables
    store.conn.execute("delete from content_meta where key = 'hash'")
    store.conn.commit()
    assert import_if_changed(store, root, registry).imported


def test_an_article_body_is_cut_where_a_screen_reader_stops():
    from app.core.articles import body_blocks

    body = (
        "## What this means\n\nA debt ties you to a job.\nIt keeps growing.\n"
        "## What you can do\n- Keep every receipt.\n- Read [this](article:recruitment-debt).\n\n"
        "1. First\n2. Second\n\n\n"
    )
    assert body_blocks(body) == [
        (True, "## What this means"),
        (False, "A debt ties you to a job.\nIt keeps growing."),
        (True, "## What you can do"),
        (False, "- Keep every receipt.\n- Read [this](article:recruitment-debt)."),
        (False, "1. First\n2. Second"),
    ]
    assert body_blocks("") == []


def test_a_list_of_links_and_nothing_else_is_told_apart():
    from app.core.articles import LinkItem, link_list

    assert link_list(
        "- [Keep your passport](article:keep-your-passport)\n* [Pay](article:pay)"
    ) == [
        LinkItem("Keep your passport", "article:keep-your-passport"),
        LinkItem("Pay", "article:pay"),
    ]
    # numbered, each a sentence (the warning signs), in any script
    assert link_list(
        "1. [Someone keeps your passport](article:retention).\n"
        "2. [ፓስፖርትዎን ይይዛሉ](article:retention)።\n"
        "10. [पासपोर्ट रख लेता है](article:retention)।\n"
        "11) [کوئی آپ کا پاسپورٹ رکھ لیتا ہے](article:retention)۔"
    ) == [
        LinkItem("Someone keeps your passport", "article:retention", 1),
        LinkItem("ፓስፖርትዎን ይይዛሉ", "article:retention", 2),
        LinkItem("पासपोर्ट रख लेता है", "article:retention", 10),
        LinkItem("کوئی آپ کا پاسپورٹ رکھ لیتا ہے", "article:retention", 11),
    ]
    assert link_list("1. [One](article:one), and more.") is None
    # words beside a link, a plain item or a paragraph: Markdown as it is
    assert link_list("- Read [this](article:recruitment-debt).") is None
    assert link_list("- [One](article:one)\n- Two") is None
    assert link_list("[One](article:one)") is None
    assert link_list("- [Elsewhere](https://example.org)") is None  # offline: articles only
