"""The proposal and topic endpoints are in the OpenAPI document (public and staff)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_lists_the_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    assert {
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/proposals/counts/{year}",
        "/api/v1/staff/proposals",
        "/api/v1/staff/proposals/{proposal_id}",
        "/api/v1/staff/proposals/{proposal_id}/assign",
        "/api/v1/staff/proposals/{proposal_id}/opinions/{credit_code}",
        "/api/v1/staff/proposals/{proposal_id}/reply/draft",
        "/api/v1/staff/proposals/{proposal_id}/reply/approve",
        "/api/v1/staff/proposals/{proposal_id}/reply/return",
        "/api/v1/staff/proposals/{proposal_id}/reply/send",
        "/api/v1/staff/proposals/{proposal_id}/feedback",
        "/api/v1/staff/proposals/{proposal_id}/reopen",
        "/api/v1/staff/proposals/{proposal_id}/close",
        "/api/v1/staff/proposals/{proposal_id}/publish",
        "/api/v1/staff/proposals/{proposal_id}/unpublish",
        "/api/v1/staff/proposals/counts/{year}",
    } <= paths


def test_openapi_lists_the_topic_endpoints_and_no_personal_field_in_public_schemas(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/topics",
        "/api/v1/topics/{topic_id}",
        "/api/v1/staff/topics",
        "/api/v1/staff/topics/{topic_id}",
        "/api/v1/staff/topics/{topic_id}/contact",
        "/api/v1/staff/topics/{topic_id}/approve",
        "/api/v1/staff/topics/{topic_id}/reject",
        "/api/v1/staff/topics/{topic_id}/route",
        "/api/v1/staff/topics/{topic_id}/answer",
    } <= set(doc["paths"])
    schemas = doc["components"]["schemas"]
    for name in ("PublicTopic", "PublicTopicAnswer", "PublicProposal", "PublicProposalDetail"):
        assert not {"name", "mobile", "email", "content"} & set(schemas[name]["properties"])
