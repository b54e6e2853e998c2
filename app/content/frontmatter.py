"""Split a content file into its TOML header and Markdown body, keeping lines.

The header sits between two lines that hold only `+++`. TOML (not YAML) so
that a country code like NO stays a string, and because Python reads it
with no extra package. Every error carries the line in the whole file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

DELIMITER = "+++"
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True)
class Document:
    header: dict[str, Any]
    header_lines: list[str]  # the raw header, for finding a field's line
    body: str
    body_first_line: int  # line number of the body's first line in the file

    def line_of(self, *loc: str | int) -> int:
        """The file line where a header field (or an item of an array of
        tables, like ("sources", 1, "article")) is written; line 1 when the
        field is missing, since that is where the header opens."""
        if not loc:
            return 1
        key = str(loc[0])
        start = 0
        if len(loc) >= 2 and isinstance(loc[1], int):
            tables = [i for i, text in enumerate(self.header_lines) if text.strip() == f"[[{key}]]"]
            if loc[1] < len(tables):
                start = tables[loc[1]]
                if len(loc) >= 3:
                    key = str(loc[2])
                else:
                    return start + 2
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?{re.escape(key)}\]\]?\s*$)")
        for i in range(start, len(self.header_lines)):
            if pattern.match(self.header_lines[i]):
                return i + 2  # +1 for 1-based, +1 for the opening +++ line
        return start + 2 if start else 1


def parse(text: str) -> Document:
    lines = text.splitlines()
    if not lines or lines[0].strip() != DELIMITER:
        raise FrontMatterError(
            1, f"the file must start with a '{DELIMITER}' line opening the header"
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == DELIMITER)
    except StopIteration:
        raise FrontMatterError(1, f"the header is never closed by a '{DELIMITER}' line") from None
    header_lines = lines[1:end]
    try:
        header = tomllib.loads("\n".join(header_lines))
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = int(match.group(1)) + 1 if match else 1
        message = _TOML_LINE.sub(lambda m: f"(column {m.group(2)})", str(exc))
        raise FrontMatterError(line, f"header is not valid TOML: {message}") from None
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    first = end + 2
    while first - 1 < len(lines) and not lines[first - 1].strip():
        first += 1
    return Document(header, header_lines, body, first)
