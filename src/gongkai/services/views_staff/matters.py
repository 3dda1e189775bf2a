"""Staff screens of matters: the list, creating a matter, its page (current and open version,
history, life events), one version with what changed against another, editing a draft,
starting a new draft, discarding one, and the staff's view of files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where, can
from gongkai.core.staff_views import staff_view
from gongkai.services import services
from gongkai.services.content import SCALAR_FIELDS, diff_content, list_changes, version_content
from gongkai.services.flowchart import flowchart_svg
from gongkai.services.forms_staff import (
    LifeEventsForm,
    MatterCreateForm,
    NewDraftForm,
    ReasonForm,
    VersionForm,
)
from gongkai.services.handout import steps_of
from gongkai.services.models import MaterialFile, MatterVersion, VersionStatus
from gongkai.services.selectors import (
    matters_visible_to,
    open_version,
    review_queue,
    with_content,
)
from gongkai.services.views_staff.common import (
    actions,
    apply_errors,
    bound_formsets,
    content_from,
    lists_from,
    matter_for,
    version_for,
)

PAGE_SIZE = 50
STATES = (
    ("draft", gettext_lazy("Never published")),
    ("published", gettext_lazy("Published")),
    ("pending", gettext_lazy("Waiting for review")),
    ("returned", gettext_lazy("Returned")),
    ("withdrawn", gettext_lazy("Withdrawn")),
)


@staff_view
@require_GET
def matter_list(request):
    """Every matter the user may see; ``?q=`` (name or code), ``?state=``, ``?agency=``."""
    visible = agencies_where(request.user, "service.view")
    if not visible.exists():
        raise PermissionDenied
    qs = matters_visible_to(request.user)
    q = " ".join(request.GET.get("q", "").split())[:100]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(implementation_code__icontains=q))
    state = request.GET.get("state", "")
    if state in ("draft", "published", "withdrawn"):
        qs = qs.filter(status=state)
    elif state == "pending":
        qs = qs.filter(versions__status=VersionStatus.SUBMITTED)
    elif state == "returned":
        qs = qs.filter(versions__status=VersionStatus.RETURNED)
    else:
        state = ""
    agency = None
    code = request.GET.get("agency", "")
    if code:
        agency = visible.filter(credit_code=code).first()
        if agency is not None:
            qs = qs.filter(agency=agency)
    qs = qs.order_by("agency__sort_order", "agency__name", "sort_order", "implementation_code")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    open_versions = {
        v.matter_id: v
        for v in MatterVersion.objects.filter(
            matter__in=[m.pk for m in page],
            status__in=[VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED],
        )
    }
    return render(
        request,
        "services/staff/list.html",
        {
            "page": page,
            "rows": [(m, open_versions.get(m.pk)) for m in page],
            "q": q,
            "state": state,
            "states": STATES,
            "agency": agency,
            "agencies": visible.order_by("sort_order", "name"),
            "may_create": agencies_where(request.user, "service.draft").exists(),
            "may_import": agencies_where(request.user, "service.import").exists(),
            "pending": review_queue(request.user).count(),
            "subnav": "list",
        },
    )


def _guide_forms(request, agencies, version=None, initial=None):
    if request.method == "POST":
        form = VersionForm(request.POST, request.FILES, agencies=agencies)
    else:
        form = VersionForm(initial=initial, agencies=agencies)
    return form, bound_formsets(request, version)


def _version_initial(version) -> dict:
    return model_to_dict(version, fields=[*SCALAR_FIELDS, "department", "fee_items", "note"])


@staff_view
@require_http_methods(["GET", "POST"])
def matter_create(request):
    agencies = agencies_where(request.user, "service.draft").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    head = MatterCreateForm(request.POST or None, agencies=agencies)
    form, formsets = _guide_forms(request, list(agencies))
    if request.method == "POST":
        valid = head.is_valid() & form.is_valid() & all([f.is_valid() for f in formsets.values()])
        if valid:
            agency = head.cleaned_data["agency"]
            lists = lists_from(formsets, agency)
            if lists is not None:
                try:
                    matter = services.matter_create(
                        actor=request.user,
                        agency=agency,
                        implementation_code=head.cleaned_data["implementation_code"],
                        **content_from(form, lists, None),
                    )
                except ValidationError as exc:
                    if hasattr(exc, "error_dict") and "implementation_code" in exc.error_dict:
                        head.add_error(
                            "implementation_code", exc.error_dict.pop("implementation_code")
                        )
                        if exc.error_dict:
                            apply_errors(form, exc, formsets)
                    else:
                        apply_errors(form, exc, formsets)
                else:
                    messages.success(request, _("The matter was created as a draft."))
                    return redirect("services_staff:detail", matter.pk)
    return render(
        request,
        "services/staff/edit.html",
        {"head": head, "form": form, "formsets": formsets, "creating": True, "subnav": "list"},
    )


@staff_view
@require_GET
def matter_detail(request, pk: int):
    matter = matter_for(request, pk)
    current = matter.current_version
    pending = open_version(matter)
    versions = list(
        matter.versions.select_related("created_by", "submitted_by", "reviewed_by").order_by(
            "-number"
        )
    )
    return render(
        request,
        "services/staff/detail.html",
        {
            "matter": matter,
            "current": current,
            "open": pending,
            "versions": versions,
            "can": actions(request.user, matter, pending),
            "new_draft_form": NewDraftForm(),
            "withdraw_form": ReasonForm(),
            "events_form": LifeEventsForm(initial={"life_events": list(matter.life_events.all())}),
            "events": list(matter.life_events.all()),
            "subnav": "list",
        },
    )


def _shown(name: str, value):
    """A value of the diff as staff read it: choice labels, yes/no, file names."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return value.get("name", "")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    try:
        field = MatterVersion._meta.get_field(name)
    except Exception:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _entry_text(entry: dict) -> str:
    return "；".join(str(_shown(k, v)) for k, v in entry.items() if v not in ("", None, []))


def _diff_rows(old: dict, new: dict) -> list[dict]:
    rows = []
    for change in diff_content(old, new):
        if change.is_list and change.field != "fee_items":
            removed, added = list_changes(change.old or [], change.new or [])
            rows.append(
                {
                    "change": change,
                    "listed": True,
                    "removed": [_entry_text(e) for e in removed],
                    "added": [_entry_text(e) for e in added],
                }
            )
        else:
            rows.append(
                {
                    "change": change,
                    "old": _shown(change.field, change.old),
                    "new": _shown(change.field, change.new),
                }
            )
    return rows


@staff_view
@require_GET
def version_detail(request, pk: int, number: int):
    """One version with every element; ``?against=N`` compares it with version N (default:
    the version before it)."""
    matter = matter_for(request, pk)
    version = version_for(request, matter, number)
    others = list(
        matter.versions.exclude(pk=version.pk).order_by("-number").values_list("number", flat=True)
    )
    against_number = request.GET.get("against")
    against = None
    if against_number and against_number.isdigit():
        against = matter.versions.filter(number=int(against_number)).first()
    elif others:
        against = matter.versions.filter(number__lt=version.number).order_by("-number").first()
    diff = None
    if against is not None:
        against = with_content(matter.versions.all()).get(pk=against.pk)
        diff = _diff_rows(version_content(against), version_content(version))
    return render(
        request,
        "services/staff/version.html",
        {
            "matter": matter,
            "v": version,
            "against": against,
            "others": others,
            "diff": diff,
            "flowchart": flowchart_svg(steps_of(version), chart_id="flowchart"),
            "can": actions(request.user, matter, version),
            "findings": list(version.findings.all()),
            "return_form": ReasonForm(),
            "missing": services.missing_elements(version) if version.is_open else [],
            "staff": True,
            "subnav": "list",
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def version_edit(request, pk: int, number: int):
    matter = matter_for(request, pk)
    version = version_for(request, matter, number)
    if not can(request.user, "service.draft", agency=matter.agency):
        raise PermissionDenied
    if not version.is_open or version.status == VersionStatus.SUBMITTED:
        messages.error(
            request, _("Only a draft or a returned version can be edited; this one is not.")
        )
        return redirect("services_staff:version", matter.pk, version.number)
    form, formsets = _guide_forms(request, [matter.agency], version, _version_initial(version))
    if request.method == "POST":
        valid = form.is_valid() & all([f.is_valid() for f in formsets.values()])
        if valid:
            lists = lists_from(formsets, matter.agency)
            if lists is not None:
                try:
                    services.version_update(
                        actor=request.user, version=version, **content_from(form, lists, version)
                    )
                except ValidationError as exc:
                    apply_errors(form, exc, formsets)
                else:
                    messages.success(request, _("The draft was saved."))
                    return redirect("services_staff:version", matter.pk, version.number)
    return render(
        request,
        "services/staff/edit.html",
        {
            "matter": matter,
            "v": version,
            "form": form,
            "formsets": formsets,
            "files": {
                f.pk: f
                for m in version.materials.all()
                for f in (m.blank_form, m.sample)
                if f is not None
            },
            "subnav": "list",
        },
    )


@staff_view
@require_POST
def new_draft(request, pk: int):
    matter = matter_for(request, pk)
    form = NewDraftForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        draft = services.matter_new_draft(actor=request.user, matter=matter, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("services_staff:detail", matter.pk)
    return redirect("services_staff:edit", matter.pk, draft.number)


@staff_view
@require_POST
def discard(request, pk: int, number: int):
    matter = matter_for(request, pk)
    version = version_for(request, matter, number)
    try:
        services.version_discard(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The draft was discarded; the published guide is unchanged."))
    return redirect("services_staff:detail", matter.pk)


@staff_view
@require_POST
def set_life_events(request, pk: int):
    matter = matter_for(request, pk)
    form = LifeEventsForm(request.POST)
    if form.is_valid():
        try:
            services.matter_set_life_events(
                actor=request.user, matter=matter, events=form.cleaned_data["life_events"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The life events of the matter were saved."))
    return redirect("services_staff:detail", matter.pk)


@staff_view
@require_GET
def file_download(request, pk: int):
    """A blank form or sample for the staff of the agency, drafts included."""
    f = get_object_or_404(MaterialFile.objects.select_related("agency"), pk=pk)
    if not can(request.user, "service.view", agency=f.agency):
        raise Http404
    try:
        handle = f.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f.name, content_type=f.mime)
