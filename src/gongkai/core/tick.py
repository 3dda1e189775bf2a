"""The daily (or more frequent) clock work run by ``gongkai tick``.

Apps register jobs in their ``AppConfig.ready``. A job receives ``now`` (aware datetime) and
returns a short summary; it must be idempotent — running the tick twice, or skipping a day,
must leave the same state (the jobs compare stored stamps, never "did I run yesterday").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Job = Callable[[dt.datetime], str]

_jobs: dict[str, Job] = {}


def register(name: str, job: Job) -> None:
    _jobs[name] = job


def jobs() -> dict[str, Job]:
    return dict(_jobs)
