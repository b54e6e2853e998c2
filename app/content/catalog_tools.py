"""Keep the UI catalogs in step with the code.

`extract()` collects every `_("...")` and `ngettext(...)` string of one
domain's code into a template; `update_catalogs()` writes each domain's
messages.pot and merges it into every <code>.po of that domain, so a
translator sees exactly which strings are new.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app import __version__
from app.content.catalogs import DOMAINS, catalog_path, template_path
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


def _domain_of(relative: Path) -> str:
    """The domain a source file (relative to app/) belongs to."""
    for domain, (_, code) in DOMAINS.items():
        if code and relative.is_relative_to(code):
            return domain
    return "messages"


def extract(code_dir: Path, domain: str = "messages") -> Catalog:
    """The template of one domain: the strings of the code that belongs to it."""
    template = _new_catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        code_dir, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if _domain_of(Path(filename)) != domain:
            continue
        template.add(
            message,
            locations=[(str(Path(code_dir.name) / filename), lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def update_catalogs(
    code_dir: Path,
    translations_dir: Path,
    registry: LanguageRegistry,
    domains: Iterable[str] = DOMAINS,
) -> list[Path]:
    """Write each domain's template and merge it into each language's catalog."""
    written: list[Path] = []
    for domain in domains:
        written += _update_domain(code_dir, translations_dir, registry, domain)
    return written


def _update_domain(
    code_dir: Path, translations_dir: Path, registry: LanguageRegistry, domain: str
) -> list[Path]:
    template = extract(code_dir, domain)
    if domain != "messages" and not len(template):
        return []  # a feature with no strings yet needs no catalog
    written = [template_path(translations_dir, domain)]
    written[0].parent.mkdir(parents=True, exist_ok=True)
    with written[0].open("wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True, width=0)
    for code in registry.codes:
        if code == SOURCE_LANGUAGE:
            continue
        path = catalog_path(translations_dir, code, domain)
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
