"""Money on screen, shared by the cost ledger and the report: which
currency to offer first, the currency picker, and the reader's decimal
point (both read typed sums with app.core.ledger.read_money)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
from babel.numbers import get_decimal_symbol, get_territory_currencies, is_currency

from app.core.corridors import OTHER_COUNTRY
from app.core.ledger import COMMON_CURRENCIES
from app.ui.session import UiSession


def currency_of(country: str | None, default: str) -> str:
    """The currency in use in a country today, from CLDR."""
    if not country or country == OTHER_COUNTRY:
        return default
    found = get_territory_currencies(country)
    return found[0] if found else default


def currency_dropdown(value: str, label: str, name_of: Callable[[str], str]) -> ft.Dropdown:
    """The common currencies, `value` first; any other code can be typed.
    In the list each code has its name in the reader's language
    (`name_of`): a worker who reads little may not know that ETB is birr.
    The box itself shows the code. The arrow that opens the list is a
    button of its own: it is named (`label`), or a screen reader says only
    "button"."""
    codes = list(dict.fromkeys([value, *COMMON_CURRENCIES]))

    def option(code: str) -> ft.DropdownOption:
        name = name_of(code)
        shown = code if name == code else f"{code} · {name}"
        return ft.DropdownOption(key=code, text=code, content=ft.Text(shown))

    return ft.Dropdown(
        label=label,
        value=value,
        options=[option(c) for c in codes],
        menu_width=320,  # the names wrapped at 160 px
        width=160,  # "QAR" and its arrow at twice the text size (130 cut it to "QAF")
        enable_filter=True,
        editable=True,
        trailing_icon=ft.Icon(ft.Icons.ARROW_DROP_DOWN, semantics_label=label),
        selected_trailing_icon=ft.Icon(ft.Icons.ARROW_DROP_UP, semantics_label=label),
        # what is typed in the box comes back as `text` (see picked_currency)
        on_text_change=lambda _e: None,
    )


def picked_currency(picker: ft.Dropdown, fallback: str) -> str | None:
    """The currency the picker shows: a code typed in its box, else the one
    chosen from its list. None when the typed text is no currency's code
    ("Rs"): the caller says so. (Typed "JPY" used to be dropped, and the
    payment saved in the currency chosen before.)"""
    typed = (picker.text or "").strip().upper()
    chosen = (picker.value or fallback).upper()
    code = typed if typed and typed != chosen else chosen
    return code if len(code) == 3 and is_currency(code) else None


def decimal_point(ui: UiSession) -> str:
    """The reader's decimal point ("," in French and Indonesian)."""
    return "," if get_decimal_symbol(ui.tr.locale) == "," else "."
