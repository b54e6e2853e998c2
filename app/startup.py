"""What happens between reading the settings and showing the first screen."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app import paths
from app.content.importer import import_if_changed
from app.core.languages import LanguageRegistry
from app.settings import Settings
from app.store import Store, StoreError, open_store

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """Haki cannot start; the message is one line for the person running it."""


@dataclass(frozen=True)
class AppContext:
    """Everything a UI session needs, built once per process."""

    settings: Settings
    registry: LanguageRegistry
    store: Store


def prepare(settings: Settings, registry: LanguageRegistry) -> AppContext:
    try:
        store = open_store(settings.db_path)
    except StoreError as exc:
        raise StartupError(str(exc)) from None
    report = import_if_changed(store, paths.RIGHTS_DIR, registry.codes)
    if report.imported:
        log.info(
            "content imported: %d articles, %d problems", report.articles, len(report.problems)
        )
    return AppContext(settings=settings, registry=registry, store=store)
