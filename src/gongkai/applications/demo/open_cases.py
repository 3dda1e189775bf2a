"""The open cases of the applications demo: waiting for confirmation, registered, being handled
(some due soon, a few overdue), waiting for a 补正, in consultation, extended, waiting for the
fee, decided with the reply still a draft."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.demo.closed_cases import _ClosedCases
from gongkai.applications.demo.plan import EXTRA_OPEN
from gongkai.applications.demo.texts import ORGANISATIONS
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import Channel, ConsultationKind, LetterKind
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import letters, workflow


class _OpenCases(_ClosedCases):
    def open_cases(self, scale: float) -> None:
        rng = self.rng
        desks = self.desks
        gov = desks[0]
        n = max(1, round(3 * scale))
        # Submitted online in the last days, waiting for confirmation.
        for i in range(n + 1):
            self.submit_online(desks[i % len(desks)], self.day(i % 2))
        # Registered today or yesterday, nobody assigned yet.
        for i in range(max(1, round(2 * scale))):
            self.receive(desks[i % len(desks)], self.day(i % 2))
        # Being handled: received in the last 19 working days (some due soon).
        backs = [0, 3, 17, 18, 19] + [rng.randint(1, 19) for _ in range(round(EXTRA_OPEN * scale))]
        for back in backs:
            desk = self.desk()
            day = self.day(back)
            self.assign(desk, self.receive(desk, day), day)
        # Overdue: received 22-30 working days ago, never answered.
        for back in rng.sample(range(22, 31), max(1, round(4 * scale))):
            desk = self.desk()
            day = self.day(back)
            self.assign(desk, self.receive(desk, day), day)
        # Waiting for a 补正.
        for i in range(max(1, round(3 * scale))):
            desk = desks[i % len(desks)]
            day = self.day(rng.randint(2, 6))
            application = self.assign(desk, self.receive(desk, day), day)
            sent = self.add(day, 1)
            workflow.correction_send(
                actor=desk.handler,
                application=application,
                sent_on=sent,
                deadline=self.today + dt.timedelta(days=rng.randint(5, 14)),
                what="请补充所需信息的具体名称或文号，以及相关项目的地点和大致时间。",
                today=sent,
                now=self.at(sent, 15),
            )
        # Consultations running (received 10-16 working days ago: the reply period is still
        # open and the due date, pushed back by the pause, stays in a year the calendar has).
        for i in range(max(1, round(3 * scale))):
            desk = desks[(i + 1) % len(desks)]
            day = self.day(rng.randint(10, 16))
            application = self.assign(desk, self.receive(desk, day), day)
            sent = self.add(day, 2)
            kind = ConsultationKind.THIRD_PARTY if i % 2 == 0 else ConsultationKind.AGENCY
            workflow.consultation_send(
                actor=desk.handler,
                application=application,
                kind=kind,
                party=rng.choice(ORGANISATIONS[0][1])
                if kind == ConsultationKind.THIRD_PARTY
                else "蓝湾县财政局",
                sent_on=sent,
                party_received_on=self.add(sent, 1),
                today=sent,
                now=self.at(sent, 14),
            )
        # An approved extension (and its notice).
        for i in range(max(1, round(2 * scale))):
            desk = gov if i == 0 else desks[-1]
            day = self.day(19 - i)
            application = self.assign(desk, self.receive(desk, day), day)
            asked = self.day(1)
            extension = workflow.extension_request(
                actor=desk.handler,
                application=application,
                days=10,
                reason="申请公开的信息涉及多个部门，需会同核实。",
                today=asked,
                now=self.at(asked, 10),
            )
            workflow.extension_approve(
                actor=desk.leader, extension=extension, today=asked, now=self.at(asked, 15)
            )
            if i == 0:
                letter = letters.letter_draft(
                    actor=desk.handler, application=application, kind=LetterKind.EXTENSION
                )
                letters.letter_issue(actor=desk.handler, letter=letter, now=self.at(asked, 16))
        # Waiting for the fee.
        desk = gov
        day = self.day(10)
        application = self.assign(desk, self.receive(desk, day, Channel.IN_PERSON), day)
        sent = self.add(day, 4)
        fee = workflow.fee_notice_send(
            actor=desk.handler,
            application=application,
            method=FeeMethod.PER_PAGE,
            units=120,
            sent_on=sent,
            today=sent,
            now=self.at(sent, 14),
        )
        got = self.add(sent, 1)
        workflow.fee_notice_received(
            actor=desk.handler, fee=fee, received_on=got, today=got, now=self.at(got, 9)
        )
        # Decided yesterday, the reply still a draft.
        for i in range(max(1, round(2 * scale))):
            desk = desks[i % len(desks)]
            day = self.day(rng.randint(8, 14))
            application = self.assign(desk, self.receive(desk, day), day)
            decided = self.day(1)
            application = self.decide(desk, application, Outcome.GRANTED, decided)
            letters.letter_draft(actor=desk.handler, application=application, kind=LetterKind.REPLY)
