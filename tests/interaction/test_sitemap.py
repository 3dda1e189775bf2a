"""The sitemap lists the public pages of the interaction modules, and only those."""

from __future__ import annotations

import pytest

from gongkai.interaction.services import publication
from tests.interaction.conftest import replied

pytestmark = pytest.mark.django_db


def test_published_letters_are_in_the_sitemap_and_others_are_not(client, county):
    shown = replied(county.a, title="路灯")
    hidden = replied(county.a, title="未公开的来信", publish_consent="")
    shown = publication.message_publication_prepare(
        actor=county.a.handler,
        message=shown,
        public_title="路灯",
        public_content="路灯坏了。",
        public_reply="已修复。",
    )
    publication.message_publish(
        actor=county.a.reviewer, message=shown, confirm_no_personal_data=True
    )
    index = client.get("/sitemap.xml").content.decode()
    for section in (
        "letters",
        "solicitations",
        "interviews",
        "proposals",
        "topics",
        "matters",
        "notices",
    ):
        assert f"sitemap-{section}.xml" in index
    xml = client.get("/sitemap-letters.xml").content.decode()
    assert f"/interaction/mail/letters/{shown.number}/" in xml
    assert hidden.number not in xml
    for section in ("solicitations", "interviews", "proposals", "topics", "matters", "notices"):
        assert client.get(f"/sitemap-{section}.xml").status_code == 200
