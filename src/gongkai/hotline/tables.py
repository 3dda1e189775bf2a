"""The counts page's table, in the statistics' one shape for HTML and XLSX
(``supervision.stats.tables``), so the export is the same workbook format."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.hotline.counts import Counts, CountsPage
from gongkai.supervision.stats import tables as t


def _cells(c: Counts) -> list[t.Cell]:
    return [
        t.count(c.received),
        t.count(c.visitors),
        t.count(c.group_visits),
        t.count(c.answered),
        t.count(c.work_orders),
        t.count(c.dispatched),
        t.count(c.concluded),
        t.count(c.followed_up),
        t.count(c.unreachable),
        t.count(c.satisfied),
        t.count(c.basically),
        t.count(c.dissatisfied),
        t.share(c.satisfaction_rate),
    ]


def counts_table(page: CountsPage) -> t.Table:
    table = t.Table(
        key="hotline-counts",
        title=_("Calls and visits, %(period)s") % {"period": page.period.label},
        columns=[
            _("Agency and kind"),
            _("Number received"),
            _("People"),
            _("Group visits"),
            _("Answered on the spot"),
            _("Work orders"),
            _("Dispatched to another agency"),
            _("Concluded"),
            _("Follow-ups done"),
            _("Caller not reachable"),
            _("Satisfied"),
            _("Basically satisfied"),
            _("Dissatisfied"),
            _("Satisfaction rate"),
        ],
        note=page.sentence
        + " "
        + _(
            "Counted by the day of the call or visit. Concluded: answered on the spot, or the "
            "work order replied; as of today. The satisfaction rate is (satisfied + basically "
            "satisfied) / rated follow-ups."
        ),
    )
    for row in page.rows:
        label = f"{row.agency.name} · {row.kind_label}"
        table.rows.append(t.Row(label=label, cells=_cells(row.counts)))
    table.rows.append(t.Row(label=_("Calls"), cells=_cells(page.calls), total=True))
    table.rows.append(t.Row(label=_("Visits"), cells=_cells(page.visits), total=True))
    table.rows.append(t.Row(label=_("Total"), cells=_cells(page.total), total=True))
    return table
