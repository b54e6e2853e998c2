"""Rights articles: what a header must say, and how to choose a translation.

An article is one Markdown file per language with a TOML header. The header
is validated by `ArticleHeader`; every rule a reviewer relies on (a source
for every article, known topics and stages, honest translation status) is
written here once and used by the importer and the content check alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

ARTICLE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COUNTRY = re.compile(r"^(?:\*|[A-Z]{2})$")
#: A link from one article to another inside a body: [words](article:<id>)
ARTICLE_LINK = re.compile(r"\]\(article:([^)\s]*)\)")


class Topic(StrEnum):
    RECRUITMENT_FEES = "recruitment_fees"
    CONTRACT = "contract"
    DOCUMENTS = "documents"
    WAGES = "wages"
    HOURS_REST = "hours_rest"
    FREEDOM_TO_LEAVE = "freedom_to_leave"
    CHANGE_EMPLOYER = "change_employer"
    FORCED_LABOUR_SIGNS = "forced_labour_signs"
    VIOLENCE_HARASSMENT = "violence_harassment"
    FREEDOM_OF_ASSOCIATION = "freedom_of_association"
    SOCIAL_SECURITY = "social_security"
    HEALTH_SAFETY = "health_safety"
    COMPLAINTS = "complaints"
    RETURN = "return"


class Stage(StrEnum):
    PRE_DEPARTURE = "pre_departure"
    TRANSIT = "transit"
    IN_DESTINATION = "in_destination"
    RETURN = "return"


class TranslationStatus(StrEnum):
    SOURCE = "source"  # the English original
    MACHINE = "machine"  # machine-translated, not yet checked by a person
    REVIEWED = "reviewed"  # translated or checked by a person


class Source(BaseModel):
    """Where a statement comes from: an instrument and the article in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str = Field(min_length=3, max_length=200)
    article: str = Field(min_length=1, max_length=200)


class ArticleHeader(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ARTICLE_ID, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    topic: Topic
    stages: tuple[Stage, ...] = Field(min_length=1)
    countries: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    last_reviewed: dt.date
    translation: TranslationStatus
    related: tuple[str, ...] = ()

    @field_validator("countries")
    @classmethod
    def _countries_are_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if not COUNTRY.match(c)]
        if bad:
            raise ValueError(f"use ISO 3166 two-letter codes or '*', not {', '.join(bad)}")
        return value

    @field_validator("related")
    @classmethod
    def _related_are_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [r for r in value if not re.match(ARTICLE_ID, r)]
        if bad:
            raise ValueError(f"not an article id: {', '.join(bad)}")
        return value


@dataclass(frozen=True)
class Article:
    """A validated article in one language."""

    lang: str
    header: ArticleHeader
    body: str

    @property
    def id(self) -> str:
        return self.header.id

    def links(self) -> list[str]:
        """Ids this article points to, in its body and in `related`."""
        return [*ARTICLE_LINK.findall(self.body), *self.header.related]


def pick_language(available: Iterable[str], chain: Sequence[str]) -> str | None:
    """The first language of the chain that the article exists in."""
    have = set(available)
    return next((code for code in chain if code in have), None)


def translation_problems(article: Article, originals: Mapping[str, Article]) -> list[str]:
    """What is wrong with how an article says it was translated."""
    status = article.header.translation
    if article.lang == "en":
        return (
            []
            if status is TranslationStatus.SOURCE
            else ["an English article is the original: translation must be 'source'"]
        )
    problems = []
    if status is TranslationStatus.SOURCE:
        problems.append("only the English original may say translation = 'source'")
    if article.id not in originals:
        problems.append(f"translation of {article.id!r}, which has no English original")
    return problems


@dataclass(frozen=True)
class ArticleSummary:
    """What a list shows of an article, in the language it will be shown in."""

    id: str
    lang: str
    title: str
    topic: Topic


def best_per_id(rows: Iterable[ArticleSummary], chain: Sequence[str]) -> list[ArticleSummary]:
    """One summary per article id: the one earliest in the language chain."""
    rank = {code: i for i, code in enumerate(chain)}
    best: dict[str, ArticleSummary] = {}
    for row in rows:
        if row.lang not in rank:
            continue
        current = best.get(row.id)
        if current is None or rank[row.lang] < rank[current.lang]:
            best[row.id] = row
    return sorted(best.values(), key=lambda s: (list(Topic).index(s.topic), s.title.casefold()))
