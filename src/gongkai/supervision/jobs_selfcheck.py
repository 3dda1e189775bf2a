"""The daily self-check, run by ``gongkai tick`` (registered in ``apps.py``).

Idempotent: the first tick of a day runs the check of the whole site; later ticks that day
find the day's run (unique per date in the database) and do nothing. A day without a tick is
simply a day without a run: the next one compares with the findings as they were stored.
"""

from __future__ import annotations

import datetime as dt

from gongkai.supervision.models.selfcheck import RunTrigger
from gongkai.supervision.selfcheck.runner import AlreadyRunToday, selfcheck_run


def daily_selfcheck(now: dt.datetime) -> str:
    try:
        outcome = selfcheck_run(actor=None, now=now, trigger=RunTrigger.SCHEDULED)
    except AlreadyRunToday:
        return "already checked today"
    run = outcome.run
    return f"{run.open_count} open, {run.new_count} new, {run.resolved_count} resolved"
