"""Targets (目标考核) and the assessment table (考核): the only place that changes them.

Each function checks that ``actor`` may do "target.manage" for the agency concerned (the
agency of a target; the assessing agency of an indicator), runs in one transaction and writes
its audit event in it. Bad input is a ``ValidationError`` naming the field, with a message in
the user's language; nothing is written then.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import diff as audit_diff
from gongkai.audit.services import record_event, snapshot
from gongkai.catalog.models import Category
from gongkai.supervision.models import Indicator, IndicatorKind, Measure, Target
from gongkai.supervision.models.targets import PERCENT_MEASURES

FIRST_YEAR = 2000
YEARS_AHEAD = 1  # targets may be set for next year from now on
MAX_COUNT = 1_000_000
MAX_WEIGHT = 1000
MAX_DEDUCTION = 100
# The standard assessment table: (kind, points, parameters). 100 points in all.
STANDARD_INDICATORS = [
    (IndicatorKind.ITEMS_ON_TIME, 30, {"missing_date_late": False}),
    (IndicatorKind.REPLIES_ON_TIME, 30, {}),
    (IndicatorKind.REPORT_ON_TIME, 15, {}),
    (IndicatorKind.SELFCHECK, 15, {"deduction": 3}),
    (IndicatorKind.TARGETS, 10, {}),
]
TARGET_FIELDS = ["measure", "category_id", "minimum", "aimed", "note"]
INDICATOR_FIELDS = ["kind", "weight", "params"]


def _require(actor, agency: Agency) -> None:
    if not can(actor, "target.manage", agency=agency):
        raise PermissionDenied


def _check_year(year: int) -> None:
    last = timezone.localdate().year + YEARS_AHEAD
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            {
                "year": _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            }
        )


def _clean_target(
    agency: Agency,
    measure: str,
    category: Category | None,
    minimum,
    aimed,
) -> Category | None:
    errors: dict[str, str] = {}
    if measure not in Measure.values:
        errors["measure"] = _("Choose what the target measures.")
    if measure == Measure.CATEGORY_ITEMS:
        if category is None:
            errors["category"] = _("Choose the catalog category the target counts.")
        elif category.agency_id != agency.pk:
            errors["category"] = _("Choose a category of this agency's own catalog.")
    else:
        category = None
    if not isinstance(minimum, int) or minimum < 0 or minimum > MAX_COUNT:
        errors["minimum"] = _("Enter a whole number of zero or more.")
    if aimed is not None and (not isinstance(aimed, int) or aimed < 0 or aimed > MAX_COUNT):
        errors["aimed"] = _("Enter a whole number of zero or more.")
    if measure in PERCENT_MEASURES:
        for name, value in (("minimum", minimum), ("aimed", aimed)):
            if name not in errors and value is not None and value > 100:
                errors[name] = _("A percentage cannot be more than 100.")
    if not errors and aimed is not None and aimed < minimum:
        errors["aimed"] = _("The value aimed for cannot be lower than the minimum.")
    if errors:
        raise ValidationError(errors)
    return category


def _duplicate(agency: Agency, year: int, measure: str, category, exclude=None) -> bool:
    qs = Target.objects.filter(agency=agency, year=year, measure=measure, category=category)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def target_save(
    *,
    actor,
    agency: Agency,
    year: int,
    measure: str,
    minimum: int,
    aimed: int | None = None,
    category: Category | None = None,
    note: str = "",
    target: Target | None = None,
) -> Target:
    """Create a target of ``agency`` for ``year``, or change ``target``; audited
    ("target.create" / "target.update" with the changed fields)."""
    if target is not None:
        agency, year = target.agency, target.year
    _require(actor, agency)
    _check_year(year)
    category = _clean_target(agency, measure, category, minimum, aimed)
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": _("Keep the note to 200 characters.")})
    with transaction.atomic():
        if _duplicate(agency, year, measure, category, exclude=target):
            raise ValidationError(
                {"measure": _("%(year)s already has a target for this measure.") % {"year": year}}
            )
        if target is None:
            target = Target(agency=agency, year=year, created_by=_user(actor))
            target.sort_order = Target.objects.filter(agency=agency, year=year).count()
            before = None
        else:
            target = Target.objects.select_for_update().get(pk=target.pk)
            before = snapshot(target, TARGET_FIELDS)
        target.measure = measure
        target.category = category
        target.minimum = minimum
        target.aimed = aimed
        target.note = note
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError as exc:  # a parallel save of the same measure
            raise ValidationError(
                {"measure": _("%(year)s already has a target for this measure.") % {"year": year}}
            ) from exc
        after = snapshot(target, TARGET_FIELDS)
        record_event(
            actor=actor,
            action="target.create" if before is None else "target.update",
            obj=target,
            agency=agency,
            data={"year": year, "changes": audit_diff(before or {}, after)},
        )
    return target


def target_delete(*, actor, target: Target) -> None:
    """Delete ``target``; audited ("target.delete" with what it was)."""
    _require(actor, target.agency)
    with transaction.atomic():
        data = {"year": target.year, "target": str(target), **snapshot(target, TARGET_FIELDS)}
        record_event(
            actor=actor, action="target.delete", obj=target, agency=target.agency, data=data
        )
        target.delete()


def targets_copy(*, actor, agency: Agency, from_year: int, to_year: int) -> int:
    """Copy ``agency``'s targets of ``from_year`` to ``to_year``, leaving out the measures
    ``to_year`` already has a target for; returns how many were copied. Audited
    ("target.copy")."""
    _require(actor, agency)
    _check_year(to_year)
    copied = 0
    with transaction.atomic():
        for old in Target.objects.filter(agency=agency, year=from_year).order_by("sort_order"):
            if _duplicate(agency, to_year, old.measure, old.category):
                continue
            Target.objects.create(
                agency=agency,
                year=to_year,
                measure=old.measure,
                category=old.category,
                minimum=old.minimum,
                aimed=old.aimed,
                note=old.note,
                sort_order=old.sort_order,
                created_by=_user(actor),
            )
            copied += 1
        record_event(
            actor=actor,
            action="target.copy",
            obj=agency,
            data={"from_year": from_year, "to_year": to_year, "copied": copied},
        )
    return copied


# --- the assessment table ------------------------------------------------------------------


def _clean_params(kind: str, params: dict | None) -> dict:
    params = dict(params or {})
    if kind == IndicatorKind.SELFCHECK:
        deduction = params.get("deduction", 1)
        try:
            deduction = round(float(deduction), 1)
        except (TypeError, ValueError):
            deduction = -1
        if not 0 < deduction <= MAX_DEDUCTION:
            raise ValidationError(
                {
                    "deduction": _(
                        "Enter the points deducted per open finding, more than 0 and at most "
                        "%(max)s."
                    )
                    % {"max": MAX_DEDUCTION}
                }
            )
        return {"deduction": deduction}
    if kind == IndicatorKind.ITEMS_ON_TIME:
        return {"missing_date_late": bool(params.get("missing_date_late"))}
    return {}


def indicator_save(
    *,
    actor,
    supervisor: Agency,
    year: int,
    kind: str,
    weight: int,
    params: dict | None = None,
    indicator: Indicator | None = None,
) -> Indicator:
    """Add an indicator to ``supervisor``'s assessment table of ``year``, or change
    ``indicator``; audited ("indicator.create" / "indicator.update")."""
    if indicator is not None:
        supervisor, year = indicator.supervisor, indicator.year
    _require(actor, supervisor)
    _check_year(year)
    errors = {}
    if kind not in IndicatorKind.values:
        errors["kind"] = _("Choose what the indicator scores.")
    if not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        errors["weight"] = _("Enter the points, a whole number from 1 to %(max)s.") % {
            "max": MAX_WEIGHT
        }
    if errors:
        raise ValidationError(errors)
    params = _clean_params(kind, params)
    with transaction.atomic():
        taken = Indicator.objects.filter(supervisor=supervisor, year=year, kind=kind)
        if indicator is not None:
            taken = taken.exclude(pk=indicator.pk)
        if taken.exists():
            raise ValidationError(
                {"kind": _("The table of %(year)s already has this indicator.") % {"year": year}}
            )
        if indicator is None:
            indicator = Indicator(supervisor=supervisor, year=year)
            indicator.sort_order = Indicator.objects.filter(
                supervisor=supervisor, year=year
            ).count()
            before = None
        else:
            indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
            before = snapshot(indicator, INDICATOR_FIELDS)
        indicator.kind = kind
        indicator.weight = weight
        indicator.params = params
        indicator.updated_by = _user(actor)
        try:
            with transaction.atomic():
                indicator.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"kind": _("The table of %(year)s already has this indicator.") % {"year": year}}
            ) from exc
        record_event(
            actor=actor,
            action="indicator.create" if before is None else "indicator.update",
            obj=indicator,
            agency=supervisor,
            data={
                "year": year,
                "changes": audit_diff(before or {}, snapshot(indicator, INDICATOR_FIELDS)),
            },
        )
    return indicator


def indicator_delete(*, actor, indicator: Indicator) -> None:
    _require(actor, indicator.supervisor)
    with transaction.atomic():
        record_event(
            actor=actor,
            action="indicator.delete",
            obj=indicator,
            agency=indicator.supervisor,
            data={"year": indicator.year, **snapshot(indicator, INDICATOR_FIELDS)},
        )
        indicator.delete()


def indicators_set_up(*, actor, supervisor: Agency, year: int) -> list[Indicator]:
    """Give ``supervisor``'s assessment table of ``year`` its indicators: a copy of the latest
    earlier year's table, or the standard table (``STANDARD_INDICATORS``) when there is none.
    Refused when the year already has indicators. Audited ("indicator.set_up")."""
    _require(actor, supervisor)
    _check_year(year)
    with transaction.atomic():
        if Indicator.objects.filter(supervisor=supervisor, year=year).exists():
            raise ValidationError(
                _("The table of %(year)s already has indicators.") % {"year": year}
            )
        earlier = (
            Indicator.objects.filter(supervisor=supervisor, year__lt=year)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if earlier is not None:
            rows = [
                (i.kind, i.weight, i.params)
                for i in Indicator.objects.filter(supervisor=supervisor, year=earlier)
            ]
        else:
            rows = STANDARD_INDICATORS
        created = [
            Indicator.objects.create(
                supervisor=supervisor,
                year=year,
                kind=kind,
                weight=weight,
                params=dict(params),
                sort_order=i,
                updated_by=_user(actor),
            )
            for i, (kind, weight, params) in enumerate(rows)
        ]
        record_event(
            actor=actor,
            action="indicator.set_up",
            obj=supervisor,
            data={
                "year": year,
                "from_year": earlier,
                "indicators": [[i.kind, i.weight] for i in created],
            },
        )
    return created


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
