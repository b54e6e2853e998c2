"""Where to get help: organisations and channels, by country and kind.

A contact detail (phone, web, email, address) is only ever shown with the
source it was checked against and the date it was checked; an entry with
no checked contact says so rather than guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.core.articles import Source, TranslationStatus


class HelpKind(StrEnum):
    UNION = "union"
    GOVERNMENT = "government"
    EMBASSY = "embassy"
    NGO = "ngo"
    INTERNATIONAL = "international"
    ONLINE = "online"


class ContactKind(StrEnum):
    PHONE = "phone"
    WEB = "web"
    EMAIL = "email"
    ADDRESS = "address"


@dataclass(frozen=True)
class Contact:
    kind: ContactKind
    value: str
    source: str
    verified_on: dt.date


@dataclass(frozen=True)
class HelpText:
    name: str
    what: str
    #: how this language's text was made: a machine translation is labelled
    translation: TranslationStatus


@dataclass(frozen=True)
class HelpEntry:
    id: str
    kind: HelpKind
    countries: tuple[str, ...]
    verified_on: dt.date
    sources: tuple[Source, ...]
    texts: Mapping[str, HelpText]
    contacts: tuple[Contact, ...] = ()

    def text_for(self, chain: Sequence[str]) -> tuple[str, HelpText]:
        """(language, text) in the first language of the chain it has."""
        for code in chain:
            if code in self.texts:
                return code, self.texts[code]
        return "en", self.texts["en"]

    def helps_in(self, country: str | None) -> bool:
        return country is None or "*" in self.countries or country in self.countries
