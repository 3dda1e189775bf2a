"""Response shapes of the public API (they become the OpenAPI components).

Field names follow GLOSSARY.md; the Chinese term is in each description. Only public facts are
here: no staff member, creator or reviewer of an item appears in any shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

ValidityCode = Literal["valid", "expired", "repealed"]


class Error(Schema):
    detail: str = Field(description="错误说明（按 Accept-Language，默认简体中文）")


class AgencyRef(Schema):
    credit_code: str = Field(description="统一社会信用代码")
    name: str = Field(description="机关全称")


class Agency(Schema):
    id: int
    name: str = Field(description="机关全称")
    short_name: str = Field(description="简称")
    credit_code: str = Field(description="统一社会信用代码（18 位）")
    kind: Literal["government", "department", "town", "institution"] = Field(
        description="机关类型：人民政府 / 政府工作部门 / 乡镇街道 / 事业单位"
    )
    parent: str | None = Field(description="上级机关的统一社会信用代码")
    address: str = Field(description="办公地址")
    postcode: str = Field(description="邮政编码")
    phone: str = Field(description="联系电话")
    fax: str = Field(description="传真")
    email: str = Field(description="电子邮箱")
    website: str = Field(description="网站")
    office_hours: str = Field(description="办公时间")
    url: str = Field(description="本站机关页面的绝对地址")


class AgencyList(Schema):
    items: list[Agency]


class Leader(Schema):
    name: str = Field(description="姓名")
    title: str = Field(description="职务")
    duties: str = Field(description="分工")


class Department(Schema):
    name: str = Field(description="科室名称")
    duties: str = Field(description="职责")
    phone: str = Field(description="电话")


class DisclosureOffice(Schema):
    name: str = Field(description="政府信息公开工作机构名称")
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str


class AgencyDetail(Agency):
    functions: str = Field(description="机关职能")
    disclosure_office: DisclosureOffice | None = Field(
        description="政府信息公开工作机构（与机关本身不同时填写）"
    )
    leaders: list[Leader] = Field(description="领导分工")
    departments: list[Department] = Field(description="内设科室")
    children: list[AgencyRef] = Field(description="下级机关")


class Category(Schema):
    id: int
    parent: int | None = Field(description="上级栏目 id")
    code: str = Field(description="栏目代码（来自标准目录模板，可为空）")
    name: str = Field(description="栏目名称")
    section: str = Field(description="一级栏目代码")
    depth: int = Field(description="层级，一级栏目为 0")


class CategoryList(Schema):
    agency: AgencyRef
    items: list[Category] = Field(description="栏目，先上级后下级，按排序")


class CategoryRef(Schema):
    id: int
    name: str = Field(description="栏目名称")
    path: list[str] = Field(description="从一级栏目到本栏目的名称")


class ItemSummary(Schema):
    id: int
    index_number: str = Field(description="索引号")
    title: str = Field(description="标题")
    doc_number: str = Field(description="文号（发文字号）")
    agency: AgencyRef = Field(description="主办机关")
    publishers: list[AgencyRef] = Field(description="发布机构（联合发文列出全部）")
    category: CategoryRef = Field(description="目录栏目")
    section: str = Field(description="一级栏目代码")
    subject: str = Field(description="主题分类")
    keywords: str = Field(description="主题词")
    written_date: dt.date | None = Field(description="成文日期")
    published_date: dt.date = Field(description="发布日期")
    revised_at: dt.datetime | None = Field(description="最近一次修订时间")
    validity: ValidityCode = Field(description="有效性：有效 / 失效 / 废止")
    validity_changed_on: dt.date | None = Field(description="有效性变更日期")
    replaced_by: int | None = Field(description="废止后替代它的信息 id")
    disclosure: Literal["主动公开"] = Field(description="公开属性")
    url: str = Field(description="本站信息页面的绝对地址")


class ItemPage(Schema):
    items: list[ItemSummary]
    next: str | None = Field(description="下一页的游标（作为 cursor 参数传回）；最后一页为 null")


class Attachment(Schema):
    name: str = Field(description="文件名")
    type: str = Field(description="文件类型（按内容识别），如 pdf、docx")
    size: int = Field(description="字节数")
    sha256: str
    url: str = Field(description="下载地址")


class ItemDetail(ItemSummary):
    summary: str = Field(description="内容概述")
    body_html: str = Field(description="正文（已净化的 HTML）")
    attachments: list[Attachment] = Field(description="附件")
    interprets: list[int] = Field(description="本解读所解读的政策文件 id")
    interpretations: list[int] = Field(description="解读本文件的政策解读 id")


class ItemListParams(Schema):
    """Query parameters of ``GET /items``."""

    agency: str = Field("", max_length=18, description="主办机关的统一社会信用代码")
    category: int | None = Field(None, ge=1, description="栏目 id")
    section: str = Field("", max_length=60, description="一级栏目代码，如 policy")
    year: int | None = Field(None, ge=1900, le=2999, description="发布年份")
    validity: ValidityCode | None = Field(None, description="有效性")
    doc_number: str = Field("", max_length=100, description="文号（完全一致）")
    index_number: str = Field("", max_length=60, description="索引号（完全一致）")
    since: dt.date | None = Field(None, description="发布日期不早于（YYYY-MM-DD）")
    q: str = Field("", max_length=200, description="全文检索词；也可直接输入文号或索引号")
    sort: Literal["relevance", "date"] | None = Field(
        None, description="带 q 时的排序：relevance（默认）或 date；不带 q 时总按发布日期"
    )
    limit: int = Field(20, ge=1, le=100, description="每页条数，1–100")
    cursor: str = Field("", max_length=200, description="上一页返回的 next")
