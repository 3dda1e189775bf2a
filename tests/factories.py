"""Small factories. Build workflow state through services; these only make the plain rows."""

from __future__ import annotations

import itertools

import factory

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.agencies.credit_code import generate_credit_code
from gongkai.agencies.models import Agency, AgencyKind, Department, Leader

_serials = itertools.count(10_000_000)

PASSWORD = "Test-password-2026"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试县第{n}局")
    short_name = factory.Sequence(lambda n: f"第{n}局")
    credit_code = factory.LazyFunction(
        lambda: generate_credit_code(division="339901", serial=next(_serials))
    )
    kind = AgencyKind.DEPARTMENT
    address = "测试县人民路1号"
    postcode = "339900"
    phone = "0579-80000000"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"第{n}科")


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"测试{n}")
    title = "局长"
    duties = "主持全面工作。"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff(role: str, agency: Agency | None = None, **kwargs) -> User:
    """A user holding one role (for one agency; 系统管理员 for the whole site)."""
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(
        user=user, agency=None if role == Role.SYSTEM_ADMIN else agency, role=role
    )
    return user


def published_item(
    agency: Agency, *, category_code: str = "policy.normative", title: str = "测试信息", **fields
):
    """An item taken through the real workflow: drafted, submitted, approved, published."""
    from gongkai.catalog.models import Category
    from gongkai.catalog.services import catalog_create_from_template
    from gongkai.catalog.services.items import item_approve, item_create, item_submit

    catalog_create_from_template(actor=None, agency=agency)
    category = Category.objects.get(agency=agency, code=category_code)
    officer = staff(Role.OFFICER, agency)
    reviewer = staff(Role.REVIEWER, agency)
    now = fields.pop("now", None)
    fields.setdefault("body_html", "<p>正文内容。</p>")
    item = item_create(actor=officer, agency=agency, category=category, title=title, **fields)
    item_submit(actor=officer, item=item)
    return item_approve(actor=reviewer, item=item, now=now)
