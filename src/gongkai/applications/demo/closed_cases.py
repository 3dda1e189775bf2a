"""The closed cases of the applications demo: each handled through the steps its outcome needs
(补正, fee, consultation, extension), decided, its reply letter issued and delivered, and the
older ones archived."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.demo.base import _BuilderBase
from gongkai.applications.demo.people import _Desk
from gongkai.applications.demo.texts import ORGANISATIONS, PROVIDED, REASONS, REFERRALS
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    Application,
    ConsultationKind,
    DeliveryMethod,
    DeliveryWanted,
    LetterKind,
)
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import letters, workflow


class _ClosedCases(_BuilderBase):
    # --- closing ------------------------------------------------------------------------

    def decide(self, desk, application, outcome, day, **kwargs) -> Application:
        h = desk.handler
        common = {"today": day, "now": self.at(day, 15)}
        if outcome == Outcome.UNAVAILABLE_NOT_HELD:  # the letter names the agency that holds it
            name, contact = REFERRALS[desk.key]
            return workflow.application_transfer(
                actor=h,
                application=application,
                agency_name=name,
                contact=contact,
                decided_on=day,
                **common,
            )
        if outcome in (Outcome.GRANTED, Outcome.PARTIAL):
            kwargs.setdefault("provided", self.rng.choice(PROVIDED))
        if outcome in REASONS:
            kwargs.setdefault("reason", REASONS[outcome])
        return workflow.application_decide(
            actor=h, application=application, outcome=outcome, decided_on=day, **common, **kwargs
        )

    def reply(self, desk: _Desk, application: Application, day: dt.date) -> None:
        """Draft and issue the reply on ``day``, record its delivery, remember the case."""
        letter = letters.letter_draft(
            actor=desk.handler, application=application, kind=LetterKind.REPLY
        )
        letter = letters.letter_issue(actor=desk.handler, letter=letter, now=self.at(day, 16))
        application.refresh_from_db()
        delivered = min(day + dt.timedelta(days=self.rng.randint(0, 4)), self.today)
        if self.rng.random() < 0.9:
            method, receipt = {
                DeliveryWanted.POST: (
                    DeliveryMethod.POST,
                    f"XA{self.rng.randint(10**8, 10**9 - 1)}CN",
                ),
                DeliveryWanted.COLLECT: (DeliveryMethod.IN_PERSON, "申请人当面签收"),
                DeliveryWanted.EMAIL: (DeliveryMethod.EMAIL, ""),
                DeliveryWanted.ONLINE: (DeliveryMethod.ONLINE, ""),
            }[application.delivery_wanted]
            if method in (DeliveryMethod.EMAIL, DeliveryMethod.ONLINE):
                delivered = day
            letters.delivery_record(
                actor=desk.handler,
                letter=letter,
                method=method,
                delivered_on=delivered,
                receipt=receipt,
                today=delivered,
            )
        self.closed.append((application, desk, day))

    def closed_case(
        self, outcome: str, received: dt.date, desk: _Desk | None = None
    ) -> Application:
        """A case received on ``received``, handled through the steps its outcome needs,
        decided and replied to (within the time limit, a couple late)."""
        rng, desk = self.rng, desk or self.desk()
        h = desk.handler
        application = self.assign(desk, self.receive(desk, received), received)
        decided = self.add(received, rng.randint(4, 18))
        if outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.UNAVAILABLE_UNCLEAR):
            sent = self.add(received, rng.randint(1, 5))
            deadline = sent + dt.timedelta(days=15)
            workflow.correction_send(
                actor=h,
                application=application,
                sent_on=sent,
                deadline=deadline,
                what="请明确所需政府信息的名称、文号或者便于查询的其他特征性描述。",
                today=sent,
                now=self.at(sent, 14),
            )
            if outcome == Outcome.OTHER_NO_CORRECTION:
                lapse = self.calendar.next_working_day(deadline + dt.timedelta(days=1))
                application = workflow.correction_lapse(
                    actor=h, application=application, today=lapse, now=self.at(lapse, 10)
                )
                self.reply(desk, application, lapse)
                return application
            supplemented = self.add(sent, rng.randint(2, 6))
            workflow.correction_supplement(
                actor=h,
                application=application,
                received_on=supplemented,
                text="所需信息为本村土地征收相关文件。",
                today=supplemented,
                now=self.at(supplemented, 9),
            )
            decided = self.add(supplemented, rng.randint(5, 15))
        elif outcome == Outcome.OTHER_FEE_UNPAID:
            sent = self.add(received, rng.randint(3, 8))
            fee = workflow.fee_notice_send(
                actor=h,
                application=application,
                method=FeeMethod.PER_PAGE,
                units=rng.randint(60, 180),
                sent_on=sent,
                today=sent,
                now=self.at(sent, 14),
            )
            got = self.add(sent, 2)
            fee = workflow.fee_notice_received(
                actor=h, fee=fee, received_on=got, today=got, now=self.at(got, 9)
            )
            lapse = self.add(fee.pay_by, 1)
            application = workflow.fee_lapse(actor=h, fee=fee, today=lapse, now=self.at(lapse, 10))
            self.reply(desk, application, lapse)
            return application
        elif outcome == Outcome.WITHHELD_THIRD_PARTY or (
            outcome == Outcome.GRANTED and rng.random() < 0.1
        ):
            sent = self.add(received, rng.randint(2, 5))
            consultation = workflow.consultation_send(
                actor=h,
                application=application,
                kind=ConsultationKind.THIRD_PARTY,
                party=rng.choice(ORGANISATIONS[0][1]),
                sent_on=sent,
                party_received_on=self.add(sent, 1),
                today=sent,
                now=self.at(sent, 14),
            )
            replied = self.add(sent, rng.randint(5, 12))
            workflow.consultation_record_reply(
                actor=h,
                consultation=consultation,
                replied_on=replied,
                agrees=outcome == Outcome.GRANTED,
                summary="同意公开。"
                if outcome == Outcome.GRANTED
                else "不同意公开，涉及商业秘密。",
                today=replied,
                now=self.at(replied, 10),
            )
            decided = self.add(replied, rng.randint(2, 8))
        elif outcome == Outcome.GRANTED and rng.random() < 0.08:
            sent = self.add(received, rng.randint(3, 8))
            fee = workflow.fee_notice_send(
                actor=h,
                application=application,
                method=FeeMethod.PER_PAGE,
                units=rng.randint(40, 90),
                sent_on=sent,
                today=sent,
                now=self.at(sent, 14),
            )
            got = self.add(sent, 1)
            workflow.fee_notice_received(
                actor=h, fee=fee, received_on=got, today=got, now=self.at(got, 9)
            )
            paid = self.add(got, rng.randint(1, 5))
            workflow.fee_paid(actor=h, fee=fee, paid_on=paid, today=paid, now=self.at(paid, 11))
            decided = self.add(paid, 3)
        if rng.random() < 0.06 and outcome not in (Outcome.WITHHELD_THIRD_PARTY,):
            # Extended: requested and approved a few days before the due date.
            application.refresh_from_db()
            asked = self.add(received, 15)
            extension = workflow.extension_request(
                actor=h,
                application=application,
                days=rng.choice((10, 15, 20)),
                reason="申请内容涉及多个年度的档案，需逐件检索和审核。",
                today=asked,
                now=self.at(asked, 10),
            )
            workflow.extension_approve(
                actor=desk.leader, extension=extension, today=asked, now=self.at(asked, 16)
            )
            decided = self.add(received, rng.randint(22, 30))
        application.refresh_from_db()
        if rng.random() < 0.03 and application.due_date:  # answered late (counted as such)
            decided = self.add(application.due_date, rng.randint(1, 4))
        application = self.decide(desk, application, outcome, decided)
        self.reply(desk, application, decided)
        return application

    def archive(self) -> None:
        """The replies older than two months, mostly archived a few weeks after the reply."""
        for application, desk, day in self.closed:
            if day < self.today - dt.timedelta(days=60) and self.rng.random() < 0.75:
                when = self.add(day, self.rng.randint(5, 15))
                workflow.application_archive(
                    actor=desk.handler, application=application, now=self.at(when, 17)
                )
