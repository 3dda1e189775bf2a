"""The staff screens and the public pages of proposals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.proposals.models import Proposal, ProposalStatus, Reply

from .conftest import register_proposal
from .steps import advance

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_register_through_the_screen_keeps_input_on_errors(client, county):
    client.force_login(county.office)
    url = reverse("proposals_staff:register")
    assert client.get(url).status_code == 200
    data = {
        "kind": "npc",
        "session": "测试县十八届人大三次会议",
        "year": "2026",
        "number": "12",
        "title": "关于改善城乡公交的建议",
        "content": "建议增开城乡公交班次。",
        "delegates": "周明，青石镇代表团\n李华",
        "agency": str(county.a.pk),
        "cohandlers": [str(county.a.pk)],  # the lead agency cannot co-handle
        "registered_on": "2026-03-02",
        "deadline": "",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "关于改善城乡公交的建议" in html
    assert not Proposal.objects.exists()
    data["cohandlers"] = [str(county.b.pk)]
    response = client.post(url, data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{proposal.pk}/")
    assert [(d.name, d.group, d.lead) for d in proposal.delegates.all()] == [
        ("周明", "青石镇代表团", True),
        ("李华", "", False),
    ]


def test_register_screen_is_for_registering_roles(client, county):
    client.force_login(county.handler_a)
    assert client.get(reverse("proposals_staff:register")).status_code == 403


def test_the_steps_through_the_screens(client, county):
    proposal = register_proposal(county)
    detail = reverse("proposals_staff:detail", args=[proposal.pk])

    def act(user, action, data, files=None):
        client.force_login(user)
        return client.post(
            reverse("proposals_staff:action", args=[proposal.pk, action]), {**data, **(files or {})}
        )

    assert act(county.office, "assign", {"assign-handler": county.handler_a.pk}).status_code == 302
    client.force_login(county.handler_b)
    html = client.get(detail).content.decode()
    assert "opinion-" in html and 'id="draft-form"' not in html  # co-handler: opinion only
    cohandling = proposal.cohandlings.get()
    prefix = f"opinion-{cohandling.pk}"
    response = client.post(
        reverse("proposals_staff:opinion", args=[proposal.pk, cohandling.pk]),
        {f"{prefix}-opinion": "同意。", f"{prefix}-sent_on": "2026-03-10"},
    )
    assert response.status_code == 302
    # A refused step shows the service's message with the input kept.
    response = act(county.handler_a, "draft", {"draft-category": "A", "draft-text": ""})
    assert response.status_code == 400
    response = act(
        county.handler_a,
        "draft",
        {"draft-category": "A", "draft-text": "已完成改造。", "draft-public_interest": "on"},
    )
    assert response.status_code == 302
    assert act(county.handler_a, "approve", {"approve-publish": "on"}).status_code == 403
    assert act(county.leader_a, "approve", {"approve-publish": "on"}).status_code == 302
    response = act(
        county.handler_a,
        "send",
        {"send-replied_on": "2026-05-20"},
        {"send-document": SimpleUploadedFile("答复函.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.document and reply.replied_on.isoformat() == "2026-05-20"
    client.force_login(county.handler_a)
    download = client.get(reverse("proposals_staff:document", args=[proposal.pk, 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        act(
            county.handler_a,
            "feedback",
            {"feedback-satisfaction": "satisfied", "feedback-received_on": "2026-05-25"},
        ).status_code
        == 302
    )
    assert act(county.office, "close", {"close-closed_on": "2026-05-26"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED and proposal.published_on is not None


def test_staff_pages_are_scoped_to_the_agencies(client, county):
    proposal = register_proposal(county, cohandlers=[])
    client.force_login(county.handler_b)
    assert client.get(reverse("proposals_staff:detail", args=[proposal.pk])).status_code == 404
    assert proposal.title not in client.get(reverse("proposals_staff:list")).content.decode()
    client.force_login(county.officer_a)  # no proposal role at all
    assert client.get(reverse("proposals_staff:list")).status_code == 403
    client.force_login(county.office)
    html = client.get(reverse("proposals_staff:list"), {"status": "overdue"}).content.decode()
    assert proposal.title in html  # due 2 June 2026, not replied


def test_counts_pages_and_csv(client, county):
    advance(county, register_proposal(county), "closed")
    html = client.get(reverse("proposals:counts"), {"year": 2026}).content.decode()
    assert county.a.name in html and county.b.name in html
    client.force_login(county.admin_a)
    response = client.get(reverse("proposals_staff:counts"), {"year": 2026, "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert county.a.name in text and county.b.name not in text  # only its own agency


def test_public_pages_show_published_replies_only(client, county):
    published = advance(county, register_proposal(county, number=31), "replied", publish=True)
    hidden = advance(county, register_proposal(county, number=32, title="不公开的建议"), "replied")
    html = client.get(reverse("proposals:list")).content.decode()
    assert published.title in html and "不公开的建议" not in html
    html = client.get(reverse("proposals:detail", args=[published.pk])).content.decode()
    assert "第0031号" in html and "周明" in html and "经研究" in html
    assert "李华" not in html and "建议统筹安排资金" not in html
    assert client.get(reverse("proposals:detail", args=[hidden.pk])).status_code == 404


def test_public_search_finds_published_replies(client, county):
    published = advance(county, register_proposal(county, number=41), "replied", publish=True)
    advance(
        county,
        register_proposal(county, number=42, title="关于城区绿化的建议"),
        "replied",
        text="将增加城区绿地面积。",
    )
    html = client.get(reverse("proposals:list"), {"q": "校舍改造"}).content.decode()
    assert published.title in html
    html = client.get(reverse("proposals:list"), {"q": "绿地面积"}).content.decode()
    assert "关于城区绿化的建议" not in html
