"""Content is imported on first run and again only when it changed."""

from __future__ import annotations

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
