"""Bring the store's content index in line with the bundled content files.

Runs at start-up; parses and imports only when the content hash changed,
so a normal start costs one hash of the files and one query.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.content.fingerprint import content_hash, content_stamp
from app.content.problems import ContentProblem
from app.core.languages import LanguageRegistry
from app.store.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportReport:
    imported: bool
    articles: int = 0
    problems: list[ContentProblem] = field(default_factory=list)


def import_if_changed(
    store: Store,
    root: Path,
    registry: LanguageRegistry,
    help_root: Path | None = None,
    checklists_root: Path | None = None,
) -> ImportReport:
    """Import the articles under `root`, and the help directory and the
    checklist beside it (`root`/../help and `root`/../checklists unless
    given), when any of them changed."""
    help_root = help_root if help_root is not None else root.parent / "help"
    checklists_root = checklists_root if checklists_root is not None else root.parent / "checklists"
    trigram = registry.trigram_languages()
    roots = (root, help_root, checklists_root)
    # which languages are indexed by trigrams is part of what was imported
    languages = ",".join(sorted(trigram))
    stamp = ":".join([*(content_stamp(r) for r in roots), languages])
    saved = store.content_hash()
    if saved is not None and store.content_stamp() == stamp:
        return ImportReport(imported=False)  # the usual start: nothing read
    digest = ":".join([*(content_hash(r) for r in roots), languages])
    if saved == digest:  # the files were touched, not changed
        store.set_content_stamp(stamp)
        return ImportReport(imported=False)
    # only now: parsing needs pydantic, which a normal start never imports
    from app.content.articles import load_articles, valid_articles
    from app.content.help import load_help

    result = load_articles(root, languages=registry.codes)
    for problem in result.problems:
        log.warning("content problem, file skipped: %s", problem)
    entries, help_problems = load_help(help_root, registry.codes)
    for problem in help_problems:
        log.warning("content problem, entry skipped: %s", problem)
    store.replace_help(entries)
    articles = valid_articles(result.articles, result.problems)
    # checklist ---------------------------------------------------------
    from app.content.checklists import load_checklists
    from app.store.checklist import ChecklistStore

    english = {a.id for a in articles if a.lang == "en"}
    items, item_problems = load_checklists(checklists_root, registry, english)
    for problem in item_problems:
        log.warning("content problem, checklist item skipped: %s", problem)
    ChecklistStore(store).replace_items(items)
    # ------------------------------------------------------------------
    count = store.replace_content(articles, digest, trigram_languages=trigram)
    store.set_content_stamp(stamp)
    problems = result.problems + help_problems + item_problems
    return ImportReport(imported=True, articles=count, problems=problems)
