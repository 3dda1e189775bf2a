"""The public list of published letters: only the reviewed public copy, never the writer,
never a 举报; withdrawn and reopened letters disappear; filters and the Chinese search."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.interaction.services import handling, publication
from gongkai.search.models import SearchEntry
from tests.interaction.conftest import D
from tests.interaction.published_helpers import WRITER, letter, publish

pytestmark = pytest.mark.django_db

LIST = reverse("interaction:published_list")


def _streetlight(county, **kw):
    message = letter(
        county.a,
        written="2026-09-21",
        accept="2026-09-22",
        reply="2026-09-24",
        title="钱七反映青石巷路灯不亮",
        content="我是钱七，电话13712340000，青石巷9号门口的路灯坏了两个月。",
        **kw,
    )
    return publish(
        county.a,
        message,
        title="青石巷路灯不亮",
        content="青石巷的路灯坏了两个月，晚上出行不便。",
        reply="经核实，青石巷路灯已于9月23日修复，感谢监督。",
    )


def _personal_data_absent(text: str) -> None:
    for value in WRITER.values():
        assert value not in text, value
    assert "钱七" not in text


def test_the_list_and_detail_show_only_the_public_copy(client, county):
    message = _streetlight(county)
    html = client.get(LIST).content.decode()
    assert "青石巷路灯不亮" in html and county.a.agency.name in html
    _personal_data_absent(html)
    assert "钱七反映" not in html  # the original title is not public
    detail = client.get(reverse("interaction:published_detail", args=[message.number]))
    html = detail.content.decode()
    assert "已于9月23日修复" in html and "2026年9月24日" in html
    _personal_data_absent(html)


def test_the_search_index_holds_only_the_public_copy(client, county):
    message = _streetlight(county)
    entry = SearchEntry.objects.get(kind="message", object_id=message.pk)
    assert entry.title == "青石巷路灯不亮"
    assert entry.agency_id == county.a.agency.pk and entry.year == 2026
    assert entry.url == reverse("interaction:published_detail", args=[message.number])
    _personal_data_absent(entry.title + entry.body + entry.tokens)
    # The site search finds it by a word of the reply, never by the writer's name.
    html = client.get(reverse("search:results"), {"q": "修复"}).content.decode()
    assert "青石巷路灯不亮" in html
    detail = reverse("interaction:published_detail", args=[message.number])
    html = client.get(LIST, {"q": "钱七"}).content.decode()
    assert detail not in html
    html = client.get(LIST, {"q": "路灯 修复"}).content.decode()
    assert detail in html and "青石巷<mark>路灯</mark>不亮" in html


def test_a_report_never_appears(client, county):
    report = letter(
        county.a,
        written="2026-09-21",
        accept="2026-09-22",
        reply="2026-09-24",
        kind="report",
        title="举报青石巷违规建房",
        content="青石巷有人违规加盖三层。",
    )
    assert not report.publish_consent  # a 举报 never carries the consent
    with pytest.raises(ValidationError):
        publication.message_publication_prepare(actor=county.a.handler, message=report)
    assert not SearchEntry.objects.filter(kind="message").exists()
    html = client.get(LIST).content.decode()
    assert "违规" not in html
    assert (
        client.get(reverse("interaction:published_detail", args=[report.number])).status_code == 404
    )
    # Not even offered as a type to filter by.
    assert 'value="report"' not in html


def test_withdrawn_letters_leave_the_list_and_the_index(client, county):
    message = _streetlight(county)
    assert SearchEntry.objects.filter(kind="message", object_id=message.pk).exists()
    publication.message_unpublish(actor=county.a.reviewer, message=message, reason="内容有误")
    assert not SearchEntry.objects.filter(kind="message", object_id=message.pk).exists()
    assert "青石巷路灯不亮" not in client.get(LIST).content.decode()
    detail = reverse("interaction:published_detail", args=[message.number])
    assert client.get(detail).status_code == 404


def test_reopened_letters_leave_the_list_and_the_index(client, county):
    message = _streetlight(county)
    handling.message_rate(message=message, rating="dissatisfied")
    handling.message_reopen(
        actor=county.a.handler, message=message, reason="重新核实", today=D("2026-09-28")
    )
    assert not SearchEntry.objects.filter(kind="message").exists()
    assert "青石巷路灯不亮" not in client.get(LIST).content.decode()


def test_filters_by_agency_type_and_year(client, county):
    light = _streetlight(county)
    road = letter(
        county.b,
        written="2025-11-03",
        accept="2025-11-04",
        reply="2025-11-06",
        kind="suggestion",
        title="建议增设公交站",
        content="建议在南环路增设公交站。",
    )
    road = publish(
        county.b,
        road,
        title="建议在南环路增设公交站",
        content="建议在南环路增设公交站。",
        reply="已纳入明年线网调整计划。",
    )

    urls = {
        "青石巷路灯不亮": reverse("interaction:published_detail", args=[light.number]),
        "建议在南环路增设公交站": reverse("interaction:published_detail", args=[road.number]),
    }

    def titles(**params):
        html = client.get(LIST, params).content.decode()
        return {title for title, url in urls.items() if url in html}

    assert titles() == {"青石巷路灯不亮", "建议在南环路增设公交站"}
    assert titles(agency=county.b.agency.credit_code) == {"建议在南环路增设公交站"}
    assert titles(kind="complaint") == {"青石巷路灯不亮"}
    assert titles(year="2025") == {"建议在南环路增设公交站"}
    assert titles(q="公交站", agency=county.a.agency.credit_code) == set()
    assert titles(q="公交站", year="2025") == {"建议在南环路增设公交站"}
    assert titles(q="路灯", kind="suggestion") == set()
    # A filter value that does not exist is told, not silently dropped.
    response = client.get(LIST, {"kind": "report"})
    assert response.status_code == 200 and "alert" in response.content.decode()


def test_unpublished_letters_are_not_there(client, county):
    message = letter(county.a, written="2026-09-21", accept="2026-09-22", reply="2026-09-24")
    assert message.number not in client.get(LIST).content.decode()
    assert (
        client.get(reverse("interaction:published_detail", args=[message.number])).status_code
        == 404
    )
