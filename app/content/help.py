"""Load and check the help directory, content/help/<id>.toml.

Every entry needs a source, an English text and the date it was checked;
every contact needs its own source and checked date, so that no phone
number or address is ever shown on trust.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Collection
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.content.articles import explain_error
from app.content.problems import ContentProblem
from app.content.schema import Countries, SourceModel
from app.core.articles import ARTICLE_ID, Source, TranslationStatus, status_problems
from app.core.help import Contact, ContactKind, HelpEntry, HelpKind, HelpText
from app.core.languages import SOURCE_LANGUAGE


class TextModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    what: str = Field(min_length=1, max_length=1000)
    translation: TranslationStatus


class ContactModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ContactKind
    value: str = Field(min_length=1, max_length=300)
    source: str = Field(min_length=3, max_length=300)
    verified_on: dt.date


class HelpModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ARTICLE_ID, max_length=80)
    kind: HelpKind
    countries: Countries
    verified_on: dt.date
    sources: tuple[SourceModel, ...] = Field(min_length=1)
    text: dict[str, TextModel]
    contacts: tuple[ContactModel, ...] = ()

    def to_entry(self) -> HelpEntry:
        return HelpEntry(
            id=self.id,
            kind=self.kind,
            countries=self.countries,
            verified_on=self.verified_on,
            sources=tuple(Source(s.instrument, s.article) for s in self.sources),
            texts={code: HelpText(t.name, t.what, t.translation) for code, t in self.text.items()},
            contacts=tuple(
                Contact(c.kind, c.value, c.source, c.verified_on) for c in self.contacts
            ),
        )


def _line_of(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?{re.escape(key)}[\].])")
    return next((i + 1 for i, text in enumerate(lines) if pattern.match(text)), 1)


def load_help(
    root: Path, languages: Collection[str]
) -> tuple[list[HelpEntry], list[ContentProblem]]:
    entries: list[HelpEntry] = []
    problems: list[ContentProblem] = []
    for path in sorted(root.glob("*.toml")) if root.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        found: list[ContentProblem] = []
        try:
            entry = HelpModel.model_validate(tomllib.loads(text)).to_entry()
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+)", str(exc))
            line = int(match.group(1)) if match else 1
            problems.append(ContentProblem(path, line, f"not valid TOML: {exc}"))
            continue
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(p) for p in err["loc"]]
                where = ".".join(loc)
                message = (
                    f"missing field '{where}'"
                    if err["type"] == "missing"
                    else explain_error(
                        err,
                        noun="a help entry",
                        choices={
                            "kind": HelpKind,
                            "contacts.kind": ContactKind,
                            **{f"text.{c}.translation": TranslationStatus for c in languages},
                        },
                    )
                )
                # a language's text: the line of its own table
                key = f"text.{loc[1]}" if loc[0] == "text" and len(loc) > 1 else loc[0]
                problems.append(ContentProblem(path, _line_of(lines, key), message))
            continue
        if entry.id != path.stem:
            found.append(ContentProblem(path, _line_of(lines, "id"), "id must match the file name"))
        if SOURCE_LANGUAGE not in entry.texts:
            found.append(ContentProblem(path, 1, "an entry needs an English text: [text.en]"))
        for code, help_text in entry.texts.items():
            line = _line_of(lines, f"text.{code}")
            if code not in languages:
                found.append(ContentProblem(path, line, f"unknown language {code!r}"))
            if SOURCE_LANGUAGE not in entry.texts:
                continue  # said once, above
            for message in status_problems(
                entry.id, code, help_text.translation, {entry.id}, "help text"
            ):
                found.append(ContentProblem(path, line, message))
        problems.extend(found)
        if not found:
            entries.append(entry)
    return entries, problems
