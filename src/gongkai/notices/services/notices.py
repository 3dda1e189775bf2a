"""The life of a notice up to publication: drafted and changed ("notice.draft"), submitted for
review, sent back with a note or published by a reviewer ("notice.publish") after the privacy
check. Every function checks the permission for the notice's agency, runs in one transaction
and writes its audit event there.

The period: its length and counting come from the kind (``rules.kind_period``); the length may
be longer, not shorter. The last day is computed (``rules.computed_end``) unless one is given;
a given last day may be later than the computed one, never earlier, and then needs a reason,
which is stored, audited and shown on the public page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import diff, record_event, snapshot
from gongkai.catalog.html import sanitize, to_text
from gongkai.core.dates import format_cn_date
from gongkai.notices.models import Counting, Kind, Notice, Status
from gongkai.notices.rules import MAX_PERIOD_DAYS, computed_end, kind_period
from gongkai.notices.search_provider import sync_search
from gongkai.notices.services.common import (
    calendar_around,
    check_findings,
    locked,
    moment,
    require,
    require_status,
)
from gongkai.workdays.calendar import CalendarMissing

EDITABLE_FIELDS = (
    "kind",
    "title",
    "body_html",
    "starts_on",
    "period_days",
    "ends_on",
    "end_reason",
    "contact_department",
    "objection_phone",
    "objection_address",
    "accepts_online",
)
_TEXT_FIELDS = {
    "title",
    "end_reason",
    "contact_department",
    "objection_phone",
    "objection_address",
}


def _apply(notice: Notice, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            value = (value or "").strip()
        if name == "body_html":
            value = sanitize(value or "")
        setattr(notice, name, value)
    notice.body_text = to_text(notice.body_html)


def _validate(n: Notice) -> None:
    """The rules every saved notice keeps; all problems at once, by field. Fills in the
    counting of the kind, the default length and the computed last day."""
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if n.kind not in Kind.values:
        error("kind", _("Choose the kind of notice."))
        raise ValidationError(errors)
    minimum, n.counting = kind_period(n.kind)
    if not n.title:
        error("title", _("Enter the title."))
    if not n.body_text:
        error("body_html", _("Enter the text of the notice."))
    if not n.contact_department:
        error("contact_department", _("Enter the department that receives objections."))
    if not (n.objection_phone or n.objection_address or n.accepts_online):
        error(
            "accepts_online",
            _("Offer at least one way to object: a phone number, an address or this website."),
        )
    if n.period_days in (None, ""):
        n.period_days = minimum
    if n.period_days < minimum:
        if n.counting == Counting.WORKING:
            message = _("A notice of this kind runs for at least %(n)s working days.")
        else:
            message = _("A notice of this kind runs for at least %(n)s days.")
        error("period_days", message % {"n": minimum})
    elif n.period_days > MAX_PERIOD_DAYS:
        error("period_days", _("A period has at most %(n)s days.") % {"n": MAX_PERIOD_DAYS})
    if n.starts_on is None:
        error("starts_on", _("Enter the first day of the period."))
    if errors:
        raise ValidationError(errors)
    try:
        computed = computed_end(
            n.starts_on, n.period_days, n.counting, calendar_around(n.starts_on)
        )
    except CalendarMissing as missing:
        raise ValidationError({"starts_on": [missing.message]}) from None
    if not n.ends_on:
        n.ends_on = computed
    if n.ends_on < computed:
        error(
            "ends_on",
            _(
                "The period cannot end before %(date)s, the last day computed from the first "
                "day and the length."
            )
            % {"date": format_cn_date(computed)},
        )
    elif n.ends_on > computed and not n.end_reason:
        error(
            "end_reason",
            _(
                "The computed last day is %(date)s. Give the reason for ending on a later day; "
                "it is shown on the notice."
            )
            % {"date": format_cn_date(computed)},
        )
    elif n.ends_on == computed:
        n.end_reason = ""
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def notice_create(*, actor, agency: Agency, **fields) -> Notice:
    """A new draft of ``agency``. Raises ValidationError by field."""
    if not can(actor, "notice.draft", agency=agency):
        raise PermissionDenied
    n = Notice(agency=agency, created_by=actor)
    defaults = {"accepts_online": True, "period_days": None, "ends_on": None, "starts_on": None}
    _apply(n, {name: fields.get(name, defaults.get(name, "")) for name in EDITABLE_FIELDS})
    _validate(n)
    n.save()
    record_event(
        actor=actor,
        action="notice.create",
        obj=n,
        data={"kind": n.kind, "starts_on": n.starts_on, "ends_on": n.ends_on},
    )
    _record_end_reason(actor, n, None)
    return n


def _record_end_reason(actor, n: Notice, before: tuple | None) -> None:
    if not n.end_reason or before == (n.ends_on, n.end_reason):
        return
    record_event(
        actor=actor,
        action="notice.end_changed",
        obj=n,
        data={"ends_on": n.ends_on, "reason": n.end_reason},
    )


@transaction.atomic
def notice_update(*, actor, notice: Notice, **fields) -> Notice:
    """Change a draft (also one sent back by the reviewer). A submitted or published notice is
    not changed: the reviewer sends it back first, and a published text stays as posted."""
    n = locked(notice)
    require(actor, "notice.draft", n)
    require_status(
        n,
        (Status.DRAFT,),
        _("Only a draft can be changed; a submitted notice must be sent back by the reviewer."),
    )
    before = snapshot(n, list(EDITABLE_FIELDS))
    before_end = (n.ends_on, n.end_reason)
    if "starts_on" in fields or "period_days" in fields or "kind" in fields:
        # The last day follows the new start unless a last day is given with the change.
        fields.setdefault("ends_on", None)
    _apply(n, fields)
    _validate(n)
    n.save()
    changes = diff(before, snapshot(n, list(EDITABLE_FIELDS)))
    if "body_html" in changes:
        changes["body_html"] = ["…", "…"]  # that it changed, not the text twice
    if changes:
        record_event(actor=actor, action="notice.update", obj=n, data={"changes": changes})
    _record_end_reason(actor, n, before_end)
    return n


@transaction.atomic
def notice_submit(*, actor, notice: Notice, now=None) -> Notice:
    """Draft → submitted for review."""
    n = locked(notice)
    require(actor, "notice.draft", n)
    require_status(n, (Status.DRAFT,), _("Only a draft can be submitted."))
    now, _today = moment(now)
    _validate(n)
    n.status = Status.SUBMITTED
    n.submitted_at = now
    n.save(update_fields=["status", "submitted_at", "ends_on", "end_reason", "updated_at"])
    record_event(actor=actor, action="notice.submit", obj=n)
    return n


@transaction.atomic
def notice_return(*, actor, notice: Notice, note: str) -> Notice:
    """Submitted → draft, with the reviewer's note for the author (required)."""
    n = locked(notice)
    require(actor, "notice.publish", n)
    require_status(n, (Status.SUBMITTED,), _("Only a submitted notice can be sent back."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what has to change before it can be published.")]})
    n.status = Status.DRAFT
    n.review_note = note
    n.save(update_fields=["status", "review_note", "updated_at"])
    record_event(actor=actor, action="notice.return", obj=n, data={"note": note})
    return n


def notice_texts(n: Notice) -> dict[str, str]:
    """What the privacy check reads before publication."""
    return {"title": n.title, "body": n.body_text, "end_reason": n.end_reason}


@transaction.atomic
def notice_publish(*, actor, notice: Notice, confirm_findings: bool = False, now=None) -> Notice:
    """Submitted → published. The first day must not have passed (the public must get the
    whole period); ID and bank card numbers must be masked; anything else the privacy check
    finds must be confirmed. The notice appears publicly from its first day."""
    n = locked(notice)
    require(actor, "notice.publish", n)
    require_status(n, (Status.SUBMITTED,), _("Only a submitted notice can be published."))
    now, today = moment(now)
    _validate(n)
    if n.starts_on < today:
        raise ValidationError(
            {
                "starts_on": [
                    _(
                        "The first day of the period (%(date)s) has passed: send the notice "
                        "back so that its dates are changed."
                    )
                    % {"date": format_cn_date(n.starts_on)}
                ]
            }
        )
    found = check_findings(notice_texts(n), confirm=confirm_findings, field="body_html")
    n.status = Status.PUBLISHED
    n.published_at = now
    n.published_by = actor
    n.review_note = ""
    n.save(
        update_fields=[
            "status",
            "published_at",
            "published_by",
            "review_note",
            "ends_on",
            "end_reason",
            "updated_at",
        ]
    )
    sync_search(n, today)
    record_event(
        actor=actor,
        action="notice.publish",
        obj=n,
        data={
            "starts_on": n.starts_on,
            "ends_on": n.ends_on,
            "period_days": n.period_days,
            "counting": n.counting,
            "findings_confirmed": len(found),
        },
    )
    return n


def notices_index_started(*, now=None) -> int:
    """The daily job: index the published notices whose first day has come and that are not
    in the search index yet (published ahead of their period). Idempotent."""
    from gongkai.notices.search_provider import KIND
    from gongkai.search.models import SearchEntry

    _now, today = moment(now)
    indexed = SearchEntry.objects.filter(kind=KIND).values_list("object_id", flat=True)
    due = Notice.objects.filter(
        status__in=(Status.PUBLISHED, Status.RESULT, Status.CLOSED), starts_on__lte=today
    ).exclude(pk__in=indexed)
    count = 0
    for n in due.select_related("agency"):
        with transaction.atomic():
            sync_search(n, today)
        count += 1
    return count
