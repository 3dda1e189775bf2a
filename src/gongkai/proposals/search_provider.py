"""How published proposal replies appear in the search index: title, number, session, lead
delegate (a public figure), agencies and the published reply texts; never the proposal's
other data, nothing of an unpublished one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.proposals.models import Proposal
from gongkai.proposals.selectors import lead_delegate, published_proposals


class ProposalProvider:
    label = _("Proposal replies")

    def public_objects(self):
        return published_proposals().order_by("pk")

    def get(self, object_id: int):
        return published_proposals().filter(pk=object_id).first()

    def entry_for(self, proposal: Proposal):
        if proposal.published_on is None:
            return None
        replies = getattr(proposal, "published_replies", None)
        if replies is None:
            replies = list(proposal.replies.filter(publish=True, replied_on__isnull=False))
        if not replies:
            return None
        lead = lead_delegate(proposal)
        parts = [
            f"{proposal.session}{proposal.get_kind_display()}{proposal.number_label}",
            lead.name if lead else "",
            proposal.agency.name,
            *[reply.text for reply in replies],
        ]
        return {
            "agency_id": proposal.agency_id,
            "year": proposal.year,
            "published_date": proposal.published_on,
            "title": proposal.title,
            "doc_number": proposal.number_label,
            "url": proposal.get_absolute_url(),
            "body": "\n".join(str(p) for p in parts if p),
        }
