"""Public pages of 点题公开: the list of public topics, one topic with its answer, the form
to propose one, and the support (附议) button.

No account is needed. Proposing is protected like the application form (the CAPTCHA, limits
per client and per mobile number / e-mail); a support is counted once per browser through a
random token in a signed cookie, of which only a keyed hash is stored, and supports are
rate-limited per client address (kept as an HMAC in the cache, never in clear). The
proposer's name, mobile number and e-mail never reach these pages.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.applications import captcha, ratelimit
from gongkai.audit.middleware import request_ip
from gongkai.topics.forms import PublicFilterForm, TopicForm
from gongkai.topics.models import TopicRequest
from gongkai.topics.selectors import filter_public, order_public, public_topic, public_topics
from gongkai.topics.services import has_supported, supportable, topic_submit, topic_support

NAV = "interaction"
PAGE_SIZE = 20
SEARCH_LIMIT = 200
CAPTCHA = "topic"
COOKIE = "gk_topic_supporter"
COOKIE_SALT = "gongkai.topics.supporter"
COOKIE_AGE = 2 * 365 * 24 * 3600


def _rule(setting: str, default: tuple[int, int]) -> ratelimit.Rule:
    limit, window = getattr(settings, setting, default)
    return ratelimit.Rule(int(limit), int(window))


def submit_rule() -> ratelimit.Rule:
    return _rule("GONGKAI_TOPIC_LIMIT_PER_IP", (5, 3600))


def contact_rule() -> ratelimit.Rule:
    return _rule("GONGKAI_TOPIC_LIMIT_PER_CONTACT", (3, 86400))


def support_rule() -> ratelimit.Rule:
    return _rule("GONGKAI_TOPIC_SUPPORT_LIMIT_PER_IP", (30, 3600))


def _client(request) -> str:
    return request_ip(request) or "unknown"


def search_ids(q: str, kind: str) -> list[int]:
    """The ids of the public objects of ``kind`` that the site search finds for ``q`` (the
    one search index: no personal data is in it)."""
    from gongkai.search.selectors import search

    page = search(q, kind=kind, page_size=SEARCH_LIMIT)
    return [result.entry.object_id for result in page.results]


def _token(request) -> str:
    return request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT) or ""


@require_safe
def topic_list(request):
    today = timezone.localdate()
    form = PublicFilterForm(request.GET or None)
    qs = public_topics()
    sort = "support"
    if form.is_valid():
        d = form.cleaned_data
        if d["agency"] is not None:
            qs = qs.filter(agency=d["agency"])
        qs = filter_public(qs, state=d["state"], today=today)
        sort = d["sort"] or sort
        if d["q"]:
            qs = qs.filter(pk__in=search_ids(d["q"], "topic"))
    page = Paginator(order_public(qs, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "topics/public/list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "querystring": query.urlencode(),
            "nav_active": NAV,
        },
    )


@never_cache
@require_safe
def topic_detail(request, pk: int):
    topic = public_topic(pk)
    if topic is None:
        raise Http404
    return render(
        request,
        "topics/public/detail.html",
        {
            "topic": topic,
            "today": timezone.localdate(),
            "supportable": supportable(topic),
            "supported": has_supported(topic, _token(request)),
            "link": topic.link,
            "nav_active": NAV,
        },
    )


def _form_page(request, form: TopicForm, *, alert: str = "", status: int = 200):
    return render(
        request,
        "topics/public/form.html",
        {
            "form": form,
            "alert": alert,
            "captcha_image": captcha.new_challenge(request, CAPTCHA),
            "nav_active": NAV,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def topic_new(request):
    """The form. POST checks the per-client limit, the CAPTCHA (used up either way), the form,
    then the limit per mobile number and e-mail, and submits."""
    if request.method != "POST":
        initial = {}
        if request.GET.get("agency"):
            initial["agency"] = request.GET["agency"]
        return _form_page(request, TopicForm(initial=initial))
    form = TopicForm(request.POST)
    ip = _client(request)
    try:
        ratelimit.check("topic-ip", ip, submit_rule())
    except ratelimit.RateLimited as limited:
        return _form_page(request, form, alert=limited.message, status=429)
    solved = captcha.verify(request, CAPTCHA, request.POST.get("captcha", ""))
    valid = form.is_valid()
    if not valid or not solved:
        if not solved and "captcha" not in form.errors:
            form.add_error(
                "captcha", _("The verification answer is wrong or has expired: try the new one.")
            )
        return _form_page(request, form)
    data = form.topic_data
    idents = ratelimit.contact_idents(data["mobile"], data["email"])
    try:
        for ident in idents:
            ratelimit.check("topic-contact", ident, contact_rule())
    except ratelimit.RateLimited as limited:
        return _form_page(request, form, alert=limited.message, status=429)
    try:
        topic = topic_submit(agency=form.chosen_agency(), data=data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return _form_page(request, form)
    ratelimit.record("topic-ip", ip, submit_rule())
    for ident in idents:
        ratelimit.record("topic-contact", ident, contact_rule())
    return render(
        request,
        "topics/public/submitted.html",
        {"topic": topic, "nav_active": NAV},
    )


@require_POST
def topic_support_view(request, pk: int):
    """Press "support": counted once per browser; the browser gets its random token in a
    signed cookie the first time."""
    topic = TopicRequest.objects.filter(pk=pk).first()
    if topic is None or not topic.is_public:
        raise Http404
    token = _token(request)
    new_token = not token
    if new_token:
        token = secrets.token_urlsafe(24)
    ip = _client(request)
    try:
        ratelimit.check("topic-support", ip, support_rule())
        counted = topic_support(topic=topic, token=token)
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
        counted = None
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        counted = None
    if counted:
        ratelimit.record("topic-support", ip, support_rule())
        messages.success(request, _("Thank you: your support was counted."))
    elif counted is False:
        messages.info(request, _("You have already supported this topic."))
    response = redirect("topics:detail", pk=topic.pk)
    if new_token:
        response.set_signed_cookie(
            COOKIE,
            token,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
