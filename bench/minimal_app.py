"""Yardsticks for bench.startup, served the way Haki is (web, no CDN, and
with --page, a folder holding Haki's index.html, in Haki's web page): a
minimal Flet app that shows one line (--rows 0), or that lists rows from
SQLite (--rows 40); with --shell, the rows are drawn in the frame issue 2
asks of every Haki screen: an app bar, a navigation bar with four
sections, and list tiles with an icon, a second line and a chevron.

    python bench/minimal_app.py --port P --data-dir D [--rows 40] [--shell] [--page DIR]
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import flet as ft


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--shell", action="store_true", help="app bar, navigation bar, icons")
    parser.add_argument("--page", help="a folder with the index.html to serve")
    args = parser.parse_args()
    if args.rows == 0:
        ft.run(
            lambda page: page.add(ft.Semantics(identifier="item-0", content=ft.Text("Hello"))),
            host="127.0.0.1",
            port=args.port,
            no_cdn=True,
            assets_dir=args.page,
        )
        return
    args.data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(args.data_dir / "minimal.db", check_same_thread=False)
    db.execute("create table if not exists items (id integer primary key, title text)")
    if not db.execute("select count(*) from items").fetchone()[0]:
        db.executemany(
            "insert into items (title) values (?)", [(f"Item {i}",) for i in range(args.rows)]
        )
        db.commit()

    def page_main(page: ft.Page) -> None:
        rows = db.execute("select id, title from items order by id").fetchall()
        if not args.shell:
            page.add(
                ft.ListView(
                    [
                        ft.Semantics(
                            identifier=f"item-{i}", content=ft.ListTile(title=ft.Text(title))
                        )
                        for i, (_id, title) in enumerate(rows)
                    ],
                    expand=True,
                )
            )
            return
        view = ft.View(
            route="/",
            appbar=ft.AppBar(title=ft.Text("Items")),
            navigation_bar=ft.NavigationBar(
                destinations=[
                    ft.NavigationBarDestination(icon=icon, label=label)
                    for icon, label in (
                        (ft.Icons.MENU_BOOK_OUTLINED, "One"),
                        (ft.Icons.CHECKLIST_OUTLINED, "Two"),
                        (ft.Icons.REPORT_OUTLINED, "Three"),
                        (ft.Icons.MORE_HORIZ, "Four"),
                    )
                ]
            ),
            controls=[
                ft.ListView(
                    [
                        ft.Semantics(
                            identifier=f"item-{i}",
                            content=ft.ListTile(
                                leading=ft.Icon(ft.Icons.DESCRIPTION_OUTLINED),
                                title=ft.Text(title),
                                subtitle=ft.Text(f"{i} lines"),
                                trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                                on_click=lambda _e: None,
                            ),
                        )
                        for i, (_id, title) in enumerate(rows)
                    ],
                    expand=True,
                )
            ],
            padding=0,
        )
        page.views.clear()
        page.views.append(view)
        page.update()

    ft.run(page_main, host="127.0.0.1", port=args.port, no_cdn=True, assets_dir=args.page)


if __name__ == "__main__":
    main()
