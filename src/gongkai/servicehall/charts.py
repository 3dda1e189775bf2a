"""The rating figures as server-rendered SVG charts and accessible tables, with the geometry
and templates of the statistics pages (``supervision.stats.charts``/``tables``): no script,
no inline style, each bar with its value as text, each chart with a table of the same
numbers beside it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.servicehall.figures import LEVEL_FIELDS, Figures, Tally
from gongkai.servicehall.models import RatingLevel
from gongkai.supervision.stats import charts as c
from gongkai.supervision.stats import tables as t
from gongkai.supervision.stats.page import month_label


@dataclass
class LinkedRow(t.Row):
    """A row whose label links to a page (an agency's own figures)."""

    url: str = ""


def build_charts(figures: Figures) -> dict[str, object]:
    year, total = figures.year, figures.total
    levels = [c.Datum(str(level.label), total.count(level)) for level in RatingLevel]
    months = [c.Datum(month_label(m), tally.ratings) for m, tally in figures.by_month.items()]
    cases = [
        c.Datum(_("Rectified"), total.rectified),
        c.Datum(_("Not substantiated"), total.unfounded),
        c.Datum(_("Being verified"), total.open),
    ]
    return {
        "levels": c.stacked_bar(
            "ratings-levels",
            _("Ratings by level, %(year)d") % {"year": year},
            _("One bar divided into the share of each level of rating."),
            levels,
        ),
        "months": c.column_chart(
            "ratings-months",
            _("Ratings per month, %(year)d") % {"year": year},
            _("Columns: the ratings given in each month of the year."),
            months,
        ),
        "cases": c.stacked_bar(
            "ratings-cases",
            _("What became of the bad ratings, %(year)d") % {"year": year},
            _(
                "One bar divided into the bad ratings rectified, not substantiated and still being verified."
            ),
            cases,
        ),
    }


def _cells(tally: Tally) -> list[t.Cell]:
    return [
        t.count(tally.ratings),
        *[t.count(getattr(tally, name)) for name in LEVEL_FIELDS.values()],
        t.share(tally.satisfaction_rate),
        t.count(tally.bad),
        t.count(tally.rectified),
        t.count(tally.unfounded),
        t.count(tally.on_time),
        t.count(tally.open),
        t.count(tally.overdue),
    ]


def _columns(first: str) -> list[str]:
    return [
        first,
        _("Ratings"),
        *[str(level.label) for level in RatingLevel],
        _("Satisfaction rate"),
        _("Bad ratings"),
        _("Rectified"),
        _("Not substantiated"),
        _("Closed on time"),
        _("Being verified"),
        _("Overdue"),
    ]


def build_tables(figures: Figures) -> dict[str, t.Table]:
    year = figures.year
    months = t.Table(
        key="ratings-by-month",
        title=_("By month, %(year)d") % {"year": year},
        columns=_columns(_("Month")),
        rows=[t.Row(month_label(m), _cells(tally)) for m, tally in figures.by_month.items()],
    )
    months.rows.append(t.Row(_("Year"), _cells(figures.total), total=True))
    tables = {"months": months}
    if figures.agency is None:
        agencies = t.Table(
            key="ratings-by-agency",
            title=_("By agency, %(year)d") % {"year": year},
            columns=_columns(_("Agency")),
        )
        for agency, tally in figures.agency_rows():
            url = reverse("servicehall:agency_figures", args=[agency.credit_code])
            agencies.rows.append(
                LinkedRow(agency.name, _cells(tally), url=f"{url}?{urlencode({'year': year})}")
            )
        agencies.rows.append(t.Row(_("All agencies"), _cells(figures.total), total=True))
        tables["agencies"] = agencies
    else:
        matters = t.Table(
            key="ratings-by-matter",
            title=_("By matter, %(year)d") % {"year": year},
            columns=_columns(_("Matter")),
        )
        for matter, tally in figures.matter_rows():
            matters.rows.append(t.Row(matter.name, _cells(tally)))
        matters.rows.append(t.Row(_("All matters"), _cells(figures.total), total=True))
        tables["matters"] = matters
    return tables


@dataclass
class KeyFigure:
    key: str
    label: str
    cell: t.Cell


def key_figures(figures: Figures) -> list[KeyFigure]:
    total = figures.total
    return [
        KeyFigure("ratings", _("Ratings"), t.count(total.ratings)),
        KeyFigure("satisfaction", _("Satisfaction rate"), t.share(total.satisfaction_rate)),
        KeyFigure("bad", _("Bad ratings"), t.count(total.bad)),
        KeyFigure("rectified", _("Rectified"), t.count(total.rectified)),
        KeyFigure("on-time", _("Closed on time"), t.count(total.on_time)),
    ]
