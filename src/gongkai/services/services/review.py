"""Review of a guide version, as for a catalog item: submitted by a drafter (信息员 or 机关管理员)
with the elements a guide cannot lack, checked for personal data (``catalog.privacy.scan``),
then approved — it becomes the matter's current version and the public page shows its date —
or returned with a reason. Withdrawing a matter (事项取消) takes it off the public site.

Every function checks its permission ("service.draft" to submit, "service.review" for the
rest) for the matter's agency, runs in one transaction, writes its audit event there and keeps
the search index in step (a matter is in the index exactly while it is published).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.audit.services import record_event
from gongkai.catalog import privacy
from gongkai.services.models import (
    FindingDecision,
    Matter,
    MatterStatus,
    MatterVersion,
    VersionFinding,
    VersionStatus,
)
from gongkai.services.search_provider import sync_search
from gongkai.services.services.common import (
    locked_matter,
    locked_version,
    moment,
    require,
    require_status,
)

# The texts the privacy check reads, by location label.
_TEXT_FIELDS = (
    "name",
    "implementing_body",
    "conditions",
    "statutory_note",
    "promised_note",
    "special_procedures",
    "fee_basis",
    "fee_standard",
    "place",
    "hours",
    "consultation_phone",
    "consultation_other",
    "complaint_phone",
    "complaint_other",
    "result_name",
)


def guide_texts(version: MatterVersion) -> dict[str, str]:
    """Every text of the version a citizen will read, labelled by where it is."""
    texts = {
        str(MatterVersion._meta.get_field(name).verbose_name): getattr(version, name)
        for name in _TEXT_FIELDS
    }
    for n, b in enumerate(version.bases.all(), start=1):
        texts[_("Legal basis %(n)d") % {"n": n}] = f"{b.title} {b.article}\n{b.excerpt}"
    for n, m in enumerate(version.materials.all(), start=1):
        texts[_("Material %(n)d") % {"n": n}] = f"{m.name}\n{m.source}\n{m.requirements}"
    for n, s in enumerate(version.steps.all(), start=1):
        texts[_("Step %(n)d") % {"n": n}] = f"{s.title}\n{s.description}\n{s.time_limit}"
    for n, q in enumerate(version.questions.all(), start=1):
        texts[_("Question %(n)d") % {"n": n}] = f"{q.question}\n{q.answer}"
    return texts


def missing_elements(version: MatterVersion) -> list[str]:
    """The key elements a guide may not be published without (the 2019 website check counts a
    guide without its legal basis, conditions or materials as "not practical")."""
    missing = []
    if not version.bases.exists():
        missing.append(_("Add at least one legal basis."))
    if not version.conditions.strip():
        missing.append(_("Enter the conditions."))
    if not version.materials.exists():
        missing.append(_("Add the materials the applicant hands in."))
    if not version.steps.exists():
        missing.append(_("Add the steps of the procedure."))
    return missing


def _scan(version: MatterVersion, today: dt.date) -> list[VersionFinding]:
    """Store what the privacy check finds now; decisions already taken on the same finding
    (same fingerprint) are kept, findings no longer present are dropped."""
    found = privacy.scan(guide_texts(version), today=today)
    kept = {f.fingerprint: f for f in version.findings.all()}
    fingerprints = set()
    for f in found:
        if f.fingerprint in fingerprints:
            continue
        fingerprints.add(f.fingerprint)
        if f.fingerprint not in kept:
            VersionFinding.objects.create(
                version=version,
                fingerprint=f.fingerprint,
                kind=str(f.kind),
                location=f.location[:220],
                masked=f.masked[:200],
                message=f.message[:300],
            )
    version.findings.exclude(fingerprint__in=fingerprints).delete()
    return list(version.findings.all())


@transaction.atomic
def version_submit(
    *, actor, version: MatterVersion, now: dt.datetime | None = None
) -> MatterVersion:
    """Hand a draft (or a returned version, corrected) to the reviewers. Refused while a key
    element is missing; the privacy check runs and its findings wait for the reviewer."""
    version = locked_version(version)
    matter = version.matter
    require(actor, "service.draft", matter.agency)
    require_status(
        version,
        (VersionStatus.DRAFT, VersionStatus.RETURNED),
        _("Only a draft or a returned version can be submitted for review."),
    )
    missing = missing_elements(version)
    if missing:
        raise ValidationError(missing, code="incomplete")
    now, today = moment(now)
    version.status = VersionStatus.SUBMITTED
    version.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    version.submitted_at = now
    version.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    findings = _scan(version, today)
    record_event(
        actor=actor,
        action="service.version_submit",
        obj=matter,
        data={"version": version.number, "findings": len(findings)},
    )
    return version


@transaction.atomic
def version_return(
    *, actor, version: MatterVersion, reason: str, now: dt.datetime | None = None
) -> MatterVersion:
    """Send a submitted version back to its drafters with the reason."""
    version = locked_version(version)
    matter = version.matter
    require(actor, "service.review", matter.agency)
    require_status(
        version,
        (VersionStatus.SUBMITTED,),
        _("Only a version submitted for review can be returned."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what must be changed before approval.")]})
    now, _today = moment(now)
    version.status = VersionStatus.RETURNED
    version.return_reason = reason
    version.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    version.reviewed_at = now
    version.save(
        update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"]
    )
    record_event(
        actor=actor,
        action="service.version_return",
        obj=matter,
        data={"version": version.number, "reason": reason},
    )
    return version


def _approve(*, actor, version: MatterVersion, now: dt.datetime) -> MatterVersion:
    matter = locked_matter(version.matter)
    pending = version.findings.filter(decision=FindingDecision.PENDING).count()
    if pending:
        raise ValidationError(
            ngettext(
                "The privacy check found %(n)d thing nobody has decided on yet: correct the "
                "text (return the version) or confirm with a reason that it may stay.",
                "The privacy check found %(n)d things nobody has decided on yet: correct the "
                "text (return the version) or confirm with a reason that each may stay.",
                pending,
            )
            % {"n": pending},
            code="findings",
        )
    today = moment(now)[1]
    previous = matter.current_version
    if previous is not None:
        MatterVersion.objects.filter(pk=previous.pk).update(status=VersionStatus.SUPERSEDED)
    version.status = VersionStatus.PUBLISHED
    version.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    version.reviewed_at = now
    version.published_at = now
    version.published_on = today
    version.return_reason = ""
    version.save()
    matter.current_version = version
    matter.status = MatterStatus.PUBLISHED
    matter.name = version.name
    matter.department_id = version.department_id
    matter.basic_code = version.basic_code
    matter.changed_on = today
    matter.withdrawn_at = None
    matter.withdraw_reason = ""
    matter.save()
    sync_search(matter)
    record_event(
        actor=actor,
        action="service.version_approve",
        obj=matter,
        data={
            "version": version.number,
            "replaces": previous.number if previous is not None else None,
            "published_on": today,
        },
    )
    return version


@transaction.atomic
def version_approve(
    *, actor, version: MatterVersion, now: dt.datetime | None = None
) -> MatterVersion:
    """Approve a submitted version: it becomes the matter's current (public) version, the one
    before it is kept as superseded, and the public page shows today as the last change.
    Refused while a finding of the privacy check is undecided."""
    version = locked_version(version)
    require(actor, "service.review", version.matter.agency)
    require_status(
        version,
        (VersionStatus.SUBMITTED,),
        _("Only a version submitted for review can be approved."),
    )
    return _approve(actor=actor, version=version, now=moment(now)[0])


@transaction.atomic
def finding_allow(*, actor, finding: VersionFinding, reason: str, now=None) -> VersionFinding:
    """The reviewer confirms that a finding may stay (an office's own number, a quoted word)."""
    finding = (
        VersionFinding.objects.select_for_update()
        .select_related("version__matter__agency")
        .get(pk=finding.pk)
    )
    version = finding.version
    require(actor, "service.review", version.matter.agency)
    require_status(
        version,
        (VersionStatus.SUBMITTED,),
        _("Findings are decided while the version is being reviewed."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why this may be published.")]})
    finding.decision = FindingDecision.ALLOWED
    finding.reason = reason
    finding.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    finding.decided_at = moment(now)[0]
    finding.save()
    record_event(
        actor=actor,
        action="service.finding_allow",
        obj=version.matter,
        data={
            "version": version.number,
            "kind": finding.kind,
            "where": finding.location,
            "reason": reason,
        },
    )
    return finding


@transaction.atomic
def matter_withdraw(
    *, actor, matter: Matter, reason: str, now: dt.datetime | None = None
) -> Matter:
    """Take a published matter off the public site (the matter was cancelled or is no longer
    handled here). Its versions are kept; approving a new version publishes it again."""
    matter = locked_matter(matter)
    require(actor, "service.review", matter.agency)
    if matter.status != MatterStatus.PUBLISHED:
        raise ValidationError(_("Only a published matter can be withdrawn."), code="bad_transition")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the matter is withdrawn.")]})
    now, _today = moment(now)
    matter.status = MatterStatus.WITHDRAWN
    matter.withdrawn_at = now
    matter.withdraw_reason = reason
    matter.save()
    sync_search(matter)
    record_event(actor=actor, action="service.matter_withdraw", obj=matter, data={"reason": reason})
    return matter
