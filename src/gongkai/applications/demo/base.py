"""The core of the applications demo builder: its state (the working days, the receiving
desks), the date helpers, the invented applicants and requests, and how an application comes
in (submitted online, registered, confirmed, assigned)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.credit_code import generate_credit_code
from gongkai.agencies.models import Agency
from gongkai.applications.demo.people import _Desk, _staff, resident_id
from gongkai.applications.demo.plan import AGENCIES, DIVISION, FIRST_DAY
from gongkai.applications.demo.texts import GIVEN, ORGANISATIONS, ROADS, SURNAMES, _titles
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    DeliveryWanted,
    FormWanted,
    IdType,
)
from gongkai.applications.services import intake, workflow
from gongkai.applications.services.clock import calendar_for


class _BuilderBase:
    def __init__(self, rng: random.Random, gov: Agency, today: dt.date):
        self.rng, self.gov, self.today = rng, gov, today
        self.calendar = calendar_for(FIRST_DAY)
        self.days = [
            FIRST_DAY + dt.timedelta(days=n)
            for n in range((today - FIRST_DAY).days + 1)
            if self.calendar.is_working_day(FIRST_DAY + dt.timedelta(days=n))
        ]
        self.desks: list[_Desk] = []
        for key, name, _share in AGENCIES:
            agency = Agency.objects.filter(name=name).first() if key != "gov" else gov
            if agency is None:
                continue
            self.desks.append(
                _Desk(
                    key, agency, _staff(key, agency, Role.HANDLER), _staff(key, agency, Role.LEADER)
                )
            )
        self.weights = [
            share for key, _n, share in AGENCIES if any(d.key == key for d in self.desks)
        ]
        self.people = 0
        self.tracking = 0
        self.closed: list[tuple[Application, _Desk, dt.date]] = []

    # --- helpers ----------------------------------------------------------------------

    def day(self, back: int) -> dt.date:
        """The working day ``back`` working days before the last one up to today."""
        return self.days[max(0, len(self.days) - 1 - back)]

    def add(self, start: dt.date, n: int) -> dt.date:
        return self.calendar.add_working_days(start, n)

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        minute = self.rng.randint(0, 59)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def desk(self) -> _Desk:
        return self.rng.choices(self.desks, weights=self.weights)[0]

    def applicant(self) -> dict[str, str]:
        rng = self.rng
        self.people += 1
        if rng.random() < 0.72:
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
            born = dt.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
            data = {
                "applicant_kind": ApplicantKind.NATURAL_PERSON,
                "applicant_name": name,
                "id_type": IdType.RESIDENT_ID,
                "id_number": resident_id(rng, born),
            }
        else:
            kind, names, (authority, digit) = rng.choice(ORGANISATIONS)
            name = rng.choice(names)
            data = {
                "applicant_kind": kind,
                "applicant_name": name,
                "id_type": IdType.CREDIT_CODE,
                "id_number": generate_credit_code(
                    division=DIVISION,
                    serial=7000 + sum(map(ord, name)) % 1000,
                    authority=authority,
                    kind=digit,
                ),
                "contact_person": rng.choice(SURNAMES) + rng.choice(["先生", "女士", "律师"]),
            }
        email = f"applicant{self.people}@mail.example.cn"
        form, delivery = rng.choice(
            [
                (FormWanted.PAPER, DeliveryWanted.POST),
                (FormWanted.PAPER, DeliveryWanted.COLLECT),
                (FormWanted.EMAIL, DeliveryWanted.EMAIL),
                (FormWanted.EMAIL, DeliveryWanted.ONLINE),
            ]
        )
        data.update(
            phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
            email=email if delivery != DeliveryWanted.COLLECT or rng.random() < 0.5 else "",
            address=f"蓝湾县{rng.choice(ROADS)}{rng.randint(1, 300)}号",
            postcode="339921",
            form_wanted=form,
            delivery_wanted=delivery,
        )
        if data["form_wanted"] == FormWanted.EMAIL and not data["email"]:
            data["email"] = email
        return data

    def request(self, desk: _Desk, received: dt.date, **extra) -> dict[str, str]:
        data = self.applicant()
        title, description = _titles(self.rng, desk.key, received.year)
        data.update(info_title=title, info_description=description)
        if self.rng.random() < 0.4:
            data["purpose"] = self.rng.choice(
                ["维护自身合法权益。", "学术研究需要。", "了解征收补偿政策。", "办理相关手续需要。"]
            )
        data.update(extra)
        return data

    # --- intake ----------------------------------------------------------------------------

    def submit_online(self, desk: _Desk, submitted: dt.date) -> Application:
        data = self.request(desk, submitted)
        application, _code = intake.application_submit_online(
            agency=desk.agency, data=data, now=self.at(submitted, self.rng.randint(8, 21))
        )
        return application

    def receive(self, desk: _Desk, received: dt.date, channel: str | None = None) -> Application:
        """An application received on ``received`` through a random channel, assigned to the
        handler the same day."""
        channel = (
            channel
            or self.rng.choices(
                [
                    Channel.ONLINE,
                    Channel.IN_PERSON,
                    Channel.POST,
                    Channel.ORDINARY_MAIL,
                    Channel.EMAIL,
                ],
                weights=[45, 20, 15, 8, 12],
            )[0]
        )
        if channel == Channel.ONLINE:
            submitted = received
            if self.rng.random() < 0.5 and received > FIRST_DAY:
                submitted = received - dt.timedelta(days=self.rng.randint(1, 2))
            application = self.submit_online(desk, submitted)
            application = intake.application_confirm_receipt(
                actor=desk.handler, application=application, received_on=received, today=received
            )
        else:
            data = self.request(desk, received)
            if channel == Channel.EMAIL and not data["email"]:
                data["email"] = f"applicant{self.people}@mail.example.cn"
            note = ""
            if channel == Channel.POST:
                note = f"挂号信签收，邮件号XA{self.rng.randint(10**8, 10**9 - 1)}CN。"
            application, _code = intake.application_register(
                actor=desk.handler,
                agency=desk.agency,
                data=data,
                channel=channel,
                received_on=received,
                receipt_note=note,
                now=self.at(received, 9),
            )
        return application

    def assign(self, desk: _Desk, application: Application, day: dt.date) -> Application:
        return workflow.application_assign(
            actor=desk.handler, application=application, handler=desk.handler, now=self.at(day, 11)
        )
