"""Read the language registry, content/translations/languages.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from app.core.languages import LanguageRegistry


def load_registry(path: Path) -> LanguageRegistry:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return LanguageRegistry.from_records(data.get("language", []), data.get("fonts", {}))
