"""Staff screens of proactive disclosure (主动公开): item lists, drafting, review, publication,
revision, withdrawal, timeliness, catalog and guide management.

Thin adapters: every change is one call of ``gongkai.catalog.services``; a refused permission
is a 403 page, an item or category of an agency the user may not see is a 404 (missing and
forbidden look the same), and a refused step shows the service's message on the page with
what the user typed.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where, can, is_system_admin
from gongkai.agencies.models import Agency
from gongkai.catalog import files
from gongkai.catalog import selectors_staff as sel
from gongkai.catalog.forms import (
    ApproveForm,
    CategoryForm,
    FindingDecideForm,
    GuideForm,
    ItemFilterForm,
    ItemForm,
    ReturnForm,
    ReviseForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.catalog.models import (
    Category,
    CategoryTemplate,
    FindingDecision,
    Guide,
    Item,
    ItemStatus,
    Validity,
)
from gongkai.catalog.services import (
    catalog_create_from_template,
    category_save,
    finding_decide,
    guide_update,
    item_approve,
    item_create,
    item_return,
    item_revise,
    item_set_validity,
    item_submit,
    item_update,
    item_withdraw,
)
from gongkai.catalog.services.items import item_attach, item_detach
from gongkai.core.staff_views import staff_view

PAGE_SIZE = 30
FINDING_KINDS = {
    "id_number": gettext_lazy("ID number"),
    "mobile": gettext_lazy("Mobile phone number"),
    "bank_card": gettext_lazy("Bank card number"),
    "email": gettext_lazy("E-mail address"),
    "word": gettext_lazy("Sensitive word"),
}
FINDING_PLACES = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "body": gettext_lazy("Text"),
    "keywords": gettext_lazy("Keywords"),
}


def _where(location: str) -> str:
    if location.startswith("attachment:"):
        return _("Attachment “%(name)s”") % {"name": location.split(":", 1)[1]}
    return str(FINDING_PLACES.get(location, location))


EDITABLE_STATUSES = (ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.SUBMITTED)


# --- helpers ---------------------------------------------------------------------------------


def _get_item(request, pk: int) -> Item:
    """The item ``pk`` if the user may see it on the staff screens; 404 otherwise."""
    item = sel.staff_item(pk)
    if item is None or not can(request.user, "item.view_staff", agency=item.agency):
        raise Http404
    return item


def _get_agency(request, credit_code: str) -> Agency:
    agency = get_object_or_404(Agency, credit_code=credit_code)
    if not sel.may_see_catalog(request.user, agency):
        raise Http404
    return agency


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, or on the field
    its code points to (文号, attachments), or above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    for error in exc.error_list:
        code = error.code or ""
        if code.startswith("doc_number") and "doc_number" in form.fields:
            form.add_error("doc_number", error)
        elif code == "attachment" and "attachments" in form.fields:
            form.add_error("attachments", error)
        else:
            form.add_error(None, error)


def _read_uploads(form) -> list[tuple[str, bytes]]:
    """The chosen files' names and content, each checked by content first: a refused file
    becomes an error of the attachments field (the rest of the form stays as typed)."""
    uploads = []
    for upload in form.cleaned_data.get("attachments") or []:
        content = upload.read()
        try:
            files.check_upload(BytesIO(content), upload.name)
        except files.RejectedFile as exc:
            form.add_error("attachments", exc.message)
            continue
        uploads.append((upload.name, content))
    return uploads


def _actions(user, item: Item) -> dict[str, bool]:
    """What ``user`` may do to ``item`` now (the services check again when it is done)."""
    agency = item.agency
    drafter = can(user, "item.draft", agency=agency)
    reviewer = can(user, "item.review", agency=agency)
    status = item.status
    before_review = status in (ItemStatus.DRAFT, ItemStatus.RETURNED)
    return {
        "edit": (before_review and (drafter or reviewer))
        or (status == ItemStatus.SUBMITTED and reviewer),
        "submit": before_review and can(user, "item.submit", agency=agency),
        "return": status in (ItemStatus.SUBMITTED, ItemStatus.APPROVED) and reviewer,
        "decide": status == ItemStatus.SUBMITTED and reviewer,
        "approve": status == ItemStatus.SUBMITTED and can(user, "item.publish", agency=agency),
        "revise": status == ItemStatus.PUBLISHED and can(user, "item.revise", agency=agency),
        "validity": status == ItemStatus.PUBLISHED and can(user, "item.revise", agency=agency),
        "withdraw": status in (ItemStatus.PUBLISHED, ItemStatus.APPROVED)
        and can(user, "item.withdraw", agency=agency),
    }


def _item_url(item: Item) -> str:
    return reverse("catalog_staff:item", args=[item.pk])


def _render_item(request, item: Item, *, status: int = 200, **forms):
    """The item page; ``forms`` are bound forms of a refused action, shown with their errors."""
    user = request.user
    today = timezone.localdate()
    actions = _actions(user, item)
    findings = sel.item_findings(item)
    finding_forms = forms.pop("finding_forms", {})
    for finding in findings:
        finding.form = finding_forms.get(finding.pk) or FindingDecideForm(prefix=f"f{finding.pk}")
        finding.is_open = finding.still_present and finding.decision != FindingDecision.ALLOWED
        finding.kind_label = FINDING_KINDS.get(finding.kind, finding.kind)
        finding.where = _where(finding.location)
    context = {
        "item": item,
        "actions": actions,
        "is_late": sel.is_late(item, today),
        "today": today,
        "findings": findings,
        "open_findings": sum(1 for f in findings if f.is_open),
        "versions": sel.item_versions(item),
        "events": sel.item_events(item),
        "publishers": [a for a in item.publishers.all() if a.pk != item.agency_id],
        "can_change_files": item.status in EDITABLE_STATUSES and (actions["edit"]),
        "return_form": forms.get("return_form") or ReturnForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "validity_form": forms.get("validity_form")
        or ValidityForm(
            candidates=sel.replacing_candidates(item),
            initial={
                "validity": item.validity,
                "changed_on": item.validity_changed_on or today,
                "replaced_by": item.replaced_by_id,
            },
        ),
        "action_error": forms.get("action_error"),
    }
    return render(request, "catalog/staff/item_detail.html", context, status=status)


# --- lists -----------------------------------------------------------------------------------


@staff_view
@require_GET
def item_list(request):
    user = request.user
    agencies = sel.staff_agencies(user)
    if not agencies.exists():
        raise PermissionDenied
    form = ItemFilterForm(request.GET or None, agencies=agencies)
    tab = request.GET.get("tab", "")
    if tab not in sel.TABS:
        tab = ""
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "agency": data.get("agency"),
            "status": data.get("status") or "",
            "category": data.get("category"),
            "text": (data.get("q") or "").strip(),
            "mine": bool(data.get("mine")),
            "subtree": bool(data.get("subtree")),
            "section": data.get("section") or "",
            "attribute": data.get("attribute") or "",
            "published_from": data.get("published_from"),
            "published_to": data.get("published_to"),
            "timeliness": data.get("timeliness") or "",
        }
    items = sel.filter_items(sel.staff_items(user), user=user, tab=tab, **filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "catalog/staff/item_list.html",
        {
            "form": form,
            "tab": tab,
            "page": page,
            "rows": sel.mark_late(page.object_list, today),
            "querystring": params.urlencode(),
            "may_draft": agencies_where(user, "item.draft").exists(),
            "may_review": agencies_where(user, "item.review").exists(),
            "today": today,
        },
    )


@staff_view
@require_GET
def timeliness(request):
    user = request.user
    agencies = sel.staff_agencies(user)
    if not agencies.exists():
        raise PermissionDenied
    selected = None
    raw = request.GET.get("agency", "")
    if raw.isdigit():
        selected = agencies.filter(pk=int(raw)).first()
    today = timezone.localdate()
    scope = agencies.filter(pk=selected.pk) if selected else agencies
    result = sel.timeliness(scope, today=today)
    return render(
        request,
        "catalog/staff/timeliness.html",
        {
            "agencies": agencies,
            "selected": selected,
            "result": result,
            "rows": [r for r in result.per_agency if r.total]
            if not selected
            else result.per_agency,
            "today": today,
            "window": sel.AT_RISK_WORKING_DAYS,
        },
    )


# --- drafting --------------------------------------------------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def item_new(request):
    user = request.user
    agencies = agencies_where(user, "item.draft").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    if raw:
        agency = agencies.filter(pk=int(raw)).first() if raw.isdigit() else None
        if agency is None:
            raise Http404
    elif agencies.count() == 1:
        agency = agencies.get()
    else:
        return render(request, "catalog/staff/item_choose_agency.html", {"agencies": agencies})
    if not Category.objects.filter(agency=agency).exists():
        catalog_create_from_template(actor=None, agency=agency)
    if request.method == "POST":
        form = ItemForm(request.POST, request.FILES, agency=agency)
        item = _save_item_form(
            user, form, lambda **values: item_create(actor=user, agency=agency, **values)
        )
        if item is not None:
            messages.success(request, _("The draft was saved."))
            return redirect(_item_url(item))
    else:
        form = ItemForm(agency=agency)
    return render(
        request,
        "catalog/staff/item_form.html",
        {"form": form, "agency": agency, "agencies": agencies, "mode": "new"},
    )


def _save_item_form(user, form, save):
    """Check ``form`` and its uploads, then ``save(category=…, title=…, **fields)`` and attach
    the uploads in one transaction: the item, or None with the errors put on the form."""
    if form.is_valid():
        uploads = _read_uploads(form)
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        with transaction.atomic():
            item = save(category=data["category"], title=data["title"], **form.service_fields())
            for name, content in uploads:
                item_attach(actor=user, item=item, content=content, name=name)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None
    return item


@staff_view
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    user = request.user
    item = _get_item(request, pk)
    if not _actions(user, item)["edit"]:
        if can(user, "item.draft", agency=item.agency) or can(
            user, "item.review", agency=item.agency
        ):
            messages.error(
                request,
                _("This item is “%(status)s”; it cannot be edited now.")
                % {"status": item.get_status_display()},
            )
            return redirect(_item_url(item))
        raise PermissionDenied
    if request.method == "POST":
        form = ItemForm(request.POST, request.FILES, agency=item.agency)
        saved = _save_item_form(
            user, form, lambda **values: item_update(actor=user, item=item, **values)
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(_item_url(saved))
    else:
        form = ItemForm(agency=item.agency, initial=ItemForm.initial_for(item))
    return render(
        request,
        "catalog/staff/item_form.html",
        {"form": form, "agency": item.agency, "item": item, "mode": "edit"},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def item_revise_view(request, pk: int):
    user = request.user
    item = _get_item(request, pk)
    if not can(user, "item.revise", agency=item.agency):
        raise PermissionDenied
    if item.status != ItemStatus.PUBLISHED:
        messages.error(request, _("Only a published item can be revised."))
        return redirect(_item_url(item))
    if request.method == "POST":
        form = ReviseForm(request.POST, agency=item.agency)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item_revise(
                    actor=user,
                    item=item,
                    note=data["note"],
                    category=data["category"],
                    title=data["title"],
                    **form.service_fields(),
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The revision was published as a new version."))
                return redirect(_item_url(item))
    else:
        form = ReviseForm(agency=item.agency, initial=ItemForm.initial_for(item))
    return render(
        request,
        "catalog/staff/item_form.html",
        {"form": form, "agency": item.agency, "item": item, "mode": "revise"},
    )


# --- the item page and its actions -----------------------------------------------------------


@staff_view
@require_GET
def item_detail(request, pk: int):
    return _render_item(request, _get_item(request, pk))


@staff_view
@require_POST
def item_submit_view(request, pk: int):
    item = _get_item(request, pk)
    try:
        item_submit(actor=request.user, item=item)
    except ValidationError as exc:
        return _render_item(request, item, action_error=_messages_of(exc))
    messages.success(request, _("The item was sent to review."))
    return redirect(_item_url(item))


@staff_view
@require_POST
def item_return_view(request, pk: int):
    item = _get_item(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            item_return(actor=request.user, item=item, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The item was returned to the information officer."))
            return redirect(_item_url(item))
    return _render_item(request, item, return_form=form)


@staff_view
@require_POST
def finding_decide_view(request, pk: int, finding_pk: int):
    item = _get_item(request, pk)
    finding = get_object_or_404(item.findings, pk=finding_pk)
    form = FindingDecideForm(request.POST, prefix=f"f{finding.pk}")
    if form.is_valid():
        try:
            finding_decide(actor=request.user, finding=finding, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The reason was recorded."))
            return redirect(_item_url(item) + "#findings")
    return _render_item(request, item, finding_forms={finding.pk: form})


@staff_view
@require_POST
def item_approve_view(request, pk: int):
    item = _get_item(request, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            item = item_approve(
                actor=request.user, item=item, publish_at=form.cleaned_data.get("publish_at")
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if item.status == ItemStatus.PUBLISHED:
                messages.success(
                    request,
                    _("Published with the index number %(number)s.")
                    % {"number": item.index_number},
                )
            else:
                messages.success(request, _("Approved; it will be published at the time chosen."))
            return redirect(_item_url(item))
    return _render_item(request, item, approve_form=form)


@staff_view
@require_POST
def item_validity_view(request, pk: int):
    item = _get_item(request, pk)
    form = ValidityForm(request.POST, candidates=sel.replacing_candidates(item))
    if form.is_valid():
        data = form.cleaned_data
        try:
            item_set_validity(
                actor=request.user,
                item=item,
                validity=data["validity"],
                changed_on=data["changed_on"],
                replaced_by=data.get("replaced_by"),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The validity was changed."))
            return redirect(_item_url(item))
    return _render_item(request, item, validity_form=form)


@staff_view
@require_POST
def item_withdraw_view(request, pk: int):
    item = _get_item(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            item_withdraw(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The item was withdrawn."))
            return redirect(_item_url(item))
    return _render_item(request, item, withdraw_form=form)


@staff_view
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    item = _get_item(request, pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    try:
        item_detach(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        return _render_item(request, item, action_error=_messages_of(exc))
    messages.success(
        request, _("The attachment “%(name)s” was removed.") % {"name": attachment.name}
    )
    return redirect(_item_url(item))


@staff_view
@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    item = _get_item(request, pk)
    attachment = next((a for a in item.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None or not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view
@require_GET
def item_version(request, pk: int, number: int):
    item = _get_item(request, pk)
    version = get_object_or_404(item.versions.select_related("published_by"), number=number)
    data = version.data or {}
    validity = data.get("validity")
    return render(
        request,
        "catalog/staff/item_version.html",
        {
            "item": item,
            "version": version,
            "data": data,
            "validity_label": Validity(validity).label if validity in Validity.values else validity,
        },
    )


# --- catalog and guide -----------------------------------------------------------------------


@staff_view
@require_GET
def agency_catalog(request, credit_code: str):
    user = request.user
    agency = _get_agency(request, credit_code)
    today = timezone.localdate()
    rows = sel.catalog_overview(agency, today=today)
    have = {r.category.code for r in rows if r.category.code}
    missing = CategoryTemplate.objects.exclude(code__in=have).count()
    return render(
        request,
        "catalog/staff/agency_catalog.html",
        {
            "agency": agency,
            "rows": rows,
            "missing": missing,
            "empty_count": sum(1 for r in rows if r.empty and r.is_leaf),
            "stale_count": sum(1 for r in rows if r.stale and r.is_leaf),
            "can_manage": can(user, "catalog.manage", agency=agency),
            "can_guide": can(user, "guide.change", agency=agency),
            "today": today,
        },
    )


@staff_view
@require_POST
def catalog_from_template(request, credit_code: str):
    agency = _get_agency(request, credit_code)
    created = catalog_create_from_template(actor=request.user, agency=agency)
    if created:
        messages.success(
            request, _("%(n)d categories were created from the template.") % {"n": created}
        )
    else:
        messages.info(request, _("The catalog already has every category of the template."))
    return redirect("catalog_staff:agency_catalog", credit_code=agency.credit_code)


@staff_view
@require_http_methods(["GET", "POST"])
def category_edit(request, credit_code: str, category_pk: int):
    agency = _get_agency(request, credit_code)
    category = get_object_or_404(Category, pk=category_pk, agency=agency)
    if not can(request.user, "catalog.manage", agency=agency):
        raise PermissionDenied
    if request.method == "POST":
        form = CategoryForm(request.POST, instance=category)
        if form.is_valid():
            try:
                category_save(actor=request.user, category=form.instance)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The category was saved."))
                return redirect("catalog_staff:agency_catalog", credit_code=agency.credit_code)
    else:
        form = CategoryForm(instance=category)
    return render(
        request,
        "catalog/staff/category_form.html",
        {"agency": agency, "category": category, "form": form},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def guide_edit(request, credit_code: str):
    agency = _get_agency(request, credit_code)
    if not can(request.user, "guide.change", agency=agency):
        raise PermissionDenied
    guide = Guide.objects.filter(agency=agency).first()
    if guide is None:
        catalog_create_from_template(actor=None, agency=agency)  # also creates the guide
        guide = Guide.objects.get(agency=agency)
    if request.method == "POST":
        # The form works on a copy, so the service sees the stored text as "before".
        form = GuideForm(request.POST, instance=Guide.objects.get(pk=guide.pk))
        if form.is_valid():
            try:
                guide_update(actor=request.user, guide=guide, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The disclosure guide was saved."))
                return redirect("catalog_staff:agency_catalog", credit_code=agency.credit_code)
    else:
        form = GuideForm(instance=guide)
    return render(request, "catalog/staff/guide_form.html", {"agency": agency, "form": form})


@staff_view
@require_GET
def supervision(request):
    user = request.user
    agencies = agencies_where(user, "catalog.supervise").order_by("sort_order", "name")
    if not (is_system_admin(user) or agencies.exists()):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "catalog/staff/supervision.html",
        {"rows": sel.supervision(agencies, today=today), "today": today},
    )
