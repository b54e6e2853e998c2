"""Names in the order a reader looks for them in (app.core.collation)."""

from __future__ import annotations

import flet as ft

from app.core.collation import name_key
from app.settings import Settings
from app.startup import AppContext
from app.ui.routes import views_for
from app.ui.session import UiSession
from tests.test_views import FakePage, find


def test_accented_latin_letters_sort_with_their_letter():
    names = ["Zimbabwe", "Éthiopie", "Népal", "Nigeria", "Émirats arabes unis", "Egypte"]
    assert sorted(names, key=name_key) == [
        "Egypte",
        "Émirats arabes unis",
        "Éthiopie",
        "Népal",
        "Nigeria",
        "Zimbabwe",
    ]


def test_urdu_letters_sort_after_the_letter_they_are_written_from():
    names = ["نیپال", "پاکستان", "کینیا", "گھانا", "بنگلہ دیش", "قطر", "ہندوستان", "ملائیشیا"]
    assert sorted(names, key=name_key) == [
        "بنگلہ دیش",  # ب
        "پاکستان",  # پ, after ب
        "قطر",  # ق
        "کینیا",  # ک
        "گھانا",  # گ, after ک
        "ملائیشیا",
        "نیپال",
        "ہندوستان",  # ہ, near the end as in an Urdu dictionary
    ]


def test_the_countries_a_worker_comes_from_are_in_alphabetical_order(tmp_path, store, registry):
    context = AppContext(Settings("127.0.0.1", 1, tmp_path), registry, store)
    ui = UiSession(context, FakePage(), registry.get("fr"))  # type: ignore[arg-type]
    origin = find(views_for(ui, "/checklist/corridor"), "corridor-origin")
    assert isinstance(origin, ft.Dropdown)
    names = [str(o.text) for o in origin.options or []][:-1]  # the last: another country
    assert names == sorted(names, key=name_key)
    assert names != sorted(names)  # code-point order put "Éthiopie" after "Zimbabwe"
