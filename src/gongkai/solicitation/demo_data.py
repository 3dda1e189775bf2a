"""The invented texts of the solicitation demo: a year of drafts and two hearings of the demo
county (蓝湾县), the comments the public sent and how the agencies decided on them. Nothing is
copied from a real document. Days are counted from the day the demo is built."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    """One opinion: the comments that make it (similar ones grouped), and the decision."""

    summary: str
    texts: tuple[str, ...]
    section: str = ""
    decision: str = ""  # "adopted" / "partly_adopted" / "not_adopted"; "" = not decided yet
    reason: str = ""


@dataclass(frozen=True)
class Plan:
    key: str  # the agency, by the demo county's key
    title: str
    summary: str
    articles: tuple[str, ...]
    opens: int  # days from today (negative: in the past)
    days: int  # length of the period, both days counted
    state: str  # draft / upcoming / open / closed / feedback
    kind: str = "solicitation"
    explanation: str = ""
    points: tuple[Point, ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()  # (text, reason)
    by_post: int = 0  # how many of the comments came by letter (entered by staff)
    pending: int = 0  # open ones: how many of the latest comments still wait
    short_reason: str = ""
    feedback_after: int = 20  # days after closing the feedback is published
    feedback_summary: str = ""
    final_title: str = ""  # the final document published in the catalog
    # Hearings
    hearing_after: int = 0  # days after registration closes
    hearing_place: str = ""
    seats: int = 0
    signup: str = ""
    registrations: int = 0
    selected: int = 0
    hearing_record: str = ""
    attended: int = 0
    files: bool = False  # attach the draft as a Word document


AGENCY_NAMES = {
    "gov": "蓝湾县人民政府",
    "fgj": "蓝湾县发展和改革局",
    "jyj": "蓝湾县教育局",
    "czj": "蓝湾县财政局",
    "zjj": "蓝湾县住房和城乡建设局",
    "wjj": "蓝湾县卫生健康局",
    "mzj": "蓝湾县民政局",
    "jtj": "蓝湾县交通运输局",
}
DEPARTMENTS = {
    "gov": "县政府办公室",
    "fgj": "价格管理科",
    "jyj": "学生资助管理中心",
    "czj": "预算科",
    "zjj": "住房保障科",
    "wjj": "医政医管科",
    "mzj": "社会救助科",
    "jtj": "运输管理科",
}

PLANS: tuple[Plan, ...] = (
    Plan(
        key="czj",
        title="蓝湾县县级财政专项资金管理办法（征求意见稿）",
        summary="为规范县级财政专项资金的设立、分配、使用和绩效管理，县财政局起草了本办法，现公开征求社会各界意见。",
        articles=(
            "第一条 为规范县级财政专项资金管理，提高资金使用效益，结合本县实际，制定本办法。",
            "第二条 本办法所称专项资金，是指县级财政预算安排、具有指定用途的资金。",
            "第三条 专项资金实行目录管理，未列入目录的不得设立。",
            "第四条 专项资金分配应当采用因素法或者项目法，并在分配结果确定后二十日内公开。",
            "第五条 资金使用单位应当在项目完成后三个月内报送绩效自评报告。",
            "第六条 本办法自印发之日起施行。",
        ),
        explanation="本办法根据预算管理有关规定，在总结近年专项资金管理经验的基础上起草，重点明确了目录管理、分配公开和绩效评价三项制度。",
        opens=-340,
        days=31,
        state="feedback",
        files=True,
        points=(
            Point(
                "建议每年公开专项资金绩效评价结果",
                (
                    "建议在第五条增加一款：绩效评价结果每年向社会公开。",
                    "希望评价结果能在政府网站上公布，方便群众监督。",
                    "绩效自评之后最好还有第三方评价，结果也要公开。",
                ),
                section="第五条",
                decision="adopted",
            ),
            Point(
                "建议缩短分配结果的公开时限",
                ("第四条规定二十日内公开，时间偏长，建议改为十日。",),
                section="第四条",
                decision="partly_adopted",
                reason="考虑到乡镇专项资金需逐级汇总，改为十五日内公开。",
            ),
            Point(
                "建议取消专项资金目录管理",
                ("目录管理手续太多，建议取消，由各部门自行设立。",),
                section="第三条",
                decision="not_adopted",
                reason="目录管理是防止资金分散、重复设立的基本制度，依据上级规定予以保留。",
            ),
            Point(
                "建议明确绩效自评报告的格式",
                ("第五条的自评报告没有统一格式，基层单位不好写。",),
                section="第五条",
                decision="adopted",
            ),
        ),
        rejected=(("专业代办各类资金申报，包过，联系微信号xxxx。", "广告"),),
        by_post=1,
        feedback_summary="征求意见期间，县财政局通过网站、电子邮件和信函共收到意见建议，逐条进行了研究。采纳的意见已体现在正式印发的办法中。",
        final_title="蓝湾县县级财政专项资金管理办法",
    ),
    Plan(
        key="zjj",
        title="蓝湾县老旧小区改造实施细则（征求意见稿）",
        summary="为推进老旧小区改造，改善居民居住条件，县住建局起草了本细则，现公开征求意见。",
        articles=(
            "第一条 本细则适用于本县城区2000年底前建成的住宅小区。",
            "第二条 改造内容分为基础类、完善类和提升类。",
            "第三条 改造方案应当征求小区居民意见，同意率达到三分之二以上方可实施。",
            "第四条 加装电梯所需资金由受益业主按楼层分摊，政府给予适当补助。",
            "第五条 改造完成后应当建立长效管理机制。",
        ),
        opens=-250,
        days=30,
        state="feedback",
        points=(
            Point(
                "建议把加装电梯补助标准写进细则",
                (
                    "第四条只说适当补助，建议写明每台补助多少钱。",
                    "加装电梯补助标准不清楚，居民不好商量分摊。",
                ),
                section="第四条",
                decision="adopted",
            ),
            Point(
                "建议把同意率降低到一半",
                ("三分之二同意太难了，建议过半数同意就可以改造。",),
                section="第三条",
                decision="not_adopted",
                reason="改造涉及全体业主共有部分，同意比例依照民法典有关规定确定，不宜降低。",
            ),
            Point(
                "建议改造范围扩大到2005年前建成的小区",
                ("我们小区2003年建成，管网老化严重，希望也能纳入。",),
                section="第一条",
                decision="partly_adopted",
                reason="本轮改造仍以2000年前建成的小区为主，2000年至2005年建成、问题突出的小区经评估后可以纳入。",
            ),
            Point(
                "建议改造期间保障居民出行",
                ("施工期间请安排好临时通道，老人出行不方便。",),
                decision="adopted",
            ),
        ),
        rejected=(
            ("楼上邻居天天噪音扰民，请管一管！", "与征求意见的内容无关，已转物业服务投诉渠道"),
        ),
        by_post=1,
        feedback_summary="细则征求意见期间共收到意见建议若干条，县住建局会同各街道逐条研究，采纳情况如下。",
        final_title="蓝湾县老旧小区改造实施细则",
    ),
    Plan(
        key="fgj",
        kind="hearing",
        title="蓝湾县城区公共停车收费标准调整听证会",
        summary="县发改局拟调整城区公共停车场收费标准，依法举行听证会，现公开遴选听证参加人。",
        articles=(
            "一、调整方案：城区一类区域白天首小时3元，之后每小时2元；夜间每小时1元。",
            "二、二类区域白天首小时2元，之后每小时1元；夜间免费。",
            "三、新能源汽车首小时免费。",
        ),
        opens=-180,
        days=15,
        state="feedback",
        hearing_after=14,
        hearing_place="蓝湾县行政中心三楼第一会议室",
        seats=5,
        signup="本县常住居民、经营者代表均可报名。报名人数超过名额的，按消费者、经营者、专家学者等类别分别公开抽取。",
        registrations=7,
        selected=5,
        attended=5,
        points=(
            Point(
                "建议夜间一类区域也免费",
                ("参加人甲：夜间停车需求不大，建议一类区域夜间也免费。",),
                decision="not_adopted",
                reason="一类区域夜间周边居民停车需求大，仍需通过收费调节车位周转。",
            ),
            Point(
                "建议新能源汽车首小时免费延长为两小时",
                ("参加人乙：鼓励绿色出行，新能源车可以免费两小时。",),
                decision="partly_adopted",
                reason="二类区域新能源汽车首两小时免费，一类区域维持首小时免费。",
            ),
            Point(
                "赞成按区域分类收费",
                (
                    "参加人丙：分区域收费合理，支持方案。",
                    "参加人丁：同意分类收费，建议加强收费公示。",
                ),
                decision="adopted",
            ),
        ),
        hearing_record="听证会由县发改局主持。定价成本监审情况由县价格认证中心报告，听证参加人逐一发言，共提出意见建议五条，听证笔录经参加人签字确认。",
        feedback_summary="县发改局根据听证意见对调整方案作了修改，经县政府同意后公布实施。",
        final_title="关于调整城区公共停车收费标准的通知",
    ),
    Plan(
        key="jyj",
        title="蓝湾县学前教育资助管理办法（征求意见稿）",
        summary="为做好学前教育幼儿资助工作，县教育局起草了本办法，现公开征求意见。",
        articles=(
            "第一条 本办法所称资助对象，是指在本县经审批设立的幼儿园就读的家庭经济困难幼儿。",
            "第二条 资助标准为每生每年一千五百元。",
            "第三条 资助申请每学期受理一次，幼儿园应当在受理后十个工作日内完成初审。",
            "第四条 资助名单应当在幼儿园内公示五个工作日，公示时不得公开幼儿及其家长的身份证号码等个人信息。",
        ),
        opens=-120,
        days=30,
        state="feedback",
        files=True,
        points=(
            Point(
                "建议提高资助标准",
                ("每年一千五百元太少，建议提高到两千元。", "物价上涨了，资助标准也应该调整。"),
                section="第二条",
                decision="not_adopted",
                reason="资助标准按照省级规定的基础标准执行，本县将视财力情况另行研究提标。",
            ),
            Point(
                "建议允许每学期随时申请",
                ("家庭突发困难的，学期中也应该可以申请。",),
                section="第三条",
                decision="adopted",
            ),
        ),
        feedback_summary="县教育局对收到的意见逐条研究，采纳情况如下。正式文件印发后将在本栏目公布。",
    ),
    Plan(
        key="mzj",
        title="蓝湾县困难群众临时救助实施办法（征求意见稿）",
        summary="为进一步规范临时救助工作，县民政局起草了本办法，现公开征求意见。",
        articles=(
            "第一条 临时救助对象包括急难型和支出型两类。",
            "第二条 急难型救助可以先行救助，事后补充说明情况。",
            "第三条 支出型救助金额一般不超过当地月最低生活保障标准的六倍。",
            "第四条 乡镇人民政府应当在受理后五个工作日内完成审核。",
        ),
        opens=-60,
        days=30,
        state="closed",
        points=(
            Point(
                "建议提高支出型救助上限",
                ("重病家庭负担重，六倍上限偏低，建议提高到十二倍。",),
                section="第三条",
                decision="partly_adopted",
                reason="对重特大疾病等特殊情况，经县民政局审批后可以提高到十二倍。",
            ),
            Point(
                "建议公布救助申请的联系电话",
                ("希望在办法里写明各乡镇受理窗口的电话。",),
                decision="adopted",
            ),
            Point(
                "建议简化先行救助手续",
                ("急难情况下材料很难备齐，先行救助手续要简单。",),
                section="第二条",
            ),
        ),
        rejected=(("你们民政局办事太慢！！！", "没有针对办法提出意见"),),
    ),
    Plan(
        key="jtj",
        title="蓝湾县农村客运班线优化调整方案（征求意见稿）",
        summary="为方便群众出行，县交通运输局拟对部分农村客运班线进行优化调整，现公开征求意见。",
        articles=(
            "一、青石镇至县城班线每日增加两个往返班次。",
            "二、白沙镇至柳溪乡班线改为公交化运营，票价二元。",
            "三、调整后的班线时刻表在各乡镇客运站和政府网站公布。",
        ),
        opens=-10,
        days=15,
        state="open",
        short_reason="春运开始前须完成班线调整并报市交通运输局备案，征求意见时间相应缩短为十五日。",
        points=(
            Point("建议增加早班车", ("希望青石镇早上六点半能有一班车，方便上学和上班。",)),
            Point("建议公交化后保留学生优惠", ("白沙镇到柳溪乡改公交后，学生还有没有半价？",)),
            Point("建议在客运站张贴时刻表", ("老年人不会上网，时刻表请贴在站里。",)),
        ),
        pending=1,
    ),
    Plan(
        key="mzj",
        title="蓝湾县养老服务补贴发放办法（征求意见稿）",
        summary="为规范养老服务补贴发放，县民政局起草了本办法，现公开征求意见。",
        articles=(
            "第一条 本县户籍年满八十周岁的老年人，按月发放高龄津贴。",
            "第二条 经济困难的失能老年人，可以申请居家养老服务补贴。",
            "第三条 补贴通过社会保障卡按月发放，每月二十日前到账。",
            "第四条 乡镇人民政府每季度对补贴对象进行一次核查。",
        ),
        opens=-8,
        days=30,
        state="open",
        files=True,
        points=(
            Point("建议把高龄津贴年龄降到七十五周岁", ("建议七十五周岁以上就发高龄津贴。",)),
            Point(
                "建议核查时上门服务",
                (
                    "每季度核查请工作人员上门，不要让老人跑腿。",
                    "行动不便的老人核查能不能视频进行？",
                ),
                section="第四条",
            ),
            Point("建议补贴到账后短信提醒", ("补贴到账后希望能发个短信通知。",), section="第三条"),
            Point("建议明确失能评估的机构", ("失能是谁来评估？办法里没写。",), section="第二条"),
        ),
        pending=2,
    ),
    Plan(
        key="wjj",
        title="蓝湾县基层医疗卫生机构绩效考核办法（征求意见稿）",
        summary="为推动基层医疗卫生机构提升服务能力，县卫健局起草了本办法，将于近日公开征求意见。",
        articles=(
            "第一条 考核对象为各乡镇卫生院和社区卫生服务中心。",
            "第二条 考核内容包括基本医疗、公共卫生服务和群众满意度。",
            "第三条 考核结果与绩效工资总量挂钩。",
        ),
        opens=5,
        days=30,
        state="upcoming",
    ),
    Plan(
        key="fgj",
        kind="hearing",
        title="蓝湾县城乡居民生活用水阶梯价格调整听证会",
        summary="县发改局拟调整城乡居民生活用水阶梯价格，现公开征集听证参加人。",
        articles=(
            "一、第一阶梯（每户每年180立方米以内）水价由每立方米2.6元调整为2.9元。",
            "二、第二、第三阶梯水价分别按第一阶梯的1.5倍和3倍确定。",
            "三、低保家庭每户每月减免5立方米水费。",
        ),
        opens=-5,
        days=15,
        state="open",
        hearing_after=11,
        hearing_place="蓝湾县行政中心三楼第一会议室",
        seats=9,
        signup="本县城乡居民均可报名，报名时请说明拟陈述的主要观点。名额按消费者、经营者、人大代表、政协委员、专家学者分配，报名人数超过名额的公开抽取。",
        registrations=4,
        selected=1,
    ),
    Plan(
        key="czj",
        title="蓝湾县政府采购内部控制管理办法（征求意见稿）",
        summary="规范政府采购内部控制，明确采购需求、采购实施和履约验收各环节的职责。",
        articles=(
            "第一条 采购人应当建立政府采购内部控制制度。",
            "第二条 采购需求应当经集体研究确定。",
        ),
        opens=10,
        days=30,
        state="draft",
    ),
)

# Phrases for the invented commenters' nicknames.
NICKNAMES = ("城东居民", "一名教师", "老社区工作者", "热心市民", "个体经营户", "退休职工")
