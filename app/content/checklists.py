"""Load and check the pre-departure checklist, content/checklists/<lang>/<id>.md.

One file per item and language: a TOML header between `+++` lines (see
app.content.frontmatter) and an optional Markdown body. The checks are the
articles' checks (app.content.articles), each reported as `path:line:
message`, plus the checklist's own: a known group and sectors, and links
only to rights articles that exist.

    +++
    id = "copy-your-passport"
    title = "Make copies of your passport"
    group = "documents"
    order = 2
    why = "If your passport is lost or taken, a copy helps you get a new one."
    red_flags = ["Someone asks to keep your passport"]
    evidence = ["A paper copy of your passport"]
    origins = ["*"]
    destinations = ["*"]
    sectors = ["*"]
    related = ["keep-your-passport"]
    last_reviewed = 2026-11-26
    translation = "source"

    [[sources]]
    instrument = "ILO Domestic Workers Convention, 2011 (No. 189)"
    article = "Article 9"
    +++
    Optional Markdown with more detail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Container
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.content.articles import article_files, line_of_link, read_header
from app.content.frontmatter import Document
from app.content.problems import ContentProblem
from app.content.schema import Countries, SourceModel
from app.core.articles import (
    ARTICLE_ID,
    ARTICLE_LINK,
    Source,
    TranslationStatus,
    differing_fields,
    status_problems,
)
from app.core.checklist import ANY, SHARED_FIELDS, ChecklistItem, Group
from app.core.codes import Sector
from app.core.languages import SOURCE_LANGUAGE


def _sectors(value: tuple[str, ...]) -> tuple[str, ...]:
    known = {s.value for s in Sector}
    bad = [s for s in value if s != ANY and s not in known]
    if bad:
        raise ValueError(
            f"unknown sector {', '.join(map(repr, bad))}; "
            f"use '*' or one of: {', '.join(s.value for s in Sector)}"
        )
    return value


def _article_ids(value: tuple[str, ...]) -> tuple[str, ...]:
    bad = [r for r in value if not re.match(ARTICLE_ID, r)]
    if bad:
        raise ValueError(f"not an article id: {', '.join(bad)}")
    repeated = sorted({r for r in value if value.count(r) > 1})
    if repeated:
        raise ValueError(f"duplicate id: {', '.join(repeated)}")
    return value


Line = Annotated[str, Field(min_length=1, max_length=300)]


class ItemModel(BaseModel):
    """The header of one checklist item file; the language is its folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ARTICLE_ID, max_length=80)
    title: str = Field(min_length=1, max_length=120)
    group: Group
    order: int = Field(ge=1, le=999)
    why: str = Field(min_length=1, max_length=600)
    red_flags: tuple[Line, ...] = Field(min_length=1)
    evidence: tuple[Line, ...] = Field(min_length=1)
    sources: tuple[SourceModel, ...] = Field(min_length=1)
    origins: Countries
    destinations: Countries
    sectors: Annotated[tuple[str, ...], Field(min_length=1), AfterValidator(_sectors)]
    related: Annotated[tuple[str, ...], AfterValidator(_article_ids)] = ()
    last_reviewed: dt.date
    translation: TranslationStatus

    def to_item(self, lang: str, body: str) -> ChecklistItem:
        return ChecklistItem(
            id=self.id,
            lang=lang,
            group=self.group,
            order=self.order,
            title=self.title,
            why=self.why,
            red_flags=self.red_flags,
            evidence=self.evidence,
            sources=tuple(Source(s.instrument, s.article) for s in self.sources),
            origins=self.origins,
            destinations=self.destinations,
            sectors=self.sectors,
            related=self.related,
            last_reviewed=self.last_reviewed,
            translation=self.translation,
            body=body,
        )


@dataclass(frozen=True)
class _Loaded:
    item: ChecklistItem
    path: Path
    doc: Document


def load_checklists(
    root: Path, registry: Container[str], article_ids: Collection[str]
) -> tuple[list[ChecklistItem], list[ContentProblem]]:
    """Every item under `root` whose own file has no problem, and every
    problem found. `registry` holds the known language codes (a
    LanguageRegistry will do); `article_ids` are the English rights
    articles that `related` and body links may point to."""
    problems: list[ContentProblem] = []
    loaded: list[_Loaded] = []
    files = article_files(root)
    for lang, path in files:
        if lang not in registry:
            problems.append(
                ContentProblem(path, 1, f"folder {lang!r} is not a language in languages.toml")
            )
            continue
        one = _load_one(lang, path, article_ids, problems)
        if one is not None:
            loaded.append(one)
    # a broken English file is reported by itself, not again in its translations
    english_ids = {path.stem for lang, path in files if lang == SOURCE_LANGUAGE}
    problems += _across_files(loaded, english_ids)
    bad = {p.path for p in problems}
    problems.sort()
    return [one.item for one in loaded if one.path not in bad], problems


def _load_one(
    lang: str, path: Path, article_ids: Collection[str], problems: list[ContentProblem]
) -> _Loaded | None:
    read = read_header(path, ItemModel, problems, noun="an item", choices={"group": Group})
    if read is None:
        return None
    doc, model = read
    body = doc.body if doc.body.strip() else ""
    for target in model.related:
        if target not in article_ids:
            problems.append(
                ContentProblem(
                    path, doc.line_of("related"), f"no English rights article with id {target!r}"
                )
            )
    for target in ARTICLE_LINK.findall(body):
        if target not in article_ids:
            problems.append(
                ContentProblem(
                    path,
                    line_of_link(doc, target),
                    f"broken link: no English rights article with id {target!r}",
                )
            )
    return _Loaded(model.to_item(lang, body), path, doc)


def _across_files(loaded: list[_Loaded], english_ids: set[str]) -> list[ContentProblem]:
    problems = []
    originals = {one.item.id: one.item for one in loaded if one.item.lang == SOURCE_LANGUAGE}
    for one in loaded:
        item, path, doc = one.item, one.path, one.doc
        for message in status_problems(item.id, item.lang, item.translation, english_ids, "item"):
            problems.append(ContentProblem(path, doc.line_of("translation"), message))
        original = originals.get(item.id)
        if original is not None and original is not item:
            for name in differing_fields(item, original, SHARED_FIELDS):
                problems.append(
                    ContentProblem(
                        path, doc.line_of(name), f"{name} differs from the English original"
                    )
                )
    return problems
