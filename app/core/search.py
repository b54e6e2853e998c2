"""Full-text search, the pure part: what goes into the index and the query.

SQLite's FTS5 does the matching (app.store); this module decides what text
it sees. The same `normalize` runs on the text before indexing and on every
query, so they always agree. See the project's search notes: Arabic vowel
marks must be stripped, Devanagari vowel signs kept inside words, and
scripts written without spaces (Burmese) need a trigram index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Scripts written without spaces between words: indexed by trigrams.
NO_SPACE_SCRIPTS = frozenset({"Mymr", "Thai", "Khmr", "Laoo"})

#: Marks the store puts around matched words in titles and snippets; from the
#: Private Use Area, so no article text can contain them.
MARK_START = "\ue000"
MARK_END = "\ue001"

# Arabic short vowels, shadda, sukun, superscript alef, Quranic marks, tatweel
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)|[*_`]+", re.M)
_WORD = re.compile(r"[\w\u0900-\u0dff\u1000-\u109f]+", re.U)


def normalize(text: str) -> str:
    """NFC, Arabic vowel marks and tatweel removed, alef forms unified."""
    text = unicodedata.normalize("NFC", text)
    return _ARABIC_MARKS.sub("", text).translate(_ALEF)


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup, for the index."""
    return _MARKUP.sub("", _LINK.sub(r"\1", markdown))


@dataclass(frozen=True)
class Query:
    """A query made safe for FTS5 MATCH, or None parts when nothing to match."""

    words: str | None  # for the word index: every term, the last as a prefix
    trigram: str | None  # for the trigram index: the whole text, 3+ characters
    substring: str  # for scripts without spaces when the text is too short


def parse_query(raw: str) -> Query:
    text = normalize(raw).strip()
    terms = [t for t in re.split(r"\s+", text) if t]
    # quote every term so FTS5 syntax (AND, NEAR, *, ") in input means nothing
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms if _WORD.search(t)]
    words = None
    if quoted:
        quoted[-1] += "*"  # the reader may still be typing the last word
        words = " ".join(quoted)
    compact = "".join(terms)
    trigram = '"' + compact.replace('"', '""') + '"' if len(compact) >= 3 else None
    return Query(words=words, trigram=trigram, substring=compact)


@dataclass(frozen=True)
class SearchHit:
    id: str
    lang: str
    title: str  # with MARK_START/MARK_END around matched words
    snippet: str  # a piece of the body around the match, marked the same way
    rank: float  # lower is better (FTS5 bm25)


def best_hits(hits: Iterable[SearchHit], chain: Sequence[str], limit: int) -> list[SearchHit]:
    """One hit per article: in the reader's own language when it matched
    there, else the next language of the chain; best rank first."""
    order = {code: i for i, code in enumerate(chain)}
    best: dict[str, SearchHit] = {}
    for hit in hits:
        current = best.get(hit.id)
        if current is None or (order[hit.lang], hit.rank) < (order[current.lang], current.rank):
            best[hit.id] = hit
    return sorted(best.values(), key=lambda h: (order[h.lang], h.rank))[:limit]


def split_marks(text: str) -> list[tuple[str, bool]]:
    """[(piece, is_match), ...] from a marked title or snippet, for drawing."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text)):
        if part:
            pieces.append((part, i % 2 == 1))
    return pieces


def strip_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def mark_substring(text: str, needle: str) -> str:
    """Mark every occurrence of needle (for the short-query substring scan)."""
    return text.replace(needle, f"{MARK_START}{needle}{MARK_END}") if needle else text


def excerpt(text: str, needle: str, width: int = 40) -> str:
    """A marked piece of text around the first occurrence of needle."""
    at = text.find(needle)
    if at < 0:
        return text[: width * 2]
    start, end = max(0, at - width), min(len(text), at + len(needle) + width)
    piece = mark_substring(text[start:end], needle)
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")
