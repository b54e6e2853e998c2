"""Rights articles as values, and the decisions made about them: which
translation to show, what is wrong with a translation's status.

An article is one Markdown file per language with a TOML header; reading
and validating files happens in app.content, which hands over these values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

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


@dataclass(frozen=True)
class Volatility(StrEnum):
    """How fast the facts change, which sets how soon to review them."""

    LOW = "low"  # an ILO Convention: changes rarely
    MEDIUM = "medium"
    HIGH = "high"  # a national reform, a minimum wage: re-check often


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: an instrument and the article in it."""

    instrument: str
    article: str


@dataclass(frozen=True)
class ArticleHeader:
    """An article's header, already validated (see app.content.schema)."""

    id: str
    title: str
    topic: Topic
    stages: tuple[Stage, ...]
    countries: tuple[str, ...]
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    next_review: dt.date
    volatility: Volatility
    translation: TranslationStatus
    related: tuple[str, ...] = ()

    def is_stale(self, today: dt.date) -> bool:
        """Past its next review: the reader is told it may be out of date."""
        return today > self.next_review


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


def body_blocks(body: str) -> list[tuple[bool, str]]:
    """A Markdown body cut where a screen reader should stop: each heading,
    paragraph and list on its own, in order, as (is a heading, its text).
    Drawn as one piece, a whole article was one label to a screen reader,
    with no moving by heading or paragraph, and its links read last."""
    blocks: list[tuple[bool, str]] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append((False, "\n".join(lines)))
            lines.clear()

    for line in body.splitlines():
        if line.lstrip().startswith("#"):
            flush()
            blocks.append((True, line.strip()))
        elif line.strip():
            lines.append(line)
        else:
            flush()
    flush()
    return blocks


#: one item of a Markdown list that is a link to an article and nothing else
#: an item that is a link and nothing else: "- [words](article:id)", or
#: numbered ("3. [words](article:id)."), with the full stop a sentence
#: ends with in any of our scripts
_LINK_ITEM = re.compile(
    r"^\s*(?:[-*+]|(\d{1,3})[.)])\s+\[([^\]\n]+)\]\((article:[^)\s]+)\)[.।။።۔]?\s*$"
)


@dataclass(frozen=True)
class LinkItem:
    words: str
    target: str
    #: its number in a numbered list ("the 11 signs"), None in a bulleted one
    number: int | None = None


def link_list(block: str) -> list[LinkItem] | None:
    """Each item when the block is a list of links to articles and nothing
    else (an article's "Read more", the warning signs), else None. Drawn as
    buttons rather than Markdown, each can be reached by Tab and is heard
    as something to open; Markdown's links are neither."""
    found = [_LINK_ITEM.match(line) for line in block.splitlines()]
    if not found or not all(found):
        return None
    return [
        LinkItem(m.group(2), m.group(3), int(m.group(1)) if m.group(1) else None)
        for m in found
        if m is not None
    ]


def pick_language(available: Iterable[str], chain: Sequence[str]) -> str | None:
    """The first language of the chain that the article exists in."""
    have = set(available)
    return next((code for code in chain if code in have), None)


def translation_problems(article: Article, originals: Collection[str]) -> list[str]:
    """What is wrong with how an article says it was translated."""
    return status_problems(article.id, article.lang, article.header.translation, originals)


def status_problems(
    text_id: str,
    lang: str,
    status: TranslationStatus,
    originals: Collection[str],
    noun: str = "article",
) -> list[str]:
    """What is wrong with how a text (an article, a checklist item) says it
    was translated, given the ids that have an English original."""
    if lang == "en":
        return (
            []
            if status is TranslationStatus.SOURCE
            else [f"an English {noun} is the original: translation must be 'source'"]
        )
    problems = []
    if status is TranslationStatus.SOURCE:
        problems.append("only the English original may say translation = 'source'")
    if text_id not in originals:
        problems.append(f"translation of {text_id!r}, which has no English original")
    return problems


@dataclass(frozen=True)
class ArticleSummary:
    """What a list shows of an article, in the language it will be shown in."""

    id: str
    lang: str
    title: str
    topic: Topic
    stages: tuple[Stage, ...] = ()
    countries: tuple[str, ...] = ("*",)

    def matches(self, stage: Stage | None = None, country: str | None = None) -> bool:
        """In this journey stage and this destination (None: any). An article
        for every country ("*") matches each country."""
        if stage is not None and stage not in self.stages:
            return False
        return country is None or "*" in self.countries or country in self.countries


def destination_countries(summaries: Iterable[ArticleSummary]) -> list[str]:
    """The countries some article is specific to, sorted, for browsing."""
    return sorted({c for s in summaries for c in s.countries if c != "*"})


class InLanguage(Protocol):
    """Anything written in one language under a stable id: an article, an
    article summary, a checklist item."""

    @property
    def id(self) -> str: ...

    @property
    def lang(self) -> str: ...


T = TypeVar("T", bound=InLanguage)


def best_of_each(rows: Iterable[T], chain: Sequence[str]) -> list[T]:
    """One row per id: the one earliest in the language chain (rows in no
    language of the chain are dropped), in the order ids were first met."""
    rank = {code: i for i, code in enumerate(chain)}
    best: dict[str, T] = {}
    for row in rows:
        if row.lang not in rank:
            continue
        current = best.get(row.id)
        if current is None or rank[row.lang] < rank[current.lang]:
            best[row.id] = row
    return list(best.values())


def best_per_id(rows: Iterable[ArticleSummary], chain: Sequence[str]) -> list[ArticleSummary]:
    """One summary per article id: the one earliest in the language chain."""
    return sorted(
        best_of_each(rows, chain), key=lambda s: (list(Topic).index(s.topic), s.title.casefold())
    )


#: header fields a translation must share with its English original
SHARED_FIELDS = (
    "topic", "stages", "countries", "sources", "related", "last_reviewed",
    "next_review", "volatility",
)  # fmt: skip


def differences_from_original(translation: Article, original: Article) -> list[str]:
    """The shared header fields in which a translation differs from its
    original: a translation says the same thing, from the same sources."""
    return differing_fields(translation.header, original.header, SHARED_FIELDS)


def differing_fields(translation: object, original: object, names: Iterable[str]) -> list[str]:
    """The fields among `names` whose values differ between the two."""
    return [name for name in names if getattr(translation, name) != getattr(original, name)]
