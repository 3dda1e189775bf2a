"""Everything the statistics page shows for one scope and period: the tables (with a link on
every figure), the charts, and the same tables for the XLSX export."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.accounts.permissions import agencies_where, descendant_ids
from gongkai.agencies.models import Agency
from gongkai.supervision.stats import charts
from gongkai.supervision.stats import tables as t
from gongkai.supervision.stats.applications import (
    LATE,
    NO_DUE,
    ON_TIME,
    ApplicationStats,
    application_stats,
)
from gongkai.supervision.stats.items import LATE as ITEM_LATE
from gongkai.supervision.stats.items import ON_TIME as ITEM_ON_TIME
from gongkai.supervision.stats.items import UNKNOWN, ItemStats, Timeliness, item_stats
from gongkai.supervision.stats.links import Linker
from gongkai.supervision.stats.period import Period


def stats_agencies(user):
    """The agencies whose statistics ``user`` may see ("stats.view")."""
    return agencies_where(user, "stats.view").order_by("sort_order", "name")


def scope_agencies(user, agency: Agency, *, below: bool) -> list[Agency]:
    """``agency`` alone, or with every agency below it that ``user`` may see, the agency first."""
    if not below:
        return [agency]
    ids = descendant_ids([agency.pk])
    others = [a for a in stats_agencies(user).filter(pk__in=ids) if a.pk != agency.pk]
    return [agency, *others]


def has_agencies_below(user, agency: Agency) -> bool:
    ids = descendant_ids([agency.pk]) - {agency.pk}
    return bool(ids) and stats_agencies(user).filter(pk__in=ids).exists()


@dataclass
class StatsPage:
    agency: Agency
    agencies: list[Agency]
    period: Period
    items: ItemStats
    applications: ApplicationStats
    tables: dict[str, t.Table]
    charts: dict[str, object]

    @property
    def county_wide(self) -> bool:
        return len(self.agencies) > 1


def build_page(user, agency: Agency, period: Period, *, below: bool = False) -> StatsPage:
    agencies = scope_agencies(user, agency, below=below)
    linker = Linker.for_user(user, period=period, scope_ids=[a.pk for a in agencies])
    items = item_stats(agencies, period)
    apps = application_stats(agencies, period)
    tables = {}
    for table in (
        _items_by_agency(items, linker),
        _items_by_month(items, linker),
        _items_by_category(items, linker, agencies),
        _applications_by_agency(apps, linker),
        _applications_by_month(apps, linker),
        _applications_by_status(apps, linker),
        _applications_by_outcome(apps, linker),
        _applications_by_kind(apps, linker),
        _applications_by_channel(apps, linker),
    ):
        tables[table.key] = table
    return StatsPage(
        agency=agency,
        agencies=agencies,
        period=period,
        items=items,
        applications=apps,
        tables=tables,
        charts=_charts(items, apps, linker, agencies),
    )


def month_label(month: int) -> str:
    return _("Month %(month)s") % {"month": month}


def _timeliness_cells(tl: Timeliness, url) -> list[t.Cell]:
    return [
        t.count(tl.total, url()),
        t.count(tl.on_time, url(ITEM_ON_TIME)),
        t.count(tl.late, url(ITEM_LATE)),
        t.count(tl.unknown, url(UNKNOWN)),
        t.share(tl.share_on_time),
    ]


def _timeliness_columns(first: str) -> list[str]:
    return [
        first,
        pgettext("statistics", "Published"),
        pgettext("statistics", "On time"),
        pgettext("statistics", "Late"),
        _("No date formed"),
        pgettext("statistics", "Share on time"),
    ]


def _items_by_agency(items: ItemStats, linker: Linker) -> t.Table:
    table = t.Table(
        "items_agency",
        _("Items published and timeliness, by agency"),
        _timeliness_columns(_("Agency")),
        note=_(
            "Public items with a publication date in the period. On time: published within 20 "
            "working days of the date formed or changed (Art. 26). The share on time leaves out "
            "items without a date formed."
        ),
    )
    for row in items.agencies:
        pk = row.agency.pk
        table.rows.append(
            t.Row(
                row.agency.name,
                _timeliness_cells(
                    row.timeliness, lambda tl="", pk=pk: linker.items(pk, timeliness=tl)
                ),
            )
        )
    if len(items.agencies) > 1:
        table.rows.append(
            t.Row(
                _("Total"),
                _timeliness_cells(items.timeliness, lambda tl="": linker.items(timeliness=tl)),
                total=True,
            )
        )
    return table


def _items_by_month(items: ItemStats, linker: Linker) -> t.Table:
    table = t.Table(
        "items_month",
        _("Items published by month"),
        [_("Month"), pgettext("statistics", "Published")],
    )
    for month, n in items.by_month.items():
        table.rows.append(t.Row(month_label(month), [t.count(n, linker.items(month=month))]))
    table.rows.append(t.Row(_("Total"), [t.count(items.total, linker.items())], total=True))
    return table


def _items_by_category(items: ItemStats, linker: Linker, agencies: list[Agency]) -> t.Table:
    if items.by_section:
        table = t.Table(
            "items_category",
            _("Items published and timeliness, by first-level section of the catalog"),
            _timeliness_columns(_("Section")),
        )
        for row in items.categories:
            table.rows.append(
                t.Row(
                    row.name,
                    _timeliness_cells(
                        row.subtree,
                        lambda tl="", s=row.section: linker.items(section=s, timeliness=tl),
                    ),
                )
            )
        return table
    pk = agencies[0].pk
    table = t.Table(
        "items_category",
        _("Items published and timeliness, by catalog category"),
        [_("Category"), _("In the category itself"), *_timeliness_columns("")[1:]],
        note=_(
            "Published, on time, late and no date formed count the category with the "
            "categories below it. Categories without items in the period are left out."
        ),
    )
    for row in items.categories:
        if not row.subtree.total:
            continue
        own = t.count(row.own.total, linker.items(pk, category_id=row.category_id))
        cells = _timeliness_cells(
            row.subtree,
            lambda tl="", c=row.category_id: linker.items(
                pk, category_id=c, subtree=True, timeliness=tl
            ),
        )
        table.rows.append(t.Row(row.name, [own, *cells], depth=row.depth))
    return table


def _reply_cells(replies, url) -> list[t.Cell]:
    return [
        t.count(replies.total, url()),
        t.count(replies.on_time, url(ON_TIME)),
        t.count(replies.late, url(LATE)),
        t.count(replies.no_due, url(NO_DUE)),
        t.share(replies.share_on_time),
        t.days(replies.average_working_days),
    ]


def _applications_by_agency(apps: ApplicationStats, linker: Linker) -> t.Table:
    table = t.Table(
        "applications_agency",
        _("Applications received and replied, by agency"),
        [
            _("Agency"),
            pgettext("statistics", "Received"),
            pgettext("statistics", "Replied"),
            _("Replied on time"),
            _("Replied late"),
            _("No due date"),
            pgettext("statistics", "Share on time"),
            _("Average working days to reply"),
        ],
        note=_(
            "Received: date received in the period. Replied: reply date in the period; on time "
            "when replied by the due date (which includes an extension and the time of a "
            "correction request or consultation). Working days are counted from the date "
            "received to the reply date with the working-day calendar."
        ),
    )
    for row in apps.agencies:
        pk = row.agency.pk
        table.rows.append(
            t.Row(
                row.agency.name,
                [
                    t.count(row.received, linker.received(pk)),
                    *_reply_cells(row.replies, lambda tm="", pk=pk: linker.replied(pk, timely=tm)),
                ],
            )
        )
    if len(apps.agencies) > 1:
        table.rows.append(
            t.Row(
                _("Total"),
                [
                    t.count(apps.received, linker.received()),
                    *_reply_cells(apps.replies, lambda tm="": linker.replied(timely=tm)),
                ],
                total=True,
            )
        )
    if apps.replies.uncounted:
        table.note += " " + _(
            "%(n)s replied cases are left out of the average: the calendar of a year between "
            "receipt and reply has not been entered."
        ) % {"n": apps.replies.uncounted}
    return table


def _applications_by_month(apps: ApplicationStats, linker: Linker) -> t.Table:
    table = t.Table(
        "applications_month",
        _("Applications received and replied by month"),
        [_("Month"), pgettext("statistics", "Received"), pgettext("statistics", "Replied")],
    )
    for month in apps.period.months:
        table.rows.append(
            t.Row(
                month_label(month),
                [
                    t.count(apps.received_by_month.get(month, 0), linker.received(month=month)),
                    t.count(apps.replied_by_month.get(month, 0), linker.replied(month=month)),
                ],
            )
        )
    table.rows.append(
        t.Row(
            _("Total"),
            [t.count(apps.received, linker.received()), t.count(apps.replied, linker.replied())],
            total=True,
        )
    )
    return table


def _simple(key: str, title: str, heading: str, tallies, url_for, total: int, total_url) -> t.Table:
    table = t.Table(key, title, [heading, pgettext("statistics", "Applications")])
    for tally in tallies:
        table.rows.append(t.Row(str(tally.label), [t.count(tally.n, url_for(tally.key))]))
    table.rows.append(t.Row(_("Total"), [t.count(total, total_url)], total=True))
    return table


def _applications_by_status(apps: ApplicationStats, linker: Linker) -> t.Table:
    return _simple(
        "applications_status",
        _("Applications received in the period, by status today"),
        _("Status"),
        [x for x in apps.by_status if x.n],
        lambda key: linker.received(status=key),
        apps.received,
        linker.received(),
    )


def _applications_by_kind(apps: ApplicationStats, linker: Linker) -> t.Table:
    return _simple(
        "applications_kind",
        _("Applications received in the period, by applicant"),
        _("Applicant"),
        apps.by_kind,
        lambda key: linker.received(applicant_kind=key),
        apps.received,
        linker.received(),
    )


def _applications_by_channel(apps: ApplicationStats, linker: Linker) -> t.Table:
    return _simple(
        "applications_channel",
        _("Applications received in the period, by channel"),
        _("Channel"),
        apps.by_channel,
        lambda key: linker.received(channel=key),
        apps.received,
        linker.received(),
    )


def _applications_by_outcome(apps: ApplicationStats, linker: Linker) -> t.Table:
    table = t.Table(
        "applications_outcome",
        _("Applications replied in the period, by outcome (Table 2 of the annual report)"),
        [_("Outcome"), pgettext("statistics", "Applications")],
    )
    for group in apps.outcome_groups:
        table.rows.append(
            t.Row(group.label, [t.count(group.n, linker.replied(outcome_group=group.key))])
        )
        if len(group.rows) > 1:
            for row in group.rows:
                # "（三）不予公开 4.保护第三方合法权益" under its group: "4.保护第三方合法权益"
                label = str(row.label).split(" ", 1)[-1]
                table.rows.append(
                    t.Row(label, [t.count(row.n, linker.replied(outcome=row.key))], depth=1)
                )
    if apps.no_outcome:
        table.rows.append(t.Row(_("No outcome recorded"), [t.count(apps.no_outcome)]))
    table.rows.append(t.Row(_("Total"), [t.count(apps.replied, linker.replied())], total=True))
    return table


def _charts(items: ItemStats, apps: ApplicationStats, linker: Linker, agencies) -> dict:
    months = items.period.months
    result = {
        "items_month": charts.column_chart(
            "chart-items-month",
            _("Items published by month"),
            _("One bar per month; the number above each bar is the items published."),
            [
                charts.Datum(
                    str(m), items.by_month.get(m, 0), linker.items(month=m), month_label(m)
                )
                for m in months
            ],
        ),
        "applications_month": charts.column_chart(
            "chart-applications-month",
            _("Applications received by month"),
            _("One bar per month; the number above each bar is the applications received."),
            [
                charts.Datum(
                    str(m),
                    apps.received_by_month.get(m, 0),
                    linker.received(month=m),
                    month_label(m),
                )
                for m in months
            ],
        ),
        "outcomes": charts.stacked_bar(
            "chart-outcomes",
            _("Outcomes of the applications replied"),
            _("The bar is split by outcome group; each part's number and share are in the legend."),
            [
                charts.Datum(g.label, g.n, linker.replied(outcome_group=g.key))
                for g in apps.outcome_groups
            ],
        ),
    }
    if items.by_section:
        data = [
            charts.Datum(r.name, r.subtree.total, linker.items(section=r.section))
            for r in items.categories
            if r.subtree.total
        ]
    else:
        pk = agencies[0].pk
        data = [
            charts.Datum(
                r.name, r.subtree.total, linker.items(pk, category_id=r.category_id, subtree=True)
            )
            for r in items.categories
            if r.depth == 0 and r.subtree.total
        ]
    result["items_category"] = charts.bar_chart(
        "chart-items-category",
        _("Items published by section"),
        _("One bar per first-level section of the catalog with items in the period."),
        data,
    )
    return result
