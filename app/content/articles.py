"""Load and check the rights articles under content/rights/<lang>/<id>.md.

`load_articles` reads every file and returns the valid articles together
with every problem found, each with its file and line: the importer keeps
the valid ones, the content check prints the problems.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.content.frontmatter import Document, FrontMatterError, parse
from app.content.problems import ContentProblem
from app.content.schema import HeaderModel
from app.core.articles import Article, Topic, differences_from_original, translation_problems
from app.core.languages import SOURCE_LANGUAGE


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)
    #: where each loaded article came from, to report cross-file problems
    origins: dict[tuple[str, str], tuple[Path, Document]] = field(default_factory=dict)


def article_files(root: Path) -> list[tuple[str, Path]]:
    """(language folder, file) for every article file, in a stable order."""
    if not root.is_dir():
        return []
    return [
        (lang_dir.name, path)
        for lang_dir in sorted(p for p in root.iterdir() if p.is_dir())
        for path in sorted(lang_dir.glob("*.md"))
    ]


def load_articles(root: Path, languages: Collection[str] | None = None) -> LoadResult:
    result = LoadResult()
    files = article_files(root)
    for lang, path in files:
        if languages is not None and lang not in languages:
            result.problems.append(
                ContentProblem(path, 1, f"folder {lang!r} is not a language in languages.toml")
            )
            continue
        _load_one(lang, path, result)
    # an English file that exists but is broken is reported once, by itself:
    # its translations and the links to it are not reported as orphans
    english_ids = {path.stem for lang, path in files if lang == SOURCE_LANGUAGE}
    _check_across_files(result, english_ids)
    result.problems.sort()
    return result


def _load_one(lang: str, path: Path, result: LoadResult) -> None:
    read = read_header(path, HeaderModel, result.problems)
    if read is None:
        return
    doc, model = read
    if not doc.body.strip():
        result.problems.append(ContentProblem(path, doc.body_first_line, "the article has no body"))
        return
    article = Article(lang=lang, header=model.to_header(), body=doc.body)
    result.articles.append(article)
    result.origins[(lang, article.id)] = (path, doc)


M = TypeVar("M", bound=BaseModel)


def read_header(
    path: Path,
    model: type[M],
    problems: list[ContentProblem],
    *,
    noun: str = "an article",
    choices: Mapping[str, type[StrEnum]] | None = None,
) -> tuple[Document, M] | None:
    """Read a `<lang>/<id>.md` content file and validate its header with
    `model`, whose `id` must match the file name. On failure, add every
    problem found (with its line) to `problems` and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(ContentProblem(path, 1, f"file is not UTF-8 text ({exc.reason})"))
        return None
    try:
        doc = parse(text)
    except FrontMatterError as exc:
        problems.append(ContentProblem(path, exc.line, exc.message))
        return None
    try:
        value = model.model_validate(doc.header)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            message = explain_error(err, noun=noun, choices=choices)
            problems.append(ContentProblem(path, doc.line_of(*loc), message))
        return None
    value_id = str(getattr(value, "id", ""))
    if value_id != path.stem:
        problems.append(
            ContentProblem(
                path, doc.line_of("id"), f"id {value_id!r} must match the file name {path.stem!r}"
            )
        )
        return None
    return doc, value


def explain_error(
    err: ErrorDetails,
    *,
    noun: str = "an article",
    choices: Mapping[str, type[StrEnum]] | None = None,
) -> str:
    """One plain sentence for a pydantic error, naming the field. `choices`
    names the enum fields whose allowed values the message should list (by
    name without list positions: "contacts.kind")."""
    loc = [str(part) for part in err["loc"]]
    name = loc[0] if loc else "header"
    where = ".".join(loc)
    kind = err["type"]
    no_source = f"{noun} with no source: add a [[sources]] table with instrument and article"
    if kind == "missing":
        if name == "sources" and len(loc) == 1:
            return no_source
        return f"missing header field '{where}'"
    if name == "sources" and kind == "too_short":
        return no_source
    # the field with no list positions: "contacts.kind" for contacts.0.kind
    field = ".".join(part for part in loc if not part.isdigit())
    enum = (choices if choices is not None else {"topic": Topic}).get(field)
    if enum is not None and kind == "enum":
        return f"unknown {where} {err['input']!r}; use one of: {', '.join(e.value for e in enum)}"
    if kind == "extra_forbidden":
        return f"unknown header field '{where}'"
    if kind.startswith(("date_", "datetime_")):  # pydantic's words: "input is too short"
        return f"{where}: {err['input']!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26"
    return f"{where}: {err['msg']}"


def _check_across_files(result: LoadResult, english_ids: set[str]) -> None:
    originals = {a.id: a for a in result.articles if a.lang == SOURCE_LANGUAGE}
    for article in result.articles:
        path, doc = result.origins[(article.lang, article.id)]
        for message in translation_problems(article, english_ids):
            result.problems.append(ContentProblem(path, doc.line_of("translation"), message))
        original = originals.get(article.id)
        if original is not None and article is not original:
            for name in differences_from_original(article, original):
                result.problems.append(
                    ContentProblem(
                        path, doc.line_of(name), f"{name} differs from the English original"
                    )
                )
        for target in article.links():
            if target not in english_ids:
                line = line_of_link(doc, target)
                result.problems.append(
                    ContentProblem(
                        path, line, f"broken link: no English article with id {target!r}"
                    )
                )


def line_of_link(doc: Document, target: str) -> int:
    """The body line linking to `target`, else the `related` line."""
    for offset, text in enumerate(doc.body.splitlines()):
        if f"article:{target})" in text:
            return doc.body_first_line + offset
    return doc.line_of("related")


def valid_articles(
    articles: Iterable[Article], problems: Iterable[ContentProblem]
) -> list[Article]:
    """The articles whose own file has no problem: what the app may show."""
    bad = {(p.path.parent.name, p.path.stem) for p in problems}
    return [a for a in articles if (a.lang, a.id) not in bad]
