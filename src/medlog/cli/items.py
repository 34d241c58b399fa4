"""Commands about items: add, edit, stop, resume, remove, list, catalog.

A NAME may be typed as several words without quotes (medlog stop magnesium glycinate).
"""

import dataclasses
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn
from medlog.cli.arguments import complete_items, joined, unquoted_name
from medlog.errors import BadInput

if TYPE_CHECKING:
    from medlog.actions.item_options import ItemOptions

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


def item_name(help_text: str) -> Any:
    """A NAME argument of one or more words, completed from the store's items."""
    return typer.Argument(metavar="NAME", help=help_text, autocompletion=complete_items)


class ListFormat(StrEnum):
    """Formats ``medlog list`` can print."""

    table = "table"
    json = "json"


Dose = Annotated[
    str | None,
    typer.Option(help="The usual dose, e.g. 10mg or '1 tablet' (quote it if it has a space)."),
]
ScheduleText = Annotated[
    str | None,
    typer.Option(
        "--schedule",
        help="When: daily | 'daily 08:00,20:00' | 'every 2 days 08:00' | "
        "'mon,wed,fri 09:00' | 'weekly sun 10:00' | 'as needed max 3/day min "
        "interval 4h'.",
    ),
]
RangeText = Annotated[
    str | None,
    typer.Option(
        "--range", help="Documented range: MIN-MAX[UNIT][/day|/dose], 'max 350mg/day', or none."
    ),
]
RangeSource = Annotated[
    str | None, typer.Option(help="Where your range comes from (shown beside it).")
]
KindText = Annotated[str | None, typer.Option("--kind", help="rx, otc or supplement.")]
FormText = Annotated[
    str | None,
    typer.Option("--form", help="tablet, capsule, drop, puff, softgel or scoop."),
]
StrengthText = Annotated[
    str | None,
    typer.Option(help="The amount in one unit of the form, e.g. 10mg (for 10 mg a tablet)."),
]
SubstanceText = Annotated[
    str | None,
    typer.Option(
        "--substance",
        help="Its active substances, e.g. lisinopril,hydrochlorothiazide (the catalog fills "
        "it for items it knows; none takes it away). Items sharing one form a PDC group.",
    ),
]
IngredientText = Annotated[
    list[str] | None,
    typer.Option(
        "--ingredient",
        help="What one unit holds, e.g. 'magnesium 100mg' (repeat for each; per tablet when "
        "the item has a form; none takes them away). Totals add them across items.",
    ),
]
FractionText = Annotated[
    str | None,
    typer.Option(
        "--fraction",
        help="The elemental share of the compound, e.g. 0.141 or 14.1% (the catalog's, else "
        "yours); used with --amount-is compound.",
    ),
]
AmountIsText = Annotated[
    str | None,
    typer.Option(
        "--amount-is",
        help="label: amounts are as the label states them (elemental, the default); "
        "compound: the compound's weight, converted with the fraction.",
    ),
]
ClassText = Annotated[
    str | None,
    typer.Option(
        "--class",
        help="Its therapeutic class, e.g. SSRI or 'RAS antagonists': items of one class form "
        "one PDC group (none takes it away).",
    ),
]


_RENAMED = {"dose_range": "range", "ingredient": "ingredients"}
NOT_ITEM_OPTIONS = frozenset(("ctx", "name", "start", "new_name", "cancel_planned"))
"""The parameters of add and edit that say which item and when, not what it is."""


def _options(given: dict[str, Any]) -> "ItemOptions":
    """The item options ``add`` or ``edit`` was given: its parameters, by field name. A
    parameter that is neither an ItemOptions field nor in NOT_ITEM_OPTIONS is a bug (an
    option misspelt in one place), never silently dropped."""
    from dataclasses import fields

    from medlog.actions.item_options import ItemOptions

    known = {field.name for field in fields(ItemOptions)}
    chosen = {_RENAMED.get(name, name): value for name, value in given.items()}
    unknown = set(chosen) - known - NOT_ITEM_OPTIONS
    if unknown:
        raise TypeError(f"parameter {sorted(unknown)[0]!r} is not an item option")
    chosen = {name: value for name, value in chosen.items() if name in known}
    if chosen.get("ingredients") is not None:
        chosen["ingredients"] = tuple(chosen["ingredients"])
    return ItemOptions(**chosen)


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def add(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME", help="The item's name, e.g. lexapro or magnesium glycinate."
        ),
    ],
    dose: Dose = None,
    schedule: ScheduleText = None,
    dose_range: RangeText = None,
    range_source: RangeSource = None,
    kind: KindText = None,
    unit: Annotated[
        str | None, typer.Option(help="Unit for amounts and totals: mcg, mg, g, IU, mL or a form.")
    ] = None,
    form: FormText = None,
    strength: StrengthText = None,
    substance: SubstanceText = None,
    drug_class: ClassText = None,
    ingredient: IngredientText = None,
    fraction: FractionText = None,
    amount_is: AmountIsText = None,
    start: Annotated[
        str | None, typer.Option(help="First day of the regimen (default today).")
    ] = None,
) -> None:
    """Add a medication or supplement to your regimen.

    A name the catalog knows (a substance or brand, e.g. lexapro) fills the unit, form,
    strength and documented range with its source; any option you give wins. Where the
    strengths have labels of their own (Tylenol 325, 500 or 650 mg), add asks which, or
    takes --strength.

    Example: medlog add lexapro --dose 10mg --schedule "daily 08:00"
    """
    options = _options(locals())
    from medlog.actions import items
    from medlog.render.confirmations import item_text

    typed = unquoted_name(name)
    if options.strength is None and sys.stdin.isatty() and sys.stderr.isatty():
        choices = items.strength_choices(typed, options)
        if choices:
            options = dataclasses.replace(options, strength=_which_strength(choices))
    change = items.add(store_of(ctx), now(), typed, options, start=start)
    out(item_text(change, "Added"))
    for notice in change.notices:
        warn(notice)


def _which_strength(choices: tuple[tuple[str, str], ...]) -> str:
    """Ask on the terminal which strength the person has: a number from the list, or the
    strength itself ("500mg"); anything else is bad input."""
    sys.stdout.flush()
    listed = "".join(f"  {n}. {words}\n" for n, (words, _) in enumerate(choices, start=1))
    sys.stderr.write(f"Its strengths have labels of their own:\n{listed}")
    reply = str(typer.prompt(f"Which do you have? [1-{len(choices)}]", err=True)).strip()
    if reply.isdigit() and 1 <= int(reply) <= len(choices):
        return choices[int(reply) - 1][1]
    if reply and not reply.replace(".", "", 1).isdigit():
        return reply
    raise BadInput(
        f"{reply[:20]!r} is not one of 1-{len(choices)}; choose a number from the list, or give "
        "the strength with its unit, e.g. 500mg (or --strength 500mg)."
    )


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def edit(
    ctx: typer.Context,
    name: Annotated[list[str], item_name("The item to change.")],
    dose: Dose = None,
    schedule: ScheduleText = None,
    dose_range: RangeText = None,
    range_source: RangeSource = None,
    kind: KindText = None,
    form: FormText = None,
    strength: StrengthText = None,
    substance: SubstanceText = None,
    drug_class: ClassText = None,
    ingredient: IngredientText = None,
    fraction: FractionText = None,
    amount_is: AmountIsText = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="First day of the new dose or schedule (default today). A day before the "
            "current one's start re-dates it (a change entered late).",
        ),
    ] = None,
    new_name: Annotated[
        str | None, typer.Option("--name", help="A new display name (the key stays).")
    ] = None,
    cancel_planned: Annotated[
        bool,
        typer.Option("--cancel-planned", help="Remove a change planned for a later day."),
    ] = False,
) -> None:
    """Change an item; a new dose or schedule starts a new version.

    Earlier days keep being judged against the regimen that was in force then,
    so a titration or taper keeps its history. Every change is kept as an audit
    line (medlog list --all shows them).

    Example: medlog edit lexapro --dose 20mg --from 2026-12-01
    """
    options = _options(locals())
    from medlog.actions import items
    from medlog.render.confirmations import item_text

    change = items.edit(
        store_of(ctx),
        now(),
        joined(name),
        options,
        start=start,
        new_name=new_name,
        cancel_planned=cancel_planned,
    )
    out(item_text(change, "Changed"))
    for notice in change.notices:
        warn(notice)


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def stop(
    ctx: typer.Context,
    name: Annotated[list[str], item_name("The item to stop.")],
    on: Annotated[
        str | None, typer.Option(help="First day with nothing expected (default today).")
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(help="Why it was stopped; list --all and the report show it."),
    ] = None,
) -> None:
    """Stop an item: nothing is expected from --on; its history stays.

    Example: medlog stop lexapro --on 2026-12-15 --reason "side effects"
    """
    from medlog.actions import items
    from medlog.render.confirmations import item_text

    change = items.stop(store_of(ctx), now(), joined(name), on, reason)
    out(item_text(change, "Stopped"))


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def hold(
    ctx: typer.Context,
    name: Annotated[list[str], item_name("The item to pause.")],
    until: Annotated[
        str | None,
        typer.Option(help="The last day held (included); doses are expected again after it."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="The first day held (default today).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why, e.g. surgery; the report shows it.")
    ] = None,
    end: Annotated[
        bool, typer.Option("--end", help="End the hold now (or cancel one not begun).")
    ] = False,
) -> None:
    """Pause an item for some days: nothing is expected while it is held, so the report shows
    the hold and its reason instead of missed doses; it ends by itself after --until.

    Example: medlog hold warfarin --until 2026-12-03 --reason surgery
    """
    from medlog.actions.holds import end_hold
    from medlog.actions.holds import hold as pause
    from medlog.errors import BadInput
    from medlog.render.confirmations import held_text

    if end and (until is not None or start is not None or reason is not None):
        raise BadInput("--end ends the hold in force; give it alone, without --until or --from.")
    if end:
        result = end_hold(store_of(ctx), now(), joined(name))
    elif until is None:
        raise BadInput(
            "Give the last day of the hold, e.g. medlog hold NAME --until 2026-12-03 "
            "--reason surgery (or --end to end one)."
        )
    else:
        result = pause(store_of(ctx), now(), joined(name), until, start=start, reason=reason)
    out(held_text(result))


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def resume(
    ctx: typer.Context,
    name: Annotated[list[str], item_name("The stopped item to restart.")],
) -> None:
    """Restart a stopped item from today with its last regimen.

    Example: medlog resume lexapro
    """
    from medlog.actions import items
    from medlog.render.confirmations import item_text

    out(item_text(items.resume(store_of(ctx), now(), joined(name)), "Resumed"))


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def remove(
    ctx: typer.Context,
    name: Annotated[list[str], item_name("The item added by mistake.")],
) -> None:
    """Delete an item added by mistake; one with any logged dose is kept (stop it instead).

    Example: medlog remove lexpro
    """
    from medlog.actions import items

    removed = items.remove(store_of(ctx), now(), joined(name))
    out(f"Removed {removed.name} ({removed.key}); it had nothing logged.\n")


@commands.command("list", rich_help_panel="Your regimen", **COMMAND)
def list_items(
    ctx: typer.Context,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Include stopped items, and every change made to each item."),
    ] = False,
    output: Annotated[
        ListFormat, typer.Option("--format", help="table or json.")
    ] = ListFormat.table,
) -> None:
    """List your items with their regimen and documented range.

    Example: medlog list --all --format json
    """
    from medlog.actions import items

    store = store_of(ctx)
    found, hidden = items.listing(store, show_all)
    if output is ListFormat.json:
        from medlog.export import json_text
        from medlog.export.listing import items_document

        out(json_text(items_document(found)))
    else:
        from medlog.actions.profile import show
        from medlog.render.console import make_console
        from medlog.render.items import print_items

        notes = show(store, now()).notes
        print_items(found, make_console(), changes=show_all, hidden=hidden, age_notes=notes)


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def catalog(
    query: Annotated[
        str | None, typer.Argument(metavar="[QUERY]", help="Part of a name, e.g. magnesium.")
    ] = None,
) -> None:
    """List the bundled catalog: a line per substance, brand or questionnaire with its kind
    and documented range; with a NAME (a brand too: Advil, Tylenol), its notes, label
    directions by strength and facts, each with its source.

    Example: medlog catalog tylenol
    """
    from medlog import catalog as bundled
    from medlog.questionnaires import search as search_questionnaires
    from medlog.render.catalog import print_catalog, print_names
    from medlog.render.console import make_console

    entries = bundled.load()
    if query is None:
        print_names(entries, search_questionnaires(None), make_console())
    else:
        print_catalog(
            bundled.search(query, entries), search_questionnaires(query), query, make_console()
        )
