"""The checklist's content files: every problem reported with its file and
line, the import into the store, and the bundled items themselves."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from app import paths
from app.content.articles import load_articles
from app.content.checklists import load_checklists
from app.content.importer import import_if_changed
from app.core.checklist import Corridor, Group, for_corridor
from app.store.checklist import ChecklistStore
from tests.conftest import ArticleWriter

ARTICLES = {"keep-your-passport", "no-recruitment-fees"}

ItemWriter = Callable[..., Path]


def item_text(
    item_id: str = "copy-your-passport",
    *,
    group: str = "documents",
    order: str = "1",
    origins: str = '["*"]',
    destinations: str = '["*"]',
    sectors: str = '["*"]',
    related: str = '["keep-your-passport"]',
    translation: str = "source",
    title: str = "Make copies of your passport",
    sources: str = '[[sources]]\ninstrument = "ILO C189"\narticle = "Article 9"\n',
    body: str = "",
) -> str:
    header = textwrap.dedent(
        f"""\
        id = "{item_id}"
        title = "{title}"
        group = "{group}"
        order = {order}
        why = "A copy helps you if your passport is lost or taken."
        red_flags = ["Someone wants to keep your passport"]
        evidence = ["A paper copy of your passport"]
        origins = {origins}
        destinations = {destinations}
        sectors = {sectors}
        related = {related}
        last_reviewed = 2026-11-26
        translation = "{translation}"
        """
    )
    return f"+++\n{header}\n{sources}+++\n{body}"


@pytest.fixture
def write_item(tmp_path: Path) -> ItemWriter:
    """write_item(lang, id, text=None, **fields) -> path, under tmp_path/checklists."""

    def write(lang: str, item_id: str, text: str | None = None, **fields: str) -> Path:
        path = tmp_path / "checklists" / lang / f"{item_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text is not None else item_text(item_id, **fields), "utf-8")
        return path

    return write


def problems(root: Path) -> list[str]:
    _, found = load_checklists(root, ["en", "sw", "am"], ARTICLES)
    return [f"{p.path.parent.name}/{p.path.name}:{p.line}: {p.message}" for p in found]


def test_a_good_item_and_its_translation_load(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", body="See [your passport](article:keep-your-passport).")
    write_item("sw", "copy-your-passport", title="Nakili pasipoti yako", translation="machine")
    items, found = load_checklists(tmp_path / "checklists", ["en", "sw"], ARTICLES)
    assert found == []
    assert [(i.id, i.lang) for i in items] == [
        ("copy-your-passport", "en"),
        ("copy-your-passport", "sw"),
    ]
    english = items[0]
    assert english.group is Group.DOCUMENTS
    assert english.red_flags == ("Someone wants to keep your passport",)
    assert english.body.startswith("See [your passport]")
    assert items[1].body == ""


def test_broken_toml_is_reported_on_its_line(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", text=item_text().replace("order = 1", "order = one"))
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/copy-your-passport.md:5: header is not valid TOML")


def test_a_missing_field_points_at_the_header(tmp_path, write_item: ItemWriter):
    text = item_text().replace('why = "A copy helps you if your passport is lost or taken."\n', "")
    write_item("en", "copy-your-passport", text=text)
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:1: missing header field 'why'"
    ]


def test_an_unknown_group_is_reported_on_its_line(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", group="shopping")
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/copy-your-passport.md:4: unknown group 'shopping'; use one of:")
    assert "job_offer" in found


def test_an_unknown_sector_is_reported_on_its_line(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", sectors='["domestic_work", "mining"]')
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/copy-your-passport.md:11: sectors:")
    assert "unknown sector 'mining'" in found


def test_a_bad_country_code_is_reported_on_its_line(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", origins='["KE", "Kenya"]')
    write_item("en", "save-contacts", destinations='["sa"]')
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:9: origins: Value error, "
        "use ISO 3166 two-letter codes or '*', not Kenya",
        "en/save-contacts.md:10: destinations: Value error, "
        "use ISO 3166 two-letter codes or '*', not sa",
    ]


def test_an_empty_corridor_list_is_a_problem(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", sectors="[]")
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/copy-your-passport.md:11: sectors:")


def test_an_item_with_no_source_is_a_problem(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", sources="")
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:1: an item with no source: "
        "add a [[sources]] table with instrument and article"
    ]


def test_a_source_missing_its_article_points_at_its_table(tmp_path, write_item: ItemWriter):
    sources = (
        '[[sources]]\ninstrument = "ILO C189"\narticle = "Article 9"\n\n'
        '[[sources]]\ninstrument = "ILO C181"\n'
    )
    write_item("en", "copy-your-passport", sources=sources)
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:20: missing header field 'sources.1.article'"
    ]


def test_an_unknown_header_field(tmp_path, write_item: ItemWriter):
    text = item_text().replace("order = 1\n", "order = 1\npriority = 'must'\n")
    write_item("en", "copy-your-passport", text=text)
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:6: unknown header field 'priority'"
    ]


def test_a_translation_needs_an_english_original(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport")
    write_item("sw", "save-contacts", translation="machine")
    assert problems(tmp_path / "checklists") == [
        "sw/save-contacts.md:14: translation of 'save-contacts', which has no English original"
    ]


def test_translation_status_must_be_honest(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", translation="machine")
    write_item("sw", "copy-your-passport", translation="source")
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:14: an English item is the original: "
        "translation must be 'source'",
        "sw/copy-your-passport.md:14: only the English original may say translation = 'source'",
    ]


def test_a_translation_shares_its_originals_facts(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport")
    write_item("sw", "copy-your-passport", translation="machine", order="2", destinations='["SA"]')
    other = item_text(translation="machine").replace('article = "Article 9"', 'article = "9"')
    write_item("am", "copy-your-passport", text=other)
    assert problems(tmp_path / "checklists") == [
        "am/copy-your-passport.md:16: sources differs from the English original",
        "sw/copy-your-passport.md:5: order differs from the English original",
        "sw/copy-your-passport.md:10: destinations differs from the English original",
    ]


def test_a_translation_of_a_broken_original_is_not_called_an_orphan(
    tmp_path, write_item: ItemWriter
):
    write_item("en", "copy-your-passport", group="shopping")
    write_item("sw", "copy-your-passport", translation="machine")
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/copy-your-passport.md:4: unknown group")


def test_related_must_be_existing_rights_articles(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", related='["keep-your-passport", "no-such-article"]')
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:12: no English rights article with id 'no-such-article'"
    ]


def test_a_related_id_given_twice_is_a_duplicate(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", related='["keep-your-passport", "keep-your-passport"]')
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/copy-your-passport.md:12: related:")
    assert "duplicate id: keep-your-passport" in found


def test_a_broken_link_in_the_body_is_reported_on_its_line(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport", body="One line.\n\nRead [this](article:nowhere).\n")
    assert problems(tmp_path / "checklists") == [
        "en/copy-your-passport.md:22: broken link: no English rights article with id 'nowhere'"
    ]


def test_the_id_must_match_the_file_name(tmp_path, write_item: ItemWriter):
    write_item("en", "passport-copy", text=item_text("copy-your-passport"))
    assert problems(tmp_path / "checklists") == [
        "en/passport-copy.md:2: id 'copy-your-passport' must match the file name 'passport-copy'"
    ]


def test_an_id_must_be_kebab_case(tmp_path, write_item: ItemWriter):
    write_item("en", "Copy_Passport", text=item_text("Copy_Passport"))
    (found,) = problems(tmp_path / "checklists")
    assert found.startswith("en/Copy_Passport.md:2: id:")


def test_an_unknown_language_folder(tmp_path, write_item: ItemWriter):
    write_item("xx", "copy-your-passport")
    assert problems(tmp_path / "checklists") == [
        "xx/copy-your-passport.md:1: folder 'xx' is not a language in languages.toml"
    ]


def test_a_file_with_problems_is_left_out_and_the_rest_kept(tmp_path, write_item: ItemWriter):
    write_item("en", "copy-your-passport")
    write_item("en", "save-contacts", group="shopping")
    items, found = load_checklists(tmp_path / "checklists", ["en"], ARTICLES)
    assert [i.id for i in items] == ["copy-your-passport"]
    assert len(found) == 1


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.content", "check", *args],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=60,
    )


def test_the_check_command_reports_checklist_problems(
    tmp_path, write_article: ArticleWriter, write_item: ItemWriter
):
    write_article("en", "keep-your-passport")
    path = write_item("en", "copy-your-passport", group="shopping")
    result = run_check(str(tmp_path / "rights"))
    assert result.returncode == 1
    assert f"{path}:4: unknown group 'shopping'" in result.stdout


def test_the_check_command_counts_checklist_items(
    tmp_path, write_article: ArticleWriter, write_item: ItemWriter
):
    write_article("en", "keep-your-passport")
    write_item("en", "copy-your-passport")
    result = run_check(str(tmp_path / "rights"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == (
        "ok: 1 articles checked (en 1), 1 checklist items, no problems"
    )


def test_import_puts_items_in_the_store_and_a_change_imports_again(
    tmp_path, store, registry, write_article: ArticleWriter, write_item: ItemWriter
):
    write_article("en", "keep-your-passport")
    write_item("en", "copy-your-passport")
    write_item("sw", "copy-your-passport", translation="machine", title="Nakili pasipoti")
    write_item("en", "save-contacts", related='["no-recruitment-fees"]')  # not an article here
    report = import_if_changed(store, tmp_path / "rights", registry)
    assert report.imported
    assert [p.line for p in report.problems] == [12]
    checklist = ChecklistStore(store)
    assert [(i.id, i.lang) for i in checklist.items(("sw", "en"))] == [("copy-your-passport", "sw")]

    assert not import_if_changed(store, tmp_path / "rights", registry).imported
    write_item("en", "save-contacts")
    assert import_if_changed(store, tmp_path / "rights", registry).imported
    assert [i.id for i in checklist.items(("en",))] == ["copy-your-passport", "save-contacts"]


# the bundled checklist ----------------------------------------------------


@pytest.fixture(scope="module")
def bundled(registry):
    english = {
        a.id for a in load_articles(paths.RIGHTS_DIR, registry.codes).articles if a.lang == "en"
    }
    items, found = load_checklists(paths.CHECKLISTS_DIR, registry, english)
    assert [str(p) for p in found] == []
    return [i for i in items if i.lang == "en"]


def test_the_bundled_checklist_has_every_group(bundled):
    assert len(bundled) >= 28
    per_group = Counter(i.group for i in bundled)
    for group in Group:
        assert per_group[group] >= 3, group


def test_a_kenyan_domestic_worker_going_to_saudi_arabia_sees_most_items(bundled):
    assert len(for_corridor(bundled, Corridor("KE", "SA", "domestic_work"))) >= 20


def test_bundled_items_are_reviewed_and_sourced(bundled):
    for item in bundled:
        assert item.translation == "source", item.id
        assert item.sources and item.red_flags and item.evidence, item.id
        # reviewed since the checklist was written, and not in the future
        assert dt.date(2026, 11, 26) <= item.last_reviewed <= dt.date.today(), item.id


def test_bundled_items_have_unique_orders_in_each_group(bundled):
    seen = Counter((i.group, i.order) for i in bundled)
    assert [key for key, n in seen.items() if n > 1] == []


def test_the_readme_example_item_passes_the_check(tmp_path):
    readme = (paths.ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Adding a checklist item", 1)[1].split("\n## ", 1)[0]
    example = textwrap.dedent(section.split("```toml\n", 1)[1].split("```", 1)[0])
    path = tmp_path / "en" / "copy-your-documents.md"
    path.parent.mkdir()
    path.write_text(example, "utf-8")
    items, found = load_checklists(tmp_path, ["en"], {"keep-your-passport"})
    assert [str(p) for p in found] == []
    assert [i.id for i in items] == ["copy-your-documents"]
