"""The texts of the formal letters (告知书), one per letter kind and, for replies, one per outcome.

A template is the *body* of a letter: from the salutation down to the last sentence. The title,
the letter number (文号) and the signature block (agency name and date) are not part of the
body; they are printed around it when the letter is issued (``documents.py``), because the
number and the date exist only from that moment.

Paragraphs are separated by a newline. The first paragraph is the salutation (称谓, printed
without indent); every other paragraph is indented by two characters.

The wording is Gongkai's own standard phrasing, written for this project. The texts are
Simplified Chinese by design: they are official documents, not user-interface strings, and
they are not translated.

Placeholders
------------
A template may use only the names below, in ``{name}`` form (``str.format`` syntax). The list
is fixed: a test checks every template against it, and rendering refuses unknown names.

Every letter:
    applicant_name    申请人姓名或者名称
    number            申请编号
    submitted_date    提交申请的日期（2026年5月15日 form）
    received_date     收到申请之日（条例第三十一条）
    information       所需信息的名称、文号或者描述（with quotation marks）
    agency_name       作出本函的机关全称
    office_contact    政府信息公开工作机构的地址、电话（联系方式）

Replies (答复书/告知书, 条例第三十六条):
    decision          处理结果 (one clause, per outcome)
    reasons           理由 (the handler's text, or the standard sentence of the outcome)
    legal_basis       法律依据 (the article(s) cited for the outcome)
    provided          提供的信息以及获取的方式、途径和时间 (条例第三十六条第（一）项、第（二）项)
    referral_agency   负责公开该信息的机关名称 (条例第三十六条第（五）项)
    referral_contact  该机关的联系方式
    remedies          救济途径 (行政复议和行政诉讼; the bodies from the agency's 指南 when given)

补正告知书 (条例第三十条):
    correction_items      需要补正的事项
    correction_deadline   补正期限（日期）

延期答复告知书 (条例第三十三条第二款):
    extension_days        延长的工作日数（中文数字）
    extension_reason      延期理由
    due_date              延长后的答复期限（日期）

收费通知书 (《政府信息公开信息处理费管理办法》):
    fee_method            计收方式（按件/按量）
    fee_units             件数或者页数
    fee_amount            金额（元，两位小数）

征求意见函 (条例第三十二条、第三十四条):
    third_party           被征求意见的第三方或者机关
    reply_period          答复期限的表述

Missing facts are rendered as ``【待填写：…】`` markers. A draft may contain them; a letter
cannot be issued while one remains (``letters.letter_issue`` refuses it), so a handler never
sends a letter with a hole in it.
"""

from __future__ import annotations

import string

from gongkai.applications.models import ConsultationKind, LetterKind
from gongkai.applications.outcomes import Outcome

PLACEHOLDERS: dict[str, str] = {
    "applicant_name": "申请人姓名或者名称",
    "number": "申请编号",
    "submitted_date": "提交申请的日期",
    "received_date": "收到申请之日",
    "information": "所需信息",
    "agency_name": "机关名称",
    "office_contact": "政府信息公开工作机构的联系方式",
    "decision": "处理结果",
    "reasons": "理由",
    "legal_basis": "法律依据",
    "provided": "提供的信息以及获取的方式、途径和时间",
    "referral_agency": "负责公开该信息的机关名称",
    "referral_contact": "该机关的联系方式",
    "remedies": "救济途径",
    "correction_items": "需要补正的事项",
    "correction_deadline": "补正期限",
    "extension_days": "延长的工作日数",
    "extension_reason": "延期理由",
    "due_date": "延长后的答复期限",
    "fee_method": "计收方式",
    "fee_units": "件数或者页数",
    "fee_amount": "金额",
    "third_party": "被征求意见的一方",
    "reply_period": "答复期限",
}

MISSING_MARK = "【待填写："


def missing(what: str) -> str:
    """The marker for a fact the draft could not fill in (blocks issuing)."""
    return f"{MISSING_MARK}{what}】"


# --- titles -------------------------------------------------------------------------------

TITLES: dict[str, str] = {
    LetterKind.ACKNOWLEDGMENT: "政府信息公开申请受理回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
    LetterKind.CONSULTATION: "政府信息公开征求意见函",
    LetterKind.REPLY: "政府信息公开申请答复书",
}
THIRD_PARTY_CONSULTATION_TITLE = "政府信息公开征求第三方意见函"
# 不予处理 and 其他处理 do not answer the request on its merits: they are 告知书.
NOTICE_TITLE = "政府信息公开申请告知书"


def reply_title(outcome: str) -> str:
    if outcome.startswith(("not_handled_", "other_")):
        return NOTICE_TITLE
    return TITLES[LetterKind.REPLY]


# --- the letters other than replies ---------------------------------------------------------

ACKNOWLEDGMENT = """\
{applicant_name}：
您于{submitted_date}提出的政府信息公开申请已由本机关登记，申请编号为{number}。本机关确认收到您的申请之日为{received_date}。
您申请获取的信息为：{information}。
本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起二十个工作日内作出答复；确需延长答复期限的，将另行书面告知延长的期限和理由。依法征求第三方或者其他机关意见所需的时间不计算在答复期限内。
您可以凭申请编号和查询码查询办理进度。如有疑问，请与本机关政府信息公开工作机构联系（{office_contact}）。"""

CORRECTION = """\
{applicant_name}：
本机关于{received_date}收到您提出的政府信息公开申请（申请编号：{number}），您申请获取的信息为：{information}。
经审查，您的申请内容不够明确，本机关无法据此确定您所需要的政府信息。根据《中华人民共和国政府信息公开条例》第三十条的规定，现一次性告知您需要补正的事项如下：
{correction_items}
请您于{correction_deadline}前，以书面形式向本机关补正上述内容。答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理您的该政府信息公开申请。
如需咨询，请与本机关政府信息公开工作机构联系（{office_contact}）。"""

EXTENSION = """\
{applicant_name}：
本机关于{received_date}收到您提出的政府信息公开申请（申请编号：{number}），您申请获取的信息为：{information}。
因{extension_reason}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{extension_days}个工作日，本机关将于{due_date}前作出答复。
如需咨询，请与本机关政府信息公开工作机构联系（{office_contact}）。"""

FEE = """\
{applicant_name}：
本机关于{received_date}收到您提出的政府信息公开申请（申请编号：{number}），您申请获取的信息为：{information}。
您的申请超出了免予收费的范围。根据《政府信息公开信息处理费管理办法》的规定，本机关按照{fee_method}的方式计收信息处理费，计费数量为{fee_units}，应缴金额为人民币{fee_amount}元。
请您自收到本通知之日的次日起二十个工作日内缴纳上述费用，缴费方式可向本机关政府信息公开工作机构咨询（{office_contact}）。您逾期未缴纳的，视为放弃申请，本机关将不再处理您的该政府信息公开申请。"""

# A consultation letter goes to the third party or the other agency, never to the applicant:
# it names the information asked for, not the person who asked.
CONSULTATION_THIRD_PARTY = """\
{third_party}：
本机关收到一份政府信息公开申请（申请编号：{number}），申请获取的信息为：{information}。经审查，公开该信息可能损害您（单位）的合法权益。
根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求您（单位）的意见。请您（单位）{reply_period}，以书面形式向本机关提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，本机关将依照条例的规定决定是否公开。
第三方不同意公开且有合理理由的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知第三方。
如有疑问，请与本机关政府信息公开工作机构联系（{office_contact}）。"""

CONSULTATION_AGENCY = """\
{third_party}：
本机关收到一份政府信息公开申请（申请编号：{number}），申请获取的信息为：{information}。该信息由本机关与贵机关共同制作。
根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关的意见。请贵机关{reply_period}提出意见；逾期未提出意见的，视为同意公开。
如有疑问，请与本机关政府信息公开工作机构联系（{office_contact}）。"""

CONSULTATION_TEMPLATES: dict[str, str] = {
    ConsultationKind.THIRD_PARTY: CONSULTATION_THIRD_PARTY,
    ConsultationKind.AGENCY: CONSULTATION_AGENCY,
}

TEMPLATES: dict[str, str] = {
    LetterKind.ACKNOWLEDGMENT: ACKNOWLEDGMENT,
    LetterKind.CORRECTION: CORRECTION,
    LetterKind.EXTENSION: EXTENSION,
    LetterKind.FEE: FEE,
    LetterKind.CONSULTATION: CONSULTATION_THIRD_PARTY,
}

# --- replies, one per outcome --------------------------------------------------------------

REPLY_OPENING = """\
{applicant_name}：
本机关于{received_date}收到您提出的政府信息公开申请（申请编号：{number}），您申请获取的信息为：{information}。
根据{legal_basis}的规定，本机关决定：{decision}。具体答复如下："""

REPLY_CLOSING = """\
如有疑问，请与本机关政府信息公开工作机构联系（{office_contact}）。
{remedies}"""

_PROVIDED = "本机关向您提供的信息以及获取的方式、途径和时间如下：{provided}"
_REFERRAL = (
    "经了解，您申请获取的政府信息由{referral_agency}负责公开，"
    "您可以向该机关提出申请，联系方式：{referral_contact}。"
)

# The middle part of each reply: the reasons, and what the outcome must add (条例第三十六条).
REPLY_MIDDLE: dict[str, str] = {
    Outcome.GRANTED: "{reasons}\n" + _PROVIDED,
    Outcome.PARTIAL: "{reasons}\n" + _PROVIDED,
    Outcome.WITHHELD_STATE_SECRET: "{reasons}",
    Outcome.WITHHELD_LAW: "{reasons}",
    Outcome.WITHHELD_SECURITY: "{reasons}",
    Outcome.WITHHELD_THIRD_PARTY: "{reasons}",
    Outcome.WITHHELD_INTERNAL: "{reasons}",
    Outcome.WITHHELD_PROCESS: "{reasons}",
    Outcome.WITHHELD_ENFORCEMENT: "{reasons}",
    Outcome.WITHHELD_QUERY: "{reasons}",
    Outcome.UNAVAILABLE_NOT_HELD: "{reasons}\n" + _REFERRAL,
    Outcome.UNAVAILABLE_NEEDS_CREATION: "{reasons}",
    Outcome.UNAVAILABLE_UNCLEAR: "{reasons}",
    Outcome.NOT_HANDLED_PETITION: "{reasons}",
    Outcome.NOT_HANDLED_REPEAT: "{reasons}",
    # The standard reason ends with "获取的途径如下：": the handler's reasons name the channel.
    Outcome.NOT_HANDLED_PUBLICATION: "{reasons}",
    Outcome.NOT_HANDLED_EXCESSIVE: "{reasons}",
    Outcome.NOT_HANDLED_CONFIRMATION: "{reasons}",
    Outcome.OTHER_NO_CORRECTION: "{reasons}",
    Outcome.OTHER_FEE_UNPAID: "{reasons}",
    Outcome.OTHER: "{reasons}",
}

DECISIONS: dict[str, str] = {
    Outcome.GRANTED: "对您申请获取的政府信息予以公开",
    Outcome.PARTIAL: "对您申请获取的政府信息部分公开",
    Outcome.WITHHELD_QUERY: "告知您按照有关法律、行政法规的规定办理",
    Outcome.OTHER: "对您的申请作如下处理",
}
_GROUP_DECISIONS = {
    "withheld_": "对您申请获取的信息不予公开",
    "unavailable_": "告知您本机关无法提供所申请的信息",
    "not_handled_": "对您的申请不予处理",
    "other_": "对您的该政府信息公开申请不再处理",
}
for _outcome in Outcome:
    if _outcome not in DECISIONS:
        DECISIONS[_outcome] = next(
            text for prefix, text in _GROUP_DECISIONS.items() if _outcome.value.startswith(prefix)
        )

REPLY_TEMPLATES: dict[str, str] = {
    outcome: "\n".join((REPLY_OPENING, REPLY_MIDDLE[outcome], REPLY_CLOSING)) for outcome in Outcome
}

# 救济途径. The bodies come from the agency's disclosure guide when it names them.
REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议，"
    "或者在六个月内向{court}提起行政诉讼。"
)
GENERIC_RECONSIDERATION_BODY = "依法有管辖权的行政复议机关"
GENERIC_COURT = "依法有管辖权的人民法院"


def placeholders_of(template: str) -> set[str]:
    """The placeholder names a template uses."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


class UnknownPlaceholder(KeyError):
    pass


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise UnknownPlaceholder(key)


def render(template: str, context: dict[str, str]) -> str:
    """Fill ``template`` from ``context``; a name outside ``PLACEHOLDERS`` is an error."""
    unknown = placeholders_of(template) - set(PLACEHOLDERS)
    if unknown:
        raise UnknownPlaceholder(", ".join(sorted(unknown)))
    return template.format_map(_Strict(context))


def template_for(kind: str, *, outcome: str = "", consultation_kind: str = "") -> str:
    if kind == LetterKind.REPLY:
        return REPLY_TEMPLATES[outcome]
    if kind == LetterKind.CONSULTATION:
        return CONSULTATION_TEMPLATES[consultation_kind or ConsultationKind.THIRD_PARTY]
    return TEMPLATES[kind]


def title_for(kind: str, *, outcome: str = "", consultation_kind: str = "") -> str:
    if kind == LetterKind.REPLY:
        return reply_title(outcome)
    if kind == LetterKind.CONSULTATION and consultation_kind != ConsultationKind.AGENCY:
        return THIRD_PARTY_CONSULTATION_TITLE
    return TITLES[kind]
