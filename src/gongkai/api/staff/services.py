"""Staff API of 办事指南: matters and every version of their guides, drafting, review and
withdrawal, the files of materials, life events and fee lists — through the same services as
the screens, with the same permission rule ("service.view" to read, "service.draft",
"service.review"; a matter of an agency the token's user may not see answers 404)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from gongkai.accounts.permissions import agencies_where, can
from gongkai.agencies.models import Agency, Department
from gongkai.api.staff.auth import StaffToken
from gongkai.api.staff.calls import call_service as _call
from gongkai.audit.services import record_event
from gongkai.catalog.models import Item
from gongkai.services import files as service_files
from gongkai.services import services
from gongkai.services.api_staff_schemas import (
    StaffFeeItem,
    StaffFeeItemCreate,
    StaffFeeItemIn,
    StaffFeeItemList,
    StaffGuideContentIn,
    StaffMatter,
    StaffMatterDiff,
    StaffMatterFile,
    StaffMatterIn,
    StaffMatterLifeEventsIn,
    StaffMatterList,
    StaffMatterNoteIn,
    StaffMatterReasonIn,
    StaffMatterVersion,
)
from gongkai.services.content import SCALAR_FIELDS, diff_content, version_content
from gongkai.services.models import FeeItem, LifeEvent, MaterialFile, Matter, MatterVersion
from gongkai.services.selectors import matters_visible_to, with_content

router = Router(auth=StaffToken(), tags=["staff: services"])


# --- helpers ---------------------------------------------------------------------------------


def _matter(request, matter_id: int) -> Matter:
    return get_object_or_404(matters_visible_to(request.auth), pk=matter_id)


def _version(matter: Matter, number: int) -> MatterVersion:
    return get_object_or_404(with_content(matter.versions.all()), number=number)


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(credit_code=(code or "").strip().upper()).first()
    if agency is None:
        raise HttpError(
            422, _("There is no agency with the credit code %(code)s.") % {"code": code}
        )
    return agency


def _file(agency: Agency, pk: int) -> MaterialFile:
    f = MaterialFile.objects.filter(pk=pk, agency=agency).first()
    if f is None:
        raise HttpError(422, _("The file is no longer there; upload it again."))
    return f


def _content(payload: StaffGuideContentIn, agency: Agency) -> dict[str, Any]:
    """The services' keyword arguments from the elements given."""
    data = payload.dict(exclude_none=True)
    content = {name: data[name] for name in SCALAR_FIELDS if name in data}
    if data.get("clear_statutory_limit"):
        content["statutory_limit"] = None
    if "note" in data:
        content["note"] = data["note"]
    if "department" in data:
        name = data["department"].strip()
        department = Department.objects.filter(agency=agency, name=name).first() if name else None
        if name and department is None:
            raise HttpError(
                422,
                _("%(agency)s has no department “%(name)s”.")
                % {"agency": agency.name, "name": name},
            )
        content["department"] = department
    if "fee_items" in data:
        found = list(FeeItem.objects.filter(agency=agency, name__in=data["fee_items"]))
        missing = set(data["fee_items"]) - {f.name for f in found}
        if missing:
            raise HttpError(
                422,
                _("The fee list of %(agency)s has no entry “%(name)s”.")
                % {"agency": agency.name, "name": sorted(missing)[0]},
            )
        content["fee_items"] = found
    if "result_sample_id" in data:
        content["result_sample"] = _file(agency, data["result_sample_id"])
    if "bases" in data:
        bases = []
        for entry in data["bases"]:
            item = None
            if entry.get("index_number"):
                item = Item.objects.filter(index_number=entry["index_number"]).first()
                if item is None or not item.is_public:
                    raise HttpError(
                        422,
                        _("No published item has the index number %(number)s.")
                        % {"number": entry["index_number"]},
                    )
            bases.append({**entry, "item": item})
        content["bases"] = bases
    if "materials" in data:
        materials = []
        for entry in data["materials"]:
            material = {k: v for k, v in entry.items() if not k.endswith("_id")}
            for role in ("blank_form", "sample"):
                if entry.get(f"{role}_id"):
                    material[role] = _file(agency, entry[f"{role}_id"])
            materials.append(material)
        content["materials"] = materials
    for name in ("steps", "questions"):
        if name in data:
            content[name] = data[name]
    return content


def _ref(v: MatterVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "status": v.status,
        "note": v.note,
        "created_at": v.created_at,
        "submitted_at": v.submitted_at,
        "reviewed_at": v.reviewed_at,
        "return_reason": v.return_reason,
        "published_on": v.published_on,
    }


def _out(request, matter: Matter) -> dict[str, Any]:
    matter = Matter.objects.select_related("agency", "current_version").get(pk=matter.pk)
    return {
        "id": matter.pk,
        "agency": matter.agency.credit_code,
        "implementation_code": matter.implementation_code,
        "name": matter.name,
        "status": matter.status,
        "current_version": matter.current_version.number if matter.current_version else None,
        "changed_on": matter.changed_on,
        "withdraw_reason": matter.withdraw_reason,
        "life_events": [e.slug for e in matter.life_events.all()],
        "versions": [_ref(v) for v in matter.versions.order_by("-number")],
        "url": request.build_absolute_uri(matter.get_absolute_url()),
    }


def _version_out(v: MatterVersion) -> dict[str, Any]:
    return {
        **_ref(v),
        "content": version_content(v),
        "findings": [
            {
                "id": f.pk,
                "kind": f.kind,
                "location": f.location,
                "masked": f.masked,
                "message": f.message,
                "decision": f.decision,
                "reason": f.reason,
            }
            for f in v.findings.all()
        ],
    }


# --- matters and versions --------------------------------------------------------------------


@router.get(
    "/matters", response=StaffMatterList, summary="事项列表", operation_id="staffListMatters"
)
def list_matters(
    request, agency: str = "", status: str = "", after: int | None = None, limit: int = 50
):
    limit = max(1, min(limit, 200))
    qs = matters_visible_to(request.auth).prefetch_related("life_events", "versions")
    if agency:
        qs = qs.filter(agency__credit_code=agency.strip().upper())
    if status:
        qs = qs.filter(status=status)
    if after:
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_out(request, m) for m in rows],
        "next": rows[-1].pk if more and rows else None,
    }


@router.post(
    "/matters",
    response={201: StaffMatter},
    summary="新建事项（第一版为草稿）",
    operation_id="staffCreateMatter",
)
def create_matter(request, payload: StaffMatterIn):
    agency = _agency(payload.agency)
    if not can(request.auth, "service.view", agency=agency):
        raise HttpError(403, _("You may not do this."))
    matter = _call(
        services.matter_create,
        actor=request.auth,
        agency=agency,
        implementation_code=payload.implementation_code,
        **_content(payload, agency),
    )
    return Status(201, _out(request, matter))


@router.get(
    "/matters/{matter_id}", response=StaffMatter, summary="事项详情", operation_id="staffGetMatter"
)
def get_matter(request, matter_id: int):
    return _out(request, _matter(request, matter_id))


@router.get(
    "/matters/{matter_id}/versions/{number}",
    response=StaffMatterVersion,
    summary="一个版本的全部要素",
    operation_id="staffGetMatterVersion",
)
def get_version(request, matter_id: int, number: int):
    return _version_out(_version(_matter(request, matter_id), number))


@router.get(
    "/matters/{matter_id}/versions/{number}/diff",
    response=StaffMatterDiff,
    summary="两个版本的差异",
    operation_id="staffDiffMatterVersions",
)
def diff_versions(request, matter_id: int, number: int, against: int | None = None):
    matter = _matter(request, matter_id)
    version = _version(matter, number)
    if against is None:
        previous = matter.versions.filter(number__lt=number).order_by("-number").first()
        if previous is None:
            raise Http404
        against = previous.number
    other = _version(matter, against)
    changes = diff_content(version_content(other), version_content(version))
    return {
        "number": number,
        "against": against,
        "changes": [
            {"field": c.field, "label": str(c.label), "old": c.old, "new": c.new} for c in changes
        ],
    }


@router.put(
    "/matters/{matter_id}/versions/{number}",
    response=StaffMatterVersion,
    summary="修改草稿或被退回的版本",
    operation_id="staffUpdateMatterVersion",
)
def update_version(request, matter_id: int, number: int, payload: StaffGuideContentIn):
    matter = _matter(request, matter_id)
    version = _version(matter, number)
    _call(
        services.version_update,
        actor=request.auth,
        version=version,
        **_content(payload, matter.agency),
    )
    return _version_out(_version(matter, number))


@router.delete(
    "/matters/{matter_id}/versions/{number}",
    response={204: None},
    summary="放弃草稿",
    operation_id="staffDiscardMatterVersion",
)
def discard_version(request, matter_id: int, number: int):
    matter = _matter(request, matter_id)
    _call(services.version_discard, actor=request.auth, version=_version(matter, number))
    return Status(204, None)


@router.post(
    "/matters/{matter_id}/drafts",
    response={201: StaffMatterVersion},
    summary="新建草稿版本（复制现行版本）",
    operation_id="staffNewMatterDraft",
)
def new_draft(request, matter_id: int, payload: StaffMatterNoteIn):
    matter = _matter(request, matter_id)
    draft = _call(services.matter_new_draft, actor=request.auth, matter=matter, note=payload.note)
    return Status(201, _version_out(_version(matter, draft.number)))


@router.post(
    "/matters/{matter_id}/versions/{number}/submit",
    response=StaffMatterVersion,
    summary="提交审核",
    operation_id="staffSubmitMatterVersion",
)
def submit(request, matter_id: int, number: int):
    matter = _matter(request, matter_id)
    _call(services.version_submit, actor=request.auth, version=_version(matter, number))
    return _version_out(_version(matter, number))


@router.post(
    "/matters/{matter_id}/versions/{number}/approve",
    response=StaffMatterVersion,
    summary="审核通过并公开",
    operation_id="staffApproveMatterVersion",
)
def approve(request, matter_id: int, number: int):
    matter = _matter(request, matter_id)
    _call(services.version_approve, actor=request.auth, version=_version(matter, number))
    return _version_out(_version(matter, number))


@router.post(
    "/matters/{matter_id}/versions/{number}/return",
    response=StaffMatterVersion,
    summary="退回起草人",
    operation_id="staffReturnMatterVersion",
)
def return_version(request, matter_id: int, number: int, payload: StaffMatterReasonIn):
    matter = _matter(request, matter_id)
    _call(
        services.version_return,
        actor=request.auth,
        version=_version(matter, number),
        reason=payload.reason,
    )
    return _version_out(_version(matter, number))


@router.post(
    "/matters/{matter_id}/versions/{number}/findings/{finding_id}/allow",
    response=StaffMatterVersion,
    summary="确认检查发现的内容可以公开",
    operation_id="staffAllowMatterFinding",
)
def allow_finding(
    request, matter_id: int, number: int, finding_id: int, payload: StaffMatterReasonIn
):
    matter = _matter(request, matter_id)
    version = _version(matter, number)
    finding = get_object_or_404(version.findings.all(), pk=finding_id)
    _call(services.finding_allow, actor=request.auth, finding=finding, reason=payload.reason)
    return _version_out(_version(matter, number))


@router.post(
    "/matters/{matter_id}/withdraw",
    response=StaffMatter,
    summary="从公开网站撤下事项",
    operation_id="staffWithdrawMatter",
)
def withdraw(request, matter_id: int, payload: StaffMatterReasonIn):
    matter = _matter(request, matter_id)
    _call(services.matter_withdraw, actor=request.auth, matter=matter, reason=payload.reason)
    return _out(request, matter)


@router.put(
    "/matters/{matter_id}/life-events",
    response=StaffMatter,
    summary="设置事项所属的人生事件",
    operation_id="staffSetMatterLifeEvents",
)
def set_life_events(request, matter_id: int, payload: StaffMatterLifeEventsIn):
    matter = _matter(request, matter_id)
    events = list(LifeEvent.objects.filter(slug__in=payload.life_events))
    if len(events) != len(set(payload.life_events)):
        raise HttpError(422, _("Choose life events that are shown."))
    _call(services.matter_set_life_events, actor=request.auth, matter=matter, events=events)
    return _out(request, matter)


@router.post(
    "/matter-files",
    response={201: StaffMatterFile},
    summary="上传空白表格、示例样表或结果样本",
    operation_id="staffUploadMatterFile",
)
def upload_file(request, file: File[UploadedFile], agency: Form[str]):
    target = _agency(agency)
    if not can(request.auth, "service.draft", agency=target):
        raise HttpError(403, _("You may not do this."))
    content = file.read()
    stored = _call(_store, agency=target, content=content, name=file.name, actor=request.auth)
    return Status(
        201,
        {
            "id": stored.pk,
            "name": stored.name,
            "type": stored.kind,
            "size": stored.size,
            "sha256": stored.sha256,
        },
    )


def _store(**kwargs) -> MaterialFile:
    """Check and store the file, and audit the upload, in one transaction."""
    with transaction.atomic():
        stored = service_files.store(**kwargs)
        record_event(
            actor=kwargs["actor"],
            action="service.file_upload",
            obj=stored,
            data={"name": stored.name, "type": stored.kind, "size": stored.size, "api": True},
        )
        return stored


# --- fee lists -------------------------------------------------------------------------------


def _fee_out(f: FeeItem) -> dict[str, Any]:
    return {
        "id": f.pk,
        "agency": f.agency.credit_code,
        "name": f.name,
        "standard": f.standard,
        "amount": str(f.amount) if f.amount is not None else None,
        "unit": f.unit,
        "basis": f.basis,
        "basis_index_number": f.basis_item.index_number
        if f.basis_item_id and f.basis_item.index_number
        else "",
        "note": f.note,
        "is_active": f.is_active,
        "sort_order": f.sort_order,
    }


def _fee_fields(payload: StaffFeeItemIn) -> dict[str, Any]:
    data = payload.dict(exclude_none=True)
    data.pop("agency", None)
    number = data.pop("basis_index_number", None)
    if number is not None:
        data["basis_item"] = None
        if number.strip():
            item = Item.objects.filter(index_number=number.strip()).first()
            if item is None or not item.is_public:
                raise HttpError(
                    422,
                    _("No published item has the index number %(number)s.") % {"number": number},
                )
            data["basis_item"] = item
    return data


@router.get(
    "/fee-items", response=StaffFeeItemList, summary="收费目录", operation_id="staffListFeeItems"
)
def list_fee_items(request, agency: str = ""):
    qs = FeeItem.objects.filter(
        agency__in=agencies_where(request.auth, "service.view")
    ).select_related("agency", "basis_item")
    if agency:
        qs = qs.filter(agency__credit_code=agency.strip().upper())
    return {"items": [_fee_out(f) for f in qs.order_by("agency_id", "sort_order", "pk")]}


@router.post(
    "/fee-items",
    response={201: StaffFeeItem},
    summary="新增收费项目",
    operation_id="staffCreateFeeItem",
)
def create_fee_item(request, payload: StaffFeeItemCreate):
    agency = _agency(payload.agency)
    item = _call(
        services.fee_item_create, actor=request.auth, agency=agency, **_fee_fields(payload)
    )
    return Status(201, _fee_out(item))


@router.patch(
    "/fee-items/{item_id}",
    response=StaffFeeItem,
    summary="修改收费项目",
    operation_id="staffUpdateFeeItem",
)
def update_fee_item(request, item_id: int, payload: StaffFeeItemIn):
    item = get_object_or_404(
        FeeItem.objects.filter(agency__in=agencies_where(request.auth, "service.view")), pk=item_id
    )
    item = _call(services.fee_item_update, actor=request.auth, item=item, **_fee_fields(payload))
    return _fee_out(FeeItem.objects.select_related("agency", "basis_item").get(pk=item.pk))
