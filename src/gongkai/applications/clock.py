"""The statutory clock of an application, as one pure function of its recorded events.

Art. 33: answer within 20 working days of receipt (收到申请之日), extendable once by up to 20
working days with the approval of the head of the disclosure office. Art. 30: after a 补正
notice the period runs from the day the supplemented application is received (the clock
restarts). Art. 32/34: the time of consulting third parties and co-producing agencies is not
counted. The fee period (收费通知 → 缴费) is excluded only when
``settings.GONGKAI_FEE_NOTICE_PAUSES_CLOCK`` is on (RULES.md §1.5 marks the point UNVERIFIED;
default off).

``compute_clock`` takes the dates and a ``Calendar`` (``gongkai.workdays.calendar``) and
returns everything the case page shows: the effective start, the due date, the paused working
days, the extension, and the explanation in words. The arithmetic is the shared case clock
(``casework.clock.due_date``, which letters use too); this module adds the Regulation's
periods and the 补正 restart. Nothing here reads the database or the clock; ``today`` is
passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.casework.clock import Pause, due_date, merge_pauses, working_days_left
from gongkai.core.dates import format_cn_date
from gongkai.workdays.calendar import Calendar

__all__ = [
    "ANSWER_WORKING_DAYS",
    "CONSULTATION_REPLY_WORKING_DAYS",
    "CORRECTION_NOTICE_WITHIN",
    "FEE_PAYMENT_WORKING_DAYS",
    "MAX_EXTENSION_WORKING_DAYS",
    "ClockInput",
    "ClockState",
    "Pause",
    "compute_clock",
    "consultation_reply_due",
    "correction_notice_deadline",
    "fee_payment_due",
    "merge_pauses",
]

ANSWER_WORKING_DAYS = 20
MAX_EXTENSION_WORKING_DAYS = 20
CORRECTION_NOTICE_WITHIN = 7  # 补正 notice within 7 working days of receipt (Art. 30)
CONSULTATION_REPLY_WORKING_DAYS = 15  # Art. 32 (third party) and Art. 34 (agency)
FEE_PAYMENT_WORKING_DAYS = 20


@dataclass(frozen=True)
class ClockInput:
    received_on: dt.date | None
    supplemented_on: dt.date | None = None  # 补正 received: the clock restarts from here
    correction_pending: bool = False  # a 补正 notice is out and not yet answered
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0  # approved extension, 0–20
    answer_days: int = ANSWER_WORKING_DAYS
    count_start_day: bool = False


@dataclass(frozen=True)
class ClockState:
    start: dt.date | None
    due_date: dt.date | None
    paused_working_days: int
    extension_days: int
    stopped: bool  # waiting for the applicant (补正): no due date runs
    explanation: list[str] = field(default_factory=list)

    def working_days_left(self, calendar: Calendar, today: dt.date) -> int | None:
        """Working days from today to the due date: 0 on the due date, negative when late."""
        if self.due_date is None:
            return None
        return working_days_left(calendar, today, self.due_date)


def compute_clock(data: ClockInput, calendar: Calendar) -> ClockState:
    if data.received_on is None:
        return ClockState(
            None,
            None,
            0,
            0,
            stopped=True,
            explanation=[_("Not yet received: the receipt has not been confirmed.")],
        )
    words = [_("Received on %(date)s.") % {"date": format_cn_date(data.received_on)}]
    start = data.received_on
    if data.correction_pending:
        words.append(
            _(
                "A correction notice (补正) was sent; the time limit starts again when the supplemented application arrives."
            )
        )
        return ClockState(start, None, 0, 0, stopped=True, explanation=words)
    if data.supplemented_on is not None:
        start = data.supplemented_on
        words.append(
            _(
                "The supplemented application (补正) arrived on %(date)s; the 20 working days run from that day."
            )
            % {"date": format_cn_date(start)}
        )
    extension = max(0, min(data.extension_days, MAX_EXTENSION_WORKING_DAYS))
    result = due_date(
        start=start,
        days=data.answer_days,
        calendar=calendar,
        pauses=data.pauses,
        extension_days=extension,
        count_start_day=data.count_start_day,
    )
    for a, b, days in result.pause_spans:
        words.append(
            _("Consultation from %(a)s to %(b)s: %(n)d working days not counted.")
            % {"a": format_cn_date(a), "b": format_cn_date(b), "n": days}
        )
    if extension:
        words.append(_("Extended by %(n)d working days.") % {"n": extension})
    words.append(_("So the answer is due on %(date)s.") % {"date": format_cn_date(result.due)})
    return ClockState(
        start,
        result.due,
        result.paused_working_days,
        extension,
        stopped=False,
        explanation=words,
    )


def correction_notice_deadline(
    received_on: dt.date, calendar: Calendar, *, count_start_day: bool = False
) -> dt.date:
    """The last day on which the one-time 补正 notice may be sent (Art. 30: within 7 working days)."""
    return calendar.add_working_days(
        received_on, CORRECTION_NOTICE_WITHIN, count_start_day=count_start_day
    )


def consultation_reply_due(party_received_on: dt.date, calendar: Calendar) -> dt.date:
    """A third party or co-producing agency replies within 15 working days of receiving the letter."""
    return calendar.add_working_days(party_received_on, CONSULTATION_REPLY_WORKING_DAYS)


def fee_payment_due(notice_received_on: dt.date, calendar: Calendar) -> dt.date:
    """Payment within 20 working days starting the day after the fee notice was received."""
    return calendar.add_working_days(notice_received_on, FEE_PAYMENT_WORKING_DAYS)
