"""About: what Haki is, its version, its content version and its licence."""

from __future__ import annotations

import flet as ft

from app import __version__
from app.content.updates import ContentUpdates
from app.ui.components import screen
from app.ui.session import UiSession


def about_view(ui: UiSession) -> ft.View:
    _ = ui._
    content_version = (ui.context.store.content_hash() or "")[:12] or _("none")
    count = len(ui.context.store.article_summaries(ui.content_chain))
    articles = ui.tr.ngettext("{count} article", "{count} articles", count).format(
        count=ui.tr.format_number(count)
    )
    # a line each: on one line, right to left, the count and the hash mixed
    content = [content_version, articles]
    update = ContentUpdates(ui.context.store, ui.context.settings.data_dir).installed()
    if update is not None:  # taken since the app was built
        content.append(_("Updated: {date}").format(date=ui.tr.format_date(update.published)))
    reviewed = ui.context.store.reviewed_between()
    if reviewed is not None:
        dates = " – ".join(dict.fromkeys(ui.tr.format_date(day) for day in reviewed))
        content.append(_("Last reviewed: {date}").format(date=dates))
    rows = [
        (_("Version"), __version__),
        (_("Content version"), "\n".join(content)),
        (_("Licence"), "GPL-3.0-or-later\n" + _("fonts: SIL Open Font License 1.1")),
    ]
    controls: list[ft.Control] = [
        ft.Text(
            _(
                "Haki helps migrant workers know their rights, prepare before they "
                "leave, and report abuse safely. It works without internet."
            )
        ),
    ]
    if ui.language.ui_translation == "machine":
        rows.append((_("Language"), _("Machine translation: a person has not checked it yet.")))
    for label, value in rows:
        controls.append(
            ft.ListTile(
                title=ft.Text(label),
                subtitle=ft.Text(value),  # selectable text is an empty box to screen readers
            )
        )
    return screen(ui, "/more/about", _("About Haki"), controls, back=True)
