"""Content tools.

python -m app.content check [DIR]
    validate every article under DIR (default: the bundled content/rights),
    and the help directory and the checklist beside it; print one
    `path:line: message` per problem; exit 1 if there is any, else 0 with
    a one-line summary.
python -m app.content catalogs
    collect the UI strings from the code into messages.pot and merge them
    into every language's .po catalog (new strings arrive untranslated).
python -m app.content web-fonts
    write the web client's font list (assets/assets/FontManifest.json):
    the installed Flet's, plus every bundled font (after a Flet upgrade).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from app import paths
from app.content.articles import load_articles
from app.content.catalogs import DOMAINS
from app.content.registry import load_registry
from app.content.tree import check_tree


def check(root: Path) -> int:
    if not root.is_dir():
        print(f"{root}: not a folder", file=sys.stderr)
        return 2
    tree = check_tree(root, load_registry(paths.LANGUAGES_FILE))
    problems = tree.problems
    for problem in problems:
        print(problem)
    if problems:
        n = len(problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return 1
    if not tree.articles:
        print(f"{root}: no articles found (expected <lang>/<id>.md files)")
        return 1
    per_lang = Counter(a.lang for a in tree.articles)
    langs = ", ".join(f"{code} {per_lang[code]}" for code in sorted(per_lang))
    help_note = f", {tree.help_entries} help entries" if tree.help_entries else ""
    items_note = f", {tree.checklist_items} checklist items" if tree.checklist_items else ""
    print(
        f"ok: {len(tree.articles)} articles checked ({langs}){help_note}{items_note}, no problems"
    )
    return 0


def stats(*, as_json: bool) -> int:
    import datetime as dt
    import json

    from app.content.stats import as_json_object, as_table, language_stats

    registry = load_registry(paths.LANGUAGES_FILE)
    result = load_articles(paths.RIGHTS_DIR, languages=registry.codes)
    numbers = language_stats(result.articles, registry, paths.TRANSLATIONS_DIR, dt.date.today())
    print(json.dumps(as_json_object(numbers), indent=2) if as_json else as_table(numbers))
    return 0


def search(query: str, lang: str) -> int:
    """Import the bundled content into a scratch database and search it."""
    import tempfile

    from app.content.importer import import_if_changed
    from app.core.search import strip_marks
    from app.store.store import open_store

    registry = load_registry(paths.LANGUAGES_FILE)
    if lang not in registry:
        print(
            f"unknown language {lang!r}; choose one of: {', '.join(registry.codes)}",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "search.db")
        import_if_changed(store, paths.RIGHTS_DIR, registry)
        for hit in store.search(query, registry.chain(lang), registry.trigram_languages()):
            print(f"{hit.id}\t{strip_marks(hit.title)}")
        store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.content",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate the rights articles")
    p_check.add_argument("dir", nargs="?", type=Path, default=paths.RIGHTS_DIR)
    p_search = sub.add_parser("search", help="search the articles")
    p_search.add_argument("query")
    p_search.add_argument("--lang", default="en", help="reader's language code (default en)")
    p_stats = sub.add_parser("stats", help="how complete each language is")
    p_stats.add_argument("--json", action="store_true", help="print a JSON object")
    p_catalogs = sub.add_parser("catalogs", help="update the UI string catalogs from the code")
    p_catalogs.add_argument(
        "--domain", action="append", choices=sorted(DOMAINS), help="only this feature's catalogs"
    )
    sub.add_parser("web-fonts", help="write the web client's font list")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.dir)
    if args.command == "search":
        return search(args.query, args.lang)
    if args.command == "stats":
        return stats(as_json=args.json)
    if args.command == "catalogs":
        from app.content.catalog_tools import update_catalogs

        registry = load_registry(paths.LANGUAGES_FILE)
        domains = args.domain or list(DOMAINS)
        for path in update_catalogs(paths.ROOT / "app", paths.TRANSLATIONS_DIR, registry, domains):
            print(f"wrote {path.relative_to(paths.ROOT)}")
        return 0
    if args.command == "web-fonts":
        from app.content.web_fonts import manifest_text

        paths.WEB_FONT_MANIFEST.parent.mkdir(exist_ok=True)
        text = manifest_text(load_registry(paths.LANGUAGES_FILE))
        paths.WEB_FONT_MANIFEST.write_text(text, encoding="utf-8")
        print(f"wrote {paths.WEB_FONT_MANIFEST.relative_to(paths.ROOT)}")
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


def run() -> int:
    """main(), quiet when a reader such as `head` stops reading early."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # nowhere to print, and no traceback: the reader chose to stop.
        # Python flushes stdout again at exit; give it somewhere to go.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1  # the output was cut short
    return code


if __name__ == "__main__":
    sys.exit(run())
