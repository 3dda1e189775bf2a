"""Staff screens of notice-board posters (公开栏): one item's poster, and a set chosen by
agency, column and date range (each item ticked or left out) printed behind a contents page.

Only items the public may see (published and 主动公开) of agencies where the user may
"item.view_staff" can be printed; anything else, a withdrawn or internal item included, is a
404 whether it exists or not, so nobody can print it by guessing its number.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency
from gongkai.catalog.forms import IndentedCategoryChoiceField
from gongkai.catalog.models import PUBLIC_CONDITION, Category, Item
from gongkai.catalog.noticeboard import CONTINUE, CUT, SIZES, Cover, poster_for, render_pdf
from gongkai.catalog.selectors_staff import category_tree
from gongkai.core.dates import format_cn_date

MAX_ITEMS = 30  # a set is laid out while the user waits: about a second a sheet
LISTED = 200


def printable_items(user) -> QuerySet[Item]:
    """Public items of the agencies where ``user`` may "item.view_staff", newest first."""
    return (
        Item.objects.filter(PUBLIC_CONDITION)
        .filter(agency__in=agencies_where(user, "item.view_staff").values("pk"))
        .select_related("agency", "category")
        .order_by("-published_date", "-pk")
    )


def public_url(request, item: Item) -> str:
    """The item's page on the public site (``GONGKAI_SITE_URL`` when staff work elsewhere)."""
    path = item.get_absolute_url()
    base = settings.GONGKAI_SITE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


class PosterOptionsForm(forms.Form):
    size = forms.ChoiceField(
        label=gettext_lazy("Paper size"),
        choices=[(name, name) for name in SIZES],
        initial="A4",
        required=False,
    )
    fit = forms.ChoiceField(
        label=gettext_lazy("Long texts"),
        choices=[
            (CUT, gettext_lazy("Cut to one sheet: “scan the code for the full text”")),
            (CONTINUE, gettext_lazy("Continue on further sheets")),
        ],
        initial=CUT,
        required=False,
    )

    def options(self) -> tuple[str, str]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("size") or "A4", data.get("fit") or CUT


class PosterSetForm(PosterOptionsForm):
    """Which items a set prints: agency, column and publish-date range (GET)."""

    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.none(), required=False
    )
    date_from = forms.DateField(
        label=gettext_lazy("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, agencies: QuerySet[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("All agencies")
        raw = self.data.get("agency") if self.is_bound else None
        agency = agencies.filter(pk=int(raw)).first() if raw and str(raw).isdigit() else None
        if agency is None:
            del self.fields["category"]
            return
        tree = category_tree(agency, only_shown=True)
        field = IndentedCategoryChoiceField(
            label=_("Category"),
            queryset=Category.objects.filter(agency=agency),
            required=False,
            depths={c.pk: d for c, d in tree},
            empty_label=_("All categories"),
        )
        field.choices = [("", _("All categories"))] + [
            (c.pk, field.label_from_instance(c)) for c, _d in tree
        ]
        self.fields["category"] = field

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def apply(self, items: QuerySet[Item]) -> QuerySet[Item]:
        data = self.cleaned_data
        if data.get("agency"):
            items = items.filter(agency=data["agency"])
        category = data.get("category")
        if category is not None:
            below = [category.pk, *_descendants(category)]
            items = items.filter(category_id__in=below)
        if data.get("date_from"):
            items = items.filter(published_date__gte=data["date_from"])
        if data.get("date_to"):
            items = items.filter(published_date__lte=data["date_to"])
        return items

    def cover_lines(self) -> tuple[str, ...]:
        data = self.cleaned_data
        lines = []
        if data.get("agency"):
            lines.append(data["agency"].name)
        if data.get("category"):
            lines.append(data["category"].name)
        start, end = data.get("date_from"), data.get("date_to")
        if start or end:
            lines.append(
                _("Published %(start)s – %(end)s")
                % {"start": format_cn_date(start) or "…", "end": format_cn_date(end) or "…"}
            )
        return tuple(lines)


def _descendants(category: Category) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.filter(agency_id=category.agency_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    out, stack = [], list(children.get(category.pk, []))
    while stack:
        pk = stack.pop()
        out.append(pk)
        stack.extend(children.get(pk, []))
    return out


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def item_poster(request, pk: int):
    """One public item as an A4 or A3 poster (``?size=A3&fit=continue``)."""
    item = printable_items(request.user).prefetch_related("attachments").filter(pk=pk).first()
    if item is None:
        raise Http404
    size, fit = PosterOptionsForm(request.GET or None).options()
    pdf = render_pdf([poster_for(item, url=public_url(request, item))], size=size, fit=fit)
    name = _("Notice board")
    return _pdf_response(pdf, f"{name}-{item.pk}-{size}.pdf")


@login_required
@require_GET
def poster_set(request):
    """Choose a set: the filters, the matching items (newest first; all ticked when they are
    few enough to print at once), the options; ``?print=1`` prints the ticked items."""
    agencies = agencies_where(request.user, "item.view_staff").order_by("sort_order", "name")
    if not agencies.exists():
        return render(request, "catalog/staff/403.html", {}, status=403)
    form = PosterSetForm(request.GET or None, agencies=agencies)
    items = printable_items(request.user)
    error = ""
    if form.is_bound and form.is_valid():
        items = form.apply(items)
        if request.GET.get("print"):
            response = _print_set(request, form)
            if isinstance(response, HttpResponse):
                return response
            error = response
    elif form.is_bound:
        items = items.none()
    listed = list(items[: LISTED + 1])
    chosen = {int(v) for v in request.GET.getlist("item") if v.isdigit()}
    return render(
        request,
        "catalog/staff/noticeboard.html",
        {
            "form": form,
            "items": listed[:LISTED],
            "more": len(listed) > LISTED,
            "chosen": chosen,
            "error": error,
            "max_items": MAX_ITEMS,
        },
    )


def _print_set(request, form: PosterSetForm) -> HttpResponse | str:
    """The set's PDF, or the message why it cannot be printed."""
    wanted = list(dict.fromkeys(int(v) for v in request.GET.getlist("item") if v.isdigit()))
    if not wanted:
        return _("Tick the items to print.")
    if len(wanted) > MAX_ITEMS:
        return _(
            "A set prints at most %(n)d items at a time; narrow the dates or untick some items."
        ) % {"n": MAX_ITEMS}
    # Any public item of the user's agencies may be ticked (the filters only list them); one
    # that is not public or not the user's is a 404, as if it did not exist.
    found = {
        i.pk: i
        for i in printable_items(request.user).filter(pk__in=wanted).prefetch_related("attachments")
    }
    if len(found) != len(wanted):
        raise Http404
    selection = [found[pk] for pk in wanted]
    size, fit = form.options()
    cover = Cover(
        heading=_("Government information on the notice board"),
        lines=(
            *form.cover_lines(),
            ngettext("%(n)d item", "%(n)d items", len(selection)) % {"n": len(selection)},
        ),
        printed_on=timezone.localdate(),
    )
    posters = [poster_for(item, url=public_url(request, item)) for item in selection]
    pdf = render_pdf(posters, size=size, fit=fit, cover=cover)
    today = timezone.localdate().isoformat()
    name = _("Notice board")
    return _pdf_response(pdf, f"{name}-{today}-{size}.pdf")
