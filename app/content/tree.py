"""One content tree checked as a whole: the articles under rights/, and the
help directory and the checklist beside them.

The content check command and the installing of a content update ask the
same question, so that an update is held to what the check holds the
bundled content to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.content.articles import article_files, load_articles
from app.content.checklists import load_checklists
from app.content.help import load_help
from app.content.problems import ContentProblem
from app.core.articles import Article
from app.core.languages import LanguageRegistry


@dataclass(frozen=True)
class TreeCheck:
    problems: list[ContentProblem]
    articles: list[Article]
    help_entries: int
    checklist_items: int


def check_tree(rights_root: Path, registry: LanguageRegistry) -> TreeCheck:
    """Every problem in the tree `rights_root` is the rights/ folder of."""
    result = load_articles(rights_root, languages=registry.codes)
    # the help directory beside the articles, when there is one
    entries, help_problems = load_help(rights_root.parent / "help", registry.codes)
    # the checklist beside the articles, when there is one; it may link to
    # any English file, so a broken one is reported once, by itself, and not
    # again in every item that links to it
    english = {path.stem for lang, path in article_files(rights_root) if lang == "en"}
    items, item_problems = load_checklists(rights_root.parent / "checklists", registry, english)
    return TreeCheck(
        problems=sorted(result.problems + help_problems + item_problems),
        articles=result.articles,
        help_entries=len(entries),
        checklist_items=len(items),
    )
