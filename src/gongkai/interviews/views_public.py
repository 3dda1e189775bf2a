"""Public pages of online interviews: the list, the live (or archived) page, the question
form and the poll the page's script calls (``live.poll``).

The live page reads no session (the question form, with its CAPTCHA, is a page of its own),
so hundreds of viewers cost no session writes; it sets only the anonymous viewer cookie
(``viewers``). Drafts do not exist here: their pages, poll and picture are 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.agencies.models import Agency
from gongkai.applications import captcha, ratelimit
from gongkai.audit.middleware import request_ip
from gongkai.interviews import live, viewers
from gongkai.interviews.figures import figures_for, figures_for_many
from gongkai.interviews.forms_public import QuestionForm
from gongkai.interviews.models import PUBLIC_STATUSES, QUESTIONS_OPEN, Status
from gongkai.interviews.selectors import public_interview, public_interviews
from gongkai.interviews.services import question_submit

NAV = "interaction"
ASK_CAPTCHA = "interview-ask"
REFRESH_SECONDS = 30  # the page's own refresh without JavaScript, while live


def ask_rule() -> ratelimit.Rule:
    limit, window = getattr(settings, "GONGKAI_INTERVIEW_ASK_LIMIT_PER_IP", (10, 600))
    return ratelimit.Rule(int(limit), int(window))


def _interview_or_404(pk: int):
    interview = public_interview(pk)
    if interview is None:
        raise Http404
    return interview


@require_safe
def index(request):
    """Live and announced interviews first, then the past ones (20 a page); ``?agency=``
    narrows the list to one agency."""
    qs = public_interviews()
    agency = None
    code = request.GET.get("agency", "").strip().upper()
    if code:
        agency = Agency.objects.filter(credit_code=code, is_active=True).first()
        if agency is not None:
            qs = qs.filter(agency=agency)
    current = list(qs.filter(status__in=QUESTIONS_OPEN).order_by("status", "scheduled_start", "pk"))
    past = Paginator(
        qs.filter(status__in=(Status.ENDED, Status.ARCHIVED)).order_by("-scheduled_start", "-pk"),
        20,
    ).get_page(request.GET.get("page"))
    figures = figures_for_many([i.pk for i in current] + [i.pk for i in past])
    agencies = Agency.objects.filter(
        is_active=True, interviews__status__in=PUBLIC_STATUSES
    ).distinct()
    return render(
        request,
        "interviews/public/list.html",
        {
            "live": [(i, figures[i.pk]) for i in current if i.status == Status.LIVE],
            "upcoming": [(i, figures[i.pk]) for i in current if i.status == Status.ANNOUNCED],
            "past": past,
            "past_rows": [(i, figures[i.pk]) for i in past],
            "agency": agency,
            "agencies": agencies.order_by("sort_order", "name"),
            "nav_active": NAV,
        },
    )


@require_safe
def detail(request, pk: int):
    """The interview's page: while it runs, the stream and the waiting questions (the script
    keeps them current; without it the page refreshes itself while live); once archived, the
    stored transcript."""
    interview = _interview_or_404(pk)
    archived = interview.status == Status.ARCHIVED
    lists = None if archived else live.page_lists(interview.pk, interview.version)
    interval = live.poll_interval(interview.status)
    response = render(
        request,
        "interviews/public/detail.html",
        {
            "interview": interview,
            "guests": list(interview.guests.all()),
            "figures": figures_for(interview.pk),
            "lists": lists,
            "polling": interval > 0,
            "interval": interval,
            "refresh_seconds": REFRESH_SECONDS,
            "nav_active": NAV,
        },
    )
    if archived:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, no_cache=True, private=True)
    viewers.visit(request, response, interview)
    return response


def _ask_page(request, interview, form, *, alert: str = "", status: int = 200):
    return render(
        request,
        "interviews/public/ask.html",
        {
            "interview": interview,
            "form": form,
            "alert": alert,
            "captcha_image": captcha.new_challenge(request, ASK_CAPTCHA)
            if interview.questions_open
            else "",
            "nav_active": NAV,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request, pk: int):
    """The question form (announced or live interviews only). POST checks the limit per
    client, the CAPTCHA (used up either way) and the form, then submits and goes back to the
    interview's page with a thank-you note; a refused question keeps everything typed."""
    interview = _interview_or_404(pk)
    if request.method != "POST" or not interview.questions_open:
        response = _ask_page(
            request,
            interview,
            QuestionForm(),
            status=200 if request.method != "POST" else 409,
        )
        viewers.visit(request, response, interview)
        return response
    form = QuestionForm(request.POST)
    ip = request_ip(request) or "unknown"
    rule = ask_rule()
    try:
        ratelimit.check("interview-ask-ip", ip, rule)
    except ratelimit.RateLimited as limited:
        return _ask_page(request, interview, form, alert=limited.message, status=429)
    solved = captcha.verify(request, ASK_CAPTCHA, request.POST.get("captcha", ""))
    if not form.is_valid() or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _ask_page(request, interview, form)
    try:
        question_submit(interview=interview, **form.question_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _ask_page(request, interview, form)
        interview.refresh_from_db()
        return _ask_page(request, interview, form, alert=" ".join(exc.messages), status=409)
    ratelimit.record("interview-ask-ip", ip, rule)
    messages.success(
        request,
        _(
            "Thank you: your question has been received. It appears on this page once a "
            "moderator has approved it."
        ),
    )
    response = redirect(interview.get_absolute_url())
    viewers.visit(request, response, interview)
    return response


@require_safe
def poll(request, pk: int):
    """``?since=<version>``: what changed since then, as JSON (see ``live``). ``hello=1`` on a
    page's first poll counts the browser as a participant."""
    try:
        since = int(request.GET.get("since", "0"))
    except ValueError:
        since = 0
    body = live.poll(pk, since)
    if body is None:
        return HttpResponse(b'{"detail":"not found"}', status=404, content_type="application/json")
    if request.GET.get("hello"):
        current = live.state(pk)
        if current is not None and current[1] in QUESTIONS_OPEN:
            viewers.count(pk, request.COOKIES.get(viewers.COOKIE, ""))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def picture(request, pk: int):
    interview = _interview_or_404(pk)
    if not interview.image:
        raise Http404
    try:
        handle = interview.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle)
    patch_cache_control(response, public=True, max_age=3600)
    return response
