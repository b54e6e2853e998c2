"""Money on screen, shared by the cost ledger and the report: which
currency to offer first, the currency picker, and the reader's decimal
point (both read typed sums with app.core.ledger.read_money)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import flet as ft
from babel import Locale
from babel.numbers import get_decimal_symbol, get_territory_currencies, is_currency

from app.core.corridors import OTHER_COUNTRY
from app.core.ledger import COMMON_CURRENCIES, currency_named
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


def picked_currency(picker: ft.Dropdown, fallback: str, locale: Locale) -> str | None:
    """The currency the picker shows: a code typed in its box, or a name
    ("kenyan shilling", in the reader's language `locale` or in English),
    else the one chosen from its list. None when the typed text is neither
    a currency's code nor one currency's name ("Rs", "dollar"): the caller
    says so. (Typed "JPY" used to be dropped, and the payment saved in the
    currency chosen before; the list finds codes only.)"""
    typed = (picker.text or "").strip()
    chosen = (picker.value or fallback).upper()
    if not typed or typed.upper() == chosen:
        return chosen if is_currency(chosen) else None
    if len(typed) == 3 and is_currency(typed.upper()):
        return typed.upper()
    return currency_named(typed, _names(locale))


@functools.cache
def _names(locale: Locale) -> tuple[tuple[str, str], ...]:
    """(code, name) of every currency in use today, in `locale` and in
    English: a worker may know the English name only."""
    codes = {
        code
        for territory in map(str, Locale("en").territories)
        if len(territory) == 2 and territory.isalpha()
        for code in get_territory_currencies(territory, dt.date.today())
    }
    return tuple(
        (code, str(names[code]))
        for names in (locale.currencies, Locale("en").currencies)
        for code in sorted(codes)
        if code in names
    )


def show_currency(picker: ft.Dropdown, code: str) -> bool:
    """The picker shows the currency it understood: a name typed ("birr")
    becomes its code ("ETB"), so the worker sees what was saved. Whether it
    changed (the caller then draws the picker again)."""
    if (picker.text or "").strip() in ("", code):
        return False
    picker.value = code
    picker.text = code
    return True


def decimal_point(ui: UiSession) -> str:
    """The reader's decimal point ("," in French and Indonesian)."""
    return "," if get_decimal_symbol(ui.tr.locale) == "," else "."
