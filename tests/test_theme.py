"""The theme a language gets: its own font first, every other bundled font
as fallback, larger body text, and more room between lines for Nastaliq
and Burmese."""

from __future__ import annotations

from app.ui.theme import LINE_HEIGHTS, READING_SIZES, TEXT_STYLES, theme_for


def test_every_text_style_uses_the_languages_font_then_the_others(registry):
    for code in ("en", "ar", "am", "ur", "my"):
        language = registry.get(code)
        theme = theme_for(language, registry)
        for name in TEXT_STYLES:
            style = getattr(theme.text_theme, name)
            assert style.font_family == language.font
            assert language.font not in style.font_family_fallback
            assert set(style.font_family_fallback) | {language.font} >= set(registry.fonts)
            assert style.size == READING_SIZES.get(name)


def test_urdu_lines_get_room_for_nastaliq_and_others_keep_the_default(registry):
    urdu = theme_for(registry.get("ur"), registry).text_theme
    assert registry.get("ur").font in LINE_HEIGHTS
    assert urdu.body_medium.height == urdu.title_large.height == LINE_HEIGHTS["Urdu"]
    # Burmese letters stack marks above and below: more room, a little less
    burmese = theme_for(registry.get("my"), registry).text_theme
    assert registry.get("my").font in LINE_HEIGHTS
    assert burmese.body_medium.height == LINE_HEIGHTS["Myanmar"] < LINE_HEIGHTS["Urdu"]
    for code in ("en", "ar", "am"):
        assert theme_for(registry.get(code), registry).text_theme.body_medium.height is None
