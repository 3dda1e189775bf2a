"""A past ledger imported with ``gongkai import applications`` (and remedies) gives a report
whose JSON equals the counts made from the ledger's own rows."""

from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter

import pytest
from django.core.management import call_command

from gongkai.reports import layout
from tests.reports.conftest import run_report_command

pytestmark = pytest.mark.django_db

KINDS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _ledger(rng: random.Random) -> list[dict]:
    rows = []
    for i in range(160):
        year = rng.choice([2024, 2025, 2025, 2025])
        received = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        state = rng.random()
        if state < 0.1:
            closed, outcome = "", ""  # still open
        else:
            # closed within 40 days, possibly in the next year
            import datetime as dt

            day = dt.date.fromisoformat(received) + dt.timedelta(days=rng.randint(1, 40))
            closed = day.isoformat() if day <= dt.date(2026, 6, 30) else ""
            outcome = rng.choice(layout.TABLE2_LEAF_KEYS) if closed else ""
        label = outcome
        if outcome and i % 3 == 0:  # the row as printed, e.g. （三）不予公开 4.保护第三方合法权益
            row = layout.ROW_BY_KEY[outcome]
            label = f"{row.group} {row.label}" if row.group else row.label
        rows.append(
            {
                "number": f"LZ-{i:04d}",
                "applicant_kind": rng.choice(KINDS),
                "channel": rng.choice(["网上申请", "当面提交", "邮寄", "电子邮件"]),
                "received_on": received,
                "closed_on": closed,
                "outcome": label,
                "title": f"第{i}件申请的信息",
                "_key": outcome,
            }
        )
    return rows


def _expected(rows: list[dict], year: int) -> dict[str, list[int]]:
    """Table 2 counted straight from the ledger rows."""
    counts: Counter = Counter()
    start, end = f"{year}-01-01", f"{year}-12-31"
    for r in rows:
        c = KINDS.index(r["applicant_kind"])
        received, closed = r["received_on"], r["closed_on"]
        if start <= received <= end:
            counts["一", c] += 1
        if received < start and (not closed or closed >= start):
            counts["二", c] += 1
        if closed and start <= closed <= end:
            counts[r["_key"], c] += 1
            counts["三.七", c] += 1
        if received <= end and (not closed or closed > end):
            counts["四", c] += 1
    table = {}
    for key in layout.TABLE2_ROW_KEYS:
        cells = [counts[key, c] for c in range(6)]
        table[key] = [*cells, sum(cells)]
    return table


def _report_json(agency, year):
    return json.loads(
        run_report_command("annual", "--agency", agency.credit_code, "--year", str(year))
    )


def test_ledger_import_round_trips_into_the_report(county, tmp_path):
    rows = _ledger(random.Random(8))
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="gbk", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[k for k in rows[0] if k != "_key"])
        writer.writeheader()
        for r in rows:
            writer.writerow({k: v for k, v in r.items() if k != "_key"})
    call_command(
        "import",
        "applications",
        str(path),
        "--agency",
        county.a.credit_code,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    remedies = tmp_path / "复议诉讼.jsonl"
    remedies.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {
                    "kind": "复议",
                    "filed_on": "2025-03-03",
                    "result": "维持",
                    "decided_on": "2025-05-06",
                },
                {
                    "kind": "复议后诉讼",
                    "filed_on": "2025-08-01",
                    "result": "尚未审结",
                    "decided_on": "",
                },
                {
                    "kind": "诉讼",
                    "filed_on": "2025-11-11",
                    "result": "纠正",
                    "decided_on": "2026-02-02",
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    call_command(
        "import",
        "remedies",
        str(remedies),
        "--agency",
        county.a.credit_code,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    for year in (2024, 2025):
        data = _report_json(county.a, year)
        assert data["table2"] == _expected(rows, year), year
    assert _report_json(county.a, 2025)["table3"] == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1]
    # a re-run changes nothing
    call_command(
        "import",
        "applications",
        str(path),
        "--agency",
        county.a.credit_code,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert _report_json(county.a, 2025)["table2"] == _expected(rows, 2025)
