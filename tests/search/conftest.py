"""A fixed corpus of invented documents (no real document is copied), indexed through
``index_entry`` as a module's publish service would."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.search.services import index_entry
from tests.factories import AgencyFactory

D = dt.date

# key: (title, doc_number, index_number, agency, published_date, validity, body)
CORPUS = {
    1: (
        "关于印发《蓝湾县2026年部门预算公开工作方案》的通知",
        "蓝政办发〔2026〕12号",
        "113399210000001X/2026-00001",
        "finance",
        D(2026, 3, 2),
        "valid",
        "各乡镇人民政府、县政府各部门：现将《蓝湾县2026年部门预算公开工作方案》印发给你们，"
        "请认真组织实施。",
    ),
    2: (
        "蓝湾县2025年政府信息公开工作年度报告",
        "",
        "113399210000001X/2026-00002",
        "finance",
        D(2026, 1, 20),
        "valid",
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，包括总体情况和主动公开政府信息情况。",
    ),
    3: (
        "蓝湾县税务局关于2026年个人所得税汇算清缴的公告",
        "蓝税发〔2026〕3号",
        "113399210000002Y/2026-00001",
        "tax",
        D(2026, 2, 15),
        "valid",
        "纳税人可以通过手机应用办理年度汇算。",
    ),
    4: (
        "关于废止部分行政规范性文件的决定",
        "蓝政发〔2025〕20号",
        "113399210000001X/2025-00031",
        "finance",
        D(2025, 12, 1),
        "repealed",
        "经清理，决定废止以下文件。",
    ),
    5: (
        "蓝湾县2025年财政预算执行情况",
        "",
        "113399210000001X/2025-00020",
        "finance",
        D(2025, 7, 10),
        "valid",
        "全县一般公共预算收入完成情况良好，税收收入稳步增长。",
    ),
    6: (
        "关于开展政务公开业务培训的通知",
        "蓝政办发〔2026〕5号",
        "113399210000001X/2026-00005",
        "finance",
        D(2026, 4, 1),
        "valid",
        "各单位政务公开工作人员按时参加培训。",
    ),
    7: (
        "蓝湾县农业农村局2026年部门预算",
        "",
        "113399210000001X/2026-00007",
        "finance",
        D(2026, 3, 20),
        "valid",
        "部门预算表格见附件。",
    ),
    8: (
        "依申请公开政府信息办理流程",
        "",
        "113399210000001X/2024-00008",
        "finance",
        D(2024, 5, 5),
        "expired",
        "申请人可以通过信函、网络提交申请。<script>alert('x')</script> A&B",
    ),
    9: (
        "蓝湾县道路运输管理办法",
        "蓝政发〔2024〕8号",
        "113399210000001X/2024-00009",
        "finance",
        D(2024, 6, 1),
        "expired",
        "本办法自发布之日起施行。",
    ),
    10: (
        "关于城镇土地使用税有关事项的通知",
        "",
        "113399210000002Y/2025-00010",
        "tax",
        D(2025, 3, 3),
        "valid",
        "城镇土地使用税按年计算，分期缴纳。",
    ),
    11: (
        "蓝湾县2026年第一季度统计数据",
        "",
        "113399210000001X/2026-00011",
        "finance",
        D(2026, 4, 15),
        "valid",
        "地区生产总值同比增长。",
    ),
    12: (
        "关于征集2026年民生实事项目意见的公告",
        "",
        "113399210000001X/2026-00012",
        "finance",
        D(2026, 1, 5),
        "valid",
        "欢迎社会各界提出意见建议。",
    ),
}


@pytest.fixture
def agencies(db):
    return {
        "finance": AgencyFactory(
            name="蓝湾县财政局",
            functions="负责全县财政收支管理和预算编制。",
            address="蓝湾县人民路1号",
        ),
        "tax": AgencyFactory(
            name="蓝湾县税务局", functions="负责税收征收管理。", address="蓝湾县人民路2号"
        ),
    }


def index_doc(key: int, agencies: dict, kind: str = "doc") -> None:
    title, doc_number, index_number, agency, published, validity, body = CORPUS[key]
    index_entry(
        kind=kind,
        object_id=key,
        agency_id=agencies[agency].pk,
        category_id=7 if key % 2 else 8,
        year=published.year,
        validity=validity,
        published_date=published,
        title=title,
        doc_number=doc_number,
        index_number=index_number,
        url=f"/doc/{key}/",
        body=body,
    )


@pytest.fixture
def corpus(agencies):
    for key in CORPUS:
        index_doc(key, agencies)
    return agencies
