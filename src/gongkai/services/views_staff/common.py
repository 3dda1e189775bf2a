"""What the staff screens share: fetching a matter the user may see (404 for missing and
forbidden alike), the buttons a user may press, turning the guide's forms into the services'
arguments, and putting a service's errors back on the forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.catalog.models import Item
from gongkai.services import files
from gongkai.services.forms_staff import FORMSETS, VersionForm
from gongkai.services.models import MaterialFile, Matter, MatterVersion, VersionStatus
from gongkai.services.selectors import with_content


def matter_for(request, pk: int) -> Matter:
    matter = get_object_or_404(Matter.objects.select_related("agency", "current_version"), pk=pk)
    if not can(request.user, "service.view", agency=matter.agency):
        raise Http404
    return matter


def version_for(request, matter: Matter, number: int) -> MatterVersion:
    return get_object_or_404(with_content(matter.versions.all()), number=number)


def actions(user, matter: Matter, version: MatterVersion | None = None) -> dict[str, bool]:
    """What ``user`` may do now (the services check again when it is done)."""
    draft = can(user, "service.draft", agency=matter.agency)
    review = can(user, "service.review", agency=matter.agency)
    status = version.status if version is not None else None
    open_ = status in (VersionStatus.DRAFT, VersionStatus.RETURNED)
    return {
        "draft": draft,
        "review": review,
        "edit": draft and open_,
        "submit": draft and open_,
        "discard": draft and open_ and matter.current_version_id is not None,
        "approve": review and status == VersionStatus.SUBMITTED,
        "withdraw": review and matter.status == "published",
        "life_events": draft or can(user, "agency.change", agency=matter.agency),
    }


def apply_errors(form, exc: ValidationError, formsets: dict | None = None) -> None:
    """A service's ValidationError onto ``form`` (by field where it names one) and onto the
    formsets of the lists it names."""
    formsets = formsets or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            if name in formsets:
                formsets[name]._non_form_errors = formsets[name].error_class(
                    [m for e in errors for m in e.messages]
                )
            elif name == "result_sample" and "result_sample_upload" in form.fields:
                form.add_error("result_sample_upload", errors)
            else:
                form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def bound_formsets(request=None, version: MatterVersion | None = None) -> dict:
    """The list formsets, bound to the POST or filled from ``version``."""
    result = {}
    for name, formset_class in FORMSETS:
        if request is not None and request.method == "POST":
            result[name] = formset_class(request.POST, request.FILES, prefix=name)
        else:
            result[name] = formset_class(initial=_initial(name, version), prefix=name)
    return result


def _initial(name: str, version: MatterVersion | None) -> list[dict]:
    if version is None:
        return []
    if name == "bases":
        return [
            {
                "title": b.title,
                "article": b.article,
                "excerpt": b.excerpt,
                "index_number": b.item.index_number if b.item_id and b.item.index_number else "",
            }
            for b in version.bases.all()
        ]
    if name == "materials":
        return [
            {
                "name": m.name,
                "form": m.form,
                "copies": m.copies,
                "required": m.required,
                "source": m.source,
                "requirements": m.requirements,
                "blank_form_id": m.blank_form_id,
                "sample_id": m.sample_id,
            }
            for m in version.materials.all()
        ]
    if name == "steps":
        return [
            {"title": s.title, "description": s.description, "time_limit": s.time_limit}
            for s in version.steps.all()
        ]
    return [{"question": q.question, "answer": q.answer} for q in version.questions.all()]


def _rows(formset):
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        yield form, data


def lists_from(formsets: dict, agency) -> dict | None:
    """The services' list arguments from valid formsets, or None after putting errors on the
    rows (an unknown index number, a file that is refused, a file of another agency)."""
    ok = True
    bases = []
    for form, data in _rows(formsets["bases"]):
        item = None
        if data.get("index_number"):
            item = Item.objects.filter(index_number=data["index_number"].strip()).first()
            if item is None or not item.is_public:
                form.add_error("index_number", _("No published item has this index number."))
                ok = False
        bases.append(
            {**{k: data.get(k, "") for k in ("title", "article", "excerpt")}, "item": item}
        )
    materials = []
    for form, data in _rows(formsets["materials"]):
        entry = {
            k: data.get(k) for k in ("name", "form", "copies", "required", "source", "requirements")
        }
        for role in ("blank_form", "sample"):
            upload = data.get(f"{role}_upload")
            if upload:
                content = upload.read()
                try:
                    files.check(content, upload.name)
                except ValidationError as exc:
                    form.add_error(f"{role}_upload", exc)
                    ok = False
                    continue
                entry[f"{role}_upload"] = (upload.name, content)
            elif data.get(f"{role}_id") and not data.get(f"remove_{role}"):
                existing = MaterialFile.objects.filter(pk=data[f"{role}_id"], agency=agency).first()
                if existing is None:
                    form.add_error(
                        f"{role}_upload", _("The file is no longer there; upload it again.")
                    )
                    ok = False
                entry[role] = existing
        materials.append(entry)
    steps = [
        {k: data.get(k, "") for k in ("title", "description", "time_limit")}
        for _form, data in _rows(formsets["steps"])
    ]
    questions = [
        {k: data.get(k, "") for k in ("question", "answer")}
        for _form, data in _rows(formsets["questions"])
    ]
    if not ok:
        return None
    return {"bases": bases, "materials": materials, "steps": steps, "questions": questions}


def content_from(form: VersionForm, lists: dict, version: MatterVersion | None) -> dict:
    """The services' keyword arguments from a valid ``VersionForm`` and the lists."""
    data = dict(form.cleaned_data)
    upload = data.pop("result_sample_upload", None)
    remove = data.pop("remove_result_sample", False)
    content = {**data, **lists}
    if upload:
        content["result_sample_upload"] = (upload.name, upload.read())
    elif remove:
        content["result_sample"] = None
    return content
