"""Running the self-check: every rule over the scope, then the stored findings brought in line.

``selfcheck_run`` reads first (the rules only query) and then writes in one transaction: the run
row, new findings, findings seen again (``last_seen_on`` moves, ``first_seen_on`` stays) and
findings no longer found (``resolved_on`` set), its audit event, and the summary e-mail to the
公开办, queued for after the commit. The daily run is unique per date in the database, so two
ticks on one day make one run.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.permissions import descendant_ids
from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.supervision.models.selfcheck import Finding, RunTrigger, SelfCheckRun
from gongkai.supervision.selfcheck.base import CheckScope, Found, RuleFunction
from gongkai.supervision.selfcheck.consultations import consultations_unanswered
from gongkai.supervision.selfcheck.freshness import columns_not_updated, home_not_updated
from gongkai.supervision.selfcheck.links import broken_links, missing_attachment_files
from gongkai.supervision.selfcheck.mail import send_summary
from gongkai.supervision.selfcheck.metadata import items_without_metadata
from gongkai.supervision.selfcheck.permissions import can_run_selfcheck

# Every rule, in the order of the indicators (RULES.md §3.1).
RULES: tuple[RuleFunction, ...] = (
    home_not_updated,
    columns_not_updated,
    consultations_unanswered,
    broken_links,
    missing_attachment_files,
    items_without_metadata,
)

UPDATED_FIELDS = (
    "agency",
    "severity",
    "object_type",
    "object_id",
    "object_label",
    "params",
    "fix_url",
    "last_seen_on",
    "last_run",
)


class AlreadyRunToday(Exception):
    """The daily check of this date exists already."""


@dataclass
class RunOutcome:
    run: SelfCheckRun
    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)


def scope_for(agency: Agency | None, *, today: dt.date) -> CheckScope:
    """The whole site (``agency`` None) or ``agency`` with every agency below it."""
    qs = Agency.objects.filter(is_active=True)
    if agency is not None:
        qs = qs.filter(pk__in=descendant_ids([agency.pk]))
    return CheckScope(
        today=today, agencies=tuple(qs.order_by("sort_order", "pk")), site=agency is None
    )


def collect(scope: CheckScope, rules: Iterable[RuleFunction] = RULES) -> list[Found]:
    """Every rule's findings over ``scope``, each (rule, key) once."""
    seen: dict[tuple[str, str], Found] = {}
    for rule in rules:
        for found in rule(scope):
            seen.setdefault((str(found.rule), found.key), found)
    return list(seen.values())


def selfcheck_run(
    *,
    actor,
    agency: Agency | None = None,
    now: dt.datetime | None = None,
    trigger: str = RunTrigger.MANUAL,
) -> RunOutcome:
    """Run every rule for ``agency`` and the agencies below it (None: the whole site) and
    store the result (see the module docstring). ``actor`` None is the daily job; a person
    must hold "selfcheck.run" for ``agency``. Raises ``AlreadyRunToday`` for a second daily
    run of the same date."""
    if actor is not None and not can_run_selfcheck(actor, agency):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    if (
        trigger == RunTrigger.SCHEDULED
        and SelfCheckRun.objects.filter(trigger=trigger, run_on=today).exists()
    ):
        raise AlreadyRunToday(today)
    started = time.monotonic()
    scope = scope_for(agency, today=today)
    found = collect(scope)
    try:
        with transaction.atomic():
            return _store(
                actor=actor,
                agency=agency,
                scope=scope,
                found=found,
                now=now,
                trigger=trigger,
                seconds=time.monotonic() - started,
            )
    except IntegrityError:
        if (
            trigger == RunTrigger.SCHEDULED
            and SelfCheckRun.objects.filter(trigger=trigger, run_on=today).exists()
        ):
            raise AlreadyRunToday(today) from None
        raise


def _store(
    *,
    actor,
    agency: Agency | None,
    scope: CheckScope,
    found: list[Found],
    now: dt.datetime,
    trigger: str,
    seconds: float,
) -> RunOutcome:
    today = scope.today
    run = SelfCheckRun.objects.create(
        run_on=today,
        trigger=trigger,
        agency=agency,
        started_by=actor if actor is not None and actor.is_authenticated else None,
        started_at=now,
        finished_at=now + dt.timedelta(seconds=seconds),
        agencies_checked=len(scope.agencies),
    )
    in_scope = Q(resolved_on__isnull=True)
    if agency is not None:
        in_scope &= Q(agency_id__in=descendant_ids([agency.pk]))
    open_now = {
        (f.rule, f.key): f
        for f in Finding.objects.select_for_update().filter(in_scope).order_by("pk")
    }
    new: list[Finding] = []
    seen_again: list[Finding] = []
    for item in found:
        finding = open_now.pop((str(item.rule), item.key), None)
        if finding is None:
            finding = Finding(rule=item.rule, key=item.key, first_seen_on=today, first_run=run)
            new.append(finding)
        else:
            seen_again.append(finding)
        finding.agency_id = item.agency_id
        finding.severity = item.severity
        finding.object_type = item.object_type
        finding.object_id = item.object_id
        finding.object_label = item.label[:300]
        finding.params = item.params
        finding.fix_url = item.fix_url[:500]
        finding.last_seen_on = max(today, finding.first_seen_on)
        finding.last_run = run
    Finding.objects.bulk_create(new, batch_size=500)
    Finding.objects.bulk_update(seen_again, UPDATED_FIELDS, batch_size=500)
    resolved = list(open_now.values())
    for finding in resolved:
        finding.resolved_on = max(today, finding.first_seen_on)
        finding.last_run = run
    Finding.objects.bulk_update(resolved, ["resolved_on", "last_run"], batch_size=500)
    run.new_count, run.resolved_count = len(new), len(resolved)
    run.open_count = len(new) + len(seen_again)
    run.save(update_fields=["new_count", "resolved_count", "open_count"])
    record_event(
        actor=actor,
        action="selfcheck.run",
        obj=run,
        agency=agency,
        data={
            "trigger": trigger,
            "scope": agency.name if agency else "site",
            "new": run.new_count,
            "resolved": run.resolved_count,
            "open": run.open_count,
        },
    )
    if new:
        send_summary(run=run, new=new, resolved=resolved)
    return RunOutcome(run=run, new=new, resolved=resolved)
