"""The language registry and fallback chains."""

from __future__ import annotations

import pytest

from app import paths
from app.core.languages import LanguageRegistry, UnknownLanguage

LATIN = {
    "code": "en",
    "native_name": "English",
    "english_name": "English",
    "script": "Latn",
    "direction": "ltr",
    "font": "Roboto",
}
FONTS = {"Ethiopic": "NotoSansEthiopic-Regular.ttf"}


def test_shipped_languages_and_directions(registry):
    assert registry.codes[:3] == ["en", "ar", "am"]
    assert registry.get("ar").rtl
    assert not registry.get("am").rtl
    assert registry.get("am").native_name == "አማርኛ"


def test_chain_ends_in_english_without_repeats(registry):
    assert registry.chain("am") == ("am", "en")
    assert registry.chain("en") == ("en",)


def test_chain_follows_fallbacks_transitively():
    reg = LanguageRegistry.from_records(
        [
            LATIN,
            {**LATIN, "code": "tl", "native_name": "Tagalog", "fallback": ["en"]},
            {**LATIN, "code": "fil", "native_name": "Filipino", "fallback": ["tl"]},
        ],
        FONTS,
    )
    assert reg.chain("fil") == ("fil", "tl", "en")


@pytest.mark.parametrize(
    "tags, spoken",
    [
        (["ne-NP", "en-US"], "ne"),
        (["de-DE", "sw-KE"], "sw"),  # the first the app speaks
        (["ur_PK"], "ur"),
        (["in-ID"], "id"),  # Android's old code for Indonesian
        (["tl-PH"], "fil"),  # and Tagalog for Filipino
        (["de-DE", "zh-Hans-CN"], None),
        ([], None),
    ],
)
def test_the_first_of_a_phones_languages_that_haki_speaks(registry, tags, spoken):
    assert registry.first_spoken(tags) == spoken


def test_a_country_name_cldr_gets_wrong_is_corrected(registry):
    from app.content.catalogs import translator

    oromo = translator(registry, paths.TRANSLATIONS_DIR, "om")
    # CLDR: "Kuwaatar", beside Kuwait's "Kuweet"
    assert (oromo.country_name("QA"), oromo.country_name("KW")) == ("Qaxar", "Kuweet")
    assert translator(registry, paths.TRANSLATIONS_DIR, "sw").country_name("QA") == "Katari"


def test_unknown_code_names_the_known_ones(registry):
    with pytest.raises(UnknownLanguage, match=r"known: am, ar, .*en"):
        registry.get("xx")


@pytest.mark.parametrize(
    "records, message",
    [
        ([{**LATIN, "direction": "up"}], "direction"),
        ([LATIN, LATIN], "twice"),
        ([{**LATIN, "code": "ar"}], "source language"),
        ([{**LATIN, "fallback": ["zz"]}], "fallback 'zz'"),
        ([{**LATIN, "font": "Klingon"}], "font 'Klingon'"),
        ([{**LATIN, "country_names": {"Qatar": "Qaxar"}}], "country_names maps ISO codes"),
    ],
)
def test_registry_rejects_mistakes(records, message):
    with pytest.raises(ValueError, match=message):
        LanguageRegistry.from_records(records, FONTS)


def test_every_font_is_bundled(registry):
    for family, filename in registry.fonts.items():
        path = paths.ASSETS_DIR / "fonts" / filename
        assert path.stat().st_size > 50_000, family
    assert {"Arabic", "Ethiopic", "Devanagari", "Bengali", "Myanmar"} <= set(registry.fonts)
    # Latin uses Roboto, which the Flet client bundles itself
    assert registry.font_families()[0] == "Roboto"
