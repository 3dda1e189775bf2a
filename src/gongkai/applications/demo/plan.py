"""What the applications demo makes: the seed and marker, the period, how many ordinary cases,
the receiving agencies and their accounts' names, the mix of outcomes and the remedies."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.models import RemedyResult
from gongkai.applications.outcomes import Outcome

SEED = 2027
MARKER = "demo.applications"
FIRST_DAY = dt.date(2025, 12, 1)
DIVISION = "339921"  # as in gongkai.core.demo.county
# Closed cases besides the one per outcome (each issues a real PDF, ~0.4 s) and open cases
# being handled, at scale 1.0.
EXTRA_CLOSED = 45
EXTRA_OPEN = 14

# The agencies that receive applications: key (for the account names), name, share.
AGENCIES = [
    ("gov", "蓝湾县人民政府", 0.55),
    ("zrj", "蓝湾县自然资源和规划局", 0.17),
    ("zjj", "蓝湾县住房和城乡建设局", 0.15),
    ("mzj", "蓝湾县民政局", 0.13),
]
STAFF_NAMES = {
    "zrj": ("自然资源局办理人（演示）", "自然资源局领导（演示）"),
    "zjj": ("住建局办理人（演示）", "住建局领导（演示）"),
    "mzj": ("民政局办理人（演示）", "民政局领导（演示）"),
}

# The outcomes of the closed cases beyond the one of each (weights).
WEIGHTS = {
    Outcome.GRANTED: 34,
    Outcome.PARTIAL: 12,
    Outcome.UNAVAILABLE_NOT_HELD: 12,
    Outcome.UNAVAILABLE_NEEDS_CREATION: 6,
    Outcome.WITHHELD_INTERNAL: 4,
    Outcome.WITHHELD_PROCESS: 6,
    Outcome.WITHHELD_THIRD_PARTY: 4,
    Outcome.NOT_HANDLED_PETITION: 6,
    Outcome.NOT_HANDLED_REPEAT: 3,
    Outcome.NOT_HANDLED_CONFIRMATION: 2,
    Outcome.OTHER: 3,
}


# 行政复议 (result; then 行政诉讼?) over a case of these outcomes.
REMEDIES = [
    (Outcome.WITHHELD_PROCESS, RemedyResult.UPHELD, False),
    (Outcome.UNAVAILABLE_NOT_HELD, RemedyResult.CORRECTED, False),
    (Outcome.WITHHELD_THIRD_PARTY, RemedyResult.UPHELD, True),
    (Outcome.NOT_HANDLED_PETITION, RemedyResult.PENDING, False),
]
REMEDY_OUTCOMES = {outcome for outcome, _result, _lawsuit in REMEDIES}
