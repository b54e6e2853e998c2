"""Text in the right encoding and letters for its language: Burmese in
Unicode (not Zawgyi, which many phones still use), Urdu with Urdu letters
rather than their Arabic look-alikes, everything in NFC."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from app import paths

#: Zawgyi puts glyph variants in U+1060..U+1097, which Burmese in Unicode
#: never uses (they belong to Mon, Shan and Karen there)...
ZAWGYI_ONLY = re.compile("[\u1060-\u1097]")
#: ...and types the vowel sign E (U+1031) before its consonant, so it starts a word
E_FIRST = re.compile("(?:^|[\\s(\"'])\u1031", re.M)
ARABIC_LOOKALIKES = re.compile("[\u064a\u0643\u0647\u0649]")  # ي ك ه ى


def texts(lang: str) -> list[tuple[Path, str]]:
    files = sorted((paths.RIGHTS_DIR / lang).glob("*.md"))
    files.append(paths.TRANSLATIONS_DIR / f"{lang}.po")
    return [(f, f.read_text("utf-8")) for f in files]


def test_burmese_is_unicode_not_zawgyi():
    found = texts("my")
    assert len(found) > 1
    for path, text in found:
        assert not ZAWGYI_ONLY.search(text), path
        assert not E_FIRST.search(text), path


def test_urdu_uses_urdu_letters():
    for path, text in texts("ur"):
        body = text if path.suffix == ".po" else text.split("+++", 2)[2]
        assert not ARABIC_LOOKALIKES.search(body), path


@pytest.mark.parametrize("lang", ["ar", "am", "ne", "hi", "bn", "ur", "my"])
def test_text_is_nfc(lang):
    for path, text in texts(lang):
        assert unicodedata.is_normalized("NFC", text), path
