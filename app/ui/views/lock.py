"""The PIN lock: the screen that asks for the PIN, and where the reader sets,
changes or turns it off (More, then "PIN lock").

While Haki is locked, every route shows the lock screen and nothing else
(app.ui.routes); the PIN opens the screen that was asked for. Haki locks
again when the app is hidden (another app, the phone's screen off, the
browser tab left) and whenever it is opened anew. A reader who forgot the
PIN can open Haki only by removing what they entered: the lock keeps the
PIN's hash, and what it guards, from someone who does not know it. The
reader may also choose that ten wrong PINs in a row remove it all
(AppLock.erase). Either way the reports not sent yet are still sent, but
no longer shown: whoever opens Haki then may not be the one who wrote them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import flet as ft

from app.core.pin import ERASE_AFTER, TRIES, WAIT_SECONDS, digits_of
from app.store.lock import AppLock, Attempt
from app.ui.components import (
    MIN_TOUCH,
    ErrorLine,
    ask_first,
    bar_button,
    big_button,
    heading_text,
    labelled,
    notice,
    screen,
)
from app.ui.session import LOCKED_ROUTE, UiSession

SETTINGS = "/more/lock"


def pin_field(
    label: str, identifier: str, on_submit: Callable[[object], None] | None = None
) -> tuple[ft.TextField, ft.Semantics]:
    """A PIN's field (digits hidden, a number pad on a phone), and the
    Semantics that names it for tests."""
    field = ft.TextField(
        label=label,
        password=True,
        can_reveal_password=True,
        keyboard_type=ft.KeyboardType.NUMBER,
        on_submit=on_submit,
    )
    return field, ft.Semantics(identifier=identifier, content=field)


def lock_view(ui: UiSession) -> ft.View:
    """Asked for instead of any screen while Haki is locked."""
    _ = ui._
    lock = AppLock(ui.context.store)
    wrong = ErrorLine("lock-wrong")

    def open_app(_e: object = None) -> None:
        if digits_of(field.value or "") is None:  # not a PIN at all: no try used up
            wrong.show(_("Use 4 to 8 digits."))
            ui.update(wrong.control)
            return
        attempt = lock.try_pin(field.value or "")
        if attempt is Attempt.ERASED:
            opened_empty()
            return
        if attempt is Attempt.OPEN:
            ui.unlock()  # the screen that was asked for
            return
        wait = lock.wait_left()
        wrong.show(
            _("Too many tries. Wait {seconds} seconds, then try again.").format(
                seconds=ui.tr.format_number(math.ceil(wait))
            )
            if wait > 0
            else _("That PIN is not right.")
        )
        field.value = ""
        ui.update(wrong.control, field)

    def opened_empty() -> None:
        """Open Haki with nothing of what was entered left, in any screen."""
        ui.forget_memory_everywhere()
        ui.unlock()

    def forgot() -> None:
        lock.erase()
        opened_empty()

    field, field_box = pin_field(_("Your PIN"), "lock-pin", open_app)
    field.autofocus = True
    return ft.View(
        route=LOCKED_ROUTE,
        padding=24,
        scroll=ft.ScrollMode.AUTO,
        controls=[
            ft.Icon(ft.Icons.LOCK_OUTLINE, size=48),
            heading_text(_("Haki is locked"), 1, ft.TextThemeStyle.HEADLINE_SMALL),
            field_box,
            wrong.control,
            big_button("lock-open", _("Open"), ft.Icons.LOCK_OPEN, open_app),
            ft.Divider(),
            ask_first(
                ui,
                "lock-forgot",
                _("Forgot your PIN?"),
                ft.Icons.HELP_OUTLINE,
                _("Remove everything and open Haki?"),
                _(
                    "Without the PIN, Haki can open only after it removes everything you "
                    "entered: your checklist ticks and notes, your costs and pay, your "
                    "answers about the job offer, any unfinished report, and the reports "
                    "the organisation has received. Reports not sent yet are still sent, "
                    "but Haki no longer shows them."
                ),
                _("Remove and open"),
                forgot,
            ),
        ],
    )


def lock_settings_view(ui: UiSession) -> ft.View:
    """Turn the lock on, change the PIN, or turn it off."""
    _ = ui._
    lock = AppLock(ui.context.store)
    problem = ErrorLine("lock-problem")

    def save(_e: object = None) -> None:
        digits = digits_of(first.value or "")
        if digits is None:
            problem.show(_("Use 4 to 8 digits."))
        elif digits_of(second.value or "") != digits:
            problem.show(_("The two PINs are not the same."))
        else:
            lock.set_pin(digits)
            ui.refresh()
            return
        ui.update(problem.control)

    def turn_off(_e: object) -> None:
        lock.remove()
        ui.refresh()

    first, first_box = pin_field(_("New PIN: 4 to 8 digits"), "lock-new")
    second, second_box = pin_field(_("The same PIN again"), "lock-again", save)
    is_on = lock.is_set()
    controls: list[ft.Control] = [
        notice(
            ft.Icons.LOCK_OUTLINE,
            _(
                "With a PIN, Haki asks for it every time it opens. Someone who picks up "
                "your phone cannot see what you entered. It does not hide that Haki is on "
                "the phone, and it does not protect the files from someone who can copy them."
            ),
        ),
    ]
    if is_on:
        controls.append(
            notice(
                ft.Icons.CHECK_CIRCLE_OUTLINE,
                _("The PIN lock is on. Do not forget your PIN."),
                identifier="lock-is-on",
            )
        )
    controls += [
        first_box,
        second_box,
        problem.control,
        big_button(
            "lock-save",
            _("Change the PIN") if is_on else _("Turn on the PIN lock"),
            ft.Icons.PIN_OUTLINED,
            save,
        ),
    ]
    if is_on:
        controls += erase_controls(ui, lock)
        controls.append(
            ft.Semantics(
                identifier="lock-off",
                content=ft.TextButton(
                    content=_("Turn off the PIN lock"),
                    icon=ft.Icons.LOCK_OPEN,
                    on_click=turn_off,
                    height=MIN_TOUCH,
                ),
            )
        )
    return screen(ui, SETTINGS, _("PIN lock"), controls, back=True)


def erase_controls(ui: UiSession, lock: AppLock) -> list[ft.Control]:
    """The choice to remove everything after ERASE_AFTER wrong PINs."""
    _ = ui._

    def switched(e: ft.Event[ft.Switch]) -> None:
        lock.set_erases(bool(e.control.value))

    return [
        ft.Divider(),
        labelled(
            ft.Switch(value=lock.erases(), on_change=switched),
            _("Remove everything if a wrong PIN is typed {count} times").format(
                count=ui.tr.format_number(ERASE_AFTER)
            ),
            identifier="lock-erase",
        ),
        ft.Text(
            _(
                "For a phone someone may take from you. After {tries} wrong PINs, each "
                "new try must wait {seconds} seconds. Reports not sent yet are still "
                "sent, but Haki no longer shows them."
            ).format(
                tries=ui.tr.format_number(TRIES), seconds=ui.tr.format_number(int(WAIT_SECONDS))
            )
        ),
    ]


def no_lock(ui: UiSession) -> bool:
    """Where there is no PIN lock: on a shared device (one worker's PIN
    would lock the next one out), and on a phone served by a laptop, whose
    store lasts only while its page is open (app.visitors)."""
    from app.ui.views.shared import is_shared

    return ui.context.visiting or is_shared(ui)


def lock_now_action(ui: UiSession) -> ft.Control | None:
    """The app bar's lock, while a PIN is set: one tap hides the screen
    (a report half written, the costs) behind the PIN when someone comes
    near; the PIN opens the same screen again, nothing typed lost (a
    report's answers are saved as they are typed)."""
    if no_lock(ui) or not AppLock(ui.context.store).is_set():
        return None

    def lock_now() -> None:
        ui.locked = True
        ui.refresh()

    return bar_button("lock-now", ft.Icons.LOCK, ui._("Lock Haki now"), lock_now)


def lock_row(ui: UiSession) -> ft.Control:
    """More's row that leads to the lock's settings."""
    _ = ui._
    return ft.Semantics(
        identifier="more-lock",
        content=ft.ListTile(
            leading=ft.Icon(ft.Icons.LOCK_OUTLINE),
            title=ft.Text(_("PIN lock")),
            subtitle=ft.Text(_("On")) if AppLock(ui.context.store).is_set() else None,
            on_click=lambda _e: ui.go(SETTINGS),
        ),
    )
