"""The invented words of the applications demo: places, requests, names of people and
organisations, referrals, reasons and what was provided."""

from __future__ import annotations

import random

from gongkai.applications.models import ApplicantKind
from gongkai.applications.outcomes import Outcome

ROADS = ["滨湖大道", "青石路", "白沙街", "柳溪路", "望海路", "翠屏路", "环城东路", "迎宾大道"]
VILLAGES = ["上塘村", "下洋村", "东岙村", "石门村", "湖头村", "溪口村", "横街村", "山前村"]
PROJECTS = ["改造工程", "拓宽工程", "提升改造项目", "配套管网工程", "综合整治工程"]


def _titles(rng: random.Random, key: str, year: int) -> tuple[str, str]:
    """An invented request: the title and a description."""
    road, village = rng.choice(ROADS), rng.choice(VILLAGES)
    choices = {
        "gov": [
            (f"{road}{rng.choice(PROJECTS)}的立项批复文件", "包括立项批复及项目概算批复。"),
            (f"{year - 1}年度县政府常务会议纪要中涉及{road}建设的部分", ""),
            (
                f"{village}集体土地征收的征地批复及补偿安置方案",
                "本人系该村村民，房屋在征收范围内。",
            ),
            (f"{year - 1}年度蓝湾县重大行政决策事项目录", ""),
            (f"蓝湾县{village}美丽乡村建设项目的资金拨付文件", ""),
            (f"{year - 1}年县政府信访事项办理情况统计", ""),
            (f"关于{road}沿线违章建筑整治的县政府会议纪要", ""),
            (f"{year - 1}年度蓝湾县政府性基金预算执行情况", ""),
        ],
        "zrj": [
            (f"{village}地块的建设用地规划许可证及附图", ""),
            (f"{village}宅基地审批台账（{year - 1}年）", "仅需本组农户的审批结果。"),
            (f"{road}两侧控制性详细规划调整的批复", ""),
            (f"{year - 1}年度蓝湾县耕地占补平衡项目清单", ""),
            (f"{village}土地征收的勘测定界图", ""),
        ],
        "zjj": [
            (f"{road}老旧小区改造项目的施工许可证", ""),
            (f"{year - 1}年度公共租赁住房分配名单", ""),
            (f"{road}安置小区的竣工验收备案材料", ""),
            (f"{village}农村危房改造补助资金发放明细", ""),
            (f"{road}{rng.choice(PROJECTS)}的招标文件及中标通知书", ""),
        ],
        "mzj": [
            (f"{year - 1}年度城乡居民最低生活保障资金发放明细", "按乡镇汇总即可。"),
            (f"{year - 1}年度特困人员救助供养资金使用情况", ""),
            ("蓝湾县养老服务机构运营补贴的发放标准和名单", ""),
            (f"{year - 1}年度社会组织年检结果", ""),
            (f"{village}低保户认定的评议记录", ""),
        ],
    }
    return rng.choice(choices[key])


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国海燕志明"

ORGANISATIONS = [
    # kind, names, (authority, kind digit) of the credit code
    (
        ApplicantKind.COMMERCIAL,
        ["蓝湾县宏达建材有限公司", "蓝湾县海丰水产养殖有限公司", "东海市安居置业有限公司"],
        ("9", "1"),
    ),
    (ApplicantKind.RESEARCH, ["东海大学地方治理研究中心", "东海市社会科学研究所"], ("1", "2")),
    (
        ApplicantKind.NONPROFIT,
        ["蓝湾县绿水环保公益服务中心", "东海市阳光助残服务社"],
        ("5", "2"),
    ),
    (
        ApplicantKind.LEGAL_SERVICE,
        ["蓝湾明正律师事务所", "东海市衡平律师事务所"],
        ("3", "1"),
    ),
    (ApplicantKind.OTHER, ["蓝湾县滨湖社区居民委员会", "青石镇上塘村股份经济合作社"], ("N", "2")),
]

REFERRALS = {
    "gov": ("蓝湾县自然资源和规划局", "地址：蓝湾县滨湖大道50号，电话：0570-8805100"),
    "zrj": ("蓝湾县住房和城乡建设局", "地址：蓝湾县滨湖大道60号，电话：0570-8806100"),
    "zjj": ("蓝湾县发展和改革局", "地址：蓝湾县滨湖大道20号，电话：0570-8802100"),
    "mzj": ("蓝湾县财政局", "地址：蓝湾县滨湖大道40号，电话：0570-8804100"),
}
REASONS = {
    Outcome.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，"
    "但能够作区分处理，本机关向您提供可以公开的部分。其中涉及个人身份证号码、银行账号的内容"
    "属于个人隐私，公开会对第三方合法权益造成损害，依据《中华人民共和国政府信息公开条例》"
    "第十五条不予公开。",
    Outcome.NOT_HANDLED_PUBLICATION: "您申请获取的是公开出版物，请通过公开渠道获取，本机关告知"
    "获取的途径如下：该信息已刊载于《蓝湾年鉴》，可在蓝湾县图书馆查阅。",
    Outcome.OTHER: "您已于申请答复前书面申请撤回该政府信息公开申请，本机关终止处理。",
}
PROVIDED = [
    "相关文件复印件一份，随本告知书一并邮寄。",
    "相关文件的电子文本，已通过电子邮件发送至您预留的邮箱。",
    "相关信息已在本机关门户网站公开，获取途径：蓝湾县人民政府门户网站“政府信息公开”栏目。",
]
