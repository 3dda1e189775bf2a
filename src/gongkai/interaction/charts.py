"""The figures of the letters as server-rendered SVG charts and accessible tables.

The geometry comes from the statistics' chart helpers (``supervision.stats.charts``) and the
SVG from their templates (``supervision/stats/_chart_*.html``): no script, no inline style,
every bar with its value as text, the segments of a share told apart by pattern as well as
colour. Every chart has a table beside it with the same numbers
(``supervision.stats.tables``, rendered by ``supervision/stats/_table.html``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.interaction.figures import Figures, Tally
from gongkai.interaction.models import Rating
from gongkai.supervision.stats import charts as c
from gongkai.supervision.stats import tables as t
from gongkai.supervision.stats.page import month_label


def _month(m: int) -> str:
    return month_label(m)


@dataclass
class LinkedRow(t.Row):
    """A row whose label links to a page (an agency's own figures)."""

    url: str = ""


def build_charts(figures: Figures) -> dict[str, object]:
    year = figures.year
    received = [c.Datum(_month(m), tally.received) for m, tally in figures.by_month.items()]
    replied = [c.Datum(_month(m), tally.replied) for m, tally in figures.by_month.items()]
    kinds = [c.Datum(str(label), tally.received) for label, tally in figures.kind_rows()]
    total = figures.total
    ratings = [
        c.Datum(str(Rating.SATISFIED.label), total.satisfied),
        c.Datum(str(Rating.BASICALLY.label), total.basically),
        c.Datum(str(Rating.DISSATISFIED.label), total.dissatisfied),
    ]
    return {
        "received_month": c.column_chart(
            "letters-received-month",
            _("Letters received per month, %(year)d") % {"year": year},
            _("Columns: the letters received in each month of the year."),
            received,
        ),
        "replied_month": c.column_chart(
            "letters-replied-month",
            _("Letters replied per month, %(year)d") % {"year": year},
            _("Columns: the letters replied in each month of the year."),
            replied,
        ),
        "kinds": c.stacked_bar(
            "letters-kinds",
            _("Letters received by type, %(year)d") % {"year": year},
            _("One bar divided into the share of each type of letter."),
            kinds,
        ),
        "ratings": c.stacked_bar(
            "letters-ratings",
            _("Ratings of the replies, %(year)d") % {"year": year},
            _("One bar divided into the share of each rating given by the writers."),
            ratings,
        ),
    }


def _cells(tally: Tally) -> list[t.Cell]:
    return [
        t.count(tally.received),
        t.count(tally.not_accepted),
        t.count(tally.replied),
        t.count(tally.on_time),
        t.share(tally.on_time_rate),
        t.days(tally.average_working_days),
        t.count(tally.satisfied),
        t.count(tally.basically),
        t.count(tally.dissatisfied),
        t.share(tally.satisfaction_rate),
    ]


def _columns(first: str) -> list[str]:
    return [
        first,
        _("Letters received"),
        _("Not accepted"),
        _("Letters replied"),
        _("Replied on time"),
        _("On-time rate"),
        _("Average working days to reply"),
        _("Satisfied"),
        _("Basically satisfied"),
        _("Dissatisfied"),
        _("Satisfaction rate"),
    ]


def build_tables(figures: Figures) -> dict[str, t.Table]:
    year = figures.year
    months = t.Table(
        key="letters-by-month",
        title=_("By month, %(year)d") % {"year": year},
        columns=_columns(_("Month")),
        rows=[t.Row(_month(m), _cells(tally)) for m, tally in figures.by_month.items()],
    )
    months.rows.append(t.Row(_("Year"), _cells(figures.total), total=True))
    kinds = t.Table(
        key="letters-by-type",
        title=_("By type, %(year)d") % {"year": year},
        columns=_columns(_("Type")),
        rows=[t.Row(str(label), _cells(tally)) for label, tally in figures.kind_rows()],
    )
    kinds.rows.append(t.Row(_("All types"), _cells(figures.total), total=True))
    tables = {"months": months, "kinds": kinds}
    if figures.agency is None:
        agencies = t.Table(
            key="letters-by-agency",
            title=_("By agency, %(year)d") % {"year": year},
            columns=_columns(_("Agency")),
        )
        for agency, tally in figures.agency_rows():
            url = reverse("interaction:agency_figures", args=[agency.credit_code])
            query = urlencode({"year": year})
            agencies.rows.append(LinkedRow(agency.name, _cells(tally), url=f"{url}?{query}"))
        agencies.rows.append(t.Row(_("All agencies"), _cells(figures.total), total=True))
        tables["agencies"] = agencies
    return tables


@dataclass
class KeyFigure:
    key: str
    label: str
    cell: t.Cell


def key_figures(figures: Figures) -> list[KeyFigure]:
    """The headline numbers of the year, formatted like the tables' cells."""
    total = figures.total
    return [
        KeyFigure("received", _("Letters received"), t.count(total.received)),
        KeyFigure("replied", _("Letters replied"), t.count(total.replied)),
        KeyFigure("on-time", _("Replied on time"), t.count(total.on_time)),
        KeyFigure("on-time-rate", _("On-time rate"), t.share(total.on_time_rate)),
        KeyFigure(
            "working-days", _("Average working days to reply"), t.days(total.average_working_days)
        ),
        KeyFigure("satisfaction", _("Satisfaction rate"), t.share(total.satisfaction_rate)),
    ]
