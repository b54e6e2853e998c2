"""Fonts, theme and direction for a language.

Flutter web never uses the system's fonts and would download fallbacks from
the network; we register a bundled font for every non-Latin script and list
them all (with the client's own Roboto for Latin) as fallbacks, so any text
renders offline, whatever language it is in.
"""

from __future__ import annotations

import flet as ft

from app.core.languages import Language, LanguageRegistry

SEED = ft.Colors.TEAL
TEXT_STYLES = (
    "display_large",
    "display_medium",
    "display_small",
    "headline_large",
    "headline_medium",
    "headline_small",
    "title_large",
    "title_medium",
    "title_small",
    "body_large",
    "body_medium",
    "body_small",
    "label_large",
    "label_medium",
    "label_small",
)


#: Body text a little larger than Material's defaults (14 and 16): easier for
#: readers with little schooling and on cheap, dim screens.
READING_SIZES = {"body_medium": 16, "body_large": 18}
#: Line height, in font sizes, for fonts whose letters reach far above and
#: below the line, where Material's 1.4-1.5 is too tight: Nastaliq's sloping
#: words touched the next line, and so nearly did Burmese letters with marks
#: stacked above and below (the font itself asks for 2.18).
LINE_HEIGHTS = {"Urdu": 2.0, "Myanmar": 1.8}
#: Screens change at once, with no slide or zoom. Each transition draws
#: about 20 frames over 300 ms; on a cheap phone that is a wait at every
#: tap, and in headless Chromium the first screen, which zoomed in too,
#: became usable about 65 ms later. The app bar's back arrow still shows
#: where the reader is.
NO_TRANSITIONS = ft.PageTransitionsTheme(
    android=ft.PageTransitionTheme.NONE,
    ios=ft.PageTransitionTheme.NONE,
    linux=ft.PageTransitionTheme.NONE,
    macos=ft.PageTransitionTheme.NONE,
    windows=ft.PageTransitionTheme.NONE,
)


#: the tint of a row the keyboard is on: teal, 2:1 against the page, under
#: words that keep 5:1 and more
FOCUS_TINT = ft.Colors.with_opacity(0.45, ft.Colors.PRIMARY)


def focus_ring(default: ft.BorderSide | None = None) -> dict[ft.ControlState, ft.BorderSide]:
    """A button's edge: a 3 px ring when it has the focus, else `default`."""
    return {
        ft.ControlState.FOCUSED: ft.BorderSide(3, ft.Colors.ON_SURFACE),
        ft.ControlState.DEFAULT: default or ft.BorderSide(0, ft.Colors.TRANSPARENT),
    }


def keyboard_ring(theme: ft.Theme) -> ft.Theme:
    """`theme` with a ring round the button the keyboard is on, for desktop
    browsers (an outreach laptop): Material's own sign, a 10% tint, could
    not be seen on Next, and a space typed there moved the report on
    unnoticed. Not on phones, which have no keyboard to move the focus: a
    tap focuses a button too, and the ring stayed on it."""
    theme.filled_button_theme = ft.FilledButtonTheme(style=ft.ButtonStyle(side=focus_ring()))
    theme.outlined_button_theme = ft.OutlinedButtonTheme(
        style=ft.ButtonStyle(side=focus_ring(ft.BorderSide(1, ft.Colors.OUTLINE)))
    )
    # text and icon buttons keep the style they have (finger_sized's paddings)
    theme.text_button_theme = theme.text_button_theme or ft.TextButtonTheme()
    theme.icon_button_theme = theme.icon_button_theme or ft.IconButtonTheme()
    for button in (theme.text_button_theme, theme.icon_button_theme):
        button.style = button.style or ft.ButtonStyle()
        button.style.side = focus_ring()
    # list rows, choices and language names the keyboard is on: Material's
    # grey tint (1.3:1 against the page) was hard to find on a projector
    theme.focus_color = FOCUS_TINT
    return theme


def finger_sized(theme: ft.Theme) -> ft.Theme:
    """`theme` with controls a finger can hit in a desktop browser.

    There (a touch laptop, a tablet in desktop mode at an information
    session) Flutter sizes controls for a mouse: 40 px icon buttons (the
    back arrow too), 32 px text buttons, 34 px chips. Standard density and
    these paddings bring each to 48 px, as a phone's browser draws them;
    Flet passes no tap-target size to set instead. Checkboxes:
    components.labelled and components.tick_box."""
    theme.visual_density = ft.VisualDensity.STANDARD  # a desktop's default is compact
    theme.icon_button_theme = ft.IconButtonTheme(
        style=ft.ButtonStyle(padding=ft.Padding.all(12))  # around a 24 px icon
    )
    theme.text_button_theme = ft.TextButtonTheme(
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=12, vertical=14))
    )
    theme.chip_theme = ft.ChipTheme(padding=ft.Padding.symmetric(horizontal=8, vertical=13))
    return theme


#: The languages Flutter's own widgets speak (GlobalMaterialLocalizations):
#: the date picker's months and buttons, the back arrow's name for screen
#: readers, a text field's counter. Of Haki's, all but Afaan Oromo, whose
#: readers get the first language of its fallback chain Flutter speaks.
MATERIAL_LANGUAGES = frozenset(
    {"am", "ar", "bn", "en", "fil", "fr", "hi", "id", "my", "ne", "sw", "ur"}
)


def material_locale(language: Language, registry: LanguageRegistry) -> ft.LocaleConfiguration:
    """The locale Flutter's widgets use for `language`, among those Haki ships."""
    spoken = [code for code in registry.codes if code in MATERIAL_LANGUAGES]
    current = next(
        (code for code in registry.chain(language.code) if code in MATERIAL_LANGUAGES), "en"
    )
    return ft.LocaleConfiguration(
        supported_locales=[ft.Locale(code) for code in spoken],
        current_locale=ft.Locale(current),
    )


def font_assets(registry: LanguageRegistry, only: str | None = None) -> dict[str, str]:
    """Font files to register: all, or only the family `only` (if bundled)."""
    return {
        family: f"fonts/{file}"
        for family, file in registry.fonts.items()
        if only is None or family == only
    }


def register_fonts(page: ft.Page, registry: LanguageRegistry, only: str | None = None) -> None:
    """Give the page its font files: all, or only the family `only`. The web
    client has them all already, from its font list (app.content.web_fonts),
    so there they are not given again: that fetched and parsed them twice."""
    page.fonts = {} if page.web else font_assets(registry, only)


def theme_for(language: Language, registry: LanguageRegistry) -> ft.Theme:
    primary = language.font
    fallback = [family for family in registry.font_families() if family != primary]
    styles = {
        name: ft.TextStyle(
            font_family=primary,
            font_family_fallback=fallback,
            size=READING_SIZES.get(name),
            height=LINE_HEIGHTS.get(primary),
        )
        for name in TEXT_STYLES
    }
    return ft.Theme(
        color_scheme_seed=SEED,
        font_family=primary,
        text_theme=ft.TextTheme(**styles),
        primary_text_theme=ft.TextTheme(**styles),
        page_transitions=NO_TRANSITIONS,
    )


def apply(
    page: ft.Page, language: Language, registry: LanguageRegistry, *, all_fonts: bool = True
) -> None:
    """Set fonts, theme and direction on the page (the caller updates it).

    With all_fonts=False only the language's own font is registered: the
    client loads every registered font before it draws, so the first screen
    comes sooner; register the rest right after it is shown.
    """
    register_fonts(page, registry, None if all_fonts else language.font)
    # Flutter cross-fades a new theme over 200 ms, drawing every frame of it:
    # the first screen (its theme arrives with it) became usable 0.2 s later
    # in headless Chromium, and a change of language flickered on cheap phones
    page.theme_animation_style = ft.AnimationStyle.no_animation()
    page.theme = theme_for(language, registry)
    if page.platform is not None and page.platform.is_desktop():
        page.theme = keyboard_ring(finger_sized(page.theme))
    page.locale_configuration = material_locale(language, registry)
    page.rtl = language.rtl
