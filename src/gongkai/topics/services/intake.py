"""The public side of topic requests: proposing one, and supporting (附议) a public one."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus, TopicSupport

from ._common import TopicError, personal_data_errors

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LIMITS = {"title": 200, "description": 2000, "reason": 1000}


def root_agency() -> Agency | None:
    """Where a topic goes when the proposer is not sure: the top agency (its 公开办 routes)."""
    return (
        Agency.objects.filter(parent__isnull=True, is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )


def normalize_mobile(value: str) -> str:
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def clean_topic_data(raw: dict[str, str]) -> dict[str, str]:
    """The proposer's input, stripped and checked; a ValidationError names the fields."""
    data = {key: (raw.get(key) or "").strip() for key in ("title", "description", "reason")}
    data["name"] = (raw.get("name") or "").strip()
    data["mobile"] = normalize_mobile(raw.get("mobile") or "")
    data["email"] = (raw.get("email") or "").strip().lower()
    errors: dict[str, list[str]] = {}
    if not data["title"]:
        errors["title"] = [_("Say in a few words what you want disclosed.")]
    if not data["description"]:
        errors["description"] = [_("Describe the information you want disclosed.")]
    for key, limit in LIMITS.items():
        if len(data[key]) > limit:
            errors.setdefault(key, []).append(_("At most %(n)d characters, please.") % {"n": limit})
    if not data["name"]:
        errors["name"] = [_("Give your name. It is not shown publicly.")]
    elif len(data["name"]) > 50:
        errors["name"] = [_("At most %(n)d characters, please.") % {"n": 50}]
    if not MOBILE_RE.match(data["mobile"]):
        errors["mobile"] = [_("Give an 11-digit mainland mobile number. It is not shown publicly.")]
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = [_("This e-mail address is not valid.")]
    for field, messages in personal_data_errors(
        {key: data[key] for key in ("title", "description", "reason")}
    ).items():
        errors.setdefault(field, []).append(
            _(
                "%(found)s This text will be public: put your contact details only in the "
                "fields below."
            )
            % {"found": " ".join(messages)}
        )
    if errors:
        raise TopicError(errors)
    return data


@transaction.atomic
def topic_submit(
    *, agency: Agency | None, data: dict[str, str], now: dt.datetime | None = None
) -> TopicRequest:
    """A member of the public proposes a topic to ``agency`` (None: not sure, so it goes to
    the top agency for its 公开办 to route). It waits for moderation; nothing is public yet.
    The audit event holds no personal data."""
    data = clean_topic_data(data)
    unsure = agency is None
    if unsure:
        agency = root_agency()
        if agency is None:
            raise TopicError({"agency": _("Choose the agency.")})
    elif not agency.is_active:
        raise TopicError({"agency": _("Choose the agency.")})
    topic = TopicRequest.objects.create(
        agency=agency,
        agency_unsure=unsure,
        submitted_at=now or timezone.now(),
        **data,
    )
    record_event(
        actor=None,
        action="topic.submit",
        obj=topic,
        data={"agency_unsure": unsure, "email_given": bool(data["email"])},
    )
    return topic


def supportable(topic: TopicRequest) -> bool:
    """Supports are counted while the topic waits for its answer or for the promised
    publication; once published or refused there is nothing left to press for."""
    return topic.status == TopicStatus.APPROVED or (
        topic.status == TopicStatus.ANSWERED and topic.answer_kind == AnswerKind.WILL_PUBLISH
    )


def token_hash(token: str) -> str:
    return salted_hmac("gongkai.topics.support", token).hexdigest()


def has_supported(topic: TopicRequest, token: str) -> bool:
    return bool(token) and topic.supports.filter(token_hash=token_hash(token)).exists()


def topic_support(*, topic: TopicRequest, token: str) -> bool:
    """Count one support from the browser holding ``token`` (a random value in a signed
    cookie); a second press from the same browser counts nothing. Returns whether it counted."""
    if not token:
        raise TopicError(_("Your browser must accept cookies to support a topic."))
    if not supportable(topic):
        raise TopicError(_("This topic does not take supports."), code="bad_transition")
    try:
        with transaction.atomic():
            TopicSupport.objects.create(topic=topic, token_hash=token_hash(token))
            TopicRequest.objects.filter(pk=topic.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    topic.refresh_from_db(fields=["support_count"])
    return True
