"""Signing up for a hearing (听证参加人报名) and choosing the participants. Registrations are
private: the public page shows only how many there are and how many seats."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.solicitation.models import (
    Kind,
    Registration,
    RegistrationStatus,
    Solicitation,
    Status,
)
from gongkai.solicitation.rules import clean_contact, input_refusal
from gongkai.solicitation.services.common import locked, moment, require, require_status

STANDPOINT_MAX_CHARS = 2000


def clean_registration_data(data) -> dict[str, str]:
    """A registration's fields checked and normalised; ValidationError by field otherwise."""
    errors: dict[str, list[str]] = {}
    values = clean_contact(data, errors)
    organisation = " ".join(str(data.get("organisation") or "").split())
    if len(organisation) > 100:
        errors["organisation"] = [_("At most 100 characters.")]
    standpoint = str(data.get("standpoint") or "").replace("\r\n", "\n").strip()
    if len(standpoint) > STANDPOINT_MAX_CHARS:
        errors["standpoint"] = [
            _("The text has %(n)s characters; at most %(max)s are accepted.")
            % {"n": len(standpoint), "max": STANDPOINT_MAX_CHARS}
        ]
    if errors:
        raise ValidationError(errors)
    return {**values, "organisation": organisation, "standpoint": standpoint}


@transaction.atomic
def registration_submit(*, solicitation: Solicitation, data, now=None) -> Registration:
    """Sign up for a hearing while registration is open; one registration per phone number."""
    s = locked(solicitation)
    now, today = moment(now)
    if s.kind != Kind.HEARING:
        raise ValidationError(_("Only a hearing takes registrations."))
    refusal = input_refusal(s, today)
    if refusal:
        raise ValidationError(refusal, code="closed")
    values = clean_registration_data(data)
    if s.registrations.filter(phone=values["phone"]).exists():
        raise ValidationError(
            {"phone": [_("Someone has already signed up for this hearing with this phone number.")]}
        )
    registration = Registration.objects.create(solicitation=s, submitted_at=now, **values)
    record_event(
        actor=None,
        action="solicitation.register",
        obj=s,
        data={"registration": registration.pk},
    )
    return registration


@transaction.atomic
def registration_decide(
    *, actor, registration: Registration, selected: bool, now=None
) -> Registration:
    """Choose a registered person as participant, or not; never more than the seats."""
    s = locked(registration.solicitation)
    require(actor, "solicitation.manage", s)
    require_status(
        s,
        (Status.PUBLISHED, Status.CLOSED),
        _("Participants are chosen before the feedback is published."),
    )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    now, _today = moment(now)
    wanted = RegistrationStatus.SELECTED if selected else RegistrationStatus.NOT_SELECTED
    if selected and registration.status != RegistrationStatus.SELECTED:
        taken = s.registrations.filter(status=RegistrationStatus.SELECTED).count()
        if s.seats is not None and taken >= s.seats:
            raise ValidationError(
                _("All %(seats)s seats are taken: un-select someone first.") % {"seats": s.seats}
            )
    registration.status = wanted
    registration.decided_at, registration.decided_by = now, actor
    registration.save(update_fields=["status", "decided_at", "decided_by"])
    record_event(
        actor=actor,
        action="solicitation.registration_decide",
        obj=s,
        data={"registration": registration.pk, "status": wanted},
    )
    return registration
