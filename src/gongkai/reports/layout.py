"""The official layout of the annual report (国办公开办函〔2021〕30号, RULES.md §2).

Every label the report prints, in order, with the key the JSON form uses. Computing, rendering
(DOCX, XLSX, PDF, HTML) and checking a report all read these lists, so a label is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import ApplicantKind
from gongkai.applications.outcomes import Outcome

REPORT_TITLE = "政府信息公开工作年度报告"

# The six parts of the text (§2.1), in order: (key, heading).
SECTIONS: list[tuple[str, str]] = [
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("remedies", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
]
SECTION_KEYS = [key for key, _ in SECTIONS]

# --- Table 1: 主动公开政府信息情况 -----------------------------------------------------------
# Four blocks; each (caption, column headings, rows). Row keys are the JSON keys.
TABLE1_BLOCKS: list[tuple[str, list[str], list[tuple[str, str]]]] = [
    (
        "第二十条第（一）项",
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", "规章"), ("行政规范性文件", "行政规范性文件")],
    ),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", "行政许可")]),
    (
        "第二十条第（六）项",
        ["信息内容", "本年处理决定数量"],
        [("行政处罚", "行政处罚"), ("行政强制", "行政强制")],
    ),
    (
        "第二十条第（八）项",
        ["信息内容", "本年收费金额（单位：万元）"],
        [("行政事业性收费_万元", "行政事业性收费")],
    ),
]
TABLE1_DOCUMENT_ROWS = ["规章", "行政规范性文件"]  # each [issued, abolished, valid]
TABLE1_COUNT_KEYS = ["行政许可", "行政处罚", "行政强制"]  # integers the agency enters
TABLE1_FEE_KEY = "行政事业性收费_万元"  # decimal, 万元

# --- Table 2: 收到和处理政府信息公开申请情况 -------------------------------------------------
TABLE2_TITLE = "收到和处理政府信息公开申请情况"
TABLE2_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE2_APPLICANT_GROUP = "申请人情况"
TABLE2_ORGANIZATION_GROUP = "法人或其他组织"
TABLE2_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
# The applicant kind counted in each of the first six columns.
COLUMN_KINDS = [
    ApplicantKind.NATURAL_PERSON,
    ApplicantKind.COMMERCIAL,
    ApplicantKind.RESEARCH,
    ApplicantKind.NONPROFIT,
    ApplicantKind.LEGAL_SERVICE,
    ApplicantKind.OTHER,
]


@dataclass(frozen=True)
class Row:
    key: str  # the JSON key: 一, 二, 三.一 … 三.七, 四
    label: str  # the label as printed
    level: int  # 0 = 一/二/三/四, 1 = （一）…（七）, 2 = 1. 2. …
    group: str = ""  # the printed group label a level-2 row sits under, e.g. "（三）不予公开"
    outcome: str = ""  # the Outcome code counted in this row (leaf rows of 三 only)


def _leaf(key: str, label: str, outcome: Outcome, group: str) -> Row:
    return Row(key, label, 2, group, outcome.value)


_W = "（三）不予公开"
_U = "（四）无法提供"
_N = "（五）不予处理"
_O = "（六）其他处理"

# The 25 data rows of Table 2 in printed order (三 itself is a group label, not a data row).
TABLE2_ROWS: list[Row] = [
    Row("一", "一、本年新收政府信息公开申请数量", 0),
    Row("二", "二、上年结转政府信息公开申请数量", 0),
    Row("三.一", "（一）予以公开", 1, outcome=Outcome.GRANTED.value),
    Row(
        "三.二",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        1,
        outcome=Outcome.PARTIAL.value,
    ),
    _leaf("三.三.1", "1.属于国家秘密", Outcome.WITHHELD_STATE_SECRET, _W),
    _leaf("三.三.2", "2.其他法律行政法规禁止公开", Outcome.WITHHELD_LAW, _W),
    _leaf("三.三.3", "3.危及“三安全一稳定”", Outcome.WITHHELD_SECURITY, _W),
    _leaf("三.三.4", "4.保护第三方合法权益", Outcome.WITHHELD_THIRD_PARTY, _W),
    _leaf("三.三.5", "5.属于三类内部事务信息", Outcome.WITHHELD_INTERNAL, _W),
    _leaf("三.三.6", "6.属于四类过程性信息", Outcome.WITHHELD_PROCESS, _W),
    _leaf("三.三.7", "7.属于行政执法案卷", Outcome.WITHHELD_ENFORCEMENT, _W),
    _leaf("三.三.8", "8.属于行政查询事项", Outcome.WITHHELD_QUERY, _W),
    _leaf("三.四.1", "1.本机关不掌握相关政府信息", Outcome.UNAVAILABLE_NOT_HELD, _U),
    _leaf("三.四.2", "2.没有现成信息需要另行制作", Outcome.UNAVAILABLE_NEEDS_CREATION, _U),
    _leaf("三.四.3", "3.补正后申请内容仍不明确", Outcome.UNAVAILABLE_UNCLEAR, _U),
    _leaf("三.五.1", "1.信访举报投诉类申请", Outcome.NOT_HANDLED_PETITION, _N),
    _leaf("三.五.2", "2.重复申请", Outcome.NOT_HANDLED_REPEAT, _N),
    _leaf("三.五.3", "3.要求提供公开出版物", Outcome.NOT_HANDLED_PUBLICATION, _N),
    _leaf("三.五.4", "4.无正当理由大量反复申请", Outcome.NOT_HANDLED_EXCESSIVE, _N),
    _leaf(
        "三.五.5", "5.要求行政机关确认或重新出具已获取信息", Outcome.NOT_HANDLED_CONFIRMATION, _N
    ),
    _leaf(
        "三.六.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Outcome.OTHER_NO_CORRECTION,
        _O,
    ),
    _leaf(
        "三.六.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Outcome.OTHER_FEE_UNPAID,
        _O,
    ),
    _leaf("三.六.3", "3.其他", Outcome.OTHER, _O),
    Row("三.七", "（七）总计", 1),
    Row("四", "四、结转下年度继续办理", 0),
]
TABLE2_RESULTS_LABEL = "三、本年度办理结果"  # spans the 22 rows 三.一 … 三.七
TABLE2_GROUP_LABELS = [_W, _U, _N, _O]
TABLE2_ROW_KEYS = [row.key for row in TABLE2_ROWS]
# The outcome rows: （一）, （二), 8 under （三）, 3 under （四）, 5 under （五）, 3 under （六） = 21
# (issue 8 says "20 leaf rows"; the official layout, RULES.md §2.3, has 21 outcome rows above
# （七）总计, one per ``Outcome``).
TABLE2_LEAF_KEYS = [row.key for row in TABLE2_ROWS if row.outcome]
OUTCOME_ROW = {row.outcome: row.key for row in TABLE2_ROWS if row.outcome}
ROW_BY_KEY = {row.key: row for row in TABLE2_ROWS}

# --- Table 3: 政府信息公开行政复议、行政诉讼情况 ----------------------------------------------
TABLE3_TITLE = "政府信息公开行政复议、行政诉讼情况"
TABLE3_GROUPS = ["行政复议", "未经复议直接起诉", "复议后起诉"]  # the last two under 行政诉讼
TABLE3_LITIGATION = "行政诉讼"
TABLE3_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
# Column index within a group for each RemedyResult code (总计 is index 4).
RESULT_COLUMN = {"upheld": 0, "corrected": 1, "other": 2, "pending": 3}


def table3_label(index: int) -> str:
    """“行政复议 · 结果维持” for cell ``index`` (0–14) of Table 3, for messages."""
    return f"{TABLE3_GROUPS[index // 5]} · {TABLE3_COLUMNS[index % 5]}"


def normalise_label(text: str) -> str:
    """A printed label with spaces removed and ASCII quotes/brackets made official, so that a
    report typed with "三安全一稳定" or (一) is still read (RULES.md §2.3)."""
    text = "".join(text.split())
    text = text.replace("(", "（").replace(")", "）")
    if '"' in text or "”" in text or "“" in text:
        out, opening = [], True
        for ch in text:
            if ch in '"“”':
                out.append("“" if opening else "”")
                opening = not opening
            else:
                out.append(ch)
        text = "".join(out)
    return text
