"""What an article's header must say, checked with pydantic at the boundary.

Every rule a reviewer relies on (a source for every article, known topics
and stages, country codes, honest translation status) is written here once
and used by the importer and the content check alike. Validated headers
become plain `app.core.articles.ArticleHeader` values, so nothing past this
point (the store, the UI) needs pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from app.core.articles import (
    ARTICLE_ID,
    COUNTRY,
    ArticleHeader,
    Source,
    Stage,
    Topic,
    TranslationStatus,
    Volatility,
)


def _country_codes(value: tuple[str, ...]) -> tuple[str, ...]:
    bad = [c for c in value if not COUNTRY.match(c)]
    if bad:
        raise ValueError(f"use ISO 3166 two-letter codes or '*', not {', '.join(bad)}")
    return value


#: where an article or a help entry applies: ISO 3166 codes, or "*" for everywhere
Countries = Annotated[tuple[str, ...], Field(min_length=1), AfterValidator(_country_codes)]


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str = Field(min_length=3, max_length=200)
    article: str = Field(min_length=1, max_length=200)


class HeaderModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ARTICLE_ID, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    topic: Topic
    stages: tuple[Stage, ...] = Field(min_length=1)
    countries: Countries
    sources: tuple[SourceModel, ...] = Field(min_length=1)
    last_reviewed: dt.date
    next_review: dt.date
    volatility: Volatility
    translation: TranslationStatus
    related: tuple[str, ...] = ()

    @field_validator("related")
    @classmethod
    def _related_are_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [r for r in value if not re.match(ARTICLE_ID, r)]
        if bad:
            raise ValueError(f"not an article id: {', '.join(bad)}")
        return value

    @model_validator(mode="after")
    def _review_after_last(self) -> HeaderModel:
        if self.next_review <= self.last_reviewed:
            raise ValueError("next_review must come after last_reviewed")
        return self

    def to_header(self) -> ArticleHeader:
        return ArticleHeader(
            id=self.id,
            title=self.title,
            topic=self.topic,
            stages=self.stages,
            countries=self.countries,
            sources=tuple(Source(s.instrument, s.article) for s in self.sources),
            last_reviewed=self.last_reviewed,
            next_review=self.next_review,
            volatility=self.volatility,
            translation=self.translation,
            related=self.related,
        )
