"""The life of a guide: draft → submitted → returned or approved (current); a change is a new
version reviewed while the published one stays public; every version kept and compared."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.services import services
from gongkai.services.content import diff_content, version_content
from gongkai.services.models import (
    FindingDecision,
    MatterStatus,
    MatterVersion,
    VersionStatus,
)
from gongkai.services.selectors import public_matter, public_matters
from tests.services.conftest import NOW, TODAY, at, create, publish

pytestmark = pytest.mark.django_db


def test_a_new_matter_is_a_draft_and_not_public(county):
    matter = create(county)
    assert matter.status == MatterStatus.DRAFT
    assert matter.current_version is None
    assert not public_matters().filter(pk=matter.pk).exists()
    version = matter.versions.get()
    assert version.number == 1 and version.status == VersionStatus.DRAFT
    assert Event.objects.filter(action="service.matter_create", object_id=str(matter.pk)).exists()


def test_submit_and_approve_makes_the_version_current_with_its_date(county):
    matter = create(county)
    version = matter.versions.get()
    services.version_submit(actor=county.officer_a, version=version, now=NOW)
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED
    assert not public_matters().filter(pk=matter.pk).exists()
    services.version_approve(actor=county.reviewer_a, version=version, now=NOW)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.PUBLISHED
    assert matter.current_version_id == version.pk
    assert matter.changed_on == TODAY
    assert public_matter(matter.implementation_code).pk == matter.pk
    actions = list(
        Event.objects.filter(object_id=str(matter.pk), action__startswith="service.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["service.matter_create", "service.version_submit", "service.version_approve"]


def test_a_change_is_reviewed_while_the_published_version_stays_public(county, published):
    v1 = published.current_version
    draft = services.matter_new_draft(actor=county.officer_a, matter=published)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    # The copy has every list of the current version.
    assert version_content(draft) == version_content(v1)
    services.version_update(
        actor=county.officer_a,
        version=draft,
        promised_limit=2,
        note="承诺时限缩短为2个工作日",
        steps=[
            {"title": "申请"},
            {"title": "受理并决定", "description": "当场审查，符合条件的当场决定。"},
        ],
    )
    services.version_submit(actor=county.officer_a, version=draft, now=at("2026-06-01"))
    # Still version 1 in public while version 2 waits.
    assert public_matter(published.implementation_code).current_version.pk == v1.pk
    assert public_matter(published.implementation_code).current_version.promised_limit == 3
    services.version_return(
        actor=county.reviewer_a,
        version=draft,
        reason="请补充审查环节的说明。",
        now=at("2026-06-02"),
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.RETURNED and draft.return_reason
    services.version_update(
        actor=county.officer_a,
        version=draft,
        steps=[
            {"title": "申请"},
            {"title": "受理并审查", "description": "当场审查。"},
            {"title": "决定"},
        ],
    )
    services.version_submit(actor=county.officer_a, version=draft, now=at("2026-06-03"))
    services.version_approve(actor=county.reviewer_a, version=draft, now=at("2026-06-04"))
    published.refresh_from_db()
    assert published.current_version_id == draft.pk
    assert published.changed_on.isoformat() == "2026-06-04"
    v1.refresh_from_db()
    assert v1.status == VersionStatus.SUPERSEDED
    # Both versions are kept, and what changed can be read.
    assert list(published.versions.values_list("number", "status")) == [
        (2, VersionStatus.PUBLISHED),
        (1, VersionStatus.SUPERSEDED),
    ]
    changes = {c.field for c in diff_content(version_content(v1), version_content(draft))}
    assert changes == {"promised_limit", "steps"}


def test_only_one_open_version_at_a_time(county, published):
    services.matter_new_draft(actor=county.officer_a, matter=published)
    with pytest.raises(ValidationError):
        services.matter_new_draft(actor=county.officer_a, matter=published)


def test_a_submitted_version_cannot_be_edited_and_a_draft_cannot_be_approved(county):
    matter = create(county)
    version = matter.versions.get()
    with pytest.raises(ValidationError):
        services.version_approve(actor=county.reviewer_a, version=version, now=NOW)
    services.version_submit(actor=county.officer_a, version=version, now=NOW)
    with pytest.raises(ValidationError):
        services.version_update(actor=county.officer_a, version=version, name="改名")


def test_return_needs_a_reason(county):
    matter = create(county)
    version = matter.versions.get()
    services.version_submit(actor=county.officer_a, version=version, now=NOW)
    with pytest.raises(ValidationError) as exc:
        services.version_return(actor=county.reviewer_a, version=version, reason=" ")
    assert "reason" in exc.value.message_dict


def test_a_guide_without_basis_materials_or_steps_cannot_be_submitted(county):
    matter = create(county, bases=[], materials=[], steps=[])
    with pytest.raises(ValidationError) as exc:
        services.version_submit(actor=county.officer_a, version=matter.versions.get(), now=NOW)
    assert len(exc.value.messages) == 3


def test_personal_data_in_a_guide_blocks_approval_until_decided(county):
    matter = create(county, conditions="联系经办人张三，手机13912345678。")
    version = matter.versions.get()
    services.version_submit(actor=county.officer_a, version=version, now=NOW)
    finding = version.findings.get()
    assert finding.decision == FindingDecision.PENDING
    assert "13912345678" not in finding.masked
    with pytest.raises(ValidationError):
        services.version_approve(actor=county.reviewer_a, version=version, now=NOW)
    # Returned, corrected and resubmitted: the finding is gone.
    services.version_return(actor=county.reviewer_a, version=version, reason="删除个人手机号。")
    services.version_update(
        actor=county.officer_a, version=version, conditions="申请人具有经营能力。"
    )
    services.version_submit(actor=county.officer_a, version=version, now=NOW)
    assert not version.findings.exists()
    services.version_approve(actor=county.reviewer_a, version=version, now=NOW)


def test_a_finding_may_stay_with_a_reason(county):
    matter = create(county, consultation_phone="13900001111")
    version = matter.versions.get()
    services.version_submit(actor=county.officer_a, version=version, now=NOW)
    finding = version.findings.get()
    with pytest.raises(ValidationError):
        services.finding_allow(actor=county.reviewer_a, finding=finding, reason="")
    services.finding_allow(
        actor=county.reviewer_a, finding=finding, reason="这是窗口的公务手机，已公开。"
    )
    services.version_approve(actor=county.reviewer_a, version=version, now=NOW)
    assert Event.objects.filter(action="service.finding_allow").exists()


def test_withdraw_takes_the_matter_off_the_public_site(county, published):
    with pytest.raises(ValidationError):
        services.matter_withdraw(actor=county.reviewer_a, matter=published, reason="")
    services.matter_withdraw(actor=county.reviewer_a, matter=published, reason="事项已取消。")
    assert public_matter(published.implementation_code) is None
    # A new approved version publishes it again.
    draft = services.matter_new_draft(actor=county.officer_a, matter=published)
    publish(county, published)
    published.refresh_from_db()
    assert published.status == MatterStatus.PUBLISHED
    assert published.current_version_id == draft.pk


def test_discard_a_draft_keeps_the_public_version(county, published):
    draft = services.matter_new_draft(actor=county.officer_a, matter=published)
    services.version_discard(actor=county.officer_a, version=draft)
    assert not MatterVersion.objects.filter(pk=draft.pk).exists()
    assert public_matter(published.implementation_code) is not None
    with pytest.raises(ValidationError):
        services.version_discard(actor=county.officer_a, version=create(county).versions.get())


@pytest.mark.parametrize(
    "who, action",
    [
        ("officer_b", "draft"),
        ("reviewer_a", "draft"),
        ("handler_a", "draft"),
        ("leader_a", "draft"),
        ("office", "draft"),
        ("officer_a", "review"),
        ("admin_a", "review"),
        ("reviewer_b", "review"),
        ("office", "review"),
    ],
)
def test_permissions_by_role_and_agency(county, who, action):
    actor = getattr(county, who)
    matter = create(county)
    version = matter.versions.get()
    if action == "draft":
        with pytest.raises(PermissionDenied):
            services.version_update(actor=actor, version=version, name="改名")
        with pytest.raises(PermissionDenied):
            services.version_submit(actor=actor, version=version)
        with pytest.raises(PermissionDenied):
            services.matter_create(actor=actor, agency=county.a, implementation_code="X1", name="x")
    else:
        services.version_submit(actor=county.officer_a, version=version, now=NOW)
        with pytest.raises(PermissionDenied):
            services.version_approve(actor=actor, version=version)
        with pytest.raises(PermissionDenied):
            services.version_return(actor=actor, version=version, reason="x")


def test_the_agency_admin_may_draft_and_submit(county):
    matter = create(county, actor=county.admin_a)
    services.version_submit(actor=county.admin_a, version=matter.versions.get(), now=NOW)
