"""A guide version as plain data: every element, for the JSON export, the public API, the
comparison of two versions (what changed) and the import's "is this row unchanged?".

``version_content`` is what a drafter wrote (no review dates, no staff): two versions with the
same content are the same guide. ``version_data`` adds the matter's identity and the public
dates. Reads the database only through the version's own relations (prefetch them with
``selectors.with_content``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.services.models import MatterVersion

# The version's own fields, in the order of RULES.md §4.1, with their labels for the diff.
FIELDS: list[tuple[str, Any]] = [
    ("name", _("matter name")),
    ("basic_code", _("basic code")),
    ("department", _("department")),
    ("matter_type", _("matter type")),
    ("power_source", _("source of power")),
    ("implementing_body", _("implementing body")),
    ("serves_natural_persons", _("serves natural persons")),
    ("serves_organizations", _("serves legal persons")),
    ("conditions", _("conditions")),
    ("case_kind", _("case kind")),
    ("statutory_limit", _("statutory time limit")),
    ("statutory_unit", _("unit of the statutory limit")),
    ("statutory_note", _("notes on the statutory limit")),
    ("promised_limit", _("promised time limit")),
    ("promised_unit", _("unit of the promised limit")),
    ("promised_note", _("notes on the promised limit")),
    ("special_procedures", _("special procedures (not counted in the limit)")),
    ("visits", _("visits to the service site")),
    ("charges_fee", _("charges a fee")),
    ("fee_basis", _("fee basis")),
    ("fee_standard", _("fee rate")),
    ("fee_items", _("fee list entries")),
    ("place", _("place")),
    ("hours", _("hours")),
    ("consultation_phone", _("consultation phone")),
    ("consultation_other", _("other ways to ask")),
    ("complaint_phone", _("complaint phone")),
    ("complaint_other", _("other ways to complain")),
    ("online_url", _("online handling address")),
    ("mobile_url", _("mobile handling address")),
    ("online_depth", _("online handling depth")),
    ("result_name", _("handling result")),
    ("result_type", _("result type")),
    ("result_sample", _("sample of the result")),
    ("bases", _("legal bases")),
    ("materials", _("materials")),
    ("steps", _("procedure steps")),
    ("questions", _("frequently asked questions")),
]
LABELS = dict(FIELDS)

# Plain fields copied as they are (the rest are relations, handled below).
SCALAR_FIELDS = [
    name
    for name, _label in FIELDS
    if name
    not in {
        "department",
        "fee_items",
        "result_sample",
        "bases",
        "materials",
        "steps",
        "questions",
    }
]


def file_description(f) -> dict | None:
    if f is None:
        return None
    return {"name": f.name, "type": f.kind, "size": f.size, "sha256": f.sha256}


def version_content(version: MatterVersion) -> dict[str, Any]:
    """What the drafter wrote, as JSON-compatible data (ids of other rows by stable keys)."""
    data: dict[str, Any] = {name: getattr(version, name) for name in SCALAR_FIELDS}
    data["department"] = version.department.name if version.department_id else ""
    data["fee_items"] = sorted(f.name for f in version.fee_items.all())
    data["result_sample"] = file_description(version.result_sample)
    data["bases"] = [
        {
            "title": b.title,
            "article": b.article,
            "excerpt": b.excerpt,
            "index_number": b.item.index_number if b.item_id and b.item.index_number else "",
        }
        for b in version.bases.all()
    ]
    data["materials"] = [
        {
            "name": m.name,
            "form": m.form,
            "copies": m.copies,
            "required": m.required,
            "source": m.source,
            "requirements": m.requirements,
            "blank_form": file_description(m.blank_form),
            "sample": file_description(m.sample),
        }
        for m in version.materials.all()
    ]
    data["steps"] = [
        {"title": s.title, "description": s.description, "time_limit": s.time_limit}
        for s in version.steps.all()
    ]
    data["questions"] = [
        {"question": q.question, "answer": q.answer} for q in version.questions.all()
    ]
    return data


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    field: str
    label: Any
    old: Any
    new: Any

    @property
    def is_list(self) -> bool:
        return isinstance(self.old, list) or isinstance(self.new, list)


def diff_content(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The elements that differ between two contents, in the order of the guide."""
    return [
        Change(name, label, old.get(name), new.get(name))
        for name, label in FIELDS
        if old.get(name) != new.get(name)
    ]


def list_changes(old: list[dict], new: list[dict]) -> tuple[list[dict], list[dict]]:
    """Entries of a list element that were removed and added (an edited entry is both)."""
    removed = [entry for entry in old if entry not in new]
    added = [entry for entry in new if entry not in old]
    return removed, added


def _public_file(f, url) -> dict | None:
    if f is None:
        return None
    return {"name": f.name, "type": f.kind, "size": f.size, "url": url(f.get_absolute_url())}


def public_data(matter, version: MatterVersion, *, url=lambda path: path) -> dict[str, Any]:
    """Every element of the public guide, as the JSON export and the public API give it;
    ``url`` makes a site path absolute. No staff member appears here."""
    v = version
    return {
        "implementation_code": matter.implementation_code,
        "basic_code": v.basic_code,
        "name": v.name,
        "agency": {"credit_code": matter.agency.credit_code, "name": matter.agency.name},
        "department": v.department.name if v.department_id else "",
        "matter_type": v.matter_type,
        "matter_type_label": v.get_matter_type_display(),
        "power_source": v.power_source,
        "power_source_label": v.get_power_source_display(),
        "implementing_body": v.implementing_body,
        "serves_natural_persons": v.serves_natural_persons,
        "serves_organizations": v.serves_organizations,
        "legal_bases": [
            {
                "title": b.title,
                "article": b.article,
                "excerpt": b.excerpt,
                "item_url": url(b.item.get_absolute_url())
                if b.item_id and b.item.is_public
                else None,
            }
            for b in v.bases.all()
        ],
        "conditions": v.conditions,
        "materials": [
            {
                "name": m.name,
                "form": m.form,
                "form_label": m.get_form_display(),
                "copies": m.copies,
                "required": m.required,
                "source": m.source,
                "requirements": m.requirements,
                "blank_form": _public_file(m.blank_form, url),
                "sample": _public_file(m.sample, url),
            }
            for m in v.materials.all()
        ],
        "steps": [
            {"title": s.title, "description": s.description, "time_limit": s.time_limit}
            for s in v.steps.all()
        ],
        "case_kind": v.case_kind,
        "statutory_limit": {
            "value": v.statutory_limit,
            "unit": v.statutory_unit,
            "text": v.statutory_text,
            "note": v.statutory_note,
        }
        if v.statutory_limit is not None
        else None,
        "promised_limit": {
            "value": v.promised_limit,
            "unit": v.promised_unit,
            "text": v.promised_text,
            "note": v.promised_note,
        },
        "special_procedures": v.special_procedures,
        "visits": v.visits,
        "charges_fee": v.charges_fee,
        "fee_basis": v.fee_basis,
        "fee_standard": v.fee_standard,
        "fee_items": [
            {
                "name": f.name,
                "standard": f.standard,
                "amount": str(f.amount) if f.amount is not None else None,
            }
            for f in v.fee_items.all()
        ],
        "place": v.place,
        "hours": v.hours,
        "consultation_phone": v.consultation_phone,
        "consultation_other": v.consultation_other,
        "complaint_phone": v.complaint_phone,
        "complaint_other": v.complaint_other,
        "online_url": v.online_url,
        "mobile_url": v.mobile_url,
        "online_depth": v.online_depth,
        "online_depth_label": v.get_online_depth_display(),
        "result_name": v.result_name,
        "result_type": v.result_type,
        "result_type_label": v.get_result_type_display(),
        "result_sample": _public_file(v.result_sample, url),
        "questions": [{"question": q.question, "answer": q.answer} for q in v.questions.all()],
        "life_events": [e.name for e in matter.life_events.all() if e.is_active],
        "version": v.number,
        "changed_on": v.published_on,
        "url": url(matter.get_absolute_url()),
    }
