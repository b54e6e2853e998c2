"""Keep the UI catalogs in step with the code.

`extract()` collects every `_("...")` and `ngettext(...)` string under app/
into a template; `update_catalogs()` writes messages.pot and merges it into
every <code>.po, so a translator sees exactly which strings are new.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app import __version__
from app.content.catalogs import TEMPLATE, catalog_path
from app.core.languages import SOURCE_LANGUAGE, LanguageRegistry

KEYWORDS = {"_": None, "ngettext": (1, 2)}


def _new_catalog(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        project="Haki",
        version=__version__,
        fuzzy=False,
        copyright_holder="the Haki contributors",
        msgid_bugs_address="",
    )


def extract(code_dir: Path) -> Catalog:
    template = _new_catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        code_dir, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        template.add(
            message,
            locations=[(str(Path(code_dir.name) / filename), lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def update_catalogs(
    code_dir: Path, translations_dir: Path, registry: LanguageRegistry
) -> list[Path]:
    """Write the template and merge it into each language's catalog."""
    template = extract(code_dir)
    written = [translations_dir / TEMPLATE]
    with written[0].open("wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True, width=0)
    for code in registry.codes:
        if code == SOURCE_LANGUAGE:
            continue
        path = catalog_path(translations_dir, code)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=code)
        else:
            catalog = _new_catalog(code)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        with path.open("wb") as fh:
            write_po(fh, catalog, sort_output=True, width=0, ignore_obsolete=True)
        written.append(path)
    return written
