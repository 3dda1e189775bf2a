"""Drafting a matter's guide: a new matter with its first draft, editing a draft, a new draft
of a published matter (a copy of the current version), discarding a draft.

Every function checks "service.draft" for the matter's agency, runs in one transaction and
writes its audit event there. The content of a version is given as keyword arguments: the
version's own fields (``content.SCALAR_FIELDS``), ``department``, ``fee_items``,
``result_sample`` / ``result_sample_upload`` and the lists ``bases``, ``materials``, ``steps``
and ``questions`` (lists of dicts, see ``write_children``). A list that is given replaces the
version's list; one that is not given stays.

``trusted`` functions (names starting ``_``) do the same without the permission check, for
the import run by the system (``gongkai import matters``) and the demo.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.services import files
from gongkai.services.content import SCALAR_FIELDS, content_hash, diff_content, version_content
from gongkai.services.limits import check_limits
from gongkai.services.models import (
    LegalBasis,
    Material,
    MaterialForm,
    Matter,
    MatterVersion,
    OnlineDepth,
    ProcedureStep,
    Question,
    VersionStatus,
)
from gongkai.services.services.common import (
    locked_matter,
    locked_version,
    require,
    require_status,
)

LIST_NAMES = ("bases", "materials", "steps", "questions")
RELATION_NAMES = ("department", "fee_items", "result_sample", "result_sample_upload")
CONTENT_NAMES = frozenset(SCALAR_FIELDS) | set(LIST_NAMES) | set(RELATION_NAMES) | {"note"}
_TEXT_FIELDS = {
    name
    for name in SCALAR_FIELDS
    if MatterVersion._meta.get_field(name).get_internal_type() in ("CharField", "TextField")
}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# --- validation ----------------------------------------------------------------------------


def _validate(version: MatterVersion, matter: Matter) -> None:
    """The rules every saved version keeps; all problems at once, by field."""
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    try:
        version.full_clean(exclude=["matter", "number", "status", "content_hash"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                error(name, message)
    if not (version.serves_natural_persons or version.serves_organizations):
        error(
            "serves_natural_persons",
            _("Say whom the matter serves: natural persons, legal persons or both."),
        )
    for name, messages in check_limits(
        case_kind=version.case_kind,
        statutory_limit=version.statutory_limit,
        statutory_unit=version.statutory_unit,
        promised_limit=version.promised_limit,
        promised_unit=version.promised_unit,
    ).items():
        for message in messages:
            error(name, message)
    if version.department_id and version.department.agency_id != matter.agency_id:
        error("department", _("Choose a department of the matter's own agency."))
    if version.online_depth == OnlineDepth.FULL and not version.online_url:
        error(
            "online_url",
            _("A matter handled entirely online needs the address where it is handled."),
        )
    if version.visits == 0 and not version.online_url:
        error(
            "visits",
            _("A matter that needs no visit must give the address where it is handled online."),
        )
    if version.charges_fee and not version.fee_standard:
        error("fee_standard", _("Enter the fee rate, or say that the matter is free of charge."))
    if not version.charges_fee and (version.fee_standard or version.fee_basis):
        error(
            "charges_fee",
            _(
                "The matter is free of charge: remove the fee basis and rate, or tick “charges a fee”."
            ),
        )
    if errors:
        raise ValidationError(errors)


def _list_errors(name: str, problems: list[tuple[int, str]]) -> None:
    if problems:
        raise ValidationError(
            {
                name: [
                    _("Entry %(n)d: %(problem)s") % {"n": number, "problem": problem}
                    for number, problem in problems
                ]
            }
        )


# --- children ------------------------------------------------------------------------------


def write_children(version: MatterVersion, matter: Matter, lists: dict[str, Any], actor) -> None:
    """Replace the lists of ``version`` that are given in ``lists``:

    - ``bases``: ``title`` (required), ``article``, ``excerpt``, ``item`` (a catalog item of
      any agency where the law is published, or None);
    - ``materials``: ``name`` (required), ``form`` (a ``MaterialForm``), ``copies`` (≥ 1),
      ``required``, ``source``, ``requirements``, ``blank_form`` / ``sample`` (a
      ``MaterialFile`` of the agency, or None) or ``blank_form_upload`` / ``sample_upload``
      (``(file name, bytes)``, checked and stored);
    - ``steps``: ``title`` (required), ``description``, ``time_limit``;
    - ``questions``: ``question`` and ``answer`` (both required).
    """
    if "bases" in lists:
        rows, problems = [], []
        for n, entry in enumerate(lists["bases"] or [], start=1):
            title = _strip(entry.get("title") or "")
            if not title:
                problems.append((n, _("enter the law or regulation.")))
                continue
            item = entry.get("item")
            if item is not None and not item.is_public:
                problems.append((n, _("the linked item is not published.")))
                continue
            rows.append(
                LegalBasis(
                    version=version,
                    title=title[:200],
                    article=_strip(entry.get("article") or "")[:200],
                    excerpt=_strip(entry.get("excerpt") or ""),
                    item=item,
                    sort_order=n,
                )
            )
        _list_errors("bases", problems)
        version.bases.all().delete()
        LegalBasis.objects.bulk_create(rows)
    if "materials" in lists:
        rows, problems = [], []
        for n, entry in enumerate(lists["materials"] or [], start=1):
            name = _strip(entry.get("name") or "")
            form = entry.get("form") or MaterialForm.ORIGINAL
            copies = entry.get("copies")
            copies = 1 if copies in (None, "") else copies
            if not name:
                problems.append((n, _("enter the name of the material.")))
            if form not in MaterialForm.values:
                problems.append((n, _("choose original, copy, original and copy or electronic.")))
            if not isinstance(copies, int) or copies < 1 or copies > 99:
                problems.append((n, _("the number of copies is a whole number from 1 to 99.")))
            stored = {}
            for role in ("blank_form", "sample"):
                upload = entry.get(f"{role}_upload")
                existing = entry.get(role)
                if upload:
                    try:
                        stored[role] = files.store(
                            agency=matter.agency, content=upload[1], name=upload[0], actor=actor
                        )
                    except ValidationError as exc:
                        problems.append((n, " ".join(exc.messages)))
                elif existing is not None:
                    if existing.agency_id != matter.agency_id:
                        problems.append((n, _("the file belongs to another agency.")))
                    stored[role] = existing
            if problems and problems[-1][0] == n:
                continue
            rows.append(
                Material(
                    version=version,
                    name=name[:200],
                    form=form,
                    copies=copies,
                    required=bool(entry.get("required", True)),
                    source=_strip(entry.get("source") or "")[:200],
                    requirements=_strip(entry.get("requirements") or ""),
                    blank_form=stored.get("blank_form"),
                    sample=stored.get("sample"),
                    sort_order=n,
                )
            )
        _list_errors("materials", problems)
        version.materials.all().delete()
        Material.objects.bulk_create(rows)
    if "steps" in lists:
        rows, problems = [], []
        for n, entry in enumerate(lists["steps"] or [], start=1):
            title = _strip(entry.get("title") or "")
            if not title:
                problems.append((n, _("enter the name of the step.")))
                continue
            rows.append(
                ProcedureStep(
                    version=version,
                    title=title[:60],
                    description=_strip(entry.get("description") or ""),
                    time_limit=_strip(entry.get("time_limit") or "")[:100],
                    sort_order=n,
                )
            )
        _list_errors("steps", problems)
        version.steps.all().delete()
        ProcedureStep.objects.bulk_create(rows)
    if "questions" in lists:
        rows, problems = [], []
        for n, entry in enumerate(lists["questions"] or [], start=1):
            question = _strip(entry.get("question") or "")
            answer = _strip(entry.get("answer") or "")
            if not question or not answer:
                problems.append((n, _("enter both the question and its answer.")))
                continue
            rows.append(
                Question(version=version, question=question[:300], answer=answer, sort_order=n)
            )
        _list_errors("questions", problems)
        version.questions.all().delete()
        Question.objects.bulk_create(rows)


def _apply(version: MatterVersion, matter: Matter, content: dict[str, Any], actor) -> None:
    """Set the fields and relations of ``version`` from ``content`` and save it with its
    lists; raises ValidationError (nothing is left half-written: the caller's transaction is
    rolled back)."""
    unknown = set(content) - CONTENT_NAMES
    if unknown:
        raise TypeError(f"Not part of a guide: {sorted(unknown)}")
    for name in SCALAR_FIELDS:
        if name in content:
            value = content[name]
            if name in _TEXT_FIELDS:
                value = (value or "").strip()
            setattr(version, name, value)
    if "note" in content:
        version.note = (content["note"] or "").strip()[:300]
    if "department" in content:
        version.department = content["department"]
    if content.get("result_sample_upload"):
        name, data = content["result_sample_upload"]
        try:
            version.result_sample = files.store(
                agency=matter.agency, content=data, name=name, actor=actor
            )
        except ValidationError as exc:
            raise ValidationError({"result_sample": exc.messages}) from exc
    elif "result_sample" in content:
        sample = content["result_sample"]
        if sample is not None and sample.agency_id != matter.agency_id:
            raise ValidationError({"result_sample": [_("The file belongs to another agency.")]})
        version.result_sample = sample
    _validate(version, matter)
    version.save()
    if "fee_items" in content:
        items = list(content["fee_items"] or [])
        if any(item.agency_id != matter.agency_id for item in items):
            raise ValidationError(
                {"fee_items": [_("Choose entries of the matter's own agency's fee list.")]}
            )
        if items and not version.charges_fee:
            raise ValidationError(
                {"fee_items": [_("A matter free of charge is not linked to the fee list.")]}
            )
        version.fee_items.set(items)
    write_children(version, matter, {k: content[k] for k in LIST_NAMES if k in content}, actor)
    version.content_hash = content_hash(version_content(version))
    version.save(update_fields=["content_hash", "updated_at"])


def _sync_matter_identity(matter: Matter, version: MatterVersion) -> None:
    """Before the first publication the matter's list fields follow its draft."""
    if matter.current_version_id is None:
        matter.name = version.name
        matter.department_id = version.department_id
        matter.basic_code = version.basic_code
        matter.save(update_fields=["name", "department", "basic_code", "updated_at"])


def _validate_code(code: str, *, exclude: int | None = None) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"implementation_code": [_("Enter the implementation code.")]})
    if len(code) > 80 or any(ch.isspace() or ch in "/?#%\\" for ch in code):
        raise ValidationError(
            {
                "implementation_code": [
                    _("An implementation code is letters and digits without spaces or slashes.")
                ]
            }
        )
    clash = Matter.objects.filter(implementation_code=code)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"implementation_code": [_("Another matter already has this implementation code.")]}
        )
    return code


# --- the write path ------------------------------------------------------------------------


def _create(*, actor, agency, implementation_code: str, source: str = "", **content) -> Matter:
    code = _validate_code(implementation_code)
    matter = Matter(
        agency=agency,
        implementation_code=code,
        name=(content.get("name") or "").strip()[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    matter.save()
    version = MatterVersion(matter=matter, number=1, status=VersionStatus.DRAFT)
    version.created_by = matter.created_by
    _apply(version, matter, content, actor)
    _sync_matter_identity(matter, version)
    record_event(
        actor=actor,
        action="service.matter_create",
        obj=matter,
        data={"code": code, "name": matter.name, **({"source": source} if source else {})},
    )
    return matter


@transaction.atomic
def matter_create(*, actor, agency, implementation_code: str, **content) -> Matter:
    """A new matter of ``agency`` with its first version as a draft (not yet public)."""
    require(actor, "service.draft", agency)
    return _create(actor=actor, agency=agency, implementation_code=implementation_code, **content)


def _update(*, actor, version: MatterVersion, source: str = "", **content) -> MatterVersion:
    matter = version.matter
    before = version_content(version)
    _apply(version, matter, content, actor)
    _sync_matter_identity(matter, version)
    changes = diff_content(before, version_content(version))
    record_event(
        actor=actor,
        action="service.version_update",
        obj=matter,
        data={
            "version": version.number,
            "changed": [c.field for c in changes],
            **({"source": source} if source else {}),
        },
    )
    return version


@transaction.atomic
def version_update(*, actor, version: MatterVersion, **content) -> MatterVersion:
    """Change a draft or returned version (a submitted one waits for its review)."""
    version = locked_version(version)
    require(actor, "service.draft", version.matter.agency)
    require_status(
        version,
        (VersionStatus.DRAFT, VersionStatus.RETURNED),
        _("Only a draft or a returned version can be edited; this one is not."),
    )
    return _update(actor=actor, version=version, **content)


def _copy_children(source: MatterVersion, target: MatterVersion) -> None:
    target.fee_items.set(source.fee_items.all())
    for model, related in (
        (LegalBasis, "bases"),
        (Material, "materials"),
        (ProcedureStep, "steps"),
        (Question, "questions"),
    ):
        rows = []
        for row in getattr(source, related).all():
            row.pk = None
            row.version = target
            rows.append(row)
        model.objects.bulk_create(rows)


def _new_draft(*, actor, matter: Matter, note: str = "") -> MatterVersion:
    if matter.versions.filter(
        status__in=[VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED]
    ).exists():
        raise ValidationError(
            _(
                "This matter already has a version being drafted or reviewed; finish that one first."
            ),
            code="open_version",
        )
    base = matter.current_version or matter.versions.order_by("-number").first()
    number = (matter.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    draft = MatterVersion.objects.get(pk=base.pk)
    draft.pk = None
    draft.id = None
    draft.number = number
    draft.status = VersionStatus.DRAFT
    draft.note = (note or "").strip()[:300]
    draft.created_by = actor if getattr(actor, "is_authenticated", False) else None
    for name in ("submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "published_at"):
        setattr(draft, name, None)
    draft.published_on = None
    draft.return_reason = ""
    draft._state.adding = True
    draft.save(force_insert=True)
    _copy_children(base, draft)
    record_event(
        actor=actor,
        action="service.version_new",
        obj=matter,
        data={"version": number, "from": base.number},
    )
    return draft


@transaction.atomic
def matter_new_draft(*, actor, matter: Matter, note: str = "") -> MatterVersion:
    """A new draft version of ``matter``, a copy of its current version (or of its latest
    version when it was never published); the current version stays public meanwhile."""
    matter = locked_matter(matter)
    require(actor, "service.draft", matter.agency)
    return _new_draft(actor=actor, matter=matter, note=note)


@transaction.atomic
def version_discard(*, actor, version: MatterVersion) -> Matter:
    """Throw away a draft or returned version of a matter that has a current version (the
    public guide is unchanged). The first version of a never-published matter cannot be
    discarded: it is the matter."""
    version = locked_version(version)
    matter = version.matter
    require(actor, "service.draft", matter.agency)
    require_status(
        version,
        (VersionStatus.DRAFT, VersionStatus.RETURNED),
        _("Only a draft or a returned version can be discarded; this one is not."),
    )
    if matter.current_version_id is None:
        raise ValidationError(
            _(
                "This is the only version of a matter that was never published; it cannot be discarded."
            ),
            code="only_version",
        )
    number = version.number
    version.delete()
    record_event(
        actor=actor, action="service.version_discard", obj=matter, data={"version": number}
    )
    return matter
