"""The 机关管理员's windows and staff cards (挂牌上岗), and the printable badge or desk card
of a person, with the QR code of the window's rating form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.staff_views import staff_view
from gongkai.servicehall.badge import BADGE, FORMATS, card_for, render_pdf
from gongkai.servicehall.forms_staff import AgencyChoiceForm, CardForm, WindowForm
from gongkai.servicehall.links import absolute, rate_url
from gongkai.servicehall.selectors import cards_managed_by, windows_managed_by
from gongkai.servicehall.services import (
    window_create,
    window_staff_create,
    window_staff_update,
    window_update,
)

from ._common import add_errors, chosen_agency, managed_agencies

ACTION = "window.manage"
WINDOW_FIELDS = ("number", "name", "location", "is_active", "sort_order")
CARD_FIELDS = (
    "name",
    "staff_number",
    "post",
    "duties",
    "supervision_phone",
    "is_active",
    "sort_order",
)


@staff_view
@require_GET
def window_list(request):
    agencies = managed_agencies(request.user, ACTION)
    return render(
        request,
        "servicehall/staff/windows.html",
        {"windows": windows_managed_by(request.user), "agencies": agencies},
    )


def _choose(request, agencies):
    return render(
        request,
        "servicehall/staff/choose_agency.html",
        {"form": AgencyChoiceForm(agencies=agencies), "next": request.path},
    )


def _window_page(request, form, *, agency, window=None, status=200):
    return render(
        request,
        "servicehall/staff/window_form.html",
        {"form": form, "agency": agency, "window": window},
        status=status,
    )


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def window_new(request):
    agency, agencies = chosen_agency(request, ACTION)
    if agency is None:
        return _choose(request, agencies)
    if request.method != "POST":
        return _window_page(request, WindowForm(agency=agency), agency=agency)
    form = WindowForm(request.POST, agency=agency)
    if form.is_valid():
        d = form.cleaned_data
        try:
            window = window_create(
                actor=request.user,
                agency=agency,
                matters=d["matters"],
                **{key: d[key] for key in WINDOW_FIELDS},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The window was saved."))
            return redirect("servicehall_staff:window", pk=window.pk)
    return _window_page(request, form, agency=agency, status=400)


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def window_edit(request, pk: int):
    window = windows_managed_by(request.user).filter(pk=pk).first()
    if window is None:
        raise Http404
    agency = window.agency
    if request.method != "POST":
        initial = {key: getattr(window, key) for key in WINDOW_FIELDS}
        initial["matters"] = list(window.matters.all())
        return _window_page(
            request, WindowForm(initial=initial, agency=agency), agency=agency, window=window
        )
    form = WindowForm(request.POST, agency=agency)
    if form.is_valid():
        d = form.cleaned_data
        try:
            window_update(
                actor=request.user,
                window=window,
                matters=d["matters"],
                **{key: d[key] for key in WINDOW_FIELDS},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The window was saved."))
            return redirect("servicehall_staff:window", pk=window.pk)
    return _window_page(request, form, agency=agency, window=window, status=400)


def _card_page(request, form, *, agency, card=None, status=200):
    return render(
        request,
        "servicehall/staff/card_form.html",
        {"form": form, "agency": agency, "card": card},
        status=status,
    )


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def card_new(request):
    agency, agencies = chosen_agency(request, ACTION)
    if agency is None:
        return _choose(request, agencies)
    if request.method != "POST":
        initial = {}
        if request.GET.get("window", "").isdigit():
            initial["window"] = int(request.GET["window"])
        return _card_page(request, CardForm(initial=initial, agency=agency), agency=agency)
    form = CardForm(request.POST, request.FILES, agency=agency)
    if form.is_valid():
        d = form.cleaned_data
        try:
            card = window_staff_create(
                actor=request.user,
                agency=agency,
                window=d["window"],
                photo=d["photo"] or None,
                **{key: d[key] for key in CARD_FIELDS},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The staff card was saved."))
            return redirect("servicehall_staff:card", pk=card.pk)
    return _card_page(request, form, agency=agency, status=400)


def _card(request, pk: int):
    card = cards_managed_by(request.user).filter(pk=pk).first()
    if card is None:
        raise Http404
    return card


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def card_edit(request, pk: int):
    card = _card(request, pk)
    agency = card.agency
    has_photo = bool(card.photo)
    if request.method != "POST":
        initial = {key: getattr(card, key) for key in CARD_FIELDS}
        initial["window"] = card.window_id
        form = CardForm(initial=initial, agency=agency, has_photo=has_photo)
        return _card_page(request, form, agency=agency, card=card)
    form = CardForm(request.POST, request.FILES, agency=agency, has_photo=has_photo)
    if form.is_valid():
        d = form.cleaned_data
        try:
            window_staff_update(
                actor=request.user,
                card=card,
                window=d["window"],
                photo=d["photo"] or None,
                remove_photo=d.get("remove_photo", False),
                **{key: d[key] for key in CARD_FIELDS},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The staff card was saved."))
            return redirect("servicehall_staff:card", pk=card.pk)
    return _card_page(request, form, agency=agency, card=card, status=400)


@staff_view
@require_GET
def card_pdf(request, pk: int):
    """``?format=badge`` (A6, the default) or ``desk`` (A5 landscape desk card)."""
    card = _card(request, pk)
    fmt = request.GET.get("format") or BADGE
    if fmt not in FORMATS:
        raise Http404
    url = absolute(request, rate_url(window=card.window))
    pdf = render_pdf([card_for(card, rate_url=url)], fmt)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{card.window.number}-{card.name}-{fmt}.pdf"
    )
    return response
