"""The theme a language gets: its own font first, every other bundled font
as fallback, larger body text, and more room between lines for Nastaliq
and Burmese."""

from __future__ import annotations

import flet as ft

from app.ui.theme import (
    FOCUS_TINT,
    LINE_HEIGHTS,
    MATERIAL_LANGUAGES,
    READING_SIZES,
    TEXT_STYLES,
    finger_sized,
    keyboard_ring,
    material_locale,
    theme_for,
)


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


def test_flutters_widgets_speak_the_readers_language_or_its_fallback(registry):
    # the date picker's months and the back arrow's name come from Flutter's
    # own translations: the reader's language where Flutter has it
    for code in ("ar", "am", "fr", "my", "ur", "sw", "fil"):
        config = material_locale(registry.get(code), registry)
        assert config.current_locale is not None
        assert config.current_locale.language_code == code
    # Afaan Oromo is not among them: its fallback, never a locale Flutter
    # lacks (its widgets would have no words at all)
    oromo = material_locale(registry.get("om"), registry)
    assert oromo.current_locale is not None and oromo.current_locale.language_code == "en"
    supported = {loc.language_code for loc in oromo.supported_locales}
    assert supported == MATERIAL_LANGUAGES & set(registry.codes)
    assert "om" not in supported


def test_a_desktop_browser_gets_finger_sized_controls(registry):
    theme = finger_sized(theme_for(registry.get("en"), registry))
    assert theme.visual_density == ft.VisualDensity.STANDARD
    assert theme.icon_button_theme is not None and theme.chip_theme is not None


def test_a_button_the_keyboard_is_on_has_a_ring_in_a_desktop_browser(registry):
    # Material's own sign, a 10% tint, could not be seen on Next; a phone,
    # where a tap focuses a button too, keeps Material's
    assert theme_for(registry.get("sw"), registry).filled_button_theme is None
    theme = keyboard_ring(finger_sized(theme_for(registry.get("sw"), registry)))
    for button in (
        theme.filled_button_theme,
        theme.outlined_button_theme,
        theme.text_button_theme,
        theme.icon_button_theme,
    ):
        assert button is not None and isinstance(button.style.side, dict)
        assert button.style.side[ft.ControlState.FOCUSED].width >= 2
    # the outlined button (Back) keeps its outline when not focused, and the
    # desktop's finger-sized paddings stay
    assert theme.outlined_button_theme.style.side[ft.ControlState.DEFAULT].width == 1
    assert theme.text_button_theme.style.padding is not None
    # rows and choices the keyboard is on: a teal tint, not Material's faint grey
    assert theme.focus_color == FOCUS_TINT
    assert theme_for(registry.get("sw"), registry).focus_color is None  # phones: no keyboard
    # and on its own, with no finger-sized styles to add to
    alone = keyboard_ring(theme_for(registry.get("sw"), registry))
    assert alone.icon_button_theme.style.side[ft.ControlState.FOCUSED].width >= 2
