"""Every change to annual reports goes through these functions."""

from gongkai.reports.services.figures import entered_figures_set
from gongkai.reports.services.reports import (
    ReportError,
    document_for,
    report_correct,
    report_draft,
    report_edit_text,
    report_follow_item,
    report_import,
    report_refresh,
    report_submit,
    report_sync,
    reports_sync_all,
)

__all__ = [
    "ReportError",
    "document_for",
    "entered_figures_set",
    "report_correct",
    "report_draft",
    "report_edit_text",
    "report_follow_item",
    "report_import",
    "report_refresh",
    "report_submit",
    "report_sync",
    "reports_sync_all",
]
