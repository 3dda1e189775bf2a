"""办理结果: the leaf rows of annual-report Table 2 (2021 format), each with its legal basis.

Every closed application has exactly one outcome; the annual report counts them, so the codes
below are the only way an outcome is recorded. Labels reproduce the official row text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    GRANTED = "granted", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    WITHHELD_STATE_SECRET = "withheld_1", "（三）不予公开 1.属于国家秘密"
    WITHHELD_LAW = "withheld_2", "（三）不予公开 2.其他法律行政法规禁止公开"
    WITHHELD_SECURITY = "withheld_3", "（三）不予公开 3.危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_4", "（三）不予公开 4.保护第三方合法权益"
    WITHHELD_INTERNAL = "withheld_5", "（三）不予公开 5.属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_6", "（三）不予公开 6.属于四类过程性信息"
    WITHHELD_ENFORCEMENT = "withheld_7", "（三）不予公开 7.属于行政执法案卷"
    WITHHELD_QUERY = "withheld_8", "（三）不予公开 8.属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_1", "（四）无法提供 1.本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_2", "（四）无法提供 2.没有现成信息需要另行制作"
    UNAVAILABLE_UNCLEAR = "unavailable_3", "（四）无法提供 3.补正后申请内容仍不明确"
    NOT_HANDLED_PETITION = "not_handled_1", "（五）不予处理 1.信访举报投诉类申请"
    NOT_HANDLED_REPEAT = "not_handled_2", "（五）不予处理 2.重复申请"
    NOT_HANDLED_PUBLICATION = "not_handled_3", "（五）不予处理 3.要求提供公开出版物"
    NOT_HANDLED_EXCESSIVE = "not_handled_4", "（五）不予处理 4.无正当理由大量反复申请"
    NOT_HANDLED_CONFIRMATION = (
        "not_handled_5",
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    )
    OTHER_NO_CORRECTION = (
        "other_1",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )
    OTHER_FEE_UNPAID = (
        "other_2",
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER = "other_3", "（六）其他处理 3.其他"


@dataclass(frozen=True)
class OutcomeRule:
    """What the reply letter must contain for an outcome."""

    basis: str  # the article(s) of the Regulation the letter cites
    reason: str  # the sentence of reasons the letter states (editable by the handler)
    provides_information: bool = False  # 予以公开 / 部分公开 record what was provided and how
    needs_referral: bool = False  # 不掌握 because another agency holds it: its name and contact


RULES: dict[str, OutcomeRule] = {
    Outcome.GRANTED: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        "经审查，您申请获取的政府信息属于公开范围，本机关予以公开。",
        provides_information=True,
    ),
    Outcome.PARTIAL: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十七条",
        "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理，本机关向您提供可以公开的部分，对不予公开的部分说明理由如下：",
        provides_information=True,
    ),
    Outcome.WITHHELD_STATE_SECRET: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十四条",
        "经审查，您申请获取的政府信息属于国家秘密，依法不予公开。",
    ),
    Outcome.WITHHELD_LAW: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十四条",
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息，依法不予公开。",
    ),
    Outcome.WITHHELD_SECURITY: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十四条",
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
    ),
    Outcome.WITHHELD_THIRD_PARTY: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容，依法不予公开。",
    ),
    Outcome.WITHHELD_INTERNAL: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十六条第一款",
        "经审查，您申请获取的信息属于本机关的内部事务信息，依法可以不予公开。",
    ),
    Outcome.WITHHELD_PROCESS: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十六条第二款",
        "经审查，您申请获取的信息属于本机关在履行行政管理职能过程中形成的过程性信息，依法可以不予公开。",
    ),
    Outcome.WITHHELD_ENFORCEMENT: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第十六条第二款",
        "经审查，您申请获取的信息属于行政执法案卷信息，依法可以不予公开。",
    ),
    Outcome.WITHHELD_QUERY: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
        "经审查，您申请获取的信息属于法律、行政法规对信息的获取有特别规定的行政查询事项，请按照有关规定办理。",
    ),
    Outcome.UNAVAILABLE_NOT_HELD: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
        "经检索查找，本机关未制作、获取您申请公开的政府信息。",
        needs_referral=True,
    ),
    Outcome.UNAVAILABLE_NEEDS_CREATION: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十八条",
        "经审查，本机关没有您申请的现成信息，需要对现有政府信息进行加工、分析才能形成，本机关可以不予提供。",
    ),
    Outcome.UNAVAILABLE_UNCLEAR: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十条",
        "经补正后，您的申请内容仍不明确，本机关无法确定您所需要的政府信息，无法提供。",
    ),
    Outcome.NOT_HANDLED_PETITION: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
        "您以政府信息公开申请的形式提出的事项属于信访、投诉、举报等诉求，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
    ),
    Outcome.NOT_HANDLED_REPEAT: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
        "本机关已就您提出的相同政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。",
    ),
    Outcome.NOT_HANDLED_PUBLICATION: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
        "您申请获取的是公开出版物，请通过公开渠道获取，本机关告知获取的途径如下：",
    ),
    Outcome.NOT_HANDLED_EXCESSIVE: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，所说明理由不合理，本机关不予处理。",
    ),
    Outcome.NOT_HANDLED_CONFIRMATION: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十六条",
        "您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    ),
    Outcome.OTHER_NO_CORRECTION: OutcomeRule(
        "《中华人民共和国政府信息公开条例》第三十条",
        "本机关已于补正通知中告知您需要补正的事项和合理的补正期限，您无正当理由逾期未补正，视为放弃申请，本机关不再处理您的该政府信息公开申请。",
    ),
    Outcome.OTHER_FEE_UNPAID: OutcomeRule(
        "《政府信息公开信息处理费管理办法》",
        "本机关已向您发出收费通知，您逾期未按收费通知的要求缴纳信息处理费，视为放弃申请，本机关不再处理您的该政府信息公开申请。",
    ),
    Outcome.OTHER: OutcomeRule(
        "《中华人民共和国政府信息公开条例》",
        "",
    ),
}

# Headings of Table 2's groups ("Granted" alone means something else elsewhere: a context).
GROUPS = [
    (pgettext_lazy("outcome group", "Granted"), [Outcome.GRANTED]),
    (pgettext_lazy("outcome group", "Partly granted"), [Outcome.PARTIAL]),
    (
        pgettext_lazy("outcome group", "Withheld"),
        [o for o in Outcome if o.value.startswith("withheld_")],
    ),
    (
        pgettext_lazy("outcome group", "Cannot be provided"),
        [o for o in Outcome if o.value.startswith("unavailable_")],
    ),
    (
        pgettext_lazy("outcome group", "Not handled"),
        [o for o in Outcome if o.value.startswith("not_handled_")],
    ),
    (pgettext_lazy("outcome group", "Other"), [o for o in Outcome if o.value.startswith("other_")]),
]
