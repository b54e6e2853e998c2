"""How complete each language is: articles, translation status, UI strings,
stale articles. Printed by `python -m app.content stats [--json]`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from app.content.catalogs import DOMAINS, catalog_path, template_path
from app.core.articles import Article, TranslationStatus
from app.core.languages import SOURCE_LANGUAGE, LanguageRegistry


@dataclass(frozen=True)
class LanguageStats:
    articles: int
    articles_translated_pct: float
    machine: int
    reviewed: int
    ui_translated_pct: float
    stale: int


def _message_ids(path: Path, locale: str | None = None) -> tuple[set[str], set[str]]:
    """(all ids, translated ids) of a catalog."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    every, done = set(), set()
    for m in catalog:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        every.add(key)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strings) and not m.fuzzy:
            done.add(key)
    return every, done


def language_stats(
    articles: Iterable[Article],
    registry: LanguageRegistry,
    translations_dir: Path,
    today: dt.date,
) -> dict[str, LanguageStats]:
    articles = list(articles)
    originals = {a.id for a in articles if a.lang == SOURCE_LANGUAGE}
    templates = {d: template_path(translations_dir, d) for d in DOMAINS}
    ui_ids = {d: _message_ids(t)[0] for d, t in templates.items() if t.exists()}
    ui_total = sum(len(ids) for ids in ui_ids.values())
    out: dict[str, LanguageStats] = {}
    for code in registry.codes:
        mine = [a for a in articles if a.lang == code]
        translated = {a.id for a in mine} & originals
        ui_done = 0
        for domain, ids in ui_ids.items():
            if code == SOURCE_LANGUAGE:
                ui_done += len(ids)
            elif catalog_path(translations_dir, code, domain).exists():
                _, done = _message_ids(catalog_path(translations_dir, code, domain), code)
                ui_done += len(done & ids)
        out[code] = LanguageStats(
            articles=len(mine),
            articles_translated_pct=_pct(len(translated), len(originals)),
            machine=sum(a.header.translation is TranslationStatus.MACHINE for a in mine),
            reviewed=sum(a.header.translation is TranslationStatus.REVIEWED for a in mine),
            ui_translated_pct=_pct(ui_done, ui_total),
            stale=sum(a.header.is_stale(today) for a in mine),
        )
    return out


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def as_json_object(stats: dict[str, LanguageStats]) -> dict[str, dict[str, float | int]]:
    return {code: asdict(s) for code, s in stats.items()}


def as_table(stats: dict[str, LanguageStats]) -> str:
    columns = ("articles", "translated", "machine", "reviewed", "ui", "stale")
    widths = (8, 10, 7, 8, 6, 5)
    lines = ["lang  " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))]
    for code, s in stats.items():
        lines.append(
            f"{code:<5} {s.articles:>8} {s.articles_translated_pct:>9.1f}% {s.machine:>7} "
            f"{s.reviewed:>8} {s.ui_translated_pct:>5.1f}% {s.stale:>5}"
        )
    return "\n".join(lines)
