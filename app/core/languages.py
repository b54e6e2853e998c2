"""Languages Haki speaks, and how each falls back when a text is missing.

The registry is data (read from content/translations/languages.toml by
app.content.registry); this module only decides things about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.core.search import NO_SPACE_SCRIPTS

Direction = Literal["ltr", "rtl"]

#: Every chain ends here: English is the language all content is written in first.
SOURCE_LANGUAGE = "en"
#: The Latin font the Flet client bundles itself; needs no file of ours.
BUILTIN_FONT = "Roboto"
#: older codes some phones still report: Indonesian as "in" (Android before
#: 15), Filipino as Tagalog "tl"
_OLD_CODES = {"in": "id", "tl": "fil"}


class UnknownLanguage(LookupError):
    """A language code that is not in the registry."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.known = sorted(known)
        super().__init__(f"unknown language {code!r} (known: {', '.join(self.known)})")


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    english_name: str
    script: str
    direction: Direction
    font: str
    fallback: tuple[str, ...] = ()
    #: who translated the UI strings: "source" (English), "machine" or "reviewed"
    ui_translation: str = "machine"
    #: (ISO code, name) where CLDR's name in this language is wrong
    #: (a tuple: a Language stays hashable)
    country_names: tuple[tuple[str, str], ...] = ()

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@dataclass(frozen=True)
class LanguageRegistry:
    languages: tuple[Language, ...]
    #: font family name -> file under assets/fonts/, one per non-Latin script
    fonts: Mapping[str, str]

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], fonts: Mapping[str, str]
    ) -> LanguageRegistry:
        """Build from plain dicts, checking what a typo would break."""
        langs = []
        for rec in records:
            direction = rec.get("direction", "ltr")
            if direction not in ("ltr", "rtl"):
                raise ValueError(f"{rec.get('code')}: direction must be ltr or rtl")
            names = rec.get("country_names", {})
            if not isinstance(names, Mapping) or not all(
                isinstance(c, str) and len(c) == 2 and c.isupper() and isinstance(n, str) and n
                for c, n in names.items()
            ):
                raise ValueError(f"{rec.get('code')}: country_names maps ISO codes (QA) to names")
            ui_translation = rec.get("ui_translation", "machine")
            if ui_translation not in ("source", "machine", "reviewed"):
                raise ValueError(
                    f"{rec.get('code')}: ui_translation must be source, machine or reviewed"
                )
            langs.append(
                Language(
                    code=rec["code"],
                    native_name=rec["native_name"],
                    english_name=rec["english_name"],
                    script=rec["script"],
                    direction=direction,
                    font=rec["font"],
                    fallback=tuple(rec.get("fallback", ())),
                    ui_translation=ui_translation,
                    country_names=tuple(sorted(names.items())),
                )
            )
        registry = cls(tuple(langs), dict(fonts))
        codes = registry.codes
        if len(set(codes)) != len(codes):
            raise ValueError("a language code is listed twice")
        if SOURCE_LANGUAGE not in codes:
            raise ValueError(f"the source language {SOURCE_LANGUAGE!r} must be listed")
        for lang in langs:
            if lang.font not in registry.fonts and lang.font != BUILTIN_FONT:
                raise ValueError(f"{lang.code}: font {lang.font!r} is not in [fonts]")
            for fb in lang.fallback:
                if fb not in codes:
                    raise ValueError(f"{lang.code}: fallback {fb!r} is not a listed language")
        return registry

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def get(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise UnknownLanguage(code, self.codes)

    def __contains__(self, code: object) -> bool:
        return any(lang.code == code for lang in self.languages)

    def chain(self, code: str) -> tuple[str, ...]:
        """The order in which to look for a text: the language, its
        fallbacks (followed transitively), then English. No repeats."""
        seen: list[str] = []
        todo = [code]
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.append(current)
            todo.extend(self.get(current).fallback)
        if SOURCE_LANGUAGE not in seen:
            seen.append(SOURCE_LANGUAGE)
        return tuple(seen)

    def font_families(self) -> list[str]:
        """Every family a text may need, the built-in Latin one first."""
        return [BUILTIN_FONT, *self.fonts]

    def trigram_languages(self) -> frozenset[str]:
        """Languages written without spaces between words (searched by trigrams)."""
        return frozenset(lang.code for lang in self.languages if lang.script in NO_SPACE_SCRIPTS)

    def first_spoken(self, tags: Iterable[str]) -> str | None:
        """The first of a device's languages (BCP 47 tags, most wanted first:
        "ne-NP", "en-US") that Haki speaks, by its code; None if none is."""
        for tag in tags:
            primary = tag.replace("_", "-").split("-")[0].lower()
            code = _OLD_CODES.get(primary, primary)
            if code in self:
                return code
        return None
