"""Request and response shapes of the staff API of 办事指南 (``gongkai.api.staff.services``),
kept apart from its endpoints. Field names follow the models; the Chinese term is in the
descriptions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class StaffBasisIn(Schema):
    title: str
    article: str = ""
    excerpt: str = ""
    index_number: str = Field("", description="该法律法规在公开目录中的索引号（用于链接）")


class StaffMaterialIn(Schema):
    name: str
    form: str = Field("original", description="original / copy / original_and_copy / electronic")
    copies: int = 1
    required: bool = True
    source: str = ""
    requirements: str = ""
    blank_form_id: int | None = Field(None, description="POST /staff/matter-files 返回的 id")
    sample_id: int | None = None


class StaffStepIn(Schema):
    title: str
    description: str = ""
    time_limit: str = ""


class StaffQuestionIn(Schema):
    question: str
    answer: str


class StaffGuideContentIn(Schema):
    """Elements of a guide; an element left out (null) stays as it is."""

    name: str | None = None
    basic_code: str | None = None
    department: str | None = Field(None, description="科室名称（空字符串表示不指定）")
    matter_type: str | None = None
    power_source: str | None = None
    implementing_body: str | None = None
    serves_natural_persons: bool | None = None
    serves_organizations: bool | None = None
    conditions: str | None = None
    case_kind: str | None = None
    statutory_limit: int | None = Field(
        None, description="法定办结时限；clear_statutory_limit 清除"
    )
    clear_statutory_limit: bool = False
    statutory_unit: str | None = None
    statutory_note: str | None = None
    promised_limit: int | None = None
    promised_unit: str | None = None
    promised_note: str | None = None
    special_procedures: str | None = None
    visits: int | None = None
    charges_fee: bool | None = None
    fee_basis: str | None = None
    fee_standard: str | None = None
    fee_items: list[str] | None = Field(None, description="收费目录项目名称")
    place: str | None = None
    hours: str | None = None
    consultation_phone: str | None = None
    consultation_other: str | None = None
    complaint_phone: str | None = None
    complaint_other: str | None = None
    online_url: str | None = None
    mobile_url: str | None = None
    online_depth: str | None = None
    result_name: str | None = None
    result_type: str | None = None
    result_sample_id: int | None = None
    bases: list[StaffBasisIn] | None = None
    materials: list[StaffMaterialIn] | None = None
    steps: list[StaffStepIn] | None = None
    questions: list[StaffQuestionIn] | None = None
    note: str | None = Field(None, description="变更说明")


class StaffMatterIn(StaffGuideContentIn):
    agency: str = Field(description="统一社会信用代码")
    implementation_code: str = Field(description="实施编码")


class StaffMatterVersionRef(Schema):
    number: int
    status: str = Field(description="draft / submitted / returned / published / superseded")
    note: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    return_reason: str
    published_on: dt.date | None


class StaffMatter(Schema):
    id: int
    agency: str = Field(description="统一社会信用代码")
    implementation_code: str
    name: str
    status: str = Field(description="draft 尚未公开 / published 已公开 / withdrawn 已撤下")
    current_version: int | None
    changed_on: dt.date | None
    withdraw_reason: str
    life_events: list[str] = Field(description="人生事件 slug")
    versions: list[StaffMatterVersionRef]
    url: str


class StaffMatterList(Schema):
    items: list[StaffMatter]
    next: int | None


class StaffMatterFinding(Schema):
    id: int
    kind: str
    location: str
    masked: str
    message: str
    decision: str = Field(description="pending / allowed")
    reason: str


class StaffMatterVersion(StaffMatterVersionRef):
    content: dict[str, Any] = Field(description="全部要素（与导入比较用的形式相同）")
    findings: list[StaffMatterFinding]


class StaffMatterChange(Schema):
    field: str
    label: str
    old: Any
    new: Any


class StaffMatterDiff(Schema):
    number: int
    against: int
    changes: list[StaffMatterChange]


class StaffMatterReasonIn(Schema):
    reason: str


class StaffMatterNoteIn(Schema):
    note: str = ""


class StaffMatterLifeEventsIn(Schema):
    life_events: list[str] = Field(description="人生事件 slug")


class StaffMatterFile(Schema):
    id: int
    name: str
    type: str
    size: int
    sha256: str


class StaffFeeItemIn(Schema):
    name: str | None = None
    standard: str | None = None
    amount: str | None = None
    unit: str | None = None
    basis: str | None = None
    basis_index_number: str | None = None
    note: str | None = None
    is_active: bool | None = None
    sort_order: int | None = None


class StaffFeeItemCreate(StaffFeeItemIn):
    agency: str = Field(description="统一社会信用代码")
    name: str
    standard: str


class StaffFeeItem(Schema):
    id: int
    agency: str
    name: str
    standard: str
    amount: str | None
    unit: str
    basis: str
    basis_index_number: str
    note: str
    is_active: bool
    sort_order: int


class StaffFeeItemList(Schema):
    items: list[StaffFeeItem]
