"""Where Haki's files live: the one place that knows paths.

Shipped files (content, translations, fonts) are read relative to the
package, because in a built phone app they sit read-only beside the code.
Writable data goes to a per-user data folder, chosen here and nowhere else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
RIGHTS_DIR = CONTENT_DIR / "rights"
HELP_DIR = CONTENT_DIR / "help"
CHECKLISTS_DIR = CONTENT_DIR / "checklists"
TRANSLATIONS_DIR = CONTENT_DIR / "translations"
LANGUAGES_FILE = TRANSLATIONS_DIR / "languages.toml"
ASSETS_DIR = ROOT / "assets"
#: the web client's font list, read before it first draws (app.content.web_fonts)
WEB_FONT_MANIFEST = ASSETS_DIR / "assets" / "FontManifest.json"

DB_FILENAME = "haki.db"


def default_data_dir() -> Path:
    """The per-user folder for the local database.

    A built Flet app tells us its data folder through FLET_APP_STORAGE_DATA;
    elsewhere we follow each desktop platform's convention.
    """
    flet_data = os.environ.get("FLET_APP_STORAGE_DATA")
    if flet_data:
        return Path(flet_data)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "Haki"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Haki"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "haki"


def cache_dir() -> Path:
    """The per-user folder for what Haki can make again (the web client's
    compressed files): nothing a person entered goes here."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "Haki" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "Haki"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "haki"


def content_updates_dir(data_dir: Path) -> Path:
    """Where content updates are kept, one tree per version."""
    return data_dir / "content-updates"


def db_path(data_dir: Path) -> Path:
    """The local SQLite file inside a data folder."""
    return data_dir / DB_FILENAME


def visitors_dir(data_dir: Path) -> Path:
    """Where the stores of phones served by this device are kept while
    they are open (app.visitors)."""
    return data_dir / "visitors"
