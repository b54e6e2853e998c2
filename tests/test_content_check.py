"""The content check: every problem reported with its file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app import paths
from app.content.articles import load_articles
from tests.conftest import ArticleWriter, article_text


def problems(root: Path) -> list[str]:
    result = load_articles(root, languages=["en", "ar", "am"])
    return [f"{p.path.parent.name}/{p.path.name}:{p.line}: {p.message}" for p in result.problems]


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.content", "check", *args],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=60,
    )


def test_a_good_article_and_its_translation_have_no_problem(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    write_article("am", "keep-your-passport", title="ፓስፖርትዎን ይያዙ", translation="machine")
    assert problems(tmp_path / "rights") == []
    assert len(load_articles(tmp_path / "rights").articles) == 2


def test_broken_toml_is_reported_on_its_line(tmp_path, write_article: ArticleWriter):
    text = article_text().replace('topic = "documents"', 'topic = "documents')
    write_article("en", "keep-your-passport", text=text)
    found = problems(tmp_path / "rights")
    assert len(found) == 1
    assert found[0].startswith("en/keep-your-passport.md:4: header is not valid TOML")


def test_missing_field_points_at_the_header(tmp_path, write_article: ArticleWriter):
    text = article_text().replace('title = "Keep your passport"\n', "")
    write_article("en", "keep-your-passport", text=text)
    assert problems(tmp_path / "rights") == [
        "en/keep-your-passport.md:1: missing header field 'title'"
    ]


def test_unknown_topic_is_reported_on_the_topic_line(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport", topic="gardening")
    (found,) = problems(tmp_path / "rights")
    assert found.startswith("en/keep-your-passport.md:4: unknown topic 'gardening'")


def test_an_article_with_no_source_is_a_problem(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport", sources="")
    (found,) = problems(tmp_path / "rights")
    assert found.startswith("en/keep-your-passport.md:1: an article with no source")


def test_a_source_missing_its_article_points_at_its_table(tmp_path, write_article: ArticleWriter):
    sources = (
        '[[sources]]\ninstrument = "ILO C189"\narticle = "Article 9"\n\n'
        '[[sources]]\ninstrument = "ILO C181"\n'
    )
    write_article("en", "keep-your-passport", sources=sources)
    (found,) = problems(tmp_path / "rights")
    assert found == "en/keep-your-passport.md:17: missing header field 'sources.1.article'"


def test_a_translation_needs_an_english_original(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    write_article("ar", "weekly-rest", translation="machine")
    (found,) = problems(tmp_path / "rights")
    assert (
        found == "ar/weekly-rest.md:10: translation of 'weekly-rest', which has no English original"
    )


def test_only_english_may_call_itself_the_source(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    write_article("ar", "keep-your-passport", translation="source")
    (found,) = problems(tmp_path / "rights")
    assert found.startswith("ar/keep-your-passport.md:10: only the English original")


def test_a_broken_link_is_reported_on_its_body_line(tmp_path, write_article: ArticleWriter):
    body = "First line.\n\nSee [fees](article:no-such-article).\n"
    write_article("en", "keep-your-passport", body=body)
    (found,) = problems(tmp_path / "rights")
    assert (
        found
        == "en/keep-your-passport.md:19: broken link: no English article with id 'no-such-article'"
    )


def test_a_broken_related_id_is_reported_on_the_related_line(
    tmp_path, write_article: ArticleWriter
):
    write_article("en", "keep-your-passport", related='["missing-one"]')
    (found,) = problems(tmp_path / "rights")
    assert (
        found
        == "en/keep-your-passport.md:11: broken link: no English article with id 'missing-one'"
    )


def test_the_id_must_match_the_file_name(tmp_path, write_article: ArticleWriter):
    write_article("en", "passport", text=article_text("keep-your-passport"))
    (found,) = problems(tmp_path / "rights")
    assert found.startswith("en/passport.md:2: id 'keep-your-passport' must match")


def test_a_file_without_a_header(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport", text="Just text.\n")
    assert problems(tmp_path / "rights") == [
        "en/keep-your-passport.md:1: the file must start with a '+++' line opening the header"
    ]


def test_an_unknown_language_folder(tmp_path, write_article: ArticleWriter):
    write_article("xx", "keep-your-passport")
    (found,) = problems(tmp_path / "rights")
    assert "folder 'xx' is not a language" in found


def test_command_prints_path_and_line_and_exits_1(tmp_path, write_article: ArticleWriter):
    text = article_text().replace('topic = "documents"', "topic = documents")
    path = write_article("en", "keep-your-passport", text=text)
    result = run_check(str(tmp_path / "rights"))
    assert result.returncode == 1
    assert f"{path}:4: header is not valid TOML" in result.stdout


def test_command_exits_0_with_a_summary(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    result = run_check(str(tmp_path / "rights"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok: 1 articles checked (en 1), no problems"


def test_bundled_content_passes_the_check():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")


def test_bundled_content_has_five_articles_in_the_first_three_languages(registry):
    result = load_articles(paths.RIGHTS_DIR, languages=registry.codes)
    for code in ("en", "ar", "am"):
        assert len([a for a in result.articles if a.lang == code]) >= 5, code


def test_a_broken_original_is_reported_once_not_in_its_translations(
    tmp_path, write_article: ArticleWriter
):
    text = article_text().replace('topic = "documents"', "topic = documents")
    write_article("en", "keep-your-passport", text=text)
    write_article("am", "keep-your-passport", translation="machine")
    write_article("en", "no-fees", related='["keep-your-passport"]')
    found = problems(tmp_path / "rights")
    assert found == [
        "en/keep-your-passport.md:4: header is not valid TOML: Invalid value (column 9)"
    ]


def test_next_review_must_come_after_last_review(tmp_path, write_article: ArticleWriter):
    text = article_text().replace("next_review = 2027-11-26", "next_review = 2026-01-01")
    write_article("en", "keep-your-passport", text=text)
    (found,) = problems(tmp_path / "rights")
    assert "next_review must come after last_reviewed" in found


def test_volatility_is_low_medium_or_high(tmp_path, write_article: ArticleWriter):
    text = article_text().replace('volatility = "low"', 'volatility = "sometimes"')
    write_article("en", "keep-your-passport", text=text)
    (found,) = problems(tmp_path / "rights")
    assert found.startswith("en/keep-your-passport.md:9: volatility:")


def test_a_translation_shares_its_originals_facts(tmp_path, write_article: ArticleWriter):
    write_article("en", "keep-your-passport")
    write_article("ar", "keep-your-passport", translation="machine", topic="wages")
    other = article_text(translation="machine").replace('article = "Article 9"', 'article = "9"')
    write_article("am", "keep-your-passport", text=other)
    assert problems(tmp_path / "rights") == [
        "am/keep-your-passport.md:13: sources differs from the English original",
        "ar/keep-your-passport.md:4: topic differs from the English original",
    ]


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path, write_article: ArticleWriter):
    """`check | head -1` with many problems: the pipe closes while the check
    still prints. The reading end is closed before the check starts, so
    every write fails, every time."""
    for n in range(50):
        write_article("en", f"article-{n}", text=article_text().replace("[[sources]]", "[[x]]"))
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app.content", "check", str(tmp_path / "rights")],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=paths.ROOT,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_a_broken_original_is_one_line_in_the_command_too(tmp_path):
    """The checklist and help beside the articles link to the English
    articles: a broken English header is still one problem, not one more for
    every checklist item that links to it."""
    content = tmp_path / "content"
    shutil.copytree(paths.CONTENT_DIR, content)
    path = content / "rights" / "en" / "no-recruitment-fees.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('topic = "', "topic = ", 1), encoding="utf-8")
    result = run_check(str(content / "rights"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:4: header is not valid TOML: Invalid value (column 9)"
    ]
