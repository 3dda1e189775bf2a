"""E-mail to the public about a solicitation: when its feedback report is published, everyone
who left an e-mail address with a comment that was not rejected is told where to read it.
One message per address (nobody sees another commenter's address), in the site's language,
sent only after the publishing transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.applications.notify import send_after_commit
from gongkai.solicitation.models import CommentStatus, Solicitation


def feedback_recipients(solicitation: Solicitation) -> list[str]:
    addresses = (
        solicitation.comments.exclude(status=CommentStatus.REJECTED)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({address.strip().lower() for address in addresses if address.strip()})


def feedback_published(solicitation: Solicitation) -> int:
    """Queue the notices; returns how many addresses they go to."""
    recipients = feedback_recipients(solicitation)
    link = f"{settings.GONGKAI_SITE_URL}{solicitation.get_absolute_url()}#feedback"
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The feedback on “%(title)s” is published") % {"title": solicitation.title}
        body = _(
            "Thank you for your comment on “%(title)s”.\n\n%(agency)s has published how it "
            "handled the comments it received: how many were adopted, and the reasons for "
            "the others. You can read it here:\n\n%(link)s\n\nThis message was sent because you "
            "gave your e-mail address with your comment; it will not be used for anything else."
        ) % {"title": solicitation.title, "agency": solicitation.agency.name, "link": link}
    for address in recipients:
        send_after_commit(to=[address], subject=subject, body=body)
    return len(recipients)
