"""What recruitment costs you: every payment, by the ILO's categories of
recruitment fees and related costs, against a month's earnings in the
destination. Shows the total and the months of earnings it equals (SDG
10.7.1), and says plainly that the worker should have paid none of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

import flet as ft

from app.core.codes import FeeCategory
from app.core.ledger import (
    MONTHS_TO_CHECK,
    AmountError,
    Earnings,
    Payment,
    check_rate,
    money_decimals,
    read_money,
)
from app.ui.checklist.common import checklist_store, heading, ledger_store
from app.ui.checklist.labels import amount_problem_text, fee_label, months_text
from app.ui.components import MIN_TOUCH, SPACING, labelled, named_picker, notice, screen
from app.ui.money import (
    currency_dropdown,
    currency_of,
    decimal_point,
    picked_currency,
    show_currency,
)
from app.ui.session import UiSession

ROUTE = "/checklist/costs"


def amount_field(
    ui: UiSession,
    label: str,
    value: str = "",
    *,
    on_submit: Callable[[object], None] | None = None,
    on_blur: Callable[[object], None] | None = None,
) -> ft.TextField:
    """A number field. `on_submit`: Enter, or the phone keyboard's Done key,
    does what the button beside it does; `on_blur`: what is typed is kept
    when the worker leaves the field (a pay typed and never saved was lost
    when they went back to the checklist)."""

    def typed(e: ft.Event[ft.TextField]) -> None:
        if e.control.error:  # the worker is fixing it: stop showing the old message
            e.control.error = None
            ui.update(e.control)

    return ft.TextField(
        label=label,
        value=value,
        keyboard_type=ft.KeyboardType.NUMBER,
        expand=True,
        on_change=typed,
        on_submit=on_submit,
        on_blur=on_blur,
        error_max_lines=4,  # the message ends with an example: it must not be cut
    )


def read_amount(ui: UiSession, field: ft.TextField, currency: str | None) -> Decimal | None:
    """The field's amount, or None after showing what is wrong under it.
    The typed text stays as it is so the worker can fix it. Money (in
    `currency`) is read as a report reads it ("1.500" is 1,500 in every
    language, but 1.5 in Kuwaiti dinars, which have three decimals); a
    rate (currency None), which may well be 1.234 or 0.0077, in the
    reader's own number format."""
    try:
        text = field.value or ""
        if currency is None:
            value = check_rate(ui.tr.parse_amount(text), text)
        else:
            value = read_money(text, decimals=money_decimals(currency), point=decimal_point(ui))
    except AmountError as exc:
        field.error = amount_problem_text(exc.problem, ui._)
        return None
    field.error = None
    return value


def money_row(amount: ft.Control, currency: ft.Control) -> ft.ResponsiveRow:
    """An amount and its currency: one under the other on a phone, where the
    amount's label ("Monthly pay" in Burmese) had half the width, wrapped at
    a large text size and ran into the heading above; side by side on a
    tablet or a laptop."""
    amount.col = {"xs": 12, "sm": 8}
    currency.col = {"xs": 12, "sm": 4}
    return ft.ResponsiveRow([amount, currency], vertical_alignment=ft.CrossAxisAlignment.START)


def read_money_in(
    ui: UiSession, field: ft.TextField, picker: ft.Dropdown, fallback: str
) -> tuple[Decimal, str] | None:
    """The field's sum and the currency its picker shows (a code or a name
    typed in it counts, see picked_currency), or None after showing what is
    wrong under the field and drawing it again."""
    currency = picked_currency(picker, fallback, ui.tr.locale)
    if currency is not None and show_currency(picker, currency):  # "birr" typed: "ETB"
        ui.update(picker)
    if currency is None:
        field.error = ui._(
            "Choose the currency from the list, or type its 3-letter code, like USD."
        )
        ui.update(field)
        return None
    value = read_amount(ui, field, currency)
    if value is None:
        ui.update(field)
        return None
    return value, currency


def costs_view(ui: UiSession) -> ft.View:
    _ = ui._
    ledger = ledger_store(ui)
    corridor = checklist_store(ui).corridor()
    earnings = ledger.earnings()
    payments = ledger.payments()
    earn_currency = earnings.currency if earnings else currency_of(corridor.destination, "USD")
    # most payments are in one currency: offer the last one used, else the pay's
    paid_currency = payments[-1].currency if payments else earn_currency

    controls: list[ft.Control] = [
        notice(
            ft.Icons.INFO_OUTLINE,
            _(
                "Under the ILO's fair recruitment principles, you should not pay any "
                "recruitment fee or related cost: the employer pays them. Write down "
                "everything you paid anyway. Your notes and receipts help you ask for "
                "the money back."
            ),
            identifier="ledger-principle",
        ),
    ]

    # result --------------------------------------------------------------
    result = row_group(result_controls(ui))

    def show_result() -> None:
        """A pay or a rate kept as its field was left: the total follows at
        once. Only this part is drawn again: the whole screen drawn again
        would take the tap that left the field."""
        fill(result, result_controls(ui))
        ui.update(result)

    controls.append(result)

    # earnings -------------------------------------------------------------
    saved_earnings = [earnings]  # the rate rows below are for its currency

    def save_earnings(_e: object) -> None:
        read = read_money_in(ui, earn_amount, earn_cur, earn_currency)
        if read is None:
            return
        ledger.set_earnings(Earnings(*read))
        ui.refresh()

    def keep_earnings(_e: object) -> None:
        """Left the field, or changed the currency: keep the pay typed, and
        say so in place (drawing the screen again would close the picker
        the worker is opening)."""
        if not (earn_amount.value or "").strip():
            return
        read = read_money_in(ui, earn_amount, earn_cur, earn_currency)
        last = saved_earnings[0]
        if read is None or (last is not None and (last.amount, last.currency) == read):
            return
        saved_earnings[0] = kept = Earnings(*read)
        ledger.set_earnings(kept)
        saved_line.value = earnings_saved_text(kept)
        saved_line_box.visible = True
        ui.update(saved_line_box)
        if last is None or kept.currency != last.currency:
            # a first pay, or one in another currency: the rates asked for
            # are now from this currency, and the total asks for them
            fill(rates, rate_rows(ui, kept.currency, payments, show_result))
            ui.update(rates)
        show_result()

    def earnings_saved_text(e: Earnings) -> str:
        return _("Saved: {amount} a month").format(amount=ui.tr.format_money(e.amount, e.currency))

    earn_amount = amount_field(
        ui,
        _("Monthly pay"),
        ui.tr.format_number(earnings.amount) if earnings else "",
        on_submit=save_earnings,
        on_blur=keep_earnings,
    )
    earn_cur = currency_dropdown(earn_currency, _("Currency"), ui.tr.currency_name)
    earn_cur.on_select = keep_earnings
    saved_line = ft.Text(earnings_saved_text(earnings) if earnings else "")
    saved_line_box = ft.Semantics(
        identifier="ledger-earnings-saved", content=saved_line, visible=earnings is not None
    )

    controls += [
        ft.Divider(),
        heading(_("Your earnings")),
        money_row(
            ft.Semantics(identifier="ledger-earnings", content=earn_amount),
            ft.Semantics(identifier="ledger-earnings-currency", content=earn_cur),
        ),
        saved_line_box,
        ft.Semantics(
            identifier="ledger-earnings-save",
            content=ft.OutlinedButton(
                content=_("Save earnings"), on_click=save_earnings, height=MIN_TOUCH
            ),
        ),
    ]

    # exchange rates -------------------------------------------------------
    rates = row_group(rate_rows(ui, earnings.currency, payments, show_result) if earnings else [])
    controls.append(rates)

    # add a payment --------------------------------------------------------
    category = ft.Dropdown(
        label=_("What you paid for"),
        value=FeeCategory.RECRUITMENT_FEE.value,
        options=[ft.DropdownOption(key=c.value, text=fee_label(c, _)) for c in FeeCategory],
        expand=True,
    )
    amount = amount_field(ui, _("Amount paid"), on_submit=lambda e: add(e))
    pay_currency = currency_dropdown(paid_currency, _("Currency"), ui.tr.currency_name)
    receipt = ft.Checkbox(value=False)
    paid_on: list[dt.date] = []
    date_label = ft.Text(_("Date not given"))

    def picked(e: ft.Event[ft.DatePicker]) -> None:
        value = e.control.value
        if value is not None:
            paid_on[:] = [value.date() if isinstance(value, dt.datetime) else value]
            date_label.value = ui.tr.format_date(paid_on[0])
            ui.update(date_label)

    def pick_date(_e: ft.Event[ft.TextButton]) -> None:
        ui.show_dialog(
            ft.DatePicker(
                first_date=dt.datetime(2000, 1, 1),
                last_date=dt.datetime.now() + dt.timedelta(days=366),
                on_change=picked,
            )
        )

    def add(_e: object) -> None:
        read = read_money_in(ui, amount, pay_currency, paid_currency)
        if read is None:
            return
        value, currency = read
        ledger.add_payment(
            Payment(
                category=FeeCategory(category.value or FeeCategory.OTHER.value),
                amount=value,
                currency=currency,
                paid_on=paid_on[0] if paid_on else None,
                receipt=bool(receipt.value),
            )
        )
        ui.refresh()

    controls += [
        ft.Divider(),
        heading(_("Add a payment")),
        named_picker(ui, "ledger-category", _("What you paid for"), category),
        money_row(
            ft.Semantics(identifier="ledger-amount", content=amount),
            ft.Semantics(identifier="ledger-currency", content=pay_currency),
        ),
        ft.Row(
            [
                ft.Icon(ft.Icons.EVENT),
                date_label,
                ft.TextButton(content=_("Choose the date"), on_click=pick_date),
            ],
            wrap=True,
        ),
        labelled(receipt, _("I have a receipt"), identifier="ledger-receipt"),
        ft.Semantics(
            identifier="ledger-add",
            content=ft.FilledButton(
                content=_("Add payment"), icon=ft.Icons.ADD, on_click=add, height=MIN_TOUCH
            ),
        ),
    ]

    # the payments ---------------------------------------------------------
    if payments:
        controls += [ft.Divider(), heading(_("Payments"))]
    for p in payments:
        controls.append(payment_row(ui, p))
    return screen(ui, ROUTE, _("What recruitment costs you"), controls, back=True)


def row_group(rows: list[ft.Control]) -> ft.Column:
    """Rows of the screen drawn again as one (the total, the rates), as
    wide as the screen's other rows (a column draws its rows only as wide
    as their content); hidden while it has none."""
    group = ft.Column(spacing=SPACING, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    fill(group, rows)
    return group


def fill(group: ft.Column, rows: list[ft.Control]) -> None:
    group.controls = rows
    group.visible = bool(rows)


def result_controls(ui: UiSession) -> list[ft.Control]:
    """The total, in months of earnings, or what is missing to work it out;
    and how many payments have no receipt: drawn from what is saved."""
    _ = ui._
    ledger = ledger_store(ui)
    earnings = ledger.earnings()
    summary = ledger.summary()
    payments = ledger.payments()
    shown: list[ft.Control] = []
    # with no payment written down yet there is nothing to add up: "You paid
    # 0.00, 0 months" read as a finding before anything was entered
    if (
        summary.payments
        and summary.months is not None
        and earnings is not None
        and summary.total is not None
    ):
        shown.append(
            ft.Container(
                bgcolor=ft.Colors.PRIMARY_CONTAINER,
                border_radius=8,
                padding=16,
                content=ft.Column(
                    [
                        ft.Text(_("You paid in total"), theme_style=ft.TextThemeStyle.LABEL_LARGE),
                        ft.Semantics(
                            identifier="ledger-total",
                            content=ft.Text(
                                ui.tr.format_money(summary.total, earnings.currency),
                                theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                            ),
                        ),
                        # 150,000 NPR paid, "4,109.59 QAR" shown: say where that comes from
                        *(
                            [
                                ft.Text(
                                    _(
                                        "Your payments changed into {currency} at the exchange "
                                        "rates you gave."
                                    ).format(currency=earnings.currency),
                                    data="ledger-converted",
                                )
                            ]
                            if any(p.currency != earnings.currency for p in payments)
                            else []
                        ),
                        ft.Semantics(  # no value: a screen reader said the months twice
                            identifier="ledger-months",
                            content=ft.Text(
                                months_text(ui.tr, summary.months),
                                theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            ),
                        ),
                    ]
                ),
            )
        )
        if summary.months > MONTHS_TO_CHECK:
            shown.append(
                notice(
                    ft.Icons.WARNING_AMBER_OUTLINED,
                    _(
                        "That is more than two years of your earnings. Check the amounts "
                        "and the exchange rates: is each rate the right way round?"
                    ),
                    identifier="ledger-check-numbers",
                )
            )
    elif summary.missing_rates and earnings is not None:
        shown.append(
            notice(
                ft.Icons.CURRENCY_EXCHANGE,
                _("Give the exchange rate for {currencies} below to see the total.").format(
                    currencies=", ".join(sorted(summary.missing_rates))
                ),
                identifier="ledger-missing-rate",
            )
        )
    if summary.without_receipt:
        shown.append(
            ft.Text(
                ui.tr.ngettext(
                    "{count} payment has no receipt. Ask for one every time you pay.",
                    "{count} payments have no receipt. Ask for one every time you pay.",
                    summary.without_receipt,
                ).format(count=ui.tr.format_number(summary.without_receipt))
            )
        )
    return shown


def payment_row(ui: UiSession, p: Payment) -> ft.Control:
    _ = ui._
    details = [ui.tr.format_date(p.paid_on)] if p.paid_on else []
    details.append(_("Receipt kept") if p.receipt else _("No receipt"))

    def remove(_e: ft.Event[ft.IconButton]) -> None:
        if p.id is not None:
            ledger_store(ui).remove_payment(p.id)
        ui.refresh()
        # one tap removed it for good: a slip lost a record of money paid
        ui.show_dialog(
            ft.SnackBar(
                ft.Text(_("Payment removed.")),
                action=_("Undo"),
                on_action=lambda _e: undo(),
                duration=8000,
            )
        )

    def undo() -> None:
        ledger_store(ui).add_payment(p)  # with its id: back in its place
        ui.refresh()

    return ft.Semantics(
        identifier=f"ledger-payment-{p.id}",
        content=ft.ListTile(
            leading=ft.Icon(ft.Icons.RECEIPT_LONG if p.receipt else ft.Icons.MONEY_OFF),
            title=ft.Text(
                f"{fee_label(p.category, _)}: {ui.tr.format_money(p.amount, p.currency)}"
            ),
            subtitle=ft.Text(" · ".join(details)),
            trailing=ft.Semantics(
                identifier=f"ledger-remove-{p.id}",
                content=ft.IconButton(
                    icon=ft.Icons.DELETE_OUTLINE, tooltip=_("Remove"), on_click=remove
                ),
            ),
        ),
    )


def rate_rows(
    ui: UiSession, earnings_currency: str, payments: Sequence[Payment], kept: Callable[[], None]
) -> list[ft.Control]:
    """A heading and a rate to give for each other currency paid in, with
    the rates saved for the pay's currency filled in."""
    others = sorted({p.currency for p in payments} - {earnings_currency})
    if not others:
        return []
    saved = ledger_store(ui).rates(earnings_currency)
    return [
        heading(ui._("Exchange rates")),
        *(rate_row(ui, c, earnings_currency, saved.get(c), kept) for c in others),
    ]


def rate_row(
    ui: UiSession,
    currency: str,
    earnings_currency: str,
    rate: Decimal | None,
    kept: Callable[[], None],
) -> ft.Control:
    """ "1 SAR = [34.50] KES": the rate as people say it. The question is
    written above the field, not as its label: a label that long, in
    Burmese at a large text size, wrapped onto the number typed. `kept`
    is called when a rate is kept as its field is left."""
    _ = ui._
    question = _("1 {unit} is how many {other}?").format(unit=earnings_currency, other=currency)
    saved = [rate]

    def save(_e: object) -> None:
        value = read_amount(ui, field, None)
        if value is None:
            ui.update(field)
            return
        ledger_store(ui).set_rate(currency, earnings_currency, value)
        ui.refresh()

    def keep(_e: object) -> None:
        """Left the field: keep the rate typed (the screen is not drawn
        again: that would take the worker's tap)."""
        if not (field.value or "").strip():
            return
        value = read_amount(ui, field, None)
        if value is None:
            ui.update(field)
            return
        if value != saved[0]:
            saved[0] = value
            ledger_store(ui).set_rate(currency, earnings_currency, value)
            kept()

    field = amount_field(
        ui,
        currency,  # the field holds so many of this currency
        ui.tr.format_number(rate, exact=True) if rate is not None else "",
        on_submit=save,
        on_blur=keep,
    )

    return ft.Column(
        [
            ft.Text(question),
            ft.Row(
                [
                    ft.Semantics(identifier=f"ledger-rate-{currency}", content=field, expand=True),
                    ft.OutlinedButton(content=_("Save"), on_click=save, height=MIN_TOUCH),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        ]
    )
