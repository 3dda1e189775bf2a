"""Agencies (机关): the directory, one agency with its leaders and departments, its catalog."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.decorators import decorate_view

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agency_search, public_agency
from gongkai.api import schemas
from gongkai.api.caching import public_read
from gongkai.api.errors import NotFound
from gongkai.api.selectors import public_categories

router = Router(tags=["agencies"])

CreditCode = Path(..., min_length=18, max_length=18, description="统一社会信用代码")


def agency_data(request, agency: Agency) -> dict:
    return {
        "id": agency.pk,
        "name": agency.name,
        "short_name": agency.short_name,
        "credit_code": agency.credit_code,
        "kind": agency.kind,
        "parent": agency.parent.credit_code if agency.parent_id else None,
        "address": agency.address,
        "postcode": agency.postcode,
        "phone": agency.phone,
        "fax": agency.fax,
        "email": agency.email,
        "website": agency.website,
        "office_hours": agency.office_hours,
        "url": request.build_absolute_uri(agency.get_absolute_url()),
    }


def _not_found() -> NotFound:
    return NotFound(_("There is no agency with this credit code"))


@router.get(
    "/agencies",
    operation_id="listAgencies",
    response=schemas.AgencyList,
    summary="机关名录（全部在用机关）",
)
@decorate_view(public_read)
def list_agencies(request):
    return {"items": [agency_data(request, a) for a in agency_search()]}


@router.get(
    "/agencies/{credit_code}",
    operation_id="getAgency",
    response={200: schemas.AgencyDetail, 404: schemas.Error},
    summary="机关详情，含领导分工和内设科室",
)
@decorate_view(public_read)
def get_agency(request, credit_code: str = CreditCode):
    agency = public_agency(credit_code.upper())
    if agency is None:
        raise _not_found()
    office = None
    if agency.has_disclosure_office:
        office = {
            "name": agency.disclosure_office_name,
            "address": agency.disclosure_address,
            "postcode": agency.disclosure_postcode,
            "office_hours": agency.disclosure_office_hours,
            "phone": agency.disclosure_phone,
            "fax": agency.disclosure_fax,
            "email": agency.disclosure_email,
        }
    return {
        **agency_data(request, agency),
        "functions": agency.functions,
        "disclosure_office": office,
        "leaders": [
            {"name": leader.name, "title": leader.title, "duties": leader.duties}
            for leader in agency.leaders.all()
        ],
        "departments": [
            {"name": d.name, "duties": d.duties, "phone": d.phone} for d in agency.departments.all()
        ],
        "children": [{"credit_code": c.credit_code, "name": c.name} for c in agency.children.all()],
    }


@router.get(
    "/agencies/{credit_code}/categories",
    operation_id="listCategories",
    response={200: schemas.CategoryList, 404: schemas.Error},
    summary="机关的政府信息公开目录（栏目平铺列表，带上级 id）",
)
@decorate_view(public_read)
def list_categories(request, credit_code: str = CreditCode):
    agency = Agency.objects.filter(credit_code=credit_code.upper(), is_active=True).first()
    if agency is None:
        raise _not_found()
    categories = public_categories(agency)
    by_id = {c.pk: c for c in categories}
    rows = []
    for category in categories:
        depth, top = 0, category
        while top.parent_id in by_id:
            top = by_id[top.parent_id]
            depth += 1
        rows.append(
            {
                "id": category.pk,
                "parent": category.parent_id,
                "code": category.code,
                "name": category.name,
                "section": top.code,
                "depth": depth,
            }
        )
    return {"agency": {"credit_code": agency.credit_code, "name": agency.name}, "items": rows}
