"""The archived transcript (文字实录): the interview's facts, the stream and the figures as
HTML (shown unchanged on the page from then on) and as plain text (for the search index).
Rendered in the site's language, from the public entries only: no contact, no question that
was not approved."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from gongkai.interviews.figures import figures_for
from gongkai.interviews.models import AnswerPhase, Interview
from gongkai.interviews.stream import public_entries, split


def render_transcript(interview: Interview) -> tuple[str, str]:
    """(html, text) of ``interview`` as it stands now."""
    entries = public_entries(interview.pk)
    stream, waiting = split(entries)
    guests = list(interview.guests.all())
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "interviews/public/_transcript.html",
            {
                "interview": interview,
                "guests": guests,
                "live": [e for e in stream if not e.answer or e.answer.phase == AnswerPhase.LIVE],
                "afterwards": [
                    e for e in stream if e.answer and e.answer.phase == AnswerPhase.AFTERWARDS
                ],
                "waiting": waiting,
                "figures": figures_for(interview.pk),
            },
        )
        text = transcript_text(interview, guests, stream)
    return html.strip(), text


def transcript_text(interview: Interview, guests, stream) -> str:
    """Plain text: topic, summary, host, guests, then each message and question with its
    answer, one a line."""
    anonymous = gettext("Netizen")  # 网友
    lines = [interview.topic]
    if interview.summary:
        lines.append(interview.summary)
    lines.append(interview.host)
    lines += [f"{g.post} {g.name}" for g in guests]
    for entry in stream:
        if entry.message is not None:
            lines.append(f"{interview.host}：{entry.message.text}")
            continue
        question, answer = entry.question, entry.answer
        lines.append(f"{question.nickname or anonymous}：{question.text}")
        lines.append(f"{answer.guest.name}：{answer.text}")
    return "\n".join(line for line in lines if line)
