"""Full-text search, the pure part: what goes into the index and the query.

SQLite's FTS5 does the matching (app.store); this module decides what text
it sees. The same `normalize` runs on the text before indexing and on every
query, so they always agree. See the project's search notes: Arabic vowel
marks must be stripped, Devanagari vowel signs kept inside words, and
scripts written without spaces (Burmese) need a trigram index.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

#: Scripts written without spaces between words: indexed by trigrams.
NO_SPACE_SCRIPTS = frozenset({"Mymr", "Thai", "Khmr", "Laoo"})

#: Marks the store puts around matched words in titles and snippets; from the
#: Private Use Area, so no article text can contain them.
MARK_START = "\ue000"
MARK_END = "\ue001"

# Arabic short vowels, shadda, sukun, superscript alef, Quranic marks, tatweel;
# and the Myanmar asat, which writers put in or leave out (ပတ်စ်ပို့ and
# ပတ်စပို့ are both "passport": the second found nothing)
_DROPPED_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u103a]")
#: letters written two ways in Arabic script, one for each: alef with or without
#: hamza or madda; the Urdu and Persian heh, yeh and kaf and the Arabic ones
#: (a reader on an Arabic keyboard types تنخواه for Urdu تنخواہ). Each is one
#: character for one, so a match maps back to the text as written.
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ہ": "ه",  # heh goal -> heh
        "ی": "ي",  # farsi yeh -> yeh
        "ى": "ي",  # alef maksura -> yeh
        "ک": "ك",  # keheh -> kaf
    }
)
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)|[*_`]+", re.M)
_WORD = re.compile(r"[\w\u0900-\u0dff\u1000-\u109f]+", re.U)


def normalize(text: str) -> str:
    """NFC, Arabic vowel marks, tatweel and the Myanmar asat removed,
    letters written two ways made one (_FOLD)."""
    text = unicodedata.normalize("NFC", text)
    return _DROPPED_MARKS.sub("", text).translate(_FOLD)


def restore_marks(original: str, marked: str) -> str:
    """The marks of `marked` (normalize(original) with MARK_START/MARK_END
    around matches) put into `original`, so a reader sees the words as
    written: Urdu آپ, not the index's اپ. `marked` itself if it does not
    come from `original`."""
    text = unicodedata.normalize("NFC", original)
    removed = {m.start() for m in _DROPPED_MARKS.finditer(text)}
    # where each character of the normalized text is in `text`
    kept = [i for i in range(len(text)) if i not in removed] if removed else None
    if len(strip_marks(marked)) != (len(kept) if kept is not None else len(text)):
        return marked  # not this text normalized
    out: list[str] = []
    done = 0  # characters of `text` copied to out
    seen = 0  # characters of the normalized text passed
    for piece in _MARKS.split(marked):
        if piece not in (MARK_START, MARK_END):
            seen += len(piece)
            continue
        # a mark goes before the next kept letter: an end mark after the
        # vowel marks of the last matched letter too
        at = seen if kept is None else (kept[seen] if seen < len(kept) else len(text))
        out += [text[done:at], piece]
        done = at
    out.append(text[done:])
    return "".join(out)


def excerpt_marked(marked: str, width: int = 60) -> str:
    """A piece of a marked text around its first match: within the match's
    paragraph, cut between words where the script has spaces, and never
    before a vowel sign or other mark that belongs to the letter before it.
    Cut anywhere, snippets began "…i" or on a lone Burmese vowel sign, and
    ran a heading into the next paragraph. With no match: the first
    paragraph long enough not to be a heading."""
    at = marked.find(MARK_START)
    if at < 0:
        at = _first_paragraph(marked)
    close = marked.find(MARK_END, at)
    matched_end = close if close >= 0 else at
    first = marked.rfind("\n", 0, at) + 1  # the paragraph's first character
    last = marked.find("\n", matched_end)  # and its end
    if last < 0:
        last = len(marked)
    start = max(first, at - width)
    end = min(last, matched_end + width)
    if start > first and (space := marked.find(" ", start, at)) >= 0:
        start = space + 1
    if end < last and (space := marked.rfind(" ", matched_end, end)) >= 0:
        end = space
    while start > first and _joins_before(marked[start]):
        start -= 1
    while end < last and _joins_before(marked[end]):
        end += 1
    piece = marked[start:end].strip()
    if piece.count(MARK_START) > piece.count(MARK_END):
        piece += MARK_END
    if piece.count(MARK_END) > piece.count(MARK_START):
        piece = MARK_START + piece
    return ("…" if start > first else "") + piece + ("…" if end < last else "")


#: a paragraph shorter than this is taken for a heading
_HEADING_MAX = 40


def _first_paragraph(text: str) -> int:
    """Where the first paragraph that is not a heading starts (0 if none)."""
    offset = 0
    for line in text.split("\n"):
        if len(line.strip()) > _HEADING_MAX:
            return offset
        offset += len(line) + 1
    return 0


def _joins_before(ch: str) -> bool:
    """A character that belongs with the one before it: a combining mark,
    or a joiner."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200c\u200d"


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup, for the index."""
    return _MARKUP.sub("", _LINK.sub(r"\1", markdown))


@dataclass(frozen=True)
class Query:
    """A query made safe for FTS5 MATCH, or None parts when nothing to match."""

    words: str | None  # for the word index: every term, the last as a prefix
    trigram: str | None  # for the trigram index: the whole text, 3+ characters
    substring: str  # for scripts without spaces when the text is too short


#: Snowball's stemmers for the languages that have one (Snowball has none
#: for Amharic, Afaan Oromo, Swahili, Bengali, Urdu or Filipino)
SNOWBALL = {
    "en": "english",
    "fr": "french",
    "ar": "arabic",
    "hi": "hindi",
    "ne": "nepali",
    "id": "indonesian",
}
#: a stem shorter than this would find too much ("is" for "is")
MIN_STEM = 3


@functools.cache
def _stemmer(lang: str) -> Callable[[str], str] | None:
    name = SNOWBALL.get(lang)
    if name is None:
        return None
    import snowballstemmer  # 16 ms for every language: only at the first search

    return snowballstemmer.stemmer(name).stemWord


def stems(term: str, langs: Iterable[str]) -> set[str]:
    """`term`'s stems in the languages of `langs` that have a stemmer, as
    the index holds words (normalized), other than the term itself."""
    found: set[str] = set()
    for lang in langs:
        stem = _stemmer(lang)
        if stem is not None:
            found.add(normalize(stem(term.casefold())))
    return {s for s in found if len(s) >= MIN_STEM and s != term.casefold()}


def _arabic_other_number(term: str) -> list[tuple[str, bool]]:
    """Choices for the other number of an Arabic broken plural or its
    singular (app.core.arabic_plurals), with and without the article, and
    their stems: "الأجور" also finds أجرك and الأجر. A word shorter than
    MIN_STEM is taken whole (حق, "right", begins حقيبة, "bag")."""
    from app.core.arabic_plurals import other_forms

    choices: list[tuple[str, bool]] = []
    for form in other_forms(term):
        for base in sorted({form} | stems(form, ("ar",))):
            whole = len(base) < MIN_STEM
            choices += [(base, not whole), ("ال" + base, not whole)]
    return choices


def _word_query(term: str, last: bool, langs: Sequence[str]) -> str:
    """One term for FTS5: the word as typed (a prefix when it is the last,
    which the reader may still be typing), or any word its stems begin
    ("passeports" finds "passeport", "recruiters" finds "recruitment")."""
    choices = [(term, last)]
    if _WORD.fullmatch(term):
        choices += [(stem, True) for stem in sorted(stems(term, langs))]
        if "ar" in langs:
            choices += _arabic_other_number(term)
    # a word that a shorter prefix among the choices finds adds nothing
    kept = [
        (text, prefix)
        for text, prefix in choices
        if not any(
            other != text and text.casefold().startswith(other.casefold())
            for other, other_prefix in choices
            if other_prefix
        )
    ]
    quoted = [
        '"' + text.replace('"', '""') + '"' + ("*" if prefix else "") for text, prefix in kept
    ]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def parse_query(raw: str, langs: Sequence[str] = ()) -> Query:
    """The query for the indexes; `langs`, the languages searched, give
    each word its stems."""
    text = normalize(raw).strip()
    terms = [t for t in re.split(r"\s+", text) if t]
    # quote every term so FTS5 syntax (AND, NEAR, *, ") in input means nothing
    words_terms = [t for t in terms if _WORD.search(t)]
    words = None
    if words_terms:
        # the reader may still be typing the last word. AND written out: FTS5
        # (SQLite 3.40) takes no implicit AND before a bracket, and a word
        # with stems is one ("jawaz (al-safar* OR safar*)" was a syntax
        # error, so every search of two words, one with a stem, found nothing)
        words = " AND ".join(
            _word_query(t, i == len(words_terms) - 1, langs) for i, t in enumerate(words_terms)
        )
    compact = "".join(terms)
    # every word of three letters or more, each anywhere (two Burmese words
    # found nothing when they had to be side by side); shorter ones alone
    # are too short for trigrams: then the words as one, as typed
    long_terms = [t for t in terms if len(t) >= 3]
    if long_terms:
        trigram: str | None = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
    else:
        trigram = '"' + compact.replace('"', '""') + '"' if len(compact) >= 3 else None
    return Query(words=words, trigram=trigram, substring=compact)


#: how alike a typed word and an indexed one must be to take one for the
#: other (difflib's ratio: "pasport" and "passport" 0.93; "wagez" and "wage" 0.89)
CLOSE_ENOUGH = 0.8


def corrected(raw: str, vocabulary: Sequence[str], known: Collection[str]) -> str | None:
    """`raw` with each word the index does not hold (not in `known`)
    replaced by the closest one it does, for a query that found nothing:
    a reader with little schooling types "pasport", or "ፓስፖርቴ" (my
    passport) for ፓስፖርት. None when no word changes."""
    words = normalize(raw).casefold().split()
    out = []
    for word in words:
        if word in known or not _WORD.fullmatch(word):
            out.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=CLOSE_ENOUGH)
        out.append(close[0] if close else word)
    return " ".join(out) if out != words else None


@dataclass(frozen=True)
class SearchHit:
    id: str
    lang: str
    title: str  # with MARK_START/MARK_END around matched words
    #: a piece of the body around the match, marked the same way (the whole
    #: marked body in the store's hits before it picks the ones shown)
    snippet: str
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
