"""``gongkai report annual`` and ``gongkai report import``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.reports.conftest import case, run_report_command

pytestmark = pytest.mark.django_db


def _annual(agency, fmt, tmp_path=None, year=2025):
    args = ["annual", "--agency", agency.credit_code, "--year", str(year), "--format", fmt]
    if tmp_path is None:
        return run_report_command(*args)
    path = tmp_path / f"r.{fmt}"
    call_command("report", *args, "-o", str(path), stderr=io.StringIO())
    return path.read_bytes()


def test_annual_json_is_the_documented_form(county):
    case(county.a, "2025-03-02", kind=1, closed="2025-03-20", outcome="withheld_4")
    data = json.loads(_annual(county.a, "json"))
    assert data["agency"] == county.a.name and data["year"] == 2025
    assert data["table2"]["三.三.4"] == [0, 1, 0, 0, 0, 0, 1]
    assert data["table2"]["三.七"][6] == 1


@pytest.mark.parametrize(
    "fmt,magic", [("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")]
)
def test_annual_other_formats(county, tmp_path, fmt, magic):
    assert _annual(county.a, fmt, tmp_path).startswith(magic)


def test_unknown_agency_is_a_clear_error(county):
    with pytest.raises(CommandError, match="91000000"):
        call_command("report", "annual", "--agency", "91000000", "--year", "2025")


def test_import_then_annual_shows_last_year(county, tmp_path):
    from gongkai.reports.models import AnnualReport

    figures = json.loads(_annual(county.a, "json", year=2024))
    figures["table2"]["一"] = [3, 0, 0, 0, 0, 0, 3]
    figures["table2"]["四"] = [3, 0, 0, 0, 0, 0, 3]
    path = tmp_path / "2024.json"
    path.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "report",
        "import",
        str(path),
        "--agency",
        county.a.credit_code,
        "--year",
        "2024",
        "--published-on",
        "2025-01-25",
        stdout=out,
    )
    imported = AnnualReport.objects.get(year=2024)
    assert imported.figures["table2"]["一"][6] == 3
    assert imported.published_on.isoformat() == "2025-01-25"
