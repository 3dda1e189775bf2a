"""The assessment table as an Excel workbook (openpyxl), numbers as numbers: the scores, the
details behind each score, and the scoring rules."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.supervision.assessment import SCORING_RULES, Assessment


def _text(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def assessment_xlsx(table: Assessment) -> bytes:
    """One sheet: rank, agency, each indicator's points, total, maximum, percentage; a second
    sheet with the details behind each score, and a third with the scoring rules."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores")[:31]
    sheet.append(
        [
            _("Assessment of the agencies below %(agency)s, %(year)s")
            % {"agency": table.supervisor.name, "year": table.year}
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    header = [
        _("Rank"),
        _("Agency"),
        *[f"{i.get_kind_display()} ({i.weight})" for i in table.indicators],
        _("Total"),
        _("Maximum"),
        _("Score out of 100"),
    ]
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append(
            [
                row.rank,
                _text(row.agency.name),
                *[s.points for s in row.scores],
                row.total,
                row.maximum,
                row.percent,
            ]
        )
    for r in sheet.iter_rows(min_row=4, min_col=3):
        for cell in r:
            cell.number_format = "0.0"
    sheet.column_dimensions["B"].width = 30
    details = workbook.create_sheet(_("Details")[:31])
    details.append([_("Agency"), _("Indicator"), _("Points"), _("Maximum"), _("How it was scored")])
    for cell in details[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        for s in row.scores:
            details.append(
                [
                    _text(row.agency.name),
                    s.indicator.get_kind_display(),
                    s.points,
                    s.indicator.weight,
                    s.detail if s.applies else _("Not applicable: %(why)s") % {"why": s.detail},
                ]
            )
    details.column_dimensions["A"].width = 30
    details.column_dimensions["B"].width = 20
    details.column_dimensions["E"].width = 50
    rules = workbook.create_sheet(_("Scoring rules")[:31])
    rules.append([_("Indicator"), _("Points"), _("How it is scored")])
    for cell in rules[1]:
        cell.font = Font(bold=True)
    for i in table.indicators:
        rules.append([i.get_kind_display(), i.weight, str(SCORING_RULES[i.kind])])
    rules.column_dimensions["A"].width = 20
    rules.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
