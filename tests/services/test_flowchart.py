"""The flowchart is a pure function of the steps: one box a step in order, arrows between
them, every text escaped and wrapped to the box, accessible with a title and a description."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from gongkai.services.flowchart import BOX_WIDTH, PADDING, Step, char_width, flowchart_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"


def test_boxes_arrows_and_text_alternative():
    steps = [Step("申请", "提交材料"), Step("受理", "当场受理", "当场"), Step("决定<script>")]
    svg = str(flowchart_svg(steps, chart_id="fc"))
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "fc-title fc-desc"
    assert root.find(f"{SVG}title").text
    desc = root.find(f"{SVG}desc").text
    assert "1. 申请" in desc and "3. 决定<script>" in desc  # escaped in the markup, parsed back
    assert "<script>" not in svg
    rects = root.findall(f"{SVG}rect")
    assert len(rects) == 3
    ys = [float(r.get("y")) for r in rects]
    assert ys == sorted(ys)  # top to bottom
    assert len(root.findall(f"{SVG}polygon")) == 2  # an arrow between each pair
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[0] == "1. 申请" and "提交材料" in texts
    assert "style=" not in svg  # presentation attributes only (content security policy)


def test_long_text_is_wrapped_inside_the_box():
    text = "申请人向县政务服务中心综合窗口提交申请材料，窗口工作人员当场核对材料是否齐全、是否符合法定形式。"
    lines = wrap(text, BOX_WIDTH - 2 * PADDING, 14)
    assert len(lines) > 1 and "".join(lines) == text
    for line in lines:
        assert (
            sum(char_width(c, 14) for c in line) <= BOX_WIDTH - 2 * PADDING + 14
        )  # hanging punctuation
    assert not any(line[0] in "，。、" for line in lines)
    svg = str(flowchart_svg([Step("受理", text)]))
    height = float(re.search(r'viewBox="0 0 320 ([\d.]+)"', svg).group(1))
    assert height > 100


def test_no_steps_is_an_empty_drawing():
    svg = str(flowchart_svg([]))
    assert "<rect" not in svg and 'role="img"' in svg
