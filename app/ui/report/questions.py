"""The wizard's questions, one builder per screen. Each returns the controls
of its question; the Wizard frames them, saves every answer and checks
them when the worker moves on."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft
from babel.dates import get_month_names

from app.core.codes import AgeBand, Category, MigrationStatus, Sector, Sex
from app.core.collation import same_name
from app.core.report import (
    CONTACT_MAX,
    NAME_MAX,
    UNDISCLOSED,
    WORDS_MAX,
    Costs,
    FollowUp,
    Ongoing,
    Recruited,
    Step,
    Who,
    year_choices,
)
from app.core.report_places import (
    COMMON_DESTINATIONS,
    COMMON_ORIGINS,
    is_country,
    region_names,
)
from app.store.ledger import LedgerStore
from app.ui.components import labelled
from app.ui.labels import sector_label
from app.ui.money import (
    currency_dropdown,
    currency_of,
    decimal_point,
    picked_currency,
    show_currency,
)
from app.ui.report.components import ChoiceGroup, heading, hint, text_field
from app.ui.report.labels import (
    CATEGORY_ICONS,
    COSTS_ICONS,
    FOLLOW_UP_ICONS,
    ONGOING_ICONS,
    RECRUITED_ICONS,
    SECTOR_ICONS,
    SEX_ICONS,
    STATUS_ICONS,
    UNDISCLOSED_ICON,
    WHO_ICONS,
    age_label,
    category_label,
    costs_label,
    dont_know,
    follow_up_label,
    ongoing_label,
    organisation_name,
    prefer_not_to_say,
    recruited_label,
    sex_label,
    status_label,
    who_label,
)
from app.ui.report.review import review
from app.ui.report.wizard import Wizard

Option = tuple[str, str, ft.IconData]


def organisation(w: Wizard) -> str:
    return organisation_name(w.ui)


def what(w: Wizard) -> list[ft.Control]:
    _ = w._

    def toggle(code: str) -> None:
        w.answers.toggle(code)
        w.save()

    group = ChoiceGroup(
        [(c.value, category_label(c, _), CATEGORY_ICONS[c]) for c in Category],
        selected=lambda code: code in w.answers.categories,
        on_choose=toggle,
        multiple=True,
    )
    return [
        heading(_("What happened?")),
        ft.Text(_("Choose all that apply.")),
        w.error_line("categories"),
        group.control,
    ]


def country_question(w: Wizard, name: str, common: Sequence[str], title: str) -> list[ft.Control]:
    """Large choices for the usual countries, a list with every other one,
    and "prefer not to say"."""
    _ = w._
    tr = w.ui.tr
    options: list[Option] = [(c, tr.country_name(c), ft.Icons.PLACE_OUTLINED) for c in common]
    options.append((UNDISCLOSED, prefer_not_to_say(_), UNDISCLOSED_ICON))
    others = tr.by_country_name(
        str(code) for code in tr.locale.territories if is_country(str(code)) and code not in common
    )
    current = getattr(w.answers, name)
    picker = ft.Dropdown(
        label=_("Another country"),
        options=[ft.DropdownOption(key=code, text=tr.country_name(code)) for code in others],
        value=current if current in others else None,
        enable_filter=True,
        editable=True,
        expand=True,
    )
    group = w.single(name, options, after=lambda _code: setattr(picker, "value", None))

    def picked(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            w.set(name, e.control.value)
            group.refresh()

    def typed(e: ft.Event[ft.Dropdown]) -> None:
        # a country typed in full is taken as if picked: typed and then left,
        # it was ignored, and the report went on with the tile chosen before
        text = e.control.text or str(getattr(e, "data", None) or "")
        found = [code for code in others if same_name(text, tr.country_name(code))]
        if len(found) == 1 and getattr(w.answers, name) != found[0]:
            e.control.value = found[0]
            w.set(name, found[0])
            group.refresh()

    picker.on_select = picked
    picker.on_text_change = typed
    return [
        heading(title),
        w.error_line(name),
        group.control,
        ft.Semantics(identifier=f"report-{name}-other", content=ft.Row([picker])),
    ]


def country(w: Wizard) -> list[ft.Control]:
    return country_question(
        w, "destination", COMMON_DESTINATIONS, w._("In which country did it happen?")
    )


def region(w: Wizard) -> list[ft.Control]:
    _ = w._
    destination = w.answers.chosen("destination") or ""
    options: list[Option] = [
        (code, name, ft.Icons.PLACE_OUTLINED)
        for code, name in region_names(destination, w.ui.language.code).items()
    ]
    options.append((UNDISCLOSED, dont_know(_), UNDISCLOSED_ICON))
    return [
        heading(_("In which part of {country}?").format(country=w.ui.tr.country_name(destination))),
        w.error_line("region"),
        w.single("region", options).control,
    ]


def sector(w: Wizard) -> list[ft.Control]:
    _ = w._
    options: list[Option] = [(s.value, sector_label(s, _), SECTOR_ICONS[s]) for s in Sector]
    options.append((UNDISCLOSED, prefer_not_to_say(_), UNDISCLOSED_ICON))
    return [
        heading(_("What work do you do there?")),
        w.error_line("sector"),
        w.single("sector", options).control,
    ]


def started(w: Wizard) -> list[ft.Control]:
    _ = w._
    months = get_month_names("wide", locale=w.ui.tr.locale)

    def choose_year(code: str) -> None:
        w.set("started_year", int(code.removeprefix("year-")))
        sync()

    def choose_month(code: str) -> None:
        w.set("started_month", int(code.removeprefix("month-")))
        sync()

    def forget_when(_code: str) -> None:
        w.answers.choose("started_year", None)
        w.set("started_month", None)
        sync()

    years = ChoiceGroup(
        [
            (f"year-{y}", w.ui.tr.in_digits(str(y)), ft.Icons.CALENDAR_MONTH_OUTLINED)
            for y in year_choices(w.today)
        ],
        selected=lambda code: code == f"year-{w.answers.started_year}",
        on_choose=choose_year,
        compact=True,
    )
    month_group = ChoiceGroup(
        [(f"month-{m:02d}", str(months[m]), ft.Icons.EVENT) for m in range(1, 13)],
        selected=lambda code: code == f"month-{w.answers.started_month or 0:02d}",
        on_choose=choose_month,
        compact=True,
    )
    forget = ChoiceGroup(
        [(UNDISCLOSED, _("I don't remember"), UNDISCLOSED_ICON)],
        selected=lambda _code: w.answers.started_year is None and w.answers.started_month is None,
        on_choose=forget_when,
    )

    def sync() -> None:
        for group in (years, month_group, forget):
            group.refresh()

    return [
        heading(_("When did it start?")),
        ft.Text(_("Year"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        w.error_line("started_year"),
        years.control,
        ft.Text(_("Month"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        w.error_line("started_month"),
        month_group.control,
        forget.control,
    ]


def ongoing(w: Wizard) -> list[ft.Control]:
    _ = w._
    options = [(o.value, ongoing_label(o, _), ONGOING_ICONS[o]) for o in Ongoing]
    return [
        heading(_("Is it still happening?")),
        w.error_line("ongoing"),
        w.single("ongoing", options).control,
    ]


def who(w: Wizard) -> list[ft.Control]:
    _ = w._
    recruiter, recruiter_field = text_field(
        "report-name-recruiter",
        who_label(Who.RECRUITER, _),
        w.answers.recruiter_name,
        lambda text: _set_text(w, "recruiter_name", text),
        limit=w.limit("recruiter_name", NAME_MAX),
        question=_("Name of the recruiter or agency (if you want)"),
    )
    employer, employer_field = text_field(
        "report-name-employer",
        who_label(Who.EMPLOYER, _),
        w.answers.employer_name,
        lambda text: _set_text(w, "employer_name", text),
        limit=w.limit("employer_name", NAME_MAX),
        question=_("Name of the employer (if you want)"),
    )

    def show_fields(_code: str | None = None) -> None:
        chosen = w.answers.who
        recruiter.visible = chosen in (Who.RECRUITER, Who.BOTH)
        employer.visible = chosen in (Who.EMPLOYER, Who.BOTH)

    show_fields()
    options = [(o.value, who_label(o, _), WHO_ICONS[o]) for o in Who]
    return [
        heading(_("Who did this to you?")),
        w.error_line("who"),
        w.single("who", options, after=show_fields).control,
        hint(
            _("Names are sealed: only {organisation} can read them.").format(
                organisation=organisation(w)
            )
        ),
        recruiter,
        w.error_line("recruiter_name"),
        employer,
        w.error_line("employer_name"),
    ]


def sex(w: Wizard) -> list[ft.Control]:
    _ = w._
    options = [(s.value, sex_label(s, _), SEX_ICONS[s]) for s in Sex]
    return [
        hint(
            _(
                "The next questions are about you. They are optional: they help count "
                "how many people this happens to, and never say who you are."
            ),
            ft.Icons.INFO_OUTLINE,
        ),
        heading(_("Are you a woman or a man?")),
        w.error_line("sex"),
        w.single("sex", options).control,
    ]


def age(w: Wizard) -> list[ft.Control]:
    _ = w._
    options = [
        (
            a.value,
            age_label(a, _, w.ui.tr.format_number),
            UNDISCLOSED_ICON if a is AgeBand.UNDISCLOSED else ft.Icons.CAKE_OUTLINED,
        )
        for a in AgeBand
    ]
    return [
        heading(_("How old are you?")),
        w.error_line("age_band"),
        w.single("age_band", options).control,
    ]


def origin(w: Wizard) -> list[ft.Control]:
    return country_question(
        w, "origin", COMMON_ORIGINS, w._("Which country's passport or citizenship do you have?")
    )


def status(w: Wizard) -> list[ft.Control]:
    _ = w._
    options = [(s.value, status_label(s, _), STATUS_ICONS[s]) for s in MigrationStatus]
    return [
        heading(_("What are your papers to stay and work there?")),
        w.error_line("migration_status"),
        w.single("migration_status", options).control,
    ]


def recruited(w: Wizard) -> list[ft.Control]:
    _ = w._
    options = [(r.value, recruited_label(r, _), RECRUITED_ICONS[r]) for r in Recruited]
    return [
        heading(_("How did you get this job?")),
        w.error_line("recruited"),
        w.single("recruited", options).control,
    ]


def costs(w: Wizard) -> list[ft.Control]:
    _ = w._
    ledger = LedgerStore(w.ui.context.store)
    summary = ledger.summary()
    offered = [Costs.NOTHING, Costs.AMOUNTS]
    if summary.months is not None and summary.payments:
        offered.append(Costs.LEDGER)
    offered.append(Costs.UNKNOWN)
    # the sums are read in this currency ("120.000" is 120 Kuwaiti dinars)
    # and with this reader's decimal point; first offered: the destination's
    if not w.answers.costs_currency:
        w.answers.costs_currency = currency_of(w.answers.chosen("destination"), "USD")
    point = decimal_point(w.ui)
    paid, _paid_field = text_field(
        "report-costs-paid",
        _("Everything you paid to get the job"),
        w.answers.costs_paid,
        lambda text: _set_amount(w, "costs_paid", text, point),
        keyboard=ft.KeyboardType.NUMBER,
    )
    earned, _earned_field = text_field(
        "report-costs-earnings",
        _("Your pay for one month"),
        w.answers.monthly_earnings,
        lambda text: _set_amount(w, "monthly_earnings", text, point),
        keyboard=ft.KeyboardType.NUMBER,
    )
    currency = currency_dropdown(w.answers.costs_currency, _("Currency"), w.ui.tr.currency_name)
    # said once the typed text is long enough to be a code, or is left: "Rs"
    # was kept on screen while the sums were read in the currency before
    # the Semantics is what hides (see components.ask_first)
    unknown = ft.Semantics(
        identifier="report-costs-currency-unknown",
        content=ft.Text(
            _("Choose the currency from the list, or type its 3-letter code, like USD."),
            color=ft.Colors.ERROR,
        ),
        visible=False,
    )

    def picked(e: ft.Event[ft.Dropdown], *, left: bool = False) -> None:
        # a code typed in the picker counts once it is a whole ISO 4217
        # code, a name once it is one currency's ("kenyan")
        code = picked_currency(e.control, w.answers.costs_currency, w.ui.tr.locale)
        if code is not None and code != w.answers.costs_currency:
            w.answers.costs_currency = code
            w.save()
        typed = (e.control.text or "").strip()
        if left and code is not None and show_currency(e.control, code):  # "birr": "ETB"
            w.ui.update(e.control)
        wrong = code is None and (left or len(typed) >= 3)
        if wrong != unknown.visible:
            unknown.visible = wrong
            w.ui.update(unknown)

    currency.on_select = picked
    currency.on_text_change = picked
    currency.on_blur = lambda e: picked(e, left=True)
    amounts = ft.Column(
        [
            hint(
                _("Write both in the same money (currency)."),
                ft.Icons.INFO_OUTLINE,
            ),
            ft.Row([ft.Semantics(identifier="report-costs-currency", content=currency)]),
            unknown,
            paid,
            w.error_line("costs_paid"),
            earned,
            w.error_line("monthly_earnings"),
        ],
        spacing=12,
        # the fields as wide as the screen (they were 300 px, their labels
        # squeezed onto two lines)
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )

    def chosen(code: str) -> None:
        amounts.visible = code == Costs.AMOUNTS
        if code == Costs.LEDGER:
            w.answers.ledger = [
                [p.category.value, str(p.amount), p.currency] for p in ledger.payments()
            ]
            w.answers.ledger_ratio = str(summary.months)
            w.save()

    chosen(w.answers.costs or "")
    options = [(c.value, costs_label(c, _), COSTS_ICONS[c]) for c in offered]
    return [
        heading(_("What did it cost you to get this job?")),
        ft.Text(_("Fees, tickets, medical checks, visa, training: everything you paid to get it.")),
        w.error_line("costs"),
        w.single("costs", options, after=chosen).control,
        amounts,
    ]


def words(w: Wizard) -> list[ft.Control]:
    _ = w._
    field, _text = text_field(
        "report-text",
        _("What happened"),
        w.answers.words,
        lambda text: _set_text(w, "words", text),
        multiline=True,
        limit=w.limit("words", WORDS_MAX),
    )
    return [
        heading(_("Tell what happened, in your own words")),
        ft.Text(_("If you want: you can also leave this empty.")),
        hint(
            _("Your words are sealed: only {organisation} can read them.").format(
                organisation=organisation(w)
            )
        ),
        field,
        w.error_line("words"),
    ]


def contact(w: Wizard) -> list[ft.Control]:
    _ = w._
    box, _field = text_field(
        "report-contact",
        _("Phone number, email, or how to reach you safely"),
        w.answers.contact,
        lambda text: _set_text(w, "contact", text),
        limit=w.limit("contact", CONTACT_MAX),
    )

    def consent_changed(e: ft.Event[ft.Checkbox]) -> None:
        w.answers.contact_consent = bool(e.control.value)
        w.save()

    consent = labelled(
        ft.Checkbox(value=w.answers.contact_consent, on_change=consent_changed),
        _("I agree that {organisation} may contact me this way.").format(
            organisation=organisation(w)
        ),
        identifier="report-contact-consent",
    )
    details = ft.Column(
        [
            box,
            w.error_line("contact"),
            hint(
                _("Contact details are sealed: only {organisation} can read them.").format(
                    organisation=organisation(w)
                )
            ),
            consent,
            w.error_line("contact_consent"),
        ],
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )

    def chosen(code: str | None = None) -> None:
        details.visible = w.answers.follow_up == FollowUp.CONTACT

    chosen()
    options = [(f.value, follow_up_label(f, _), FOLLOW_UP_ICONS[f]) for f in FollowUp]
    return [
        heading(_("Do you want someone to contact you?")),
        w.error_line("follow_up"),
        w.single("follow_up", options, after=chosen).control,
        details,
    ]


def _set_text(w: Wizard, name: str, text: str) -> None:
    setattr(w.answers, name, text)
    w.save()


def _set_amount(w: Wizard, name: str, text: str, point: str) -> None:
    """A typed sum, saved with the decimal point it was typed with."""
    w.answers.costs_point = point
    _set_text(w, name, text)


BUILDERS: dict[Step, Callable[[Wizard], list[ft.Control]]] = {
    Step.WHAT: what,
    Step.COUNTRY: country,
    Step.REGION: region,
    Step.SECTOR: sector,
    Step.STARTED: started,
    Step.ONGOING: ongoing,
    Step.WHO: who,
    Step.SEX: sex,
    Step.AGE: age,
    Step.ORIGIN: origin,
    Step.STATUS: status,
    Step.RECRUITED: recruited,
    Step.COSTS: costs,
    Step.WORDS: words,
    Step.CONTACT: contact,
    Step.REVIEW: review,
}
